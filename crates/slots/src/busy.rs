//! Busy time widened by the event's buffers: the time a slot may not overlap.
//!
//! A slot `[s, e)` needs `[s - before, e + after)` free of busy time. Widening each busy interval instead, to
//! `[b.start - after, b.end + before)`, turns that into plain interval subtraction, done once for all slots.

use chrono::{DateTime, TimeDelta, Utc};

use crate::calendar::DAY;
use crate::instant::{self, Span};
use crate::set_ops::normalize_in_place;
use crate::{Interval, Rules};

/// `busy` (any order, overlaps allowed) widened by the buffers of `rules`, as normalized whole-second spans.
/// Empty and reversed intervals block nothing.
pub(crate) fn widen(busy: &[Interval], rules: &Rules) -> Vec<Span> {
    let (before, after) = (instant::minutes(rules.before_buffer_minutes), instant::minutes(rules.after_buffer_minutes));
    let mut spans: Vec<Span> = busy
        .iter()
        .filter(|b| b.start < b.end)
        .map(|b| {
            let span = Span::covering(b);
            Span { start: span.start - after, end: span.end + before }
        })
        .collect();
    sort_by_start(&mut spans);
    normalize_in_place(&mut spans);
    spans
}

/// Sorts `spans` by start. Busy time usually covers a few weeks or months in no particular order; bucketing it by
/// day first makes the sort linear in the number of intervals, so a query twice as long costs twice as much rather
/// than a bit more. Widely spread or small inputs take a plain comparison sort.
fn sort_by_start(spans: &mut Vec<Span>) {
    if spans.is_sorted_by_key(|s| s.start) {
        return;
    }
    let (lowest, highest) =
        spans.iter().fold((i64::MAX, i64::MIN), |(low, high), s| (low.min(s.start), high.max(s.start)));
    let days = (highest - lowest) / DAY + 1;
    if spans.len() < 64 || days > 2 * spans.len() as i64 {
        spans.sort_unstable_by_key(|s| s.start);
        return;
    }
    // Within bounds: `days` is at most twice the length.
    let bucket = |s: &Span| ((s.start - lowest) / DAY) as usize;
    let mut bounds = vec![0usize; days as usize + 1];
    for span in spans.iter() {
        bounds[bucket(span) + 1] += 1;
    }
    for day in 1..bounds.len() {
        bounds[day] += bounds[day - 1];
    }
    let mut next = bounds.clone();
    let mut sorted = vec![Span { start: 0, end: 0 }; spans.len()];
    for span in spans.iter() {
        let slot = &mut next[bucket(span)];
        sorted[*slot] = *span;
        *slot += 1;
    }
    for day in bounds.windows(2) {
        sorted[day[0]..day[1]].sort_unstable_by_key(|s| s.start);
    }
    *spans = sorted;
}

/// The time that `busy` (any order, overlaps allowed) keeps a slot of an event with `rules` from overlapping:
/// each interval widened to `[start - after buffer, end + before buffer)`, merged and sorted. Subtracting it from
/// availability gives the free time that [`slots_in`](crate::slots_in) expects. Empty and reversed intervals block
/// nothing.
pub fn blocked_time(busy: &[Interval], rules: &Rules) -> Vec<Interval> {
    let shift = |t: DateTime<Utc>, minutes: u32, later: bool| {
        let delta = TimeDelta::minutes(i64::from(minutes));
        let moved = if later { t.checked_add_signed(delta) } else { t.checked_sub_signed(delta) };
        moved.unwrap_or(if later { DateTime::<Utc>::MAX_UTC } else { DateTime::<Utc>::MIN_UTC })
    };
    let mut blocked: Vec<Interval> = busy
        .iter()
        .filter(|b| b.start < b.end)
        .map(|b| Interval {
            start: shift(b.start, rules.after_buffer_minutes, false),
            end: shift(b.end, rules.before_buffer_minutes, true),
        })
        .collect();
    normalize_in_place(&mut blocked);
    blocked
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Weekday};

    fn rules(before: u32, after: u32) -> Rules {
        Rules {
            length_minutes: 30,
            interval_minutes: None,
            minimum_notice_minutes: 0,
            before_buffer_minutes: before,
            after_buffer_minutes: after,
            offset_start_minutes: 0,
            window: None,
            count_limits: Default::default(),
            duration_limits: Default::default(),
            only_first_per_day: false,
            seats_per_slot: None,
            week_start: Weekday::Mon,
        }
    }

    #[test]
    fn busy_time_grows_by_the_after_buffer_before_it_and_the_before_buffer_after_it() {
        let at = |h, m| Utc.with_ymd_and_hms(2026, 1, 5, h, m, 0).unwrap();
        let busy = [
            Interval { start: at(13, 0), end: at(14, 0) },
            Interval { start: at(10, 0), end: at(11, 0) },
            Interval { start: at(11, 20), end: at(11, 30) },
            Interval { start: at(16, 0), end: at(15, 0) },
        ];
        assert_eq!(
            blocked_time(&busy, &rules(15, 10)),
            vec![Interval { start: at(9, 50), end: at(11, 45) }, Interval { start: at(12, 50), end: at(14, 15) }]
        );
        let spans = widen(&busy, &rules(15, 10));
        assert_eq!(spans, blocked_time(&busy, &rules(15, 10)).iter().map(Span::covering).collect::<Vec<_>>());
    }

    #[test]
    fn bucket_sort_sorts() {
        // A small generator: clustered starts take the bucket path, spread-out ones the plain sort.
        let mut state = 7u64;
        let mut next = || {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (state >> 33) as i64
        };
        for spread in [DAY * 30, DAY * 100_000] {
            let mut spans: Vec<Span> = (0..500)
                .map(|_| {
                    let start = next() % spread - spread / 2;
                    Span { start, end: start + next() % 7200 }
                })
                .collect();
            let mut expected = spans.clone();
            expected.sort_by_key(|s| s.start);
            sort_by_start(&mut spans);
            assert!(spans.is_sorted_by_key(|s| s.start));
            let (mut got, mut want) = (spans.clone(), expected);
            got.sort_by_key(|s| (s.start, s.end));
            want.sort_by_key(|s| (s.start, s.end));
            assert_eq!(got, want);
        }
    }
}

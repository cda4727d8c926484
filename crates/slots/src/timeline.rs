//! A time zone's UTC offsets over a bounded stretch of time, looked up once so that every later conversion between
//! local and UTC time is integer arithmetic.
//!
//! chrono-tz answers "what is the offset at this instant" with a binary search over the zone's whole history
//! (around 100 ns); the engine needs thousands of such answers per query. A [`Timeline`] asks chrono-tz once per
//! day of the stretch, finds each change of offset to the second by bisection, and keeps the handful of segments
//! of constant offset. It assumes the offset does not change and change back between two probes a day apart,
//! which holds for every zone of the tz database in modern times.

use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use crate::calendar::{DAY, day_of_local};

/// A stretch of constant UTC offset, from `start` (UTC seconds) to the next segment's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    start: i64,
    offset: i64,
}

impl Segment {
    /// The local second at which the segment starts (`i64::MIN`-ish for the first, open-ended segment).
    fn local_start(&self) -> i64 {
        self.start.saturating_add(self.offset)
    }
}

/// The offsets of one zone; exact inside the stretch it was built for, extrapolated (first and last offset)
/// outside it.
#[derive(Debug, Clone)]
pub(crate) struct Timeline {
    /// Sorted by start; the first starts at `i64::MIN`, so every instant has a segment.
    segments: Vec<Segment>,
}

/// The UTC offset of `tz` at `t`, in seconds.
fn probe(tz: Tz, t: i64) -> i64 {
    match DateTime::from_timestamp(t, 0) {
        Some(at) => i64::from(tz.offset_from_utc_datetime(&at.naive_utc()).fix().local_minus_utc()),
        // Unreachable: callers clamp `t` into chrono's range.
        None => 0,
    }
}

impl Timeline {
    /// The offsets of `tz` from `from` to `to` (UTC seconds).
    pub(crate) fn new(tz: Tz, from: i64, to: i64) -> Timeline {
        let lowest = DateTime::<Utc>::MIN_UTC.timestamp();
        let highest = DateTime::<Utc>::MAX_UTC.timestamp();
        let (from, to) = (from.clamp(lowest, highest), to.clamp(lowest, highest));
        let mut at = from;
        let mut offset = probe(tz, at);
        let mut segments = vec![Segment { start: i64::MIN, offset }];
        while at < to {
            let next = at.saturating_add(DAY).min(to);
            let next_offset = probe(tz, next);
            // Bisect (at, next] for each change, in case the offset changed more than once in between.
            let (mut known, mut known_offset) = (at, offset);
            while known_offset != next_offset {
                let (mut same, mut changed) = (known, next);
                while changed - same > 1 {
                    let middle = same + (changed - same) / 2;
                    if probe(tz, middle) == known_offset {
                        same = middle;
                    } else {
                        changed = middle;
                    }
                }
                known = changed;
                known_offset = probe(tz, changed);
                segments.push(Segment { start: changed, offset: known_offset });
            }
            at = next;
            offset = next_offset;
        }
        Timeline { segments }
    }

    fn index_at(&self, t: i64) -> usize {
        self.segments.partition_point(|s| s.start <= t).saturating_sub(1)
    }

    /// The UTC offset at instant `t`, in seconds.
    #[cfg(test)]
    pub(crate) fn offset_at(&self, t: i64) -> i64 {
        self.segments[self.index_at(t)].offset
    }

    /// The local second just past the last local time segment `index` shows.
    fn local_end(&self, index: usize) -> i64 {
        match self.segments.get(index + 1) {
            Some(next) => next.start + self.segments[index].offset,
            None => i64::MAX,
        }
    }

    /// The last segment whose local times start at or before `local`.
    fn local_index(&self, local: i64) -> usize {
        self.segments.partition_point(|s| s.local_start() <= local).saturating_sub(1)
    }

    /// The earliest instant whose local time is `local` (seconds since local 1970-01-01 midnight). A local time
    /// shown twice (fall back) gives its first occurrence; one skipped (spring forward) gives the first instant
    /// after the gap.
    pub(crate) fn earliest(&self, local: i64) -> i64 {
        let index = self.local_index(local);
        if index > 0 && local < self.local_end(index - 1) {
            return local - self.segments[index - 1].offset;
        }
        self.resolve(index, local)
    }

    /// The latest instant whose local time is `local`; a skipped local time gives the first instant after the gap.
    pub(crate) fn latest(&self, local: i64) -> i64 {
        let index = self.local_index(local);
        self.resolve(index, local)
    }

    /// `local` in segment `index` if that segment shows it, else the end of the gap that follows the segment.
    fn resolve(&self, index: usize, local: i64) -> i64 {
        let segment = self.segments[index];
        match self.segments.get(index + 1) {
            Some(next) if local >= self.local_end(index) => next.start,
            _ => local - segment.offset,
        }
    }

    /// The first instant at or after `t` whose local time is a multiple of `step` seconds since local midnight
    /// (`step` divides a day). Alignment is on the wall clock, so it survives offsets like +05:45.
    pub(crate) fn round_up(&self, t: i64, step: i64) -> i64 {
        let mut index = self.index_at(t);
        let mut from = t;
        loop {
            let offset = self.segments[index].offset;
            let local = from + offset;
            let candidate = local + (step - local.rem_euclid(step)) % step - offset;
            match self.segments.get(index + 1) {
                // The aligned local time lies past this segment's end: look again after the change.
                Some(next) if candidate >= next.start => {
                    index += 1;
                    from = next.start;
                }
                _ => return candidate,
            }
        }
    }

    pub(crate) fn cursor(&self) -> Cursor<'_> {
        Cursor { timeline: self, index: 0 }
    }
}

/// Remembers the segment of the last lookup, so that walking instants in increasing order costs no search.
pub(crate) struct Cursor<'a> {
    timeline: &'a Timeline,
    index: usize,
}

impl Cursor<'_> {
    pub(crate) fn offset_at(&mut self, t: i64) -> i64 {
        let segments = &self.timeline.segments;
        let inside = segments[self.index].start <= t && segments.get(self.index + 1).is_none_or(|next| t < next.start);
        if !inside {
            self.index = self.timeline.index_at(t);
        }
        segments[self.index].offset
    }

    /// The local day number of instant `t`.
    pub(crate) fn local_day(&mut self, t: i64) -> i64 {
        day_of_local(t + self.offset_at(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    const HOUR: i64 = 3600;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap().timestamp()
    }

    /// Local seconds of a wall-clock time.
    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap().and_utc().timestamp()
    }

    fn new_york_2026() -> Timeline {
        Timeline::new(chrono_tz::America::New_York, utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0))
    }

    #[test]
    fn finds_both_changes_of_a_year_to_the_second() {
        let timeline = new_york_2026();
        assert_eq!(
            timeline.segments[1..],
            [
                Segment { start: utc(2026, 3, 8, 7, 0), offset: -4 * HOUR },
                Segment { start: utc(2026, 11, 1, 6, 0), offset: -5 * HOUR },
            ]
        );
        assert_eq!(timeline.offset_at(utc(2026, 3, 8, 6, 59)), -5 * HOUR);
        assert_eq!(timeline.offset_at(utc(2026, 3, 8, 7, 0)), -4 * HOUR);
    }

    #[test]
    fn local_times_in_a_gap_map_to_the_end_of_the_gap() {
        let timeline = new_york_2026();
        // 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00 UTC).
        assert_eq!(timeline.earliest(local(2026, 3, 8, 1, 59)), utc(2026, 3, 8, 6, 59));
        assert_eq!(timeline.earliest(local(2026, 3, 8, 2, 30)), utc(2026, 3, 8, 7, 0));
        assert_eq!(timeline.latest(local(2026, 3, 8, 2, 0)), utc(2026, 3, 8, 7, 0));
        assert_eq!(timeline.latest(local(2026, 3, 8, 3, 0)), utc(2026, 3, 8, 7, 0));
    }

    #[test]
    fn local_times_shown_twice_have_an_earliest_and_a_latest_instant() {
        let timeline = new_york_2026();
        // 2026-11-01: 02:00 EDT falls back to 01:00 EST (06:00 UTC); 01:30 happens at 05:30 and 06:30 UTC.
        assert_eq!(timeline.earliest(local(2026, 11, 1, 1, 30)), utc(2026, 11, 1, 5, 30));
        assert_eq!(timeline.latest(local(2026, 11, 1, 1, 30)), utc(2026, 11, 1, 6, 30));
        assert_eq!(timeline.earliest(local(2026, 11, 1, 2, 0)), utc(2026, 11, 1, 7, 0));
        assert_eq!(timeline.latest(local(2026, 11, 1, 0, 59)), utc(2026, 11, 1, 4, 59));
    }

    #[test]
    fn rounding_follows_the_wall_clock() {
        let kathmandu = Timeline::new(chrono_tz::Asia::Kathmandu, utc(2026, 1, 1, 0, 0), utc(2026, 2, 1, 0, 0));
        // 03:20 UTC is 09:05 in Kathmandu (+05:45); the next local hour, 10:00, is 04:15 UTC.
        assert_eq!(kathmandu.round_up(utc(2026, 1, 5, 3, 20), HOUR), utc(2026, 1, 5, 4, 15));
        assert_eq!(kathmandu.round_up(utc(2026, 1, 5, 4, 15), HOUR), utc(2026, 1, 5, 4, 15));
        assert_eq!(kathmandu.round_up(utc(2026, 1, 5, 4, 15) + 1, 60), utc(2026, 1, 5, 4, 16));
    }

    #[test]
    fn rounding_across_a_change_lands_on_the_new_wall_clock() {
        // Lord Howe Island moves by 30 minutes: 2026-04-05 02:00 +11 becomes 01:30 +10:30 (15:00 UTC on the 4th).
        let lord_howe = Timeline::new(chrono_tz::Australia::Lord_Howe, utc(2026, 3, 1, 0, 0), utc(2026, 5, 1, 0, 0));
        // 14:50 UTC is 01:50 +11; the next local hour would be 02:00 +11 = 15:00 UTC, but from 15:00 UTC the clock
        // reads 01:30, so the next local hour is 02:00 +10:30 = 15:30 UTC.
        assert_eq!(lord_howe.round_up(utc(2026, 4, 4, 14, 50), HOUR), utc(2026, 4, 4, 15, 30));
    }

    #[test]
    fn cursor_agrees_with_lookups_in_any_order() {
        let timeline = new_york_2026();
        let mut cursor = timeline.cursor();
        for t in [utc(2026, 12, 1, 0, 0), utc(2026, 1, 1, 0, 0), utc(2026, 3, 8, 7, 0), utc(2026, 3, 8, 6, 59)] {
            assert_eq!(cursor.offset_at(t), timeline.offset_at(t));
        }
        assert_eq!(
            cursor.local_day(utc(2026, 3, 8, 4, 59)),
            crate::calendar::day_number(NaiveDate::from_ymd_opt(2026, 3, 7).unwrap())
        );
    }
}

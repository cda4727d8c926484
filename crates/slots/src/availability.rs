//! Expanding a schedule (weekly hours plus date overrides, in its own time zone) into merged UTC availability.

use chrono::{DateTime, Utc};

use crate::calendar::{DAY, day_number, local_day, weekday_index};
use crate::instant::{self, Span};
use crate::set_ops::{normalize_in_place, push_merged};
use crate::timeline::Timeline;
use crate::{Interval, Schedule};

const MINUTES_PER_DAY: u16 = 1440;

/// A range of local time on one date, in seconds since local midnight; `end` may be a full day (midnight ending
/// the date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LocalRange {
    start: i64,
    end: i64,
}

/// The schedule's hours, indexed for a walk over consecutive dates: each weekday's and each overridden date's
/// ranges, sorted and merged in local time, stored back to back.
struct Hours {
    ranges: Vec<LocalRange>,
    /// `ranges[weekly[w].0..weekly[w].1]` are the hours of weekday `w` (Monday = 0).
    weekly: [(usize, usize); 7],
    /// Overridden dates, sorted by day number, with their slice of `ranges` (possibly empty: a day off).
    overrides: Vec<(i64, usize, usize)>,
}

impl Hours {
    fn new(schedule: &Schedule) -> Hours {
        let mut ranges = Vec::new();
        let mut weekly = [(0, 0); 7];
        for (weekday, bounds) in weekly.iter_mut().enumerate() {
            let hours = schedule
                .weekly
                .iter()
                .filter(|w| w.days.iter().any(|d| d.num_days_from_monday() as usize == weekday))
                .map(|w| (w.start_minute, w.end_minute));
            *bounds = append_merged(&mut ranges, hours);
        }
        let mut dated: Vec<_> = schedule.overrides.iter().map(|o| (day_number(o.date), o)).collect();
        dated.sort_unstable_by_key(|&(day, _)| day);
        let mut overrides = Vec::new();
        for group in dated.chunk_by(|a, b| a.0 == b.0) {
            let (first, last) = append_merged(&mut ranges, group.iter().map(|(_, o)| (o.start_minute, o.end_minute)));
            overrides.push((group[0].0, first, last));
        }
        Hours { ranges, weekly, overrides }
    }

    /// The local ranges of `day`. `next_override` is the index of the first override not before the previous day
    /// asked about; days must be asked in increasing order.
    fn on(&self, day: i64, next_override: &mut usize) -> &[LocalRange] {
        while self.overrides.get(*next_override).is_some_and(|&(d, _, _)| d < day) {
            *next_override += 1;
        }
        let (first, last) = match self.overrides.get(*next_override) {
            Some(&(d, first, last)) if d == day => (first, last),
            _ => self.weekly[weekday_index(day) as usize],
        };
        &self.ranges[first..last]
    }
}

/// Appends the union of `minutes` ranges (end clamped to the end of the day; empty or reversed ranges contribute
/// nothing) to `ranges`, and returns where they went.
fn append_merged(ranges: &mut Vec<LocalRange>, minutes: impl Iterator<Item = (u16, u16)>) -> (usize, usize) {
    let first = ranges.len();
    let mut day: Vec<Span> = minutes
        .map(|(start, end)| Span {
            start: instant::minutes(u32::from(start)),
            end: instant::minutes(u32::from(end.min(MINUTES_PER_DAY))),
        })
        .collect();
    normalize_in_place(&mut day);
    ranges.extend(day.iter().map(|s| LocalRange { start: s.start, end: s.end }));
    (first, ranges.len())
}

/// The availability of `schedule` on local dates `first_day..=last_day`, as normalized UTC spans. `timeline` must
/// cover those dates in the schedule's zone.
///
/// Each local range maps to `[earliest instant of its start, latest instant of its end)`: on a fall-back day that
/// covers both occurrences of a repeated hour, and a time skipped by a spring-forward gap maps to the end of the
/// gap. Ranges of consecutive dates that touch merge, so availability can run across midnight.
pub(crate) fn expand(schedule: &Schedule, timeline: &Timeline, first_day: i64, last_day: i64) -> Vec<Span> {
    let hours = Hours::new(schedule);
    let mut spans = Vec::new();
    let mut out_of_order = false;
    let mut next_override = 0;
    for day in first_day..=last_day {
        let midnight = day * DAY;
        for range in hours.on(day, &mut next_override) {
            let span =
                Span { start: timeline.earliest(midnight + range.start), end: timeline.latest(midnight + range.end) };
            // Mapped starts never go backwards in practice; should a zone ever make them, sort after all.
            if !push_merged(&mut spans, span) {
                spans.push(span);
                out_of_order = true;
            }
        }
    }
    if out_of_order {
        normalize_in_place(&mut spans);
    }
    spans
}

/// The availability of `schedule` on every local date (in its own zone) that `[from, to]` touches, as merged UTC
/// intervals sorted by start. Whole dates are expanded: the result may start before `from` and end after `to`.
///
/// Weekly ranges apply on their weekdays; a date with overrides uses the union of its overrides instead (an
/// override with `start_minute == end_minute` contributes nothing, so alone it makes the date a day off). An
/// `end_minute` past 1440 is treated as 1440; ranges with `start_minute >= end_minute` contribute nothing.
pub fn availability(schedule: &Schedule, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Interval> {
    if to < from {
        return Vec::new();
    }
    let zone = schedule.time_zone;
    let (first_day, last_day) = (local_day(zone, from), local_day(zone, to));
    // Local dates lie within a day and a bit of the same UTC dates.
    let timeline = Timeline::new(zone, (first_day - 1) * DAY, (last_day + 2) * DAY);
    expand(schedule, &timeline, first_day, last_day).into_iter().filter_map(Span::to_interval).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DateOverride, WeeklyRange};
    use chrono::{NaiveDate, TimeZone, Weekday};

    fn date(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn hours_merge_weekly_ranges_per_weekday_and_group_overrides() {
        let schedule = Schedule {
            time_zone: chrono_tz::UTC,
            weekly: vec![
                WeeklyRange { days: vec![Weekday::Mon, Weekday::Tue], start_minute: 540, end_minute: 720 },
                WeeklyRange { days: vec![Weekday::Mon], start_minute: 700, end_minute: 2000 },
                WeeklyRange { days: vec![Weekday::Tue], start_minute: 800, end_minute: 800 },
            ],
            overrides: vec![
                DateOverride { date: date(1, 7), start_minute: 600, end_minute: 660 },
                DateOverride { date: date(1, 6), start_minute: 0, end_minute: 0 },
                DateOverride { date: date(1, 7), start_minute: 540, end_minute: 600 },
            ],
        };
        let hours = Hours::new(&schedule);
        let mut next = 0;
        let at = |minutes: i64| minutes * 60;
        let mon = day_number(date(1, 5));
        assert_eq!(hours.on(mon, &mut next), [LocalRange { start: at(540), end: at(1440) }]);
        assert_eq!(hours.on(mon + 1, &mut next), []);
        assert_eq!(hours.on(mon + 2, &mut next), [LocalRange { start: at(540), end: at(660) }]);
        assert_eq!(hours.on(mon + 7, &mut next), [LocalRange { start: at(540), end: at(1440) }]);
        assert_eq!(hours.on(mon + 8, &mut next), [LocalRange { start: at(540), end: at(720) }]);
    }

    #[test]
    fn public_availability_expands_whole_dates() {
        let schedule = Schedule {
            time_zone: chrono_tz::Europe::Berlin,
            weekly: vec![WeeklyRange { days: vec![Weekday::Mon], start_minute: 540, end_minute: 1020 }],
            overrides: vec![],
        };
        let at = |d, h| Utc.with_ymd_and_hms(2026, 1, d, h, 0, 0).unwrap();
        assert_eq!(
            availability(&schedule, at(5, 12), at(12, 0)),
            vec![Interval { start: at(5, 8), end: at(5, 16) }, Interval { start: at(12, 8), end: at(12, 16) }]
        );
        assert_eq!(availability(&schedule, at(12, 0), at(5, 0)), vec![]);
    }
}

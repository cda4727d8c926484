//! Instants as whole Unix seconds, the engine's internal clock.
//!
//! Slots start and end on whole seconds (they sit on minute boundaries of local time), so comparing them against
//! sub-second input only needs the input rounded the right way: a busy interval `[b, c)` overlaps a slot `[s, e)`
//! with whole-second ends exactly when `[floor(b), ceil(c))` does, and `s >= t` exactly when `s >= ceil(t)`.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use crate::Interval;
use crate::calendar::{DAY, date_of};

pub(crate) const MINUTE: i64 = 60;

/// Seconds in `minutes` (never overflows: `u32::MAX` minutes is far inside `i64`).
pub(crate) fn minutes(minutes: u32) -> i64 {
    i64::from(minutes) * MINUTE
}

/// The last whole second at or before `t`.
pub(crate) fn floor(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

/// The first whole second at or after `t`.
pub(crate) fn ceil(t: DateTime<Utc>) -> i64 {
    t.timestamp() + i64::from(t.timestamp_subsec_nanos() > 0)
}

/// `secs` as a date-time, if chrono can represent it.
pub(crate) fn to_utc(secs: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(secs, 0)
}

/// Converts whole seconds to date-times, remembering the date of the last UTC day it saw. Turning a day count into
/// a date is the costly part of the conversion, and consecutive slots mostly share a day.
pub(crate) struct UtcConverter {
    day: i64,
    date: Option<NaiveDate>,
}

impl UtcConverter {
    pub(crate) fn new() -> UtcConverter {
        UtcConverter { day: i64::MIN, date: None }
    }

    /// `secs` as a date-time, if chrono can represent it.
    pub(crate) fn convert(&mut self, secs: i64) -> Option<DateTime<Utc>> {
        let day = secs.div_euclid(DAY);
        if day != self.day {
            self.day = day;
            self.date = date_of(day);
        }
        // The remainder of a division by a day fits in a u32.
        let time = NaiveTime::from_num_seconds_from_midnight_opt(secs.rem_euclid(DAY) as u32, 0)?;
        Some(self.date?.and_time(time).and_utc())
    }
}

/// A half-open span `[start, end)` of Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) start: i64,
    pub(crate) end: i64,
}

impl Span {
    /// The whole seconds that intersect `interval` (rounded outward): what a busy interval blocks.
    pub(crate) fn covering(interval: &Interval) -> Span {
        Span { start: floor(interval.start), end: ceil(interval.end) }
    }

    /// The whole seconds inside `interval` (rounded inward): what free time can hold.
    pub(crate) fn within(interval: &Interval) -> Span {
        Span { start: ceil(interval.start), end: floor(interval.end) }
    }

    /// Back to the public type; `None` if chrono cannot represent an end.
    pub(crate) fn to_interval(self) -> Option<Interval> {
        Some(Interval { start: to_utc(self.start)?, end: to_utc(self.end)? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn rounding_keeps_whole_seconds_and_moves_fractions_outward_or_inward() {
        let whole = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
        let fraction = whole + chrono::TimeDelta::milliseconds(500);
        assert_eq!((floor(whole), ceil(whole)), (whole.timestamp(), whole.timestamp()));
        assert_eq!((floor(fraction), ceil(fraction)), (whole.timestamp(), whole.timestamp() + 1));
        let interval = Interval { start: fraction, end: fraction + chrono::TimeDelta::seconds(2) };
        assert_eq!(Span::covering(&interval), Span { start: whole.timestamp(), end: whole.timestamp() + 3 });
        assert_eq!(Span::within(&interval), Span { start: whole.timestamp() + 1, end: whole.timestamp() + 2 });
    }

    #[test]
    fn converter_agrees_with_chrono_across_days() {
        let mut converter = UtcConverter::new();
        for secs in [-90_000, -1, 0, 1, 86_399, 86_400, 1_767_225_599, 1_767_225_600, 1_767_225_600 + 3_600] {
            assert_eq!(converter.convert(secs), to_utc(secs), "{secs}");
        }
        assert_eq!(converter.convert(i64::MAX / 2), None);
    }
}

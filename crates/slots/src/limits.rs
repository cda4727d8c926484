//! Period limits: caps on the number of bookings and on booked minutes per calendar day, week, month and year of
//! the schedule's zone. A booking, and a slot, belongs to the period of its start.

use std::collections::HashMap;

use chrono::Weekday;
use chrono_tz::Tz;

use crate::calendar::{local_day, month_of, week_of, year_of};
use crate::{Interval, PeriodLimits, Rules};

const NANOS_PER_MINUTE: i128 = 60_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Period {
    Day,
    Week,
    Month,
    Year,
}

const PERIODS: [Period; 4] = [Period::Day, Period::Week, Period::Month, Period::Year];

fn limit_for(limits: &PeriodLimits, period: Period) -> Option<u32> {
    match period {
        Period::Day => limits.day,
        Period::Week => limits.week,
        Period::Month => limits.month,
        Period::Year => limits.year,
    }
}

/// What the existing bookings of one period add up to.
#[derive(Debug, Clone, Copy, Default)]
struct Usage {
    bookings: u64,
    /// Booked time in nanoseconds: exact, so that a limit of 60 minutes admits exactly 60 minutes.
    nanos: i128,
}

/// The limits of one period that are set.
#[derive(Debug, Clone, Copy)]
struct Check {
    period: Period,
    max_bookings: Option<u32>,
    max_minutes: Option<u32>,
}

/// The period limits of an event type together with its existing bookings.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    checks: Vec<Check>,
    usage: HashMap<(Period, i64), Usage>,
    length_nanos: i128,
    week_start: Weekday,
}

fn period_key(period: Period, day: i64, week_start: Weekday) -> Option<i64> {
    match period {
        Period::Day => Some(day),
        Period::Week => Some(week_of(day, week_start)),
        Period::Month => month_of(day),
        Period::Year => year_of(day),
    }
}

impl Limits {
    /// `None` if `rules` set no limit. Reversed bookings count with zero minutes.
    pub(crate) fn new(rules: &Rules, counted: &[Interval], zone: Tz) -> Option<Limits> {
        let checks: Vec<Check> = PERIODS
            .into_iter()
            .map(|period| Check {
                period,
                max_bookings: limit_for(&rules.count_limits, period),
                max_minutes: limit_for(&rules.duration_limits, period),
            })
            .filter(|c| c.max_bookings.is_some() || c.max_minutes.is_some())
            .collect();
        if checks.is_empty() {
            return None;
        }
        let mut usage: HashMap<(Period, i64), Usage> = HashMap::new();
        for booking in counted {
            let day = local_day(zone, booking.start);
            let length = booking.end - booking.start;
            let nanos = (i128::from(length.num_seconds()) * 1_000_000_000 + i128::from(length.subsec_nanos())).max(0);
            for check in &checks {
                if let Some(key) = period_key(check.period, day, rules.week_start) {
                    let entry = usage.entry((check.period, key)).or_default();
                    entry.bookings += 1;
                    entry.nanos += nanos;
                }
            }
        }
        Some(Limits {
            checks,
            usage,
            length_nanos: i128::from(rules.length_minutes) * NANOS_PER_MINUTE,
            week_start: rules.week_start,
        })
    }

    /// Whether a slot starting on local day `day` stays within every limit: fewer bookings than the count limit
    /// already in each period, and room for the slot's length under each duration limit.
    pub(crate) fn allows(&self, day: i64) -> bool {
        self.checks.iter().all(|check| {
            let Some(key) = period_key(check.period, day, self.week_start) else { return false };
            let used = self.usage.get(&(check.period, key)).copied().unwrap_or_default();
            check.max_bookings.is_none_or(|max| used.bookings < u64::from(max))
                && check
                    .max_minutes
                    .is_none_or(|max| used.nanos + self.length_nanos <= i128::from(max) * NANOS_PER_MINUTE)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::day_number;
    use chrono::{NaiveDate, TimeZone, Utc};

    fn rules(count: PeriodLimits, duration: PeriodLimits) -> Rules {
        Rules {
            length_minutes: 30,
            interval_minutes: None,
            minimum_notice_minutes: 0,
            before_buffer_minutes: 0,
            after_buffer_minutes: 0,
            offset_start_minutes: 0,
            window: None,
            count_limits: count,
            duration_limits: duration,
            only_first_per_day: false,
            seats_per_slot: None,
            week_start: Weekday::Sun,
        }
    }

    fn day(m: u32, d: u32) -> i64 {
        day_number(NaiveDate::from_ymd_opt(2026, m, d).unwrap())
    }

    #[test]
    fn no_limits_means_no_checks() {
        assert!(Limits::new(&rules(Default::default(), Default::default()), &[], chrono_tz::UTC).is_none());
    }

    #[test]
    fn bookings_count_in_the_local_period_of_their_start() {
        // 2026-01-06 02:00 UTC is still Monday the 5th in New York; the week starts on Sunday the 4th.
        let at = |d, h| Utc.with_ymd_and_hms(2026, 1, d, h, 0, 0).unwrap();
        let counted = [Interval { start: at(6, 2), end: at(6, 3) }, Interval { start: at(10, 15), end: at(10, 16) }];
        let count = PeriodLimits { day: Some(1), week: Some(3), ..Default::default() };
        let limits = Limits::new(&rules(count, Default::default()), &counted, chrono_tz::America::New_York).unwrap();
        assert!(!limits.allows(day(1, 5)));
        assert!(limits.allows(day(1, 6)));
        assert!(!limits.allows(day(1, 10)));
        let duration = PeriodLimits { week: Some(150), ..Default::default() };
        let limits = Limits::new(&rules(Default::default(), duration), &counted, chrono_tz::America::New_York).unwrap();
        // 120 minutes booked in the week of the 4th: a 30-minute slot fits exactly, in that week and the next.
        assert!(limits.allows(day(1, 4)));
        let one_more =
            [&counted[..], &[Interval { start: at(7, 15), end: at(7, 15) + chrono::TimeDelta::seconds(1) }]].concat();
        let limits =
            Limits::new(&rules(Default::default(), duration), &one_more, chrono_tz::America::New_York).unwrap();
        assert!(!limits.allows(day(1, 8)));
        assert!(limits.allows(day(1, 11)));
    }
}

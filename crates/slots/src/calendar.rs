//! Calendar arithmetic on day numbers: days since 1970-01-01 of some zone's local calendar. Working on plain
//! integers keeps per-slot date questions (which day, which week, which weekday) free of time zone lookups.

use chrono::{DateTime, Datelike, NaiveDate, Offset, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

pub(crate) const DAY: i64 = 86_400;

/// `NaiveDate::num_days_from_ce` of 1970-01-01.
const EPOCH_FROM_CE: i64 = 719_163;

/// The day number of `date`.
pub(crate) fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - EPOCH_FROM_CE
}

/// The date of day number `day`, if chrono can represent it.
pub(crate) fn date_of(day: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(day + EPOCH_FROM_CE).ok()?)
}

/// The day number of the local calendar date that contains local second `local` (seconds since local 1970-01-01
/// midnight).
pub(crate) fn day_of_local(local: i64) -> i64 {
    local.div_euclid(DAY)
}

/// Days since Monday (Monday = 0) of day number `day`; day 0, 1970-01-01, was a Thursday.
pub(crate) fn weekday_index(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

pub(crate) fn is_business_day(day: i64) -> bool {
    weekday_index(day) < 5
}

/// The local date of `t` in `tz`, as a day number (one time zone lookup). Computed from the offset rather than
/// through a local date-time, which chrono cannot represent at the very ends of its range.
pub(crate) fn local_day(tz: Tz, t: DateTime<Utc>) -> i64 {
    let offset = tz.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc();
    day_of_local(t.timestamp() + i64::from(offset))
}

/// The first day of the week (weeks starting on `week_start`) that contains `day`.
pub(crate) fn week_of(day: i64, week_start: Weekday) -> i64 {
    day - (weekday_index(day) - i64::from(week_start.num_days_from_monday())).rem_euclid(7)
}

/// Identifies the month that contains `day` (`year * 12 + month0`); `None` outside chrono's range.
pub(crate) fn month_of(day: i64) -> Option<i64> {
    let date = date_of(day)?;
    Some(i64::from(date.year()) * 12 + i64::from(date.month0()))
}

pub(crate) fn year_of(day: i64) -> Option<i64> {
    Some(i64::from(date_of(day)?.year()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> i64 {
        day_number(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn day_numbers_round_trip_and_know_their_weekday() {
        assert_eq!(day(1970, 1, 1), 0);
        assert_eq!(weekday_index(0), 3, "Thursday");
        assert_eq!(weekday_index(day(2026, 3, 8)), 6, "Sunday");
        assert_eq!(weekday_index(day(1969, 12, 29)), 0, "Monday");
        assert!(is_business_day(day(2026, 3, 6)) && !is_business_day(day(2026, 3, 7)));
        assert_eq!(date_of(day(2026, 2, 28)), NaiveDate::from_ymd_opt(2026, 2, 28));
        assert_eq!(day_of_local(-1), -1);
    }

    #[test]
    fn weeks_start_on_the_chosen_weekday() {
        let wed = day(2026, 3, 11);
        assert_eq!(week_of(wed, Weekday::Mon), day(2026, 3, 9));
        assert_eq!(week_of(wed, Weekday::Sun), day(2026, 3, 8));
        assert_eq!(week_of(wed, Weekday::Wed), wed);
        assert_eq!(week_of(wed, Weekday::Thu), day(2026, 3, 5));
        assert_eq!(month_of(day(2026, 3, 31)), Some(2026 * 12 + 2));
        assert_eq!(year_of(day(2026, 12, 31)), Some(2026));
    }
}

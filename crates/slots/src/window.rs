//! The booking window: which local dates (in the schedule's zone) may hold slots, counted from today.

use crate::BookingWindow;
use crate::calendar::{day_number, is_business_day};

/// A booking window resolved against today's day number.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Window {
    /// Every date.
    Open,
    /// Dates `first..=last`, weekdays only if `business_only`.
    Dates { first: i64, last: i64, business_only: bool },
    /// The first `days` dates from today (weekdays only if `business_only`) that have a slot.
    Rolling { today: i64, days: u32, business_only: bool },
}

/// Business days among day numbers `[day 4, day)` (day 4, 1970-01-05, was a Monday); negative before it. The
/// difference of two values counts the business days between them, in constant time for any window size.
fn business_days_before(day: i64) -> i64 {
    let since_monday = day - 4;
    5 * since_monday.div_euclid(7) + since_monday.rem_euclid(7).min(5)
}

impl Window {
    pub(crate) fn new(window: Option<BookingWindow>, today: i64) -> Window {
        match window {
            None => Window::Open,
            Some(BookingWindow::CalendarDays { days, rolling: false }) => {
                Window::Dates { first: today, last: today + i64::from(days) - 1, business_only: false }
            }
            Some(BookingWindow::BusinessDays { days, rolling: false }) => {
                // The last date is the `days`-th business day from today: find it by counting whole weeks.
                let target = business_days_before(today) + i64::from(days);
                let mut last = today + (i64::from(days) / 5) * 7;
                while business_days_before(last + 1) < target {
                    last += 1;
                }
                while last >= today && business_days_before(last) >= target {
                    last -= 1;
                }
                Window::Dates { first: today, last, business_only: true }
            }
            Some(BookingWindow::CalendarDays { days, rolling: true }) => {
                Window::Rolling { today, days, business_only: false }
            }
            Some(BookingWindow::BusinessDays { days, rolling: true }) => {
                Window::Rolling { today, days, business_only: true }
            }
            Some(BookingWindow::Range { start, end }) => {
                Window::Dates { first: day_number(start), last: day_number(end), business_only: false }
            }
        }
    }

    /// Whether `day` may hold slots as far as can be told without knowing which dates have slots: for rolling
    /// windows, whether the day can count toward the window at all.
    pub(crate) fn allows(&self, day: i64) -> bool {
        match *self {
            Window::Open => true,
            Window::Dates { first, last, business_only } => {
                first <= day && day <= last && (!business_only || is_business_day(day))
            }
            Window::Rolling { today, business_only, .. } => today <= day && (!business_only || is_business_day(day)),
        }
    }

    /// For a rolling window, the last day it reaches given the (unordered, repeated) days of the slots it allows;
    /// `None` if the window is not rolling. `Some(i64::MIN)` means no day at all.
    pub(crate) fn rolling_last_day(&self, slot_days: impl Iterator<Item = i64>) -> Option<i64> {
        let Window::Rolling { days, .. } = *self else { return None };
        if days == 0 {
            return Some(i64::MIN);
        }
        let mut distinct: Vec<i64> = slot_days.collect();
        distinct.sort_unstable();
        distinct.dedup();
        Some(distinct.get(days as usize - 1).copied().unwrap_or(i64::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(m: u32, d: u32) -> i64 {
        day_number(NaiveDate::from_ymd_opt(2026, m, d).unwrap())
    }

    #[test]
    fn business_day_counting_matches_a_walk() {
        for start in day(1, 1)..day(1, 15) {
            for days in 0..12 {
                let mut walked = start - 1;
                let mut found = 0;
                while found < days {
                    walked += 1;
                    if is_business_day(walked) {
                        found += 1;
                    }
                }
                let Window::Dates { last, .. } =
                    Window::new(Some(BookingWindow::BusinessDays { days, rolling: false }), start)
                else {
                    panic!("fixed window expected")
                };
                assert_eq!(last, walked, "start {start}, {days} days");
            }
        }
    }

    #[test]
    fn fixed_windows_allow_their_dates() {
        // Saturday 2026-01-10: three business days are Mon 12, Tue 13, Wed 14.
        let business = Window::new(Some(BookingWindow::BusinessDays { days: 3, rolling: false }), day(1, 10));
        let allowed: Vec<i64> = (day(1, 9)..day(1, 20)).filter(|&d| business.allows(d)).collect();
        assert_eq!(allowed, vec![day(1, 12), day(1, 13), day(1, 14)]);
        let calendar = Window::new(Some(BookingWindow::CalendarDays { days: 2, rolling: false }), day(1, 10));
        let allowed: Vec<i64> = (day(1, 9)..day(1, 20)).filter(|&d| calendar.allows(d)).collect();
        assert_eq!(allowed, vec![day(1, 10), day(1, 11)]);
    }

    #[test]
    fn rolling_windows_reach_the_nth_day_with_slots() {
        let rolling = Window::new(Some(BookingWindow::CalendarDays { days: 2, rolling: true }), day(1, 10));
        assert_eq!(
            rolling.rolling_last_day([day(1, 14), day(1, 12), day(1, 12), day(1, 20)].into_iter()),
            Some(day(1, 14))
        );
        assert_eq!(rolling.rolling_last_day([day(1, 14)].into_iter()), Some(i64::MAX));
        let none = Window::new(Some(BookingWindow::CalendarDays { days: 0, rolling: true }), day(1, 10));
        assert_eq!(none.rolling_last_day([day(1, 14)].into_iter()), Some(i64::MIN));
        assert_eq!(Window::Open.rolling_last_day([].into_iter()), None);
    }
}

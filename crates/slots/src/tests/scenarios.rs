//! Hand-computed scenarios. Expected slots are written out as wall-clock times with the zone's offset, so that
//! both the local time and the UTC instant can be read off.

use chrono::{TimeDelta, Weekday};
use chrono_tz::America::New_York;
use chrono_tz::Asia::{Kathmandu, Tokyo};
use chrono_tz::Europe::Berlin;
use chrono_tz::Pacific::Kiritimati;

use super::support::*;
use crate::{BookingWindow, PeriodLimits, Schedule, SeatedBooking, Slot, WeeklyRange};

/// Mon 2026-01-05 to Sat 2026-01-10 (exclusive), New York.
fn first_week(schedule: crate::Schedule, rules: crate::Rules) -> Case {
    Case::new(schedule, rules, local(New_York, 2026, 1, 5, 0, 0), local(New_York, 2026, 1, 10, 0, 0))
}

fn new_york_office() -> crate::Schedule {
    weekly(New_York, &WEEKDAYS, 9 * 60, 17 * 60)
}

/// A single Monday, 2026-01-05, in New York.
fn monday(rules: crate::Rules) -> Case {
    Case::new(new_york_office(), rules, local(New_York, 2026, 1, 5, 0, 0), local(New_York, 2026, 1, 6, 0, 0))
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn count_per_date(starts: &[String]) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for start in starts {
        let date = start[..10].to_string();
        match counts.last_mut() {
            Some((last, count)) if *last == date => *count += 1,
            _ => counts.push((date, 1)),
        }
    }
    counts
}

#[test]
fn ordinary_week_in_new_york_with_30_minute_slots() {
    let case = first_week(new_york_office(), rules(30));
    let starts = case.starts();
    assert_eq!(
        starts[..16],
        strings(&[
            "2026-01-05 09:00 -05:00",
            "2026-01-05 09:30 -05:00",
            "2026-01-05 10:00 -05:00",
            "2026-01-05 10:30 -05:00",
            "2026-01-05 11:00 -05:00",
            "2026-01-05 11:30 -05:00",
            "2026-01-05 12:00 -05:00",
            "2026-01-05 12:30 -05:00",
            "2026-01-05 13:00 -05:00",
            "2026-01-05 13:30 -05:00",
            "2026-01-05 14:00 -05:00",
            "2026-01-05 14:30 -05:00",
            "2026-01-05 15:00 -05:00",
            "2026-01-05 15:30 -05:00",
            "2026-01-05 16:00 -05:00",
            "2026-01-05 16:30 -05:00",
        ])
    );
    let per_date: Vec<(String, usize)> = ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09"]
        .iter()
        .map(|d| (d.to_string(), 16))
        .collect();
    assert_eq!(count_per_date(&starts), per_date);
    assert_eq!(starts.last().unwrap(), "2026-01-09 16:30 -05:00");
    let first = case.slots()[0];
    assert_eq!(first, Slot { start: utc(2026, 1, 5, 14, 0), end: utc(2026, 1, 5, 14, 30), attendees: None });
}

/// Every day 9:00-17:00 with two-hour slots, from `first` for three days.
fn dst_days(zone: chrono_tz::Tz, y: i32, m: u32, d: u32) -> Case {
    let from = local(zone, y, m, d, 0, 0);
    Case::new(weekly(zone, &EVERY_DAY, 9 * 60, 17 * 60), rules(120), from, from + TimeDelta::days(3))
}

#[test]
fn new_york_spring_forward_keeps_9_to_17_local() {
    assert_eq!(
        dst_days(New_York, 2026, 3, 7).starts(),
        strings(&[
            "2026-03-07 09:00 -05:00",
            "2026-03-07 11:00 -05:00",
            "2026-03-07 13:00 -05:00",
            "2026-03-07 15:00 -05:00",
            "2026-03-08 09:00 -04:00",
            "2026-03-08 11:00 -04:00",
            "2026-03-08 13:00 -04:00",
            "2026-03-08 15:00 -04:00",
            "2026-03-09 09:00 -04:00",
            "2026-03-09 11:00 -04:00",
            "2026-03-09 13:00 -04:00",
            "2026-03-09 15:00 -04:00",
        ])
    );
    // In UTC the working day moved an hour earlier.
    let slots = dst_days(New_York, 2026, 3, 7).slots();
    assert_eq!((slots[0].start, slots[4].start), (utc(2026, 3, 7, 14, 0), utc(2026, 3, 8, 13, 0)));
}

#[test]
fn new_york_fall_back_keeps_9_to_17_local() {
    assert_eq!(
        dst_days(New_York, 2026, 10, 31).starts(),
        strings(&[
            "2026-10-31 09:00 -04:00",
            "2026-10-31 11:00 -04:00",
            "2026-10-31 13:00 -04:00",
            "2026-10-31 15:00 -04:00",
            "2026-11-01 09:00 -05:00",
            "2026-11-01 11:00 -05:00",
            "2026-11-01 13:00 -05:00",
            "2026-11-01 15:00 -05:00",
            "2026-11-02 09:00 -05:00",
            "2026-11-02 11:00 -05:00",
            "2026-11-02 13:00 -05:00",
            "2026-11-02 15:00 -05:00",
        ])
    );
}

#[test]
fn berlin_spring_forward_keeps_9_to_17_local() {
    assert_eq!(
        dst_days(Berlin, 2026, 3, 28).starts(),
        strings(&[
            "2026-03-28 09:00 +01:00",
            "2026-03-28 11:00 +01:00",
            "2026-03-28 13:00 +01:00",
            "2026-03-28 15:00 +01:00",
            "2026-03-29 09:00 +02:00",
            "2026-03-29 11:00 +02:00",
            "2026-03-29 13:00 +02:00",
            "2026-03-29 15:00 +02:00",
            "2026-03-30 09:00 +02:00",
            "2026-03-30 11:00 +02:00",
            "2026-03-30 13:00 +02:00",
            "2026-03-30 15:00 +02:00",
        ])
    );
}

#[test]
fn berlin_fall_back_keeps_9_to_17_local() {
    assert_eq!(
        dst_days(Berlin, 2026, 10, 24).starts(),
        strings(&[
            "2026-10-24 09:00 +02:00",
            "2026-10-24 11:00 +02:00",
            "2026-10-24 13:00 +02:00",
            "2026-10-24 15:00 +02:00",
            "2026-10-25 09:00 +01:00",
            "2026-10-25 11:00 +01:00",
            "2026-10-25 13:00 +01:00",
            "2026-10-25 15:00 +01:00",
            "2026-10-26 09:00 +01:00",
            "2026-10-26 11:00 +01:00",
            "2026-10-26 13:00 +01:00",
            "2026-10-26 15:00 +01:00",
        ])
    );
}

/// Hourly slots on `day` whose only hours are 01:00-04:00, a range across the night's change of offset.
fn night_of(zone: chrono_tz::Tz, y: i32, m: u32, d: u32, end_minute: u16) -> Case {
    let schedule =
        Schedule { time_zone: zone, weekly: vec![], overrides: vec![override_on(date(y, m, d), 60, end_minute)] };
    let from = local(zone, y, m, d, 0, 0) - TimeDelta::hours(12);
    Case::new(schedule, rules(60), from, from + TimeDelta::days(1))
}

#[test]
fn range_across_the_spring_forward_gap_is_shorter() {
    // 01:00 EST is 06:00 UTC, 04:00 EDT is 08:00 UTC: two real hours, the second starting at 03:00 local.
    assert_eq!(
        night_of(New_York, 2026, 3, 8, 240).starts(),
        strings(&["2026-03-08 01:00 -05:00", "2026-03-08 03:00 -04:00"])
    );
    // 01:00 CET is 00:00 UTC, 04:00 CEST is 02:00 UTC.
    assert_eq!(
        night_of(Berlin, 2026, 3, 29, 240).starts(),
        strings(&["2026-03-29 01:00 +01:00", "2026-03-29 03:00 +02:00"])
    );
    // A range ending inside the gap (02:30 does not exist) ends where the gap ends, 03:00 EDT = 07:00 UTC.
    let slots = night_of(New_York, 2026, 3, 8, 150).slots();
    assert_eq!(
        slots.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>(),
        vec![(utc(2026, 3, 8, 6, 0), utc(2026, 3, 8, 7, 0))]
    );
}

#[test]
fn range_across_the_fall_back_fold_covers_the_repeated_hour() {
    // 01:00 EDT (05:00 UTC, the first 01:00) to 04:00 EST (09:00 UTC): four real hours.
    assert_eq!(
        night_of(New_York, 2026, 11, 1, 240).starts(),
        strings(&[
            "2026-11-01 01:00 -04:00",
            "2026-11-01 01:00 -05:00",
            "2026-11-01 02:00 -05:00",
            "2026-11-01 03:00 -05:00"
        ])
    );
    // 01:00 CEST (23:00 UTC the day before) to 04:00 CET (03:00 UTC).
    assert_eq!(
        night_of(Berlin, 2026, 10, 25, 240).starts(),
        strings(&[
            "2026-10-25 01:00 +02:00",
            "2026-10-25 02:00 +02:00",
            "2026-10-25 02:00 +01:00",
            "2026-10-25 03:00 +01:00"
        ])
    );
}

#[test]
fn overrides_replace_a_dates_hours_or_take_the_date_off() {
    let mut schedule = new_york_office();
    schedule.overrides = vec![
        // Tuesday: 13:00-15:00 and 16:00-17:00 instead of 9-17.
        override_on(date(2026, 1, 6), 16 * 60, 17 * 60),
        override_on(date(2026, 1, 6), 13 * 60, 15 * 60),
        // Wednesday: off.
        override_on(date(2026, 1, 7), 0, 0),
        // Saturday: 10:00-12:00, though weekends have no weekly hours.
        override_on(date(2026, 1, 10), 10 * 60, 12 * 60),
    ];
    let mut rules = rules(60);
    rules.only_first_per_day = false;
    let case = Case::new(schedule, rules, local(New_York, 2026, 1, 6, 0, 0), local(New_York, 2026, 1, 11, 0, 0));
    let starts = case.starts();
    assert_eq!(
        starts.iter().filter(|s| !s.starts_with("2026-01-08") && !s.starts_with("2026-01-09")).collect::<Vec<_>>(),
        [
            "2026-01-06 13:00 -05:00",
            "2026-01-06 14:00 -05:00",
            "2026-01-06 16:00 -05:00",
            "2026-01-10 10:00 -05:00",
            "2026-01-10 11:00 -05:00",
        ]
    );
    assert_eq!(count_per_date(&starts)[1..3], [("2026-01-08".to_string(), 8), ("2026-01-09".to_string(), 8)]);
}

fn monday_with_busy_11_to_12(before: u32, after: u32) -> Vec<String> {
    let mut rules = rules(30);
    rules.before_buffer_minutes = before;
    rules.after_buffer_minutes = after;
    let mut case = monday(rules);
    case.busy = vec![interval(local(New_York, 2026, 1, 5, 11, 0), local(New_York, 2026, 1, 5, 12, 0))];
    case.starts().iter().map(|s| s[11..16].to_string()).collect()
}

#[test]
fn buffers_keep_slots_away_from_busy_time() {
    // No buffers: everything but 11:00 and 11:30.
    let all_but = |skip: &[&str]| {
        let mut v: Vec<String> = (18..34).map(|half| format!("{:02}:{:02}", half / 2, half % 2 * 30)).collect();
        v.retain(|t| !skip.contains(&t.as_str()));
        v
    };
    assert_eq!(monday_with_busy_11_to_12(0, 0), all_but(&["11:00", "11:30"]));
    // 30 minutes before each slot: a slot at 12:00 would need 11:30 free.
    assert_eq!(monday_with_busy_11_to_12(30, 0), all_but(&["11:00", "11:30", "12:00"]));
    // 30 minutes after each slot: a slot at 10:30 would need 11:30 free.
    assert_eq!(monday_with_busy_11_to_12(0, 30), all_but(&["10:30", "11:00", "11:30"]));
    // 15 before and 10 after: free time is 9:00-10:50 and 12:15-17:00; the second range rounds up to 12:30.
    assert_eq!(monday_with_busy_11_to_12(15, 10), all_but(&["10:30", "11:00", "11:30", "12:00"]));
}

#[test]
fn minimum_notice_rounds_up_to_the_slot_boundary() {
    let mut rules = rules(30);
    rules.minimum_notice_minutes = 60;
    let mut case = monday(rules.clone());
    case.now = local(New_York, 2026, 1, 5, 10, 7);
    // 11:07 rounds up to 11:30.
    assert_eq!(case.starts().first().unwrap(), "2026-01-05 11:30 -05:00");
    assert_eq!(case.starts().len(), 11);
    // 45-minute slots align to 15 minutes: 11:07 rounds up to 11:15.
    rules.length_minutes = 45;
    case.rules = rules;
    assert_eq!(
        case.starts(),
        strings(&[
            "2026-01-05 11:15 -05:00",
            "2026-01-05 12:00 -05:00",
            "2026-01-05 12:45 -05:00",
            "2026-01-05 13:30 -05:00",
            "2026-01-05 14:15 -05:00",
            "2026-01-05 15:00 -05:00",
            "2026-01-05 15:45 -05:00",
        ])
    );
}

/// Two four-hour slots (9:00 and 13:00) per weekday; Tuesday 2026-01-13 off; asked on Saturday 2026-01-10 for
/// two weeks.
fn window_case(window: BookingWindow) -> Vec<String> {
    let mut schedule = new_york_office();
    schedule.overrides = vec![override_on(date(2026, 1, 13), 0, 0)];
    let mut rules = rules(240);
    rules.window = Some(window);
    let mut case = Case::new(schedule, rules, local(New_York, 2026, 1, 10, 0, 0), local(New_York, 2026, 1, 24, 0, 0));
    case.now = local(New_York, 2026, 1, 10, 8, 0);
    let starts = case.starts();
    // Both slots of each day are always offered together; list the dates.
    assert!(count_per_date(&starts).iter().all(|(_, count)| *count == 2));
    count_per_date(&starts).into_iter().map(|(date, _)| date).collect()
}

#[test]
fn booking_window_of_calendar_days() {
    // Saturday, Sunday, Monday: only Monday has hours.
    assert_eq!(window_case(BookingWindow::CalendarDays { days: 3, rolling: false }), strings(&["2026-01-12"]));
    // Rolling: three days that have slots (Tuesday is off).
    assert_eq!(
        window_case(BookingWindow::CalendarDays { days: 3, rolling: true }),
        strings(&["2026-01-12", "2026-01-14", "2026-01-15"])
    );
}

#[test]
fn booking_window_of_business_days() {
    // Monday, Tuesday (off), Wednesday.
    assert_eq!(
        window_case(BookingWindow::BusinessDays { days: 3, rolling: false }),
        strings(&["2026-01-12", "2026-01-14"])
    );
    assert_eq!(
        window_case(BookingWindow::BusinessDays { days: 3, rolling: true }),
        strings(&["2026-01-12", "2026-01-14", "2026-01-15"])
    );
    assert_eq!(window_case(BookingWindow::BusinessDays { days: 0, rolling: true }), Vec::<String>::new());
}

#[test]
fn booking_window_of_a_date_range() {
    assert_eq!(
        window_case(BookingWindow::Range { start: date(2026, 1, 13), end: date(2026, 1, 15) }),
        strings(&["2026-01-14", "2026-01-15"])
    );
}

#[test]
fn rolling_window_counts_days_before_from() {
    // Asked on Saturday for the week after next: the rolling window's three days (Mon 12, Wed 14, Thu 15) lie
    // before `from`, so nothing is left.
    let mut rules = rules(240);
    rules.window = Some(BookingWindow::CalendarDays { days: 3, rolling: true });
    let mut case =
        Case::new(new_york_office(), rules, local(New_York, 2026, 1, 19, 0, 0), local(New_York, 2026, 1, 24, 0, 0));
    case.now = local(New_York, 2026, 1, 10, 8, 0);
    assert_eq!(case.starts(), Vec::<String>::new());
}

/// Hourly slots Monday 2026-01-05 to Friday 2026-01-16 with `counted` bookings (each `(day, hour, minutes)` in
/// January, New York); the dates that offer slots.
fn limited(
    count: PeriodLimits,
    duration: PeriodLimits,
    week_start: Weekday,
    counted: &[(u32, u32, i64)],
) -> Vec<String> {
    let mut rules = rules(60);
    rules.count_limits = count;
    rules.duration_limits = duration;
    rules.week_start = week_start;
    let mut case =
        Case::new(new_york_office(), rules, local(New_York, 2026, 1, 5, 0, 0), local(New_York, 2026, 1, 17, 0, 0));
    case.counted = counted
        .iter()
        .map(|&(d, h, minutes)| {
            let start = local(New_York, 2026, 1, d, h, 0);
            interval(start, start + TimeDelta::minutes(minutes))
        })
        .collect();
    let starts = case.starts();
    assert!(count_per_date(&starts).iter().all(|(_, count)| *count == 8));
    count_per_date(&starts).into_iter().map(|(date, _)| date).collect()
}

const ALL_DAYS: [&str; 10] = [
    "2026-01-05",
    "2026-01-06",
    "2026-01-07",
    "2026-01-08",
    "2026-01-09",
    "2026-01-12",
    "2026-01-13",
    "2026-01-14",
    "2026-01-15",
    "2026-01-16",
];

fn all_days_but(skip: &[&str]) -> Vec<String> {
    ALL_DAYS.iter().filter(|d| !skip.contains(d)).map(|d| d.to_string()).collect()
}

#[test]
fn count_limit_per_day() {
    let per_day = PeriodLimits { day: Some(2), ..Default::default() };
    // Two bookings on Monday fill it; one on Tuesday does not.
    let counted = [(5, 10, 60), (5, 14, 60), (6, 10, 60)];
    assert_eq!(limited(per_day, Default::default(), Weekday::Mon, &counted), all_days_but(&["2026-01-05"]));
}

#[test]
fn count_limit_per_week_follows_the_week_start() {
    let per_week = PeriodLimits { week: Some(1), ..Default::default() };
    // One booking on Sunday the 11th: in the week of Monday the 5th, or the week of Sunday the 11th.
    let counted = [(11, 10, 60)];
    assert_eq!(
        limited(per_week, Default::default(), Weekday::Mon, &counted),
        all_days_but(&["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09"])
    );
    assert_eq!(
        limited(per_week, Default::default(), Weekday::Sun, &counted),
        all_days_but(&["2026-01-12", "2026-01-13", "2026-01-14", "2026-01-15", "2026-01-16"])
    );
}

#[test]
fn duration_limit_per_day() {
    let per_day = PeriodLimits { day: Some(120), ..Default::default() };
    // Monday has 60 minutes booked: 60 + 60 fits in 120. Tuesday has 90: 90 + 60 does not.
    let counted = [(5, 10, 60), (6, 10, 45), (6, 14, 45)];
    assert_eq!(limited(Default::default(), per_day, Weekday::Mon, &counted), all_days_but(&["2026-01-06"]));
}

#[test]
fn duration_limit_per_week() {
    let per_week = PeriodLimits { week: Some(300), ..Default::default() };
    let four_hours = [(5, 10, 60), (6, 10, 60), (7, 10, 60), (8, 10, 60)];
    assert_eq!(limited(Default::default(), per_week, Weekday::Mon, &four_hours), all_days_but(&[]));
    let five_hours = [(5, 10, 60), (6, 10, 60), (7, 10, 60), (8, 10, 60), (9, 10, 60)];
    assert_eq!(
        limited(Default::default(), per_week, Weekday::Mon, &five_hours),
        all_days_but(&["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09"])
    );
}

#[test]
fn offset_start_shifts_every_slot_that_still_fits() {
    let mut rules = rules(30);
    rules.offset_start_minutes = 10;
    let starts = monday(rules).starts();
    assert_eq!(starts.len(), 15);
    assert_eq!(
        [&starts[..3], &starts[13..]].concat(),
        strings(&[
            "2026-01-05 09:10 -05:00",
            "2026-01-05 09:40 -05:00",
            "2026-01-05 10:10 -05:00",
            "2026-01-05 15:40 -05:00",
            "2026-01-05 16:10 -05:00",
        ])
    );
}

#[test]
fn only_first_slot_of_each_day_of_the_bookers_zone() {
    let mut rules = rules(60);
    rules.only_first_per_day = true;
    let mut case = first_week(new_york_office(), rules);
    assert_eq!(
        case.starts(),
        strings(&[
            "2026-01-05 09:00 -05:00",
            "2026-01-06 09:00 -05:00",
            "2026-01-07 09:00 -05:00",
            "2026-01-08 09:00 -05:00",
            "2026-01-09 09:00 -05:00",
        ])
    );
    // Tokyo is 14 hours ahead: 09:00 New York is 23:00 in Tokyo, 10:00 is midnight. Monday's 09:00 is Monday's
    // first slot in Tokyo, Monday's 10:00 Tuesday's; Tuesday's 09:00 is Tuesday 23:00 in Tokyo, not first.
    case.day_zone = Tokyo;
    assert_eq!(
        case.starts(),
        strings(&[
            "2026-01-05 09:00 -05:00",
            "2026-01-05 10:00 -05:00",
            "2026-01-06 10:00 -05:00",
            "2026-01-07 10:00 -05:00",
            "2026-01-08 10:00 -05:00",
            "2026-01-09 10:00 -05:00",
        ])
    );
}

#[test]
fn seats_show_attendees_and_fill_up() {
    let mut rules = rules(30);
    rules.seats_per_slot = Some(3);
    let mut case = monday(rules);
    let at = |h, m| local(New_York, 2026, 1, 5, h, m);
    case.seated = vec![
        // Two attendees at 10:00: joinable.
        SeatedBooking { start: at(10, 0), end: at(10, 30), attendees: 2 },
        // Full at 11:00.
        SeatedBooking { start: at(11, 0), end: at(11, 30), attendees: 3 },
        // Off the grid: blocks the slots at 13:00 and 13:30 it overlaps.
        SeatedBooking { start: at(13, 15), end: at(13, 45), attendees: 1 },
    ];
    let slots = case.slots();
    let offered: Vec<(String, Option<u32>)> =
        slots.iter().map(|s| (s.start.with_timezone(&New_York).format("%H:%M").to_string(), s.attendees)).collect();
    let expected: Vec<(String, Option<u32>)> = [
        ("09:00", 0),
        ("09:30", 0),
        ("10:00", 2),
        ("10:30", 0),
        ("11:30", 0),
        ("12:00", 0),
        ("12:30", 0),
        ("14:00", 0),
        ("14:30", 0),
        ("15:00", 0),
        ("15:30", 0),
        ("16:00", 0),
        ("16:30", 0),
    ]
    .iter()
    .map(|&(t, n)| (t.to_string(), Some(n)))
    .collect();
    assert_eq!(offered, expected);

    // A one-hour seated booking at 10:00 blocks 10:30, which overlaps it, but not its own start.
    case.seated = vec![SeatedBooking { start: at(10, 0), end: at(11, 0), attendees: 1 }];
    let starts: Vec<String> = case.starts().iter().map(|s| s[11..16].to_string()).collect();
    assert!(starts.contains(&"10:00".to_string()) && !starts.contains(&"10:30".to_string()));

    // The same bookings on an event that is no longer seated are busy time.
    case.rules.seats_per_slot = None;
    let starts: Vec<String> = case.starts().iter().map(|s| s[11..16].to_string()).collect();
    assert!(!starts.contains(&"10:00".to_string()) && !starts.contains(&"10:30".to_string()));
    assert!(case.slots().iter().all(|s| s.attendees.is_none()));
}

#[test]
fn far_from_utc_zones_keep_their_wall_clock() {
    // Kiritimati is UTC+14: 09:00 on Monday the 5th is 19:00 UTC on Sunday the 4th.
    let case = Case::new(
        weekly(Kiritimati, &[Weekday::Mon], 9 * 60, 17 * 60),
        rules(60),
        local(Kiritimati, 2026, 1, 5, 0, 0),
        local(Kiritimati, 2026, 1, 6, 0, 0),
    );
    let slots = case.slots();
    assert_eq!(slots.len(), 8);
    assert_eq!((slots[0].start, slots[7].end), (utc(2026, 1, 4, 19, 0), utc(2026, 1, 5, 3, 0)));
    // Kathmandu is UTC+05:45: hourly slots stay on the local hour.
    let case = Case::new(
        weekly(Kathmandu, &[Weekday::Mon], 9 * 60, 17 * 60),
        rules(60),
        local(Kathmandu, 2026, 1, 5, 0, 0),
        local(Kathmandu, 2026, 1, 6, 0, 0),
    );
    assert_eq!(case.starts()[..2], strings(&["2026-01-05 09:00 +05:45", "2026-01-05 10:00 +05:45"]));
    assert_eq!(case.slots()[0].start, utc(2026, 1, 5, 3, 15));
    assert_eq!(case.starts().len(), 8);
}

#[test]
fn availability_across_midnight_yields_a_slot_spanning_it() {
    let schedule = Schedule {
        time_zone: New_York,
        weekly: vec![
            WeeklyRange { days: vec![Weekday::Mon], start_minute: 20 * 60, end_minute: 1440 },
            WeeklyRange { days: vec![Weekday::Tue], start_minute: 0, end_minute: 4 * 60 },
        ],
        overrides: vec![],
    };
    let case = Case::new(schedule, rules(90), local(New_York, 2026, 1, 5, 0, 0), local(New_York, 2026, 1, 7, 0, 0));
    assert_eq!(
        case.starts(),
        strings(&[
            "2026-01-05 20:00 -05:00",
            "2026-01-05 21:30 -05:00",
            "2026-01-05 23:00 -05:00",
            "2026-01-06 00:30 -05:00",
            "2026-01-06 02:00 -05:00",
        ])
    );
    // The 23:00 slot ends at 00:30 on Tuesday.
    assert_eq!(case.slots()[2].end, local(New_York, 2026, 1, 6, 0, 30));
    // Asked from Tuesday midnight, the grid still starts at Monday 20:00.
    let mut from_tuesday = case.clone();
    from_tuesday.from = local(New_York, 2026, 1, 6, 0, 0);
    assert_eq!(from_tuesday.starts(), strings(&["2026-01-06 00:30 -05:00", "2026-01-06 02:00 -05:00"]));
}

#[test]
fn slot_interval_shorter_than_the_length() {
    let mut rules = rules(60);
    rules.interval_minutes = Some(15);
    let mut case = monday(rules);
    let starts: Vec<String> = case.starts().iter().map(|s| s[11..16].to_string()).collect();
    assert_eq!(starts.len(), 29);
    assert_eq!(
        [&starts[..5], &starts[27..]].concat(),
        strings(&["09:00", "09:15", "09:30", "09:45", "10:00", "15:45", "16:00"])
    );
    // Busy 12:00-12:20: free time resumes at 12:20, which rounds up to 12:30.
    case.busy = vec![interval(local(New_York, 2026, 1, 5, 12, 0), local(New_York, 2026, 1, 5, 12, 20))];
    let starts: Vec<String> = case.starts().iter().map(|s| s[11..16].to_string()).collect();
    assert_eq!(starts[8..10], strings(&["11:00", "12:30"]));
    assert_eq!(starts.len(), 9 + 15);
}

#[test]
fn from_does_not_move_the_grid() {
    // 45-minute slots from 9:00: 9:00, 9:45, 10:30... Asking from 10:00 gives 10:30 first, not 10:00.
    let mut case = monday(rules(45));
    case.from = local(New_York, 2026, 1, 5, 10, 0);
    assert_eq!(case.starts()[..2], strings(&["2026-01-05 10:30 -05:00", "2026-01-05 11:15 -05:00"]));
}

#[test]
fn degenerate_input_produces_no_slots() {
    assert_eq!(monday(rules(0)).slots(), vec![]);
    let mut zero_interval = rules(30);
    zero_interval.interval_minutes = Some(0);
    assert_eq!(monday(zero_interval).slots(), vec![]);
    let mut no_seats = rules(30);
    no_seats.seats_per_slot = Some(0);
    assert_eq!(monday(no_seats).slots(), vec![]);
    let mut backwards = monday(rules(30));
    std::mem::swap(&mut backwards.from, &mut backwards.to);
    assert_eq!(backwards.slots(), vec![]);
    let mut too_long = monday(rules(9 * 60));
    too_long.rules.length_minutes = 9 * 60;
    assert_eq!(too_long.slots(), vec![]);
    // Asked after the end of the range.
    let mut late = monday(rules(30));
    late.now = late.to + TimeDelta::days(1);
    assert_eq!(late.slots(), vec![]);
}

#[test]
fn extreme_instants_do_not_panic() {
    let mut case = monday(rules(30));
    case.to = chrono::DateTime::<chrono::Utc>::MAX_UTC;
    case.from = case.to - TimeDelta::days(2);
    case.now = case.from;
    let slots = crate::available_slots(&case.query());
    assert!(slots.iter().all(|s| s.start >= case.from));
    case.from = chrono::DateTime::<chrono::Utc>::MIN_UTC;
    case.to = case.from + TimeDelta::days(2);
    case.now = case.from;
    let _ = crate::available_slots(&case.query());
}

#[test]
fn busy_time_with_fractions_of_a_second_blocks_the_seconds_it_touches() {
    // Busy from 10:59:59.5: the 10:30-11:00 slot touches it, the 10:00-10:30 slot does not.
    let mut case = monday(rules(30));
    let start = local(New_York, 2026, 1, 5, 10, 59) + TimeDelta::milliseconds(59_500);
    case.busy = vec![interval(start, start + TimeDelta::minutes(1))];
    let starts: Vec<String> = case.starts().iter().map(|s| s[11..16].to_string()).collect();
    assert_eq!(starts[1..4], strings(&["09:30", "10:00", "11:30"]));
    // Busy until 12:00:00.001 keeps 12:00 from being booked; the next slot on the grid is 12:30.
    case.busy = vec![interval(
        local(New_York, 2026, 1, 5, 11, 30),
        local(New_York, 2026, 1, 5, 12, 0) + TimeDelta::milliseconds(1),
    )];
    let starts: Vec<String> = case.starts().iter().map(|s| s[11..16].to_string()).collect();
    assert_eq!(starts[4..6], strings(&["11:00", "12:30"]));
}

#[test]
fn free_time_before_the_horizon_does_not_shift_the_grid() {
    // Free without a break from Sunday 22:00 UTC; asked from Tuesday noon, the horizon starts Monday 00:00, so the
    // 45-minute grid runs from Monday midnight (Tuesday 12:00 is on it), not from Sunday 22:00 (12:15 would be).
    let rules = rules(45);
    let schedule = weekly(chrono_tz::UTC, &EVERY_DAY, 0, 1440);
    let mut case = Case::new(schedule, rules, utc(2026, 1, 6, 12, 0), utc(2026, 1, 6, 14, 0));
    case.now = utc(2026, 1, 1, 0, 0);
    let free = [interval(utc(2026, 1, 4, 22, 0), utc(2026, 1, 8, 0, 0))];
    let query = case.query();
    let params = query.params();
    assert_eq!(params.horizon().map(|h| h.start), Some(utc(2026, 1, 5, 0, 0)));
    let starts: Vec<_> = crate::slots_in(&free, &params).iter().map(|s| s.start).collect();
    assert_eq!(starts, vec![utc(2026, 1, 6, 12, 0), utc(2026, 1, 6, 12, 45), utc(2026, 1, 6, 13, 30)]);
    assert_eq!(case.slots().iter().map(|s| s.start).collect::<Vec<_>>(), starts);
}

#[test]
fn collective_and_round_robin_building_blocks() {
    // Two hosts: New York 9-17 and Berlin 9-17 on Monday 2026-01-05 share 14:00-16:00 UTC (09:00-11:00 New York).
    let new_york = new_york_office();
    let berlin = weekly(Berlin, &WEEKDAYS, 9 * 60, 17 * 60);
    let case = monday(rules(60));
    let query = case.query();
    let params = query.params();
    let horizon = params.horizon().unwrap();
    let both = crate::intersect(
        &crate::availability(&new_york, horizon.start, horizon.end),
        &crate::availability(&berlin, horizon.start, horizon.end),
    );
    let collective: Vec<_> = crate::slots_in(&both, &params).iter().map(|s| s.start).collect();
    assert_eq!(collective, vec![utc(2026, 1, 5, 14, 0), utc(2026, 1, 5, 15, 0)]);
    let either = crate::union(
        &crate::availability(&new_york, horizon.start, horizon.end),
        &crate::availability(&berlin, horizon.start, horizon.end),
    );
    let round_robin = crate::slots_in(&either, &params);
    // Berlin from 08:00 UTC, New York until 22:00 UTC, all on Monday in New York.
    assert_eq!((round_robin.len(), round_robin[0].start), (14, utc(2026, 1, 5, 8, 0)));
}

#[test]
fn hundreds_of_busy_intervals_agree_with_reference() {
    // Enough busy time (unsorted, overlapping) for the engine to bucket it by day before sorting.
    let mut case =
        Case::new(new_york_office(), rules(30), local(New_York, 2026, 1, 5, 0, 0), local(New_York, 2026, 2, 4, 0, 0));
    let mut state = 11u64;
    let mut next = |bound: u64| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % bound) as i64
    };
    case.busy = (0..300)
        .map(|_| {
            let start = case.from + TimeDelta::minutes(next(30 * 1440));
            interval(start, start + TimeDelta::minutes(15 + next(120)))
        })
        .collect();
    let slots = case.slots();
    assert!(slots.len() > 50 && slots.len() < 350, "{} slots", slots.len());
}

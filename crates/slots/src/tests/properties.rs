//! Property tests: random schedules, rules and busy time around changes of offset, checked against invariants and
//! against the naive reference. Case counts are bounded so that the crate's tests stay fast in debug builds.

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc, Weekday};
use chrono_tz::Tz;
use proptest::prelude::*;

use super::support::*;
use crate::{
    BookingWindow, DateOverride, Interval, PeriodLimits, Rules, Schedule, SeatedBooking, WeeklyRange, intersect,
    reference, subtract, union,
};

/// Zones with DST changes, odd offsets, changes at midnight (Santiago), half-hour changes (Lord Howe) and none.
const ZONES: [Tz; 8] = [
    chrono_tz::UTC,
    chrono_tz::America::New_York,
    chrono_tz::Europe::Berlin,
    chrono_tz::Asia::Kathmandu,
    chrono_tz::Pacific::Kiritimati,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::America::Santiago,
    chrono_tz::America::St_Johns,
];

/// Dates a day or two before changes of offset in 2026 (and an ordinary week).
const BASES: [(u32, u32); 8] = [(1, 5), (3, 6), (3, 27), (4, 3), (9, 4), (10, 2), (10, 23), (10, 30)];

const WEEKDAY_LIST: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

fn zone() -> impl Strategy<Value = Tz> {
    proptest::sample::select(ZONES.to_vec())
}

fn minute_of_day() -> impl Strategy<Value = u16> {
    prop_oneof![3 => (0..96u16).prop_map(|q| q * 15), 1 => 0..1440u16]
}

/// `(start, end)` minutes: mostly proper ranges, sometimes empty, sometimes past midnight, often starting or ending
/// in the small hours, where offsets change.
fn minute_range() -> impl Strategy<Value = (u16, u16)> {
    prop_oneof![
        8 => (minute_of_day(), 1..720u16).prop_map(|(start, length)| (start, (start + length).min(1440))),
        3 => (0..200u16, 1..200u16).prop_map(|(start, length)| (start, start + length)),
        2 => (0..1440u16, 0..200u16).prop_map(|(start, end)| (start.min(end), end)),
        1 => minute_of_day().prop_map(|start| (start, start)),
        1 => minute_of_day().prop_map(|start| (start, 1440 + start % 120)),
    ]
}

fn schedule(zone: Tz, base: NaiveDate) -> impl Strategy<Value = Schedule> {
    let weekly =
        proptest::collection::vec((proptest::sample::subsequence(WEEKDAY_LIST.to_vec(), 1..=7), minute_range()), 1..4);
    let overrides = proptest::collection::vec((0..7u64, minute_range()), 0..3);
    (weekly, overrides).prop_map(move |(weekly, overrides)| Schedule {
        time_zone: zone,
        weekly: weekly
            .into_iter()
            .map(|(days, (start_minute, end_minute))| WeeklyRange { days, start_minute, end_minute })
            .collect(),
        overrides: overrides
            .into_iter()
            .map(|(day, (start_minute, end_minute))| DateOverride {
                date: base + chrono::Days::new(day),
                start_minute,
                end_minute,
            })
            .collect(),
    })
}

fn window(base: NaiveDate) -> impl Strategy<Value = Option<BookingWindow>> {
    prop_oneof![
        9 => Just(None),
        1 => (0..6u32, any::<bool>()).prop_map(|(days, rolling)| Some(BookingWindow::CalendarDays { days, rolling })),
        1 => (0..6u32, any::<bool>()).prop_map(|(days, rolling)| Some(BookingWindow::BusinessDays { days, rolling })),
        // `end` one day before `start` now and then: a reversed range allows no date.
        1 => (1..8u64, 0..4u64).prop_map(move |(start, length)| Some(BookingWindow::Range {
            start: base + chrono::Days::new(start),
            end: base + chrono::Days::new(start + length) - chrono::Days::new(1),
        })),
    ]
}

/// Mostly no limits at all; otherwise each period limited with even odds, now and then to zero.
fn limits(max: u32) -> impl Strategy<Value = PeriodLimits> {
    let limit = prop_oneof![4 => Just(None), 1 => Just(Some(0)), 3 => (1..max).prop_map(Some)];
    let some = (limit.clone(), limit.clone(), limit.clone(), limit).prop_map(|(day, week, month, year)| PeriodLimits {
        day,
        week,
        month,
        year,
    });
    prop_oneof![3 => Just(PeriodLimits::default()), 1 => some]
}

fn rules(base: NaiveDate) -> impl Strategy<Value = Rules> {
    let length = proptest::sample::select(vec![5u32, 7, 15, 20, 25, 30, 45, 60, 90, 120]);
    let interval =
        proptest::sample::select(vec![None, Some(5u32), Some(7), Some(10), Some(15), Some(25), Some(45), Some(60)]);
    let small = prop_oneof![2 => Just(0u32), 1 => 0..50u32];
    let seats = prop_oneof![2 => Just(None), 1 => (1..5u32).prop_map(Some)];
    (
        (
            length,
            interval,
            prop_oneof![Just(0u32), 0..400u32],
            small.clone(),
            small.clone(),
            prop_oneof![3 => Just(0u32), 1 => 0..20u32],
        ),
        (
            window(base),
            limits(6),
            limits(600),
            proptest::bool::weighted(0.25),
            seats,
            proptest::sample::select(WEEKDAY_LIST.to_vec()),
        ),
    )
        .prop_map(
            |(
                (
                    length_minutes,
                    interval_minutes,
                    minimum_notice_minutes,
                    before_buffer_minutes,
                    after_buffer_minutes,
                    offset_start_minutes,
                ),
                (window, count_limits, duration_limits, only_first_per_day, seats_per_slot, week_start),
            )| Rules {
                length_minutes,
                interval_minutes,
                minimum_notice_minutes,
                before_buffer_minutes,
                after_buffer_minutes,
                offset_start_minutes,
                window,
                count_limits,
                duration_limits,
                only_first_per_day,
                seats_per_slot,
                week_start,
            },
        )
}

/// An instant `minutes` (plus sometimes a fraction of a second) after `origin`.
fn instant(origin: DateTime<Utc>, minutes: std::ops::Range<i64>) -> impl Strategy<Value = DateTime<Utc>> {
    (minutes, prop_oneof![4 => Just(0i64), 1 => 0..60_000i64])
        .prop_map(move |(m, millis)| origin + TimeDelta::minutes(m) + TimeDelta::milliseconds(millis))
}

fn intervals(origin: DateTime<Utc>, count: usize) -> impl Strategy<Value = Vec<Interval>> {
    proptest::collection::vec((instant(origin, -1440..7 * 1440), prop_oneof![5 => 0..180i64, 1 => -30..0i64]), 0..count)
        .prop_map(|v| {
            v.into_iter().map(|(start, minutes)| interval(start, start + TimeDelta::minutes(minutes))).collect()
        })
}

fn seated(origin: DateTime<Utc>) -> impl Strategy<Value = Vec<SeatedBooking>> {
    // Starts on whole hours of UTC, where slots of most zones and frequencies start too.
    proptest::collection::vec((0..6 * 24i64, 1..7i64, 0..3u32), 0..4).prop_map(move |v| {
        v.into_iter()
            .map(|(hour, quarters, attendees)| {
                let start = origin + TimeDelta::hours(hour);
                SeatedBooking { start, end: start + TimeDelta::minutes(15 * quarters), attendees }
            })
            .collect()
    })
}

fn case() -> impl Strategy<Value = Case> {
    (zone(), proptest::sample::select(BASES.to_vec())).prop_flat_map(|(zone, (month, day))| {
        let base = date(2026, month, day);
        let origin = base.and_hms_opt(0, 0, 0).unwrap().and_utc();
        (
            (schedule(zone, base), rules(base)),
            (instant(origin, 0..4 * 1440), 0..4 * 1440i64, prop_oneof![3 => -2880..0i64, 1 => -1440..4 * 1440i64]),
            (intervals(origin, 12), intervals(origin, 6), seated(origin), self::zone()),
        )
            .prop_map(|((schedule, rules), (from, span, now), (busy, counted, seated, day_zone))| {
                let mut case = Case::new(schedule, rules, from, from + TimeDelta::minutes(span));
                // Mostly asked before `from`, sometimes in the middle of the range or after it.
                case.now = from + TimeDelta::minutes(now) + TimeDelta::milliseconds(now.rem_euclid(3) * 400);
                case.busy = busy;
                case.counted = counted;
                case.seated = seated;
                case.day_zone = day_zone;
                case
            })
    })
}

/// Whether two dates fall in the same period of the given kind (0 day, 1 week, 2 month, 3 year).
fn same_period(kind: usize, a: NaiveDate, b: NaiveDate, week_start: Weekday) -> bool {
    let week = |d: NaiveDate| d.week(week_start).first_day();
    match kind {
        0 => a == b,
        1 => week(a) == week(b),
        2 => (a.year(), a.month()) == (b.year(), b.month()),
        _ => a.year() == b.year(),
    }
}

/// Seated events in open hours (06:00-22:00 every day), with seated bookings on the local quarter hours where
/// slots start, so that joining, filling up and blocking all happen often.
fn seated_case() -> impl Strategy<Value = Case> {
    let length = proptest::sample::select(vec![15u32, 30, 60]);
    let interval = proptest::sample::select(vec![None, Some(15u32), Some(30)]);
    (zone(), proptest::sample::select(BASES.to_vec()), length, interval, 1..5u32, 0..20u32, 0..20u32).prop_flat_map(
        |(zone, (month, day), length, interval, seats, before, after)| {
            let base = date(2026, month, day);
            let origin = local(zone, 2026, month, day, 12, 0);
            let bookings = proptest::collection::vec((-40..40i64, 1..9i64, 0..5u32), 1..6).prop_map(move |v| {
                v.into_iter()
                    .map(|(quarter, quarters, attendees)| {
                        let start = origin + TimeDelta::minutes(15 * quarter);
                        SeatedBooking { start, end: start + TimeDelta::minutes(15 * quarters), attendees }
                    })
                    .collect::<Vec<_>>()
            });
            let busy = intervals(base.and_hms_opt(0, 0, 0).unwrap().and_utc(), 3);
            (bookings, busy).prop_map(move |(seated, busy)| {
                let mut rules = super::support::rules(length);
                rules.interval_minutes = interval;
                rules.seats_per_slot = Some(seats);
                rules.before_buffer_minutes = before;
                rules.after_buffer_minutes = after;
                let from = origin - TimeDelta::hours(12);
                let mut case =
                    Case::new(weekly(zone, &EVERY_DAY, 6 * 60, 22 * 60), rules, from, from + TimeDelta::days(1));
                case.seated = seated;
                case.busy = busy;
                case
            })
        },
    )
}

/// Dates of 2026 with a change of offset in a zone, in the small hours or (Santiago) at midnight.
const CHANGES: [(Tz, u32, u32); 10] = [
    (chrono_tz::America::New_York, 3, 8),
    (chrono_tz::America::New_York, 11, 1),
    (chrono_tz::Europe::Berlin, 3, 29),
    (chrono_tz::Europe::Berlin, 10, 25),
    (chrono_tz::Australia::Lord_Howe, 4, 5),
    (chrono_tz::Australia::Lord_Howe, 10, 4),
    (chrono_tz::America::Santiago, 4, 4),
    (chrono_tz::America::Santiago, 9, 5),
    (chrono_tz::America::St_Johns, 3, 8),
    (chrono_tz::America::St_Johns, 11, 1),
];

/// Night-time availability on the nights offsets change, asked from around the change, so that ranges start and
/// end in gaps and folds and the grid is rounded across the change.
fn night_case() -> impl Strategy<Value = Case> {
    let edge = prop_oneof![(0..300u16), (1260..1440u16)];
    let range = (edge, 1..300u16).prop_map(|(start, length)| (start, (start + length).min(1440)));
    let length = proptest::sample::select(vec![5u32, 15, 20, 30, 45, 60]);
    let interval = proptest::sample::select(vec![None, Some(5u32), Some(15), Some(25)]);
    (
        proptest::sample::select(CHANGES.to_vec()),
        proptest::collection::vec(range, 1..4),
        (length, interval, 0..30u32),
        (-360..360i64, 0..60i64),
    )
        .prop_map(|((zone, month, day), ranges, (length, interval, notice), (now, seconds))| {
            let schedule = Schedule {
                time_zone: zone,
                weekly: ranges
                    .into_iter()
                    .map(|(start_minute, end_minute)| WeeklyRange {
                        days: EVERY_DAY.to_vec(),
                        start_minute,
                        end_minute,
                    })
                    .collect(),
                overrides: vec![],
            };
            let mut rules = super::support::rules(length);
            rules.interval_minutes = interval;
            rules.minimum_notice_minutes = notice;
            let midnight = local(zone, 2026, month, day, 12, 0) - TimeDelta::hours(12);
            let mut case = Case::new(schedule, rules, midnight - TimeDelta::days(1), midnight + TimeDelta::days(2));
            case.now = midnight + TimeDelta::minutes(now) + TimeDelta::seconds(seconds);
            case
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn engine_agrees_with_reference_and_keeps_every_rule(case in case()) {
        let query = case.query();
        let rules = &case.rules;
        let slots = crate::available_slots(&query);
        prop_assert_eq!(&slots, &reference::available_slots(&query));
        prop_assert_eq!(&slots, &case.composed());

        let zone = case.schedule.time_zone;
        let length = TimeDelta::minutes(rules.length_minutes.into());
        let before = TimeDelta::minutes(rules.before_buffer_minutes.into());
        let after = TimeDelta::minutes(rules.after_buffer_minutes.into());
        let available = reference::availability(&query);
        prop_assert!(slots.windows(2).all(|w| w[0].start < w[1].start), "sorted and unique");
        for slot in &slots {
            prop_assert_eq!(slot.end - slot.start, length);
            prop_assert!(case.from <= slot.start && slot.start < case.to);
            prop_assert!(slot.start >= case.now + TimeDelta::minutes(rules.minimum_notice_minutes.into()));
            prop_assert!(available.iter().any(|a| a.start <= slot.start && slot.end <= a.end), "inside availability");
            // Busy time, and seated bookings other than the one the slot joins, stay clear of the buffers.
            let seated_blocking = case
                .seated
                .iter()
                .filter(|s| rules.seats_per_slot.is_none() || s.start != slot.start)
                .map(|s| interval(s.start, s.end));
            for busy in case.busy.iter().copied().chain(seated_blocking) {
                let (earliest, latest) = (slot.start - before, slot.end + after);
                prop_assert!(earliest.max(busy.start) >= latest.min(busy.end), "clear of busy time");
            }
            prop_assert_eq!(slot.attendees.is_some(), rules.seats_per_slot.is_some());
            let date = slot.start.with_timezone(&zone).date_naive();
            for kind in 0..4 {
                let limit = |l: &PeriodLimits| [l.day, l.week, l.month, l.year][kind];
                let in_period: Vec<&Interval> = case
                    .counted
                    .iter()
                    .filter(|c| same_period(kind, c.start.with_timezone(&zone).date_naive(), date, rules.week_start))
                    .collect();
                if let Some(max) = limit(&rules.count_limits) {
                    prop_assert!(in_period.len() < max as usize, "count limit");
                }
                if let Some(max) = limit(&rules.duration_limits) {
                    let booked: TimeDelta = in_period.iter().map(|c| (c.end - c.start).max(TimeDelta::zero())).sum();
                    prop_assert!(booked + length <= TimeDelta::minutes(max.into()), "duration limit");
                }
            }
        }
    }

    #[test]
    fn set_operations_match_a_minute_model(
        a in proptest::collection::vec((0..200i64, 0..40i64), 0..8),
        b in proptest::collection::vec((0..200i64, 0..40i64), 0..8),
    ) {
        let origin = utc(2026, 1, 5, 0, 0);
        let to_intervals = |v: &[(i64, i64)]| -> Vec<Interval> {
            let at = |minute| origin + TimeDelta::minutes(minute);
            v.iter().map(|&(start, length)| interval(at(start), at(start + length))).collect()
        };
        // Which of the first 260 minutes the intervals cover.
        let minutes = |v: &[Interval]| -> Vec<bool> {
            (0..260)
                .map(|m| origin + TimeDelta::minutes(m))
                .map(|t| v.iter().any(|i| i.start <= t && t < i.end))
                .collect()
        };
        let (ia, ib) = (to_intervals(&a), to_intervals(&b));
        let (ma, mb) = (minutes(&ia), minutes(&ib));
        let normalized =
            |v: &[Interval]| v.windows(2).all(|w| w[0].end < w[1].start) && v.iter().all(|i| i.start < i.end);
        let sub = subtract(&ia, &ib);
        let both = intersect(&ia, &ib);
        let either = union(&ia, &ib);
        prop_assert!(normalized(&sub) && normalized(&both) && normalized(&either));
        prop_assert_eq!(minutes(&sub), ma.iter().zip(&mb).map(|(x, y)| *x && !*y).collect::<Vec<_>>());
        prop_assert_eq!(minutes(&both), ma.iter().zip(&mb).map(|(x, y)| *x && *y).collect::<Vec<_>>());
        prop_assert_eq!(minutes(&either), ma.iter().zip(&mb).map(|(x, y)| *x || *y).collect::<Vec<_>>());
    }

    #[test]
    fn seated_events_agree_with_reference(case in seated_case()) {
        let query = case.query();
        let slots = crate::available_slots(&query);
        prop_assert_eq!(&slots, &reference::available_slots(&query));
        let seats = case.rules.seats_per_slot.unwrap_or_default();
        for slot in &slots {
            let joined: u32 = case.seated.iter().filter(|b| b.start == slot.start).map(|b| b.attendees).sum();
            prop_assert_eq!(slot.attendees, Some(joined));
            prop_assert!(joined < seats);
        }
    }

    #[test]
    fn nights_with_changes_of_offset_agree_with_reference(case in night_case()) {
        let query = case.query();
        prop_assert_eq!(crate::available_slots(&query), reference::available_slots(&query));
    }
}

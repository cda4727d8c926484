//! Builders shared by the scenario and property tests.

use chrono::{DateTime, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

use crate::{
    DateOverride, Interval, Query, Rules, Schedule, SeatedBooking, Slot, WeeklyRange, availability, blocked_time,
    reference, slots_in, subtract,
};

pub(super) const WEEKDAYS: [Weekday; 5] = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];
pub(super) const EVERY_DAY: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

/// Rules with only a length: no buffers, notice, window, limits or seats.
pub(super) fn rules(length_minutes: u32) -> Rules {
    Rules {
        length_minutes,
        interval_minutes: None,
        minimum_notice_minutes: 0,
        before_buffer_minutes: 0,
        after_buffer_minutes: 0,
        offset_start_minutes: 0,
        window: None,
        count_limits: Default::default(),
        duration_limits: Default::default(),
        only_first_per_day: false,
        seats_per_slot: None,
        week_start: Weekday::Mon,
    }
}

pub(super) fn weekly(zone: Tz, days: &[Weekday], start_minute: u16, end_minute: u16) -> Schedule {
    Schedule {
        time_zone: zone,
        weekly: vec![WeeklyRange { days: days.to_vec(), start_minute, end_minute }],
        overrides: vec![],
    }
}

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub(super) fn override_on(date: NaiveDate, start_minute: u16, end_minute: u16) -> DateOverride {
    DateOverride { date, start_minute, end_minute }
}

/// An instant given by its wall-clock time in `zone` (which must be unambiguous).
pub(super) fn local(zone: Tz, y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    zone.with_ymd_and_hms(y, m, d, h, min, 0).single().expect("unambiguous local time").with_timezone(&Utc)
}

pub(super) fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

pub(super) fn interval(start: DateTime<Utc>, end: DateTime<Utc>) -> Interval {
    Interval { start, end }
}

/// One engine input, owned.
#[derive(Debug, Clone)]
pub(super) struct Case {
    pub(super) schedule: Schedule,
    pub(super) rules: Rules,
    pub(super) from: DateTime<Utc>,
    pub(super) to: DateTime<Utc>,
    pub(super) now: DateTime<Utc>,
    pub(super) busy: Vec<Interval>,
    pub(super) counted: Vec<Interval>,
    pub(super) seated: Vec<SeatedBooking>,
    pub(super) day_zone: Tz,
}

impl Case {
    /// Slots of `schedule` with `rules` starting in `[from, to)`, asked a week before `from`.
    pub(super) fn new(schedule: Schedule, rules: Rules, from: DateTime<Utc>, to: DateTime<Utc>) -> Case {
        let day_zone = schedule.time_zone;
        Case {
            schedule,
            rules,
            from,
            to,
            now: from - chrono::TimeDelta::days(7),
            busy: vec![],
            counted: vec![],
            seated: vec![],
            day_zone,
        }
    }

    pub(super) fn query(&self) -> Query<'_> {
        Query {
            schedule: &self.schedule,
            rules: &self.rules,
            from: self.from,
            to: self.to,
            now: self.now,
            busy: &self.busy,
            counted: &self.counted,
            seated: &self.seated,
            day_zone: self.day_zone,
        }
    }

    /// The engine's slots, after checking that the naive reference and the public building blocks agree.
    pub(super) fn slots(&self) -> Vec<Slot> {
        let query = self.query();
        let slots = crate::available_slots(&query);
        assert_eq!(slots, reference::available_slots(&query), "engine and reference disagree on {self:#?}");
        assert_eq!(slots, self.composed(), "engine and its public building blocks disagree on {self:#?}");
        slots
    }

    /// The slots computed through the public building blocks.
    pub(super) fn composed(&self) -> Vec<Slot> {
        let query = self.query();
        let params = query.params();
        let Some(horizon) = params.horizon() else { return Vec::new() };
        let available = availability(query.schedule, horizon.start, horizon.end);
        let free = subtract(&available, &blocked_time(query.busy, query.rules));
        slots_in(&free, &params)
    }

    /// The slot starts as wall-clock times with offsets in the schedule's zone, e.g. `2026-01-05 09:00 -05:00`.
    pub(super) fn starts(&self) -> Vec<String> {
        let zone = self.schedule.time_zone;
        self.slots().iter().map(|s| s.start.with_timezone(&zone).format("%Y-%m-%d %H:%M %:z").to_string()).collect()
    }
}

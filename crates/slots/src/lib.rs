//! The Calends slot engine: a schedule, busy time and booking rules in; bookable slots out. Pure code: no I/O, no
//! clock (the caller passes `now`), no HTTP.
//!
//! The types below are the engine's interface, shared with the domain and server crates.
//!
//! # How slots are computed
//!
//! [`available_slots`] is a composition of public building blocks, which team features reuse (a collective event
//! intersects several hosts' free time, a round-robin event takes their union):
//!
//! 1. [`availability`]: the schedule expanded day by day in its own time zone into merged UTC ranges.
//! 2. [`blocked_time`]: busy time widened by the event's buffers; [`subtract`] removes it from the availability,
//!    which gives the free time.
//! 3. [`slots_in`]: free time to slots: minimum notice, alignment on local wall-clock boundaries, booking window,
//!    period limits, seats, the `[from, to)` filter and `only_first_per_day`.
//!
//! [`SlotParams::horizon`] says which stretch of free time step 3 needs, so that step 1 expands the right dates.
//!
//! # Choices beyond Cal.com's rules
//!
//! - Slots start and end on whole seconds; sub-second input is rounded so that comparisons stay exact (busy time
//!   outward, free time inward, `now`, `from` and `to` up).
//! - The engine looks at local dates from the day before `from`'s date (today's, if later) or, for a rolling
//!   booking window, from today; free time already open at the start of that date starts the slot grid there
//!   (see [`SlotParams::horizon`]).
//! - Overrides of a date are united; an override with `start_minute == end_minute` contributes nothing, so alone it
//!   makes the date a day off. An `end_minute` past 1440 counts as 1440; ranges with `start >= end` are ignored.
//! - Seated bookings veto slots but never move the slot grid; bookings starting at the same instant are one
//!   booking (attendees add up). For an event that is not seated, seated bookings are plain busy time.
//! - Counted bookings belong to the period of their start; reversed ones count with zero minutes.
//! - `only_first_per_day` applies last, to the slots in `[from, to)`.
//!
//! # Input that produces no slots
//!
//! A length of zero minutes, an interval of zero minutes, zero seats per slot or `to <= from` produce no slots
//! (rather than an endless loop or an error). Instants that chrono cannot represent produce no slots either.
//!
//! # Cost
//!
//! The work is linear in the number of days between the first date looked at and `to`, and in the number of busy
//! intervals (they are bucketed by day before sorting, unless spread over more than twice as many days as there
//! are intervals). Callers bound the query range; the engine does not cap it.

use chrono::{DateTime, NaiveDate, Utc, Weekday};
pub use chrono_tz::Tz;

mod availability;
mod busy;
mod calendar;
mod engine;
mod grid;
mod instant;
mod limits;
#[doc(hidden)]
pub mod reference;
mod seats;
mod set_ops;
mod team;
#[cfg(test)]
mod tests;
mod timeline;
mod window;

pub use availability::availability;
pub use busy::blocked_time;
pub use engine::{SlotParams, slots_in};
pub use grid::boundary_minutes;
pub use set_ops::{intersect, normalize, subtract, union};
pub use team::{TeamSlot, free_time, holds, team_slots};

/// Weekly working hours: on each of `days`, from `start_minute` to `end_minute` local time (minutes since local
/// midnight; `end_minute` may be 1440, the end of the day). `start_minute < end_minute`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklyRange {
    pub days: Vec<Weekday>,
    pub start_minute: u16,
    pub end_minute: u16,
}

/// Availability for one date that replaces the weekly hours of that date. All overrides of a date together form
/// that date's availability; an override with `start_minute == end_minute` makes the date unavailable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateOverride {
    pub date: NaiveDate,
    pub start_minute: u16,
    pub end_minute: u16,
}

/// When someone is available, in the schedule's own time zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub time_zone: Tz,
    pub weekly: Vec<WeeklyRange>,
    pub overrides: Vec<DateOverride>,
}

/// A half-open UTC interval `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Limits per calendar period (in the schedule's time zone; weeks start on [`Rules::week_start`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PeriodLimits {
    pub day: Option<u32>,
    pub week: Option<u32>,
    pub month: Option<u32>,
    pub year: Option<u32>,
}

/// How far ahead slots may be booked, in the schedule's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingWindow {
    /// The next `days` business days (Monday to Friday), today included. With `rolling`, only days that have
    /// availability count, so bookers always see `days` bookable business days.
    BusinessDays { days: u32, rolling: bool },
    /// The next `days` calendar days, today included. With `rolling`, only days that have availability count.
    CalendarDays { days: u32, rolling: bool },
    /// Only dates from `start` to `end`, both included.
    Range { start: NaiveDate, end: NaiveDate },
}

/// The booking rules of an event type that shape its slots.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    pub length_minutes: u32,
    /// Distance between slot starts; `None` means the length.
    pub interval_minutes: Option<u32>,
    pub minimum_notice_minutes: u32,
    /// Free time needed before a slot (no busy time may touch it).
    pub before_buffer_minutes: u32,
    /// Free time needed after a slot.
    pub after_buffer_minutes: u32,
    /// Shifts every slot start later by this many minutes.
    pub offset_start_minutes: u32,
    pub window: Option<BookingWindow>,
    /// At most this many bookings of the event type per period.
    pub count_limits: PeriodLimits,
    /// At most this many booked minutes of the event type per period.
    pub duration_limits: PeriodLimits,
    /// Offer only the first slot of each day (days of [`Query::day_zone`]).
    pub only_first_per_day: bool,
    /// Seated event: each slot takes up to this many attendees.
    pub seats_per_slot: Option<u32>,
    pub week_start: Weekday,
}

/// An existing seated booking of this event type: its own start stays bookable while seats are left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeatedBooking {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub attendees: u32,
}

/// Everything the engine needs for one computation.
#[derive(Debug, Clone)]
pub struct Query<'a> {
    pub schedule: &'a Schedule,
    pub rules: &'a Rules,
    /// Slots that start in `[from, to)` are returned.
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub now: DateTime<Utc>,
    /// Time the host is busy (other bookings, reservations, ...), in any order, possibly overlapping.
    pub busy: &'a [Interval],
    /// Bookings of this event type that count toward the period limits.
    pub counted: &'a [Interval],
    /// Seated bookings of this event type (not also listed in `busy`).
    pub seated: &'a [SeatedBooking],
    /// The zone whose calendar days `only_first_per_day` uses (the zone the slots are shown in).
    pub day_zone: Tz,
}

/// A bookable slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Slot {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// For seated events: how many attendees the slot already has.
    pub attendees: Option<u32>,
}

/// The bookable slots of `query`, sorted by start, without duplicates.
///
/// Equivalent to (but faster than, as it skips the conversions between the public types):
///
/// ```
/// # use calends_slots::*;
/// # fn composed(query: &Query<'_>) -> Vec<Slot> {
/// let params = query.params();
/// let Some(horizon) = params.horizon() else { return Vec::new() };
/// let available = availability(query.schedule, horizon.start, horizon.end);
/// let free = subtract(&available, &blocked_time(query.busy, query.rules));
/// slots_in(&free, &params)
/// # }
/// ```
pub fn available_slots(query: &Query<'_>) -> Vec<Slot> {
    let params = query.params();
    let Some(plan) = engine::Plan::new(&params) else { return Vec::new() };
    let available = availability::expand(query.schedule, &plan.timeline, plan.first_day, plan.last_day);
    let free = set_ops::subtract_normalized(&available, &busy::widen(query.busy, query.rules));
    plan.slots(&free, &params)
}

impl<'a> Query<'a> {
    /// The parts of the query that [`slots_in`] needs: everything but the schedule's hours and the busy time.
    pub fn params(&self) -> SlotParams<'a> {
        SlotParams {
            time_zone: self.schedule.time_zone,
            rules: self.rules,
            from: self.from,
            to: self.to,
            now: self.now,
            counted: self.counted,
            seated: self.seated,
            day_zone: self.day_zone,
        }
    }
}

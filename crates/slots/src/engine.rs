//! Free time to slots: the part of the engine after availability and busy time.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::calendar::{DAY, local_day};
use crate::grid::Grid;
use crate::instant::{self, Span, UtcConverter};
use crate::limits::Limits;
use crate::seats::{Seats, Verdict};
use crate::set_ops::normalize_in_place;
use crate::timeline::Timeline;
use crate::window::Window;
use crate::{BookingWindow, Interval, Rules, SeatedBooking, Slot};

/// Everything [`slots_in`] needs besides the free time. [`Query::params`](crate::Query::params) makes one.
#[derive(Debug, Clone)]
pub struct SlotParams<'a> {
    /// The zone whose wall clock slots align to and whose dates the booking window and the period limits count:
    /// the schedule's zone.
    pub time_zone: Tz,
    pub rules: &'a Rules,
    /// Slots that start in `[from, to)` are returned.
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub now: DateTime<Utc>,
    /// Bookings of this event type that count toward the period limits.
    pub counted: &'a [Interval],
    /// Seated bookings of this event type.
    pub seated: &'a [SeatedBooking],
    /// The zone whose calendar days `only_first_per_day` uses.
    pub day_zone: Tz,
}

impl SlotParams<'_> {
    /// The stretch of free time that [`slots_in`] looks at; `None` when the parameters cannot produce slots.
    ///
    /// It starts at the first instant of the first local date considered: the day before `from`'s date, or today
    /// if that is later, or today for a rolling booking window (which counts bookable days from today). It ends
    /// where the last slot that could start before `to` would end. Free time before the start is ignored: a free
    /// range already open then has its slot grid start there, so the grid of availability that runs without a
    /// break across that midnight depends on `from`.
    pub fn horizon(&self) -> Option<Interval> {
        let plan = Plan::new(self)?;
        Span { start: plan.horizon_start, end: plan.horizon_end }.to_interval()
    }
}

/// Whether `window` counts only days that have slots.
fn is_rolling(window: Option<BookingWindow>) -> bool {
    matches!(
        window,
        Some(BookingWindow::CalendarDays { rolling: true, .. } | BookingWindow::BusinessDays { rolling: true, .. })
    )
}

/// A query's parameters resolved to whole seconds and day numbers, with the zone's offsets looked up.
pub(crate) struct Plan {
    zone: Tz,
    /// Offsets of the schedule's zone, from a day before the first date to a day after the last.
    pub(crate) timeline: Timeline,
    /// The local dates whose availability matters.
    pub(crate) first_day: i64,
    pub(crate) last_day: i64,
    grid: Grid,
    horizon_start: i64,
    horizon_end: i64,
    /// `now` plus the minimum notice.
    earliest_start: i64,
    from: i64,
    to: i64,
    today: i64,
}

impl Plan {
    /// `None` when `params` cannot produce slots (see the crate docs) or no date is left to look at.
    pub(crate) fn new(params: &SlotParams<'_>) -> Option<Plan> {
        let rules = params.rules;
        let grid = Grid::new(rules)?;
        if rules.seats_per_slot == Some(0) || params.to <= params.from {
            return None;
        }
        let zone = params.time_zone;
        let today = local_day(zone, params.now);
        let first_day = if is_rolling(rules.window) { today } else { today.max(local_day(zone, params.from) - 1) };
        let to = instant::ceil(params.to);
        let horizon_end = to + grid.reach();
        let last_day = local_day(zone, instant::to_utc(horizon_end)?);
        if first_day > last_day {
            return None;
        }
        let timeline = Timeline::new(zone, (first_day - 1) * DAY, (last_day + 2) * DAY);
        Some(Plan {
            zone,
            horizon_start: timeline.earliest(first_day * DAY),
            timeline,
            first_day,
            last_day,
            grid,
            horizon_end,
            earliest_start: instant::ceil(params.now) + instant::minutes(rules.minimum_notice_minutes),
            from: instant::ceil(params.from),
            to,
            today,
        })
    }

    /// The slots in `free` (normalized whole-second spans) under `params`, the parameters this plan was made from.
    pub(crate) fn slots(&self, free: &[Span], params: &SlotParams<'_>) -> Vec<Slot> {
        let rules = params.rules;
        let window = Window::new(rules.window, self.today);
        let limits = Limits::new(rules, params.counted, params.time_zone);
        let seats = Seats::new(params.seated, rules);
        let rolling = matches!(window, Window::Rolling { .. });
        // A rolling window counts days with slots from today, so slots before `from` are found first and dropped
        // at the end.
        let not_before = if rolling { self.horizon_start } else { self.from };
        let earliest = self.earliest_start.max(self.horizon_start);

        let mut cursor = self.timeline.cursor();
        // Slots come day by day: decide each day once.
        let mut last_decision: Option<(i64, bool)> = None;
        let mut found: Vec<Found> = Vec::new();
        let first_range = free.partition_point(|range| range.end <= earliest);
        'ranges: for &range in &free[first_range..] {
            let anchor = range.start.max(earliest);
            if anchor >= range.end {
                continue;
            }
            for start in self.grid.starts(range, anchor, not_before, &self.timeline) {
                if start >= self.to {
                    // Ranges are sorted: every later slot starts later still.
                    break 'ranges;
                }
                let day = cursor.local_day(start);
                let allowed = match last_decision {
                    Some((decided, allowed)) if decided == day => allowed,
                    _ => {
                        let allowed = window.allows(day) && limits.as_ref().is_none_or(|l| l.allows(day));
                        last_decision = Some((day, allowed));
                        allowed
                    }
                };
                if !allowed {
                    continue;
                }
                if let Verdict::Offered(attendees) = seats.check(start, start + self.grid.length) {
                    found.push(Found { start, day, attendees });
                }
            }
        }

        if let Some(last_day) = window.rolling_last_day(found.iter().map(|f| f.day)) {
            found.retain(|f| f.day <= last_day && f.start >= self.from);
        }
        if rules.only_first_per_day {
            self.keep_first_per_day(&mut found, params.day_zone);
        }
        let mut converter = UtcConverter::new();
        found
            .into_iter()
            .filter_map(|f| {
                let start = converter.convert(f.start)?;
                let end = converter.convert(f.start + self.grid.length)?;
                Some(Slot { start, end, attendees: f.attendees })
            })
            .collect()
    }

    /// Keeps the first of `found` (sorted by start) on each calendar day of `day_zone`.
    fn keep_first_per_day(&self, found: &mut Vec<Found>, day_zone: Tz) {
        let own;
        let timeline = if day_zone == self.zone {
            &self.timeline
        } else {
            own = Timeline::new(day_zone, self.horizon_start - DAY, self.horizon_end + DAY);
            &own
        };
        let mut cursor = timeline.cursor();
        // A set rather than "same as the previous day": a fall-back change at midnight can revisit a day.
        let mut seen = HashSet::new();
        found.retain(|f| seen.insert(cursor.local_day(f.start)));
    }
}

/// A slot that passed every check but the final filters.
#[derive(Debug, Clone, Copy)]
struct Found {
    start: i64,
    /// Local day of the start in the schedule's zone.
    day: i64,
    attendees: Option<u32>,
}

/// The slots of an event with `params` in the free time `free` (any order; typically availability minus
/// [`blocked_time`](crate::blocked_time), and for team events the [`intersect`](crate::intersect)ion or
/// [`union`](crate::union) of several hosts' free time), sorted by start, without duplicates.
///
/// Applies the minimum notice, the alignment of the slot grid (see [`boundary_minutes`](crate::boundary_minutes)),
/// the start offset, the booking window, the period limits, the seats, the `[from, to)` filter and
/// `only_first_per_day`, in that order. Free time outside [`SlotParams::horizon`] is ignored.
pub fn slots_in(free: &[Interval], params: &SlotParams<'_>) -> Vec<Slot> {
    let Some(plan) = Plan::new(params) else { return Vec::new() };
    let mut exact = free.to_vec();
    // Merge first, exactly: free intervals touching at a fraction of a second are one range.
    normalize_in_place(&mut exact);
    let mut spans: Vec<Span> = exact.iter().map(Span::within).collect();
    normalize_in_place(&mut spans);
    plan.slots(&spans, params)
}

//! Seated bookings: existing bookings of this event type that more attendees may join.
//!
//! Each seated booking blocks the slots that overlap it (buffers included, as for busy time), except the slot that
//! starts exactly when it starts: that one is offered, with the booking's attendee count, while seats are left.
//! Seated bookings never move the slot grid; they only veto slots on it. Bookings that start at the same instant
//! are one booking: their attendees add up.
//!
//! When the event is not seated (any more), seated bookings are plain busy time: they block every slot they
//! overlap.

use chrono::Timelike;

use crate::instant::{self, Span};
use crate::{Interval, Rules, SeatedBooking};

/// What the seated bookings say about one slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Blocked,
    /// Offered, with its attendee count for a seated event (`None` for other events).
    Offered(Option<u32>),
}

/// The time one seated booking blocks, widened by the buffers.
#[derive(Debug, Clone, Copy)]
struct Block {
    span: Span,
    /// Index into [`Seats::groups`] of the booking's start.
    group: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Seats {
    capacity: Option<u32>,
    /// Distinct booking starts as (whole seconds, nanoseconds), sorted, with their summed attendees.
    groups: Vec<((i64, u32), u32)>,
    /// Sorted by start.
    blocks: Vec<Block>,
    /// `reach[i]` is the latest end among `blocks[..=i]`: a backward scan stops once nothing earlier reaches a slot.
    reach: Vec<i64>,
}

impl Seats {
    pub(crate) fn new(seated: &[SeatedBooking], rules: &Rules) -> Seats {
        let mut bookings = seated.to_vec();
        bookings.sort_unstable_by_key(|b| b.start);
        let mut groups: Vec<((i64, u32), u32)> = Vec::new();
        let mut blocks = Vec::with_capacity(bookings.len());
        let (before, after) =
            (instant::minutes(rules.before_buffer_minutes), instant::minutes(rules.after_buffer_minutes));
        for booking in &bookings {
            let key = (instant::floor(booking.start), booking.start.nanosecond());
            match groups.last_mut() {
                Some((last, attendees)) if *last == key => *attendees = attendees.saturating_add(booking.attendees),
                _ => groups.push((key, booking.attendees)),
            }
            if booking.start < booking.end {
                let span = Span::covering(&Interval { start: booking.start, end: booking.end });
                blocks.push(Block {
                    span: Span { start: span.start - after, end: span.end + before },
                    group: groups.len() - 1,
                });
            }
        }
        blocks.sort_by_key(|b| b.span.start);
        let reach = blocks
            .iter()
            .scan(i64::MIN, |latest, block| {
                *latest = (*latest).max(block.span.end);
                Some(*latest)
            })
            .collect();
        Seats { capacity: rules.seats_per_slot, groups, blocks, reach }
    }

    /// The verdict on slot `[start, end)` (whole seconds).
    pub(crate) fn check(&self, start: i64, end: i64) -> Verdict {
        let Some(capacity) = self.capacity else {
            return if self.overlaps_other(start, end, None) { Verdict::Blocked } else { Verdict::Offered(None) };
        };
        let own = self.groups.binary_search_by_key(&(start, 0), |&(key, _)| key).ok();
        let attendees = own.map_or(0, |group| self.groups[group].1);
        if attendees >= capacity || self.overlaps_other(start, end, own) {
            Verdict::Blocked
        } else {
            Verdict::Offered(Some(attendees))
        }
    }

    /// Whether a booking other than those of group `own` blocks time in `[start, end)`.
    fn overlaps_other(&self, start: i64, end: i64, own: Option<usize>) -> bool {
        let candidates = self.blocks.partition_point(|b| b.span.start < end);
        (0..candidates)
            .rev()
            .take_while(|&i| self.reach[i] > start)
            .any(|i| self.blocks[i].span.end > start && Some(self.blocks[i].group) != own)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, TimeZone, Utc, Weekday};

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 5, h, m, 0).unwrap()
    }

    fn rules(seats: Option<u32>, before: u32) -> Rules {
        Rules {
            length_minutes: 30,
            interval_minutes: None,
            minimum_notice_minutes: 0,
            before_buffer_minutes: before,
            after_buffer_minutes: 0,
            offset_start_minutes: 0,
            window: None,
            count_limits: Default::default(),
            duration_limits: Default::default(),
            only_first_per_day: false,
            seats_per_slot: seats,
            week_start: Weekday::Mon,
        }
    }

    fn slot(h: u32, m: u32) -> (i64, i64) {
        (at(h, m).timestamp(), at(h, m).timestamp() + 1800)
    }

    #[test]
    fn seated_booking_is_joinable_at_its_start_and_blocks_around_it() {
        let seated = [
            SeatedBooking { start: at(10, 0), end: at(11, 0), attendees: 2 },
            SeatedBooking { start: at(10, 0), end: at(10, 30), attendees: 1 },
            SeatedBooking { start: at(13, 0), end: at(13, 30), attendees: 1 },
        ];
        let seats = Seats::new(&seated, &rules(Some(4), 0));
        assert_eq!(seats.check(slot(10, 0).0, slot(10, 0).1), Verdict::Offered(Some(3)));
        assert_eq!(seats.check(slot(10, 30).0, slot(10, 30).1), Verdict::Blocked);
        assert_eq!(seats.check(slot(11, 0).0, slot(11, 0).1), Verdict::Offered(Some(0)));
        assert_eq!(seats.check(slot(12, 30).0, slot(12, 30).1), Verdict::Offered(Some(0)));
        let full = Seats::new(&seated, &rules(Some(3), 0));
        assert_eq!(full.check(slot(10, 0).0, slot(10, 0).1), Verdict::Blocked);
        // The before buffer of 15 minutes keeps 11:00 away from the 10:00-11:00 booking.
        let buffered = Seats::new(&seated, &rules(Some(4), 15));
        assert_eq!(buffered.check(slot(11, 0).0, slot(11, 0).1), Verdict::Blocked);
    }

    #[test]
    fn seated_bookings_of_an_unseated_event_are_busy_time() {
        let seated = [SeatedBooking { start: at(10, 0), end: at(11, 0), attendees: 1 }];
        let seats = Seats::new(&seated, &rules(None, 0));
        assert_eq!(seats.check(slot(10, 0).0, slot(10, 0).1), Verdict::Blocked);
        assert_eq!(seats.check(slot(11, 0).0, slot(11, 0).1), Verdict::Offered(None));
    }
}

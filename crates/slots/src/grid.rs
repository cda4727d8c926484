//! Where slots start inside a free range: Cal.com's alignment rule.
//!
//! For each free range, the start (already moved to `now + minimum notice` if that is later) is rounded up to a
//! wall-clock boundary of the schedule's zone: the largest of 60, 30, 20, 15, 10 and 5 minutes that divides the
//! slot frequency (the interval, else the length), or 1 minute if the frequency is not a multiple of 5. Slots then
//! step by the frequency, each shifted later by the start offset, while the slot still fits in the range.
//!
//! Cal.com additionally snaps a range's start back to a slot boundary it already emitted for an earlier range, when
//! that boundary lies inside the current range and its slot still covers the rounded start. This engine does not:
//! each range starts at its own first aligned instant. The two only differ where ranges left over by buffers start
//! between earlier boundaries.

use crate::Rules;
use crate::instant::{self, Span};
use crate::timeline::Timeline;

/// Boundaries a slot frequency can align to, largest first.
const BOUNDARIES: [u32; 6] = [60, 30, 20, 15, 10, 5];

/// The wall-clock boundary, in minutes, that free ranges are rounded up to for slots every `frequency_minutes`:
/// the largest of 60, 30, 20, 15, 10 and 5 that divides it, else 1.
pub fn boundary_minutes(frequency_minutes: u32) -> u32 {
    BOUNDARIES.into_iter().find(|b| frequency_minutes.is_multiple_of(*b)).unwrap_or(1)
}

/// The slot grid of an event type, in seconds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Grid {
    /// Distance between slot starts.
    pub(crate) step: i64,
    /// What range starts are rounded up to, in local time.
    boundary: i64,
    pub(crate) length: i64,
    /// How much later than the grid point a slot starts.
    offset: i64,
}

impl Grid {
    /// `None` when the rules cannot produce slots: a zero length or zero interval would step forever.
    pub(crate) fn new(rules: &Rules) -> Option<Grid> {
        let frequency = rules.interval_minutes.unwrap_or(rules.length_minutes);
        if rules.length_minutes == 0 || frequency == 0 {
            return None;
        }
        Some(Grid {
            step: instant::minutes(frequency),
            boundary: instant::minutes(boundary_minutes(frequency)),
            length: instant::minutes(rules.length_minutes),
            offset: instant::minutes(rules.offset_start_minutes),
        })
    }

    /// How far past a grid point a slot can end: what free time must cover beyond the last slot start.
    pub(crate) fn reach(&self) -> i64 {
        self.offset + self.length
    }

    /// The starts of the slots that fit in free range `range`, whose grid begins at `anchor` (at or after the range
    /// start, and at or after the minimum notice), leaving out starts before `not_before` without changing the grid.
    pub(crate) fn starts(
        &self,
        range: Span,
        anchor: i64,
        not_before: i64,
        timeline: &Timeline,
    ) -> impl Iterator<Item = i64> + use<> {
        let step = self.step;
        let mut first = timeline.round_up(anchor, self.boundary) + self.offset;
        if first < not_before {
            // `not_before - first` is positive here, so this rounds the number of steps up.
            first += (not_before - first + step - 1) / step * step;
        }
        let last = range.end - self.length;
        std::iter::successors(Some(first), move |start| Some(start + step)).take_while(move |&start| start <= last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_are_the_largest_divisor_from_the_list() {
        let cases = [(60, 60), (30, 30), (45, 15), (90, 30), (40, 20), (25, 5), (50, 10), (120, 60), (7, 1), (1, 1)];
        for (frequency, boundary) in cases {
            assert_eq!(boundary_minutes(frequency), boundary, "frequency {frequency}");
        }
    }
}

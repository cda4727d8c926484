//! Set operations on half-open intervals: the algebra that turns schedules and busy time into free time, and that
//! team events use to combine hosts (collective = [`intersect`], round-robin = [`union`]).
//!
//! The algorithms are written once, over [`Bounds`], for both the public [`Interval`] (exact, nanosecond
//! precision) and the engine's internal whole-second [`Span`]. The internal versions expect *normalized* input:
//! sorted by start, non-empty, neither overlapping nor touching; the public wrappers normalize first.

use crate::Interval;
use crate::instant::Span;

/// A half-open interval whose ends are ordered instants.
pub(crate) trait Bounds: Copy {
    type At: Ord + Copy;
    fn start(&self) -> Self::At;
    fn end(&self) -> Self::At;
    fn new(start: Self::At, end: Self::At) -> Self;
}

impl Bounds for Interval {
    type At = chrono::DateTime<chrono::Utc>;
    fn start(&self) -> Self::At {
        self.start
    }
    fn end(&self) -> Self::At {
        self.end
    }
    fn new(start: Self::At, end: Self::At) -> Self {
        Interval { start, end }
    }
}

impl Bounds for Span {
    type At = i64;
    fn start(&self) -> i64 {
        self.start
    }
    fn end(&self) -> i64 {
        self.end
    }
    fn new(start: i64, end: i64) -> Self {
        Span { start, end }
    }
}

/// Drops empty intervals, sorts, and merges overlapping or touching ones, in place.
pub(crate) fn normalize_in_place<B: Bounds>(intervals: &mut Vec<B>) {
    intervals.retain(|i| i.start() < i.end());
    // Most callers already hold sorted data; checking is linear, sorting is not.
    if !intervals.is_sorted_by_key(|i| i.start()) {
        intervals.sort_unstable_by_key(|i| i.start());
    }
    let mut kept = 0;
    for index in 0..intervals.len() {
        let next = intervals[index];
        if kept > 0 && next.start() <= intervals[kept - 1].end() {
            let last = &mut intervals[kept - 1];
            *last = B::new(last.start(), last.end().max(next.end()));
        } else {
            intervals[kept] = next;
            kept += 1;
        }
    }
    intervals.truncate(kept);
}

/// Appends `next` to normalized `intervals`, merging it into the last one when they overlap or touch. Returns
/// `false` (and appends nothing) if `next` starts before the last interval, which would break the order.
pub(crate) fn push_merged<B: Bounds>(intervals: &mut Vec<B>, next: B) -> bool {
    if next.start() >= next.end() {
        return true;
    }
    match intervals.last_mut() {
        Some(last) if next.start() < last.start() => false,
        Some(last) if next.start() <= last.end() => {
            *last = B::new(last.start(), last.end().max(next.end()));
            true
        }
        _ => {
            intervals.push(next);
            true
        }
    }
}

/// `ranges` minus `remove`; both normalized.
pub(crate) fn subtract_normalized<B: Bounds>(ranges: &[B], remove: &[B]) -> Vec<B> {
    let mut out = Vec::with_capacity(ranges.len() + remove.len().min(ranges.len()));
    // `first` only moves forward: a removal that ends before one range starts ends before every later range too.
    let mut first = 0;
    for range in ranges {
        while first < remove.len() && remove[first].end() <= range.start() {
            first += 1;
        }
        let mut cursor = range.start();
        for cut in remove[first..].iter().take_while(|cut| cut.start() < range.end()) {
            if cut.start() > cursor {
                out.push(B::new(cursor, cut.start()));
            }
            cursor = cursor.max(cut.end());
        }
        if cursor < range.end() {
            out.push(B::new(cursor, range.end()));
        }
    }
    out
}

/// The instants in both `a` and `b`; both normalized.
pub(crate) fn intersect_normalized<B: Bounds>(a: &[B], b: &[B]) -> Vec<B> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let start = a[i].start().max(b[j].start());
        let end = a[i].end().min(b[j].end());
        if start < end {
            out.push(B::new(start, end));
        }
        // Whichever ends first cannot meet anything further along the other list.
        if a[i].end() <= b[j].end() {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

fn normalized(intervals: &[Interval]) -> Vec<Interval> {
    let mut intervals = intervals.to_vec();
    normalize_in_place(&mut intervals);
    intervals
}

/// `intervals` sorted by start with empty ones dropped and overlapping or touching ones merged.
pub fn normalize(intervals: &[Interval]) -> Vec<Interval> {
    normalized(intervals)
}

/// The instants of `ranges` that are not in `remove` (both in any order), normalized.
pub fn subtract(ranges: &[Interval], remove: &[Interval]) -> Vec<Interval> {
    subtract_normalized(&normalized(ranges), &normalized(remove))
}

/// The instants in both `a` and `b` (both in any order), normalized: the free time shared by two hosts.
pub fn intersect(a: &[Interval], b: &[Interval]) -> Vec<Interval> {
    intersect_normalized(&normalized(a), &normalized(b))
}

/// The instants in `a` or `b` (both in any order), normalized: the time at least one of two hosts is free.
pub fn union(a: &[Interval], b: &[Interval]) -> Vec<Interval> {
    let mut all = a.to_vec();
    all.extend_from_slice(b);
    normalize_in_place(&mut all);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(pairs: &[(i64, i64)]) -> Vec<Span> {
        pairs.iter().map(|&(start, end)| Span { start, end }).collect()
    }

    #[test]
    fn normalize_merges_touching_and_overlapping_and_drops_empty() {
        let mut v = spans(&[(5, 7), (0, 2), (2, 3), (6, 9), (10, 10), (12, 11)]);
        normalize_in_place(&mut v);
        assert_eq!(v, spans(&[(0, 3), (5, 9)]));
    }

    #[test]
    fn subtract_cuts_holes_and_edges() {
        let ranges = spans(&[(0, 10), (20, 30), (40, 50)]);
        let remove = spans(&[(-5, 1), (4, 6), (9, 21), (25, 26), (45, 60)]);
        assert_eq!(subtract_normalized(&ranges, &remove), spans(&[(1, 4), (6, 9), (21, 25), (26, 30), (40, 45)]));
        assert_eq!(subtract_normalized(&ranges, &[]), ranges);
        assert_eq!(subtract_normalized::<Span>(&[], &remove), vec![]);
    }

    #[test]
    fn intersect_keeps_common_parts_only() {
        let a = spans(&[(0, 10), (20, 30)]);
        let b = spans(&[(5, 25), (28, 40)]);
        assert_eq!(intersect_normalized(&a, &b), spans(&[(5, 10), (20, 25), (28, 30)]));
        assert_eq!(intersect_normalized(&a, &spans(&[(10, 20)])), vec![]);
    }

    #[test]
    fn push_merged_refuses_out_of_order_input() {
        let mut v = spans(&[(10, 20)]);
        assert!(push_merged(&mut v, Span { start: 20, end: 25 }));
        assert!(push_merged(&mut v, Span { start: 30, end: 30 }));
        assert!(!push_merged(&mut v, Span { start: 5, end: 8 }));
        assert_eq!(v, spans(&[(10, 25)]));
    }

    #[test]
    fn public_operations_accept_unsorted_intervals() {
        use chrono::{TimeZone, Utc};
        let at = |h| Utc.with_ymd_and_hms(2026, 1, 5, h, 0, 0).unwrap();
        let iv = |a, b| Interval { start: at(a), end: at(b) };
        assert_eq!(union(&[iv(12, 14), iv(9, 10)], &[iv(10, 11)]), vec![iv(9, 11), iv(12, 14)]);
        assert_eq!(intersect(&[iv(12, 14), iv(9, 11)], &[iv(10, 13)]), vec![iv(10, 11), iv(12, 13)]);
        assert_eq!(subtract(&[iv(9, 17)], &[iv(15, 16), iv(10, 11)]), vec![iv(9, 10), iv(11, 15), iv(16, 17)]);
        assert_eq!(normalize(&[iv(11, 12), iv(9, 11), iv(8, 8)]), vec![iv(9, 12)]);
    }
}

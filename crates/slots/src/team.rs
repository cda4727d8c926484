//! Slots of events with several hosts: collective events need every host free, round-robin events any one.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::{Interval, Query, Slot, availability, available_slots, blocked_time, intersect, slots_in, subtract};

/// A slot of a team event, with the round-robin hosts free for it (indices into `rotating` of [`team_slots`];
/// empty when there are none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamSlot {
    pub slot: Slot,
    pub free: Vec<usize>,
}

/// Whether normalized, sorted `free` time holds `[start, end)`.
pub fn holds(free: &[Interval], start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
    let i = free.partition_point(|r| r.end <= start);
    free.get(i).is_some_and(|r| r.start <= start && r.end >= end)
}

/// A host's free time over the horizon of `query`: availability minus busy time widened by the buffers. `None`
/// when the query cannot produce slots.
pub fn free_time(query: &Query<'_>) -> Option<Vec<Interval>> {
    let horizon = query.params().horizon()?;
    let available = availability(query.schedule, horizon.start, horizon.end);
    Some(subtract(&available, &blocked_time(query.busy, query.rules)))
}

/// The slots of a team event, sorted by start. `fixed` are the hosts who must all be free (every host of a
/// collective event, the mandatory hosts of a round-robin one), `rotating` the round-robin hosts, one of whom must
/// be free; each query is one host's (schedule, busy time; the same rules, window and limits).
///
/// Without rotating hosts, the fixed hosts' common free time is cut into slots on the first fixed host's grid (its
/// zone's wall clock). With rotating hosts, each offers its own slots (its own grid), united by start, each slot
/// listing the rotating hosts that offer it; with fixed hosts too, only slots their common free time holds remain.
pub fn team_slots(fixed: &[Query<'_>], rotating: &[Query<'_>]) -> Vec<TeamSlot> {
    let mut common: Option<Vec<Interval>> = None;
    for query in fixed {
        let Some(free) = free_time(query) else { return Vec::new() };
        common = Some(match common {
            None => free,
            Some(c) => intersect(&c, &free),
        });
    }
    if rotating.is_empty() {
        let (Some(first), Some(common)) = (fixed.first(), common) else { return Vec::new() };
        return slots_in(&common, &first.params())
            .into_iter()
            .map(|slot| TeamSlot { slot, free: Vec::new() })
            .collect();
    }
    let mut by_start: BTreeMap<DateTime<Utc>, TeamSlot> = BTreeMap::new();
    for (i, query) in rotating.iter().enumerate() {
        for slot in available_slots(query) {
            if common.as_ref().is_some_and(|c| !holds(c, slot.start, slot.end)) {
                continue;
            }
            by_start.entry(slot.start).or_insert_with(|| TeamSlot { slot, free: Vec::new() }).free.push(i);
        }
    }
    by_start.into_values().collect()
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Weekday};

    use super::*;
    use crate::{Rules, Schedule, WeeklyRange};

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2030, 1, 7, h, m, 0).unwrap()
    }

    fn weekdays(start_hour: u16, end_hour: u16) -> Schedule {
        Schedule {
            time_zone: chrono_tz::UTC,
            weekly: vec![WeeklyRange {
                days: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
                start_minute: start_hour * 60,
                end_minute: end_hour * 60,
            }],
            overrides: Vec::new(),
        }
    }

    fn rules() -> Rules {
        Rules {
            length_minutes: 60,
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

    fn query<'a>(schedule: &'a Schedule, rules: &'a Rules, busy: &'a [Interval]) -> Query<'a> {
        Query {
            schedule,
            rules,
            from: at(0, 0),
            to: at(23, 59),
            now: at(8, 0),
            busy,
            counted: &[],
            seated: &[],
            day_zone: chrono_tz::UTC,
        }
    }

    fn hours(slots: &[TeamSlot]) -> Vec<String> {
        slots.iter().map(|s| s.slot.start.format("%H:%M").to_string()).collect()
    }

    #[test]
    fn holds_needs_the_whole_span() {
        let free = [Interval { start: at(9, 0), end: at(10, 0) }, Interval { start: at(11, 0), end: at(12, 0) }];
        assert!(holds(&free, at(9, 0), at(10, 0)));
        assert!(holds(&free, at(11, 30), at(12, 0)));
        assert!(!holds(&free, at(9, 30), at(10, 30)));
        assert!(!holds(&free, at(12, 0), at(12, 30)));
    }

    #[test]
    fn collective_slots_are_the_intersection_on_its_own_grid() {
        // Both work 9-17; the second is busy 9:00-9:30 and 13-14. The common free time starts at 9:30, and slots
        // start on the grid's boundaries (the hour, for a 60-minute event).
        let (a, b) = (weekdays(9, 17), weekdays(9, 17));
        let rules = rules();
        let busy_b = [Interval { start: at(9, 0), end: at(9, 30) }, Interval { start: at(13, 0), end: at(14, 0) }];
        let slots = team_slots(&[query(&a, &rules, &[]), query(&b, &rules, &busy_b)], &[]);
        assert_eq!(hours(&slots), ["10:00", "11:00", "12:00", "14:00", "15:00", "16:00"]);
    }

    #[test]
    fn round_robin_slots_unite_the_hosts_and_list_who_is_free() {
        let (a, b) = (weekdays(9, 12), weekdays(11, 13));
        let rules = rules();
        let busy_a = [Interval { start: at(10, 0), end: at(11, 0) }];
        let slots = team_slots(&[], &[query(&a, &rules, &busy_a), query(&b, &rules, &[])]);
        assert_eq!(hours(&slots), ["09:00", "11:00", "12:00"]);
        assert_eq!(slots.iter().map(|s| s.free.clone()).collect::<Vec<_>>(), [vec![0], vec![0, 1], vec![1]]);
        // A mandatory host free only 11-12 keeps the slot they can attend.
        let m = weekdays(11, 12);
        let slots = team_slots(&[query(&m, &rules, &[])], &[query(&a, &rules, &busy_a), query(&b, &rules, &[])]);
        assert_eq!(hours(&slots), ["11:00"]);
    }
}

//! A deliberately naive implementation of the engine's semantics, the yardstick for property tests and the
//! baseline of the benchmark. It works on chrono types throughout, converts every local time with chrono-tz, scans
//! every list for every candidate slot, and shares no code with the engine. Clarity over speed: keep it obviously
//! correct. Not for production: it panics on dates near the ends of chrono's range.

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveTime, TimeDelta, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;

use crate::{BookingWindow, Interval, PeriodLimits, Query, Slot};

/// The slots of `query`, computed the slow and simple way.
pub fn available_slots(query: &Query<'_>) -> Vec<Slot> {
    let rules = query.rules;
    let zone = query.schedule.time_zone;
    let frequency = rules.interval_minutes.unwrap_or(rules.length_minutes);
    if rules.length_minutes == 0 || frequency == 0 || rules.seats_per_slot == Some(0) || query.to <= query.from {
        return Vec::new();
    }
    let length = minutes(rules.length_minutes);
    let offset = minutes(rules.offset_start_minutes);
    let before = minutes(rules.before_buffer_minutes);
    let after = minutes(rules.after_buffer_minutes);

    let today = local_date(zone, query.now);
    let (first_date, _) = dates(query);
    let horizon_start = local_instant(zone, first_date, 0, false);
    let available = availability(query);

    // Free time: availability with every busy interval, widened by the buffers, cut out one at a time.
    let mut free = available.clone();
    for busy in query.busy.iter().filter(|b| b.start < b.end) {
        let cut = Interval { start: busy.start - after, end: busy.end + before };
        free = free.into_iter().flat_map(|range| cut_out(range, cut)).collect();
    }

    // Grid candidates of each free range.
    let boundary = [60, 30, 20, 15, 10, 5].into_iter().find(|b| frequency.is_multiple_of(*b)).unwrap_or(1);
    let earliest = (query.now + minutes(rules.minimum_notice_minutes)).max(horizon_start);
    let mut candidates = Vec::new();
    for range in &free {
        let anchor = range.start.max(earliest);
        if anchor >= range.end {
            continue;
        }
        let mut grid_point = ceil_to_minute(anchor);
        while !local_minute_of_day(zone, grid_point).is_multiple_of(boundary) {
            grid_point += TimeDelta::minutes(1);
        }
        let mut start = grid_point + offset;
        while start + length <= range.end {
            candidates.push(start);
            start += minutes(frequency);
        }
    }

    // Each candidate checked on its own against every rule.
    let mut offered: Vec<(Slot, NaiveDate)> = Vec::new();
    for start in candidates {
        let end = start + length;
        let date = local_date(zone, start);
        let inside_availability = available.iter().any(|a| a.start <= start && end <= a.end);
        let clear_of_busy = !query.busy.iter().any(|b| overlaps(start - before, end + after, b.start, b.end));
        let with_notice = start >= query.now + minutes(rules.minimum_notice_minutes);
        let within_limits = limits_allow(query, date);
        let within_window = window_allows(rules.window, today, date);
        let Some(attendees) = seat_verdict(query, start, end) else { continue };
        if inside_availability && clear_of_busy && with_notice && within_limits && within_window {
            offered.push((Slot { start, end, attendees }, date));
        }
    }

    if let Some(
        BookingWindow::CalendarDays { days, rolling: true } | BookingWindow::BusinessDays { days, rolling: true },
    ) = rules.window
    {
        let mut dates: Vec<NaiveDate> = offered.iter().map(|(_, date)| *date).collect();
        dates.sort();
        dates.dedup();
        dates.truncate(days as usize);
        offered.retain(|(_, date)| dates.contains(date));
    }

    let mut slots: Vec<Slot> =
        offered.into_iter().map(|(slot, _)| slot).filter(|s| query.from <= s.start && s.start < query.to).collect();
    slots.sort();
    slots.dedup();
    if rules.only_first_per_day {
        let mut seen = Vec::new();
        slots.retain(|slot| {
            let date = local_date(query.day_zone, slot.start);
            let first = !seen.contains(&date);
            seen.push(date);
            first
        });
    }
    slots
}

/// The first and last local dates whose availability matters: from the day before `from` (today if later; today
/// for rolling windows) to the date on which the last slot that could start before `to` ends.
fn dates(query: &Query<'_>) -> (NaiveDate, NaiveDate) {
    let rules = query.rules;
    let zone = query.schedule.time_zone;
    let rolling = matches!(
        rules.window,
        Some(BookingWindow::CalendarDays { rolling: true, .. } | BookingWindow::BusinessDays { rolling: true, .. })
    );
    let today = local_date(zone, query.now);
    let from_date = local_date(zone, query.from);
    let first_date = if rolling { today } else { today.max(from_date.pred_opt().unwrap_or(from_date)) };
    let last_date = local_date(zone, query.to + minutes(rules.offset_start_minutes) + minutes(rules.length_minutes));
    (first_date, last_date)
}

/// The merged UTC availability of the dates the query looks at: each date's ranges mapped to UTC one by one.
pub fn availability(query: &Query<'_>) -> Vec<Interval> {
    let zone = query.schedule.time_zone;
    let (first_date, last_date) = dates(query);
    let mut available = Vec::new();
    let mut date = first_date;
    while date <= last_date {
        let overrides: Vec<(u16, u16)> = query
            .schedule
            .overrides
            .iter()
            .filter(|o| o.date == date)
            .map(|o| (o.start_minute, o.end_minute))
            .collect();
        let ranges: Vec<(u16, u16)> = if overrides.is_empty() {
            query
                .schedule
                .weekly
                .iter()
                .filter(|w| w.days.contains(&date.weekday()))
                .map(|w| (w.start_minute, w.end_minute))
                .collect()
        } else {
            overrides
        };
        for (start, end) in ranges {
            let end = end.min(1440);
            if start < end {
                available.push(Interval {
                    start: local_instant(zone, date, start, false),
                    end: local_instant(zone, date, end, true),
                });
            }
        }
        date = date.succ_opt().expect("test dates are far from the end of time");
    }
    merge(available)
}

fn minutes(minutes: u32) -> TimeDelta {
    TimeDelta::minutes(i64::from(minutes))
}

fn local_date(zone: Tz, t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&zone).date_naive()
}

fn local_minute_of_day(zone: Tz, t: DateTime<Utc>) -> u32 {
    let local = t.with_timezone(&zone);
    local.hour() * 60 + local.minute()
}

/// The instant of `minute` minutes after the start of `date` in `zone`: the earliest (or latest) of two, or, in a
/// gap, the first valid minute after it.
fn local_instant(zone: Tz, date: NaiveDate, minute: u16, latest: bool) -> DateTime<Utc> {
    let mut local = date.and_time(NaiveTime::MIN) + TimeDelta::minutes(i64::from(minute));
    loop {
        match zone.from_local_datetime(&local) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(a, b) => return if latest { a.max(b) } else { a.min(b) }.with_timezone(&Utc),
            LocalResult::None => local += TimeDelta::minutes(1),
        }
    }
}

fn ceil_to_minute(t: DateTime<Utc>) -> DateTime<Utc> {
    let floor = t.with_second(0).and_then(|t| t.with_nanosecond(0)).expect("every minute has a second 0");
    if floor == t { t } else { floor + TimeDelta::minutes(1) }
}

/// Whether `[a, b)` and `[c, d)` share an instant.
fn overlaps(a: DateTime<Utc>, b: DateTime<Utc>, c: DateTime<Utc>, d: DateTime<Utc>) -> bool {
    a.max(c) < b.min(d)
}

fn merge(mut intervals: Vec<Interval>) -> Vec<Interval> {
    intervals.sort();
    let mut merged: Vec<Interval> = Vec::new();
    for interval in intervals {
        match merged.last_mut() {
            Some(last) if interval.start <= last.end => last.end = last.end.max(interval.end),
            _ => merged.push(interval),
        }
    }
    merged
}

fn cut_out(range: Interval, cut: Interval) -> Vec<Interval> {
    if !overlaps(range.start, range.end, cut.start, cut.end) {
        return vec![range];
    }
    let mut pieces = Vec::new();
    if range.start < cut.start {
        pieces.push(Interval { start: range.start, end: cut.start });
    }
    if cut.end < range.end {
        pieces.push(Interval { start: cut.end, end: range.end });
    }
    pieces
}

fn is_business_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn window_allows(window: Option<BookingWindow>, today: NaiveDate, date: NaiveDate) -> bool {
    match window {
        None => true,
        Some(BookingWindow::CalendarDays { days, rolling: false }) => {
            today <= date && (date - today).num_days() < i64::from(days)
        }
        Some(BookingWindow::BusinessDays { days, rolling: false }) => {
            if date < today || !is_business_day(date) {
                return false;
            }
            let business_days_through_date =
                today.iter_days().take_while(|d| *d <= date).filter(|d| is_business_day(*d)).count();
            business_days_through_date <= days as usize
        }
        Some(BookingWindow::CalendarDays { rolling: true, .. }) => today <= date,
        Some(BookingWindow::BusinessDays { rolling: true, .. }) => today <= date && is_business_day(date),
        Some(BookingWindow::Range { start, end }) => start <= date && date <= end,
    }
}

fn week_start_of(date: NaiveDate, week_start: Weekday) -> NaiveDate {
    let mut day = date;
    while day.weekday() != week_start {
        day = day.pred_opt().expect("test dates are far from the start of time");
    }
    day
}

/// The calendar periods that limits apply to.
#[derive(Clone, Copy)]
enum Period {
    Day,
    Week,
    Month,
    Year,
}

fn in_same_period(period: Period, a: NaiveDate, b: NaiveDate, week_start: Weekday) -> bool {
    match period {
        Period::Day => a == b,
        Period::Week => week_start_of(a, week_start) == week_start_of(b, week_start),
        Period::Month => (a.year(), a.month()) == (b.year(), b.month()),
        Period::Year => a.year() == b.year(),
    }
}

fn limit_of(limits: &PeriodLimits, period: Period) -> Option<u32> {
    match period {
        Period::Day => limits.day,
        Period::Week => limits.week,
        Period::Month => limits.month,
        Period::Year => limits.year,
    }
}

/// Whether a slot starting on `date` respects the count and duration limits of every period.
fn limits_allow(query: &Query<'_>, date: NaiveDate) -> bool {
    let rules = query.rules;
    let zone = query.schedule.time_zone;
    [Period::Day, Period::Week, Period::Month, Period::Year].into_iter().all(|period| {
        let bookings: Vec<&Interval> = query
            .counted
            .iter()
            .filter(|c| in_same_period(period, local_date(zone, c.start), date, rules.week_start))
            .collect();
        let booked =
            bookings.iter().map(|c| (c.end - c.start).max(TimeDelta::zero())).fold(TimeDelta::zero(), |a, b| a + b);
        let count_ok = limit_of(&rules.count_limits, period).is_none_or(|max| bookings.len() < max as usize);
        let duration_ok = limit_of(&rules.duration_limits, period)
            .is_none_or(|max| booked + minutes(rules.length_minutes) <= minutes(max));
        count_ok && duration_ok
    })
}

/// `None` if seated bookings keep the slot `[start, end)` from being offered, else its attendee count.
fn seat_verdict(query: &Query<'_>, start: DateTime<Utc>, end: DateTime<Utc>) -> Option<Option<u32>> {
    let rules = query.rules;
    let (before, after) = (minutes(rules.before_buffer_minutes), minutes(rules.after_buffer_minutes));
    let blocks = |b: &&crate::SeatedBooking| overlaps(start - before, end + after, b.start, b.end);
    match rules.seats_per_slot {
        None => (!query.seated.iter().any(|b| blocks(&b))).then_some(None),
        Some(seats) => {
            let attendees =
                query.seated.iter().filter(|b| b.start == start).fold(0u32, |sum, b| sum.saturating_add(b.attendees));
            let blocked = query.seated.iter().filter(|b| b.start != start).any(|b| blocks(&b));
            (attendees < seats && !blocked).then_some(Some(attendees))
        }
    }
}

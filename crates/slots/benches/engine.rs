//! Slot engine benchmark: Mon-Fri 9:00-17:00 America/New_York, 30-minute slots, deterministic pseudo-random busy
//! time inside working hours, for 30/60/365/730 days (200/400/2,000/4,000 busy intervals). The naive reference
//! runs on the 30-day input in the same process, so results can be read as a ratio against it.
//!
//! `team`: a 50-host round-robin (and collective) event over 30 days with 20 busy intervals per host.
//!
//! `cargo bench -p calends-slots`; BENCHMARKS.md records the figures.

use std::hint::black_box;

use calends_slots::{Interval, Query, Rules, Schedule, WeeklyRange, available_slots, reference, team_slots};
use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::America::New_York;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

struct Input {
    schedule: Schedule,
    rules: Rules,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
    busy: Vec<Interval>,
}

impl Input {
    fn query(&self) -> Query<'_> {
        Query {
            schedule: &self.schedule,
            rules: &self.rules,
            from: self.from,
            to: self.to,
            now: self.now,
            busy: &self.busy,
            counted: &[],
            seated: &[],
            day_zone: New_York,
        }
    }
}

/// A 64-bit linear congruential generator (Knuth's MMIX constants): deterministic and dependency-free.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound
    }
}

fn local(date: NaiveDate, minute: u32) -> DateTime<Utc> {
    let naive = date.and_hms_opt(minute / 60, minute % 60, 0).expect("valid time of day");
    New_York.from_local_datetime(&naive).single().expect("working hours avoid changes of offset").with_timezone(&Utc)
}

fn input(days: u32, busy_count: usize) -> Input {
    seeded_input(days, busy_count, 0x5EED)
}

fn seeded_input(days: u32, busy_count: usize, seed: u64) -> Input {
    let weekdays = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];
    let first = NaiveDate::from_ymd_opt(2026, 1, 5).expect("a Monday");
    let working_dates: Vec<NaiveDate> =
        first.iter_days().take(days as usize).filter(|d| weekdays.contains(&d.weekday())).collect();
    let mut random = Lcg(seed);
    let busy = (0..busy_count)
        .map(|_| {
            let date = working_dates[random.below(working_dates.len() as u64) as usize];
            let start = 9 * 60 + 5 * random.below(90) as u32;
            let end = (start + 15 + 5 * random.below(16) as u32).min(17 * 60);
            Interval { start: local(date, start), end: local(date, end) }
        })
        .collect();
    let rules = Rules {
        length_minutes: 30,
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
    };
    let from = local(first, 0);
    Input {
        schedule: Schedule {
            time_zone: New_York,
            weekly: vec![WeeklyRange { days: weekdays.to_vec(), start_minute: 9 * 60, end_minute: 17 * 60 }],
            overrides: vec![],
        },
        rules,
        from,
        to: local(first + chrono::Days::new(u64::from(days)), 0),
        now: from - TimeDelta::days(1),
        busy,
    }
}

fn engine(c: &mut Criterion) {
    let inputs = [(30, 200), (60, 400), (365, 2_000), (730, 4_000)];
    let mut group = c.benchmark_group("engine");
    for (days, busy) in inputs {
        let input = input(days, busy);
        let slots = available_slots(&input.query());
        assert!(!slots.is_empty(), "the benchmark input must produce slots");
        group.bench_with_input(BenchmarkId::from_parameter(format!("{days}d_{busy}busy")), &input, |b, input| {
            b.iter(|| available_slots(black_box(&input.query())))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("reference");
    let input = input(30, 200);
    assert_eq!(reference::available_slots(&input.query()), available_slots(&input.query()));
    group.bench_with_input(BenchmarkId::from_parameter("30d_200busy"), &input, |b, input| {
        b.iter(|| reference::available_slots(black_box(&input.query())))
    });
    group.finish();
}

/// A team event of 50 hosts over 30 days, each with 20 bookings of their own (the round-robin case), and
/// the same hosts as a collective event.
fn team(c: &mut Criterion) {
    let hosts: Vec<Input> = (0..50).map(|i| seeded_input(30, 20, 0x5EED + i)).collect();
    let queries: Vec<Query<'_>> = hosts.iter().map(Input::query).collect();
    assert!(!team_slots(&[], &queries).is_empty());
    let mut group = c.benchmark_group("team");
    group.bench_function("round_robin_50hosts_30d_20busy", |b| b.iter(|| team_slots(&[], black_box(&queries))));
    group.bench_function("collective_50hosts_30d_20busy", |b| b.iter(|| team_slots(black_box(&queries), &[])));
    group.finish();
}

criterion_group!(benches, engine, team);
criterion_main!(benches);

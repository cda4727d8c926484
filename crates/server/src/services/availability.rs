//! Gathering what the slot engine needs (schedule, rules, busy time) for an event type, and running it — over the
//! read pool for answers, or inside a booking's write transaction to decide without races.

use calends_domain::event_types::EventType;
use calends_domain::schedules;
use calends_domain::users::User;
use calends_domain::{Error, Result};
use calends_slots::{Interval, Query, Rules, Slot, Tz};
use calends_store::{BookingTx, BusyRead, HeldAt, SeatedSlot, Store};
use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::state::AppState;

/// An event type with its owner: whose time it books.
#[derive(Debug, Clone)]
pub struct Bookable {
    pub event_type: EventType,
    pub owner: User,
}

/// Finds personal event type `id` and its owner (team event types: `team_availability`).
pub async fn by_id(state: &AppState, id: i64) -> Result<Bookable> {
    let event_type =
        state.store.event_type(id).await?.ok_or_else(|| Error::NotFound(format!("Event type ({id}) not found")))?;
    of(state, event_type).await
}

/// The personal event type `event_type`, already read, with its owner.
pub async fn of(state: &AppState, event_type: EventType) -> Result<Bookable> {
    let id = event_type.id;
    if event_type.team_id.is_some() {
        return Err(Error::BadRequest(format!(
            "event type ({id}) is a team event type: this operation is for personal event types"
        )));
    }
    let owner = state
        .store
        .user(event_type.owner_id)
        .await?
        .ok_or_else(|| Error::internal(format!("owner of event type {id} is missing")))?;
    Ok(Bookable { event_type, owner })
}

/// Finds the event type `slug` of user `username`.
pub async fn by_slug(state: &AppState, username: &str, slug: &str) -> Result<Bookable> {
    let owner = state
        .store
        .user_by_username(username)
        .await?
        .ok_or_else(|| Error::NotFound(format!("User ({username}) not found")))?;
    let event_type = state
        .store
        .event_type_by_slug(owner.id, slug)
        .await?
        .ok_or_else(|| Error::NotFound(format!("Event type ({slug}) of user ({username}) not found")))?;
    Ok(Bookable { event_type, owner })
}

/// Checks a requested length against the event type's lengths; `None` means its default length.
pub fn length(bookable: &Bookable, requested: Option<i64>, field: &str) -> Result<u32> {
    length_of(&bookable.event_type.config, requested, field)
}

/// [`length`] for an event type's settings.
pub fn length_of(
    config: &calends_domain::event_types::EventTypeConfig,
    requested: Option<i64>,
    field: &str,
) -> Result<u32> {
    let Some(requested) = requested else { return Ok(config.length_minutes()) };
    let options = config.length_options();
    match u32::try_from(requested) {
        Ok(minutes) if options.contains(&minutes) => Ok(minutes),
        _ => Err(Error::invalid(
            field,
            format!(
                "must be one of this event type's lengths: {}",
                options.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
            ),
        )),
    }
}

/// The schedule an event type names, read as `schedule`, if the event type may take its hours from it: while it
/// belongs to the event type's owner (else the owner's default schedule counts).
pub fn own_schedule(bookable: &Bookable, schedule: Option<schedules::Schedule>) -> Option<schedules::Schedule> {
    schedule.filter(|s| s.user_id == bookable.owner.id)
}

/// Everything fixed about one event type's slots of one length: the schedule and the rules.
#[derive(Debug, Clone)]
pub struct Engine {
    pub schedule: calends_slots::Schedule,
    pub rules: Rules,
    pub host_id: i64,
    pub event_type_id: i64,
}

impl Engine {
    /// The schedule the event type takes its hours from (its own while it still belongs to the owner, else the
    /// owner's default), with the rules for `length_minutes`; `None` when the owner has no schedule at all.
    pub async fn load(state: &AppState, bookable: &Bookable, length_minutes: u32) -> Result<Option<Engine>> {
        Ok(Engine::load_many(state, std::slice::from_ref(bookable), length_minutes).await?.pop().flatten())
    }

    /// [`Engine::load`] of each of `bookables`, in their order, with one read of the owners' default schedules
    /// (a team event type's hosts).
    pub async fn load_many(
        state: &AppState,
        bookables: &[Bookable],
        length_minutes: u32,
    ) -> Result<Vec<Option<Engine>>> {
        let mut named: Vec<schedules::Schedule> = Vec::new();
        for id in bookables.iter().filter_map(|b| b.event_type.config.schedule_id()) {
            if !named.iter().any(|s| s.id == id)
                && let Some(schedule) = state.store.schedule(id).await?
            {
                named.push(schedule);
            }
        }
        let own: Vec<Option<schedules::Schedule>> = bookables
            .iter()
            .map(|b| {
                let id = b.event_type.config.schedule_id()?;
                own_schedule(b, named.iter().find(|s| s.id == id).cloned())
            })
            .collect();
        let without: Vec<i64> =
            bookables.iter().zip(&own).filter(|(_, s)| s.is_none()).map(|(b, _)| b.owner.id).collect();
        let defaults = state.store.default_schedules(&without).await?;
        bookables
            .iter()
            .zip(own)
            .map(|(b, own)| {
                let schedule = own.or_else(|| defaults.iter().find(|s| s.user_id == b.owner.id).cloned());
                schedule.map(|s| Ok(Engine::new(b, schedules::to_engine(&s.spec)?, length_minutes))).transpose()
            })
            .collect()
    }

    /// The engine of `bookable` for `length_minutes` over `schedule` (the one [`Engine::load`] would choose).
    pub fn new(bookable: &Bookable, schedule: calends_slots::Schedule, length_minutes: u32) -> Engine {
        Engine {
            schedule,
            rules: bookable.event_type.config.slot_rules(length_minutes, schedules::weekday(bookable.owner.week_start)),
            host_id: bookable.owner.id,
            event_type_id: bookable.event_type.id,
        }
    }

    fn seated(&self) -> bool {
        self.rules.seats_per_slot.is_some()
    }

    fn has_limits(&self) -> bool {
        self.rules.count_limits != Default::default() || self.rules.duration_limits != Default::default()
    }

    /// How far around a window busy time can still matter: a slot plus both buffers.
    fn reach(&self) -> Duration {
        Duration::minutes(
            i64::from(self.rules.length_minutes)
                + i64::from(self.rules.before_buffer_minutes)
                + i64::from(self.rules.after_buffer_minutes)
                + 1,
        )
    }
}

/// What the engine ignores: the booking being rescheduled and the booker's own reservation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Except<'a> {
    pub booking: Option<i64>,
    pub reservation: Option<&'a str>,
}

/// Where busy time comes from: the read pool, or a booking's write transaction.
pub(crate) trait BusySource {
    /// The host's bookings and the reservations held at `now` (one read).
    async fn busy(
        &mut self,
        engine: &Engine,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
        except: Except<'_>,
    ) -> Result<Vec<Interval>>;
    /// [`BusySource::busy`] of each `(engine, from, to)`, in their order (a team's hosts: one read where the
    /// source can).
    async fn busy_of_many(
        &mut self,
        reads: &[(&Engine, DateTime<Utc>, DateTime<Utc>)],
        now: DateTime<Utc>,
        except: Except<'_>,
    ) -> Result<Vec<Vec<Interval>>> {
        let mut out = Vec::with_capacity(reads.len());
        for &(engine, from, to) in reads {
            out.push(self.busy(engine, from, to, now, except).await?);
        }
        Ok(out)
    }
    async fn counted(
        &mut self,
        engine: &Engine,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        except: Except<'_>,
    ) -> Result<Vec<Interval>>;
    async fn seated(&mut self, engine: &Engine, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<SeatedSlot>>;
}

fn seated_type(engine: &Engine) -> Option<i64> {
    engine.seated().then_some(engine.event_type_id)
}

fn held(now: DateTime<Utc>, except: Except<'_>) -> HeldAt<'_> {
    HeldAt { now, except_uid: except.reservation }
}

fn busy_reads(reads: &[(&Engine, DateTime<Utc>, DateTime<Utc>)]) -> Vec<BusyRead> {
    reads
        .iter()
        .map(|&(e, from, to)| BusyRead { host_id: e.host_id, window: (from, to), seated_event_type: seated_type(e) })
        .collect()
}

impl BusySource for &Store {
    async fn busy(
        &mut self,
        e: &Engine,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
        x: Except<'_>,
    ) -> Result<Vec<Interval>> {
        self.busy_from_bookings(e.host_id, from, to, x.booking, seated_type(e), Some(held(now, x))).await
    }
    async fn busy_of_many(
        &mut self,
        reads: &[(&Engine, DateTime<Utc>, DateTime<Utc>)],
        now: DateTime<Utc>,
        x: Except<'_>,
    ) -> Result<Vec<Vec<Interval>>> {
        Store::busy_of_many(self, &busy_reads(reads), x.booking, held(now, x)).await
    }
    async fn counted(
        &mut self,
        e: &Engine,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        x: Except<'_>,
    ) -> Result<Vec<Interval>> {
        self.counted_bookings(e.event_type_id, from, to, x.booking).await
    }
    async fn seated(&mut self, e: &Engine, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<SeatedSlot>> {
        self.seated_bookings(e.event_type_id, from, to).await
    }
}

impl BusySource for BookingTx {
    async fn busy(
        &mut self,
        e: &Engine,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
        x: Except<'_>,
    ) -> Result<Vec<Interval>> {
        BookingTx::busy(self, e.host_id, from, to, x.booking, seated_type(e), Some(held(now, x))).await
    }
    async fn busy_of_many(
        &mut self,
        reads: &[(&Engine, DateTime<Utc>, DateTime<Utc>)],
        now: DateTime<Utc>,
        x: Except<'_>,
    ) -> Result<Vec<Vec<Interval>>> {
        BookingTx::busy_of_many(self, &busy_reads(reads), x.booking, held(now, x)).await
    }
    async fn counted(
        &mut self,
        e: &Engine,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        x: Except<'_>,
    ) -> Result<Vec<Interval>> {
        BookingTx::counted(self, e.event_type_id, from, to, x.booking).await
    }
    async fn seated(&mut self, e: &Engine, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<SeatedSlot>> {
        BookingTx::seated(self, e.event_type_id, from, to).await
    }
}

/// What [`gather`] reads for the window `[from, to)`: busy time (and seats) over `busy`, and, when the engine has
/// period limits, the bookings counted against them over `counted`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reads {
    pub busy: (DateTime<Utc>, DateTime<Utc>),
    pub counted: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

impl Reads {
    fn around(engine: &Engine, from: DateTime<Utc>, to: DateTime<Utc>) -> Reads {
        Reads {
            busy: (from - engine.reach(), to + engine.reach()),
            // Period limits look at whole days, weeks, months and years around the window.
            counted: engine.has_limits().then(|| (from - Duration::days(400), to + Duration::days(400))),
        }
    }

    /// What [`offered_at`] reads to decide on `start`.
    pub fn offering(engine: &Engine, start: DateTime<Utc>) -> Reads {
        let (from, to) = check_window(engine.schedule.time_zone, start);
        Reads::around(engine, from, to)
    }

    /// The smallest reads covering both.
    pub fn union(self, other: Reads) -> Reads {
        let span = |a: (DateTime<Utc>, DateTime<Utc>), b: (DateTime<Utc>, DateTime<Utc>)| (a.0.min(b.0), a.1.max(b.1));
        Reads {
            busy: span(self.busy, other.busy),
            counted: match (self.counted, other.counted) {
                (Some(a), Some(b)) => Some(span(a, b)),
                (a, b) => a.or(b),
            },
        }
    }
}

/// Busy time and counted bookings of one host and event type read once (over [`Reads`] covering every decision
/// to be made from them), plus the bookings decided since: a batch of creates decides each one from it in turn,
/// as each would from its own reads in a transaction that sees the ones before it. Answers what the database would
/// for any window inside what was read; outside it, or for seats (seated event types are not batched), an error.
pub(crate) struct Preloaded {
    read: Reads,
    busy: Vec<Interval>,
    counted: Vec<Interval>,
    event_type_id: i64,
}

impl Preloaded {
    /// `busy` and `counted` as read over `read` for one host and event type `event_type_id`, without exceptions.
    pub fn new(event_type_id: i64, read: Reads, busy: Vec<Interval>, counted: Vec<Interval>) -> Preloaded {
        Preloaded { read, busy, counted, event_type_id }
    }

    /// A new booking of `event_type_id` taking `busy` (its time with buffers) and counting `counted` (its start and
    /// end): what reading again would now find too.
    pub fn add(&mut self, event_type_id: i64, busy: Interval, counted: Interval) {
        self.busy.push(busy);
        if event_type_id == self.event_type_id {
            self.counted.push(counted);
        }
    }

    fn within(outer: (DateTime<Utc>, DateTime<Utc>), from: DateTime<Utc>, to: DateTime<Utc>) -> Result<()> {
        if from < outer.0 || to > outer.1 {
            return Err(Error::internal("a batch decided outside the busy time it read"));
        }
        Ok(())
    }
}

impl BusySource for Preloaded {
    async fn busy(
        &mut self,
        engine: &Engine,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        _now: DateTime<Utc>,
        except: Except<'_>,
    ) -> Result<Vec<Interval>> {
        if except.booking.is_some() || except.reservation.is_some() || engine.seated() {
            return Err(Error::internal("a batch decides plain new bookings only"));
        }
        Preloaded::within(self.read.busy, from, to)?;
        // What the statement selects: overlapping `[from, to)`.
        Ok(self.busy.iter().filter(|i| i.start < to && i.end > from).copied().collect())
    }

    async fn counted(
        &mut self,
        engine: &Engine,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        _except: Except<'_>,
    ) -> Result<Vec<Interval>> {
        let read = self.read.counted.ok_or_else(|| Error::internal("a batch did not read its counted bookings"))?;
        if engine.event_type_id != self.event_type_id {
            return Err(Error::internal("a batch decides one event type's bookings"));
        }
        Preloaded::within(read, from, to)?;
        // What the statement selects: starting in `[from, to)`.
        Ok(self.counted.iter().filter(|i| i.start >= from && i.start < to).copied().collect())
    }

    async fn seated(&mut self, _: &Engine, _: DateTime<Utc>, _: DateTime<Utc>) -> Result<Vec<SeatedSlot>> {
        Err(Error::internal("a batch decides plain new bookings only"))
    }
}

/// Busy time, counted bookings and seats around `[from, to)`, as of now.
pub(crate) struct Inputs {
    pub(crate) busy: Vec<Interval>,
    pub(crate) counted: Vec<Interval>,
    pub(crate) seated: Vec<SeatedSlot>,
}

pub(crate) async fn gather(
    src: &mut impl BusySource,
    engine: &Engine,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
    except: Except<'_>,
) -> Result<Inputs> {
    let mut one = gather_many(src, &[engine], from, to, now, except).await?;
    one.pop().ok_or_else(|| Error::internal("no inputs gathered"))
}

/// [`gather`] for each of `engines` (a team's hosts), in their order, their busy time read at once.
pub(crate) async fn gather_many(
    src: &mut impl BusySource,
    engines: &[&Engine],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
    except: Except<'_>,
) -> Result<Vec<Inputs>> {
    let reads: Vec<Reads> = engines.iter().map(|e| Reads::around(e, from, to)).collect();
    let windows: Vec<_> = engines.iter().zip(&reads).map(|(&e, r)| (e, r.busy.0, r.busy.1)).collect();
    let busy = src.busy_of_many(&windows, now, except).await?;
    let mut out = Vec::with_capacity(engines.len());
    for ((&engine, reads), busy) in engines.iter().zip(&reads).zip(busy) {
        let counted = match reads.counted {
            Some((from, to)) => src.counted(engine, from, to, except).await?,
            None => Vec::new(),
        };
        let (lo, hi) = reads.busy;
        let seated = if engine.seated() { src.seated(engine, lo, hi).await? } else { Vec::new() };
        out.push(Inputs { busy, counted, seated });
    }
    Ok(out)
}

fn run(
    engine: &Engine,
    rules: &Rules,
    inputs: &Inputs,
    window: (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
    day_zone: Tz,
) -> Vec<Slot> {
    let seated: Vec<calends_slots::SeatedBooking> = inputs.seated.iter().map(|s| s.seat).collect();
    calends_slots::available_slots(&Query {
        schedule: &engine.schedule,
        rules,
        from: window.0,
        to: window.1,
        now,
        busy: &inputs.busy,
        counted: &inputs.counted,
        seated: &seated,
        day_zone,
    })
}

/// A bookable slot, with the seated booking that already holds it (seated event types).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offered {
    pub slot: Slot,
    pub seated_booking: Option<SeatedSlot>,
}

/// The slots of `[from, to)`, read from the pool.
pub async fn slots(
    state: &AppState,
    engine: &Engine,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    day_zone: Tz,
    except: Except<'_>,
) -> Result<Vec<Offered>> {
    let now = state.clock.now();
    let mut store = &state.store;
    let inputs = gather(&mut store, engine, from, to, now, except).await?;
    Ok(run(engine, &engine.rules, &inputs, (from, to), now, day_zone)
        .into_iter()
        .map(|slot| Offered {
            seated_booking: inputs.seated.iter().find(|s| s.seat.start == slot.start).cloned(),
            slot,
        })
        .collect())
}

/// The day a booking at `start` is checked on: the local date of `start` in the schedule's zone, from midnight to
/// midnight (through daylight-saving changes). A start is bookable when the engine offers it to a booker asking
/// for that day's slots: the same slot grid, per-day rules and busy time as `GET /v2/slots` for that day.
pub(crate) fn check_window(zone: Tz, start: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let date = start.with_timezone(&zone).date_naive();
    let midnight = |d: chrono::NaiveDate| {
        let local = d.and_time(chrono::NaiveTime::MIN);
        // A zone may skip its midnight (a change at 00:00): the day then starts at the first instant it has.
        zone.from_local_datetime(&local)
            .earliest()
            .or_else(|| zone.from_local_datetime(&(local + Duration::hours(1))).earliest())
            .map(|t| t.with_timezone(&Utc))
    };
    let from = midnight(date).unwrap_or(start - Duration::days(1));
    let to = date.succ_opt().and_then(midnight).unwrap_or(start + Duration::days(1));
    (from.min(start), to.max(start + Duration::seconds(1)))
}

/// The slot at `start`, if the engine offers it now according to `src` (inside a write transaction, this is the
/// race-free check), computed for the whole day of `start` (see [`check_window`]).
pub(crate) async fn offered_at(
    src: &mut impl BusySource,
    engine: &Engine,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    except: Except<'_>,
) -> Result<Option<Offered>> {
    let window = check_window(engine.schedule.time_zone, start);
    let inputs = gather(src, engine, window.0, window.1, now, except).await?;
    let slot = run(engine, &engine.rules, &inputs, window, now, engine.schedule.time_zone)
        .into_iter()
        .find(|s| s.start == start);
    Ok(slot.map(|slot| Offered { seated_booking: inputs.seated.iter().find(|s| s.seat.start == start).cloned(), slot }))
}

/// Why the engine does not offer `start`: the first rule, in the order a person would check them, that excludes it.
pub async fn why_not_offered(
    state: &AppState,
    engine: &Engine,
    start: DateTime<Utc>,
    except: Except<'_>,
) -> Result<String> {
    let now = state.clock.now();
    if start < now {
        return Ok("is in the past".into());
    }
    let notice = engine.rules.minimum_notice_minutes;
    if start < now + Duration::minutes(i64::from(notice)) {
        return Ok(format!("is within the event type's minimum booking notice of {notice} minutes"));
    }
    let window = check_window(engine.schedule.time_zone, start);
    let mut store = &state.store;
    let inputs = gather(&mut store, engine, window.0, window.1, now, except).await?;
    let offers = |rules: &Rules, inputs: &Inputs| {
        run(engine, rules, inputs, window, now, engine.schedule.time_zone).iter().any(|s| s.start == start)
    };
    let empty = Inputs { busy: Vec::new(), counted: Vec::new(), seated: Vec::new() };
    let mut relaxed = engine.rules.clone();
    relaxed.window = None;
    relaxed.count_limits = Default::default();
    relaxed.duration_limits = Default::default();
    relaxed.only_first_per_day = false;
    if !offers(&relaxed, &empty) {
        return Ok(
            "is not one of the event type's slots: outside the host's available hours, or not on the slot grid \
                   (see GET /v2/slots)"
                .into(),
        );
    }
    let no_limits = Inputs { busy: inputs.busy.clone(), counted: Vec::new(), seated: inputs.seated.clone() };
    if !offers(&relaxed, &no_limits) {
        return Ok(if inputs.seated.iter().any(|s| s.seat.start == start) {
            "has no seats left".into()
        } else {
            "overlaps another booking or a reservation of the host (buffers included)".into()
        });
    }
    relaxed.window = engine.rules.window;
    if !offers(&relaxed, &no_limits) {
        return Ok("is outside the event type's booking window".into());
    }
    relaxed.count_limits = engine.rules.count_limits;
    relaxed.duration_limits = engine.rules.duration_limits;
    if !offers(&relaxed, &inputs) {
        return Ok("is in a period whose booking limit for this event type is reached".into());
    }
    Ok("is not offered: only the first available slot of each day can be booked".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    fn window(zone: &str, start: &str) -> (String, String) {
        let (from, to) = check_window(zone.parse().unwrap(), utc(start));
        (from.to_rfc3339(), to.to_rfc3339())
    }

    #[test]
    fn a_start_is_checked_on_its_local_day() {
        assert_eq!(
            window("UTC", "2030-01-07T15:00:00Z"),
            ("2030-01-07T00:00:00+00:00".into(), "2030-01-08T00:00:00+00:00".into())
        );
        // 23:30 in New York is the next day in UTC.
        assert_eq!(
            window("America/New_York", "2030-01-08T04:30:00Z"),
            ("2030-01-07T05:00:00+00:00".into(), "2030-01-08T05:00:00+00:00".into())
        );
        assert_eq!(
            window("Asia/Kathmandu", "2030-01-07T00:00:00Z"),
            ("2030-01-06T18:15:00+00:00".into(), "2030-01-07T18:15:00+00:00".into())
        );
    }

    #[test]
    fn days_when_clocks_change_have_23_or_25_hours() {
        // 2030-03-10 and 2030-11-03: New York springs forward and falls back.
        assert_eq!(
            window("America/New_York", "2030-03-10T15:00:00Z"),
            ("2030-03-10T05:00:00+00:00".into(), "2030-03-11T04:00:00+00:00".into())
        );
        assert_eq!(
            window("America/New_York", "2030-11-03T15:00:00Z"),
            ("2030-11-03T04:00:00+00:00".into(), "2030-11-04T05:00:00+00:00".into())
        );
    }

    #[test]
    fn a_day_whose_midnight_is_skipped_starts_at_one() {
        // Havana springs forward at midnight: 2030-03-10 has no 00:00, its first instant is 01:00 (05:00 UTC).
        assert_eq!(
            window("America/Havana", "2030-03-10T15:00:00Z"),
            ("2030-03-10T05:00:00+00:00".into(), "2030-03-11T04:00:00+00:00".into())
        );
    }
}

//! Gathering what the slot engine needs (schedule, rules, busy time) for an event type, and running it.

use calends_domain::event_types::EventType;
use calends_domain::schedules;
use calends_domain::users::User;
use calends_domain::{Error, Result};
use calends_slots::{Interval, Query, Slot, Tz};
use chrono::{DateTime, Duration, Utc};

use crate::state::AppState;

/// An event type with its owner: whose time it books.
#[derive(Debug, Clone)]
pub struct Bookable {
    pub event_type: EventType,
    pub owner: User,
}

/// Finds event type `id` and its owner.
pub async fn by_id(state: &AppState, id: i64) -> Result<Bookable> {
    let event_type =
        state.store.event_type(id).await?.ok_or_else(|| Error::NotFound(format!("Event type ({id}) not found")))?;
    with_owner(state, event_type).await
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

async fn with_owner(state: &AppState, event_type: EventType) -> Result<Bookable> {
    let owner = state
        .store
        .user(event_type.owner_id)
        .await?
        .ok_or_else(|| Error::internal(format!("owner of event type {} is missing", event_type.id)))?;
    Ok(Bookable { event_type, owner })
}

/// Checks a requested length against the event type's lengths; `None` means its default length.
pub fn length(bookable: &Bookable, requested: Option<i64>, field: &str) -> Result<u32> {
    let config = &bookable.event_type.config;
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

/// The schedule the event type takes its hours from: its own (when it still belongs to the owner), else the
/// owner's default; `None` when the owner has neither.
async fn schedule_of(state: &AppState, bookable: &Bookable) -> Result<Option<calends_slots::Schedule>> {
    let own = match bookable.event_type.config.schedule_id() {
        Some(id) => state.store.schedule(id).await?.filter(|s| s.user_id == bookable.owner.id),
        None => None,
    };
    let schedule = match own {
        Some(s) => Some(s),
        None => state.store.default_schedule(bookable.owner.id).await?,
    };
    schedule.map(|s| schedules::to_engine(&s.spec)).transpose()
}

/// What to compute slots for.
#[derive(Debug, Clone)]
pub struct Window<'a> {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub length_minutes: u32,
    /// The zone whose days "first slot of the day" uses.
    pub day_zone: Tz,
    /// A reservation whose own hold should not count (moving it).
    pub except_reservation: Option<&'a str>,
}

/// The slots of `bookable` in `window`, as the engine computes them from the current data.
pub async fn slots(state: &AppState, bookable: &Bookable, window: &Window<'_>) -> Result<Vec<Slot>> {
    let Some(schedule) = schedule_of(state, bookable).await? else { return Ok(Vec::new()) };
    let now = state.clock.now();
    let week_start = schedules::weekday(bookable.owner.week_start);
    let rules = bookable.event_type.config.slot_rules(window.length_minutes, week_start);
    // Busy time matters around the window as far as a slot and its buffers reach.
    let reach = Duration::minutes(
        i64::from(window.length_minutes) + i64::from(rules.before_buffer_minutes + rules.after_buffer_minutes) + 1,
    );
    let busy: Vec<Interval> = state
        .store
        .reserved_intervals(bookable.owner.id, window.from - reach, window.to + reach, now, window.except_reservation)
        .await?;
    let query = Query {
        schedule: &schedule,
        rules: &rules,
        from: window.from,
        to: window.to,
        now,
        busy: &busy,
        counted: &[],
        seated: &[],
        day_zone: window.day_zone,
    };
    Ok(calends_slots::available_slots(&query))
}

/// The offered slot starting at `start` with `length_minutes`, if the engine offers it now.
pub async fn offered(
    state: &AppState,
    bookable: &Bookable,
    start: DateTime<Utc>,
    length_minutes: u32,
    except_reservation: Option<&str>,
) -> Result<Option<Slot>> {
    let Some(schedule) = schedule_of(state, bookable).await? else { return Ok(None) };
    // Whole days around the slot, so per-day rules (first slot of the day, limits) see the same day a booker saw.
    let window = Window {
        from: start - Duration::days(2),
        to: start + Duration::days(2),
        length_minutes,
        day_zone: schedule.time_zone,
        except_reservation,
    };
    let slots = slots(state, bookable, &window).await?;
    Ok(slots.into_iter().find(|s| s.start == start))
}

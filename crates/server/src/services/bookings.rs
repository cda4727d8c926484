//! The booking lifecycle: create (plain, seated, recurring), reschedule, cancel, confirm, decline, mark absent.
//! Every change that takes time on a calendar is decided inside one write transaction that re-reads busy time, so
//! two requests for one slot can never both win.

use calends_domain::bookings::create::{self, BookingRequest};
use calends_domain::bookings::{Booking, NewAttendee, NewBooking, output, uid};
use calends_domain::event_types::EventTypeConfig;
use calends_domain::times::iso_utc;
use calends_domain::users::User;
use calends_domain::validate::{self, Validator};
use calends_domain::{Error, Result, ids};
use calends_model::bookings::{
    BookingData, BookingStatus, CancelBookingInput, CreateBookingData, CreateBookingInput,
    CreateRecurringSeatedBookingOutput, CreateSeatedBookingOutput, DeclineBookingInput, MarkAbsentBookingInput,
    RecurringBookingOutput, RescheduleBookingData, RescheduleBookingInput,
};
use calends_model::event_types::Frequency;
use calends_slots::Tz;
use calends_store::{Backend, BookingTx, IdempotentReply, StatusChange};
use chrono::{DateTime, Duration, Months, TimeZone, Utc};

use crate::services::availability::{self, Bookable, Engine, Except};
use crate::services::batch::{Decided, Plan};
use crate::services::events::{Outbox, Prepared};
use crate::services::team_availability::{self, TeamBookable, TeamEngine};
use crate::state::AppState;

/// A retried create with the same key gets the first answer.
#[derive(Debug, Clone)]
pub struct Idempotency {
    pub key: String,
    /// SHA-256 of the request body.
    pub request_hash: String,
}

/// An answer ready to send: status and JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub body: String,
}

fn envelope<T: serde::Serialize>(data: T) -> Result<String> {
    serde_json::to_string(&serde_json::json!({"status": "success", "data": data})).map_err(Error::internal)
}

/// The event type a create names: a personal one, or a team's.
enum Resolved {
    Personal(Box<Bookable>),
    Team(Box<TeamBookable>),
}

async fn resolve(state: &AppState, input: &CreateBookingInput) -> Result<Resolved> {
    match (input.event_type_id, &input.event_type_slug, &input.username, &input.team_slug) {
        (Some(id), ..) => {
            // The event type and its owner at once (each on a connection of its own, for its one statement).
            let (event_type, owner) = tokio::join!(state.store.event_type(id), state.store.owner_of_event_type(id));
            let event_type = event_type?.ok_or_else(|| Error::NotFound(format!("Event type ({id}) not found")))?;
            if event_type.team_id.is_some() {
                return Ok(Resolved::Team(Box::new(TeamBookable::load(state, event_type).await?)));
            }
            match owner? {
                Some(owner) if owner.id == event_type.owner_id => {
                    Ok(Resolved::Personal(Box::new(Bookable { event_type, owner })))
                }
                // The event type changed hands between the two reads: its owner as of the first.
                _ => Ok(Resolved::Personal(Box::new(availability::of(state, event_type).await?))),
            }
        }
        (None, Some(slug), _, Some(team_slug)) => {
            Ok(Resolved::Team(Box::new(TeamBookable::by_slug(state, team_slug, slug).await?)))
        }
        (None, Some(slug), Some(username), None) => {
            Ok(Resolved::Personal(Box::new(availability::by_slug(state, username, slug).await?)))
        }
        _ => Err(Error::invalid(
            "eventTypeId",
            "name the event type by eventTypeId, by eventTypeSlug and username, or by eventTypeSlug and teamSlug",
        )),
    }
}

fn replayed(stored: IdempotentReply, idempotency: &Idempotency) -> Result<Reply> {
    if stored.request_hash != idempotency.request_hash {
        return Err(Error::Conflict(
            "this Idempotency-Key was already used with a different request body; use a new key".into(),
        ));
    }
    Ok(Reply { status: stored.status, body: stored.response })
}

/// The starts of a booking's occurrences: one for ordinary event types, `count` for recurring ones, stepping in
/// the attendee's wall-clock time (a weekly 9:00 stays 9:00 across daylight-saving changes).
fn occurrence_starts(
    config: &EventTypeConfig,
    start: DateTime<Utc>,
    count: Option<u32>,
    zone: Tz,
) -> Vec<DateTime<Utc>> {
    let (Some(recurrence), Some(count)) = (config.recurrence(), count) else { return vec![start] };
    let local = start.with_timezone(&zone).naive_local();
    (0..count)
        .filter_map(|k| {
            let step = k * recurrence.interval;
            let next = match recurrence.frequency {
                Frequency::Weekly => local.checked_add_signed(Duration::weeks(i64::from(step))),
                Frequency::Monthly => local.checked_add_months(Months::new(step)),
                Frequency::Yearly => local.checked_add_months(Months::new(step.saturating_mul(12))),
            }?;
            zone.from_local_datetime(&next)
                .earliest()
                .or_else(|| zone.from_local_datetime(&(next + Duration::hours(1))).earliest())
        })
        .map(|t| t.with_timezone(&Utc))
        .collect()
}

fn status_for(config: &EventTypeConfig, start: DateTime<Utc>, now: DateTime<Utc>) -> BookingStatus {
    if config.requires_confirmation_with_notice((start - now).num_minutes()) {
        BookingStatus::Pending
    } else {
        BookingStatus::Accepted
    }
}

fn display_name(user: &User) -> String {
    user.name.clone().unwrap_or_else(|| user.username.clone())
}

/// The guests of a request as attendees.
fn guest_attendees(request: &BookingRequest) -> impl Iterator<Item = NewAttendee> + '_ {
    request.guests.iter().map(|email| NewAttendee {
        name: email.clone(),
        email: email.clone(),
        time_zone: request.attendee.time_zone.clone(),
        language: request.attendee.language,
        phone_number: None,
        is_guest: true,
        seat_uid: None,
        seat_responses: None,
        seat_metadata: None,
    })
}

/// The booking row for `request` at `start`.
fn new_booking(
    bookable: &Bookable,
    request: &BookingRequest,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    seat_uid: Option<&str>,
    recurring_uid: Option<&str>,
) -> NewBooking {
    let config = &bookable.event_type.config;
    let end = start + Duration::minutes(i64::from(request.length_minutes));
    let seats = config.seats().map(|s| s.seats_per_time_slot);
    let mut booker = request.attendee.clone();
    let mut attendees = Vec::new();
    if seat_uid.is_some() {
        booker.seat_uid = seat_uid.map(str::to_owned);
        booker.seat_responses = Some(request.responses.clone());
        booker.seat_metadata = Some(request.metadata.clone());
        attendees.push(booker);
    } else {
        attendees.push(booker);
        attendees.extend(guest_attendees(request));
    }
    NewBooking {
        uid: uid::booking_uid(),
        event_type_id: bookable.event_type.id,
        event_type_slug: config.slug.clone(),
        host_id: bookable.owner.id,
        status: status_for(config, start, now),
        title: create::event_name(
            config,
            &display_name(&bookable.owner),
            &request.attendee.name,
            request.location.as_deref(),
        ),
        description: request.notes.clone(),
        start,
        end,
        busy_start: start - Duration::minutes(i64::from(config.before_event_buffer)),
        busy_end: end + Duration::minutes(i64::from(config.after_event_buffer)),
        location: request.location.clone(),
        metadata: request.metadata.clone(),
        responses: request.responses.clone(),
        guests: if seat_uid.is_some() { Vec::new() } else { request.guests.clone() },
        rescheduling_reason: None,
        rescheduled_by: None,
        rescheduled_from_uid: None,
        recurring_uid: recurring_uid.map(str::to_owned),
        seats_per_slot: seats,
        team_id: bookable.event_type.team_id,
        co_hosts: Vec::new(),
        attendees,
    }
}

/// Checks the booker's own reservation: it must hold this event type's slot at `start`.
async fn own_reservation<'a>(
    state: &AppState,
    uid: Option<&'a str>,
    bookable: &Bookable,
    start: DateTime<Utc>,
) -> Result<Option<&'a str>> {
    let Some(uid) = uid else { return Ok(None) };
    let now = state.clock.now();
    let reservation = state.store.reservation(uid).await?.filter(|r| r.is_active(now));
    match reservation {
        Some(r) if r.event_type_id == bookable.event_type.id && r.slot_start == start => Ok(Some(uid)),
        Some(_) => Err(Error::invalid("reservationUid", "this reservation holds another slot")),
        None => Err(Error::invalid("reservationUid", format!("no active reservation `{uid}`"))),
    }
}

/// What one occurrence of a create made: a new booking (as written, with its payload if built beforehand), or a
/// seat in an existing one.
enum Made {
    Booking { booking: Box<Booking>, seat_uid: Option<String>, prepared: Option<Prepared> },
    Seat { booking_id: i64, seat_uid: String },
}

/// The error for occurrence `i` of `n` of a create, at `start`, which the engine does not offer: why, in the words
/// of the first rule that excludes it.
async fn not_offered(
    state: &AppState,
    engine: &Engine,
    start: DateTime<Utc>,
    except: Except<'_>,
    i: usize,
    n: usize,
) -> Error {
    let why = match availability::why_not_offered(state, engine, start, except).await {
        Ok(why) => why,
        Err(e) => return e,
    };
    let field = if n > 1 { format!("start (occurrence {} of {n})", i + 1) } else { "start".into() };
    Error::invalid(field, format!("{} {why}", iso_utc(start)))
}

/// `POST /v2/bookings` of a plain create by event type id on PostgreSQL (one occurrence, no seats, no reservation,
/// no idempotency key), planned from the inputs this instance keeps (`kept.rs`) and decided in a batch that checks
/// they are current. `None` when the create is to be made the ordinary way: it is not such a create, or the kept
/// inputs turned out stale, or its batch failed (nothing was written for it), or it is refused by the kept inputs
/// (the ordinary way finds out from fresh reads whether it still is, and answers).
async fn create_kept(state: &AppState, input: &CreateBookingInput) -> Result<Option<Reply>> {
    let Some(id) = input.event_type_id else { return Ok(None) };
    if state.store.backend() != Backend::Postgres || input.reservation_uid.is_some() {
        return Ok(None);
    }
    let Some(kept) = state.kept.get(state, id).await else { return Ok(None) };
    let bookable = &kept.bookable;
    let config = &bookable.event_type.config;
    let Ok(request) = create::check_request(input, config) else { return Ok(None) };
    if request.occurrences.is_some() {
        return Ok(None);
    }
    let now = state.clock.now();
    let engine = kept.engine(request.length_minutes);
    let outbox = kept.outbox(now);
    let new = new_booking(bookable, &request, request.start, now, None, None);
    let prepared = outbox.prepare_created(&new.written(0, &[], now), &bookable.owner, config);
    let plan = Plan::new(bookable, engine, now, new, prepared, outbox, Some(kept.mark.clone()));
    match state.batches.decide(state, plan).await? {
        Decided::Booked(booking) => {
            let body = envelope(create_data(&[(*booking, None)], &bookable.owner))?;
            Ok(Some(Reply { status: 201, body }))
        }
        // Decided from current inputs: refused.
        Decided::NotOffered => {
            let engine = kept.engine(request.length_minutes);
            Err(not_offered(state, &engine, request.start, Except::default(), 0, 1).await)
        }
        Decided::Stale => {
            state.kept.forget(id, &kept);
            Ok(None)
        }
        Decided::Alone(_) => Ok(None),
    }
}

/// `POST /v2/bookings`.
pub async fn create(state: &AppState, input: &CreateBookingInput, idempotency: Option<&Idempotency>) -> Result<Reply> {
    if let Some(idem) = idempotency
        && let Some(stored) = state.store.idempotent_reply(&idem.key).await?
    {
        return replayed(stored, idem);
    }
    if idempotency.is_none()
        && let Some(reply) = create_kept(state, input).await?
    {
        return Ok(reply);
    }
    let bookable = match resolve(state, input).await? {
        Resolved::Personal(bookable) => *bookable,
        Resolved::Team(team) => return create_team(state, input, idempotency, &team).await,
    };
    let config = &bookable.event_type.config;
    let request = create::check_request(input, config)?;
    let now = state.clock.now();
    let (host, event_type) = (bookable.owner.id, &bookable.event_type);
    // Two reads at once (each on a connection of its own, held for its one statement).
    let (engine, outbox) = tokio::join!(
        Engine::load(state, &bookable, request.length_minutes),
        Outbox::read(&state.store, host, event_type.team_id, event_type.id, now)
    );
    let engine = engine?
        .ok_or_else(|| Error::BadRequest("this event type has no availability: its host has no schedule".into()))?;
    let mut outbox = outbox?;
    let zone = validate::time_zone(&request.attendee.time_zone).map_err(Error::Internal)?;
    let starts = occurrence_starts(config, request.start, request.occurrences, zone);
    let reservation = own_reservation(state, input.reservation_uid.as_deref(), &bookable, request.start).await?;
    let except = Except { booking: None, reservation };
    let recurring_uid = request.occurrences.map(|_| uid::booking_uid());
    let seated = config.seats().is_some();
    // Without seats every occurrence is a new booking, known (but for its id) before the transaction, and so is
    // the payload its webhooks get: the transaction does not spend the writer's turn building them.
    let planned: Vec<(NewBooking, Option<Prepared>)> = if seated { Vec::new() } else { starts.clone() }
        .into_iter()
        .map(|start| {
            let new = new_booking(&bookable, &request, start, now, None, recurring_uid.as_deref());
            let prepared = outbox.prepare_created(&new.written(0, &[], now), &bookable.owner, config);
            (new, prepared)
        })
        .collect();
    let mut planned = planned.into_iter();
    // PostgreSQL: a plain create is decided together with the other creates of its host waiting at that moment.
    if state.store.backend() == Backend::Postgres
        && idempotency.is_none()
        && reservation.is_none()
        && !seated
        && starts.len() == 1
        && let Some((new, prepared)) = planned.next()
    {
        let plan = Plan::new(&bookable, engine.clone(), now, new, prepared, outbox, None);
        match state.batches.decide(state, plan).await? {
            Decided::Booked(booking) => {
                let body = envelope(create_data(&[(*booking, None)], &bookable.owner))?;
                return Ok(Reply { status: 201, body });
            }
            Decided::NotOffered => return Err(not_offered(state, &engine, starts[0], except, 0, 1).await),
            Decided::Alone(plan) => {
                outbox = plan.outbox;
                planned = vec![(plan.new, plan.prepared)].into_iter();
            }
            Decided::Stale => return Err(Error::internal("a create planned from fresh reads was found stale")),
        }
    }

    let mut tx = state.store.booking_tx(bookable.owner.id).await?;
    // A concurrent request with the same key may have committed while this one waited for the host. On SQLite its
    // answer may still wait in the commit group this transaction joined: committing waits for it to be durable.
    if let Some(idem) = idempotency
        && let Some(stored) = tx.idempotent_reply(&idem.key).await?
    {
        tx.commit().await?;
        return replayed(stored, idem);
    }
    let mut made = Vec::with_capacity(starts.len());
    for (i, &start) in starts.iter().enumerate() {
        let Some(offered) = availability::offered_at(&mut tx, &engine, start, now, except).await? else {
            drop(tx);
            return Err(not_offered(state, &engine, start, except, i, starts.len()).await);
        };
        let seat_uid = seated.then(ids::uuid_v4);
        match (&offered.seated_booking, seat_uid) {
            (Some(existing), Some(seat_uid)) => {
                let mut seat = request.attendee.clone();
                seat.seat_uid = Some(seat_uid.clone());
                seat.seat_responses = Some(request.responses.clone());
                seat.seat_metadata = Some(request.metadata.clone());
                tx.add_attendee(existing.booking_id, &seat, now).await?;
                made.push(Made::Seat { booking_id: existing.booking_id, seat_uid });
            }
            (_, seat_uid @ Some(_)) => {
                let new = new_booking(&bookable, &request, start, now, seat_uid.as_deref(), recurring_uid.as_deref());
                let booking = Box::new(tx.insert(&new, now).await?);
                made.push(Made::Booking { booking, seat_uid, prepared: None });
            }
            (_, None) => {
                let (new, prepared) = planned.next().ok_or_else(|| Error::internal("an occurrence was not planned"))?;
                let booking = Box::new(tx.insert(&new, now).await?);
                made.push(Made::Booking { booking, seat_uid: None, prepared });
            }
        }
    }
    if let Some(uid) = reservation {
        tx.release_reservation(uid).await?;
    }
    let mut bookings = Vec::with_capacity(made.len());
    let mut payloads = Vec::with_capacity(made.len());
    for made in made {
        let (booking, prepared) = match made {
            Made::Booking { booking, seat_uid, prepared } => ((*booking, seat_uid), prepared),
            // The booking with its new seat, and everyone else's.
            Made::Seat { booking_id, seat_uid } => {
                let booking = tx
                    .booking_by_id(booking_id)
                    .await?
                    .ok_or_else(|| Error::internal("booking vanished in its transaction"))?;
                ((booking, Some(seat_uid)), None)
            }
        };
        bookings.push(booking);
        payloads.push(prepared);
    }
    for ((booking, _), prepared) in bookings.iter().zip(payloads) {
        outbox.created(&mut tx, booking, &bookable.owner, config, prepared).await?;
    }
    let answer =
        || -> Result<Reply> { Ok(Reply { status: 201, body: envelope(create_data(&bookings, &bookable.owner))? }) };
    // The answer is stored with the key, in the transaction; without a key it is written after the commit, outside
    // the writer's turn.
    let stored = match idempotency {
        Some(idem) => {
            let reply = answer()?;
            let stored = IdempotentReply {
                request_hash: idem.request_hash.clone(),
                status: reply.status,
                response: reply.body.clone(),
            };
            if let Err(e) = tx.save_idempotent_reply(&idem.key, &stored, now).await {
                // Another request with the same key committed first: answer what it answered.
                drop(e);
                drop(tx);
                let stored = state
                    .store
                    .idempotent_reply(&idem.key)
                    .await?
                    .ok_or_else(|| Error::internal("idempotency race"))?;
                return replayed(stored, idem);
            }
            Some(reply)
        }
        None => None,
    };
    tx.commit().await?;
    wake(state, &outbox);
    stored.map_or_else(answer, Ok)
}

/// `POST /v2/bookings` of a team event type: the hosts are chosen (round robin) and checked (all of them for a
/// collective event) in one transaction that holds every host's lock, so concurrent bookings cannot pick a host
/// into a conflict.
async fn create_team(
    state: &AppState,
    input: &CreateBookingInput,
    idempotency: Option<&Idempotency>,
    team: &TeamBookable,
) -> Result<Reply> {
    let config = &team.event_type.config;
    let request = create::check_request(input, config)?;
    if input.reservation_uid.is_some() {
        return Err(Error::invalid("reservationUid", "team event types cannot be reserved on this server"));
    }
    let engine = TeamEngine::load(state, team, request.length_minutes).await?;
    if engine.hosts.is_empty() {
        return Err(Error::BadRequest("this event type has no hosts with a schedule".into()));
    }
    let zone = validate::time_zone(&request.attendee.time_zone).map_err(Error::Internal)?;
    let starts = occurrence_starts(config, request.start, request.occurrences, zone);
    let recurring_uid = request.occurrences.map(|_| uid::booking_uid());
    let now = state.clock.now();
    let except = Except::default();
    let host_ids: Vec<i64> = engine.hosts.iter().map(|h| h.user.id).collect();
    // A team booking's outbox does not depend on its organizer (only the event type's webhooks hear of it).
    let mut outbox = Outbox::read(&state.store, 0, Some(team.team.team.id), team.event_type.id, now).await?;

    let mut tx = state.store.booking_tx_of(&host_ids).await?;
    if let Some(idem) = idempotency
        && let Some(stored) = tx.idempotent_reply(&idem.key).await?
    {
        tx.commit().await?;
        return replayed(stored, idem);
    }
    // Round robin: the hosts free for every occurrence.
    let mut free: Option<Vec<i64>> = None;
    for (i, &start) in starts.iter().enumerate() {
        let offered = team_availability::offered_at(&mut tx, &engine, start, now, except).await?;
        let Some(offered) = offered.filter(|o| free.as_ref().is_none_or(|f| o.free.iter().any(|h| f.contains(h))))
        else {
            drop(tx);
            let field = if starts.len() > 1 {
                format!("start (occurrence {} of {})", i + 1, starts.len())
            } else {
                "start".into()
            };
            let why = team_availability::why_not_offered(&engine, team.is_collective(), start, now);
            return Err(Error::invalid(field, format!("{} {why}", iso_utc(start))));
        };
        free = Some(match free {
            None => offered.free,
            Some(f) => f.into_iter().filter(|h| offered.free.contains(h)).collect(),
        });
    }
    let fixed: Vec<i64> = engine.hosts.iter().filter(|h| h.fixed).map(|h| h.user.id).collect();
    let organizer = if team.is_collective() {
        fixed[0]
    } else {
        let free = free.unwrap_or_default();
        let last = tx.last_booked(team.event_type.id, &free).await?;
        team_availability::pick_host(&engine, &free, &last)
            .ok_or_else(|| Error::internal("a round-robin slot without a free host"))?
    };
    let organizer = engine.host(organizer).map(|h| h.user.clone()).ok_or_else(|| Error::internal("unknown host"))?;
    let co_hosts: Vec<i64> = fixed.iter().copied().filter(|&h| h != organizer.id).collect();
    let as_organizer = team.as_host(&organizer);
    let mut bookings = Vec::with_capacity(starts.len());
    for &start in &starts {
        let mut new = new_booking(&as_organizer, &request, start, now, None, recurring_uid.as_deref());
        new.co_hosts = co_hosts.clone();
        bookings.push((tx.insert(&new, now).await?, None));
    }
    for (booking, _) in &bookings {
        outbox.created(&mut tx, booking, &organizer, config, None).await?;
    }
    let reply = Reply { status: 201, body: envelope(create_data(&bookings, &organizer))? };
    if let Some(idem) = idempotency {
        let stored = IdempotentReply {
            request_hash: idem.request_hash.clone(),
            status: reply.status,
            response: reply.body.clone(),
        };
        if tx.save_idempotent_reply(&idem.key, &stored, now).await.is_err() {
            drop(tx);
            let stored =
                state.store.idempotent_reply(&idem.key).await?.ok_or_else(|| Error::internal("idempotency race"))?;
            return replayed(stored, idem);
        }
    }
    tx.commit().await?;
    wake(state, &outbox);
    Ok(reply)
}

/// `POST /v2/bookings/{uid}/reassign[/{userId}]`: moves a round-robin booking to `target`, or to the host the
/// round-robin rule picks among the others free for its whole time. Only the current host or the team's admins
/// and owners may. Returns the booking and its new host.
pub async fn reassign(
    state: &AppState,
    uid: &str,
    caller: &User,
    target: Option<i64>,
    reason: Option<&str>,
) -> Result<(Booking, User)> {
    let booking = one(state, uid).await?;
    if booking.team_id.is_none() {
        require_host(&booking, caller)?;
    }
    let not_round_robin = || Error::BadRequest("only round-robin team bookings can be reassigned".into());
    let event_type = state.store.event_type(booking.event_type_id).await?.ok_or_else(not_round_robin)?;
    if event_type.team_id.is_none() || booking.team_id.is_none() {
        return Err(not_round_robin());
    }
    let team = TeamBookable::load(state, event_type).await?;
    if team.is_collective() {
        return Err(not_round_robin());
    }
    let manages = team.team.membership(caller.id).is_some_and(|m| m.manages());
    if booking.host_id != caller.id && !manages {
        return Err(Error::Forbidden("only the booking's host or the team's admins and owners can reassign it".into()));
    }
    let now = state.clock.now();
    if !booking.is_active() {
        return Err(Error::BadRequest(format!(
            "booking {uid} is {}: only upcoming bookings can be reassigned",
            booking.status
        )));
    }
    if booking.end <= now {
        return Err(Error::BadRequest(format!("booking {uid} has ended: only upcoming bookings can be reassigned")));
    }
    let length = u32::try_from(booking.duration_minutes()).unwrap_or(team.event_type.config.length_minutes());
    let engine = TeamEngine::load(state, &team, length).await?;
    if let Some(target) = target {
        if target == booking.host_id {
            return Err(Error::invalid("userId", format!("user {target} already hosts this booking")));
        }
        if engine.host(target).is_none_or(|h| h.fixed) {
            return Err(Error::invalid(
                "userId",
                format!("user {target} is not a round-robin host of this event type"),
            ));
        }
    }
    let previous = host_of(state, &booking).await?;
    let mut hosts: Vec<i64> = engine.hosts.iter().map(|h| h.user.id).collect();
    hosts.push(booking.host_id);
    let mut tx = state.store.booking_tx_of(&hosts).await?;
    let current =
        tx.booking_by_id(booking.id).await?.ok_or_else(|| Error::NotFound(format!("Booking ({uid}) not found")))?;
    if current.host_id != booking.host_id || !current.is_active() {
        return Err(Error::Conflict(format!("booking {uid} changed meanwhile; read it again")));
    }
    let except = Except { booking: Some(booking.id), reservation: None };
    let mut free = Vec::new();
    for h in engine.hosts.iter().filter(|h| !h.fixed && h.user.id != booking.host_id) {
        if target.is_none_or(|t| t == h.user.id)
            && team_availability::free_for(&mut tx, h, booking.busy_start, booking.busy_end, now, except).await?
        {
            free.push(h.user.id);
        }
    }
    let chosen = match target {
        Some(t) if free.contains(&t) => t,
        Some(t) => {
            return Err(Error::invalid("userId", format!("user {t} is not free at {}", iso_utc(booking.start))));
        }
        None => {
            let last = tx.last_booked(team.event_type.id, &free).await?;
            team_availability::pick_host(&engine, &free, &last)
                .ok_or_else(|| Error::BadRequest("no other host of this event type is free at that time".into()))?
        }
    };
    tx.set_host(booking.id, chosen, now).await?;
    let reassigned =
        tx.booking_by_id(booking.id).await?.ok_or_else(|| Error::NotFound(format!("Booking ({uid}) not found")))?;
    let new_host = engine.host(chosen).map(|h| h.user.clone()).ok_or_else(|| Error::internal("unknown host"))?;
    let mut outbox = Outbox::open(&mut tx, new_host.id, reassigned.team_id, reassigned.event_type_id, now).await?;
    outbox.reassigned(&mut tx, &reassigned, &new_host, &previous, reason, &team.event_type.config).await?;
    tx.commit().await?;
    wake(state, &outbox);
    Ok((reassigned, new_host))
}

/// Wakes the delivery worker when a committed change owes deliveries.
fn wake(state: &AppState, outbox: &Outbox) {
    if outbox.wrote {
        state.deliveries.wake();
    }
}

async fn event_type_config(state: &AppState, booking: &Booking) -> Result<Option<EventTypeConfig>> {
    Ok(state.store.event_type(booking.event_type_id).await?.map(|e| e.config))
}

fn create_data(bookings: &[(Booking, Option<String>)], host: &User) -> CreateBookingData {
    let recurring = bookings.first().and_then(|(b, _)| b.recurring_uid.clone());
    match (bookings, recurring) {
        ([(b, Some(seat_uid))], None) => CreateBookingData::Seated(CreateSeatedBookingOutput {
            booking: output::seated(b, host),
            seat_uid: seat_uid.clone(),
        }),
        ([(b, None)], None) => CreateBookingData::Booking(output::booking(b, host)),
        (_, Some(series)) if bookings.iter().any(|(_, s)| s.is_some()) => CreateBookingData::RecurringSeated(
            bookings
                .iter()
                .map(|(b, s)| CreateRecurringSeatedBookingOutput {
                    booking: output::seated(b, host),
                    seat_uid: s.clone().unwrap_or_default(),
                    recurring_booking_uid: series.clone(),
                })
                .collect(),
        ),
        _ => CreateBookingData::Recurring(
            bookings
                .iter()
                .map(|(b, _)| RecurringBookingOutput {
                    booking: output::booking(b, host),
                    recurring_booking_uid: b.recurring_uid.clone().unwrap_or_default(),
                })
                .collect(),
        ),
    }
}

/// A booking or every occurrence of a series, by the uid in a path.
pub enum Found {
    One(Box<Booking>),
    Series(Vec<Booking>),
}

/// The booking with uid `uid`, or every occurrence of the series `uid`, with the host of its (first) booking; one
/// booking is read with its host in one statement.
pub async fn find(state: &AppState, uid: &str) -> Result<(Found, User)> {
    if let Some((booking, host)) = state.store.booking_with_host(uid).await? {
        return Ok((Found::One(Box::new(booking)), host));
    }
    let series = state.store.series(uid).await?;
    let Some(first) = series.first() else { return Err(Error::NotFound(format!("Booking ({uid}) not found"))) };
    let host = host_of(state, first).await?;
    Ok((Found::Series(series), host))
}

/// One booking by uid (series uids are not accepted here).
pub async fn one(state: &AppState, uid: &str) -> Result<Booking> {
    state.store.booking(uid).await?.ok_or_else(|| Error::NotFound(format!("Booking ({uid}) not found")))
}

pub async fn host_of(state: &AppState, booking: &Booking) -> Result<User> {
    state
        .store
        .user(booking.host_id)
        .await?
        .ok_or_else(|| Error::internal(format!("host of booking {} missing", booking.id)))
}

pub fn data(found: &Found, host: &User) -> BookingData {
    match found {
        Found::One(b) => output::data(b, host),
        Found::Series(list) if list.iter().any(|b| b.is_seated()) => BookingData::RecurringSeatedSeries(
            list.iter()
                .map(|b| calends_model::bookings::RecurringSeatedBookingOutput {
                    booking: output::seated(b, host),
                    recurring_booking_uid: b.recurring_uid.clone().unwrap_or_default(),
                })
                .collect(),
        ),
        Found::Series(list) => BookingData::RecurringSeries(
            list.iter()
                .map(|b| RecurringBookingOutput {
                    booking: output::booking(b, host),
                    recurring_booking_uid: b.recurring_uid.clone().unwrap_or_default(),
                })
                .collect(),
        ),
    }
}

/// Only the booking's host may do this.
pub fn require_host(booking: &Booking, user: &User) -> Result<()> {
    if booking.host_id == user.id {
        Ok(())
    } else {
        Err(Error::Forbidden(format!("Booking ({}) is not yours: only its host may do this", booking.uid)))
    }
}

fn not_reschedulable(booking: &Booking) -> Option<String> {
    if booking.rescheduled_to_uid.is_some() {
        return Some(format!(
            "it was already rescheduled to {}",
            booking.rescheduled_to_uid.as_deref().unwrap_or_default()
        ));
    }
    match booking.status {
        BookingStatus::Cancelled => Some("it is cancelled".into()),
        BookingStatus::Rejected => Some("it was declined".into()),
        BookingStatus::Accepted | BookingStatus::Pending => None,
    }
}

/// `POST /v2/bookings/{uid}/reschedule`: a new booking at `start`; the old one is cancelled and linked to it.
pub async fn reschedule(
    state: &AppState,
    uid: &str,
    input: &RescheduleBookingInput,
) -> Result<(RescheduleBookingData, User)> {
    let old = one(state, uid).await?;
    let mut v = Validator::new();
    let start = v.take("start", calends_domain::times::parse_instant(&input.start));
    if let Some(why) = not_reschedulable(&old) {
        v.add("bookingUid", format!("booking {uid} cannot be rescheduled: {why}"));
    }
    if let Some(by) = &input.rescheduled_by {
        v.take("rescheduledBy", validate::email(by));
    }
    if let Some(reason) = &input.rescheduling_reason {
        v.check(reason.chars().count() <= 1000, "reschedulingReason", "must be at most 1000 characters");
    }
    if input.seat_uid.is_some() {
        v.check(old.is_seated(), "seatUid", "this booking is not seated");
    }
    v.finish()?;
    let Some(start) = start else { return Err(Error::internal("validated start missing")) };
    if old.team_id.is_some() {
        return reschedule_team(state, &old, input, start).await;
    }
    let bookable = availability::by_id(state, old.event_type_id)
        .await
        .map_err(|_| Error::invalid("bookingUid", "the booking's event type no longer exists"))?;
    let host = bookable.owner.clone();
    let length = u32::try_from(old.duration_minutes()).unwrap_or(bookable.event_type.config.length_minutes());
    let engine = Engine::load(state, &bookable, length)
        .await?
        .ok_or_else(|| Error::BadRequest("this event type has no availability: its host has no schedule".into()))?;
    let now = state.clock.now();

    if let Some(seat_uid) = &input.seat_uid {
        return reschedule_seat(state, &bookable, &engine, &old, seat_uid, start, now).await.map(|d| (d, host));
    }
    let except = Except { booking: Some(old.id), reservation: None };
    let mut tx = state.store.booking_tx(host.id).await?;
    // Re-read inside the transaction: a concurrent reschedule or cancel may have won.
    let current =
        tx.booking_by_id(old.id).await?.ok_or_else(|| Error::NotFound(format!("Booking ({uid}) not found")))?;
    if let Some(why) = not_reschedulable(&current) {
        return Err(Error::invalid("bookingUid", format!("booking {uid} cannot be rescheduled: {why}")));
    }
    if availability::offered_at(&mut tx, &engine, start, now, except).await?.is_none() {
        drop(tx);
        let why = availability::why_not_offered(state, &engine, start, except).await?;
        return Err(Error::invalid("start", format!("{} {why}", iso_utc(start))));
    }
    let co_hosts = old.co_hosts.iter().map(|h| h.id).collect();
    let config = &bookable.event_type.config;
    let moved = Moved { start, length, host: &host, co_hosts, config, now };
    finish_reschedule(state, tx, &old, &current, input, moved).await
}

/// Where and with whom a rescheduled booking happens.
struct Moved<'a> {
    start: DateTime<Utc>,
    length: u32,
    /// The organizer of the new booking.
    host: &'a User,
    co_hosts: Vec<i64>,
    config: &'a EventTypeConfig,
    now: DateTime<Utc>,
}

/// The rest of a reschedule once `tx` has decided: the new booking, the old one cancelled and linked, the outbox.
async fn finish_reschedule(
    state: &AppState,
    mut tx: BookingTx,
    old: &Booking,
    current: &Booking,
    input: &RescheduleBookingInput,
    moved: Moved<'_>,
) -> Result<(RescheduleBookingData, User)> {
    let Moved { start, length, host, co_hosts, config, now } = moved;
    let host = host.clone();
    let end = start + Duration::minutes(i64::from(length));
    let by_host = input.rescheduled_by.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(&host.email));
    let status = if by_host { BookingStatus::Accepted } else { status_for(config, start, now) };
    let new = NewBooking {
        uid: uid::booking_uid(),
        event_type_id: old.event_type_id,
        event_type_slug: old.event_type_slug.clone(),
        host_id: host.id,
        status,
        title: old.title.clone(),
        description: old.description.clone(),
        start,
        end,
        busy_start: start - Duration::minutes(i64::from(config.before_event_buffer)),
        busy_end: end + Duration::minutes(i64::from(config.after_event_buffer)),
        location: old.location.clone(),
        metadata: old.metadata.clone(),
        responses: old.responses.clone(),
        guests: old.guests.clone(),
        rescheduling_reason: input.rescheduling_reason.clone(),
        rescheduled_by: input.rescheduled_by.clone(),
        rescheduled_from_uid: Some(old.uid.clone()),
        recurring_uid: old.recurring_uid.clone(),
        seats_per_slot: old.seats_per_slot,
        team_id: old.team_id,
        co_hosts,
        attendees: old.attendees.iter().map(NewAttendee::from).collect(),
    };
    let booking = tx.insert(&new, now).await?;
    let change = StatusChange {
        rescheduling_reason: input.rescheduling_reason.clone(),
        rescheduled_by: input.rescheduled_by.clone(),
        rescheduled_to_uid: Some(booking.uid.clone()),
        ..Default::default()
    };
    tx.set_status(old.id, BookingStatus::Cancelled, &change, now).await?;
    let mut outbox = Outbox::open(&mut tx, host.id, old.team_id, old.event_type_id, now).await?;
    outbox.rescheduled(&mut tx, current, &booking, &host, config).await?;
    tx.commit().await?;
    wake(state, &outbox);
    let data = match output::data(&booking, &host) {
        BookingData::Recurring(o) => RescheduleBookingData::Recurring(o),
        other => RescheduleBookingData::Booking(match other {
            BookingData::Booking(o) => o,
            _ => output::booking(&booking, &host),
        }),
    };
    Ok((data, host))
}

/// `POST /v2/bookings/{uid}/reschedule` of a team booking: the team's slots decide, in a transaction holding every
/// host's lock. A collective booking keeps its organizer; a round-robin one keeps its host when free, else the
/// round-robin rule picks among the free hosts.
async fn reschedule_team(
    state: &AppState,
    old: &Booking,
    input: &RescheduleBookingInput,
    start: DateTime<Utc>,
) -> Result<(RescheduleBookingData, User)> {
    let uid = &old.uid;
    let event_type = state
        .store
        .event_type(old.event_type_id)
        .await?
        .filter(|e| e.team_id.is_some())
        .ok_or_else(|| Error::invalid("bookingUid", "the booking's event type no longer exists"))?;
    let team = TeamBookable::load(state, event_type).await?;
    let length = u32::try_from(old.duration_minutes()).unwrap_or(team.event_type.config.length_minutes());
    let engine = TeamEngine::load(state, &team, length).await?;
    let now = state.clock.now();
    let mut hosts: Vec<i64> = engine.hosts.iter().map(|h| h.user.id).collect();
    hosts.extend(old.hosts());
    let mut tx = state.store.booking_tx_of(&hosts).await?;
    let current =
        tx.booking_by_id(old.id).await?.ok_or_else(|| Error::NotFound(format!("Booking ({uid}) not found")))?;
    if let Some(why) = not_reschedulable(&current) {
        return Err(Error::invalid("bookingUid", format!("booking {uid} cannot be rescheduled: {why}")));
    }
    let except = Except { booking: Some(old.id), reservation: None };
    let Some(offered) = team_availability::offered_at(&mut tx, &engine, start, now, except).await? else {
        drop(tx);
        let why = team_availability::why_not_offered(&engine, team.is_collective(), start, now);
        return Err(Error::invalid("start", format!("{} {why}", iso_utc(start))));
    };
    let fixed: Vec<i64> = engine.hosts.iter().filter(|h| h.fixed).map(|h| h.user.id).collect();
    let organizer = if team.is_collective() {
        if fixed.contains(&old.host_id) { old.host_id } else { fixed[0] }
    } else if offered.free.contains(&old.host_id) {
        old.host_id
    } else {
        let last = tx.last_booked(team.event_type.id, &offered.free).await?;
        team_availability::pick_host(&engine, &offered.free, &last)
            .ok_or_else(|| Error::internal("a round-robin slot without a free host"))?
    };
    let host = engine.host(organizer).map(|h| h.user.clone()).ok_or_else(|| Error::internal("unknown host"))?;
    let co_hosts = fixed.into_iter().filter(|&h| h != organizer).collect();
    let moved = Moved { start, length, host: &host, co_hosts, config: &team.event_type.config, now };
    finish_reschedule(state, tx, old, &current, input, moved).await
}

/// Moves one seat of a seated booking to `start`: into the seated booking already there, or a new one.
async fn reschedule_seat(
    state: &AppState,
    bookable: &Bookable,
    engine: &Engine,
    old: &Booking,
    seat_uid: &str,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<RescheduleBookingData> {
    let seat = old
        .seat(seat_uid)
        .ok_or_else(|| Error::invalid("seatUid", format!("booking {} has no seat `{seat_uid}`", old.uid)))?;
    let except = Except::default();
    let mut tx = state.store.booking_tx(bookable.owner.id).await?;
    let Some(offered) = availability::offered_at(&mut tx, engine, start, now, except).await? else {
        drop(tx);
        let why = availability::why_not_offered(state, engine, start, except).await?;
        return Err(Error::invalid("start", format!("{} {why}", iso_utc(start))));
    };
    if !tx.remove_seat(old.id, seat_uid, now).await? {
        return Err(Error::Conflict(format!("seat `{seat_uid}` was just moved or cancelled")));
    }
    let moved = NewAttendee::from(seat);
    let booking_id = match offered.seated_booking {
        Some(existing) => {
            tx.add_attendee(existing.booking_id, &moved, now).await?;
            existing.booking_id
        }
        None => {
            let config = &bookable.event_type.config;
            let end = start + Duration::minutes(old.duration_minutes());
            let new = NewBooking {
                uid: uid::booking_uid(),
                event_type_id: old.event_type_id,
                event_type_slug: old.event_type_slug.clone(),
                host_id: old.host_id,
                status: status_for(config, start, now),
                title: old.title.clone(),
                description: old.description.clone(),
                start,
                end,
                busy_start: start - Duration::minutes(i64::from(config.before_event_buffer)),
                busy_end: end + Duration::minutes(i64::from(config.after_event_buffer)),
                location: old.location.clone(),
                metadata: seat.seat_metadata.clone().unwrap_or_default(),
                responses: seat.seat_responses.clone().unwrap_or_default(),
                guests: Vec::new(),
                rescheduling_reason: None,
                rescheduled_by: None,
                rescheduled_from_uid: None,
                recurring_uid: None,
                seats_per_slot: old.seats_per_slot,
                team_id: old.team_id,
                co_hosts: old.co_hosts.iter().map(|h| h.id).collect(),
                attendees: vec![moved],
            };
            tx.insert(&new, now).await?.id
        }
    };
    // A seated booking whose last seat left is cancelled.
    let remaining = tx.booking_by_id(old.id).await?.map(|b| b.attendees.iter().any(|a| a.seat_uid.is_some()));
    if remaining == Some(false) {
        tx.set_status(old.id, BookingStatus::Cancelled, &StatusChange::default(), now).await?;
    }
    let booking = tx.booking_by_id(booking_id).await?.ok_or_else(|| Error::internal("booking vanished"))?;
    let host = &bookable.owner;
    let mut outbox = Outbox::open(&mut tx, host.id, old.team_id, old.event_type_id, now).await?;
    outbox.rescheduled(&mut tx, old, &booking, host, &bookable.event_type.config).await?;
    tx.commit().await?;
    wake(state, &outbox);
    Ok(match booking.recurring_uid.clone() {
        Some(series) => RescheduleBookingData::RecurringSeated(CreateRecurringSeatedBookingOutput {
            booking: output::seated(&booking, host),
            seat_uid: seat_uid.to_owned(),
            recurring_booking_uid: series,
        }),
        None => RescheduleBookingData::Seated(CreateSeatedBookingOutput {
            booking: output::seated(&booking, host),
            seat_uid: seat_uid.to_owned(),
        }),
    })
}

fn cancellable(booking: &Booking, now: DateTime<Utc>) -> std::result::Result<(), String> {
    match booking.status {
        BookingStatus::Cancelled => Err(format!("booking {} is already cancelled", booking.uid)),
        BookingStatus::Rejected => Err(format!("booking {} was declined", booking.uid)),
        _ if booking.end <= now => Err(format!("booking {} is in the past and cannot be cancelled", booking.uid)),
        _ => Ok(()),
    }
}

/// `POST /v2/bookings/{uid}/cancel`. `caller` is the authenticated user, if any: a host must give a reason.
pub async fn cancel(
    state: &AppState,
    uid: &str,
    input: &CancelBookingInput,
    caller: Option<&User>,
) -> Result<(Found, User)> {
    let (found, host) = find(state, uid).await?;
    let now = state.clock.now();
    let first = match &found {
        Found::One(b) => (**b).clone(),
        Found::Series(list) => list[0].clone(),
    };
    let by_host = caller.is_some_and(|u| u.id == host.id);
    let mut v = Validator::new();
    let reason = input.cancellation_reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if by_host && reason.is_none() {
        v.add("cancellationReason", "is required when the host cancels");
    }
    if reason.is_some_and(|r| r.chars().count() > 1000) {
        v.add("cancellationReason", "must be at most 1000 characters");
    }
    // The bookings this request cancels.
    let targets: Vec<Booking> = match (&found, input.cancel_subsequent_bookings == Some(true)) {
        (Found::One(b), false) => vec![(**b).clone()],
        (Found::One(b), true) => match &b.recurring_uid {
            None => {
                v.add("cancelSubsequentBookings", "this booking is not part of a recurring series");
                vec![]
            }
            Some(series) => state.store.series(series).await?.into_iter().filter(|o| o.start >= b.start).collect(),
        },
        (Found::Series(list), _) => list.iter().filter(|b| cancellable(b, now).is_ok()).cloned().collect(),
    };
    if let Some(seat_uid) = &input.seat_uid {
        match &found {
            Found::One(b) if b.seat(seat_uid).is_some() => {}
            _ => v.add("seatUid", format!("booking {uid} has no seat `{seat_uid}`")),
        }
    } else if let Found::One(b) = &found
        && let Err(why) = cancellable(b, now)
    {
        v.add("bookingUid", why);
    }
    if matches!(found, Found::Series(_)) && targets.is_empty() {
        v.add("bookingUid", "no occurrence of this series can be cancelled (all are cancelled or past)");
    }
    v.finish()?;
    let cancelled_by = caller.map(|u| u.email.clone());
    let change = StatusChange { cancellation_reason: reason.map(str::to_owned), cancelled_by, ..Default::default() };
    let config = event_type_config(state, &first).await?;
    let mut tx = state.store.booking_tx(host.id).await?;
    let mut outbox = Outbox::open(&mut tx, host.id, first.team_id, first.event_type_id, now).await?;
    let mut cancelled_ids = Vec::new();
    if let (Some(seat_uid), Found::One(b)) = (&input.seat_uid, &found) {
        if !tx.remove_seat(b.id, seat_uid, now).await? {
            return Err(Error::Conflict(format!("seat `{seat_uid}` was just moved or cancelled")));
        }
        let left = tx.booking_by_id(b.id).await?.is_some_and(|b| b.attendees.iter().any(|a| a.seat_uid.is_some()));
        if !left {
            cancelled_ids.push(b.id);
        }
    } else {
        cancelled_ids.extend(targets.iter().filter(|t| cancellable(t, now).is_ok()).map(|t| t.id));
    }
    for id in cancelled_ids {
        tx.set_status(id, BookingStatus::Cancelled, &change, now).await?;
        if let Some(cancelled) = tx.booking_by_id(id).await? {
            outbox.cancelled(&mut tx, &cancelled, &host, config.as_ref()).await?;
        }
    }
    tx.commit().await?;
    wake(state, &outbox);
    let refreshed = match found {
        Found::One(b) => Found::One(Box::new(one(state, &b.uid).await?)),
        Found::Series(list) => {
            Found::Series(state.store.series(list[0].recurring_uid.as_deref().unwrap_or_default()).await?)
        }
    };
    Ok((refreshed, host))
}

/// `confirm` (accept) or `decline` (reject) a pending booking, by its host.
pub async fn decide(
    state: &AppState,
    uid: &str,
    host: &User,
    accept: bool,
    input: &DeclineBookingInput,
) -> Result<Booking> {
    let booking = one(state, uid).await?;
    require_host(&booking, host)?;
    if booking.status != BookingStatus::Pending {
        return Err(Error::invalid(
            "bookingUid",
            format!(
                "only pending bookings can be {}; booking {uid} is {}",
                if accept { "confirmed" } else { "declined" },
                booking.status
            ),
        ));
    }
    let reason = input.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > 1000) {
        return Err(Error::invalid("reason", "must be at most 1000 characters"));
    }
    let now = state.clock.now();
    // Read before the transaction: on PostgreSQL it holds one of the pool's connections.
    let config = event_type_config(state, &booking).await?;
    let mut tx = state.store.booking_tx(host.id).await?;
    let current =
        tx.booking_by_id(booking.id).await?.ok_or_else(|| Error::NotFound(format!("Booking ({uid}) not found")))?;
    if current.status != BookingStatus::Pending {
        return Err(Error::invalid("bookingUid", format!("booking {uid} was just {}", current.status)));
    }
    let (status, change) = if accept {
        (BookingStatus::Accepted, StatusChange::default())
    } else {
        (BookingStatus::Rejected, StatusChange { rejection_reason: reason.map(str::to_owned), ..Default::default() })
    };
    tx.set_status(booking.id, status, &change, now).await?;
    let decided =
        tx.booking_by_id(booking.id).await?.ok_or_else(|| Error::NotFound(format!("Booking ({uid}) not found")))?;
    let mut outbox = Outbox::open(&mut tx, host.id, decided.team_id, decided.event_type_id, now).await?;
    if accept {
        outbox.confirmed(&mut tx, &decided, host, config.as_ref()).await?;
    } else {
        outbox.rejected(&mut tx, &decided, host, config.as_ref()).await?;
    }
    tx.commit().await?;
    wake(state, &outbox);
    Ok(decided)
}

/// `POST /v2/bookings/{uid}/mark-absent`, by the host, once the meeting has started.
pub async fn mark_absent(state: &AppState, uid: &str, host: &User, input: &MarkAbsentBookingInput) -> Result<Booking> {
    let booking = one(state, uid).await?;
    require_host(&booking, host)?;
    let mut v = Validator::new();
    v.check(
        booking.status == BookingStatus::Accepted,
        "bookingUid",
        format!("booking {uid} is {}, not accepted", booking.status),
    );
    v.check(booking.start <= state.clock.now(), "bookingUid", "the meeting has not started yet");
    let attendees = input.attendees.clone().unwrap_or_default();
    v.check(input.host.is_some() || !attendees.is_empty(), "attendees", "name the host or at least one attendee");
    for (i, a) in attendees.iter().enumerate() {
        let known = booking.attendees.iter().any(|b| b.email.eq_ignore_ascii_case(&a.email));
        v.check(known, &format!("attendees[{i}].email"), format!("`{}` is not an attendee of booking {uid}", a.email));
    }
    v.finish()?;
    let pairs: Vec<(String, bool)> = attendees.into_iter().map(|a| (a.email, a.absent)).collect();
    let now = state.clock.now();
    let mut tx = state.store.booking_tx(host.id).await?;
    tx.mark_absent(booking.id, input.host, &pairs, now).await?;
    let marked =
        tx.booking_by_id(booking.id).await?.ok_or_else(|| Error::NotFound(format!("Booking ({uid}) not found")))?;
    let mut outbox = Outbox::open(&mut tx, host.id, marked.team_id, marked.event_type_id, now).await?;
    outbox.no_show(&mut tx, &marked, &pairs, input.host.map(|absent| (host.email.as_str(), absent))).await?;
    tx.commit().await?;
    wake(state, &outbox);
    Ok(marked)
}

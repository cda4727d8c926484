use std::collections::BTreeMap;

use actix_web::{HttpResponse, delete, get, patch, post, web};
use calends_domain::event_types::{EventType, EventTypeConfig};
use calends_domain::reservations::{self, NewReservation, Reservation};
use calends_domain::team_event_types::{TeamHost, TeamHosting};
use calends_domain::teams::{Membership, Team};
use calends_domain::times::{iso_utc, parse_bound, parse_instant};
use calends_domain::users::User;
use calends_domain::validate::{self, Validator};
use calends_domain::{Error, ids};
use calends_model::schedules::StatusOnlyResponse;
use calends_model::slots::{
    GetReservedSlotOutputResponse, GetSlotsQuery, ReserveSlotInput, ReserveSlotOutput, ReserveSlotOutputResponse,
    SlotFormat, SlotsOutputResponse,
};
use calends_model::team_event_types::{HostPriority, SchedulingType};
use calends_model::teams::MembershipRole;
use chrono::Duration;

use crate::docs::{BadRequest, Conflict, NotFound, PayloadTooLarge, Unauthorized, UnsupportedMediaType};
use crate::error::ApiError;
use crate::extract::{Json, OptionalAuth, Query};
use crate::routes::{created, ok, slot_list};
use crate::services::availability::{self, Bookable, Engine, Except};
use crate::services::team_availability::{self, TeamBookable, TeamEngine};
use crate::services::teams::TeamWithMembers;
use crate::state::AppState;
use crate::version::{ApiVersion, SlotsApi};

type Version = ApiVersion<SlotsApi>;

/// The longest span one slots request may cover.
const MAX_SPAN_DAYS: i64 = 400;

#[utoipa::path(
    operation_id = "slots_get",
    tag = "Slots",
    summary = "Get available time slots for an event type",
    description = "The bookable slots of an event type between `start` and `end`, grouped by date in `timeZone`. Name \
the event type by `eventTypeId`, by `eventTypeSlug` and `username`, or by `eventTypeSlug` and `teamSlug`; or ask \
`usernames` for the times when all of those users are free. Slots follow the owner's schedule (the event type's, else \
the default one), minus other bookings and reservations with the event type's buffers, minimum notice, booking window \
and limits. A collective team event type offers the times when every host is free, a round-robin one the times when \
any host is (and every mandatory host). Needs no API key.",
    params(SlotsApi, GetSlotsQuery),
    responses(
        (status = 200, description = "Slots by date", body = SlotsOutputResponse),
        BadRequest, NotFound
    )
)]
#[get("")]
pub async fn get_slots(
    _: Version,
    state: web::Data<AppState>,
    Query(query): Query<GetSlotsQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut v = Validator::new();
    let from = v.take("start", parse_bound(&query.start, false));
    let to = v.take("end", parse_bound(&query.end, true));
    let zone = v.take("timeZone", validate::time_zone(query.time_zone.as_deref().unwrap_or("UTC")));
    if let (Some(from), Some(to)) = (from, to) {
        v.check(to >= from, "end", "must not be before start");
        v.check(
            to - from <= Duration::days(MAX_SPAN_DAYS),
            "end",
            format!("must be at most {MAX_SPAN_DAYS} days after start"),
        );
    }
    v.check(query.organization_slug.is_none(), "organizationSlug", "this server has no organizations");
    let usernames: Vec<String> = query
        .usernames
        .as_deref()
        .map(|list| list.split(',').map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    if query.usernames.is_some() {
        v.check(usernames.len() >= 2, "usernames", "name at least 2 users, separated by commas");
        v.check(usernames.len() <= 50, "usernames", "name at most 50 users");
    }
    v.finish()?;
    let (Some(from), Some(to), Some(zone)) = (from, to, zone) else { unreachable!("validated above") };
    let to = to + Duration::milliseconds(1);
    let range = query.format == Some(SlotFormat::Range);
    let state = state.reading()?;

    // An event type by id is read once: a team's, or a personal one (found again below only when it is missing).
    let mut personal = None;
    let team = match (&query.usernames, &query.team_slug) {
        (Some(_), _) => Some(group(&state, &usernames).await?),
        (None, Some(team_slug)) => {
            let Some(slug) = &query.event_type_slug else {
                return Err(Error::invalid("eventTypeSlug", "needed with teamSlug").into());
            };
            Some(TeamBookable::by_slug(&state, team_slug, slug).await?)
        }
        (None, None) => match query.event_type_id {
            Some(id) => match state.store.event_type(id).await? {
                Some(event_type) if event_type.team_id.is_some() => Some(TeamBookable::load(&state, event_type).await?),
                event_type => {
                    personal = event_type;
                    None
                }
            },
            None => None,
        },
    };
    if let Some(team) = team {
        let length = availability::length_of(&team.event_type.config, query.duration, "duration")?;
        let except = match &query.booking_uid_to_reschedule {
            None => None,
            Some(uid) => {
                let booking = state.store.booking(uid).await?.filter(|b| b.event_type_id == team.event_type.id);
                let booking = booking.ok_or_else(|| {
                    Error::invalid("bookingUidToReschedule", format!("no booking `{uid}` of this event type"))
                })?;
                Some(booking.id)
            }
        };
        let engine = TeamEngine::load(&state, &team, length).await?;
        let except = Except { booking: except, reservation: None };
        let slots = team_availability::slots(&state, &engine, from, to, zone, except).await?;
        let body = slot_list::write(&team_availability::as_offered(slots), zone, range);
        return Ok(HttpResponse::Ok().content_type("application/json").body(body));
    }

    let bookable = match personal {
        Some(event_type) => availability::of(&state, event_type).await?,
        None => find(&state, &query).await?,
    };
    let length = availability::length(&bookable, query.duration, "duration")?;
    let rescheduled = match &query.booking_uid_to_reschedule {
        None => None,
        Some(uid) => {
            let booking = state.store.booking(uid).await?.filter(|b| b.host_id == bookable.owner.id);
            let booking = booking.ok_or_else(|| {
                Error::invalid("bookingUidToReschedule", format!("no booking `{uid}` of this event type's host"))
            })?;
            Some(booking.id)
        }
    };
    let Some(engine) = Engine::load(&state, &bookable, length).await? else {
        return Ok(ok(SlotsOutputResponse::new(BTreeMap::new())));
    };
    let except = Except { booking: rescheduled, reservation: None };
    let slots = availability::slots(&state, &engine, from, to, zone, except).await?;
    let body = slot_list::write(&slots, zone, range);
    Ok(HttpResponse::Ok().content_type("application/json").body(body))
}

/// A dynamic group of users: a collective event of their default schedules with Cal.com's default event settings
/// (30 minutes unless `duration` says otherwise).
async fn group(state: &AppState, usernames: &[String]) -> Result<TeamBookable, ApiError> {
    let mut hosts = Vec::with_capacity(usernames.len());
    for username in usernames {
        let user = state
            .store
            .user_by_username(username)
            .await?
            .ok_or_else(|| Error::NotFound(format!("User ({username}) not found")))?;
        if !hosts.iter().any(|(_, u): &(TeamHost, User)| u.id == user.id) {
            hosts.push((TeamHost { user_id: user.id, mandatory: true, priority: HostPriority::Medium }, user));
        }
    }
    let config = EventTypeConfig {
        title: "Dynamic group".into(),
        slug: "dynamic".into(),
        length_in_minutes_options: Some(vec![15, 30, 45, 60, 90, 120]),
        team: Some(TeamHosting {
            scheduling_type: SchedulingType::Collective,
            hosts: hosts.iter().map(|(h, _)| *h).collect(),
            assign_all_team_members: false,
        }),
        ..EventTypeConfig::default()
    };
    let now = state.clock.now();
    let members = hosts
        .iter()
        .map(|(_, u)| {
            let membership = Membership {
                id: 0,
                team_id: 0,
                user_id: u.id,
                role: MembershipRole::Member,
                accepted: true,
                disable_impersonation: false,
                created_at: now,
            };
            (membership, u.clone())
        })
        .collect();
    let team = Team {
        id: 0,
        slug: "dynamic".into(),
        name: "Dynamic group".into(),
        profile: Default::default(),
        created_at: now,
        updated_at: now,
    };
    let event_type = EventType {
        id: 0,
        owner_id: hosts[0].1.id,
        team_id: Some(0),
        parent_id: None,
        config,
        created_at: now,
        updated_at: now,
    };
    Ok(TeamBookable { event_type, team: TeamWithMembers { team, members }, hosts })
}

async fn find(state: &AppState, query: &GetSlotsQuery) -> Result<Bookable, ApiError> {
    match (query.event_type_id, &query.event_type_slug, &query.username) {
        (Some(id), _, _) => Ok(availability::by_id(state, id).await?),
        (None, Some(slug), Some(username)) => Ok(availability::by_slug(state, username, slug).await?),
        _ => Err(Error::invalid("eventTypeId", "name the event type by eventTypeId, or by eventTypeSlug and username")
            .into()),
    }
}

fn reservation_output(r: &Reservation) -> ReserveSlotOutput {
    ReserveSlotOutput {
        event_type_id: r.event_type_id,
        slot_start: iso_utc(r.slot_start),
        slot_end: iso_utc(r.slot_end),
        slot_duration: r.slot_minutes(),
        reservation_uid: r.uid.clone(),
        reservation_duration: r.reservation_minutes(),
        reservation_until: iso_utc(r.reserved_until),
    }
}

/// Validates a reservation request and checks the slot is offered (ignoring `except`, the reservation being
/// moved). A slot held by someone else's reservation is a 409; any other unavailable slot a 400.
async fn plan(
    state: &AppState,
    input: &ReserveSlotInput,
    authenticated: bool,
    except: Option<&str>,
) -> Result<NewReservation, ApiError> {
    let mut v = Validator::new();
    let start = v.take("slotStart", parse_instant(&input.slot_start));
    let minutes = input.reservation_duration.unwrap_or(reservations::DEFAULT_MINUTES);
    if input.reservation_duration.is_some() {
        if !authenticated {
            v.add("reservationDuration", "only requests authenticated with an API key may set it");
        } else {
            v.check(
                (1..=reservations::MAX_MINUTES).contains(&minutes),
                "reservationDuration",
                format!("must be between 1 and {} minutes", reservations::MAX_MINUTES),
            );
        }
    }
    v.finish()?;
    let Some(start) = start else { unreachable!("validated above") };

    let bookable = availability::by_id(state, input.event_type_id).await?;
    let length = availability::length(&bookable, input.slot_duration, "slotDuration")?;
    let now = state.clock.now();
    let plan = NewReservation::new(bookable.event_type.id, bookable.owner.id, start, length, minutes, now);
    let unavailable = |why: String| Error::invalid("slotStart", format!("{} {why}", iso_utc(start)));
    let Some(engine) = Engine::load(state, &bookable, length).await? else {
        return Err(unavailable("is not available: the host has no schedule".into()).into());
    };
    let except = Except { booking: None, reservation: except };
    if availability::offered_at(&mut &state.store, &engine, start, now, except).await?.is_none() {
        let held = state
            .store
            .reserved_intervals(bookable.owner.id, plan.slot_start, plan.slot_end, now, except.reservation)
            .await?;
        return Err(if held.is_empty() {
            unavailable(availability::why_not_offered(state, &engine, start, except).await?)
        } else {
            Error::Conflict("this slot is already reserved by someone else".into())
        }
        .into());
    }
    Ok(plan)
}

#[utoipa::path(
    operation_id = "slots_reserve",
    tag = "Slots",
    summary = "Reserve a slot",
    description = "Holds an available slot so no one else can book it for `reservationDuration` minutes (5 by \
default; only requests with an API key may choose). Needs no API key.",
    params(SlotsApi),
    request_body = ReserveSlotInput,
    responses(
        (status = 201, description = "The reservation", body = ReserveSlotOutputResponse),
        BadRequest, Unauthorized, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType
    ),
    security((), ("apiKey" = []))
)]
#[post("/reservations")]
pub async fn reserve_slot(
    _: Version,
    state: web::Data<AppState>,
    OptionalAuth(auth): OptionalAuth,
    Json(input): Json<ReserveSlotInput>,
) -> Result<HttpResponse, ApiError> {
    let plan = plan(&state, &input, auth.is_some(), None).await?;
    let reservation = state.store.create_reservation(&ids::uuid_v4(), &plan, state.clock.now()).await?;
    Ok(created(ReserveSlotOutputResponse::new(reservation_output(&reservation))))
}

async fn active(state: &AppState, uid: &str) -> Result<Option<Reservation>, ApiError> {
    Ok(state.store.reservation(uid).await?.filter(|r| r.is_active(state.clock.now())))
}

#[utoipa::path(
    operation_id = "slots_get_reservation",
    tag = "Slots",
    summary = "Get reserved slot",
    description = "The reservation, or `data: null` when there is none with this uid or it expired (as Cal.com \
answers).",
    params(SlotsApi, ("uid" = String, Path, description = "The reservation's uid")),
    responses(
        (status = 200, description = "The reservation or null", body = GetReservedSlotOutputResponse),
        BadRequest, NotFound
    )
)]
#[get("/reservations/{uid}")]
pub async fn get_reservation(
    _: Version,
    state: web::Data<AppState>,
    uid: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reservation = active(&state, &uid).await?;
    Ok(ok(GetReservedSlotOutputResponse::new(reservation.as_ref().map(reservation_output))))
}

#[utoipa::path(
    operation_id = "slots_update_reservation",
    tag = "Slots",
    summary = "Update a reserved slot",
    description = "Moves the reservation to another slot (or event type) and restarts its hold.",
    params(SlotsApi, ("uid" = String, Path, description = "The reservation's uid")),
    request_body = ReserveSlotInput,
    responses(
        (status = 200, description = "The moved reservation", body = ReserveSlotOutputResponse),
        BadRequest, Unauthorized, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType
    ),
    security((), ("apiKey" = []))
)]
#[patch("/reservations/{uid}")]
pub async fn update_reservation(
    _: Version,
    state: web::Data<AppState>,
    OptionalAuth(auth): OptionalAuth,
    uid: web::Path<String>,
    Json(input): Json<ReserveSlotInput>,
) -> Result<HttpResponse, ApiError> {
    let not_found = || Error::NotFound(format!("Reservation ({uid}) not found"));
    active(&state, &uid).await?.ok_or_else(not_found)?;
    let plan = plan(&state, &input, auth.is_some(), Some(&uid)).await?;
    let reservation = state.store.update_reservation(&uid, &plan, state.clock.now()).await?.ok_or_else(not_found)?;
    Ok(ok(ReserveSlotOutputResponse::new(reservation_output(&reservation))))
}

#[utoipa::path(
    operation_id = "slots_delete_reservation",
    tag = "Slots",
    summary = "Delete a reserved slot",
    description = "Releases the slot.",
    params(SlotsApi, ("uid" = String, Path, description = "The reservation's uid")),
    responses((status = 200, description = "Released", body = StatusOnlyResponse), BadRequest, NotFound)
)]
#[delete("/reservations/{uid}")]
pub async fn delete_reservation(
    _: Version,
    state: web::Data<AppState>,
    uid: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    if !state.store.delete_reservation(&uid).await? {
        return Err(Error::NotFound(format!("Reservation ({uid}) not found")).into());
    }
    Ok(ok(StatusOnlyResponse::success()))
}

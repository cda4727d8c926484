//! `Teams / Event Types`: a team's event types, hosted collectively, by round robin, or managed.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use calends_domain::Error;
use calends_domain::event_types::{EventType, EventTypeConfig};
use calends_domain::team_event_types::{self, validate_team_create, validate_team_update};
use calends_model::event_types::{DeleteEventTypeData, DeleteEventTypeOutputResponse};
use calends_model::team_event_types::{
    CreateTeamEventTypeInput, GetTeamEventTypesQuery, SchedulingType, TeamEventTypeOutput, TeamEventTypeOutputResponse,
    TeamEventTypesOutputResponse, UpdateTeamEventTypeInput,
};
use serde_json::{Map, Value};

use crate::docs::{BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge, Unauthorized, UnsupportedMediaType};
use crate::error::ApiError;
use crate::extract::{Auth, Json, OptionalAuth, Query};
use crate::routes::{created, ok};
use crate::services::teams::TeamWithMembers;
use crate::state::AppState;

async fn output(
    state: &AppState,
    team: &TeamWithMembers,
    event_type: &EventType,
) -> Result<TeamEventTypeOutput, ApiError> {
    let creator = match team.user(event_type.owner_id) {
        Some(user) => user.clone(),
        None => state
            .store
            .user(event_type.owner_id)
            .await?
            .ok_or_else(|| Error::internal(format!("creator of event type {} is missing", event_type.id)))?,
    };
    let hosts = team.hosts(event_type.config.team.as_ref());
    Ok(team_event_types::to_team_output(event_type, &team.team, &creator, &hosts))
}

fn is_managed(config: &EventTypeConfig) -> bool {
    config.team.as_ref().is_some_and(|t| t.scheduling_type == SchedulingType::Managed)
}

/// The members a managed event type is copied to: its effective hosts.
fn host_ids(team: &TeamWithMembers, config: &EventTypeConfig) -> Vec<i64> {
    team.hosts(config.team.as_ref()).iter().map(|(_, u)| u.id).collect()
}

/// Team `team_id`'s event type `id`: 404 when either does not exist or the event type is another team's.
async fn team_event_type(state: &AppState, team: &TeamWithMembers, id: i64) -> Result<EventType, ApiError> {
    state
        .store
        .event_type(id)
        .await?
        .filter(|e| e.team_id == Some(team.team.id))
        .ok_or_else(|| Error::NotFound(format!("Event type ({id}) of team ({}) not found", team.team.id)).into())
}

/// A `scheduleId` must name a schedule of one of the hosts.
async fn check_schedule(state: &AppState, team: &TeamWithMembers, config: &EventTypeConfig) -> Result<(), ApiError> {
    if let Some(id) = config.schedule_id() {
        let hosts = team.hosts(config.team.as_ref());
        let schedule = state.store.schedule(id).await?;
        if schedule.is_none_or(|s| !hosts.iter().any(|(_, u)| u.id == s.user_id)) {
            return Err(Error::invalid(
                "scheduleId",
                format!("no host of this event type has a schedule with id {id}"),
            )
            .into());
        }
    }
    Ok(())
}

#[utoipa::path(
    operation_id = "team_event_types_create",
    tag = "Teams / Event Types",
    summary = "Create an event type",
    description = "Creates an event type of the team; only its admins and owners can. `schedulingType` \
`collective` offers the times when every host is free and books them all; `roundRobin` offers the times when any \
host is free and books one: among the free hosts, those of the highest `priority`, then the one whose last booking of \
this event type is the oldest (never booked first). Mandatory round-robin hosts must be free too and attend every \
booking. `managed` gives each host a copy of the event type of their own (listed by `GET /v2/event-types`, booked \
like any of theirs), kept in step with the team's: changes, removed and added hosts apply to the copies; a host who \
already has an event type with the slug is a 409. Hosts must be accepted members; with \
`assignAllTeamMembers` every accepted member hosts. Each host's availability is their default schedule, or \
`scheduleId` for the host it belongs to. Seats are not available for team event types.",
    params(("teamId" = i64, Path, description = "Id of the team")),
    request_body = CreateTeamEventTypeInput,
    responses(
        (status = 201, description = "The created event type", body = TeamEventTypeOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[post("/{teamId}/event-types")]
pub async fn create_team_event_type(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    team_id: web::Path<i64>,
    Json(input): Json<CreateTeamEventTypeInput>,
) -> Result<HttpResponse, ApiError> {
    let team = TeamWithMembers::load(&state, team_id.into_inner()).await?;
    team.require_manager(auth.user.id)?;
    let config = validate_team_create(input, &team.accepted())?;
    check_schedule(&state, &team, &config).await?;
    let now = state.clock.now();
    let event_type = if is_managed(&config) {
        let members = host_ids(&team, &config);
        state.store.create_managed_event_type(team.team.id, auth.user.id, &config, &members, now).await?
    } else {
        state.store.create_team_event_type(team.team.id, auth.user.id, &config, now).await?
    };
    Ok(created(TeamEventTypeOutputResponse::new(output(&state, &team, &event_type).await?)))
}

#[utoipa::path(
    operation_id = "team_event_types_list",
    tag = "Teams / Event Types",
    summary = "Get a team's event types",
    description = "Needs no API key. Hidden event types are listed only to the team's members. `hostsLimit` caps the \
hosts listed per event type.",
    params(("teamId" = i64, Path, description = "Id of the team"), GetTeamEventTypesQuery),
    responses(
        (status = 200, description = "The team's event types", body = TeamEventTypesOutputResponse),
        BadRequest, Unauthorized, NotFound
    ),
    security((), ("apiKey" = []))
)]
#[get("/{teamId}/event-types")]
pub async fn list_team_event_types(
    state: web::Data<AppState>,
    OptionalAuth(auth): OptionalAuth,
    team_id: web::Path<i64>,
    Query(query): Query<GetTeamEventTypesQuery>,
) -> Result<HttpResponse, ApiError> {
    if let Some(limit) = query.hosts_limit
        && limit < 0
    {
        return Err(Error::invalid("hostsLimit", "must not be negative").into());
    }
    let team = TeamWithMembers::load(&state, team_id.into_inner()).await?;
    let member = auth.is_some_and(|a| team.membership(a.user.id).is_some());
    let mut list = Vec::new();
    for event_type in state.store.team_event_types(team.team.id).await? {
        if (event_type.config.hidden && !member)
            || query.event_slug.as_ref().is_some_and(|slug| &event_type.config.slug != slug)
        {
            continue;
        }
        let mut out = output(&state, &team, &event_type).await?;
        if let Some(limit) = query.hosts_limit {
            let limit = usize::try_from(limit).unwrap_or(usize::MAX);
            out.hosts.truncate(limit);
            out.event_type.users.truncate(limit);
        }
        list.push(out);
    }
    Ok(ok(TeamEventTypesOutputResponse::new(list)))
}

#[utoipa::path(
    operation_id = "team_event_types_get",
    tag = "Teams / Event Types",
    summary = "Get an event type",
    description = "For the team's members.",
    params(
        ("teamId" = i64, Path, description = "Id of the team"),
        ("eventTypeId" = i64, Path, description = "Id of the event type")
    ),
    responses(
        (status = 200, description = "The event type", body = TeamEventTypeOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[get("/{teamId}/event-types/{eventTypeId}")]
pub async fn get_team_event_type(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (team_id, id) = path.into_inner();
    let team = TeamWithMembers::load(&state, team_id).await?;
    team.require_member(auth.user.id)?;
    let event_type = team_event_type(&state, &team, id).await?;
    Ok(ok(TeamEventTypeOutputResponse::new(output(&state, &team, &event_type).await?)))
}

#[utoipa::path(
    operation_id = "team_event_types_update",
    tag = "Teams / Event Types",
    summary = "Update a team event type",
    description = "For the team's admins and owners. Changes the fields sent; `hosts` replaces the host list. The \
result is validated as a whole. A managed event type's copies follow.",
    params(
        ("teamId" = i64, Path, description = "Id of the team"),
        ("eventTypeId" = i64, Path, description = "Id of the event type")
    ),
    request_body = UpdateTeamEventTypeInput,
    responses(
        (status = 200, description = "The updated event type", body = TeamEventTypeOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[patch("/{teamId}/event-types/{eventTypeId}")]
pub async fn update_team_event_type(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    path: web::Path<(i64, i64)>,
    Json(input): Json<UpdateTeamEventTypeInput>,
) -> Result<HttpResponse, ApiError> {
    let (team_id, id) = path.into_inner();
    let team = TeamWithMembers::load(&state, team_id).await?;
    team.require_manager(auth.user.id)?;
    let current = team_event_type(&state, &team, id).await?;
    let config = validate_team_update(&current.config, input, &team.accepted())?;
    if config.schedule_id != current.config.schedule_id || config.team != current.config.team {
        check_schedule(&state, &team, &config).await?;
    }
    let now = state.clock.now();
    let updated = if is_managed(&config) {
        let members = host_ids(&team, &config);
        state.store.update_managed_event_type(current.id, &config, &members, now).await?
    } else {
        state.store.update_event_type(current.id, &config, now).await?
    };
    let updated = updated.ok_or_else(|| Error::NotFound(format!("Event type ({id}) not found")))?;
    Ok(ok(TeamEventTypeOutputResponse::new(output(&state, &team, &updated).await?)))
}

#[utoipa::path(
    operation_id = "team_event_types_delete",
    tag = "Teams / Event Types",
    summary = "Delete a team event type",
    description = "For the team's admins and owners. Deletes the event type and its webhooks (a managed one's copies \
too); bookings are kept.",
    params(
        ("teamId" = i64, Path, description = "Id of the team"),
        ("eventTypeId" = i64, Path, description = "Id of the event type")
    ),
    responses(
        (status = 200, description = "What was deleted", body = DeleteEventTypeOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[delete("/{teamId}/event-types/{eventTypeId}")]
pub async fn delete_team_event_type(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (team_id, id) = path.into_inner();
    let team = TeamWithMembers::load(&state, team_id).await?;
    team.require_manager(auth.user.id)?;
    let event_type = team_event_type(&state, &team, id).await?;
    let deleted = state
        .store
        .delete_event_type(event_type.id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("Event type ({id}) not found")))?;
    Ok(ok(DeleteEventTypeOutputResponse::new(DeleteEventTypeData {
        id: deleted.id,
        length_in_minutes: i32::try_from(deleted.config.length_in_minutes).unwrap_or(i32::MAX),
        title: deleted.config.title.clone(),
        slug: deleted.config.slug.clone(),
    })))
}

#[utoipa::path(
    operation_id = "team_event_types_create_phone_call",
    tag = "Teams / Event Types",
    summary = "Create a phone call",
    description = "Cal.com places AI phone calls through a telephony provider. This server has none: for an existing \
team event type, team admins and owners get a 400 saying so. Documented so that clients of the Cal.com API see a \
clear answer.",
    params(
        ("teamId" = i64, Path, description = "Id of the team"),
        ("eventTypeId" = i64, Path, description = "Id of the event type")
    ),
    request_body(content = Object, description = "Cal.com's `CreatePhoneCallInput`; not read"),
    responses(BadRequest, Unauthorized, Forbidden, NotFound, PayloadTooLarge, UnsupportedMediaType),
    security(("apiKey" = []))
)]
#[post("/{teamId}/event-types/{eventTypeId}/create-phone-call")]
pub async fn create_phone_call(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    path: web::Path<(i64, i64)>,
    Json(_input): Json<Map<String, Value>>,
) -> Result<HttpResponse, ApiError> {
    let (team_id, id) = path.into_inner();
    let team = TeamWithMembers::load(&state, team_id).await?;
    team.require_manager(auth.user.id)?;
    team_event_type(&state, &team, id).await?;
    Err(Error::BadRequest("phone calls need a telephony provider, and this server has none".into()).into())
}

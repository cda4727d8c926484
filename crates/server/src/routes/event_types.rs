use actix_web::{HttpResponse, delete, get, patch, post, web};
use calends_domain::Error;
use calends_domain::event_types::{self, EventType, EventTypeConfig, EventTypeOwner};
use calends_domain::users::User;
use calends_model::common::SortOrder;
use calends_model::event_types::{
    CreateEventTypeInput, DeleteEventTypeData, DeleteEventTypeOutputResponse, EventTypeOutput, EventTypeOutputResponse,
    EventTypesOutputResponse, GetEventTypesQuery, UpdateEventTypeInput,
};
use calends_store::EventTypeOrder;

use crate::docs::{BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge, Unauthorized, UnsupportedMediaType};
use crate::error::ApiError;
use crate::extract::{Auth, Json, OptionalAuth, Query};
use crate::routes::{created, ok, owned};
use crate::state::AppState;
use crate::version::{ApiVersion, EventTypesApi};

type Version = ApiVersion<EventTypesApi>;

fn output(event_type: &EventType, owner: &User) -> EventTypeOutput {
    event_types::to_output(event_type, &EventTypeOwner::of(owner))
}

/// A `scheduleId` must name one of the owner's schedules.
async fn check_schedule(state: &AppState, config: &EventTypeConfig, owner_id: i64) -> Result<(), ApiError> {
    if let Some(id) = config.schedule_id() {
        let schedule = state.store.schedule(id).await?;
        if schedule.is_none_or(|s| s.user_id != owner_id) {
            return Err(Error::invalid("scheduleId", format!("you have no schedule with id {id}")).into());
        }
    }
    Ok(())
}

/// The caller's personal event type `id` (team event types are managed under `/v2/teams/{teamId}/event-types`).
async fn own_event_type(state: &AppState, id: i64, user_id: i64) -> Result<EventType, ApiError> {
    let found = state.store.event_type(id).await?.filter(|e| e.team_id.is_none());
    owned(found, "Event type", id, |e| e.owner_id, user_id)
}

/// A member's copy of a managed team event type changes with the team's only: 403.
fn not_a_copy(event_type: &EventType) -> Result<(), ApiError> {
    match event_type.parent_id {
        Some(parent) => Err(Error::Forbidden(format!(
            "event type ({}) is your copy of the managed team event type ({parent}): the team's admins change it there",
            event_type.id
        ))
        .into()),
        None => Ok(()),
    }
}

#[utoipa::path(
    operation_id = "event_types_create",
    tag = "Event Types",
    summary = "Create an event type",
    description = "Creates an event type owned by the authenticated user. Its slug must be unique among your event \
types (409). Availability comes from `scheduleId` (one of your schedules) or your default schedule.",
    params(EventTypesApi),
    request_body = CreateEventTypeInput,
    responses(
        (status = 201, description = "The created event type", body = EventTypeOutputResponse),
        BadRequest, Unauthorized, Conflict, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[post("")]
pub async fn create_event_type(
    _: Version,
    state: web::Data<AppState>,
    Auth(auth): Auth,
    Json(input): Json<CreateEventTypeInput>,
) -> Result<HttpResponse, ApiError> {
    let config = event_types::validate_create(input)?;
    check_schedule(&state, &config, auth.user.id).await?;
    let event_type = state.store.create_event_type(auth.user.id, &config, state.clock.now()).await?;
    Ok(created(EventTypeOutputResponse::new(output(&event_type, &auth.user))))
}

#[utoipa::path(
    operation_id = "event_types_list",
    tag = "Event Types",
    summary = "Get all event types",
    description = "With `username` (and optionally `eventSlug`): that user's event types, public ones only unless \
you are that user; no API key needed. Without `username`: your own event types (API key required). `orgSlug`/`orgId` \
match nothing (this server has no organizations); `usernames` (dynamic group events) is not available.",
    params(EventTypesApi, GetEventTypesQuery),
    responses((status = 200, description = "Event types", body = EventTypesOutputResponse), BadRequest, Unauthorized, NotFound),
    security((), ("apiKey" = []))
)]
#[get("")]
pub async fn list_event_types(
    _: Version,
    state: web::Data<AppState>,
    OptionalAuth(auth): OptionalAuth,
    Query(query): Query<GetEventTypesQuery>,
) -> Result<HttpResponse, ApiError> {
    if query.usernames.is_some() {
        return Err(Error::invalid("usernames", "dynamic group event types are not available on this server").into());
    }
    if query.org_slug.is_some() || query.org_id.is_some() {
        return Ok(ok(EventTypesOutputResponse::new(Vec::new())));
    }
    let order = match query.sort_created_at {
        None => EventTypeOrder::Id,
        Some(SortOrder::Asc) => EventTypeOrder::CreatedAsc,
        Some(SortOrder::Desc) => EventTypeOrder::CreatedDesc,
    };
    let caller = auth.map(|a| a.user);
    let owner = match (&query.username, &caller) {
        (Some(username), _) => state
            .store
            .user_by_username(username)
            .await?
            .ok_or_else(|| Error::NotFound(format!("User ({username}) not found")))?,
        (None, _) if query.event_slug.is_some() => {
            return Err(Error::invalid("eventSlug", "needs `username`: slugs are unique per user").into());
        }
        (None, Some(me)) => me.clone(),
        (None, None) => {
            return Err(Error::Unauthorized(
                "No API key: send `Authorization: Bearer cal_<key>`, or name a user with `username`".into(),
            )
            .into());
        }
    };
    let is_owner = caller.as_ref().is_some_and(|me| me.id == owner.id);
    let list: Vec<EventTypeOutput> = state
        .store
        .user_event_types(owner.id, order)
        .await?
        .iter()
        .filter(|e| is_owner || !e.config.hidden)
        .filter(|e| query.event_slug.as_ref().is_none_or(|slug| &e.config.slug == slug))
        .map(|e| output(e, &owner))
        .collect();
    Ok(ok(EventTypesOutputResponse::new(list)))
}

#[utoipa::path(
    operation_id = "event_types_get",
    tag = "Event Types",
    summary = "Get an event type",
    params(EventTypesApi, ("eventTypeId" = i64, Path, description = "Id of the event type")),
    responses(
        (status = 200, description = "The event type", body = EventTypeOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[get("/{eventTypeId}")]
pub async fn get_event_type(
    _: Version,
    state: web::Data<AppState>,
    Auth(auth): Auth,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let event_type = own_event_type(&state, id.into_inner(), auth.user.id).await?;
    Ok(ok(EventTypeOutputResponse::new(output(&event_type, &auth.user))))
}

#[utoipa::path(
    operation_id = "event_types_update",
    tag = "Event Types",
    summary = "Update an event type",
    description = "Changes the fields sent; absent fields stay as they are. The result is validated as a whole.",
    params(EventTypesApi, ("eventTypeId" = i64, Path, description = "Id of the event type")),
    request_body = UpdateEventTypeInput,
    responses(
        (status = 200, description = "The updated event type", body = EventTypeOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[patch("/{eventTypeId}")]
pub async fn update_event_type(
    _: Version,
    state: web::Data<AppState>,
    Auth(auth): Auth,
    id: web::Path<i64>,
    Json(input): Json<UpdateEventTypeInput>,
) -> Result<HttpResponse, ApiError> {
    let current = own_event_type(&state, id.into_inner(), auth.user.id).await?;
    not_a_copy(&current)?;
    let config = event_types::validate_update(&current.config, input)?;
    if config.schedule_id != current.config.schedule_id {
        check_schedule(&state, &config, auth.user.id).await?;
    }
    let updated = state
        .store
        .update_event_type(current.id, &config, state.clock.now())
        .await?
        .ok_or_else(|| Error::NotFound(format!("Event type ({}) not found", current.id)))?;
    Ok(ok(EventTypeOutputResponse::new(output(&updated, &auth.user))))
}

#[utoipa::path(
    operation_id = "event_types_delete",
    tag = "Event Types",
    summary = "Delete an event type",
    description = "Deletes the event type and its webhooks. Existing bookings are kept.",
    params(EventTypesApi, ("eventTypeId" = i64, Path, description = "Id of the event type")),
    responses(
        (status = 200, description = "What was deleted", body = DeleteEventTypeOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[delete("/{eventTypeId}")]
pub async fn delete_event_type(
    _: Version,
    state: web::Data<AppState>,
    Auth(auth): Auth,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let event_type = own_event_type(&state, id.into_inner(), auth.user.id).await?;
    not_a_copy(&event_type)?;
    let deleted = state
        .store
        .delete_event_type(event_type.id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("Event type ({}) not found", event_type.id)))?;
    Ok(ok(DeleteEventTypeOutputResponse::new(DeleteEventTypeData {
        id: deleted.id,
        length_in_minutes: i32::try_from(deleted.config.length_in_minutes).unwrap_or(i32::MAX),
        title: deleted.config.title.clone(),
        slug: deleted.config.slug.clone(),
    })))
}

use actix_web::{HttpResponse, delete, get, patch, post, web};
use calends_domain::schedules::{self, Schedule};
use calends_model::schedules::{
    CreateScheduleInput, DefaultScheduleOutputResponse, ScheduleOutputResponse, SchedulesOutputResponse,
    StatusOnlyResponse, UpdateScheduleInput,
};

use crate::docs::{BadRequest, Forbidden, NotFound, PayloadTooLarge, Unauthorized, UnsupportedMediaType};
use crate::error::ApiError;
use crate::extract::{Auth, Json};
use crate::routes::{created, ok, owned};
use crate::state::AppState;
use crate::version::{ApiVersion, SchedulesApi};

type Version = ApiVersion<SchedulesApi>;

async fn own_schedule(state: &AppState, id: i64, user_id: i64) -> Result<Schedule, ApiError> {
    owned(state.store.schedule(id).await?, "Schedule", id, |s| s.user_id, user_id)
}

#[utoipa::path(
    operation_id = "schedules_create",
    tag = "Schedules",
    summary = "Create a schedule",
    description = "Creates a schedule for the authenticated user. Without `availability` it is Monday to Friday, \
09:00 to 17:00. With `isDefault: true` it becomes the default schedule (used by event types that name none), taking \
the flag from the previous default.",
    params(SchedulesApi),
    request_body = CreateScheduleInput,
    responses(
        (status = 201, description = "The created schedule", body = ScheduleOutputResponse),
        BadRequest, Unauthorized, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[post("")]
pub async fn create_schedule(
    _: Version,
    state: web::Data<AppState>,
    Auth(auth): Auth,
    Json(input): Json<CreateScheduleInput>,
) -> Result<HttpResponse, ApiError> {
    let spec = schedules::validate_create(&input)?;
    let schedule = state.store.create_schedule(auth.user.id, &spec, input.is_default, state.clock.now()).await?;
    Ok(created(ScheduleOutputResponse::new(schedules::to_output(&schedule))))
}

#[utoipa::path(
    operation_id = "schedules_list",
    tag = "Schedules",
    summary = "Get all schedules",
    description = "The authenticated user's schedules, oldest first.",
    params(SchedulesApi),
    responses((status = 200, description = "The schedules", body = SchedulesOutputResponse), BadRequest, Unauthorized),
    security(("apiKey" = []))
)]
#[get("")]
pub async fn list_schedules(
    _: Version,
    state: web::Data<AppState>,
    Auth(auth): Auth,
) -> Result<HttpResponse, ApiError> {
    let list = state.store.user_schedules(auth.user.id).await?;
    Ok(ok(SchedulesOutputResponse::new(list.iter().map(schedules::to_output).collect())))
}

#[utoipa::path(
    operation_id = "schedules_get_default",
    tag = "Schedules",
    summary = "Get default schedule",
    description = "The authenticated user's default schedule; `data` is `null` when there is none.",
    params(SchedulesApi),
    responses(
        (status = 200, description = "The default schedule or null", body = DefaultScheduleOutputResponse),
        BadRequest, Unauthorized
    ),
    security(("apiKey" = []))
)]
#[get("/default")]
pub async fn get_default_schedule(
    _: Version,
    state: web::Data<AppState>,
    Auth(auth): Auth,
) -> Result<HttpResponse, ApiError> {
    let schedule = state.store.default_schedule(auth.user.id).await?;
    Ok(ok(DefaultScheduleOutputResponse::new(schedule.as_ref().map(schedules::to_output))))
}

#[utoipa::path(
    operation_id = "schedules_get",
    tag = "Schedules",
    summary = "Get a schedule",
    params(SchedulesApi, ("scheduleId" = i64, Path, description = "Id of the schedule")),
    responses(
        (status = 200, description = "The schedule", body = ScheduleOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[get("/{scheduleId}")]
pub async fn get_schedule(
    _: Version,
    state: web::Data<AppState>,
    Auth(auth): Auth,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let schedule = own_schedule(&state, id.into_inner(), auth.user.id).await?;
    Ok(ok(ScheduleOutputResponse::new(schedules::to_output(&schedule))))
}

#[utoipa::path(
    operation_id = "schedules_update",
    tag = "Schedules",
    summary = "Update a schedule",
    description = "Changes the fields sent; `availability` and `overrides` replace the whole list. `isDefault: true` \
makes it the default schedule.",
    params(SchedulesApi, ("scheduleId" = i64, Path, description = "Id of the schedule")),
    request_body = UpdateScheduleInput,
    responses(
        (status = 200, description = "The updated schedule", body = ScheduleOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[patch("/{scheduleId}")]
pub async fn update_schedule(
    _: Version,
    state: web::Data<AppState>,
    Auth(auth): Auth,
    id: web::Path<i64>,
    Json(input): Json<UpdateScheduleInput>,
) -> Result<HttpResponse, ApiError> {
    let current = own_schedule(&state, id.into_inner(), auth.user.id).await?;
    let spec = schedules::validate_update(&current, &input)?;
    let make_default = input.is_default == Some(true);
    let schedule = state.store.update_schedule(current.id, &spec, make_default, state.clock.now()).await?;
    let schedule =
        schedule.ok_or_else(|| calends_domain::Error::NotFound(format!("Schedule ({}) not found", current.id)))?;
    Ok(ok(ScheduleOutputResponse::new(schedules::to_output(&schedule))))
}

#[utoipa::path(
    operation_id = "schedules_delete",
    tag = "Schedules",
    summary = "Delete a schedule",
    description = "Deletes the schedule. When it was the default, your oldest remaining schedule becomes the default. \
Event types that used it fall back to the default schedule.",
    params(SchedulesApi, ("scheduleId" = i64, Path, description = "Id of the schedule")),
    responses(
        (status = 200, description = "Deleted", body = StatusOnlyResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[delete("/{scheduleId}")]
pub async fn delete_schedule(
    _: Version,
    state: web::Data<AppState>,
    Auth(auth): Auth,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let schedule = own_schedule(&state, id.into_inner(), auth.user.id).await?;
    state.store.delete_schedule(schedule.id).await?;
    Ok(ok(StatusOnlyResponse::success()))
}

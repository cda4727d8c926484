use actix_web::{HttpResponse, delete, get, patch, post, web};
use calends_domain::Error;
use calends_domain::schedules;
use calends_domain::teams::{self, to_output};
use calends_domain::validate::skip_take;
use calends_model::common::SkipTakeQuery;
use calends_model::schedules::SchedulesOutputResponse;
use calends_model::teams::{
    CreateTeamInput, CreateTeamOutput, GetTeamOutput, GetTeamsOutput, OrgTeamOutputResponseDto, UpdateOrgTeamDto,
    UpdateTeamOutput,
};

use crate::docs::{BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge, Unauthorized, UnsupportedMediaType};
use crate::error::ApiError;
use crate::extract::{Auth, Json, Query};
use crate::routes::{created, ok};
use crate::services::teams as access;
use crate::state::AppState;

#[utoipa::path(
    operation_id = "teams_create",
    tag = "Teams",
    summary = "Create a team",
    description = "Creates a team with you as its accepted `OWNER`. Without `slug`, the slug is derived from `name`: \
lowercased, every run of characters other than ASCII letters and digits replaced by one `-`, leading and trailing `-` \
trimmed (`\"Sales & Support\"` becomes `sales-support`); a name without ASCII letters or digits then needs a `slug`. \
A slug another team has is a 409. `timeZone` defaults to `Europe/London`, `weekStart` to `Sunday`. This self-hosted \
server has no billing: `data` is always the team. `autoAcceptCreator` is ignored.",
    request_body = CreateTeamInput,
    responses(
        (status = 201, description = "The created team", body = CreateTeamOutput),
        BadRequest, Unauthorized, Conflict, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[post("")]
pub async fn create_team(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    Json(input): Json<CreateTeamInput>,
) -> Result<HttpResponse, ApiError> {
    let new = teams::validate_create(input)?;
    let team = state.store.create_team(&new.slug, &new.name, &new.profile, auth.user.id, state.clock.now()).await?;
    Ok(created(CreateTeamOutput::new(to_output(&team))))
}

#[utoipa::path(
    operation_id = "teams_list",
    tag = "Teams",
    summary = "Get teams",
    description = "The teams you are an accepted member of, by id. Teams whose invitation you have not accepted yet are \
not listed.",
    responses((status = 200, description = "Your teams", body = GetTeamsOutput), Unauthorized),
    security(("apiKey" = []))
)]
#[get("")]
pub async fn list_teams(state: web::Data<AppState>, Auth(auth): Auth) -> Result<HttpResponse, ApiError> {
    let list = state.store.member_teams(auth.user.id).await?;
    Ok(ok(GetTeamsOutput::new(list.iter().map(to_output).collect())))
}

#[utoipa::path(
    operation_id = "teams_get",
    tag = "Teams",
    summary = "Get a team",
    description = "Any accepted member reads the team; anyone else gets 403.",
    params(("teamId" = i64, Path, description = "Id of the team")),
    responses(
        (status = 200, description = "The team", body = GetTeamOutput),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[get("/{teamId}")]
pub async fn get_team(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    team_id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (team, _) = access::as_member(&state, team_id.into_inner(), auth.user.id).await?;
    Ok(ok(GetTeamOutput::new(to_output(&team))))
}

#[utoipa::path(
    operation_id = "teams_update",
    tag = "Teams",
    summary = "Update a team",
    description = "Accepted admins and owners change the fields sent; absent (or `null`) fields stay as they are, \
`metadata` is replaced whole. A slug another team has is a 409. Other members get 403.",
    params(("teamId" = i64, Path, description = "Id of the team")),
    request_body = UpdateOrgTeamDto,
    responses(
        (status = 200, description = "The updated team", body = UpdateTeamOutput),
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[patch("/{teamId}")]
pub async fn update_team(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    team_id: web::Path<i64>,
    Json(input): Json<UpdateOrgTeamDto>,
) -> Result<HttpResponse, ApiError> {
    let (team, _) = access::as_manager(&state, team_id.into_inner(), auth.user.id).await?;
    let patch = teams::validate_update(input)?;
    let team = state
        .store
        .update_team(team.id, &patch, state.clock.now())
        .await?
        .ok_or_else(|| Error::NotFound(format!("Team ({}) not found", team.id)))?;
    Ok(ok(UpdateTeamOutput::new(to_output(&team))))
}

#[utoipa::path(
    operation_id = "teams_delete",
    tag = "Teams",
    summary = "Delete a team",
    description = "Only an accepted owner deletes the team; its memberships and team event types go with it (bookings \
stay). Answers with the deleted team.",
    params(("teamId" = i64, Path, description = "Id of the team")),
    responses(
        (status = 200, description = "The deleted team", body = OrgTeamOutputResponseDto),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[delete("/{teamId}")]
pub async fn delete_team(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    team_id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (team, _) = access::as_owner(&state, team_id.into_inner(), auth.user.id).await?;
    let team = state
        .store
        .delete_team(team.id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("Team ({}) not found", team.id)))?;
    Ok(ok(OrgTeamOutputResponseDto::new(to_output(&team))))
}

#[utoipa::path(
    operation_id = "team_schedules_list",
    tag = "Teams / Schedules",
    summary = "Get all team member schedules",
    description = "A page of the schedules of the team's accepted members (pending invitations excluded), by schedule \
id, in the shape of `cal-api-version: 2024-06-11`. Any accepted member may read them; anyone else gets 403.",
    params(("teamId" = i64, Path, description = "Id of the team"), SkipTakeQuery),
    responses(
        (status = 200, description = "The members' schedules", body = SchedulesOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[get("/{teamId}/schedules")]
pub async fn list_team_schedules(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    team_id: web::Path<i64>,
    Query(query): Query<SkipTakeQuery>,
) -> Result<HttpResponse, ApiError> {
    let (team, _) = access::as_member(&state, team_id.into_inner(), auth.user.id).await?;
    let (take, skip) = skip_take(query.take, query.skip, 250, 250)?;
    let list = state.store.team_schedules(team.id, take, skip).await?;
    Ok(ok(SchedulesOutputResponse::new(list.iter().map(schedules::to_output).collect())))
}

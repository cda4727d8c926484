use actix_web::{HttpResponse, delete, get, patch, post, web};
use calends_domain::teams::{self, membership_output};
use calends_domain::validate::skip_take;
use calends_model::common::SkipTakeQuery;
use calends_model::teams::{
    CreateTeamMembershipInput, CreateTeamMembershipOutput, DeleteTeamMembershipOutput, GetTeamMembershipOutput,
    GetTeamMembershipsOutput, UpdateTeamMembershipInput, UpdateTeamMembershipOutput,
};

use crate::docs::{BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge, Unauthorized, UnsupportedMediaType};
use crate::error::ApiError;
use crate::extract::{Auth, Json, Query};
use crate::routes::{created, ok};
use crate::services::teams::{self as access, membership_not_found};
use crate::state::AppState;

#[utoipa::path(
    operation_id = "team_memberships_create",
    tag = "Teams / Memberships",
    summary = "Create a membership",
    description = "Accepted admins and owners add a user to the team; only an owner adds an `OWNER`. `role` defaults \
to `MEMBER` and `accepted` to `false` (an invitation the user accepts by updating their membership with \
`{\"accepted\": true}`; its id is this answer's `data.id`). A user that does not exist is a 400 naming `userId`; one \
that is already a member (accepted or not) a 409. Other members and non-members get 403.",
    params(("teamId" = i64, Path, description = "Id of the team")),
    request_body = CreateTeamMembershipInput,
    responses(
        (status = 201, description = "The created membership", body = CreateTeamMembershipOutput),
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[post("/{teamId}/memberships")]
pub async fn create_team_membership(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    team_id: web::Path<i64>,
    Json(input): Json<CreateTeamMembershipInput>,
) -> Result<HttpResponse, ApiError> {
    let (team, _) = access::as_manager(&state, team_id.into_inner(), auth.user.id).await?;
    let new = teams::validate_new_membership(input)?;
    // The caller's right is checked again in the transaction that writes.
    let (membership, user) = state
        .store
        .add_membership(team.id, auth.user.id, &new, state.clock.now())
        .await?
        .ok_or_else(|| calends_domain::Error::NotFound(format!("Team ({}) not found", team.id)))?;
    Ok(created(CreateTeamMembershipOutput::new(membership_output(&membership, &user))))
}

#[utoipa::path(
    operation_id = "team_memberships_list",
    tag = "Teams / Memberships",
    summary = "Get all memberships",
    description = "A page of the team's memberships (pending invitations included), by id. Any accepted member may \
read them; anyone else gets 403.",
    params(("teamId" = i64, Path, description = "Id of the team"), SkipTakeQuery),
    responses(
        (status = 200, description = "The memberships", body = GetTeamMembershipsOutput),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[get("/{teamId}/memberships")]
pub async fn list_team_memberships(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    team_id: web::Path<i64>,
    Query(query): Query<SkipTakeQuery>,
) -> Result<HttpResponse, ApiError> {
    let (team, _) = access::as_member(&state, team_id.into_inner(), auth.user.id).await?;
    let (take, skip) = skip_take(query.take, query.skip, 250, 250)?;
    let list = state.store.team_members_page(team.id, take, skip).await?;
    Ok(ok(GetTeamMembershipsOutput::new(list.iter().map(|(m, u)| membership_output(m, u)).collect())))
}

#[utoipa::path(
    operation_id = "team_memberships_get",
    tag = "Teams / Memberships",
    summary = "Get a membership",
    description = "Accepted members read any membership of the team; a user whose invitation is pending reads only \
their own. Non-members get 403; a membership of another team is a 404.",
    params(
        ("teamId" = i64, Path, description = "Id of the team"),
        ("membershipId" = i64, Path, description = "Id of the membership")
    ),
    responses(
        (status = 200, description = "The membership", body = GetTeamMembershipOutput),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[get("/{teamId}/memberships/{membershipId}")]
pub async fn get_team_membership(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (team_id, id) = path.into_inner();
    let (team, actor) = access::as_any_member(&state, team_id, auth.user.id).await?;
    let (membership, user) =
        state.store.team_member(team.id, id).await?.ok_or_else(|| membership_not_found(team.id, id))?;
    teams::check_read_membership(Some(&actor), &membership)?;
    Ok(ok(GetTeamMembershipOutput::new(membership_output(&membership, &user))))
}

#[utoipa::path(
    operation_id = "team_memberships_update",
    tag = "Teams / Memberships",
    summary = "Update membership",
    description = "Accepted admins and owners change any membership, except that only an owner grants `OWNER` or \
changes an owner's membership. Anyone else may only accept their own membership (`{\"accepted\": true}`); anything \
more is a 403. The team's last accepted owner cannot stop being one (no other role, no `accepted: false`): that is a \
400 — make another member an owner first. Absent (or `null`) fields stay as they are.",
    params(
        ("teamId" = i64, Path, description = "Id of the team"),
        ("membershipId" = i64, Path, description = "Id of the membership")
    ),
    request_body = UpdateTeamMembershipInput,
    responses(
        (status = 200, description = "The updated membership", body = UpdateTeamMembershipOutput),
        BadRequest, Unauthorized, Forbidden, NotFound, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[patch("/{teamId}/memberships/{membershipId}")]
pub async fn update_team_membership(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    path: web::Path<(i64, i64)>,
    Json(input): Json<UpdateTeamMembershipInput>,
) -> Result<HttpResponse, ApiError> {
    let (team_id, id) = path.into_inner();
    let (team, _) = access::as_any_member(&state, team_id, auth.user.id).await?;
    let patch = teams::membership_patch(input);
    // Who may change what, and the last owner, are checked in the transaction that writes.
    let (membership, user) = state
        .store
        .update_membership(team.id, id, auth.user.id, &patch, state.clock.now())
        .await?
        .ok_or_else(|| membership_not_found(team.id, id))?;
    Ok(ok(UpdateTeamMembershipOutput::new(membership_output(&membership, &user))))
}

#[utoipa::path(
    operation_id = "team_memberships_delete",
    tag = "Teams / Memberships",
    summary = "Delete a membership",
    description = "Accepted admins and owners remove memberships (only an owner removes an owner's); anyone may delete \
their own membership to leave the team or decline an invitation. The team's last accepted owner cannot leave: that is \
a 400 — make another member an owner first, or delete the team. Answers with the deleted membership.",
    params(
        ("teamId" = i64, Path, description = "Id of the team"),
        ("membershipId" = i64, Path, description = "Id of the membership")
    ),
    responses(
        (status = 200, description = "The deleted membership", body = DeleteTeamMembershipOutput),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[delete("/{teamId}/memberships/{membershipId}")]
pub async fn delete_team_membership(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (team_id, id) = path.into_inner();
    let (team, _) = access::as_any_member(&state, team_id, auth.user.id).await?;
    let (membership, user) = state
        .store
        .delete_membership(team.id, id, auth.user.id)
        .await?
        .ok_or_else(|| membership_not_found(team.id, id))?;
    Ok(ok(DeleteTeamMembershipOutput::new(membership_output(&membership, &user))))
}

//! Finding a team together with the caller's membership of it, and the access each kind of request needs. Shared
//! by the team, membership and schedule handlers (and the team event types').

use calends_domain::teams::{self, Membership, Team};
use calends_domain::{Error, Result};

use crate::state::AppState;

/// Team `team_id` and `user_id`'s membership of it (accepted or not, if any): 404 when the team does not exist.
pub async fn find(state: &AppState, team_id: i64, user_id: i64) -> Result<(Team, Option<Membership>)> {
    let team =
        state.store.team(team_id).await?.ok_or_else(|| Error::NotFound(format!("Team ({team_id}) not found")))?;
    let membership = state.store.membership_of(team_id, user_id).await?;
    Ok((team, membership))
}

/// The team and the caller's accepted membership: 404 for an unknown team, 403 for anyone else.
pub async fn as_member(state: &AppState, team_id: i64, user_id: i64) -> Result<(Team, Membership)> {
    let (team, membership) = find(state, team_id, user_id).await?;
    let membership = teams::require_member(membership.as_ref(), team_id)?.clone();
    Ok((team, membership))
}

/// The team and the caller's membership if they are an accepted admin or owner (404, else 403).
pub async fn as_manager(state: &AppState, team_id: i64, user_id: i64) -> Result<(Team, Membership)> {
    let (team, membership) = find(state, team_id, user_id).await?;
    let membership = teams::require_manager(membership.as_ref(), team_id)?.clone();
    Ok((team, membership))
}

/// The team and the caller's membership if they are an accepted owner (404, else 403).
pub async fn as_owner(state: &AppState, team_id: i64, user_id: i64) -> Result<(Team, Membership)> {
    let (team, membership) = find(state, team_id, user_id).await?;
    let membership = teams::require_owner(membership.as_ref(), team_id)?.clone();
    Ok((team, membership))
}

/// The team and the caller's membership, accepted or not: 404 for an unknown team, 403 for a non-member.
pub async fn as_any_member(state: &AppState, team_id: i64, user_id: i64) -> Result<(Team, Membership)> {
    let (team, membership) = find(state, team_id, user_id).await?;
    let membership = membership.ok_or_else(|| Error::Forbidden(format!("You are not a member of team ({team_id})")))?;
    Ok((team, membership))
}

pub fn membership_not_found(team_id: i64, id: i64) -> Error {
    Error::NotFound(format!("Membership ({id}) of team ({team_id}) not found"))
}

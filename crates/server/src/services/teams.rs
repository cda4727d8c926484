//! Finding a team together with the caller's membership of it, and the access each kind of request needs (the
//! team, membership and schedule handlers); a team with all its members and the hosts of its event types (the team
//! event types, slots and bookings).

use calends_domain::team_event_types::{TeamHost, TeamHosting, effective_hosts};
use calends_domain::teams::{self, Membership, Team};
use calends_domain::users::User;
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

/// A team and its members (accepted or not), in membership order.
#[derive(Debug, Clone)]
pub struct TeamWithMembers {
    pub team: Team,
    pub members: Vec<(Membership, User)>,
}

impl TeamWithMembers {
    pub async fn load(state: &AppState, team_id: i64) -> Result<TeamWithMembers> {
        let team =
            state.store.team(team_id).await?.ok_or_else(|| Error::NotFound(format!("Team ({team_id}) not found")))?;
        let members = state.store.team_members(team_id).await?;
        Ok(TeamWithMembers { team, members })
    }

    pub async fn by_slug(state: &AppState, slug: &str) -> Result<TeamWithMembers> {
        let team =
            state.store.team_by_slug(slug).await?.ok_or_else(|| Error::NotFound(format!("Team ({slug}) not found")))?;
        let members = state.store.team_members(team.id).await?;
        Ok(TeamWithMembers { team, members })
    }

    /// The user ids of the accepted members.
    pub fn accepted(&self) -> Vec<i64> {
        self.members.iter().filter(|(m, _)| m.accepted).map(|(m, _)| m.user_id).collect()
    }

    /// `user_id`'s accepted membership, if any.
    pub fn membership(&self, user_id: i64) -> Option<&Membership> {
        self.any_membership(user_id).filter(|m| m.accepted)
    }

    /// `user_id`'s membership, accepted or not.
    fn any_membership(&self, user_id: i64) -> Option<&Membership> {
        self.members.iter().map(|(m, _)| m).find(|m| m.user_id == user_id)
    }

    pub fn user(&self, user_id: i64) -> Option<&User> {
        self.members.iter().map(|(_, u)| u).find(|u| u.id == user_id)
    }

    /// 403 unless `user_id` is an accepted member.
    pub fn require_member(&self, user_id: i64) -> Result<&Membership> {
        teams::require_member(self.any_membership(user_id), self.team.id)
    }

    /// 403 unless `user_id` is an accepted admin or owner.
    pub fn require_manager(&self, user_id: i64) -> Result<&Membership> {
        teams::require_manager(self.any_membership(user_id), self.team.id)
    }

    /// The effective hosts of a team event type's hosting, with their users.
    pub fn hosts(&self, hosting: Option<&TeamHosting>) -> Vec<(TeamHost, User)> {
        let Some(hosting) = hosting else { return Vec::new() };
        effective_hosts(hosting, &self.accepted())
            .into_iter()
            .filter_map(|h| self.user(h.user_id).map(|u| (h, u.clone())))
            .collect()
    }
}

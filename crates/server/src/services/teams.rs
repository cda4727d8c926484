//! A team with its members, and who may do what in it.

use calends_domain::team_event_types::{TeamHost, effective_hosts};
use calends_domain::teams::{Membership, Team};
use calends_domain::users::User;
use calends_domain::{Error, Result};

use crate::state::AppState;

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
        self.members.iter().map(|(m, _)| m).find(|m| m.user_id == user_id && m.accepted)
    }

    pub fn user(&self, user_id: i64) -> Option<&User> {
        self.members.iter().map(|(_, u)| u).find(|u| u.id == user_id)
    }

    /// 403 unless `user_id` is an accepted member.
    pub fn require_member(&self, user_id: i64) -> Result<&Membership> {
        self.membership(user_id)
            .ok_or_else(|| Error::Forbidden(format!("you are not a member of team ({})", self.team.id)))
    }

    /// 403 unless `user_id` is an accepted admin or owner.
    pub fn require_manager(&self, user_id: i64) -> Result<&Membership> {
        let membership = self.require_member(user_id)?;
        if membership.manages() {
            Ok(membership)
        } else {
            Err(Error::Forbidden(format!("only admins and owners of team ({}) can do this", self.team.id)))
        }
    }

    /// The effective hosts of a team event type's hosting, with their users.
    pub fn hosts(&self, hosting: Option<&calends_domain::team_event_types::TeamHosting>) -> Vec<(TeamHost, User)> {
        let Some(hosting) = hosting else { return Vec::new() };
        effective_hosts(hosting, &self.accepted())
            .into_iter()
            .filter_map(|h| self.user(h.user_id).map(|u| (h, u.clone())))
            .collect()
    }
}

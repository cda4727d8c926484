//! Team event types: who hosts them, validated against the team's members, on top of the rules of personal event
//! types (`event_types`).

use calends_model::event_types::EventTypeUser;
use calends_model::team_event_types::{
    CreateTeamEventTypeInput, EventTypeTeam, Host, HostPriority, SchedulingType, TeamEventTypeHost,
    TeamEventTypeOutput, UpdateTeamEventTypeInput,
};
use serde::{Deserialize, Serialize};
use serde_json::Map;

use crate::error::{Error, Result};
use crate::event_types::{EventType, EventTypeConfig, EventTypeOwner, to_output, validate_create, validate_update};
use crate::teams::Team;
use crate::users::User;
use crate::validate::Validator;

/// How a team event type is hosted, stored in its configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamHosting {
    pub scheduling_type: SchedulingType,
    /// As given; [`effective_hosts`] drops those who are no longer accepted members.
    pub hosts: Vec<TeamHost>,
    pub assign_all_team_members: bool,
}

/// A host of a team event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamHost {
    pub user_id: i64,
    /// Round robin: a mandatory host attends every booking (must be free, and is booked besides the chosen host).
    pub mandatory: bool,
    pub priority: HostPriority,
}

impl TeamHost {
    /// Higher is chosen first.
    pub fn rank(&self) -> u8 {
        match self.priority {
            HostPriority::Lowest => 0,
            HostPriority::Low => 1,
            HostPriority::Medium => 2,
            HostPriority::High => 3,
            HostPriority::Highest => 4,
        }
    }
}

/// The hosts of `hosting` among `members` (the team's accepted members' user ids, in membership order): every
/// member with `assignAllTeamMembers`, else the listed hosts who are still members, in their listed order.
pub fn effective_hosts(hosting: &TeamHosting, members: &[i64]) -> Vec<TeamHost> {
    if hosting.assign_all_team_members {
        return members
            .iter()
            .map(|&user_id| {
                hosting.hosts.iter().find(|h| h.user_id == user_id).copied().unwrap_or(TeamHost {
                    user_id,
                    mandatory: false,
                    priority: HostPriority::Medium,
                })
            })
            .collect();
    }
    hosting.hosts.iter().filter(|h| members.contains(&h.user_id)).copied().collect()
}

/// A managed event type's settings as each assigned member's own copy has them: the team's, as a personal event
/// type on the member's default schedule.
pub fn child_config(parent: &EventTypeConfig) -> EventTypeConfig {
    EventTypeConfig { team: None, schedule_id: None, ..parent.clone() }
}

/// Whether every host of `hosting` must be free and is booked (collective events, and round robin's mandatory
/// hosts).
pub fn is_fixed(hosting: &TeamHosting, host: &TeamHost) -> bool {
    hosting.scheduling_type == SchedulingType::Collective || host.mandatory
}

fn check_hosts(v: &mut Validator, hosts: &[Host], members: &[i64]) -> Vec<TeamHost> {
    let mut seen = Vec::with_capacity(hosts.len());
    for (i, host) in hosts.iter().enumerate() {
        if !members.contains(&host.user_id) {
            v.add(
                format!("hosts[{i}].userId"),
                format!("user {} is not an accepted member of this team", host.user_id),
            );
        }
        if seen.contains(&host.user_id) {
            v.add(format!("hosts[{i}].userId"), format!("user {} is listed twice", host.user_id));
        }
        seen.push(host.user_id);
    }
    hosts
        .iter()
        .map(|h| TeamHost {
            user_id: h.user_id,
            mandatory: h.mandatory.unwrap_or(false),
            priority: h.priority.unwrap_or(HostPriority::Medium),
        })
        .collect()
}

fn check_config(v: &mut Validator, config: &EventTypeConfig) {
    v.check(config.seats.is_none(), "seats", "seats are not available for team event types on this server");
}

/// Both validations' errors together: the base event type's and the team's.
fn combine(base: Result<EventTypeConfig>, team: Validator) -> Result<EventTypeConfig> {
    match (base, team.finish()) {
        (Ok(config), Ok(())) => Ok(config),
        (Err(Error::Invalid(mut a)), Err(Error::Invalid(b))) => {
            a.extend(b);
            Err(Error::Invalid(a))
        }
        (Err(e), _) | (Ok(_), Err(e)) => Err(e),
    }
}

/// Validates a `POST /v2/teams/{teamId}/event-types` body; `members` are the team's accepted members' user ids.
pub fn validate_team_create(input: CreateTeamEventTypeInput, members: &[i64]) -> Result<EventTypeConfig> {
    let CreateTeamEventTypeInput { event_type, scheduling_type, hosts, assign_all_team_members } = input;
    let mut v = Validator::new();
    let hosts = check_hosts(&mut v, hosts.as_deref().unwrap_or_default(), members);
    let base = validate_create(event_type).map(|mut config| {
        check_config(&mut v, &config);
        config.team = Some(TeamHosting {
            scheduling_type,
            hosts,
            assign_all_team_members: assign_all_team_members.unwrap_or(false),
        });
        config
    });
    combine(base, v)
}

/// Validates a `PATCH /v2/teams/{teamId}/event-types/{eventTypeId}` body against the stored configuration.
pub fn validate_team_update(
    current: &EventTypeConfig,
    input: UpdateTeamEventTypeInput,
    members: &[i64],
) -> Result<EventTypeConfig> {
    let UpdateTeamEventTypeInput { event_type, hosts, assign_all_team_members } = input;
    let Some(mut hosting) = current.team.clone() else {
        return Err(Error::internal("team event type without hosting"));
    };
    let mut v = Validator::new();
    if let Some(hosts) = hosts {
        hosting.hosts = check_hosts(&mut v, &hosts, members);
    }
    if let Some(all) = assign_all_team_members {
        hosting.assign_all_team_members = all;
    }
    let base = validate_update(current, event_type).map(|mut config| {
        check_config(&mut v, &config);
        config.team = Some(hosting);
        config
    });
    combine(base, v)
}

/// The team as its event types show it.
pub fn team_summary(team: &Team) -> EventTypeTeam {
    let p = &team.profile;
    EventTypeTeam {
        id: team.id,
        slug: team.slug.clone(),
        name: team.name.clone(),
        banner_url: p.banner_url.clone(),
        logo_url: p.logo_url.clone(),
        week_start: p.week_start.clone(),
        brand_color: p.brand_color.clone(),
        dark_brand_color: p.dark_brand_color.clone(),
        theme: p.theme.clone(),
    }
}

/// Renders a team event type; `hosts` are its effective hosts with their users, `creator` the member who made it.
pub fn to_team_output(
    event_type: &EventType,
    team: &Team,
    creator: &User,
    hosts: &[(TeamHost, User)],
) -> TeamEventTypeOutput {
    let hosting = event_type.config.team.clone().unwrap_or(TeamHosting {
        scheduling_type: SchedulingType::Collective,
        hosts: Vec::new(),
        assign_all_team_members: false,
    });
    let mut output = to_output(event_type, &EventTypeOwner::of(creator));
    output.users = hosts
        .iter()
        .map(|(_, user)| EventTypeUser {
            id: user.id,
            name: user.name.clone(),
            username: Some(user.username.clone()),
            avatar_url: user.avatar_url.clone(),
            week_start: user.week_start,
            brand_color: None,
            dark_brand_color: None,
            metadata: Map::new(),
        })
        .collect();
    TeamEventTypeOutput {
        event_type: output,
        team_id: team.id,
        hosts: hosts
            .iter()
            .map(|(host, user)| TeamEventTypeHost {
                user_id: user.id,
                name: user.name.clone(),
                username: Some(user.username.clone()),
                avatar_url: user.avatar_url.clone(),
                mandatory: is_fixed(&hosting, host),
                priority: host.priority,
            })
            .collect(),
        assign_all_team_members: hosting.assign_all_team_members,
        scheduling_type: hosting.scheduling_type,
        team: team_summary(team),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn create(body: serde_json::Value, members: &[i64]) -> Result<EventTypeConfig> {
        validate_team_create(serde_json::from_value(body).unwrap(), members)
    }

    fn base() -> serde_json::Value {
        json!({"lengthInMinutes": 30, "title": "Team chat", "slug": "team-chat", "schedulingType": "roundRobin"})
    }

    #[test]
    fn hosts_must_be_members_and_listed_once() {
        let mut body = base();
        body["hosts"] = json!([{"userId": 1}, {"userId": 9}, {"userId": 1, "priority": "high"}]);
        let Err(Error::Invalid(errors)) = create(body, &[1, 2]) else { panic!("accepted") };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["hosts[1].userId", "hosts[2].userId"]);
    }

    #[test]
    fn base_and_team_errors_are_reported_together() {
        let mut body = base();
        body["lengthInMinutes"] = json!(0);
        body["hosts"] = json!([{"userId": 9}]);
        let Err(Error::Invalid(errors)) = create(body, &[1]) else { panic!("accepted") };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"lengthInMinutes") && fields.contains(&"hosts[0].userId"), "{fields:?}");
    }

    #[test]
    fn defaults_and_effective_hosts() {
        let mut body = base();
        body["hosts"] = json!([{"userId": 2, "mandatory": true}, {"userId": 1, "priority": "highest"}]);
        let config = create(body, &[1, 2, 3]).unwrap();
        let hosting = config.team.unwrap();
        assert_eq!(
            hosting.hosts,
            [
                TeamHost { user_id: 2, mandatory: true, priority: HostPriority::Medium },
                TeamHost { user_id: 1, mandatory: false, priority: HostPriority::Highest },
            ]
        );
        // A host who left the team no longer hosts.
        assert_eq!(effective_hosts(&hosting, &[1, 3]).iter().map(|h| h.user_id).collect::<Vec<_>>(), [1]);
        let all = TeamHosting { assign_all_team_members: true, ..hosting };
        assert_eq!(
            effective_hosts(&all, &[1, 2, 3]).iter().map(|h| (h.user_id, h.rank())).collect::<Vec<_>>(),
            [(1, 4), (2, 2), (3, 2)]
        );
    }

    #[test]
    fn seats_are_refused() {
        let mut body = base();
        body["seats"] = json!({"seatsPerTimeSlot": 4, "showAttendeeInfo": true, "showAvailabilityCount": true});
        body["locations"] = json!([{"type": "address", "address": "Somewhere 1", "public": true}]);
        let Err(Error::Invalid(errors)) = create(body, &[1]) else { panic!("accepted") };
        assert_eq!(errors[0].field, "seats");
    }
}

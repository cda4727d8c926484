//! Team event types (tag `Teams / Event Types`): event types of a team, booked with one host (round robin), all
//! hosts (collective), or copied to each assigned member (managed).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::event_types::{CreateEventTypeInput, EventTypeOutput, UpdateEventTypeInput};

wire_enum! {
    /// How a team event type is hosted: `collective` needs every host free and books them all; `roundRobin` books
    /// one free host, chosen by priority and then the least recently booked; `managed` gives each assigned member
    /// their own copy of the event type, kept in step with the team's.
    pub enum SchedulingType {
        Collective = "collective",
        RoundRobin = "roundRobin",
        Managed = "managed",
    }
}

wire_enum! {
    /// A round-robin host's priority: free hosts of the highest priority are chosen first.
    pub enum HostPriority {
        Lowest = "lowest",
        Low = "low",
        Medium = "medium",
        High = "high",
        Highest = "highest",
    }
}

/// A host of a team event type: a member of the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Host {
    /// Which user is the host of this event. Must be an accepted member of the team.
    #[schema(example = 10)]
    pub user_id: i64,
    /// Only relevant for round robin event types. If true then the user must attend round robin event always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mandatory: Option<bool>,
    /// Round robin only; default `medium`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<HostPriority>,
}

/// `POST /v2/teams/{teamId}/event-types` body: the fields of a personal event type plus how it is hosted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateTeamEventTypeInput {
    #[serde(flatten)]
    pub event_type: CreateEventTypeInput,
    pub scheduling_type: SchedulingType,
    /// The hosts, each an accepted member of the team, no repeats. Ignored when `assignAllTeamMembers` is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosts: Option<Vec<Host>>,
    /// If true, every accepted member of the team is a host (members who join later too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign_all_team_members: Option<bool>,
}

/// `PATCH /v2/teams/{teamId}/event-types/{eventTypeId}` body: absent fields are left as they are; `hosts` replaces
/// the host list. The scheduling type cannot change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateTeamEventTypeInput {
    #[serde(flatten)]
    pub event_type: UpdateEventTypeInput,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosts: Option<Vec<Host>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign_all_team_members: Option<bool>,
}

/// A host as a team event type lists it. (The reference types `hosts` as an array of strings; Cal.com returns
/// these objects.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TeamEventTypeHost {
    #[schema(example = 10)]
    pub user_id: i64,
    #[schema(required = true)]
    pub name: Option<String>,
    #[schema(required = true)]
    pub username: Option<String>,
    #[schema(required = true)]
    pub avatar_url: Option<String>,
    pub mandatory: bool,
    pub priority: HostPriority,
}

/// The team a team event type belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventTypeTeam {
    pub id: i64,
    pub slug: String,
    pub name: String,
    #[schema(required = true)]
    pub banner_url: Option<String>,
    #[schema(required = true)]
    pub logo_url: Option<String>,
    #[schema(required = true)]
    pub week_start: Option<String>,
    #[schema(required = true)]
    pub brand_color: Option<String>,
    #[schema(required = true)]
    pub dark_brand_color: Option<String>,
    #[schema(required = true)]
    pub theme: Option<String>,
}

/// A team event type: the settings of an event type, and its team and hosts. `ownerId` is the member who
/// created it; `users` lists its hosts. A managed event type's copies are the members' own event types, listed
/// by `GET /v2/event-types` with `parentEventTypeId` naming the team's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TeamEventTypeOutput {
    #[serde(flatten)]
    pub event_type: EventTypeOutput,
    #[schema(example = 1)]
    pub team_id: i64,
    pub hosts: Vec<TeamEventTypeHost>,
    pub assign_all_team_members: bool,
    pub scheduling_type: SchedulingType,
    pub team: EventTypeTeam,
}

success_envelope!(
    /// One team event type.
    TeamEventTypeOutputResponse,
    TeamEventTypeOutput
);
success_envelope!(
    /// A team's event types.
    TeamEventTypesOutputResponse,
    Vec<TeamEventTypeOutput>
);

/// Filters of `GET /v2/teams/{teamId}/event-types`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct GetTeamEventTypesQuery {
    /// Slug of team event type to return.
    #[serde(default)]
    pub event_slug: Option<String>,
    /// Specifies the maximum number of hosts to include in the response. If not provided, all hosts are listed.
    #[serde(default)]
    pub hosts_limit: Option<i64>,
}

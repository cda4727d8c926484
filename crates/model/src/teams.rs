//! Teams and their memberships (tags `Teams`, `Teams / Memberships`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crate::common::WeekDay;

wire_enum! {
    /// A member's role in a team: admins and owners change the team, members read it.
    pub enum MembershipRole {
        Member = "MEMBER",
        Admin = "ADMIN",
        Owner = "OWNER",
    }
}

impl MembershipRole {
    /// Whether the role may change the team, its memberships and its event types.
    pub fn manages(self) -> bool {
        matches!(self, MembershipRole::Admin | MembershipRole::Owner)
    }
}

/// `POST /v2/teams` body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"name": "CalTeam", "slug": "caltel", "timeZone": "America/New_York", "weekStart": "Monday"}))]
pub struct CreateTeamInput {
    /// Name of the team: 1 to 200 characters (surrounding spaces are dropped).
    #[schema(example = "CalTeam")]
    pub name: String,
    /// Unique among teams: 1 to 64 lowercase letters, digits and `-`, neither first nor last. When absent it is
    /// derived from `name`: lowercased, every run of characters other than ASCII letters and digits replaced by one
    /// `-`, and leading and trailing `-` trimmed (`"Sales & Support"` becomes `sales-support`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "caltel")]
    pub slug: Option<String>,
    /// URL of the team's logo image (absolute http or https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cal_video_logo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_logo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_icon_logo: Option<String>,
    /// At most 2000 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    /// Default `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide_branding: Option<bool>,
    /// Default `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_private: Option<bool>,
    /// Default `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide_book_a_team_member: Option<bool>,
    /// Any additional data: at most 50 keys, each key up to 40 characters, string values up to 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>, example = json!({"key": "value"}))]
    pub metadata: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// `#rgb` or `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "#292929")]
    pub brand_color: Option<String>,
    /// `#rgb` or `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "#fafafa")]
    pub dark_brand_color: Option<String>,
    /// URL of the team's banner image (absolute http or https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner_url: Option<String>,
    /// 12 or 24.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 24)]
    pub time_format: Option<i32>,
    /// IANA time zone; `Europe/London` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "America/New_York")]
    pub time_zone: Option<String>,
    /// `Sunday` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week_start: Option<WeekDay>,
    /// Accepted for compatibility and ignored: this server has no platform customers, the creator always becomes
    /// the team's accepted `OWNER`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_accept_creator: Option<bool>,
}

/// `PATCH /v2/teams/{teamId}` body: absent (or `null`) fields stay as they are. The rules of each field are
/// those of `CreateTeamInput`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateOrgTeamDto {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "CalTeam")]
    pub name: Option<String>,
    /// Unique among teams (409 when another team has it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "caltel")]
    pub slug: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cal_video_logo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_logo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_icon_logo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide_branding: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_private: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide_book_a_team_member: Option<bool>,
    /// Replaces the whole metadata object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>, example = json!({"key": "value"}))]
    pub metadata: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand_color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dark_brand_color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_format: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "America/New_York")]
    pub time_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week_start: Option<WeekDay>,
}

/// A team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TeamOutputDto {
    pub id: i64,
    /// Always absent: this server has no organizations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<i64>,
    pub name: String,
    #[schema(required = true)]
    pub slug: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cal_video_logo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_logo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_icon_logo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    #[schema(required = true)]
    pub hide_branding: bool,
    /// Always `false`: this server has no organizations.
    pub is_organization: bool,
    #[schema(required = true)]
    pub is_private: bool,
    #[schema(required = true)]
    pub hide_book_a_team_member: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>, example = json!({"key": "value"}))]
    pub metadata: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand_color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dark_brand_color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_format: Option<i32>,
    #[schema(required = true, example = "Europe/London")]
    pub time_zone: String,
    #[schema(required = true, example = "Sunday")]
    pub week_start: String,
}

success_envelope!(
    /// The created team. Cal.com may answer a payment link here; this self-hosted server has no billing, so `data`
    /// is always the team.
    CreateTeamOutput,
    TeamOutputDto
);
success_envelope!(
    /// The caller's teams.
    GetTeamsOutput,
    Vec<TeamOutputDto>
);
success_envelope!(
    /// One team.
    GetTeamOutput,
    TeamOutputDto
);
success_envelope!(
    /// The updated team.
    UpdateTeamOutput,
    TeamOutputDto
);
success_envelope!(
    /// The deleted team.
    OrgTeamOutputResponseDto,
    TeamOutputDto
);

/// `POST /v2/teams/{teamId}/memberships` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"userId": 2, "accepted": false, "role": "MEMBER"}))]
pub struct CreateTeamMembershipInput {
    /// The user to add; one that does not exist is a 400 naming `userId`.
    pub user_id: i64,
    /// Whether the membership is already accepted. Default `false`: an invitation the user accepts with
    /// `PATCH .../memberships/{membershipId}` and `{"accepted": true}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(default = false)]
    pub accepted: Option<bool>,
    /// Default `MEMBER`. Only an owner may add an `OWNER`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(default = "MEMBER")]
    pub role: Option<MembershipRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(default = false)]
    pub disable_impersonation: Option<bool>,
}

/// `PATCH /v2/teams/{teamId}/memberships/{membershipId}` body: absent (or `null`) fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateTeamMembershipInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<MembershipRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_impersonation: Option<bool>,
}

/// The user of a membership.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MembershipUserOutputDto {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    #[schema(required = true)]
    pub username: String,
    #[schema(required = true)]
    pub name: Option<String>,
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>, example = json!({"key": "value"}))]
    pub metadata: Option<Map<String, Value>>,
}

/// A user's membership of a team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TeamMembershipOutput {
    pub id: i64,
    pub user_id: i64,
    pub team_id: i64,
    /// `false` while the user has not accepted the invitation.
    pub accepted: bool,
    pub role: MembershipRole,
    #[schema(required = true)]
    pub disable_impersonation: bool,
    pub user: MembershipUserOutputDto,
}

success_envelope!(
    /// The created membership.
    CreateTeamMembershipOutput,
    TeamMembershipOutput
);
success_envelope!(
    /// A page of the team's memberships, by id. (Cal.com's published schema shows one object; it answers an array.)
    GetTeamMembershipsOutput,
    Vec<TeamMembershipOutput>
);
success_envelope!(
    /// One membership.
    GetTeamMembershipOutput,
    TeamMembershipOutput
);
success_envelope!(
    /// The updated membership.
    UpdateTeamMembershipOutput,
    TeamMembershipOutput
);
success_envelope!(
    /// The deleted membership.
    DeleteTeamMembershipOutput,
    TeamMembershipOutput
);

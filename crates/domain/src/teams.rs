//! Teams and memberships: the records storage returns.

use calends_model::teams::MembershipRole;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A team. Its slug is unique among teams and names it in booking URLs (`teamSlug`).
#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub profile: TeamProfile,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The team's settings besides its name and slug, stored as one JSON document; absent values are `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TeamProfile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cal_video_logo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_logo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_icon_logo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hide_branding: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_private: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hide_book_a_team_member: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand_color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dark_brand_color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub banner_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_format: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub week_start: Option<String>,
}

/// A user's membership of a team.
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    pub id: i64,
    pub team_id: i64,
    pub user_id: i64,
    pub role: MembershipRole,
    pub accepted: bool,
    pub disable_impersonation: bool,
    pub created_at: DateTime<Utc>,
}

impl Membership {
    /// Whether the member may change the team (an accepted admin or owner).
    pub fn manages(&self) -> bool {
        self.accepted && self.role.manages()
    }
}

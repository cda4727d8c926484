//! The authenticated user's profile.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::common::{Locale, WeekDay};

/// The authenticated user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MeOutput {
    pub id: i64,
    pub username: String,
    pub email: String,
    #[schema(required = true)]
    pub name: Option<String>,
    /// 12 or 24.
    #[schema(example = 24)]
    pub time_format: i32,
    #[schema(required = true)]
    pub default_schedule_id: Option<i64>,
    pub week_start: WeekDay,
    /// IANA time zone.
    #[schema(example = "Europe/Berlin")]
    pub time_zone: String,
    #[schema(required = true)]
    pub locale: Option<Locale>,
    /// Always `null`: this server has no organizations.
    #[schema(required = true)]
    pub organization_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
}

/// `PATCH /v2/me` body: absent fields are left as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateMeInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Must be 12 or 24.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 12)]
    pub time_format: Option<i32>,
    /// One of the user's schedules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_schedule_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week_start: Option<WeekDay>,
    /// IANA time zone, e.g. `America/New_York`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    /// Any additional data: at most 50 keys, each key up to 40 characters, string values up to 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
}

success_envelope!(
    /// The authenticated user.
    MeOutputResponse,
    MeOutput
);

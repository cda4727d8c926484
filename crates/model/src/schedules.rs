//! Availability schedules (`cal-api-version: 2024-06-11`).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::common::WeekDay;

/// Weekly hours: on each of `days`, from `startTime` to `endTime` in the schedule's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleAvailability {
    /// Days these hours apply to.
    #[schema(example = json!(["Monday", "Tuesday"]))]
    pub days: Vec<WeekDay>,
    /// `HH:mm`, 24-hour clock.
    #[schema(example = "09:00")]
    pub start_time: String,
    /// `HH:mm`, after `startTime`; `24:00` means the end of the day.
    #[schema(example = "17:00")]
    pub end_time: String,
}

/// Hours for one date that replace that date's weekly hours. `00:00`-`00:00` makes the date unavailable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleOverride {
    /// `YYYY-MM-DD`.
    #[schema(example = "2026-05-20")]
    pub date: String,
    #[schema(example = "12:00")]
    pub start_time: String,
    #[schema(example = "13:00")]
    pub end_time: String,
}

/// `POST /v2/schedules` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateScheduleInput {
    #[schema(example = "Catch up hours")]
    pub name: String,
    /// IANA time zone the hours are in.
    #[schema(example = "Europe/Rome")]
    pub time_zone: String,
    /// Weekly hours. When absent: Monday to Friday, 09:00 to 17:00.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Vec<ScheduleAvailability>>,
    /// Make this the user's default schedule (used by event types that name no schedule). Making a schedule the
    /// default takes the flag from the previous default.
    pub is_default: bool,
    /// Date overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<Vec<ScheduleOverride>>,
}

/// `PATCH /v2/schedules/{scheduleId}` body: absent fields are left as they are; `availability` and `overrides`
/// replace the whole list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateScheduleInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Vec<ScheduleAvailability>>,
    /// `true` makes this the default schedule. The default cannot be unset with `false`: make another schedule the
    /// default instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_default: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<Vec<ScheduleOverride>>,
}

/// A schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleOutput {
    pub id: i64,
    pub owner_id: i64,
    pub name: String,
    pub time_zone: String,
    pub availability: Vec<ScheduleAvailability>,
    pub is_default: bool,
    pub overrides: Vec<ScheduleOverride>,
}

success_envelope!(
    /// One schedule.
    ScheduleOutputResponse,
    ScheduleOutput
);
success_envelope!(
    /// A list of schedules: the user's, or a team's members'.
    SchedulesOutputResponse,
    Vec<ScheduleOutput>
);
success_envelope!(
    /// The default schedule, or `null` when the user has none.
    DefaultScheduleOutputResponse,
    Option<ScheduleOutput>
);

/// `{"status":"success"}` with no data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StatusOnlyResponse {
    pub status: crate::envelope::SuccessStatus,
}

impl StatusOnlyResponse {
    pub fn success() -> Self {
        Self { status: crate::envelope::SuccessStatus::Success }
    }
}

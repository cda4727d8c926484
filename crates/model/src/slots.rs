//! Available slots and slot reservations (`cal-api-version: 2024-09-04`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

wire_enum! {
    /// How each slot is written: `time` gives its start, `range` its start and end.
    pub enum SlotFormat {
        Time = "time",
        Range = "range",
    }
}

/// `GET /v2/slots` query. Name the event type by `eventTypeId`, or by `eventTypeSlug` + `username`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct GetSlotsQuery {
    /// Slots starting at or after this time: an ISO 8601 UTC date-time, or a date (`2050-09-05`, the start of
    /// that day in UTC).
    #[param(example = "2050-09-05")]
    pub start: String,
    /// Slots starting before this time: an ISO 8601 UTC date-time, or a date (`2050-09-06`, the end of that day in
    /// UTC). At most 400 days after `start`.
    #[param(example = "2050-09-06")]
    pub end: String,
    /// Time zone the slots are grouped and written in. Defaults to UTC.
    #[param(example = "Europe/Rome")]
    pub time_zone: Option<String>,
    /// The event type's id.
    #[param(example = 100)]
    pub event_type_id: Option<i64>,
    /// The event type's slug (with `username`).
    #[param(example = "intro")]
    pub event_type_slug: Option<String>,
    /// Username of the event type's owner (with `eventTypeSlug`).
    #[param(example = "bob")]
    pub username: Option<String>,
    /// Slug of the team whose event type `eventTypeSlug` names.
    #[param(example = "support")]
    pub team_slug: Option<String>,
    /// This server has no organizations: a given value is a 400.
    pub organization_slug: Option<String>,
    /// Dynamic group availability: 2 to 50 usernames separated by commas; the slots are the times when all of them
    /// are free by their default schedules, with Cal.com's default event settings (30 minutes unless `duration` is
    /// 15, 45, 60, 90 or 120; two hours of notice). No event type is named.
    #[param(example = "alice,bob")]
    pub usernames: Option<String>,
    /// Length of the slots in minutes, for event types with several lengths; defaults to the event type's length.
    #[param(example = 60)]
    pub duration: Option<i64>,
    /// `time` (default) or `range`.
    #[param(inline)]
    pub format: Option<SlotFormat>,
    /// When rescheduling: the uid of the booking being moved, whose own time then counts as free.
    pub booking_uid_to_reschedule: Option<String>,
}

/// One bookable slot. Times are ISO 8601 in the requested time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SlotOutput {
    #[schema(example = "2050-09-05T09:00:00.000+02:00")]
    pub start: String,
    /// With `format=range`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "2050-09-05T10:00:00.000+02:00")]
    pub end: Option<String>,
    /// Seated event types: how many attendees the slot already has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendees_count: Option<u32>,
    /// Seated event types: the booking that already holds the slot, if any (book a seat in it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_uid: Option<String>,
}

/// Available slots keyed by date (`YYYY-MM-DD` in the requested time zone), each date's slots in order.
/// Cal.com's published schema says the slots are strings; it answers objects, as here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SlotsOutputResponse {
    pub status: crate::envelope::SuccessStatus,
    #[schema(example = json!({"2050-09-05": [{"start": "2050-09-05T09:00:00.000+02:00"}, {"start": "2050-09-05T10:00:00.000+02:00"}]}))]
    pub data: BTreeMap<String, Vec<SlotOutput>>,
}

impl SlotsOutputResponse {
    pub fn new(data: BTreeMap<String, Vec<SlotOutput>>) -> Self {
        Self { status: crate::envelope::SuccessStatus::Success, data }
    }
}

/// `POST /v2/slots/reservations` and `PATCH /v2/slots/reservations/{uid}` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReserveSlotInput {
    /// The event type whose slot to reserve.
    #[schema(example = 1)]
    pub event_type_id: i64,
    /// The slot's start: an ISO 8601 date-time (UTC), one of the event type's available slots.
    #[schema(example = "2050-09-05T09:00:00Z")]
    pub slot_start: String,
    /// Length in minutes, for event types with several lengths; defaults to the event type's length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 30)]
    pub slot_duration: Option<i64>,
    /// Minutes to hold the slot (1 to 1440), default 5. Only authenticated requests may set it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 5)]
    pub reservation_duration: Option<i64>,
}

/// A reservation: the slot is not offered to anyone else until `reservationUntil`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReserveSlotOutput {
    pub event_type_id: i64,
    #[schema(example = "2050-09-05T09:00:00.000Z")]
    pub slot_start: String,
    #[schema(example = "2050-09-05T10:00:00.000Z")]
    pub slot_end: String,
    /// Minutes.
    pub slot_duration: i64,
    /// Use it to read, move or release the reservation.
    #[schema(example = "e84be5a3-4696-49e3-acc7-b2f3999c3b94")]
    pub reservation_uid: String,
    /// Minutes.
    pub reservation_duration: i64,
    #[schema(example = "2050-09-05T08:05:00.000Z")]
    pub reservation_until: String,
}

success_envelope!(
    /// The reservation.
    ReserveSlotOutputResponse,
    ReserveSlotOutput
);
success_envelope!(
    /// The reservation, or `null` when there is none with this uid (or it expired), as Cal.com answers.
    GetReservedSlotOutputResponse,
    Option<ReserveSlotOutput>
);

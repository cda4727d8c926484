//! The grouped settings of an event type: limits, booking window, confirmation, recurrence, seats, colors, layouts.
//!
//! Several settings are `oneOf [X, Disabled]` in the reference: send `X` to turn the setting on (or change it) and
//! `{"disabled": true}` to turn it off again. The `*Setting` enums below model that choice; their decoding looks
//! at `disabled` first, exactly like Cal.com does, so `{"disabled": false, ...}` is read as `X`.

use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use super::union;

/// Turns a setting off: `{"disabled": true}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Disabled {
    /// Only acceptable value for the `disabled` property is `true`. It is used to reset the value of the property
    /// for which previously an object containing specific settings was passed.
    #[schema(example = true)]
    pub disabled: bool,
}

impl Default for Disabled {
    fn default() -> Self {
        Self { disabled: true }
    }
}

/// At most this many bookings of the event type per calendar period. Omitted periods are unlimited; a longer
/// period's limit must not be smaller than a shorter period's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BaseBookingLimitsCount {
    /// The number of bookings per day, at least 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 1, minimum = 1)]
    pub day: Option<i32>,
    /// The number of bookings per week, at least 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 2, minimum = 1)]
    pub week: Option<i32>,
    /// The number of bookings per month, at least 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 3, minimum = 1)]
    pub month: Option<i32>,
    /// The number of bookings per year, at least 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 4, minimum = 1)]
    pub year: Option<i32>,
}

/// At most this many booked minutes of the event type per calendar period. Omitted periods are unlimited; a longer
/// period's limit must not be smaller than a shorter period's.
///
/// Cal.com documents each value as "must be a multiple of 15" but only enforces a minimum of 15 (its own tests
/// use 100 and 200), so any value from 15 up is accepted here too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BaseBookingLimitsDuration {
    /// The duration of bookings per day in minutes, at least 15.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 60, minimum = 15)]
    pub day: Option<i32>,
    /// The duration of bookings per week in minutes, at least 15.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 120, minimum = 15)]
    pub week: Option<i32>,
    /// The duration of bookings per month in minutes, at least 15.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 180, minimum = 15)]
    pub month: Option<i32>,
    /// The duration of bookings per year in minutes, at least 15.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 240, minimum = 15)]
    pub year: Option<i32>,
}

/// Limit how many times this event can be booked: the limits, or `{"disabled": true}` to remove them.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum BookingLimitsCountSetting {
    Limits(BaseBookingLimitsCount),
    Disabled(Disabled),
}

/// Limit the total time this event can be booked: the limits, or `{"disabled": true}` to remove them.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum BookingLimitsDurationSetting {
    Limits(BaseBookingLimitsDuration),
    Disabled(Disabled),
}

wire_enum! {
    /// Always `businessDays`. (The reference lists all three window types in each window; each accepts only its own.)
    pub enum BusinessDaysWindowType { BusinessDays = "businessDays" }
}

wire_enum! {
    /// Always `calendarDays`. (The reference lists all three window types in each window; each accepts only its own.)
    pub enum CalendarDaysWindowType { CalendarDays = "calendarDays" }
}

wire_enum! {
    /// Always `range`. (The reference lists all three window types in each window; each accepts only its own.)
    pub enum RangeWindowType { Range = "range" }
}

/// Bookable up to `value` business days (Monday to Friday) ahead, today included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BusinessDaysWindow {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub window_type: BusinessDaysWindowType,
    /// How many business days into the future this event can be booked, at least 1.
    #[schema(example = 5, minimum = 1)]
    pub value: i32,
    /// Determines the behavior of the booking window. If true, the window is rolling: the number of available days
    /// always equals `value` and adjusts as days fill up (with `value` 3 and availability only on Mondays, a booker on
    /// November 10 sees November 11, 18 and 25; once one of them is fully booked, December 2 opens). If false or
    /// absent, the window is fixed: only the next `value` days from now are considered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = true)]
    pub rolling: Option<bool>,
}

/// Bookable up to `value` calendar days ahead, today included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CalendarDaysWindow {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub window_type: CalendarDaysWindowType,
    /// How many calendar days into the future this event can be booked, at least 1.
    #[schema(example = 5, minimum = 1)]
    pub value: i32,
    /// Determines the behavior of the booking window. If true, the window is rolling: the number of available days
    /// always equals `value` and adjusts as days fill up (with `value` 3 and availability only on Mondays, a booker on
    /// November 10 sees November 11, 18 and 25; once one of them is fully booked, December 2 opens). If false or
    /// absent, the window is fixed: only the next `value` days from now are considered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = true)]
    pub rolling: Option<bool>,
}

/// Bookable only on the dates of a range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RangeWindow {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub window_type: RangeWindowType,
    /// Date range for when this event can be booked: exactly two dates, `[start, end]`, as `YYYY-MM-DD`, both
    /// included, start not after end.
    #[schema(example = json!(["2030-09-05", "2030-09-09"]), min_items = 2, max_items = 2)]
    pub value: Vec<String>,
}

/// Limit how far in the future this event can be booked: a window, or `{"disabled": true}` for no limit.
///
/// The reference publishes the output of this property as an array of windows; Cal.com returns a single object,
/// and so does this server.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum BookingWindowSetting {
    BusinessDays(BusinessDaysWindow),
    CalendarDays(CalendarDaysWindow),
    Range(RangeWindow),
    Disabled(Disabled),
}

wire_enum! {
    /// A view of the booking page.
    pub enum BookerLayout {
        Month = "month",
        Week = "week",
        Column = "column",
    }
}

/// Should booker have week, month or column view. Specify default layout and enabled layouts user can pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BookerLayouts {
    /// The layout shown first; must be one of `enabledLayouts`.
    pub default_layout: BookerLayout,
    /// Array of valid layouts - month, week or column. At least one, without repeats.
    pub enabled_layouts: Vec<BookerLayout>,
}

wire_enum! {
    /// The policy that determines when confirmation is required: `always`, or `time` (only when the booking is
    /// made with less notice than `noticeThreshold`).
    pub enum ConfirmationPolicyType {
        Always = "always",
        Time = "time",
    }
}

wire_enum! {
    /// The unit of a notice threshold. (The reference types it as a free string; Cal.com accepts only these.)
    pub enum NoticeThresholdUnit {
        Minutes = "minutes",
        Hours = "hours",
    }
}

/// How short the notice of a booking must be for it to need confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NoticeThreshold {
    /// The unit of time for the notice threshold.
    #[schema(example = "minutes")]
    pub unit: NoticeThresholdUnit,
    /// The time value for the notice threshold, at least 1.
    #[schema(example = 30, minimum = 1)]
    pub count: i32,
}

/// Bookings need to be confirmed by the host before they are pushed to the integrations and a confirmation mail is
/// sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BaseConfirmationPolicy {
    #[serde(rename = "type")]
    #[schema(example = "always")]
    pub policy_type: ConfirmationPolicyType,
    /// The notice threshold required before confirmation is needed. Required when type is `time`; ignored when
    /// it is `always`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_threshold: Option<NoticeThreshold>,
    /// Unconfirmed bookings still block calendar slots.
    pub block_unconfirmed_bookings_in_booker: bool,
}

/// Confirmation policy: the policy, or `{"disabled": true}` so bookings are accepted right away.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum ConfirmationPolicySetting {
    Policy(BaseConfirmationPolicy),
    Disabled(Disabled),
}

wire_enum! {
    /// How often a recurring event repeats.
    pub enum Frequency {
        Yearly = "yearly",
        Monthly = "monthly",
        Weekly = "weekly",
    }
}

/// A recurring event: one booking creates `occurrences` bookings, `interval` periods apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Recurrence {
    /// Repeats every {interval} week | month | year: 1 to 100.
    #[schema(example = 10, minimum = 1, maximum = 100)]
    pub interval: i32,
    /// Repeats for a maximum of {occurrences} events: 1 to 730.
    #[schema(example = 10, minimum = 1, maximum = 730)]
    pub occurrences: i32,
    pub frequency: Frequency,
}

/// Recurrence: the rule, or `{"disabled": true}` for a one-off event.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum RecurrenceSetting {
    Recurrence(Recurrence),
    Disabled(Disabled),
}

/// The colors of the event type in Cal.com's interfaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventTypeColor {
    /// Color used for event types in light theme: `#rgb` or `#rrggbb`.
    #[schema(example = "#292929")]
    pub light_theme_hex: String,
    /// Color used for event types in dark theme: `#rgb` or `#rrggbb`.
    #[schema(example = "#fafafa")]
    pub dark_theme_hex: String,
}

/// A seated event: several attendees book the same slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Seats {
    /// Number of seats available per time slot: 1 to 1000.
    #[schema(example = 4, minimum = 1, maximum = 1000)]
    pub seats_per_time_slot: i32,
    /// Show attendee information to other guests.
    #[schema(example = true)]
    pub show_attendee_info: bool,
    /// Display the count of available seats.
    #[schema(example = true)]
    pub show_availability_count: bool,
}

/// Seats: the seat options, or `{"disabled": true}` for one booking per slot.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum SeatsSetting {
    Seats(Seats),
    Disabled(Disabled),
}

/// The calendar that receives the events of new bookings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DestinationCalendar {
    /// The integration type of the destination calendar. Refer to the /api/v2/calendars endpoint to retrieve the
    /// integration type of your connected calendars.
    #[schema(example = "google_calendar")]
    pub integration: String,
    /// The external ID of the destination calendar. Refer to the /api/v2/calendars endpoint to retrieve the
    /// external IDs of your connected calendars.
    #[schema(example = "team@example.com")]
    pub external_id: String,
}

/// Cal Video settings of the event type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CalVideoSettings {
    /// If true, the organizer will not be able to record the meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_recording_for_organizer: Option<bool>,
    /// If true, the guests will not be able to record the meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_recording_for_guests: Option<bool>,
    /// URL to which participants are redirected when they exit the call: an absolute `http(s)` URL. (The
    /// reference types it as an object; it is a URL string.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "https://example.com/thanks")]
    pub redirect_url_on_exit: Option<String>,
    /// If true, enables the automatic recording for the event when organizer joins the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_automatic_recording_for_organizer: Option<bool>,
    /// If true, enables the automatic transcription for the event whenever someone joins the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_automatic_transcription: Option<bool>,
    /// If true, the guests will not be able to receive transcription of the meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_transcription_for_guests: Option<bool>,
    /// If true, the organizer will not be able to receive transcription of the meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_transcription_for_organizer: Option<bool>,
}

impl<'de> Deserialize<'de> for BookingLimitsCountSetting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        union::or_disabled(deserializer, "bookingLimitsCount", Self::Limits, Self::Disabled)
    }
}

impl<'de> Deserialize<'de> for BookingLimitsDurationSetting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        union::or_disabled(deserializer, "bookingLimitsDuration", Self::Limits, Self::Disabled)
    }
}

impl<'de> Deserialize<'de> for ConfirmationPolicySetting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        union::or_disabled(deserializer, "confirmationPolicy", Self::Policy, Self::Disabled)
    }
}

impl<'de> Deserialize<'de> for RecurrenceSetting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        union::or_disabled(deserializer, "recurrence", Self::Recurrence, Self::Disabled)
    }
}

impl<'de> Deserialize<'de> for SeatsSetting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        union::or_disabled(deserializer, "seats", Self::Seats, Self::Disabled)
    }
}

impl<'de> Deserialize<'de> for BookingWindowSetting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        const WHAT: &str = "bookingWindow";
        let value = union::object(deserializer, WHAT)?;
        if union::is_disabled(&value) {
            return Ok(Self::Disabled(Disabled::default()));
        }
        match union::str_field(&value, "type") {
            Some("businessDays") => union::decode(value, WHAT).map(Self::BusinessDays),
            Some("calendarDays") => union::decode(value, WHAT).map(Self::CalendarDays),
            Some("range") => union::decode(value, WHAT).map(Self::Range),
            other => Err(union::unknown_discriminator(
                WHAT,
                "type",
                other,
                &["businessDays", "calendarDays", "range"],
                " (or send {\"disabled\": true})",
            )),
        }
    }
}

//! Event types (`cal-api-version: 2024-06-14`): what can be booked, for how long, where, with which booking form and
//! under which rules.
//!
//! The names are Cal.com's without the `_2024_06_14` suffix. Where Cal.com's published schema contradicts what
//! Cal.com accepts and returns, these types follow the behaviour and say so in their descriptions.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::{IntoParams, ToSchema};

use crate::common::{SortOrder, WeekDay};

pub mod booking_fields;
pub mod locations;
pub mod settings;
mod union;

pub use booking_fields::*;
pub use locations::*;
pub use settings::*;

/// `POST /v2/event-types` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = CreateEventTypeInput::example)]
pub struct CreateEventTypeInput {
    /// Length of the event in minutes, 1 to 1440.
    #[schema(example = 60, minimum = 1, maximum = 1440)]
    pub length_in_minutes: i32,
    /// If you want that user can choose between different lengths of the event you can specify them here. Must include
    /// the provided `lengthInMinutes`; each 1 to 1440, no repeats. (The reference types the items as strings; they are
    /// integers.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = json!([15, 30, 60]))]
    pub length_in_minutes_options: Option<Vec<i32>>,
    /// Name of the event type, 1 to 200 characters.
    #[schema(example = "Learn the secrets of masterchief!")]
    pub title: String,
    /// The event type's part of the booking page URL, unique among your event types: 1 to 128 lowercase letters,
    /// digits and single hyphens, neither first nor last (what Cal.com's slugify produces).
    #[schema(example = "learn-the-secrets-of-masterchief")]
    pub slug: String,
    /// At most 10,000 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Discover the culinary wonders of the Argentina by making the best flan ever!")]
    pub description: Option<String>,
    /// Custom fields that can be added to the booking form when the event is booked by someone. By default booking form
    /// has name and email field. The name and email fields always come first (then the location picker when there are
    /// several locations); the title, notes, guests and reschedule reason fields are added after the given fields
    /// unless configured here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(min_items = 1)]
    pub booking_fields: Option<Vec<BookingFieldInput>>,
    /// If true, person booking this event can't add guests via their emails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_guests: Option<bool>,
    /// Number representing length of each slot when event is booked, 1 to 1440 minutes. By default it equal length of
    /// the event type. If event length is 60 minutes then we would have slots 9AM, 10AM, 11AM etc. but if it was
    /// changed to 30 minutes then we would have slots 9AM, 9:30AM, 10AM, 10:30AM etc. as the available times to book
    /// the 60 minute event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 1440)]
    pub slot_interval: Option<i32>,
    /// Minimum number of minutes before the event that a booking can be made: 0 to 525600 (a year). Default 120.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0, maximum = 525600)]
    pub minimum_booking_notice: Option<i32>,
    /// Extra time automatically blocked on your calendar before a meeting starts, in minutes: 0 to 525600.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0, maximum = 525600)]
    pub before_event_buffer: Option<i32>,
    /// Extra time automatically blocked on your calendar after a meeting ends, in minutes: 0 to 525600.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0, maximum = 525600)]
    pub after_event_buffer: Option<i32>,
    /// If you want that this event has different schedule than user's default one you can specify it here: one of your
    /// schedules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1)]
    pub schedule_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_limits_count: Option<BookingLimitsCountSetting>,
    /// This will limit your availability for this event type to one slot per day, scheduled at the earliest
    /// available time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_show_first_available_slot: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_limits_duration: Option<BookingLimitsDurationSetting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_window: Option<BookingWindowSetting>,
    /// Offset timeslots shown to bookers by a specified number of minutes: 0 to 525600.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0, maximum = 525600)]
    pub offset_start: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booker_layouts: Option<BookerLayouts>,
    /// Specify how the booking needs to be manually confirmed before it is pushed to the integrations and a
    /// confirmation mail is sent. Not allowed together with seats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmation_policy: Option<ConfirmationPolicySetting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<RecurrenceSetting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_booker_email_verification: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide_calendar_notes: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock_time_zone_toggle_on_booking_page: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<EventTypeColor>,
    /// Create an event type with multiple seats. Not allowed together with a confirmation policy or with more than
    /// one location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats: Option<SeatsSetting>,
    /// Customizable event name with valid variables: {Event type title}, {Organiser}, {Scheduler}, {Location},
    /// {Organiser first name}, {Scheduler first name}, {Scheduler last name}, {Event duration}, {LOCATION},
    /// {HOST/ATTENDEE}, {HOST}, {ATTENDEE}, {USER}, and `{slug}` of any custom booking field. At most 255 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "{Event type title} between {Organiser} and {Scheduler}")]
    pub custom_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_calendar: Option<DestinationCalendar>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_destination_calendar_email: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide_calendar_event_details: Option<bool>,
    /// A valid URL where the booker will redirect to, once the booking is completed successfully: an absolute
    /// `http(s)` URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "https://masterchief.com/argentina/flan/video/9129412")]
    pub success_redirect_url: Option<String>,
    /// Boolean to Hide organizer's email address from the booking screen, email notifications, and calendar events
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide_organizer_email: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cal_video_settings: Option<CalVideoSettings>,
    /// Hidden event types are not listed on the booking page, and are returned by `GET /v2/event-types` only to
    /// their owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
    /// Boolean to require authentication for booking this event type via api. If true, only authenticated users who are
    /// the event-type owner or org/team admin/owner can book this event type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(default = false)]
    pub booking_requires_authentication: Option<bool>,
    /// Locations where the event will take place, at least one. If not provided, cal video link will be used as the
    /// location. An event type with seats can have only one location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(min_items = 1)]
    pub locations: Option<Vec<InputLocation>>,
}

impl CreateEventTypeInput {
    /// A complete request built from the reference's examples (the OpenAPI example of this schema).
    pub fn example() -> Value {
        json!({
            "lengthInMinutes": 60,
            "lengthInMinutesOptions": [15, 30, 60],
            "title": "Learn the secrets of masterchief!",
            "slug": "learn-the-secrets-of-masterchief",
            "description": "Discover the culinary wonders of the Argentina by making the best flan ever!",
            "locations": [
                {"type": "address", "address": "123 Example St, City, Country", "public": true},
                {"type": "link", "link": "https://customvideo.com/join/123456", "public": true},
                {"type": "integration", "integration": "cal-video"},
                {"type": "phone", "phone": "+37120993151", "public": true}
            ],
            "bookingFields": [
                {"type": "name", "label": "Your name", "placeholder": "Jane Doe"},
                {"type": "select", "slug": "flan-flavour", "label": "Please select an option", "required": true,
                 "placeholder": "Select...", "options": ["Option 1", "Option 2"], "hidden": false},
                {"type": "address", "slug": "delivery-address", "label": "Please enter your address",
                 "required": false, "placeholder": "e.g., 1234 Main St", "hidden": false},
                {"slug": "notes", "required": true, "label": "Anything we should know?"}
            ],
            "disableGuests": false,
            "slotInterval": 60,
            "minimumBookingNotice": 120,
            "beforeEventBuffer": 0,
            "afterEventBuffer": 15,
            "scheduleId": 1,
            "bookingLimitsCount": {"day": 1, "week": 2, "month": 3, "year": 4},
            "onlyShowFirstAvailableSlot": false,
            "bookingLimitsDuration": {"day": 60, "week": 120, "month": 180, "year": 240},
            "bookingWindow": {"type": "businessDays", "value": 5, "rolling": true},
            "offsetStart": 0,
            "bookerLayouts": {"defaultLayout": "month", "enabledLayouts": ["month", "week", "column"]},
            "confirmationPolicy": {
                "type": "time",
                "noticeThreshold": {"unit": "minutes", "count": 30},
                "blockUnconfirmedBookingsInBooker": true
            },
            "recurrence": {"interval": 10, "occurrences": 10, "frequency": "weekly"},
            "requiresBookerEmailVerification": false,
            "hideCalendarNotes": false,
            "lockTimeZoneToggleOnBookingPage": false,
            "color": {"lightThemeHex": "#292929", "darkThemeHex": "#fafafa"},
            "customName": "{Event type title} between {Organiser} and {Scheduler}",
            "useDestinationCalendarEmail": false,
            "hideCalendarEventDetails": false,
            "successRedirectUrl": "https://masterchief.com/argentina/flan/video/9129412",
            "hideOrganizerEmail": false,
            "calVideoSettings": {"disableRecordingForGuests": true, "enableAutomaticTranscription": false},
            "hidden": false,
            "bookingRequiresAuthentication": false
        })
    }

    /// A seated event type built from the reference's examples: seats rule out a confirmation policy and more than
    /// one location, so they get their own example.
    pub fn seated_example() -> Value {
        json!({
            "lengthInMinutes": 90,
            "title": "Flan masterclass",
            "slug": "flan-masterclass",
            "locations": [{"type": "address", "address": "123 Example St, City, Country", "public": true}],
            "seats": {"seatsPerTimeSlot": 4, "showAttendeeInfo": true, "showAvailabilityCount": true},
            "confirmationPolicy": {"disabled": true},
            "recurrence": {"disabled": true},
            "bookingWindow": {"type": "range", "value": ["2030-09-05", "2030-09-09"]}
        })
    }
}

/// `PATCH /v2/event-types/{eventTypeId}` body: absent fields are left as they are. `null` clears `description`,
/// `lengthInMinutesOptions`, `slotInterval`, `scheduleId`, `customName`, `successRedirectUrl`, `color`,
/// `destinationCalendar`, `bookerLayouts` and `calVideoSettings`; the `oneOf [X, Disabled]` settings are turned
/// off with `{"disabled": true}`. The result is validated as a whole, with the same rules as a creation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateEventTypeInput {
    /// Length of the event in minutes, 1 to 1440.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 60, minimum = 1, maximum = 1440)]
    pub length_in_minutes: Option<i32>,
    /// If you want that user can choose between different lengths of the event you can specify them here. Must include
    /// the provided `lengthInMinutes`; each 1 to 1440, no repeats. (The reference types the items as strings; they are
    /// integers.)
    #[serde(default, deserialize_with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<i32>>, example = json!([15, 30, 60]))]
    pub length_in_minutes_options: Option<Option<Vec<i32>>>,
    /// Name of the event type, 1 to 200 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Learn the secrets of masterchief!")]
    pub title: Option<String>,
    /// 1 to 128 lowercase letters, digits and single hyphens, neither first nor last; unique among your event
    /// types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "learn-the-secrets-of-masterchief")]
    pub slug: Option<String>,
    /// At most 10,000 characters.
    #[serde(default, deserialize_with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    /// Complete set of booking form fields. This array replaces all existing booking fields. To modify existing
    /// fields, first fetch the current event type, then include all desired fields in this array. Sending only one
    /// field will remove all other custom fields, keeping only default fields plus the provided one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(min_items = 1)]
    pub booking_fields: Option<Vec<BookingFieldInput>>,
    /// If true, person booking this event can't add guests via their emails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_guests: Option<bool>,
    /// Number representing length of each slot when event is booked, 1 to 1440 minutes. By default it equal length of
    /// the event type. If event length is 60 minutes then we would have slots 9AM, 10AM, 11AM etc. but if it was
    /// changed to 30 minutes then we would have slots 9AM, 9:30AM, 10AM, 10:30AM etc. as the available times to book
    /// the 60 minute event.
    #[serde(default, deserialize_with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 1440)]
    pub slot_interval: Option<Option<i32>>,
    /// Minimum number of minutes before the event that a booking can be made: 0 to 525600 (a year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0, maximum = 525600)]
    pub minimum_booking_notice: Option<i32>,
    /// Extra time automatically blocked on your calendar before a meeting starts, in minutes: 0 to 525600.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0, maximum = 525600)]
    pub before_event_buffer: Option<i32>,
    /// Extra time automatically blocked on your calendar after a meeting ends, in minutes: 0 to 525600.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0, maximum = 525600)]
    pub after_event_buffer: Option<i32>,
    /// If you want that this event has different schedule than user's default one you can specify it here: one
    /// of your schedules; `null` goes back to the default schedule.
    #[serde(default, deserialize_with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<i64>, minimum = 1)]
    pub schedule_id: Option<Option<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_limits_count: Option<BookingLimitsCountSetting>,
    /// This will limit your availability for this event type to one slot per day, scheduled at the earliest
    /// available time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_show_first_available_slot: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_limits_duration: Option<BookingLimitsDurationSetting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_window: Option<BookingWindowSetting>,
    /// Offset timeslots shown to bookers by a specified number of minutes: 0 to 525600.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0, maximum = 525600)]
    pub offset_start: Option<i32>,
    #[serde(default, deserialize_with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<BookerLayouts>)]
    pub booker_layouts: Option<Option<BookerLayouts>>,
    /// Specify how the booking needs to be manually confirmed before it is pushed to the integrations and a
    /// confirmation mail is sent. Not allowed together with seats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmation_policy: Option<ConfirmationPolicySetting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<RecurrenceSetting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_booker_email_verification: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide_calendar_notes: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock_time_zone_toggle_on_booking_page: Option<bool>,
    #[serde(default, deserialize_with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<EventTypeColor>)]
    pub color: Option<Option<EventTypeColor>>,
    /// Seats of the event type. Not allowed together with a confirmation policy or with more than one location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats: Option<SeatsSetting>,
    /// Customizable event name with valid variables: {Event type title}, {Organiser}, {Scheduler}, {Location},
    /// {Organiser first name}, {Scheduler first name}, {Scheduler last name}, {Event duration}, {LOCATION},
    /// {HOST/ATTENDEE}, {HOST}, {ATTENDEE}, {USER}, and `{slug}` of any custom booking field. At most 255 characters.
    #[serde(default, deserialize_with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub custom_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<DestinationCalendar>)]
    pub destination_calendar: Option<Option<DestinationCalendar>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_destination_calendar_email: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide_calendar_event_details: Option<bool>,
    /// A valid URL where the booker will redirect to, once the booking is completed successfully: an absolute
    /// `http(s)` URL.
    #[serde(default, deserialize_with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "https://masterchief.com/argentina/flan/video/9129412")]
    pub success_redirect_url: Option<Option<String>>,
    /// Boolean to Hide organizer's email address from the booking screen, email notifications, and calendar events
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide_organizer_email: Option<bool>,
    #[serde(default, deserialize_with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<CalVideoSettings>)]
    pub cal_video_settings: Option<Option<CalVideoSettings>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
    /// Boolean to require authentication for booking this event type via api. If true, only authenticated users who are
    /// the event-type owner or org/team admin/owner can book this event type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_requires_authentication: Option<bool>,
    /// Locations where the event will take place, at least one. If not provided, cal video link will be used as the
    /// location. An event type with seats can have only one location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(min_items = 1)]
    pub locations: Option<Vec<InputLocation>>,
}

/// The owner of an event type, as listed in its `users`. (The reference types `users` as an array of strings;
/// Cal.com returns these objects.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventTypeUser {
    pub id: i64,
    #[schema(required = true)]
    pub name: Option<String>,
    #[schema(required = true)]
    pub username: Option<String>,
    #[schema(required = true)]
    pub avatar_url: Option<String>,
    pub week_start: WeekDay,
    /// Brand color of the booking page; `null` when not set.
    #[schema(required = true)]
    pub brand_color: Option<String>,
    /// Brand color of the booking page in dark mode; `null` when not set.
    #[schema(required = true)]
    pub dark_brand_color: Option<String>,
    #[schema(value_type = Object)]
    pub metadata: Map<String, Value>,
}

/// An event type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventTypeOutput {
    #[schema(example = 1)]
    pub id: i64,
    /// The user who owns the event type.
    #[schema(example = 10)]
    pub owner_id: i64,
    #[schema(example = 60)]
    pub length_in_minutes: i32,
    /// The lengths the booker can choose from, including `lengthInMinutes`; absent for a single length. (The
    /// reference types the items of the request property as strings; they are integers.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = json!([15, 30, 60]))]
    pub length_in_minutes_options: Option<Vec<i32>>,
    #[schema(example = "Learn the secrets of masterchief!")]
    pub title: String,
    #[schema(example = "learn-the-secrets-of-masterchief")]
    pub slug: String,
    /// Empty when none was given.
    #[schema(example = "Discover the culinary wonders of Argentina by making the best flan ever!")]
    pub description: String,
    pub locations: Vec<OutputLocation>,
    /// The whole booking form, default fields included, in display order.
    pub booking_fields: Vec<BookingFieldOutput>,
    /// `null` for a one-off event.
    #[schema(required = true)]
    pub recurrence: Option<Recurrence>,
    pub disable_guests: bool,
    /// Distance between slot starts in minutes; `null` means the length. (The reference types it as an object.)
    #[schema(required = true, example = 60)]
    pub slot_interval: Option<i32>,
    #[schema(example = 120)]
    pub minimum_booking_notice: i32,
    #[schema(example = 0)]
    pub before_event_buffer: i32,
    #[schema(example = 0)]
    pub after_event_buffer: i32,
    /// Additional data; always an empty object on this server, which stores the settings in their own fields.
    #[schema(value_type = Object)]
    pub metadata: Map<String, Value>,
    /// Always 0: this server takes no payments.
    pub price: i32,
    /// Always `usd`, as for Cal.com event types without payment.
    pub currency: String,
    pub lock_time_zone_toggle_on_booking_page: bool,
    /// Seats per slot of a seated event; `null` otherwise. Superseded by `seats`. (The reference types it as an
    /// object.)
    #[schema(required = true)]
    pub seats_per_time_slot: Option<i32>,
    /// Whether the booking page passes its query parameters on to `successRedirectUrl`. Always true on this
    /// server. (The reference types it as an object.)
    #[schema(required = true)]
    pub forward_params_success_redirect: Option<bool>,
    /// Where the booker is redirected after booking; `null` when not set. (The reference types it as an object.)
    #[schema(required = true)]
    pub success_redirect_url: Option<String>,
    /// Always false: instant meetings are a team feature.
    pub is_instant_event: bool,
    /// Whether a seated event shows how many seats are left; `null` for events without seats. Superseded by
    /// `seats`.
    #[schema(required = true)]
    pub seats_show_availability_count: Option<bool>,
    /// The schedule whose availability the event uses; `null` means the owner's default schedule.
    #[schema(required = true)]
    pub schedule_id: Option<i64>,
    /// Absent when never set; `{}` once limits were removed with `{"disabled": true}` (as Cal.com returns).
    /// (The reference types it as a plain object.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_limits_count: Option<BaseBookingLimitsCount>,
    pub only_show_first_available_slot: bool,
    /// Absent when never set; `{}` once limits were removed with `{"disabled": true}` (as Cal.com returns).
    /// (The reference types it as a plain object.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_limits_duration: Option<BaseBookingLimitsDuration>,
    /// The booking window, or `{"disabled": true}` when the event can be booked at any time in the future.
    pub booking_window: BookingWindowSetting,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booker_layouts: Option<BookerLayouts>,
    /// The confirmation policy, or `{"disabled": true}` when bookings are accepted right away. (The reference
    /// types it as a plain object.)
    pub confirmation_policy: ConfirmationPolicySetting,
    pub requires_booker_email_verification: bool,
    pub hide_calendar_notes: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<EventTypeColor>,
    /// The seat options, or `{"disabled": true}` for one booking per slot.
    pub seats: SeatsSetting,
    #[schema(example = 0)]
    pub offset_start: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_calendar: Option<DestinationCalendar>,
    pub use_destination_calendar_email: bool,
    pub hide_calendar_event_details: bool,
    /// Boolean to Hide organizer's email address from the booking screen, email notifications, and calendar events
    pub hide_organizer_email: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cal_video_settings: Option<CalVideoSettings>,
    pub hidden: bool,
    /// Boolean to require authentication for booking this event type via api. If true, only authenticated users who are
    /// the event-type owner or org/team admin/owner can book this event type.
    pub booking_requires_authentication: bool,
    /// The users the event type belongs to: its owner.
    pub users: Vec<EventTypeUser>,
    /// Only on a member's copy of a managed team event type: the team's event type, which it follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_event_type_id: Option<i64>,
}

/// What `DELETE /v2/event-types/{eventTypeId}` returns: the deleted event type's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeleteEventTypeData {
    #[schema(example = 1)]
    pub id: i64,
    #[schema(example = 60)]
    pub length_in_minutes: i32,
    #[schema(example = "Learn the secrets of masterchief!")]
    pub title: String,
    #[schema(example = "learn-the-secrets-of-masterchief")]
    pub slug: String,
}

/// Filters of `GET /v2/event-types`. With none, the authenticated user's event types are returned.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct GetEventTypesQuery {
    /// The username of the user to get event types for. If only username provided will get all event types.
    #[serde(default)]
    pub username: Option<String>,
    /// Slug of event type to return. Notably, if eventSlug is provided then username must be provided too, because
    /// multiple users can have event with same slug.
    #[serde(default)]
    pub event_slug: Option<String>,
    /// Get dynamic event type for multiple usernames separated by comma. e.g `usernames=alice,bob`
    #[serde(default)]
    pub usernames: Option<String>,
    /// slug of the user's organization if he is in one, orgId is not required if using this parameter. This
    /// server has no organizations: a given value matches nothing.
    #[serde(default)]
    pub org_slug: Option<String>,
    /// ID of the organization of the user you want the get the event-types of, orgSlug is not needed when using
    /// this parameter. This server has no organizations: a given value matches nothing.
    #[serde(default)]
    pub org_id: Option<i64>,
    /// Sort event types by creation date. When not provided, no explicit ordering is applied. (Added by Cal.com
    /// after the reference was published.)
    #[serde(default)]
    #[param(inline)]
    pub sort_created_at: Option<SortOrder>,
}

impl GetEventTypesQuery {
    /// The usernames of `usernames`, trimmed, without empty entries.
    pub fn usernames_list(&self) -> Vec<String> {
        self.usernames
            .as_deref()
            .map(|list| list.split(',').map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned).collect())
            .unwrap_or_default()
    }
}

success_envelope!(
    /// One event type.
    EventTypeOutputResponse,
    EventTypeOutput
);
success_envelope!(
    /// A list of event types.
    EventTypesOutputResponse,
    Vec<EventTypeOutput>
);
success_envelope!(
    /// The deleted event type.
    DeleteEventTypeOutputResponse,
    DeleteEventTypeData
);

#[cfg(test)]
mod tests;

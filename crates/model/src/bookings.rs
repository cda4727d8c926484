//! Bookings (`cal-api-version: 2024-08-13`): booking an event type, listing and reading bookings, rescheduling,
//! cancelling, confirming or declining them, and what hangs off a booking (calendar links, references, recordings).
//!
//! Names are Cal.com's without the `_2024_08_13` suffix. Times are strings on the wire: inputs take ISO 8601 (the
//! server parses them), outputs are UTC with milliseconds, `2024-08-13T15:30:00.000Z`.
//!
//! Several responses carry one of a few booking shapes (regular, recurring, seated). Those unions are serde
//! `untagged` enums, published as a `oneOf`; their variants are ordered most specific first, because a recurring
//! booking is also a valid regular booking plus one field, and decoding takes the first variant that fits.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::{IntoParams, ToSchema};

use crate::common::{Locale, SortOrder};

wire_enum! {
    /// The state of a booking: `accepted` (it takes place), `pending` (waiting for the host to confirm it),
    /// `cancelled` (also a booking that was rescheduled: see `rescheduledToUid`) or `rejected` (declined by the
    /// host).
    pub enum BookingStatus {
        Cancelled = "cancelled",
        Accepted = "accepted",
        Rejected = "rejected",
        Pending = "pending",
    }
}

wire_enum! {
    /// A `status` filter of `GET /v2/bookings`: `upcoming` (not yet ended, neither cancelled nor rejected),
    /// `recurring` (upcoming occurrences of recurring series), `past` (ended, neither cancelled nor rejected),
    /// `cancelled` (cancelled or rejected) or `unconfirmed` (pending and not yet ended).
    pub enum BookingStatusFilter {
        Upcoming = "upcoming",
        Recurring = "recurring",
        Past = "past",
        Cancelled = "cancelled",
        Unconfirmed = "unconfirmed",
    }
}

wire_enum! {
    /// A conferencing app a booking's location can name.
    pub enum BookingLocationIntegration {
        CalVideo = "cal-video",
        GoogleMeet = "google-meet",
        Zoom = "zoom",
        WherebyVideo = "whereby-video",
        WhatsappVideo = "whatsapp-video",
        WebexVideo = "webex-video",
        TelegramVideo = "telegram-video",
        Tandem = "tandem",
        SylapsVideo = "sylaps-video",
        SkypeVideo = "skype-video",
        SiriusVideo = "sirius-video",
        SignalVideo = "signal-video",
        ShimmerVideo = "shimmer-video",
        SalesroomVideo = "salesroom-video",
        RoamVideo = "roam-video",
        RiversideVideo = "riverside-video",
        PingVideo = "ping-video",
        Office365Video = "office365-video",
        MirotalkVideo = "mirotalk-video",
        Jitsi = "jitsi",
        JellyVideo = "jelly-video",
        JellyConferencing = "jelly-conferencing",
        Huddle = "huddle",
        FacetimeVideo = "facetime-video",
        ElementCallVideo = "element-call-video",
        EightxeightVideo = "eightxeight-video",
        DiscordVideo = "discord-video",
        DemodeskVideo = "demodesk-video",
        CampfireVideo = "campfire-video",
    }
}

wire_enum! {
    /// The calendar or conferencing system a booking reference points into.
    pub enum BookingReferenceType {
        GoogleCalendar = "google_calendar",
        Office365Calendar = "office365_calendar",
        DailyVideo = "daily_video",
        GoogleVideo = "google_video",
        Office365Video = "office365_video",
        ZoomVideo = "zoom_video",
    }
}

wire_enum! {
    /// Which calendar service an "Add to Calendar" link is for.
    pub enum CalendarLinkType {
        GoogleCalendar = "googleCalendar",
        MicrosoftOffice = "microsoftOffice",
        MicrosoftOutlook = "microsoftOutlook",
        Ics = "ics",
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Creating a booking
// ---------------------------------------------------------------------------------------------------------------

/// The person booking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateBookingAttendee {
    /// The name of the attendee.
    #[schema(example = "John Doe")]
    pub name: String,
    /// The time zone of the attendee: an IANA name.
    #[schema(example = "America/New_York")]
    pub time_zone: String,
    /// The email of the attendee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "john.doe@example.com")]
    pub email: Option<String>,
    /// The phone number of the attendee in international format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "+919876543210")]
    pub phone_number: Option<String>,
    /// The preferred language of the attendee, used for the booking confirmation. Default `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "it")]
    pub language: Option<Locale>,
}

/// Where the booked meeting takes place: one of the event type's locations, chosen by `type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum BookingLocationInput {
    /// The address defined by the organizer.
    Address,
    /// An address the attendee gives.
    AttendeeAddress {
        #[schema(example = "123 Example St, City, Country")]
        address: String,
    },
    /// Any location the attendee describes.
    AttendeeDefined {
        #[schema(example = "321 Example St, City, Country")]
        location: String,
    },
    /// A phone number the attendee gives, to be called on.
    AttendeePhone {
        #[schema(example = "+37120993151")]
        phone: String,
    },
    /// A conferencing app.
    Integration {
        #[schema(example = "cal-video")]
        integration: BookingLocationIntegration,
    },
    /// The link defined by the organizer.
    Link,
    /// The phone number defined by the organizer.
    Phone,
    /// Team event types only: the default conferencing app of the host who gets the booking.
    OrganizersDefaultApp,
}

/// Routing information from the routing form that determined who gets the booking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Routing {
    /// Array of team member IDs that were routed to handle this booking.
    #[schema(example = json!([101, 102]))]
    pub team_member_ids: Vec<i64>,
    /// The ID of the routing form response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 123)]
    pub response_id: Option<i64>,
    /// The ID of the queued form response. Only present if the form response was queued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "123")]
    pub queued_response_id: Option<String>,
    /// The email of the team member assigned to handle this booking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "john.doe@example.com")]
    pub team_member_email: Option<String>,
    /// Whether to skip contact owner assignment from CRM integration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_contact_owner: Option<bool>,
    /// The CRM application slug for integration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "salesforce")]
    pub crm_app_slug: Option<String>,
    /// The CRM owner record type for contact assignment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Account")]
    pub crm_owner_record_type: Option<String>,
}

/// `POST /v2/bookings` body. One shape covers Cal.com's three inputs: a regular booking, an instant booking
/// (`instant: true`, team event types only) and a recurring booking (`recurrenceCount`). Which kind is made depends on
/// the event type: booking a recurring event type makes a recurring booking.
///
/// Name the event type by `eventTypeId`, or by `eventTypeSlug` with `username` (a user's event type) or with
/// `teamSlug` (a team's), optionally with `organizationSlug`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "start": "2024-08-13T09:00:00Z",
    "attendee": {"name": "John Doe", "email": "john.doe@example.com", "timeZone": "America/New_York", "language": "en"},
    "eventTypeId": 123,
    "guests": ["guest1@example.com"],
    "location": {"type": "integration", "integration": "cal-video"},
    "metadata": {"key": "value"}
}))]
pub struct CreateBookingInput {
    /// The start time of the booking in ISO 8601 format in UTC timezone.
    #[schema(example = "2024-08-13T09:00:00Z")]
    pub start: String,
    /// The attendee's details.
    pub attendee: CreateBookingAttendee,
    /// Responses to the event type's custom booking fields: booking field slug to the attendee's answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>, example = json!({"customField": "customValue"}))]
    pub booking_fields_responses: Option<Map<String, Value>>,
    /// The ID of the event type that is booked. Required unless the event type is named by `eventTypeSlug`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 123)]
    pub event_type_id: Option<i64>,
    /// The slug of the event type, with `username` or `teamSlug`, when `eventTypeId` is not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "my-event-type")]
    pub event_type_slug: Option<String>,
    /// The username of the event type's owner, with `eventTypeSlug`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "john-doe")]
    pub username: Option<String>,
    /// The slug of the team that owns the event type, with `eventTypeSlug`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "acme-team")]
    pub team_slug: Option<String>,
    /// The organization slug. Optional, only used with `eventTypeSlug` + `username` or `eventTypeSlug` + `teamSlug`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "acme-corp")]
    pub organization_slug: Option<String>,
    /// Emails of further guests attending the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = json!(["guest1@example.com", "guest2@example.com"]))]
    pub guests: Option<Vec<String>>,
    /// Deprecated: use `location`. Meeting URL just for this booking, shown in emails and the calendar event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(deprecated, example = "https://example.com/meeting")]
    pub meeting_url: Option<String>,
    /// One of the event type's locations, as an object tagged by `type`. Defaults to the event type's first location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<BookingLocationInput>,
    /// Any additional data to store with the booking: at most 50 keys, each key up to 40 characters, string values
    /// up to 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>, example = json!({"key": "value"}))]
    pub metadata: Option<Map<String, Value>>,
    /// For event types with several possible lengths: the length the attendee picked, in minutes. Defaults to the
    /// event type's length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 30)]
    pub length_in_minutes: Option<i64>,
    /// Routing information from routing forms that determined the booking assignment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing: Option<Routing>,
    /// Email verification code, required when the event type has email verification enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "123456")]
    pub email_verification_code: Option<String>,
    /// `true` books an instant meeting (Cal.com's `CreateInstantBookingInput`). Team event types only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = true)]
    pub instant: Option<bool>,
    /// Recurring event types (Cal.com's `CreateRecurringBookingInput`): the number of occurrences to book, at most
    /// the event type's count, which is also the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 5)]
    pub recurrence_count: Option<i64>,
    /// Calends extension: the `reservationUid` of a reservation you hold on this slot (`POST /v2/slots/reservations`).
    /// The reservation does not block your own booking and is released by it; other reservations still block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "e84be5a3-4696-49e3-acc7-b2f3999c3b94")]
    pub reservation_uid: Option<String>,
}

// ---------------------------------------------------------------------------------------------------------------
// Booking outputs
// ---------------------------------------------------------------------------------------------------------------

/// A host of a booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BookingHost {
    #[schema(example = 1)]
    pub id: i64,
    #[schema(example = "Jane Doe")]
    pub name: String,
    #[schema(example = "jane100@example.com")]
    pub email: String,
    #[schema(example = "jane100")]
    pub username: String,
    /// IANA time zone of the host.
    #[schema(example = "America/Los_Angeles")]
    pub time_zone: String,
}

/// The event type a booking is of (Cal.com's schema is named `EventType`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BookingEventType {
    #[schema(example = 1)]
    pub id: i64,
    #[schema(example = "some-event")]
    pub slug: String,
}

/// An attendee of a booking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BookingAttendee {
    #[schema(example = "John Doe")]
    pub name: String,
    #[schema(example = "john@example.com")]
    pub email: String,
    /// IANA time zone of the attendee.
    #[schema(example = "America/New_York")]
    pub time_zone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "en")]
    pub language: Option<Locale>,
    /// Whether the attendee was marked as not showing up.
    pub absent: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "+1234567890")]
    pub phone_number: Option<String>,
}

/// An attendee holding one seat of a seated booking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SeatedAttendee {
    #[serde(flatten)]
    pub attendee: BookingAttendee,
    /// Uid of this attendee's seat: cancel or reschedule the seat with it.
    #[schema(example = "3be561a9-31f1-4b8e-aefc-9d9a085f0dd1")]
    pub seat_uid: String,
    /// This attendee's responses to the booking fields: booking field slug to answer.
    #[schema(value_type = Object, example = json!({"customField": "customValue"}))]
    pub booking_fields_responses: Map<String, Value>,
    /// The metadata given when this seat was booked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>, example = json!({"key": "value"}))]
    pub metadata: Option<Map<String, Value>>,
}

/// The fields every booking output shares (Cal.com's `BaseBookingOutput`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BaseBookingOutput {
    /// Internal id, also sent as `bookingId` in webhook payloads.
    #[schema(example = 123)]
    pub id: i64,
    /// Public identifier of the booking, used in the paths of the booking endpoints.
    #[schema(example = "fL3xUkWu9mYcGsQe6GbTnP")]
    pub uid: String,
    #[schema(example = "Consultation")]
    pub title: String,
    /// Description of the booking; an empty string when it has none.
    #[schema(example = "Learn how to integrate scheduling into marketplace.")]
    pub description: String,
    pub hosts: Vec<BookingHost>,
    pub status: BookingStatus,
    /// Only on cancelled bookings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "User requested cancellation")]
    pub cancellation_reason: Option<String>,
    /// Only on cancelled bookings: who cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "canceller@example.com")]
    pub cancelled_by_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "User rescheduled the event")]
    pub rescheduling_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "rescheduler@example.com")]
    pub rescheduled_by_email: Option<String>,
    /// UID of the previous booking from which this booking was rescheduled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "previous_uid_123")]
    pub rescheduled_from_uid: Option<String>,
    /// UID of the new booking to which this booking was rescheduled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "new_uid_456")]
    pub rescheduled_to_uid: Option<String>,
    /// ISO 8601, UTC.
    #[schema(example = "2024-08-13T15:30:00.000Z")]
    pub start: String,
    /// ISO 8601, UTC.
    #[schema(example = "2024-08-13T16:30:00.000Z")]
    pub end: String,
    /// Minutes.
    #[schema(example = 60)]
    pub duration: i64,
    /// Deprecated: rely on the `eventType` object containing the id instead.
    #[schema(deprecated, example = 50)]
    pub event_type_id: i64,
    pub event_type: BookingEventType,
    /// Deprecated: rely on `location` instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(deprecated, example = "https://example.com/recurring-meeting")]
    pub meeting_url: Option<String>,
    /// The meeting's video call URL if it has one, else the location chosen when booking; `null` when the booking
    /// has no location. (Cal.com's schema says a non-null string; Cal.com itself answers `null` in that case.)
    #[schema(required = true, example = "https://example.com/meeting")]
    pub location: Option<String>,
    /// Whether the host was marked as not showing up.
    pub absent_host: bool,
    /// ISO 8601, UTC.
    #[schema(example = "2024-08-13T15:30:00.000Z")]
    pub created_at: String,
    /// ISO 8601, UTC.
    #[schema(example = "2024-08-13T15:30:00.000Z")]
    pub updated_at: String,
    /// The metadata given when booking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>, example = json!({"key": "value"}))]
    pub metadata: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 4)]
    pub rating: Option<i32>,
    /// UID of the booking's iCalendar event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "ics_uid_123")]
    pub ics_uid: Option<String>,
}

/// A booking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BookingOutput {
    #[serde(flatten)]
    pub base: BaseBookingOutput,
    pub attendees: Vec<BookingAttendee>,
    /// Emails of the further guests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = json!(["guest1@example.com", "guest2@example.com"]))]
    pub guests: Option<Vec<String>>,
    /// Responses to the booking fields: booking field slug to answer.
    #[schema(value_type = Object, example = json!({"customField": "customValue"}))]
    pub booking_fields_responses: Map<String, Value>,
}

/// One occurrence of a recurring booking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecurringBookingOutput {
    #[serde(flatten)]
    pub booking: BookingOutput,
    /// Uid of the whole series: `GET /v2/bookings/{recurringBookingUid}` returns every occurrence.
    #[schema(example = "recurring_uid_987")]
    pub recurring_booking_uid: String,
}

/// A seated booking (Cal.com's `GetSeatedBookingOutput`): each attendee holds a seat. Attendees are listed only
/// when the event type shows attendees or the caller hosts the event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SeatedBookingOutput {
    #[serde(flatten)]
    pub base: BaseBookingOutput,
    pub attendees: Vec<SeatedAttendee>,
}

/// One occurrence of a recurring seated booking (Cal.com's `GetRecurringSeatedBookingOutput`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecurringSeatedBookingOutput {
    #[serde(flatten)]
    pub booking: SeatedBookingOutput,
    /// Uid of the whole series.
    #[schema(example = "recurring_uid_987")]
    pub recurring_booking_uid: String,
}

/// A seat just booked in a seated booking, answered by create and reschedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateSeatedBookingOutput {
    #[serde(flatten)]
    pub booking: SeatedBookingOutput,
    /// Uid of the seat just booked.
    #[schema(example = "3be561a9-31f1-4b8e-aefc-9d9a085f0dd1")]
    pub seat_uid: String,
}

/// A seat just booked in one occurrence of a recurring seated booking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateRecurringSeatedBookingOutput {
    #[serde(flatten)]
    pub booking: SeatedBookingOutput,
    /// Uid of the seat just booked.
    #[schema(example = "3be561a9-31f1-4b8e-aefc-9d9a085f0dd1")]
    pub seat_uid: String,
    /// Uid of the whole series.
    #[schema(example = "recurring_uid_987")]
    pub recurring_booking_uid: String,
}

/// What `POST /v2/bookings` made: a booking, the occurrences of a recurring booking, a seat, or the seats of a
/// recurring seated booking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum CreateBookingData {
    Booking(BookingOutput),
    Recurring(Vec<RecurringBookingOutput>),
    Seated(CreateSeatedBookingOutput),
    RecurringSeated(Vec<CreateRecurringSeatedBookingOutput>),
}

/// A booking as read, cancelled, confirmed, declined or marked absent: a booking, one occurrence of a recurring
/// booking, every occurrence of a series (when the path names the series' `recurringBookingUid`), or their seated
/// forms. Cal.com's mark-absent schema lists only the first two shapes; they are the ones it answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum BookingData {
    Recurring(RecurringBookingOutput),
    Booking(BookingOutput),
    RecurringSeries(Vec<RecurringBookingOutput>),
    RecurringSeated(RecurringSeatedBookingOutput),
    Seated(SeatedBookingOutput),
    RecurringSeatedSeries(Vec<RecurringSeatedBookingOutput>),
}

/// The new booking a reschedule made, or for seated bookings the moved seat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum RescheduleBookingData {
    Recurring(RecurringBookingOutput),
    Booking(BookingOutput),
    RecurringSeated(CreateRecurringSeatedBookingOutput),
    Seated(CreateSeatedBookingOutput),
}

/// One entry of the bookings list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum BookingListItem {
    Recurring(RecurringBookingOutput),
    Booking(BookingOutput),
    RecurringSeated(RecurringSeatedBookingOutput),
    Seated(SeatedBookingOutput),
}

success_envelope!(
    /// What `POST /v2/bookings` made.
    CreateBookingOutputResponse,
    CreateBookingData
);
success_envelope!(
    /// A booking (or a recurring series) after reading, cancelling, confirming, declining or marking absence.
    BookingOutputResponse,
    BookingData
);
success_envelope!(
    /// The booking a reschedule made.
    RescheduleBookingOutputResponse,
    RescheduleBookingData
);

// ---------------------------------------------------------------------------------------------------------------
// Listing bookings
// ---------------------------------------------------------------------------------------------------------------

/// `GET /v2/bookings` query: filters, sort order and page of the caller's bookings. Filters combine with AND.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct GetBookingsQuery {
    /// Filter bookings by status. To filter by several statuses, separate them with a comma: a booking matching
    /// any of them is listed.
    #[param(value_type = Option<Vec<BookingStatusFilter>>, inline, style = Form, explode = false, example = "upcoming,unconfirmed")]
    pub status: Option<String>,
    /// Filter bookings by the attendee's email address.
    #[param(example = "john.doe@example.com")]
    pub attendee_email: Option<String>,
    /// Filter bookings by the attendee's name.
    #[param(example = "John Doe")]
    pub attendee_name: Option<String>,
    /// Filter bookings by the booking uid.
    pub booking_uid: Option<String>,
    /// Filter bookings by event type ids belonging to the user, separated by commas.
    #[param(example = "100,200")]
    pub event_type_ids: Option<String>,
    /// Filter bookings by an event type id belonging to the user.
    #[param(example = 100)]
    pub event_type_id: Option<i64>,
    /// Filter bookings by ids of teams the user is part of, separated by commas.
    #[param(example = "50,60")]
    pub teams_ids: Option<String>,
    /// Filter bookings by the id of a team the user is part of.
    #[param(example = 50)]
    pub team_id: Option<i64>,
    /// Bookings that start after this ISO 8601 date-time.
    #[param(example = "2024-08-13T09:00:00Z")]
    pub after_start: Option<String>,
    /// Bookings that end before this ISO 8601 date-time.
    #[param(example = "2024-08-20T18:00:00Z")]
    pub before_end: Option<String>,
    /// Bookings created after this ISO 8601 date-time.
    pub after_created_at: Option<String>,
    /// Bookings created before this ISO 8601 date-time.
    pub before_created_at: Option<String>,
    /// Bookings last updated after this ISO 8601 date-time.
    pub after_updated_at: Option<String>,
    /// Bookings last updated before this ISO 8601 date-time.
    pub before_updated_at: Option<String>,
    /// Sort by start time.
    #[param(inline)]
    pub sort_start: Option<SortOrder>,
    /// Sort by end time.
    #[param(inline)]
    pub sort_end: Option<SortOrder>,
    /// Sort by creation time (when the booking was made).
    #[param(inline)]
    pub sort_created: Option<SortOrder>,
    /// Sort by last update time (for example when the booking's status changed).
    #[param(inline)]
    pub sort_updated_at: Option<SortOrder>,
    /// The number of bookings to return: 1 to 250, default 100.
    #[param(minimum = 1, maximum = 250, default = 100, example = 10)]
    pub take: Option<i64>,
    /// The number of bookings to skip, default 0.
    #[param(minimum = 0, default = 0, example = 0)]
    pub skip: Option<i64>,
}

/// The comma-separated filters, split and parsed. Errors are messages for the offending query parameter.
impl GetBookingsQuery {
    /// The `status` filters, in order, without repeats; empty when there is no filter.
    pub fn status_filters(&self) -> Result<Vec<BookingStatusFilter>, String> {
        let mut filters = Vec::new();
        for item in comma_list(self.status.as_deref()) {
            let filter: BookingStatusFilter = item.parse().map_err(|_| {
                format!("`{item}` is not a booking status filter; expected {}", BookingStatusFilter::allowed())
            })?;
            if !filters.contains(&filter) {
                filters.push(filter);
            }
        }
        Ok(filters)
    }

    /// The `eventTypeIds` filter; empty when there is none.
    pub fn event_type_id_list(&self) -> Result<Vec<i64>, String> {
        id_list(self.event_type_ids.as_deref())
    }

    /// The `teamsIds` filter; empty when there is none.
    pub fn team_id_list(&self) -> Result<Vec<i64>, String> {
        id_list(self.teams_ids.as_deref())
    }
}

/// The non-empty items of a comma-separated query value, trimmed (`a, b,` is `a` and `b`).
fn comma_list(value: Option<&str>) -> impl Iterator<Item = &str> {
    value.into_iter().flat_map(|v| v.split(',')).map(str::trim).filter(|item| !item.is_empty())
}

fn id_list(value: Option<&str>) -> Result<Vec<i64>, String> {
    comma_list(value)
        .map(|item| item.parse().map_err(|_| format!("`{item}` is not an id; expected integers separated by commas")))
        .collect()
}

/// Where a page of bookings sits in the whole list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PaginationMeta {
    /// The total number of items available across all pages, matching the query criteria.
    #[schema(example = 123, minimum = 0)]
    pub total_items: i64,
    /// The number of items remaining to be fetched after the current page: `totalItems - (skip + itemsPerPage)`,
    /// at least 0.
    #[schema(example = 103, minimum = 0)]
    pub remaining_items: i64,
    /// The number of items returned in the current page.
    #[schema(example = 10, minimum = 0)]
    pub returned_items: i64,
    /// The maximum number of items requested per page (`take`).
    #[schema(example = 10, minimum = 1)]
    pub items_per_page: i64,
    /// The current page number, from 1; 0 when there are no pages.
    #[schema(example = 2, minimum = 0)]
    pub current_page: i64,
    /// The total number of pages available.
    #[schema(example = 13, minimum = 0)]
    pub total_pages: i64,
    /// Whether there is a page after the current one.
    #[schema(example = true)]
    pub has_next_page: bool,
    /// Whether there is a page before the current one.
    #[schema(example = true)]
    pub has_previous_page: bool,
}

/// A page of bookings: `{"status":"success","data":[...],"pagination":{...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BookingsOutputResponse {
    pub status: crate::envelope::SuccessStatus,
    pub data: Vec<BookingListItem>,
    pub pagination: PaginationMeta,
}

impl BookingsOutputResponse {
    pub fn new(data: Vec<BookingListItem>, pagination: PaginationMeta) -> Self {
        Self { status: crate::envelope::SuccessStatus::Success, data, pagination }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Changing a booking
// ---------------------------------------------------------------------------------------------------------------

/// `POST /v2/bookings/{bookingUid}/reschedule` body. One shape covers Cal.com's two inputs: with `seatUid` it moves
/// that seat of a seated booking, without it the whole booking. The old booking is cancelled; the answer is the new
/// one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RescheduleBookingInput {
    /// Start time of the new booking, ISO 8601.
    #[schema(example = "2024-08-13T10:00:00Z")]
    pub start: String,
    /// Email of the person rescheduling, only needed for bookings that require confirmation: when it is the event
    /// type owner's email the new booking is confirmed at once, otherwise (an attendee's email or none) the owner
    /// has to confirm it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "john.doe@example.com")]
    pub rescheduled_by: Option<String>,
    /// Reason for rescheduling the booking. Ignored when moving a seat (`seatUid`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "User requested reschedule")]
    pub rescheduling_reason: Option<String>,
    /// Email verification code, required when the event type has email verification enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "123456")]
    pub email_verification_code: Option<String>,
    /// Seated bookings: uid of the seat to move (Cal.com's `RescheduleSeatedBookingInput`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "3be561a9-31f1-4b8e-aefc-9d9a085f0dd1")]
    pub seat_uid: Option<String>,
}

/// `POST /v2/bookings/{bookingUid}/cancel` body. One shape covers Cal.com's two inputs: with `seatUid` it cancels
/// only that seat of a seated booking (the attendee leaves), without it the whole booking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CancelBookingInput {
    /// Why the booking is cancelled. Required when a host cancels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "User requested cancellation")]
    pub cancellation_reason: Option<String>,
    /// Recurring non-seated bookings: `true` also cancels every occurrence after the one in the path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_subsequent_bookings: Option<bool>,
    /// Seated bookings: uid of the seat to cancel (Cal.com's `CancelSeatedBookingInput`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "3be561a9-31f1-4b8e-aefc-9d9a085f0dd1")]
    pub seat_uid: Option<String>,
}

/// Whether one attendee showed up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MarkAbsentAttendee {
    #[schema(example = "john.doe@example.com")]
    pub email: String,
    /// `true`: the attendee did not show up.
    pub absent: bool,
}

/// `POST /v2/bookings/{bookingUid}/mark-absent` body: who did not show up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MarkAbsentBookingInput {
    /// Whether the host was absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = false)]
    pub host: Option<bool>,
    /// Attendees to mark, by email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendees: Option<Vec<MarkAbsentAttendee>>,
}

/// `POST /v2/bookings/{bookingUid}/decline` body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeclineBookingInput {
    /// Reason for declining a booking that requires confirmation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Host has to take another call")]
    pub reason: Option<String>,
}

/// `POST /v2/bookings/{bookingUid}/reassign/{userId}` body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReassignToUserBookingInput {
    /// Reason for reassigning the booking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Host has to take another call")]
    pub reason: Option<String>,
}

/// The host a booking was reassigned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReassignedToUser {
    #[schema(example = 123)]
    pub id: i64,
    #[schema(example = "John Doe")]
    pub name: String,
    #[schema(example = "john.doe@example.com")]
    pub email: String,
}

/// The outcome of reassigning a round-robin booking to another host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReassignBookingOutput {
    #[schema(example = "booking_uid_123")]
    pub booking_uid: String,
    pub reassigned_to: ReassignedToUser,
}

success_envelope!(
    /// The reassigned booking and its new host. (Cal.com's schema names its data after the response itself, a
    /// reference to itself; the data is this object.)
    ReassignBookingOutputResponse,
    ReassignBookingOutput
);

// ---------------------------------------------------------------------------------------------------------------
// What hangs off a booking
// ---------------------------------------------------------------------------------------------------------------

/// An "Add to Calendar" link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CalendarLink {
    /// The label of the calendar link.
    #[schema(example = "Google Calendar")]
    pub label: String,
    /// Which calendar service the link is for. (Cal.com sends it but its schema leaves it out.)
    pub id: CalendarLinkType,
    /// The link: an `https` URL, or for `ics` a `data:text/calendar,` URL holding the event.
    #[schema(
        example = "https://calendar.google.com/calendar/r/eventedit?dates=20240813T153000Z/20240813T163000Z&text=Consultation&details="
    )]
    pub link: String,
}

success_envelope!(
    /// The booking's "Add to Calendar" links: Google Calendar, Microsoft Office, Microsoft Outlook and an ICS file,
    /// in that order. (Cal.com's schema types `status` as an object; it is the string `success`.)
    CalendarLinksOutputResponse,
    Vec<CalendarLink>
);

/// `GET /v2/bookings/{bookingUid}/references` query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BookingReferencesQuery {
    /// Filter booking references by type.
    #[serde(rename = "type")]
    #[param(inline)]
    pub reference_type: Option<BookingReferenceType>,
}

/// A booking's event in an external calendar or conferencing system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BookingReference {
    /// The type of the booking reference, such as `google_calendar`.
    #[serde(rename = "type")]
    #[schema(example = "google_calendar")]
    pub reference_type: String,
    /// The event uid of the booking in that system.
    pub event_uid: String,
    /// The id of the calendar the event is created in.
    #[schema(required = true)]
    pub destination_calendar_id: Option<String>,
    /// The id of the booking reference.
    pub id: i64,
}

success_envelope!(
    /// The booking's references. (Cal.com's schema types `status` as an object; it is the string `success`.)
    BookingReferencesOutputResponse,
    Vec<BookingReference>
);

/// A Cal Video recording of a booking's meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecordingItem {
    #[schema(example = "1234567890")]
    pub id: String,
    #[schema(example = "daily-video-room-123")]
    pub room_name: String,
    /// Start of the recording, seconds since the Unix epoch.
    #[schema(example = 1678901234)]
    pub start_ts: i64,
    #[schema(example = "completed")]
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 10)]
    pub max_participants: Option<i64>,
    /// Seconds.
    #[schema(example = 3600)]
    pub duration: i64,
    #[schema(example = "share-token-123")]
    pub share_token: String,
    #[serde(default)]
    #[schema(example = "https://cal-video-recordings.s3.us-east-2.amazonaws.com/meetco/123s")]
    pub download_link: Option<String>,
    #[serde(default)]
    #[schema(example = "Error message")]
    pub error: Option<String>,
}

success_envelope!(
    /// The recordings of the booking's Cal Video meeting.
    BookingRecordingsOutputResponse,
    Vec<RecordingItem>
);
success_envelope!(
    /// Download links of the transcripts of the booking's Cal Video meeting.
    BookingTranscriptsOutputResponse,
    Vec<String>
);

#[cfg(test)]
mod tests {
    use serde_json::json;
    use utoipa::PartialSchema;

    use super::*;

    fn base() -> BaseBookingOutput {
        BaseBookingOutput {
            id: 7,
            uid: "fL3xUkWu9mYcGsQe6GbTnP".into(),
            title: "Consultation between Jane and John".into(),
            description: String::new(),
            hosts: vec![BookingHost {
                id: 1,
                name: "Jane Doe".into(),
                email: "jane@example.com".into(),
                username: "jane".into(),
                time_zone: "Europe/Rome".into(),
            }],
            status: BookingStatus::Accepted,
            cancellation_reason: None,
            cancelled_by_email: None,
            rescheduling_reason: None,
            rescheduled_by_email: None,
            rescheduled_from_uid: None,
            rescheduled_to_uid: None,
            start: "2050-09-05T09:00:00.000Z".into(),
            end: "2050-09-05T10:00:00.000Z".into(),
            duration: 60,
            event_type_id: 100,
            event_type: BookingEventType { id: 100, slug: "consultation".into() },
            meeting_url: None,
            location: None,
            absent_host: false,
            created_at: "2050-09-01T08:00:00.000Z".into(),
            updated_at: "2050-09-01T08:00:00.000Z".into(),
            metadata: None,
            rating: None,
            ics_uid: None,
        }
    }

    fn attendee() -> BookingAttendee {
        BookingAttendee {
            name: "John Doe".into(),
            email: "john@example.com".into(),
            time_zone: "America/New_York".into(),
            language: Some(Locale::En),
            absent: false,
            phone_number: None,
        }
    }

    fn booking() -> BookingOutput {
        BookingOutput { base: base(), attendees: vec![attendee()], guests: None, booking_fields_responses: Map::new() }
    }

    fn seated() -> SeatedBookingOutput {
        SeatedBookingOutput {
            base: base(),
            attendees: vec![SeatedAttendee {
                attendee: attendee(),
                seat_uid: "seat-1".into(),
                booking_fields_responses: Map::new(),
                metadata: None,
            }],
        }
    }

    #[test]
    fn booking_output_is_flat_with_required_nulls() {
        let value = serde_json::to_value(booking()).unwrap();
        let object = value.as_object().unwrap();
        assert_eq!(object["location"], Value::Null, "location is present even when null");
        assert_eq!(object["eventType"], json!({"id": 100, "slug": "consultation"}));
        assert_eq!(object["status"], "accepted");
        assert_eq!(object["bookingFieldsResponses"], json!({}));
        for absent in ["cancellationReason", "guests", "metadata", "rating", "icsUid", "meetingUrl", "base"] {
            assert!(!object.contains_key(absent), "{absent}");
        }
        assert_eq!(object["attendees"][0]["language"], "en");
    }

    #[test]
    fn unions_decode_to_the_most_specific_shape() {
        let recurring = RecurringBookingOutput { booking: booking(), recurring_booking_uid: "series".into() };
        let json = serde_json::to_value(&recurring).unwrap();
        assert_eq!(json["recurringBookingUid"], "series");
        assert_eq!(serde_json::from_value::<BookingData>(json).unwrap(), BookingData::Recurring(recurring));

        let plain = serde_json::to_value(booking()).unwrap();
        assert_eq!(serde_json::from_value::<BookingData>(plain).unwrap(), BookingData::Booking(booking()));

        let seat = CreateSeatedBookingOutput { booking: seated(), seat_uid: "seat-1".into() };
        let json = serde_json::to_value(&seat).unwrap();
        assert_eq!(json["attendees"][0]["seatUid"], "seat-1");
        assert_eq!(serde_json::from_value::<CreateBookingData>(json).unwrap(), CreateBookingData::Seated(seat));

        let json = serde_json::to_value(seated()).unwrap();
        assert_eq!(serde_json::from_value::<BookingListItem>(json).unwrap(), BookingListItem::Seated(seated()));

        let series = vec![RecurringBookingOutput { booking: booking(), recurring_booking_uid: "series".into() }];
        let json = serde_json::to_value(&series).unwrap();
        assert_eq!(serde_json::from_value::<CreateBookingData>(json).unwrap(), CreateBookingData::Recurring(series));
    }

    #[test]
    fn create_input_reads_all_three_variants() {
        let regular: CreateBookingInput = serde_json::from_value(json!({
            "start": "2050-09-05T09:00:00Z",
            "attendee": {"name": "John", "timeZone": "Europe/Rome", "email": "john@example.com", "language": "pt-BR"},
            "eventTypeSlug": "intro", "username": "jane",
            "location": {"type": "attendeePhone", "phone": "+391234567"},
            "bookingFieldsResponses": {"notes": "hi"},
            "routing": {"teamMemberIds": [1, 2], "responseId": null}
        }))
        .unwrap();
        assert_eq!(regular.attendee.language, Some(Locale::PtBr));
        assert_eq!(regular.location, Some(BookingLocationInput::AttendeePhone { phone: "+391234567".into() }));
        assert_eq!(regular.routing.unwrap().response_id, None);

        let instant: CreateBookingInput = serde_json::from_value(json!({
            "start": "2050-09-05T09:00:00Z", "attendee": {"name": "J", "timeZone": "UTC"},
            "eventTypeId": 1, "instant": true, "location": {"type": "organizersDefaultApp"}
        }))
        .unwrap();
        assert_eq!(instant.instant, Some(true));
        assert_eq!(instant.location, Some(BookingLocationInput::OrganizersDefaultApp));

        let recurring: CreateBookingInput = serde_json::from_value(json!({
            "start": "2050-09-05T09:00:00Z", "attendee": {"name": "J", "timeZone": "UTC"},
            "eventTypeSlug": "weekly", "teamSlug": "acme", "organizationSlug": "org", "recurrenceCount": 3,
            "location": {"type": "integration", "integration": "google-meet"}
        }))
        .unwrap();
        assert_eq!(recurring.recurrence_count, Some(3));
        assert_eq!(
            recurring.location,
            Some(BookingLocationInput::Integration { integration: BookingLocationIntegration::GoogleMeet })
        );

        // Round trip keeps the wire names.
        let back = serde_json::to_value(&recurring).unwrap();
        assert_eq!(back["location"], json!({"type": "integration", "integration": "google-meet"}));
        assert_eq!(back["teamSlug"], "acme");
        assert!(back.get("instant").is_none());
    }

    #[test]
    fn location_errors_name_the_problem() {
        let unknown = serde_json::from_value::<BookingLocationInput>(json!({"type": "carrierPigeon"})).unwrap_err();
        assert!(unknown.to_string().contains("attendeeAddress"), "{unknown}");
        let missing = serde_json::from_value::<BookingLocationInput>(json!({"type": "attendeeAddress"})).unwrap_err();
        assert!(missing.to_string().contains("address"), "{missing}");
        let bad = serde_json::from_value::<BookingLocationInput>(json!({"type": "integration", "integration": "x"}));
        assert!(bad.is_err());
    }

    #[test]
    fn query_lists_are_comma_separated() {
        let query = GetBookingsQuery {
            status: Some("upcoming, past,upcoming,".into()),
            event_type_ids: Some("1,22".into()),
            teams_ids: Some("3,x".into()),
            ..Default::default()
        };
        assert_eq!(query.status_filters(), Ok(vec![BookingStatusFilter::Upcoming, BookingStatusFilter::Past]));
        assert_eq!(query.event_type_id_list(), Ok(vec![1, 22]));
        assert!(query.team_id_list().unwrap_err().contains("`x` is not an id"));
        assert_eq!(GetBookingsQuery::default().status_filters(), Ok(vec![]));
        assert_eq!(GetBookingsQuery::default().event_type_id_list(), Ok(vec![]));
        let bad = GetBookingsQuery { status: Some("soon".into()), ..Default::default() };
        assert_eq!(
            bad.status_filters(),
            Err("`soon` is not a booking status filter; expected upcoming, recurring, past, cancelled, unconfirmed"
                .into())
        );
    }

    #[test]
    fn schemas_describe_the_wire() {
        let location = serde_json::to_value(BookingLocationInput::schema()).unwrap();
        let variants = location["oneOf"].as_array().expect("oneOf");
        assert_eq!(variants.len(), 8);
        assert!(location.to_string().contains("\"organizersDefaultApp\""), "{location}");

        let base = serde_json::to_value(BaseBookingOutput::schema()).unwrap();
        let required: Vec<&str> = base["required"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
        assert!(required.contains(&"location"), "{required:?}");
        assert!(!required.contains(&"metadata"));
        assert_eq!(base["properties"]["eventTypeId"]["deprecated"], true);

        let link = serde_json::to_value(CalendarLink::schema()).unwrap();
        assert_eq!(link["required"], json!(["label", "id", "link"]));
    }
}

//! What each trigger delivers: the `payload` object of a delivery, built as Cal.com builds it (digest §6.2) from the
//! records Calends keeps.
//!
//! Three shapes exist, named by [`PayloadShape`]:
//! * booking triggers carry Cal.com's `CalendarEvent` plus extras ([`booking_payload`] and the per-trigger
//!   constructors next to it), sent as `{triggerEvent, createdAt, payload}`;
//! * `BOOKING_NO_SHOW_UPDATED` (and Calends' `BOOKING_NO_SHOW`) carry `{message, attendees, bookingUid, bookingId}`
//!   ([`no_show_updated`]);
//! * `MEETING_STARTED` / `MEETING_ENDED` carry the booking row itself ([`meeting_row`]), which Cal.com sends flat:
//!   `{triggerEvent, ...row}`.
//!
//! The test ping ([`ping`]) has its own fixed object. Key names are Cal.com's, so receivers written for Cal.com keep
//! working. Where a value cannot be Cal.com's (Calends has no payments, teams or calendar integrations) it is the
//! value Cal.com sends in the same situation for a personal event type without those: `price` 0, `currency` `usd`,
//! `destinationCalendar` `null`.

use std::fmt;
use std::str::FromStr;

use calends_model::bookings::BookingStatus;
use calends_model::common::{Locale, UnknownValue};
use calends_model::webhooks::WebhookTrigger;
use chrono::{DateTime, Utc};
use chrono::{Datelike, Timelike};
use chrono_tz::Tz;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value, json};

use crate::bookings::output::VIDEO_CALL_URL;
use crate::bookings::record::{Attendee, Booking};
use crate::event_types::{BookingField, BookingFieldKind, EventTypeConfig};
use crate::times::{iso_utc, utc_offset_minutes};
use crate::users::User;

/// The `triggerEvent` of a delivery: a trigger webhooks subscribe to, or the test ping (which no webhook subscribes
/// to, so it is not a [`WebhookTrigger`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TriggerEvent {
    Trigger(WebhookTrigger),
    /// A test delivery asked for by the webhook's owner (`triggerEvent: "PING"`, as Cal.com's "Ping test").
    Ping,
}

impl TriggerEvent {
    /// The wire value of a test delivery.
    pub const PING: &'static str = "PING";

    /// The value of `triggerEvent`.
    pub fn as_str(self) -> &'static str {
        match self {
            TriggerEvent::Trigger(trigger) => trigger.as_str(),
            TriggerEvent::Ping => Self::PING,
        }
    }
}

impl From<WebhookTrigger> for TriggerEvent {
    fn from(trigger: WebhookTrigger) -> Self {
        TriggerEvent::Trigger(trigger)
    }
}

impl FromStr for TriggerEvent {
    type Err = UnknownValue;

    /// Reads back what [`TriggerEvent::as_str`] wrote (an outbox row keeps the trigger as text).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == Self::PING { Ok(TriggerEvent::Ping) } else { s.parse().map(TriggerEvent::Trigger) }
    }
}

impl fmt::Display for TriggerEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which object a trigger's payload is, which decides how the body is built (see
/// [`render`](super::render::render)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadShape {
    /// Cal.com's `CalendarEvent` plus extras: every `BOOKING_*` trigger but the no-show ones, and the booking-related
    /// triggers Calends never emits (payments, instant meetings, recordings).
    CalendarEvent,
    /// `{message, attendees:[{email,noShow}], bookingUid, bookingId}`.
    NoShow,
    /// The booking row at the top level of the body, next to `triggerEvent`: `MEETING_STARTED`, `MEETING_ENDED`.
    MeetingRow,
    /// `{oooEntry:{…}}` (`OOO_CREATED`; Calends has no out-of-office entries and never emits it).
    OutOfOffice,
    /// Form submissions and the Cal Video no-show checks, which Calends never emits.
    Generic,
    /// The fixed test object of [`ping`].
    Ping,
}

impl PayloadShape {
    pub fn of(event: impl Into<TriggerEvent>) -> Self {
        use WebhookTrigger as T;
        match event.into() {
            TriggerEvent::Ping => PayloadShape::Ping,
            TriggerEvent::Trigger(trigger) => match trigger {
                T::BookingCreated
                | T::BookingRequested
                | T::BookingRescheduled
                | T::BookingCancelled
                | T::BookingRejected
                | T::BookingConfirmed
                | T::BookingCompleted
                | T::BookingReopened
                | T::BookingReassigned
                | T::BookingPaymentInitiated
                | T::BookingPaid
                | T::InstantMeeting
                | T::RecordingReady
                | T::RecordingTranscriptionGenerated => PayloadShape::CalendarEvent,
                T::BookingNoShowUpdated | T::BookingNoShow => PayloadShape::NoShow,
                T::MeetingStarted | T::MeetingEnded => PayloadShape::MeetingRow,
                T::OooCreated => PayloadShape::OutOfOffice,
                T::FormSubmitted
                | T::FormSubmittedNoEvent
                | T::AfterHostsCalVideoNoShow
                | T::AfterGuestsCalVideoNoShow => PayloadShape::Generic,
            },
        }
    }

    /// Whether a webhook's `payloadTemplate` shapes the body. Cal.com applies templates to booking, out-of-office
    /// and no-show-updated payloads only; the meeting rows are sent as stored. Calends also sends the test ping with
    /// the default body, so a ping always shows what the payload looks like, whatever the template.
    pub fn accepts_template(self) -> bool {
        matches!(self, PayloadShape::CalendarEvent | PayloadShape::NoShow | PayloadShape::OutOfOffice)
    }

    /// Whether the body is the payload's keys next to `triggerEvent`, with no `createdAt` or `payload` wrapper.
    pub fn is_flat(self) -> bool {
        self == PayloadShape::MeetingRow
    }
}

/// What a booking payload is built from: the booking, its host and its event type (`None` once the event type was
/// deleted: the payload then lacks what only the event type knows, as Cal.com's does).
#[derive(Debug, Clone, Copy)]
pub struct BookingContext<'a> {
    pub booking: &'a Booking,
    pub host: &'a User,
    pub event_type: Option<&'a EventTypeConfig>,
}

/// `2050-09-05T09:00:00Z`: how Cal.com writes `startTime` and `endTime` in booking payloads (dayjs' `format()` in
/// UTC), without milliseconds, unlike the rest of the API.
pub fn utc_seconds(t: DateTime<Utc>) -> String {
    UtcSeconds(t).to_string()
}

/// A booking status as the payloads write it: Cal.com's database value, upper case.
pub fn status_word(status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Accepted => "ACCEPTED",
        BookingStatus::Pending => "PENDING",
        BookingStatus::Cancelled => "CANCELLED",
        BookingStatus::Rejected => "REJECTED",
    }
}

/// Cal.com's `timeFormat` strings: the dayjs format of the user's 12- or 24-hour setting.
fn time_format(hours: i32) -> &'static str {
    if hours == 24 { "HH:mm" } else { "h:mma" }
}

fn locale(language: Option<Locale>) -> &'static str {
    language.map_or("en", Locale::as_str)
}

/// Minutes `time_zone` is ahead of UTC at `at` (Cal.com's `utcOffset`); 0 for a zone it cannot read.
fn utc_offset(time_zone: &str, at: DateTime<Utc>) -> i32 {
    time_zone.parse::<Tz>().map_or(0, |zone| utc_offset_minutes(at, zone))
}

/// `{"locale": …}`.
#[derive(Serialize)]
struct Language {
    locale: &'static str,
}

/// `{}`.
#[derive(Serialize)]
struct Empty {}

/// A time as booking payloads write it (see [`utc_seconds`]), written where it goes without a `String` first.
struct UtcSeconds(DateTime<Utc>);

impl fmt::Display for UtcSeconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (date, time) = (self.0.date_naive(), self.0.time());
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            date.year(),
            date.month(),
            date.day(),
            time.hour(),
            time.minute(),
            time.second()
        )
    }
}

impl Serialize for UtcSeconds {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Organizer<'a> {
    id: i64,
    name: &'a str,
    email: &'a str,
    username: &'a str,
    time_zone: &'a str,
    time_format: &'static str,
    language: Language,
    utc_offset: i32,
}

impl<'a> Organizer<'a> {
    fn new(host: &'a User, start: DateTime<Utc>) -> Self {
        Organizer {
            id: host.id,
            // Cal.com's fallback for a user without a name.
            name: host.name.as_deref().filter(|n| !n.is_empty()).unwrap_or("Nameless"),
            email: &host.email,
            username: &host.username,
            time_zone: &host.time_zone,
            time_format: time_format(host.time_format),
            language: Language { locale: locale(host.locale) },
            utc_offset: utc_offset(&host.time_zone, start),
        }
    }
}

/// One attendee as Cal.com's `Person`. `phoneNumber` is left out when unknown (JavaScript drops `undefined`);
/// `noShow: true` is a Calends addition, present only once the attendee was marked absent.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Person<'a> {
    email: &'a str,
    name: &'a str,
    time_zone: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone_number: Option<&'a str>,
    language: Language,
    utc_offset: i32,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    no_show: bool,
}

impl<'a> Person<'a> {
    fn new(a: &'a Attendee, start: DateTime<Utc>) -> Self {
        Person {
            email: &a.email,
            name: &a.name,
            time_zone: &a.time_zone,
            phone_number: a.phone_number.as_deref(),
            language: Language { locale: locale(a.language) },
            utc_offset: utc_offset(&a.time_zone, start),
            no_show: a.absent,
        }
    }
}

/// The untranslated label key Cal.com puts in `responses` for a default field without a label of its own.
fn default_label(field: &BookingField) -> &str {
    match field.kind {
        BookingFieldKind::Name => "your_name",
        BookingFieldKind::Email => "email_address",
        BookingFieldKind::Location => "location",
        BookingFieldKind::Title => "what_is_this_meeting_about",
        BookingFieldKind::Notes => "additional_notes",
        BookingFieldKind::Guests => "additional_guests",
        BookingFieldKind::RescheduleReason => "reason_for_reschedule",
        // Custom fields always have a label in Cal.com; the slug stands in when one has none.
        _ => &field.slug,
    }
}

/// An answer: as stored, or the reschedule reason kept on the booking itself.
#[derive(Serialize)]
#[serde(untagged)]
enum AnswerValue<'a> {
    Stored(&'a Value),
    Text(&'a str),
}

/// The answer stored under `slug`. The reschedule reason is kept on the booking itself, so it answers the
/// `rescheduleReason` field when the responses lack it.
fn answer<'a>(booking: &'a Booking, slug: &str) -> Option<AnswerValue<'a>> {
    booking.responses.get(slug).map(AnswerValue::Stored).or_else(|| match (slug, &booking.rescheduling_reason) {
        ("rescheduleReason", Some(reason)) => Some(AnswerValue::Text(reason)),
        _ => None,
    })
}

/// One entry of `responses`: `value` left out when unanswered, `isHidden` only for fields of the form.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Answer<'a> {
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<AnswerValue<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_hidden: Option<bool>,
}

/// `responses` (every field of the form) or `userFieldsResponses` (custom fields only, `custom`), as Cal.com's
/// `getCalEventResponses`: `{slug: {label, value, isHidden}}` in form order, `value` left out when unanswered.
/// Calends adds answers whose field is no longer in the form at the end of `responses`, labelled with their slug,
/// rather than dropping them. Without an event type every answer is listed with its slug as label.
struct Responses<'a> {
    booking: &'a Booking,
    event_type: Option<&'a EventTypeConfig>,
    custom: bool,
}

impl Serialize for Responses<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        let fields = self.event_type.map_or(&[][..], EventTypeConfig::booking_fields);
        for field in fields.iter().filter(|f| !self.custom || !f.kind.is_default()) {
            let label = field.label.as_deref().unwrap_or_else(|| default_label(field));
            let entry = Answer { label, value: answer(self.booking, &field.slug), is_hidden: Some(field.hidden) };
            map.serialize_entry(&field.slug, &entry)?;
        }
        if !self.custom {
            for (slug, value) in &self.booking.responses {
                if !fields.iter().any(|f| &f.slug == slug) {
                    let entry = Answer { label: slug, value: Some(AnswerValue::Stored(value)), is_hidden: None };
                    map.serialize_entry(slug, &entry)?;
                }
            }
        }
        map.end()
    }
}

/// `{videoCallUrl?, ...metadata}`: Cal.com puts the video call URL first, then the booking's own metadata.
struct Metadata<'a>(&'a Map<String, Value>);

impl Serialize for Metadata<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        if let Some(url) = self.0.get(VIDEO_CALL_URL) {
            map.serialize_entry(VIDEO_CALL_URL, url)?;
        }
        for (key, value) in self.0.iter().filter(|(key, _)| *key != VIDEO_CALL_URL) {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// Whether the booking needed (or needs) the host's confirmation when it was made: what Cal.com's
/// `requiresConfirmation` says (`!isConfirmedByDefault`). With a notice threshold that depends on how long before
/// its start the booking was made.
fn required_confirmation(booking: &Booking, event_type: Option<&EventTypeConfig>) -> bool {
    booking.status == BookingStatus::Pending
        || event_type
            .is_some_and(|et| et.requires_confirmation_with_notice((booking.start - booking.created_at).num_minutes()))
}

/// The keys of a booking payload before `bookingId`, in Cal.com's order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Head<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    additional_notes: Option<&'a str>,
    custom_inputs: Empty,
    start_time: UtcSeconds,
    end_time: UtcSeconds,
    organizer: Organizer<'a>,
    responses: Responses<'a>,
    user_fields_responses: Responses<'a>,
    attendees: Vec<Person<'a>>,
    location: Option<&'a str>,
    destination_calendar: (),
    hide_calendar_notes: bool,
    hide_calendar_event_details: bool,
    requires_confirmation: bool,
    event_type_id: i64,
    seats_show_attendees: bool,
    seats_per_time_slot: Option<u32>,
    #[serde(rename = "iCalUID")]
    ical_uid: &'a str,
    #[serde(rename = "iCalSequence")]
    ical_sequence: i32,
    hide_organizer_email: bool,
    uid: &'a str,
    event_title: Option<&'a str>,
    event_description: Option<&'a str>,
    price: u8,
    currency: &'static str,
    length: i64,
}

/// The keys of a booking payload after `bookingId`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Tail<'a> {
    metadata: Metadata<'a>,
    status: &'a str,
    sms_reminder_number: (),
    assignment_reason: (),
}

/// A whole booking payload.
#[derive(Serialize)]
struct Whole<'a> {
    #[serde(flatten)]
    head: Head<'a>,
    #[serde(rename = "bookingId")]
    booking_id: i64,
    #[serde(flatten)]
    tail: Tail<'a>,
}

fn parts<'a>(ctx: &BookingContext<'a>, status: &'a str) -> (Head<'a>, Tail<'a>) {
    let BookingContext { booking, host, event_type } = *ctx;
    let start = booking.start;
    let notes = booking.description.as_deref().filter(|d| !d.is_empty());
    let event_description = event_type.and_then(|et| et.description.as_deref()).filter(|d| !d.is_empty());
    let seats_show_attendees = match booking.seats_per_slot {
        None => true,
        Some(_) => event_type.and_then(|et| et.seats()).is_some_and(|s| s.show_attendee_info),
    };
    let responses = |custom| Responses { booking, event_type, custom };
    let head = Head {
        kind: &booking.event_type_slug,
        title: &booking.title,
        description: event_description.or(notes),
        additional_notes: notes,
        custom_inputs: Empty {},
        start_time: UtcSeconds(start),
        end_time: UtcSeconds(booking.end),
        organizer: Organizer::new(host, start),
        responses: responses(false),
        user_fields_responses: responses(true),
        attendees: booking.attendees.iter().map(|a| Person::new(a, start)).collect(),
        location: booking.location.as_deref(),
        destination_calendar: (),
        hide_calendar_notes: event_type.is_some_and(|et| et.hide_calendar_notes),
        hide_calendar_event_details: event_type.is_some_and(|et| et.hide_calendar_event_details),
        requires_confirmation: required_confirmation(booking, event_type),
        event_type_id: booking.event_type_id,
        seats_show_attendees,
        seats_per_time_slot: booking.seats_per_slot,
        ical_uid: &booking.ics_uid,
        ical_sequence: booking.ics_sequence,
        hide_organizer_email: event_type.is_some_and(|et| et.hide_organizer_email),
        uid: &booking.uid,
        event_title: event_type.map(|et| et.title.as_str()),
        event_description,
        price: 0,
        currency: "usd",
        length: booking.duration_minutes(),
    };
    let tail = Tail { metadata: Metadata(&booking.metadata), status, sms_reminder_number: (), assignment_reason: () };
    (head, tail)
}

/// The `payload` object of booking triggers (Cal.com's CalendarEvent + extras): type, title, description,
/// additionalNotes, customInputs, startTime/endTime ("YYYY-MM-DDTHH:mm:ssZ" UTC), organizer {id,name,email,username,
/// timeZone,timeFormat,language{locale},utcOffset}, attendees [{email,name,timeZone,phoneNumber?,language{locale},
/// utcOffset,noShow?}], location, uid, bookingId, eventTypeId, responses ({slug:{label,value?,isHidden}}),
/// userFieldsResponses (custom fields only), destinationCalendar (null), hideCalendarNotes, hideCalendarEventDetails,
/// iCalUID, iCalSequence, seatsPerTimeSlot, seatsShowAttendees, hideOrganizerEmail, status ("ACCEPTED"/"PENDING"/...),
/// eventTitle, eventDescription, price 0, currency "usd", length, requiresConfirmation, smsReminderNumber null,
/// metadata ({videoCallUrl?, ...booking metadata}), assignmentReason null.
///
/// Details, as Cal.com:
/// * `title` is the booking's title (the event name); `description` is the event type's description, falling back to
///   the booker's notes (`additionalNotes`), `null` when neither exists;
/// * `utcOffset` is each person's offset from UTC in minutes at the booking's start;
/// * `location` is the stored location (`integrations:<app>`, an address, a link...), the video call URL being in
///   `metadata.videoCallUrl`;
/// * `seatsShowAttendees` is `true` for events without seats.
///
/// [`BookingText`] writes the same object as JSON text directly.
pub fn booking_payload(ctx: &BookingContext, status: &str) -> Value {
    let (head, tail) = parts(ctx, status);
    // Serializing into a `Value` fails only for maps with keys that are not strings; these have none.
    serde_json::to_value(Whole { head, booking_id: ctx.booking.id, tail }).unwrap_or(Value::Null)
}

/// [`booking_payload`] written as JSON text, all of it but the value of its `bookingId`, which goes between `head`
/// and `tail`: a booking's payload can be written before the booking (and so its id) is. Written straight from
/// the records, without building a [`Value`].
#[derive(Debug, Clone)]
pub struct BookingText {
    head: String,
    tail: String,
}

impl BookingText {
    pub fn new(ctx: &BookingContext, status: &str) -> serde_json::Result<BookingText> {
        let (head, tail) = parts(ctx, status);
        let mut head = serde_json::to_string(&head)?;
        let mut tail = serde_json::to_string(&tail)?;
        // `{…}` + `{…}` becomes `{…,"bookingId":` + `,…}`: both objects have keys.
        head.pop();
        head.push_str(",\"bookingId\":");
        tail.replace_range(..1, ",");
        Ok(BookingText { head, tail })
    }

    /// The payload of the booking written under `id`.
    pub fn with_id(self, id: i64) -> String {
        let mut json = self.head;
        json.push_str(&id.to_string());
        json.push_str(&self.tail);
        json
    }
}

fn with(mut payload: Value, extra: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    if let Value::Object(map) = &mut payload {
        for (key, value) in extra {
            map.insert(key.into(), value);
        }
    }
    payload
}

/// `BOOKING_CREATED`: a booking was made and accepted right away.
pub fn booking_created(ctx: &BookingContext) -> Value {
    booking_payload(ctx, "ACCEPTED")
}

/// `BOOKING_REQUESTED`: a booking was made and awaits the host's confirmation.
pub fn booking_requested(ctx: &BookingContext) -> Value {
    booking_payload(ctx, "PENDING")
}

/// `BOOKING_CONFIRMED` (Calends; Cal.com sends `BOOKING_CREATED` on confirmation): the host confirmed a pending
/// booking.
pub fn booking_confirmed(ctx: &BookingContext) -> Value {
    booking_payload(ctx, "ACCEPTED")
}

/// `BOOKING_COMPLETED` (Calends): an accepted booking's end time passed.
pub fn booking_completed(ctx: &BookingContext) -> Value {
    booking_payload(ctx, "ACCEPTED")
}

/// `BOOKING_RESCHEDULED`: `ctx` is the **new** booking (its `uid`, `bookingId`, times and status), `old` the one it
/// replaces, named by `rescheduleId` / `rescheduleUid` with its times in `rescheduleStartTime` /
/// `rescheduleEndTime`. `rescheduledBy` is the e-mail address given when rescheduling, `null` when none was.
pub fn booking_rescheduled(ctx: &BookingContext, old: &Booking) -> Value {
    let status = status_word(ctx.booking.status);
    let rescheduled_by = ctx.booking.rescheduled_by.clone().or_else(|| old.rescheduled_by.clone());
    with(
        booking_payload(ctx, status),
        [
            ("rescheduleId", old.id.into()),
            ("rescheduleUid", old.uid.clone().into()),
            ("rescheduleStartTime", utc_seconds(old.start).into()),
            ("rescheduleEndTime", utc_seconds(old.end).into()),
            ("rescheduledBy", rescheduled_by.into()),
        ],
    )
}

/// `BOOKING_CANCELLED`, built from the stored booking: `cancellationReason` and `cancelledBy` (e-mail) as stored,
/// `requestReschedule: false` as Cal.com sends for a plain cancellation.
///
/// Cal.com writes `startTime`/`endTime` of this one trigger with the server's offset (`2050-09-05T09:00:00+00:00`
/// on a UTC server); Calends keeps the `Z` form of every other booking payload so receivers parse one format.
pub fn booking_cancelled(ctx: &BookingContext) -> Value {
    let b = ctx.booking;
    with(
        booking_payload(ctx, "CANCELLED"),
        [
            ("cancellationReason", b.cancellation_reason.clone().into()),
            ("cancelledBy", b.cancelled_by.clone().into()),
            ("requestReschedule", false.into()),
        ],
    )
}

/// `BOOKING_REASSIGNED`: the booking as it now is (organized by its new host), with the previous host and the
/// reason given (or `null`).
pub fn booking_reassigned(ctx: &BookingContext, previous: &User, reason: Option<&str>) -> Value {
    with(
        booking_payload(ctx, status_word(ctx.booking.status)),
        [
            (
                "reassignedFrom",
                json!({"id": previous.id, "name": previous.name.clone().unwrap_or_else(|| previous.username.clone()),
                       "email": previous.email}),
            ),
            ("reassignReason", reason.into()),
        ],
    )
}

/// `BOOKING_REJECTED`: the host declined a pending booking, with the reason given (or `null`).
pub fn booking_rejected(ctx: &BookingContext) -> Value {
    with(booking_payload(ctx, "REJECTED"), [("rejectionReason", ctx.booking.rejection_reason.clone().into())])
}

/// One person whose no-show flag a mark-absent request set or cleared, with the new value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoShowChange<'a> {
    pub email: &'a str,
    pub no_show: bool,
}

/// `BOOKING_NO_SHOW_UPDATED` (and Calends' `BOOKING_NO_SHOW`, sent with the same payload):
/// `{message, attendees:[{email, noShow}], bookingUid, bookingId}`, no CalendarEvent.
///
/// `message` is Cal.com's English text: `"<email> marked as no-show"` / `"<email> unmarked as no-show"` when one
/// attendee changed, `"No-show status updated"` otherwise. Cal.com sends nothing when only the host is marked;
/// Calends does, adding `noShowHost` (the host's new flag, a Calends addition) whenever `host` is given, with the
/// host's address in the message when no attendee changed.
pub fn no_show_updated(booking: &Booking, attendees: &[NoShowChange], host: Option<NoShowChange>) -> Value {
    let about = |change: &NoShowChange| {
        let verb = if change.no_show { "marked" } else { "unmarked" };
        format!("{} {verb} as no-show", change.email)
    };
    let message = match (attendees, &host) {
        ([one], _) => about(one),
        ([], Some(host)) => about(host),
        _ => "No-show status updated".to_owned(),
    };
    let mut p = Map::new();
    p.insert("message".into(), message.into());
    p.insert("attendees".into(), attendees.iter().map(|a| json!({ "email": a.email, "noShow": a.no_show })).collect());
    p.insert("bookingUid".into(), booking.uid.clone().into());
    p.insert("bookingId".into(), booking.id.into());
    if let Some(host) = host {
        p.insert("noShowHost".into(), host.no_show.into());
    }
    Value::Object(p)
}

/// `MEETING_STARTED` / `MEETING_ENDED`: the booking as Cal.com's database row (camelCase columns, times ISO 8601 with
/// milliseconds, `status` upper case, `responses` and `metadata` as stored), with the `user` and `attendees` rows
/// Cal.com's booking creation includes. Cal.com serializes this when the booking is made and sends it flat,
/// `{triggerEvent, ...row}` (see [`PayloadShape::MeetingRow`]).
///
/// Columns Calends has no data for carry Cal.com's defaults (`paid: false`, `customInputs: {}`,
/// `creationSource: "API_V2"`...); secrets and internal bookkeeping (`oneTimePassword`, `idempotencyKey`,
/// `scheduledJobs`) are left out.
pub fn meeting_row(booking: &Booking, host: &User) -> Value {
    let attendees: Vec<Value> = booking
        .attendees
        .iter()
        .map(|a| {
            json!({
                "id": a.id,
                "email": a.email,
                "name": a.name,
                "timeZone": a.time_zone,
                "phoneNumber": a.phone_number,
                "locale": locale(a.language),
                "bookingId": booking.id,
                "noShow": a.absent,
            })
        })
        .collect();
    json!({
        "id": booking.id,
        "uid": booking.uid,
        "userId": host.id,
        "userPrimaryEmail": host.email,
        "eventTypeId": booking.event_type_id,
        "title": booking.title,
        "description": booking.description,
        "customInputs": {},
        "responses": booking.responses,
        "startTime": iso_utc(booking.start),
        "endTime": iso_utc(booking.end),
        "location": booking.location,
        "createdAt": iso_utc(booking.created_at),
        "updatedAt": iso_utc(booking.updated_at),
        "status": status_word(booking.status),
        "paid": false,
        "destinationCalendarId": null,
        "cancellationReason": booking.cancellation_reason,
        "rejectionReason": booking.rejection_reason,
        "dynamicEventSlugRef": null,
        "dynamicGroupSlugRef": null,
        "rescheduled": booking.rescheduled_to_uid.as_ref().map(|_| true),
        "fromReschedule": booking.rescheduled_from_uid,
        "recurringEventId": booking.recurring_uid,
        "smsReminderNumber": null,
        "metadata": booking.metadata,
        "isRecorded": false,
        "iCalUID": booking.ics_uid,
        "iCalSequence": booking.ics_sequence,
        "rating": null,
        "ratingFeedback": null,
        "noShowHost": booking.absent_host,
        "cancelledBy": booking.cancelled_by,
        "rescheduledBy": booking.rescheduled_by,
        "creationSource": "API_V2",
        "user": {
            "email": host.email,
            "name": host.name,
            "timeZone": host.time_zone,
            "username": host.username,
        },
        "attendees": attendees,
    })
}

/// Name, e-mail address and zone of the made-up attendee of a test ping (Cal.com's).
pub const PING_ATTENDEE: (&str, &str, &str) = ("John Doe", "jdoe@example.com", "Europe/London");

/// `PING`: Cal.com's test payload, `{type: "Test", title: "Test trigger event", description: "", startTime,
/// endTime, attendees: [John Doe], organizer}`, with both times `now` (ISO 8601 with milliseconds, as Cal.com's
/// `toISOString()`) and `utcOffset`s at `now`. Cal.com's organizer is a fixed `Cal <no-reply@cal.com>` in
/// `Europe/London`; Calends puts the webhook's owner there (name, or username without one, e-mail address, time
/// zone, locale) so a receiver sees whose webhook it is.
pub fn ping(owner: &User, now: DateTime<Utc>) -> Value {
    let (name, email, zone) = PING_ATTENDEE;
    json!({
        "type": "Test",
        "title": "Test trigger event",
        "description": "",
        "startTime": iso_utc(now),
        "endTime": iso_utc(now),
        "attendees": [{
            "email": email,
            "name": name,
            "timeZone": zone,
            "language": { "locale": "en" },
            "utcOffset": utc_offset(zone, now),
        }],
        "organizer": {
            "name": owner.name.as_deref().filter(|n| !n.is_empty()).unwrap_or(&owner.username),
            "email": owner.email,
            "timeZone": owner.time_zone,
            "language": { "locale": locale(owner.locale) },
            "utcOffset": utc_offset(&owner.time_zone, now),
        },
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeSet;

    use calends_model::common::WeekDay;

    use super::*;
    use crate::event_types::SeatsSettings;

    pub(crate) fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    pub(crate) fn host() -> User {
        User {
            id: 7,
            username: "ada".into(),
            email: "ada@example.com".into(),
            name: Some("Ada Lovelace".into()),
            time_zone: "Europe/Rome".into(),
            week_start: WeekDay::Monday,
            time_format: 24,
            default_schedule_id: None,
            locale: Some(Locale::It),
            avatar_url: None,
            bio: None,
            metadata: None,
            created_at: utc("2050-01-01T00:00:00Z"),
        }
    }

    fn attendee(id: i64, name: &str, email: &str, guest: bool) -> Attendee {
        Attendee {
            id,
            name: name.into(),
            email: email.into(),
            time_zone: "America/New_York".into(),
            language: None,
            phone_number: None,
            absent: false,
            is_guest: guest,
            seat_uid: None,
            seat_responses: None,
            seat_metadata: None,
        }
    }

    pub(crate) fn booking() -> Booking {
        let responses = json!({
            "name": "Grace Hopper",
            "email": "grace@example.com",
            "notes": "Bring the <compiler> & 'tapes'",
            "company": "Navy",
        });
        Booking {
            id: 42,
            uid: "fL3xUkWu9mYcGsQe6GbTnP".into(),
            event_type_id: 3,
            event_type_slug: "intro".into(),
            host_id: 7,
            status: BookingStatus::Accepted,
            title: "Intro between Ada Lovelace and Grace Hopper".into(),
            description: Some("Bring the <compiler> & 'tapes'".into()),
            start: utc("2050-09-05T07:00:00Z"),
            end: utc("2050-09-05T07:30:00Z"),
            busy_start: utc("2050-09-05T07:00:00Z"),
            busy_end: utc("2050-09-05T07:30:00Z"),
            location: Some("integrations:cal-video".into()),
            metadata: json!({ "crm": "lead-9", "videoCallUrl": "https://video.example/42" })
                .as_object()
                .unwrap()
                .clone(),
            responses: responses.as_object().unwrap().clone(),
            guests: vec!["linus@example.com".into()],
            absent_host: false,
            cancellation_reason: None,
            cancelled_by: None,
            rejection_reason: None,
            rescheduling_reason: None,
            rescheduled_by: None,
            rescheduled_from_uid: None,
            rescheduled_to_uid: None,
            recurring_uid: None,
            seats_per_slot: None,
            ics_uid: "fL3xUkWu9mYcGsQe6GbTnP@calends".into(),
            ics_sequence: 0,
            team_id: None,
            co_hosts: Vec::new(),
            attendees: vec![
                attendee(1, "Grace Hopper", "grace@example.com", false),
                attendee(2, "", "linus@example.com", true),
            ],
            created_at: utc("2050-09-01T10:00:00Z"),
            updated_at: utc("2050-09-01T10:00:00Z"),
        }
    }

    pub(crate) fn event_type() -> EventTypeConfig {
        let mut et = EventTypeConfig {
            title: "Intro".into(),
            slug: "intro".into(),
            description: Some("A first chat".into()),
            ..EventTypeConfig::default()
        };
        let mut company = BookingField::default_field(BookingFieldKind::Name);
        company.kind = BookingFieldKind::Text;
        company.slug = "company".into();
        company.label = Some("Company".into());
        company.required = false;
        let at = et.booking_fields.iter().position(|f| f.kind == BookingFieldKind::Title).unwrap();
        et.booking_fields.insert(at, company);
        et
    }

    fn keys(v: &Value) -> BTreeSet<&str> {
        v.as_object().unwrap().keys().map(String::as_str).collect()
    }

    const BOOKING_KEYS: &[&str] = &[
        "type",
        "title",
        "description",
        "additionalNotes",
        "customInputs",
        "startTime",
        "endTime",
        "organizer",
        "responses",
        "userFieldsResponses",
        "attendees",
        "location",
        "destinationCalendar",
        "hideCalendarNotes",
        "hideCalendarEventDetails",
        "requiresConfirmation",
        "eventTypeId",
        "seatsShowAttendees",
        "seatsPerTimeSlot",
        "iCalUID",
        "iCalSequence",
        "hideOrganizerEmail",
        "uid",
        "eventTitle",
        "eventDescription",
        "price",
        "currency",
        "length",
        "bookingId",
        "metadata",
        "status",
        "smsReminderNumber",
        "assignmentReason",
    ];

    fn booking_keys_and(extra: &[&'static str]) -> BTreeSet<&'static str> {
        BOOKING_KEYS.iter().chain(extra).copied().collect()
    }

    /// A booking's payload can be built before the booking is written (the booking flow does, outside its
    /// transaction): the booking's id is the only part of it that writing decides.
    #[test]
    fn only_the_id_of_a_booking_payload_waits_for_the_write() {
        let b = booking();
        let new = crate::bookings::NewBooking {
            uid: b.uid.clone(),
            event_type_id: b.event_type_id,
            event_type_slug: b.event_type_slug.clone(),
            host_id: b.host_id,
            status: b.status,
            title: b.title.clone(),
            description: b.description.clone(),
            start: b.start,
            end: b.end,
            busy_start: b.busy_start,
            busy_end: b.busy_end,
            location: b.location.clone(),
            metadata: b.metadata.clone(),
            responses: b.responses.clone(),
            guests: b.guests.clone(),
            rescheduling_reason: None,
            rescheduled_by: None,
            rescheduled_from_uid: None,
            recurring_uid: None,
            seats_per_slot: None,
            team_id: None,
            co_hosts: Vec::new(),
            attendees: b.attendees.iter().map(crate::bookings::NewAttendee::from).collect(),
        };
        let (h, et) = (host(), event_type());
        for status in [BookingStatus::Accepted, BookingStatus::Pending] {
            let new = crate::bookings::NewBooking { status, ..new.clone() };
            let (before, after) = (new.written(0, &[], b.created_at), new.written(42, &[1, 2], b.created_at));
            for build in [booking_created, booking_requested] {
                let mut early = build(&BookingContext { booking: &before, host: &h, event_type: Some(&et) });
                early["bookingId"] = 42.into();
                assert_eq!(early, build(&BookingContext { booking: &after, host: &h, event_type: Some(&et) }));
            }
        }
    }

    #[test]
    fn created_payload_has_cal_com_keys_and_values() {
        let (b, h, et) = (booking(), host(), event_type());
        let p = booking_created(&BookingContext { booking: &b, host: &h, event_type: Some(&et) });
        assert_eq!(keys(&p), booking_keys_and(&[]));
        assert_eq!(p["type"], "intro");
        assert_eq!(p["status"], "ACCEPTED");
        assert_eq!(p["startTime"], "2050-09-05T07:00:00Z");
        assert_eq!(p["endTime"], "2050-09-05T07:30:00Z");
        assert_eq!(p["description"], "A first chat");
        assert_eq!(p["additionalNotes"], "Bring the <compiler> & 'tapes'");
        assert_eq!(p["length"], 30);
        assert_eq!(p["bookingId"], 42);
        assert_eq!(p["eventTypeId"], 3);
        assert_eq!(p["eventTitle"], "Intro");
        assert_eq!(p["price"], 0);
        assert_eq!(p["currency"], "usd");
        assert_eq!(p["requiresConfirmation"], false);
        assert_eq!(p["seatsPerTimeSlot"], Value::Null);
        assert_eq!(p["seatsShowAttendees"], true);
        assert_eq!(p["location"], "integrations:cal-video");
        assert_eq!(
            p["organizer"],
            json!({
                "id": 7, "name": "Ada Lovelace", "email": "ada@example.com", "username": "ada",
                "timeZone": "Europe/Rome", "timeFormat": "HH:mm", "language": {"locale": "it"}, "utcOffset": 120,
            })
        );
        assert_eq!(
            p["attendees"][0],
            json!({
                "email": "grace@example.com", "name": "Grace Hopper", "timeZone": "America/New_York",
                "language": {"locale": "en"}, "utcOffset": -240,
            })
        );
        assert_eq!(p["attendees"][1]["email"], "linus@example.com");
        // The video call URL comes first, then the booking's own metadata.
        assert_eq!(
            serde_json::to_string(&p["metadata"]).unwrap(),
            r#"{"videoCallUrl":"https://video.example/42","crm":"lead-9"}"#
        );
    }

    #[test]
    fn responses_follow_the_form_and_user_fields_are_the_custom_ones() {
        let (b, h, et) = (booking(), host(), event_type());
        let p = booking_created(&BookingContext { booking: &b, host: &h, event_type: Some(&et) });
        let slugs: Vec<&str> = p["responses"].as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(slugs, ["name", "email", "company", "title", "notes", "guests", "rescheduleReason"]);
        assert_eq!(p["responses"]["name"], json!({"label": "your_name", "value": "Grace Hopper", "isHidden": false}));
        // Unanswered fields keep their label and lose `value`, as JSON.stringify drops `undefined`.
        assert_eq!(p["responses"]["title"], json!({"label": "what_is_this_meeting_about", "isHidden": true}));
        assert_eq!(p["responses"]["company"], json!({"label": "Company", "value": "Navy", "isHidden": false}));
        assert_eq!(
            p["userFieldsResponses"],
            json!({"company": {"label": "Company", "value": "Navy", "isHidden": false}})
        );
    }

    #[test]
    fn without_event_type_answers_are_labelled_by_slug() {
        let (b, h) = (booking(), host());
        let p = booking_created(&BookingContext { booking: &b, host: &h, event_type: None });
        assert_eq!(p["responses"]["company"], json!({"label": "company", "value": "Navy"}));
        assert_eq!(p["userFieldsResponses"], json!({}));
        assert_eq!(p["eventTitle"], Value::Null);
        // No event type description: the notes stand in.
        assert_eq!(p["description"], "Bring the <compiler> & 'tapes'");
    }

    #[test]
    fn requested_is_pending_and_needs_confirmation() {
        let (mut b, h, et) = (booking(), host(), event_type());
        b.status = BookingStatus::Pending;
        let p = booking_requested(&BookingContext { booking: &b, host: &h, event_type: Some(&et) });
        assert_eq!(p["status"], "PENDING");
        assert_eq!(p["requiresConfirmation"], true);
        assert_eq!(keys(&p), booking_keys_and(&[]));
    }

    #[test]
    fn confirmed_and_completed_are_accepted() {
        let (b, h, et) = (booking(), host(), event_type());
        let ctx = BookingContext { booking: &b, host: &h, event_type: Some(&et) };
        for p in [booking_confirmed(&ctx), booking_completed(&ctx)] {
            assert_eq!(p["status"], "ACCEPTED");
            assert_eq!(keys(&p), booking_keys_and(&[]));
        }
    }

    #[test]
    fn seated_events_show_attendees_as_configured() {
        let (mut b, h, mut et) = (booking(), host(), event_type());
        b.seats_per_slot = Some(5);
        et.seats =
            Some(SeatsSettings { seats_per_time_slot: 5, show_attendee_info: false, show_availability_count: true });
        let p = booking_created(&BookingContext { booking: &b, host: &h, event_type: Some(&et) });
        assert_eq!(p["seatsPerTimeSlot"], 5);
        assert_eq!(p["seatsShowAttendees"], false);
    }

    #[test]
    fn rescheduled_names_the_old_booking() {
        let (old, h, et) = (booking(), host(), event_type());
        let mut new = booking();
        new.id = 43;
        new.uid = "newuid".into();
        new.start = utc("2050-09-06T07:00:00Z");
        new.end = utc("2050-09-06T07:30:00Z");
        new.rescheduled_from_uid = Some(old.uid.clone());
        new.rescheduled_by = Some("grace@example.com".into());
        new.rescheduling_reason = Some("Clash".into());
        let p = booking_rescheduled(&BookingContext { booking: &new, host: &h, event_type: Some(&et) }, &old);
        assert_eq!(
            keys(&p),
            booking_keys_and(&[
                "rescheduleId",
                "rescheduleUid",
                "rescheduleStartTime",
                "rescheduleEndTime",
                "rescheduledBy"
            ])
        );
        assert_eq!(p["uid"], "newuid");
        assert_eq!(p["bookingId"], 43);
        assert_eq!(p["startTime"], "2050-09-06T07:00:00Z");
        assert_eq!(p["rescheduleId"], 42);
        assert_eq!(p["rescheduleUid"], "fL3xUkWu9mYcGsQe6GbTnP");
        assert_eq!(p["rescheduleStartTime"], "2050-09-05T07:00:00Z");
        assert_eq!(p["rescheduleEndTime"], "2050-09-05T07:30:00Z");
        assert_eq!(p["rescheduledBy"], "grace@example.com");
        assert_eq!(p["status"], "ACCEPTED");
        assert_eq!(p["responses"]["rescheduleReason"]["value"], "Clash");
    }

    #[test]
    fn cancelled_and_rejected_carry_their_reasons() {
        let (mut b, h, et) = (booking(), host(), event_type());
        b.status = BookingStatus::Cancelled;
        b.cancellation_reason = Some("Sick".into());
        b.cancelled_by = Some("ada@example.com".into());
        let p = booking_cancelled(&BookingContext { booking: &b, host: &h, event_type: Some(&et) });
        assert_eq!(keys(&p), booking_keys_and(&["cancellationReason", "cancelledBy", "requestReschedule"]));
        assert_eq!(p["status"], "CANCELLED");
        assert_eq!(p["cancellationReason"], "Sick");
        assert_eq!(p["cancelledBy"], "ada@example.com");
        assert_eq!(p["uid"], "fL3xUkWu9mYcGsQe6GbTnP");
        assert_eq!(p["bookingId"], 42);
        assert_eq!(p["startTime"], "2050-09-05T07:00:00Z");

        b.status = BookingStatus::Rejected;
        b.rejection_reason = Some("Busy".into());
        let p = booking_rejected(&BookingContext { booking: &b, host: &h, event_type: Some(&et) });
        assert_eq!(keys(&p), booking_keys_and(&["rejectionReason"]));
        assert_eq!(p["status"], "REJECTED");
        assert_eq!(p["rejectionReason"], "Busy");
    }

    #[test]
    fn absent_attendees_say_so() {
        let (mut b, h) = (booking(), host());
        b.attendees[0].absent = true;
        b.attendees[0].phone_number = Some("+39 333 1234567".into());
        let p = booking_completed(&BookingContext { booking: &b, host: &h, event_type: None });
        assert_eq!(p["attendees"][0]["noShow"], true);
        assert_eq!(p["attendees"][0]["phoneNumber"], "+39 333 1234567");
        assert!(p["attendees"][1].get("noShow").is_none());
    }

    #[test]
    fn no_show_messages() {
        let b = booking();
        let grace = NoShowChange { email: "grace@example.com", no_show: true };
        let linus = NoShowChange { email: "linus@example.com", no_show: false };
        let p = no_show_updated(&b, &[grace], None);
        assert_eq!(
            p,
            json!({
                "message": "grace@example.com marked as no-show",
                "attendees": [{"email": "grace@example.com", "noShow": true}],
                "bookingUid": "fL3xUkWu9mYcGsQe6GbTnP",
                "bookingId": 42,
            })
        );
        assert_eq!(no_show_updated(&b, &[linus], None)["message"], "linus@example.com unmarked as no-show");
        assert_eq!(no_show_updated(&b, &[grace, linus], None)["message"], "No-show status updated");
        let host = NoShowChange { email: "ada@example.com", no_show: true };
        let p = no_show_updated(&b, &[], Some(host));
        assert_eq!(p["message"], "ada@example.com marked as no-show");
        assert_eq!(p["noShowHost"], true);
        assert_eq!(p["attendees"], json!([]));
    }

    #[test]
    fn meeting_row_is_the_flat_booking_row() {
        let (b, h) = (booking(), host());
        let row = meeting_row(&b, &h);
        for key in [
            "id",
            "uid",
            "userId",
            "eventTypeId",
            "title",
            "description",
            "startTime",
            "endTime",
            "location",
            "status",
            "metadata",
            "responses",
            "createdAt",
            "updatedAt",
            "attendees",
            "user",
        ] {
            assert!(row.get(key).is_some(), "{key}");
        }
        assert_eq!(row["startTime"], "2050-09-05T07:00:00.000Z");
        assert_eq!(row["status"], "ACCEPTED");
        assert_eq!(row["userId"], 7);
        assert_eq!(row["responses"]["company"], "Navy");
        assert_eq!(row["metadata"]["videoCallUrl"], "https://video.example/42");
        assert_eq!(row["attendees"][0]["bookingId"], 42);
        assert_eq!(row["attendees"][0]["noShow"], false);
        assert_eq!(row["rescheduled"], Value::Null);
    }

    #[test]
    fn ping_is_the_fixed_test_event_from_the_owner() {
        let p = ping(&host(), utc("2050-01-15T12:00:00Z"));
        assert_eq!(
            p,
            json!({
                "type": "Test",
                "title": "Test trigger event",
                "description": "",
                "startTime": "2050-01-15T12:00:00.000Z",
                "endTime": "2050-01-15T12:00:00.000Z",
                "attendees": [{
                    "email": "jdoe@example.com", "name": "John Doe", "timeZone": "Europe/London",
                    "language": {"locale": "en"}, "utcOffset": 0,
                }],
                "organizer": {
                    "name": "Ada Lovelace", "email": "ada@example.com", "timeZone": "Europe/Rome",
                    "language": {"locale": "it"}, "utcOffset": 60,
                },
            })
        );
    }

    /// Seats, an absent attendee with a phone number, answers the form no longer has, the reschedule reason kept on
    /// the booking, no notes, no location, metadata without a video call URL.
    fn odd_booking() -> Booking {
        let mut odd = booking();
        odd.seats_per_slot = Some(5);
        odd.attendees[0].absent = true;
        odd.attendees[0].phone_number = Some("+39 333 1234567".into());
        odd.attendees[1].language = Some(Locale::De);
        odd.description = Some(String::new());
        odd.responses.insert("gone".into(), json!({"nested": [1, 2.5, null, "\u{e9}\"\n"]}));
        odd.rescheduling_reason = Some("Clash".into());
        odd.metadata = json!({"z": "last", "a": "first"}).as_object().unwrap().clone();
        odd.location = None;
        odd
    }

    /// A host with an empty name, a 12-hour clock and no locale.
    fn nameless_host() -> User {
        let mut nameless = host();
        nameless.name = Some(String::new());
        nameless.time_format = 12;
        nameless.locale = None;
        nameless
    }

    /// Seats that hide attendees from each other, no description.
    fn seated_event_type() -> EventTypeConfig {
        let mut seated = event_type();
        seated.seats =
            Some(SeatsSettings { seats_per_time_slot: 5, show_attendee_info: false, show_availability_count: true });
        seated.description = None;
        seated
    }

    /// The payload written as text before the booking's id is known is the payload's text once it is.
    #[test]
    fn a_booking_text_is_its_payload_written_out() {
        let (b, h, et) = (booking(), host(), event_type());
        let (odd, nameless, seated) = (odd_booking(), nameless_host(), seated_event_type());
        let mut pending = booking();
        pending.status = BookingStatus::Pending;
        for ctx in [
            BookingContext { booking: &b, host: &h, event_type: Some(&et) },
            BookingContext { booking: &b, host: &h, event_type: None },
            BookingContext { booking: &pending, host: &h, event_type: Some(&et) },
            BookingContext { booking: &odd, host: &nameless, event_type: Some(&seated) },
            BookingContext { booking: &odd, host: &nameless, event_type: None },
        ] {
            for status in ["ACCEPTED", "PENDING"] {
                let text = BookingText::new(&ctx, status).unwrap().with_id(ctx.booking.id);
                assert_eq!(text, serde_json::to_string(&booking_payload(&ctx, status)).unwrap());
            }
        }
    }

    /// The exact text of every booking payload: the order of keys, what is left out and how values are written.
    /// Receivers (and their signatures) see these bytes.
    #[test]
    fn booking_payload_texts() {
        let (b, h, et) = (booking(), host(), event_type());
        let ctx = BookingContext { booking: &b, host: &h, event_type: Some(&et) };
        let mut texts = vec![
            ("created", booking_created(&ctx)),
            ("created without event type", booking_created(&BookingContext { event_type: None, ..ctx })),
        ];
        let mut pending = booking();
        pending.status = BookingStatus::Pending;
        texts.push(("requested", booking_requested(&BookingContext { booking: &pending, ..ctx })));

        let (odd, nameless, seated) = (odd_booking(), nameless_host(), seated_event_type());
        texts.push((
            "seated",
            booking_created(&BookingContext { booking: &odd, host: &nameless, event_type: Some(&seated) }),
        ));
        texts.push((
            "seated without event type",
            booking_completed(&BookingContext { booking: &odd, host: &nameless, event_type: None }),
        ));

        let mut new = booking();
        new.id = 43;
        new.uid = "newuid".into();
        new.rescheduled_by = Some("grace@example.com".into());
        texts.push(("rescheduled", booking_rescheduled(&BookingContext { booking: &new, ..ctx }, &b)));
        let mut cancelled = booking();
        cancelled.status = BookingStatus::Cancelled;
        cancelled.cancellation_reason = Some("Sick".into());
        texts.push(("cancelled", booking_cancelled(&BookingContext { booking: &cancelled, ..ctx })));
        let mut rejected = booking();
        rejected.status = BookingStatus::Rejected;
        texts.push(("rejected", booking_rejected(&BookingContext { booking: &rejected, ..ctx })));
        texts.push(("reassigned", booking_reassigned(&ctx, &nameless, Some("Away"))));
        texts.push(("confirmed", booking_confirmed(&ctx)));

        let text: String = texts
            .iter()
            .map(|(name, payload)| format!("{name}:\n{}\n", serde_json::to_string(payload).unwrap()))
            .collect();
        insta::assert_snapshot!(text);
    }

    #[test]
    fn shapes_and_trigger_events() {
        assert_eq!(PayloadShape::of(WebhookTrigger::BookingCreated), PayloadShape::CalendarEvent);
        assert_eq!(PayloadShape::of(WebhookTrigger::BookingNoShow), PayloadShape::NoShow);
        assert_eq!(PayloadShape::of(WebhookTrigger::MeetingEnded), PayloadShape::MeetingRow);
        assert_eq!(PayloadShape::of(TriggerEvent::Ping), PayloadShape::Ping);
        assert!(PayloadShape::NoShow.accepts_template());
        assert!(!PayloadShape::MeetingRow.accepts_template() && !PayloadShape::Ping.accepts_template());
        assert!(PayloadShape::MeetingRow.is_flat() && !PayloadShape::CalendarEvent.is_flat());
        assert_eq!("PING".parse::<TriggerEvent>(), Ok(TriggerEvent::Ping));
        assert_eq!(
            "BOOKING_CANCELLED".parse::<TriggerEvent>(),
            Ok(TriggerEvent::Trigger(WebhookTrigger::BookingCancelled))
        );
        assert!("NOPE".parse::<TriggerEvent>().is_err());
        assert_eq!(TriggerEvent::from(WebhookTrigger::MeetingStarted).to_string(), "MEETING_STARTED");
    }
}

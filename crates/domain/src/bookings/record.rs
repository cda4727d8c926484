//! The booking record as storage keeps it, and what creating one takes.

use calends_model::bookings::BookingStatus;
use calends_model::common::Locale;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

/// Someone attending a booking: the booker, a guest they invited, or (seated events) the holder of one seat.
#[derive(Debug, Clone, PartialEq)]
pub struct Attendee {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub time_zone: String,
    pub language: Option<Locale>,
    pub phone_number: Option<String>,
    pub absent: bool,
    pub is_guest: bool,
    /// Seated bookings: the seat this attendee holds, with its own answers and metadata.
    pub seat_uid: Option<String>,
    pub seat_responses: Option<Map<String, Value>>,
    pub seat_metadata: Option<Map<String, Value>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Booking {
    pub id: i64,
    pub uid: String,
    pub event_type_id: i64,
    pub event_type_slug: String,
    pub host_id: i64,
    pub status: BookingStatus,
    pub title: String,
    pub description: Option<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// `[start - before buffer, end + after buffer)` of the event type when booked: the host's busy time.
    pub busy_start: DateTime<Utc>,
    pub busy_end: DateTime<Utc>,
    pub location: Option<String>,
    pub metadata: Map<String, Value>,
    /// Booking-form answers by field slug (`bookingFieldsResponses`).
    pub responses: Map<String, Value>,
    pub guests: Vec<String>,
    pub absent_host: bool,
    pub cancellation_reason: Option<String>,
    pub cancelled_by: Option<String>,
    pub rejection_reason: Option<String>,
    pub rescheduling_reason: Option<String>,
    pub rescheduled_by: Option<String>,
    pub rescheduled_from_uid: Option<String>,
    pub rescheduled_to_uid: Option<String>,
    /// Shared by the occurrences of a recurring series.
    pub recurring_uid: Option<String>,
    /// Seats per slot when booked; `None` for ordinary bookings.
    pub seats_per_slot: Option<u32>,
    pub ics_uid: String,
    pub ics_sequence: i32,
    /// The team of a team event type's booking.
    pub team_id: Option<i64>,
    /// Hosts besides the organizer (`host_id`): the other hosts of a collective event, round robin's mandatory
    /// hosts. Their time is busy too.
    pub co_hosts: Vec<CoHost>,
    pub attendees: Vec<Attendee>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Booking {
    /// Minutes from start to end.
    pub fn duration_minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }

    /// The organizer and the other hosts.
    pub fn hosts(&self) -> impl Iterator<Item = i64> + '_ {
        std::iter::once(self.host_id).chain(self.co_hosts.iter().map(|h| h.id))
    }

    /// Accepted or pending: it holds the host's time.
    pub fn is_active(&self) -> bool {
        matches!(self.status, BookingStatus::Accepted | BookingStatus::Pending)
    }

    pub fn is_seated(&self) -> bool {
        self.seats_per_slot.is_some()
    }

    /// The attendees holding seats (seated bookings) or the booker and guests (others).
    pub fn seat(&self, seat_uid: &str) -> Option<&Attendee> {
        self.attendees.iter().find(|a| a.seat_uid.as_deref() == Some(seat_uid))
    }
}

/// A host of a booking besides its organizer, as the output lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoHost {
    pub id: i64,
    pub name: Option<String>,
    pub email: String,
    pub username: String,
    pub time_zone: String,
}

/// An attendee to add to a booking.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAttendee {
    pub name: String,
    pub email: String,
    pub time_zone: String,
    pub language: Option<Locale>,
    pub phone_number: Option<String>,
    pub is_guest: bool,
    pub seat_uid: Option<String>,
    pub seat_responses: Option<Map<String, Value>>,
    pub seat_metadata: Option<Map<String, Value>>,
}

/// Everything a new booking row holds.
#[derive(Debug, Clone, PartialEq)]
pub struct NewBooking {
    pub uid: String,
    pub event_type_id: i64,
    pub event_type_slug: String,
    pub host_id: i64,
    pub status: BookingStatus,
    pub title: String,
    pub description: Option<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub busy_start: DateTime<Utc>,
    pub busy_end: DateTime<Utc>,
    pub location: Option<String>,
    pub metadata: Map<String, Value>,
    pub responses: Map<String, Value>,
    pub guests: Vec<String>,
    pub rescheduling_reason: Option<String>,
    pub rescheduled_by: Option<String>,
    pub rescheduled_from_uid: Option<String>,
    pub recurring_uid: Option<String>,
    pub seats_per_slot: Option<u32>,
    pub team_id: Option<i64>,
    pub co_hosts: Vec<i64>,
    pub attendees: Vec<NewAttendee>,
}

/// A time as storage keeps it: whole milliseconds.
fn stored(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(t.timestamp_millis()).unwrap_or(t)
}

impl From<&Attendee> for NewAttendee {
    /// The same attendee (and seat) to write again: onto a rescheduled booking, or into another seated booking.
    fn from(a: &Attendee) -> NewAttendee {
        NewAttendee {
            name: a.name.clone(),
            email: a.email.clone(),
            time_zone: a.time_zone.clone(),
            language: a.language,
            phone_number: a.phone_number.clone(),
            is_guest: a.is_guest,
            seat_uid: a.seat_uid.clone(),
            seat_responses: a.seat_responses.clone(),
            seat_metadata: a.seat_metadata.clone(),
        }
    }
}

impl NewAttendee {
    /// The attendee as stored under `id`.
    pub fn written(&self, id: i64) -> Attendee {
        Attendee {
            id,
            name: self.name.clone(),
            email: self.email.clone(),
            time_zone: self.time_zone.clone(),
            language: self.language,
            phone_number: self.phone_number.clone(),
            absent: false,
            is_guest: self.is_guest,
            seat_uid: self.seat_uid.clone(),
            seat_responses: self.seat_responses.clone(),
            seat_metadata: self.seat_metadata.clone(),
        }
    }
}

impl NewBooking {
    /// The booking as reading it back after writing it at `now` gives it, under `id`, its attendees with the ids
    /// in `attendee_ids` (0 for those without one: what is known of a booking before it is written), times at the
    /// stored millisecond. Co-hosts are not included (they are read with their names).
    pub fn written(&self, id: i64, attendee_ids: &[i64], now: DateTime<Utc>) -> Booking {
        let attendees = self
            .attendees
            .iter()
            .enumerate()
            .map(|(i, a)| a.written(attendee_ids.get(i).copied().unwrap_or(0)))
            .collect();
        Booking {
            id,
            uid: self.uid.clone(),
            event_type_id: self.event_type_id,
            event_type_slug: self.event_type_slug.clone(),
            host_id: self.host_id,
            status: self.status,
            title: self.title.clone(),
            description: self.description.clone(),
            start: stored(self.start),
            end: stored(self.end),
            busy_start: stored(self.busy_start),
            busy_end: stored(self.busy_end),
            location: self.location.clone(),
            metadata: self.metadata.clone(),
            responses: self.responses.clone(),
            guests: self.guests.clone(),
            absent_host: false,
            cancellation_reason: None,
            cancelled_by: None,
            rejection_reason: None,
            rescheduling_reason: self.rescheduling_reason.clone(),
            rescheduled_by: self.rescheduled_by.clone(),
            rescheduled_from_uid: self.rescheduled_from_uid.clone(),
            rescheduled_to_uid: None,
            recurring_uid: self.recurring_uid.clone(),
            seats_per_slot: self.seats_per_slot,
            ics_uid: self.uid.clone(),
            ics_sequence: 0,
            team_id: self.team_id,
            co_hosts: Vec::new(),
            attendees,
            created_at: stored(now),
            updated_at: stored(now),
        }
    }
}

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

//! Rendering stored bookings the way Cal.com's 2024-08-13 API answers them.

use calends_model::bookings::{
    BaseBookingOutput, BookingAttendee, BookingData, BookingEventType, BookingHost, BookingListItem, BookingOutput,
    BookingStatus, RecurringBookingOutput, RecurringSeatedBookingOutput, SeatedAttendee, SeatedBookingOutput,
};
use serde_json::{Map, Value};

use crate::bookings::record::{Attendee, Booking};
use crate::times::iso_utc;
use crate::users::User;

/// Metadata key Cal.com keeps the video call URL under; it becomes `location` and is hidden from `metadata`.
pub const VIDEO_CALL_URL: &str = "videoCallUrl";

pub fn host(user: &User) -> BookingHost {
    BookingHost {
        id: user.id,
        name: user.name.clone().unwrap_or_else(|| user.username.clone()),
        email: user.email.clone(),
        username: user.username.clone(),
        time_zone: user.time_zone.clone(),
    }
}

/// `metadata.videoCallUrl` if set, else the location chosen when booking.
pub fn location(booking: &Booking) -> Option<String> {
    match booking.metadata.get(VIDEO_CALL_URL) {
        Some(Value::String(url)) if !url.is_empty() => Some(url.clone()),
        _ => booking.location.clone(),
    }
}

fn public_metadata(metadata: &Map<String, Value>) -> Map<String, Value> {
    metadata.iter().filter(|(k, _)| k.as_str() != VIDEO_CALL_URL).map(|(k, v)| (k.clone(), v.clone())).collect()
}

pub fn base(booking: &Booking, host_user: &User) -> BaseBookingOutput {
    let cancelled = booking.status == BookingStatus::Cancelled;
    let location = location(booking);
    BaseBookingOutput {
        id: booking.id,
        uid: booking.uid.clone(),
        title: booking.title.clone(),
        description: booking.description.clone().unwrap_or_default(),
        hosts: std::iter::once(host(host_user))
            .chain(booking.co_hosts.iter().map(|h| BookingHost {
                id: h.id,
                name: h.name.clone().unwrap_or_else(|| h.username.clone()),
                email: h.email.clone(),
                username: h.username.clone(),
                time_zone: h.time_zone.clone(),
            }))
            .collect(),
        status: booking.status,
        cancellation_reason: if cancelled { booking.cancellation_reason.clone() } else { None },
        cancelled_by_email: if cancelled { booking.cancelled_by.clone() } else { None },
        rescheduling_reason: booking.rescheduling_reason.clone(),
        rescheduled_by_email: booking.rescheduled_by.clone(),
        rescheduled_from_uid: booking.rescheduled_from_uid.clone(),
        rescheduled_to_uid: booking.rescheduled_to_uid.clone(),
        start: iso_utc(booking.start),
        end: iso_utc(booking.end),
        duration: booking.duration_minutes(),
        event_type_id: booking.event_type_id,
        event_type: BookingEventType { id: booking.event_type_id, slug: booking.event_type_slug.clone() },
        meeting_url: location.clone(),
        location,
        absent_host: booking.absent_host,
        created_at: iso_utc(booking.created_at),
        updated_at: iso_utc(booking.updated_at),
        metadata: Some(public_metadata(&booking.metadata)),
        rating: None,
        ics_uid: Some(booking.ics_uid.clone()),
    }
}

fn attendee(a: &Attendee) -> BookingAttendee {
    BookingAttendee {
        name: a.name.clone(),
        email: a.email.clone(),
        time_zone: a.time_zone.clone(),
        language: a.language,
        absent: a.absent,
        phone_number: a.phone_number.clone(),
    }
}

pub fn booking(booking: &Booking, host_user: &User) -> BookingOutput {
    BookingOutput {
        base: base(booking, host_user),
        attendees: booking.attendees.iter().map(attendee).collect(),
        guests: (!booking.guests.is_empty()).then(|| booking.guests.clone()),
        booking_fields_responses: booking.responses.clone(),
    }
}

pub fn seated(booking: &Booking, host_user: &User) -> SeatedBookingOutput {
    SeatedBookingOutput {
        base: base(booking, host_user),
        attendees: booking
            .attendees
            .iter()
            .filter_map(|a| {
                Some(SeatedAttendee {
                    attendee: attendee(a),
                    seat_uid: a.seat_uid.clone()?,
                    booking_fields_responses: a.seat_responses.clone().unwrap_or_default(),
                    metadata: a.seat_metadata.clone(),
                })
            })
            .collect(),
    }
}

/// One booking in the shape its kind calls for: plain, recurring occurrence, seated or recurring seated.
pub fn data(b: &Booking, host_user: &User) -> BookingData {
    match (&b.recurring_uid, b.is_seated()) {
        (None, false) => BookingData::Booking(booking(b, host_user)),
        (Some(series), false) => BookingData::Recurring(RecurringBookingOutput {
            booking: booking(b, host_user),
            recurring_booking_uid: series.clone(),
        }),
        (None, true) => BookingData::Seated(seated(b, host_user)),
        (Some(series), true) => BookingData::RecurringSeated(RecurringSeatedBookingOutput {
            booking: seated(b, host_user),
            recurring_booking_uid: series.clone(),
        }),
    }
}

pub fn list_item(b: &Booking, host_user: &User) -> BookingListItem {
    match data(b, host_user) {
        BookingData::Booking(o) => BookingListItem::Booking(o),
        BookingData::Recurring(o) => BookingListItem::Recurring(o),
        BookingData::Seated(o) => BookingListItem::Seated(o),
        BookingData::RecurringSeated(o) => BookingListItem::RecurringSeated(o),
        // `data` renders one booking; the series shapes never come out of it.
        BookingData::RecurringSeries(_) | BookingData::RecurringSeatedSeries(_) => {
            BookingListItem::Booking(booking(b, host_user))
        }
    }
}

//! Checking a `POST /v2/bookings` body against the event type it books: everything that can be decided without
//! looking at anyone's calendar.

use calends_model::bookings::CreateBookingInput;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::bookings::location;
use crate::bookings::record::NewAttendee;
use crate::bookings::responses::{Booker, check_responses};
use crate::error::{Error, Result};
use crate::event_types::EventTypeConfig;
use crate::times::parse_instant;
use crate::validate::{self, Validator};

/// Guests one booking may invite.
pub const MAX_GUESTS: usize = 30;

/// A booking request that passed every check that needs no calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct BookingRequest {
    pub start: DateTime<Utc>,
    pub length_minutes: u32,
    pub attendee: NewAttendee,
    pub guests: Vec<String>,
    pub location: Option<String>,
    pub metadata: Map<String, Value>,
    /// Every booking-form answer by slug.
    pub responses: Map<String, Value>,
    /// The `notes` answer: the booking's description.
    pub notes: Option<String>,
    /// Occurrences to book, for recurring event types.
    pub occurrences: Option<u32>,
}

/// A phone number: `+` and 7 to 15 digits (spaces, dashes, dots and parentheses allowed between them).
pub fn phone(value: &str) -> std::result::Result<(), String> {
    let digits: String = value.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
    let ok =
        digits.strip_prefix('+').is_some_and(|d| (7..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()));
    if ok {
        Ok(())
    } else {
        Err(format!("`{value}` is not a phone number in international format (+ and 7 to 15 digits)"))
    }
}

pub fn check_request(input: &CreateBookingInput, config: &EventTypeConfig) -> Result<BookingRequest> {
    let mut v = Validator::new();
    let start = v.take("start", parse_instant(&input.start));

    let attendee = &input.attendee;
    v.take("attendee.name", validate::text(&attendee.name, 200));
    v.take("attendee.timeZone", validate::time_zone(&attendee.time_zone));
    if let Some(phone_number) = &attendee.phone_number {
        v.take("attendee.phoneNumber", phone(phone_number));
    }
    let email = match (&attendee.email, &attendee.phone_number) {
        (Some(email), _) => {
            v.take("attendee.email", validate::email(email));
            email.trim().to_lowercase()
        }
        // Cal.com books phone-only attendees under a placeholder address; so does Calends.
        (None, Some(phone_number)) => {
            format!("{}@sms.calends.invalid", phone_number.chars().filter(char::is_ascii_digit).collect::<String>())
        }
        (None, None) => {
            v.add("attendee.email", "is required (or give attendee.phoneNumber)");
            String::new()
        }
    };

    let mut guests: Vec<String> = Vec::new();
    if let Some(list) = &input.guests {
        if config.disable_guests() && !list.is_empty() {
            v.add("guests", "this event type does not allow guests");
        }
        if list.len() > MAX_GUESTS {
            v.add("guests", format!("at most {MAX_GUESTS} guests"));
        }
        for (i, guest) in list.iter().enumerate() {
            if v.take(&format!("guests[{i}]"), validate::email(guest)).is_some() {
                let guest = guest.trim().to_lowercase();
                if guest != email && !guests.contains(&guest) {
                    guests.push(guest);
                }
            }
        }
    }

    if let Some(metadata) = &input.metadata {
        v.take("metadata", validate::metadata(metadata));
    }
    let location = v
        .take("location", location::resolve(input.location.as_ref(), input.meeting_url.as_deref(), config.locations()))
        .flatten();

    let options = config.length_options();
    let length_minutes = match input.length_in_minutes {
        None => Some(config.length_minutes()),
        Some(n) => match u32::try_from(n) {
            Ok(n) if options.contains(&n) => Some(n),
            _ => {
                let list: Vec<String> = options.iter().map(u32::to_string).collect();
                v.add("lengthInMinutes", format!("must be one of this event type's lengths: {}", list.join(", ")));
                None
            }
        },
    };

    let occurrences = match (config.recurrence(), input.recurrence_count) {
        (None, Some(_)) => {
            v.add("recurrenceCount", "this event type is not recurring");
            None
        }
        (None, None) => None,
        (Some(r), None) => Some(r.occurrences),
        (Some(r), Some(n)) => match u32::try_from(n) {
            Ok(n) if (1..=r.occurrences).contains(&n) => Some(n),
            _ => {
                v.add("recurrenceCount", format!("must be between 1 and {}", r.occurrences));
                None
            }
        },
    };
    if input.instant == Some(true) {
        if config.team.is_some() {
            v.add("instant", "this event type is not an instant event (isInstantEvent is false)");
        } else {
            v.add("instant", "instant bookings are for team event types");
        }
    }
    v.check(input.organization_slug.is_none(), "organizationSlug", "this server has no organizations");

    let booker = Booker {
        name: attendee.name.trim(),
        email: &email,
        phone_number: attendee.phone_number.as_deref(),
        guests: &guests,
    };
    let checked = match check_responses(config.booking_fields(), &booker, input.booking_fields_responses.as_ref()) {
        Ok(checked) => Some(checked),
        Err(Error::Invalid(errors)) => {
            errors.into_iter().for_each(|e| v.add(e.field, e.message));
            None
        }
        Err(other) => return Err(other),
    };
    v.finish()?;
    let (Some(start), Some(length_minutes), Some(checked)) = (start, length_minutes, checked) else {
        return Err(Error::internal("validated booking request is incomplete"));
    };
    Ok(BookingRequest {
        start,
        length_minutes,
        attendee: NewAttendee {
            name: attendee.name.trim().to_owned(),
            email,
            time_zone: attendee.time_zone.clone(),
            language: attendee.language,
            phone_number: attendee.phone_number.clone(),
            is_guest: false,
            seat_uid: None,
            seat_responses: None,
            seat_metadata: None,
        },
        guests,
        location,
        metadata: input.metadata.clone().unwrap_or_default(),
        responses: checked.responses,
        notes: checked.notes,
        occurrences,
    })
}

/// The booking's title: the event type's `customName` with its variables filled in, or Cal.com's default
/// "{event title} between {host} and {attendee}".
pub fn event_name(config: &EventTypeConfig, host_name: &str, attendee_name: &str, location: Option<&str>) -> String {
    let Some(template) = config.custom_name.as_deref().filter(|t| !t.trim().is_empty()) else {
        return format!("{} between {host_name} and {attendee_name}", config.title);
    };
    let first = |name: &str| name.split_whitespace().next().unwrap_or_default().to_owned();
    let last = |name: &str| name.split_whitespace().skip(1).collect::<Vec<_>>().join(" ");
    let location = location.unwrap_or_default();
    [
        ("{Event type title}", config.title.clone()),
        ("{Organiser}", host_name.to_owned()),
        ("{Scheduler}", attendee_name.to_owned()),
        ("{Location}", location.to_owned()),
        ("{LOCATION}", location.to_owned()),
        ("{Organiser first name}", first(host_name)),
        ("{Scheduler first name}", first(attendee_name)),
        ("{Scheduler last name}", last(attendee_name)),
        ("{Event duration}", format!("{} mins", config.length_minutes())),
        ("{HOST}", host_name.to_owned()),
        ("{ATTENDEE}", attendee_name.to_owned()),
        ("{HOST/ATTENDEE}", host_name.to_owned()),
    ]
    .iter()
    .fold(template.to_owned(), |name, (variable, value)| name.replace(variable, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert!(phone("+37120993151").is_ok());
        assert!(phone("+1 (555) 010-9999").is_ok());
        for bad in ["", "12345678", "+12", "+1234567890123456", "+1-abc-555"] {
            assert!(phone(bad).is_err(), "{bad}");
        }
    }
}

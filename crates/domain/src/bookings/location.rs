//! Where a booking takes place: the booker's choice among the event type's locations, as the text stored on the
//! booking and returned as its `location`.

use calends_model::bookings::BookingLocationInput;
use calends_model::event_types::InputLocation;

/// Stored form of a conferencing app location (Cal.com writes `integrations:<app>` too).
fn integration(app: &str) -> String {
    format!("integrations:{app}")
}

/// The location of the event type itself, when the booker chose none: its first one, unless it asks the attendee.
fn default_location(locations: &[InputLocation]) -> Option<String> {
    locations.first().and_then(|l| match l {
        InputLocation::Address(a) => Some(a.address.clone()),
        InputLocation::Link(l) => Some(l.link.clone()),
        InputLocation::Phone(p) => Some(p.phone.clone()),
        InputLocation::Integration(i) => Some(integration(i.integration.as_str())),
        InputLocation::AttendeeAddress(_) | InputLocation::AttendeePhone(_) | InputLocation::AttendeeDefined(_) => None,
    })
}

/// Resolves the booker's `location` (or the deprecated `meetingUrl`) against the event type's `locations`.
/// The error is the message for the `location` field.
pub fn resolve(
    chosen: Option<&BookingLocationInput>,
    meeting_url: Option<&str>,
    locations: &[InputLocation],
) -> Result<Option<String>, String> {
    let offered = |wanted: &str| locations.iter().any(|l| l.type_str() == wanted);
    let missing = |wanted: &str| {
        let types: Vec<&str> = locations.iter().map(InputLocation::type_str).collect();
        format!("this event type has no `{wanted}` location; it offers: {}", types.join(", "))
    };
    let Some(chosen) = chosen else {
        return Ok(meeting_url.map(str::to_owned).or_else(|| default_location(locations)));
    };
    let non_empty = |text: &str, what: &str| {
        let text = text.trim();
        if text.is_empty() { Err(format!("{what} must not be empty")) } else { Ok(Some(text.to_owned())) }
    };
    match chosen {
        BookingLocationInput::Address => locations
            .iter()
            .find_map(|l| if let InputLocation::Address(a) = l { Some(Some(a.address.clone())) } else { None })
            .ok_or_else(|| missing("address")),
        BookingLocationInput::Link => locations
            .iter()
            .find_map(|l| if let InputLocation::Link(a) = l { Some(Some(a.link.clone())) } else { None })
            .ok_or_else(|| missing("link")),
        BookingLocationInput::Phone => locations
            .iter()
            .find_map(|l| if let InputLocation::Phone(a) = l { Some(Some(a.phone.clone())) } else { None })
            .ok_or_else(|| missing("phone")),
        BookingLocationInput::AttendeeAddress { address } => {
            if offered("attendeeAddress") {
                non_empty(address, "address")
            } else {
                Err(missing("attendeeAddress"))
            }
        }
        BookingLocationInput::AttendeePhone { phone } => {
            if !offered("attendeePhone") {
                return Err(missing("attendeePhone"));
            }
            crate::bookings::create::phone(phone).map(|()| Some(phone.trim().to_owned()))
        }
        BookingLocationInput::AttendeeDefined { location } => {
            if offered("attendeeDefined") {
                non_empty(location, "location")
            } else {
                Err(missing("attendeeDefined"))
            }
        }
        BookingLocationInput::Integration { integration: app } => {
            let has = locations
                .iter()
                .any(|l| matches!(l, InputLocation::Integration(i) if i.integration.as_str() == app.as_str()));
            if has { Ok(Some(integration(app.as_str()))) } else { Err(missing(&format!("integration `{app}`"))) }
        }
        BookingLocationInput::OrganizersDefaultApp => {
            Err("`organizersDefaultApp` books the organizer's default conferencing app, and this server has no conferencing apps".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calends_model::bookings::BookingLocationIntegration;

    fn locations() -> Vec<InputLocation> {
        serde_json::from_value(serde_json::json!([
            {"type": "address", "address": "1 Main St", "public": true},
            {"type": "integration", "integration": "cal-video"},
            {"type": "attendeePhone"}
        ]))
        .unwrap()
    }

    #[test]
    fn defaults_to_the_first_location() {
        assert_eq!(resolve(None, None, &locations()), Ok(Some("1 Main St".into())));
        assert_eq!(
            resolve(None, Some("https://meet.example/x"), &locations()),
            Ok(Some("https://meet.example/x".into()))
        );
        assert_eq!(resolve(None, None, &[InputLocation::cal_video()]), Ok(Some("integrations:cal-video".into())));
    }

    #[test]
    fn a_choice_must_be_offered() {
        let l = locations();
        assert_eq!(resolve(Some(&BookingLocationInput::Address), None, &l), Ok(Some("1 Main St".into())));
        let phone = BookingLocationInput::AttendeePhone { phone: "+37120993151".into() };
        assert_eq!(resolve(Some(&phone), None, &l), Ok(Some("+37120993151".into())));
        let bad_phone = BookingLocationInput::AttendeePhone { phone: "call me".into() };
        assert!(resolve(Some(&bad_phone), None, &l).is_err());
        assert!(resolve(Some(&BookingLocationInput::Link), None, &l).unwrap_err().contains("address, integration"));
        let zoom = BookingLocationInput::Integration { integration: BookingLocationIntegration::Zoom };
        assert!(resolve(Some(&zoom), None, &l).is_err());
        let video = BookingLocationInput::Integration { integration: BookingLocationIntegration::CalVideo };
        assert_eq!(resolve(Some(&video), None, &l), Ok(Some("integrations:cal-video".into())));
        assert!(resolve(Some(&BookingLocationInput::OrganizersDefaultApp), None, &l).is_err());
    }
}

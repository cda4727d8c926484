//! The "Add to Calendar" links of a booking (`GET /v2/bookings/{bookingUid}/calendar-links`), written as Cal.com
//! writes them (`packages/features/bookings/lib/getCalendarLinks.ts`), quirks included, so links built by clients
//! against Cal.com look the same here:
//!
//! * The event name goes into the Google and Microsoft Office links unencoded (spaces and `&` as they are); the
//!   description and location are `encodeURIComponent`-encoded.
//! * The Microsoft Outlook link passes the whole URL, with the raw description and name, through `encodeURI`, which
//!   also re-escapes the `%` of the already encoded `path=%2Fcalendar...` (giving `%252F`); the location is appended
//!   afterwards.
//! * Office and Outlook times are dayjs `utc().format()`, `2024-08-13T15:30:00Z` (no milliseconds, unlike
//!   `toISOString`); Google's are `20240813T153000Z`.
//! * An empty description, location or recurrence counts as none (JavaScript's falsy strings).

use calends_model::bookings::{CalendarLink, CalendarLinkType};
use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike, Property};

/// What the links describe: one booking, as its attendee sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarEventInfo<'a> {
    /// The event name (the event type's event name template rendered for this booking, or its default).
    pub title: &'a str,
    /// The event type's description.
    pub description: Option<&'a str>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The meeting's video call URL (Cal.com's `metadata.videoCallUrl`); other locations are not linked.
    pub location: Option<&'a str>,
    /// The recurrence of a recurring booking as RRULE text without the `RRULE:` prefix, e.g. `FREQ=WEEKLY;COUNT=3`.
    /// It is written verbatim, so it must be a valid RFC 5545 recurrence rule.
    pub recurrence_rule: Option<&'a str>,
    /// The `UID` of the ICS event (the booking's `icsUid`, or its uid).
    pub uid: &'a str,
    /// When the booking last changed (its `updatedAt`), written as the ICS `DTSTAMP`. RFC 5545 makes the `DTSTAMP`
    /// of a calendar without `METHOD` the time the event information was last revised; taking it from the booking
    /// also keeps the links a pure function of the booking (Cal.com stamps the current time).
    pub last_modified: DateTime<Utc>,
}

/// The four links, in Cal.com's order: Google Calendar, Microsoft Office, Microsoft Outlook, ICS.
pub fn calendar_links(event: &CalendarEventInfo) -> Vec<CalendarLink> {
    let description = non_empty(event.description).unwrap_or("");
    let location = non_empty(event.location);
    let link = |label: &str, id, link| CalendarLink { label: label.to_owned(), id, link };
    vec![
        link("Google Calendar", CalendarLinkType::GoogleCalendar, google_calendar(event, description, location)),
        link("Microsoft Office", CalendarLinkType::MicrosoftOffice, microsoft_office(event, description, location)),
        link("Microsoft Outlook", CalendarLinkType::MicrosoftOutlook, microsoft_outlook(event, description, location)),
        link("ICS", CalendarLinkType::Ics, ics_data_url(event)),
    ]
}

fn google_calendar(event: &CalendarEventInfo, description: &str, location: Option<&str>) -> String {
    let mut link = format!(
        "https://calendar.google.com/calendar/r/eventedit?dates={}/{}&text={}&details={}",
        compact_utc(event.start),
        compact_utc(event.end),
        event.title,
        encode_uri_component(description),
    );
    if let Some(location) = location {
        link.push_str("&location=");
        link.push_str(&encode_uri_component(location));
    }
    if let Some(rule) = non_empty(event.recurrence_rule) {
        link.push_str("&recur=");
        link.push_str(&encode_uri_component(&format!("RRULE:{rule}")));
    }
    link
}

fn microsoft_office(event: &CalendarEventInfo, description: &str, location: Option<&str>) -> String {
    let mut link = format!(
        "https://outlook.office.com/calendar/0/deeplink/compose?body={}&enddt={}&path=%2Fcalendar%2Faction%2Fcompose\
         &rru=addevent&startdt={}&subject={}",
        encode_uri_component(description),
        dayjs_utc(event.end),
        dayjs_utc(event.start),
        event.title,
    );
    append_location(&mut link, location);
    link
}

fn microsoft_outlook(event: &CalendarEventInfo, description: &str, location: Option<&str>) -> String {
    let raw = format!(
        "https://outlook.live.com/calendar/0/deeplink/compose?body={description}&enddt={}\
         &path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&startdt={}&subject={}",
        dayjs_utc(event.end),
        dayjs_utc(event.start),
        event.title,
    );
    let mut link = encode_uri(&raw);
    append_location(&mut link, location);
    link
}

fn append_location(link: &mut String, location: Option<&str>) {
    if let Some(location) = location {
        link.push_str("&location=");
        link.push_str(&encode_uri_component(location));
    }
}

/// `data:text/calendar,` and the percent-encoded iCalendar text of the event.
fn ics_data_url(event: &CalendarEventInfo) -> String {
    format!("data:text/calendar,{}", encode_uri_component(&ics(event)))
}

/// The event as an iCalendar file, with the UTC start and a duration as Cal.com's `ics` package writes them
/// (`DTSTART:20240813T153000Z`, `DURATION:PT60M`). Unlike Cal.com's file it also carries the `RRULE` of a recurring
/// booking, so importing it creates the whole series, as the Google link does.
fn ics(event: &CalendarEventInfo) -> String {
    let mut vevent = Event::new();
    vevent
        .uid(event.uid)
        .timestamp(event.last_modified)
        .starts(event.start)
        .append_property(Property::new("DURATION", ics_duration(event.end - event.start)))
        .summary(&ics_text(event.title));
    if let Some(description) = non_empty(event.description) {
        vevent.description(&ics_text(description));
    }
    if let Some(location) = non_empty(event.location) {
        vevent.location(&ics_text(location));
    }
    if let Some(rule) = non_empty(event.recurrence_rule) {
        vevent.add_property("RRULE", rule);
    }

    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//Calends//Calends//EN"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .push(vevent.done());
    calendar.to_string()
}

/// An RFC 5545 duration: whole minutes as Cal.com writes them (`PT60M`), seconds otherwise.
fn ics_duration(duration: chrono::Duration) -> String {
    let seconds = duration.num_seconds();
    let sign = if seconds < 0 { "-" } else { "" };
    let seconds = seconds.unsigned_abs();
    if seconds.is_multiple_of(60) { format!("{sign}PT{}M", seconds / 60) } else { format!("{sign}PT{seconds}S") }
}

/// Text for an iCalendar TEXT value. The writer escapes `\`, `,`, `;` and line feeds but not carriage returns, which
/// would end the content line, so every line break becomes a line feed first.
fn ics_text(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty())
}

/// `20240813T153000Z` (dayjs `utc().format("YYYYMMDDTHHmmss[Z]")`).
fn compact_utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// `2024-08-13T15:30:00Z` (dayjs `utc().format()`, whose default UTC format has no milliseconds).
fn dayjs_utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// JavaScript's `encodeURIComponent`: every UTF-8 byte is percent-encoded (upper-case hex) except the unreserved
/// characters `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
pub fn encode_uri_component(text: &str) -> String {
    percent_encode(text, |_| false)
}

/// JavaScript's `encodeURI`: like [`encode_uri_component`], but the characters that structure a URI,
/// `; , / ? : @ & = + $ #`, are kept too. `%` is encoded, so an already encoded URI gets encoded twice. (JavaScript
/// throws on lone surrogates; a Rust string cannot hold one.)
pub fn encode_uri(text: &str) -> String {
    percent_encode(text, |b| b";,/?:@&=+$#".contains(&b))
}

fn percent_encode(text: &str, also_keep: impl Fn(u8) -> bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) || also_keep(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2050, 9, 5, hour, minute, 0).unwrap()
    }

    /// A recurring booking with everything set.
    fn full() -> CalendarEventInfo<'static> {
        CalendarEventInfo {
            title: "30 Min Meeting between Jane Doe and John Smith",
            description: Some("Let's talk & plan"),
            start: at(9, 0),
            end: at(9, 30),
            location: Some("https://meet.example.com/abc?x=1"),
            recurrence_rule: Some("FREQ=WEEKLY;COUNT=3"),
            uid: "fL3xUkWu9mYcGsQe6GbTnP",
            last_modified: Utc.with_ymd_and_hms(2050, 9, 1, 8, 0, 0).unwrap(),
        }
    }

    /// A one-off booking without description or location, with a title Cal.com leaves unencoded.
    fn bare() -> CalendarEventInfo<'static> {
        CalendarEventInfo {
            title: "Café ☕ & Co", description: None, location: None, recurrence_rule: None, ..full()
        }
    }

    fn link(links: &[CalendarLink], id: CalendarLinkType) -> &str {
        &links.iter().find(|l| l.id == id).unwrap().link
    }

    /// Percent-decoding, the inverse of `encode_uri_component`.
    fn percent_decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    fn ics_of(event: &CalendarEventInfo) -> String {
        let links = calendar_links(event);
        let url = link(&links, CalendarLinkType::Ics);
        let encoded = url.strip_prefix("data:text/calendar,").expect("a data URL");
        assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.!~*'()%".contains(&b)), "{encoded}");
        percent_decode(encoded)
    }

    #[test]
    fn labels_ids_and_order() {
        let links = calendar_links(&full());
        let got: Vec<(&str, CalendarLinkType)> = links.iter().map(|l| (l.label.as_str(), l.id)).collect();
        assert_eq!(
            got,
            [
                ("Google Calendar", CalendarLinkType::GoogleCalendar),
                ("Microsoft Office", CalendarLinkType::MicrosoftOffice),
                ("Microsoft Outlook", CalendarLinkType::MicrosoftOutlook),
                ("ICS", CalendarLinkType::Ics),
            ]
        );
        let json = serde_json::to_value(&links[0]).unwrap();
        assert_eq!(json["id"], "googleCalendar");
    }

    #[test]
    fn links_with_everything() {
        let links = calendar_links(&full());
        assert_eq!(
            link(&links, CalendarLinkType::GoogleCalendar),
            "https://calendar.google.com/calendar/r/eventedit?dates=20500905T090000Z/20500905T093000Z\
             &text=30 Min Meeting between Jane Doe and John Smith&details=Let's%20talk%20%26%20plan\
             &location=https%3A%2F%2Fmeet.example.com%2Fabc%3Fx%3D1&recur=RRULE%3AFREQ%3DWEEKLY%3BCOUNT%3D3"
        );
        assert_eq!(
            link(&links, CalendarLinkType::MicrosoftOffice),
            "https://outlook.office.com/calendar/0/deeplink/compose?body=Let's%20talk%20%26%20plan\
             &enddt=2050-09-05T09:30:00Z&path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&startdt=2050-09-05T09:00:00Z\
             &subject=30 Min Meeting between Jane Doe and John Smith\
             &location=https%3A%2F%2Fmeet.example.com%2Fabc%3Fx%3D1"
        );
        assert_eq!(
            link(&links, CalendarLinkType::MicrosoftOutlook),
            "https://outlook.live.com/calendar/0/deeplink/compose?body=Let's%20talk%20&%20plan\
             &enddt=2050-09-05T09:30:00Z&path=%252Fcalendar%252Faction%252Fcompose&rru=addevent\
             &startdt=2050-09-05T09:00:00Z&subject=30%20Min%20Meeting%20between%20Jane%20Doe%20and%20John%20Smith\
             &location=https%3A%2F%2Fmeet.example.com%2Fabc%3Fx%3D1"
        );
    }

    #[test]
    fn links_without_description_location_or_recurrence() {
        let links = calendar_links(&bare());
        assert_eq!(
            link(&links, CalendarLinkType::GoogleCalendar),
            "https://calendar.google.com/calendar/r/eventedit?dates=20500905T090000Z/20500905T093000Z\
             &text=Café ☕ & Co&details="
        );
        assert_eq!(
            link(&links, CalendarLinkType::MicrosoftOffice),
            "https://outlook.office.com/calendar/0/deeplink/compose?body=&enddt=2050-09-05T09:30:00Z\
             &path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&startdt=2050-09-05T09:00:00Z&subject=Café ☕ & Co"
        );
        assert_eq!(
            link(&links, CalendarLinkType::MicrosoftOutlook),
            "https://outlook.live.com/calendar/0/deeplink/compose?body=&enddt=2050-09-05T09:30:00Z\
             &path=%252Fcalendar%252Faction%252Fcompose&rru=addevent&startdt=2050-09-05T09:00:00Z\
             &subject=Caf%C3%A9%20%E2%98%95%20&%20Co"
        );
    }

    #[test]
    fn empty_strings_count_as_absent() {
        let empty =
            CalendarEventInfo { description: Some(""), location: Some(""), recurrence_rule: Some(""), ..bare() };
        assert_eq!(calendar_links(&empty)[..3], calendar_links(&bare())[..3]);
        assert_eq!(ics_of(&empty), ics_of(&bare()));
    }

    #[test]
    fn ics_parses_back() {
        let text = ics_of(&full());
        let calendar: Calendar = text.parse().expect("valid iCalendar");
        let events: Vec<&Event> = calendar.events().collect();
        assert_eq!(events.len(), 1);
        let event = events[0];
        assert_eq!(event.get_uid(), Some("fL3xUkWu9mYcGsQe6GbTnP"));
        assert_eq!(event.get_summary(), Some("30 Min Meeting between Jane Doe and John Smith"));
        assert_eq!(event.get_description(), Some("Let's talk & plan"));
        assert_eq!(event.get_location(), Some("https://meet.example.com/abc?x=1"));
        assert_eq!(event.get_start(), Some(at(9, 0).into()));
        assert_eq!(event.get_timestamp(), Some(full().last_modified));
        assert_eq!(event.property_value("DURATION"), Some("PT30M"));
        assert_eq!(event.property_value("RRULE"), Some("FREQ=WEEKLY;COUNT=3"));
        assert_eq!(calendar.property_value("VERSION"), Some("2.0"));
    }

    #[test]
    fn ics_structure() {
        let text = ics_of(&full());
        assert!(text.ends_with("\r\n"));
        assert!(!text.replace("\r\n", "").contains(['\r', '\n']), "every line ends with CRLF");
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        assert_eq!(
            lines,
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//Calends//Calends//EN",
                "CALSCALE:GREGORIAN",
                "BEGIN:VEVENT",
                "DESCRIPTION:Let's talk & plan",
                "DTSTAMP:20500901T080000Z",
                "DTSTART:20500905T090000Z",
                "DURATION:PT30M",
                "LOCATION:https://meet.example.com/abc?x=1",
                "RRULE:FREQ=WEEKLY;COUNT=3",
                "SUMMARY:30 Min Meeting between Jane Doe and John Smith",
                "UID:fL3xUkWu9mYcGsQe6GbTnP",
                "END:VEVENT",
                "END:VCALENDAR",
            ]
        );

        let bare = ics_of(&bare());
        assert!(bare.contains("\r\nSUMMARY:Café ☕ & Co\r\n"));
        for absent in ["DESCRIPTION", "LOCATION", "RRULE"] {
            assert!(!bare.contains(absent), "{absent}");
        }
    }

    #[test]
    fn ics_escapes_and_folds_long_text() {
        let description = "Agenda; budget, hiring\r\nand a very long line that goes on and on to exceed the seventy-five \
                           octet limit of one content line — with non-ASCII text: ünïcödé ✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓";
        let event = CalendarEventInfo { description: Some(description), ..full() };
        let text = ics_of(&event);
        for line in text.split_terminator("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert!(text.contains("DESCRIPTION:Agenda\\; budget\\, hiring\\nand a very long"), "{text}");
        let calendar: Calendar = text.parse().unwrap();
        let parsed = calendar.events().next().unwrap().get_description().unwrap().to_owned();
        assert_eq!(parsed, description.replace("\r\n", "\n"));
    }

    #[test]
    fn durations() {
        assert_eq!(ics_duration(chrono::Duration::minutes(60)), "PT60M");
        assert_eq!(ics_duration(chrono::Duration::minutes(0)), "PT0M");
        assert_eq!(ics_duration(chrono::Duration::seconds(90)), "PT90S");
        assert_eq!(ics_duration(chrono::Duration::minutes(-15)), "-PT15M");
    }

    #[test]
    fn encode_uri_component_matches_javascript() {
        // Unreserved characters stay.
        assert_eq!(encode_uri_component("AZaz09-_.!~*'()"), "AZaz09-_.!~*'()");
        // URI structure characters are encoded.
        assert_eq!(encode_uri_component(";,/?:@&=+$#"), "%3B%2C%2F%3F%3A%40%26%3D%2B%24%23");
        // Everything else too, upper-case hex.
        assert_eq!(encode_uri_component(" \"%<>[\\]^`{|}\n\t"), "%20%22%25%3C%3E%5B%5C%5D%5E%60%7B%7C%7D%0A%09");
        // Non-ASCII: each UTF-8 byte (2, 3 and 4-byte sequences).
        assert_eq!(encode_uri_component("ü€𝄞"), "%C3%BC%E2%82%AC%F0%9D%84%9E");
        assert_eq!(encode_uri_component(""), "");
    }

    #[test]
    fn encode_uri_matches_javascript() {
        assert_eq!(encode_uri("AZaz09-_.!~*'()"), "AZaz09-_.!~*'()");
        // URI structure characters stay.
        assert_eq!(encode_uri(";,/?:@&=+$#"), ";,/?:@&=+$#");
        // `%` is encoded: encoding twice changes an encoded URI.
        assert_eq!(encode_uri("a%2Fb"), "a%252Fb");
        assert_eq!(encode_uri(" \"<>[\\]^`{|}"), "%20%22%3C%3E%5B%5C%5D%5E%60%7B%7C%7D");
        assert_eq!(encode_uri("https://x.test/ü?q=€ 𝄞#f"), "https://x.test/%C3%BC?q=%E2%82%AC%20%F0%9D%84%9E#f");
    }
}

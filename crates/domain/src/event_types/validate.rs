//! Validation of event type requests.
//!
//! A creation is Cal.com's defaults with every given field applied; an update is the stored configuration with
//! the given fields applied. Either way each given field is checked on its own first (every bad field is reported,
//! with its path: `bookingFields[2].slug`, `bookingLimitsCount.day`, `locations[0].address`), then the rules that
//! tie fields together are checked on the merged whole. Those run only once every field is valid on its own, so a
//! rejected field never produces follow-up errors about values that were not applied.
//!
//! Whether `scheduleId` names one of the owner's schedules, whether the slug is free and whether a destination
//! calendar or conferencing app is connected are for storage and the server to check; this module has no I/O.

use calends_model::event_types::{
    BookerLayouts, BookingLimitsCountSetting, BookingLimitsDurationSetting, BookingWindowSetting, CalVideoSettings,
    ConfirmationPolicySetting, ConfirmationPolicyType, CreateEventTypeInput, DestinationCalendar, EventTypeColor,
    InputLocation, RecurrenceSetting, SeatsSetting, UpdateEventTypeInput,
};
use chrono::NaiveDate;

use super::booking_fields::{self, BookingField};
use super::{
    BookingLimits, BookingWindowConfig, ConfirmationPolicy, ConfirmationThreshold, EventTypeConfig, RecurrenceSettings,
    SeatsSettings,
};
use crate::error::Result;
use crate::validate::{self, Validator};

const MAX_TITLE: usize = 200;
const MAX_DESCRIPTION: usize = 10_000;
const MAX_SLUG: usize = 128;
/// Cal.com's `MAX_EVENT_DURATION_MINUTES`.
const MAX_LENGTH: u32 = 1440;
/// Bound of notices, buffers and offsets: a year.
const MAX_MINUTES: u32 = 525_600;
/// Bound of a days booking window: ten years.
const MAX_WINDOW_DAYS: u32 = 3650;
/// Cal.com's `MAX_SEATS_PER_TIME_SLOT`.
const MAX_SEATS: u32 = 1000;
const MAX_RECURRENCE_INTERVAL: u32 = 100;
const MAX_OCCURRENCES: u32 = 730;
/// Cal.com's minimum for duration limits.
const MIN_DURATION_LIMIT: u32 = 15;
const MAX_LOCATIONS: usize = 50;
const MAX_ADDRESS: usize = 500;
const MAX_URL: usize = 2048;
const MAX_CUSTOM_NAME: usize = 255;
const MAX_CALENDAR_TEXT: usize = 1000;

/// The variables a custom event name may use besides booking field slugs (Cal.com's `validateCustomEventName`).
const CUSTOM_NAME_VARIABLES: [&str; 13] = [
    "Event type title",
    "Organiser",
    "Scheduler",
    "Location",
    "Organiser first name",
    "Scheduler first name",
    "Scheduler last name",
    "Event duration",
    "LOCATION",
    "HOST/ATTENDEE",
    "HOST",
    "ATTENDEE",
    "USER",
];

/// Validates a `POST /v2/event-types` body into the configuration to store, with Cal.com's defaults for what it
/// leaves out (Cal Video as the location, the default booking form, 120 minutes of notice...).
pub fn validate_create(input: CreateEventTypeInput) -> Result<EventTypeConfig> {
    validate_changes(EventTypeConfig::default(), creation_as_changes(input))
}

/// Validates a `PATCH /v2/event-types/{eventTypeId}` body against the stored configuration: absent fields are left
/// as they are, then the result is validated as a whole.
pub fn validate_update(current: &EventTypeConfig, input: UpdateEventTypeInput) -> Result<EventTypeConfig> {
    validate_changes(current.clone(), input)
}

fn validate_changes(mut config: EventTypeConfig, changes: UpdateEventTypeInput) -> Result<EventTypeConfig> {
    let mut v = Validator::new();
    apply(&mut v, &mut config, changes);
    if v.is_empty() {
        check_whole(&mut v, &mut config);
    }
    v.finish().map(|()| config)
}

/// A creation is an update of the defaults that names every given field.
fn creation_as_changes(input: CreateEventTypeInput) -> UpdateEventTypeInput {
    let CreateEventTypeInput {
        length_in_minutes,
        length_in_minutes_options,
        title,
        slug,
        description,
        booking_fields,
        disable_guests,
        slot_interval,
        minimum_booking_notice,
        before_event_buffer,
        after_event_buffer,
        schedule_id,
        booking_limits_count,
        only_show_first_available_slot,
        booking_limits_duration,
        booking_window,
        offset_start,
        booker_layouts,
        confirmation_policy,
        recurrence,
        requires_booker_email_verification,
        hide_calendar_notes,
        lock_time_zone_toggle_on_booking_page,
        color,
        seats,
        custom_name,
        destination_calendar,
        use_destination_calendar_email,
        hide_calendar_event_details,
        success_redirect_url,
        hide_organizer_email,
        cal_video_settings,
        hidden,
        booking_requires_authentication,
        locations,
    } = input;
    UpdateEventTypeInput {
        length_in_minutes: Some(length_in_minutes),
        length_in_minutes_options: length_in_minutes_options.map(Some),
        title: Some(title),
        slug: Some(slug),
        description: description.map(Some),
        booking_fields,
        disable_guests,
        slot_interval: slot_interval.map(Some),
        minimum_booking_notice,
        before_event_buffer,
        after_event_buffer,
        schedule_id: schedule_id.map(Some),
        booking_limits_count,
        only_show_first_available_slot,
        booking_limits_duration,
        booking_window,
        offset_start,
        booker_layouts: booker_layouts.map(Some),
        confirmation_policy,
        recurrence,
        requires_booker_email_verification,
        hide_calendar_notes,
        lock_time_zone_toggle_on_booking_page,
        color: color.map(Some),
        seats,
        custom_name: custom_name.map(Some),
        destination_calendar: destination_calendar.map(Some),
        use_destination_calendar_email,
        hide_calendar_event_details,
        success_redirect_url: success_redirect_url.map(Some),
        hide_organizer_email,
        cal_video_settings: cal_video_settings.map(Some),
        hidden,
        booking_requires_authentication,
        locations,
    }
}

/// Checks each given field on its own and writes it into `config`.
fn apply(v: &mut Validator, config: &mut EventTypeConfig, changes: UpdateEventTypeInput) {
    // Destructured so that a field added to the wire type cannot be silently ignored here.
    let UpdateEventTypeInput {
        length_in_minutes,
        length_in_minutes_options,
        title,
        slug,
        description,
        booking_fields,
        disable_guests,
        slot_interval,
        minimum_booking_notice,
        before_event_buffer,
        after_event_buffer,
        schedule_id,
        booking_limits_count,
        only_show_first_available_slot,
        booking_limits_duration,
        booking_window,
        offset_start,
        booker_layouts,
        confirmation_policy,
        recurrence,
        requires_booker_email_verification,
        hide_calendar_notes,
        lock_time_zone_toggle_on_booking_page,
        color,
        seats,
        custom_name,
        destination_calendar,
        use_destination_calendar_email,
        hide_calendar_event_details,
        success_redirect_url,
        hide_organizer_email,
        cal_video_settings,
        hidden,
        booking_requires_authentication,
        locations,
    } = changes;

    if let Some(title) = title {
        v.take("title", validate::text(&title, MAX_TITLE));
        config.title = title;
    }
    if let Some(slug) = slug {
        v.take("slug", event_type_slug(&slug));
        config.slug = slug;
    }
    if let Some(description) = description {
        if let Some(text) = &description {
            let n = text.chars().count();
            v.check(
                n <= MAX_DESCRIPTION,
                "description",
                format!("must be at most {MAX_DESCRIPTION} characters, got {n}"),
            );
        }
        config.description = description.filter(|d| !d.is_empty());
    }
    if let Some(length) = length_in_minutes.and_then(|n| minutes(v, "lengthInMinutes", n, 1, MAX_LENGTH)) {
        config.length_in_minutes = length;
    }
    if let Some(options) = length_in_minutes_options {
        config.length_in_minutes_options = options.map(|options| length_options(v, &options));
    }
    if let Some(fields) = booking_fields {
        config.booking_fields = booking_fields::from_input(fields, v);
    }
    if let Some(locations) = locations {
        check_locations(v, &locations);
        config.locations = locations;
    }
    if let Some(interval) = slot_interval {
        config.slot_interval = interval.and_then(|n| minutes(v, "slotInterval", n, 1, MAX_LENGTH));
    }
    if let Some(n) = minimum_booking_notice.and_then(|n| minutes(v, "minimumBookingNotice", n, 0, MAX_MINUTES)) {
        config.minimum_booking_notice = n;
    }
    if let Some(n) = before_event_buffer.and_then(|n| minutes(v, "beforeEventBuffer", n, 0, MAX_MINUTES)) {
        config.before_event_buffer = n;
    }
    if let Some(n) = after_event_buffer.and_then(|n| minutes(v, "afterEventBuffer", n, 0, MAX_MINUTES)) {
        config.after_event_buffer = n;
    }
    if let Some(n) = offset_start.and_then(|n| minutes(v, "offsetStart", n, 0, MAX_MINUTES)) {
        config.offset_start = n;
    }
    if let Some(schedule_id) = schedule_id {
        if let Some(id) = schedule_id {
            v.check(id > 0, "scheduleId", format!("must be a positive schedule id, got {id}"));
        }
        config.schedule_id = schedule_id;
    }
    if let Some(setting) = booking_limits_count {
        config.booking_limits_count = match setting {
            BookingLimitsCountSetting::Disabled(_) => Some(BookingLimits::default()),
            BookingLimitsCountSetting::Limits(l) => {
                Some(limits(v, "bookingLimitsCount", [l.day, l.week, l.month, l.year], 1))
            }
        };
    }
    if let Some(setting) = booking_limits_duration {
        config.booking_limits_duration = match setting {
            BookingLimitsDurationSetting::Disabled(_) => Some(BookingLimits::default()),
            BookingLimitsDurationSetting::Limits(l) => {
                Some(limits(v, "bookingLimitsDuration", [l.day, l.week, l.month, l.year], MIN_DURATION_LIMIT))
            }
        };
    }
    if let Some(setting) = booking_window {
        config.booking_window = window(v, setting);
    }
    if let Some(layouts) = booker_layouts {
        if let Some(layouts) = &layouts {
            check_booker_layouts(v, layouts);
        }
        config.booker_layouts = layouts;
    }
    if let Some(setting) = confirmation_policy {
        config.confirmation_policy = confirmation(v, setting);
    }
    if let Some(setting) = recurrence {
        config.recurrence = recurrence_settings(v, setting);
    }
    if let Some(setting) = seats {
        config.seats = seat_settings(v, setting);
    }
    if let Some(color) = color {
        if let Some(color) = &color {
            check_color(v, color);
        }
        config.color = color;
    }
    if let Some(name) = custom_name {
        if let Some(name) = &name {
            let n = name.chars().count();
            v.check(
                n <= MAX_CUSTOM_NAME,
                "customName",
                format!("must be at most {MAX_CUSTOM_NAME} characters, got {n}"),
            );
        }
        config.custom_name = name.filter(|n| !n.is_empty());
    }
    if let Some(calendar) = destination_calendar {
        if let Some(calendar) = &calendar {
            check_destination_calendar(v, calendar);
        }
        config.destination_calendar = calendar;
    }
    if let Some(url) = success_redirect_url {
        if let Some(url) = &url {
            check_url(v, "successRedirectUrl", url);
        }
        config.success_redirect_url = url;
    }
    if let Some(settings) = cal_video_settings {
        if let Some(CalVideoSettings { redirect_url_on_exit: Some(url), .. }) = &settings {
            check_url(v, "calVideoSettings.redirectUrlOnExit", url);
        }
        config.cal_video_settings = settings;
    }

    let flags = [
        (disable_guests, &mut config.disable_guests),
        (only_show_first_available_slot, &mut config.only_show_first_available_slot),
        (requires_booker_email_verification, &mut config.requires_booker_email_verification),
        (hide_calendar_notes, &mut config.hide_calendar_notes),
        (lock_time_zone_toggle_on_booking_page, &mut config.lock_time_zone_toggle_on_booking_page),
        (use_destination_calendar_email, &mut config.use_destination_calendar_email),
        (hide_calendar_event_details, &mut config.hide_calendar_event_details),
        (hide_organizer_email, &mut config.hide_organizer_email),
        (hidden, &mut config.hidden),
        (booking_requires_authentication, &mut config.booking_requires_authentication),
    ];
    for (given, stored) in flags {
        if let Some(value) = given {
            *stored = value;
        }
    }
}

/// The rules that tie fields together, on the merged configuration.
fn check_whole(v: &mut Validator, config: &mut EventTypeConfig) {
    booking_fields::place_location_field(&mut config.booking_fields, config.locations.len());

    if let Some(options) = &config.length_in_minutes_options {
        let length = config.length_in_minutes;
        v.check(
            options.contains(&length),
            "lengthInMinutesOptions",
            format!("must include lengthInMinutes ({length}), got {options:?}"),
        );
    }
    // Cal.com's seat rules: a seated slot is shared, so it cannot wait for a confirmation or offer a choice of
    // location to each attendee.
    if config.seats.is_some() {
        v.check(
            config.confirmation_policy.is_none(),
            "seats",
            "cannot be enabled together with a confirmation policy: send confirmationPolicy {\"disabled\": true} or \
             seats {\"disabled\": true}",
        );
        let n = config.locations.len();
        v.check(n <= 1, "seats", format!("an event type with seats can have only one location, got {n}"));
    }
    if let Some(name) = &config.custom_name {
        v.take("customName", custom_name_variables(name, &config.booking_fields));
    }
}

/// Minutes within `min..=max`.
fn minutes(v: &mut Validator, field: &str, value: i32, min: u32, max: u32) -> Option<u32> {
    match u32::try_from(value) {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            v.add(field, format!("must be between {min} and {max}, got {value}"));
            None
        }
    }
}

/// The lengths a booker can choose: at least one, each a valid length, no repeats.
fn length_options(v: &mut Validator, options: &[i32]) -> Vec<u32> {
    if options.is_empty() {
        v.add("lengthInMinutesOptions", "must contain at least one length");
    }
    let mut lengths = Vec::with_capacity(options.len());
    for (i, &option) in options.iter().enumerate() {
        let path = format!("lengthInMinutesOptions[{i}]");
        if let Some(length) = minutes(v, &path, option, 1, MAX_LENGTH) {
            if lengths.contains(&length) {
                v.add(path, format!("repeats {length}"));
            } else {
                lengths.push(length);
            }
        }
    }
    lengths
}

/// An event type slug as Cal.com's slugify produces it: 1 to 128 lowercase letters and digits in words joined by
/// single hyphens. Purely numeric slugs are fine: paths use ids, slugs only appear in booking page URLs and in the
/// `eventSlug` query parameter.
fn event_type_slug(slug: &str) -> std::result::Result<(), String> {
    let well_formed = (1..=MAX_SLUG).contains(&slug.len())
        && slug
            .split('-')
            .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    if well_formed {
        Ok(())
    } else {
        Err(format!(
            "`{slug}` is not a slug: use 1 to {MAX_SLUG} lowercase letters and digits, words joined by single hyphens \
             (for example `intro-call`)"
        ))
    }
}

/// Limits per period: each at least `min`, and a longer period's limit not below a shorter one's (Cal.com
/// rejects, for example, a day limit above the week limit).
fn limits(v: &mut Validator, field: &str, values: [Option<i32>; 4], min: u32) -> BookingLimits {
    const PERIODS: [&str; 4] = ["day", "week", "month", "year"];
    let mut checked = [None; 4];
    for (i, value) in values.into_iter().enumerate() {
        if let Some(value) = value {
            match u32::try_from(value) {
                Ok(n) if n >= min => checked[i] = Some(n),
                _ => v.add(format!("{field}.{}", PERIODS[i]), format!("must be at least {min}, got {value}")),
            }
        }
    }
    for shorter in 0..PERIODS.len() {
        let Some(limit) = checked[shorter] else { continue };
        let exceeded =
            (shorter + 1..PERIODS.len()).find_map(|longer| checked[longer].filter(|&l| l < limit).map(|l| (longer, l)));
        if let Some((longer, longer_limit)) = exceeded {
            v.add(
                format!("{field}.{}", PERIODS[shorter]),
                format!("cannot exceed the {} limit ({longer_limit}), got {limit}", PERIODS[longer]),
            );
        }
    }
    let [day, week, month, year] = checked;
    BookingLimits { day, week, month, year }
}

fn window(v: &mut Validator, setting: BookingWindowSetting) -> Option<BookingWindowConfig> {
    let days = |v: &mut Validator, value: i32| minutes(v, "bookingWindow.value", value, 1, MAX_WINDOW_DAYS);
    match setting {
        BookingWindowSetting::Disabled(_) => None,
        BookingWindowSetting::BusinessDays(w) => {
            days(v, w.value).map(|days| BookingWindowConfig::BusinessDays { days, rolling: w.rolling.unwrap_or(false) })
        }
        BookingWindowSetting::CalendarDays(w) => {
            days(v, w.value).map(|days| BookingWindowConfig::CalendarDays { days, rolling: w.rolling.unwrap_or(false) })
        }
        BookingWindowSetting::Range(w) => date_range(v, &w.value),
    }
}

/// `[start, end]` as `YYYY-MM-DD`, start not after end.
fn date_range(v: &mut Validator, value: &[String]) -> Option<BookingWindowConfig> {
    if value.len() != 2 {
        v.add("bookingWindow.value", format!("must be two dates, [start, end], got {} values", value.len()));
        return None;
    }
    let mut date = |i: usize| {
        let text = &value[i];
        // `%Y-%m-%d` alone also accepts unpadded months and days; the length pins the documented format.
        let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().filter(|_| text.len() == 10);
        v.take(&format!("bookingWindow.value[{i}]"), parsed.ok_or_else(|| format!("`{text}` is not a YYYY-MM-DD date")))
    };
    let (start, end) = (date(0), date(1));
    let (start, end) = (start?, end?);
    if start > end {
        v.add("bookingWindow.value", format!("the start {start} is after the end {end}"));
        return None;
    }
    Some(BookingWindowConfig::Range { start, end })
}

fn check_booker_layouts(v: &mut Validator, layouts: &BookerLayouts) {
    if layouts.enabled_layouts.is_empty() {
        v.add("bookerLayouts.enabledLayouts", "must contain at least one layout");
    }
    for (i, layout) in layouts.enabled_layouts.iter().enumerate() {
        if layouts.enabled_layouts[..i].contains(layout) {
            v.add(format!("bookerLayouts.enabledLayouts[{i}]"), format!("repeats `{layout}`"));
        }
    }
    if !layouts.enabled_layouts.contains(&layouts.default_layout) {
        v.add("bookerLayouts.defaultLayout", format!("`{}` must be one of enabledLayouts", layouts.default_layout));
    }
}

fn confirmation(v: &mut Validator, setting: ConfirmationPolicySetting) -> Option<ConfirmationPolicy> {
    let policy = match setting {
        ConfirmationPolicySetting::Disabled(_) => return None,
        ConfirmationPolicySetting::Policy(policy) => policy,
    };
    let notice_threshold = match (policy.policy_type, policy.notice_threshold) {
        // Cal.com ignores a threshold sent with `always`.
        (ConfirmationPolicyType::Always, _) => None,
        (ConfirmationPolicyType::Time, None) => {
            v.add("confirmationPolicy.noticeThreshold", "is required when type is `time`");
            None
        }
        (ConfirmationPolicyType::Time, Some(threshold)) => match u32::try_from(threshold.count) {
            Ok(count) if count >= 1 => {
                let threshold = ConfirmationThreshold { unit: threshold.unit, count };
                v.check(
                    threshold.minutes() <= MAX_MINUTES,
                    "confirmationPolicy.noticeThreshold.count",
                    format!("must be at most a year ({MAX_MINUTES} minutes), got {count} {}", threshold.unit),
                );
                Some(threshold)
            }
            _ => {
                v.add(
                    "confirmationPolicy.noticeThreshold.count",
                    format!("must be at least 1, got {}", threshold.count),
                );
                None
            }
        },
    };
    Some(ConfirmationPolicy {
        notice_threshold,
        block_unconfirmed_bookings_in_booker: policy.block_unconfirmed_bookings_in_booker,
    })
}

fn recurrence_settings(v: &mut Validator, setting: RecurrenceSetting) -> Option<RecurrenceSettings> {
    let recurrence = match setting {
        RecurrenceSetting::Disabled(_) => return None,
        RecurrenceSetting::Recurrence(recurrence) => recurrence,
    };
    let interval = minutes(v, "recurrence.interval", recurrence.interval, 1, MAX_RECURRENCE_INTERVAL);
    let occurrences = minutes(v, "recurrence.occurrences", recurrence.occurrences, 1, MAX_OCCURRENCES);
    Some(RecurrenceSettings { frequency: recurrence.frequency, interval: interval?, occurrences: occurrences? })
}

fn seat_settings(v: &mut Validator, setting: SeatsSetting) -> Option<SeatsSettings> {
    let seats = match setting {
        SeatsSetting::Disabled(_) => return None,
        SeatsSetting::Seats(seats) => seats,
    };
    Some(SeatsSettings {
        seats_per_time_slot: minutes(v, "seats.seatsPerTimeSlot", seats.seats_per_time_slot, 1, MAX_SEATS)?,
        show_attendee_info: seats.show_attendee_info,
        show_availability_count: seats.show_availability_count,
    })
}

fn check_locations(v: &mut Validator, locations: &[InputLocation]) {
    if locations.is_empty() {
        v.add("locations", "must contain at least 1 location");
    }
    if locations.len() > MAX_LOCATIONS {
        v.add("locations", format!("must contain at most {MAX_LOCATIONS} locations, got {}", locations.len()));
    }
    for (i, location) in locations.iter().enumerate() {
        match location {
            InputLocation::Address(l) => {
                v.take(&format!("locations[{i}].address"), validate::text(&l.address, MAX_ADDRESS));
            }
            InputLocation::Link(l) => check_url(v, &format!("locations[{i}].link"), &l.link),
            InputLocation::Phone(l) => {
                v.take(&format!("locations[{i}].phone"), phone_number(&l.phone));
            }
            InputLocation::Integration(_)
            | InputLocation::AttendeeAddress(_)
            | InputLocation::AttendeePhone(_)
            | InputLocation::AttendeeDefined(_) => {}
        }
    }
}

/// An international phone number: `+`, then 7 to 15 digits (E.164's most), with optional spaces, dots, dashes and
/// parentheses between them. Cal.com checks with libphonenumber; this keeps the plausible shape without its tables.
fn phone_number(value: &str) -> std::result::Result<(), String> {
    let rest = value.strip_prefix('+').ok_or_else(|| format!("`{value}` must start with `+` and the country code"))?;
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    let well_formed = rest.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')'))
        && rest.starts_with(|c: char| c.is_ascii_digit());
    if well_formed && (7..=15).contains(&digits) {
        Ok(())
    } else {
        Err(format!("`{value}` is not an international phone number (for example `+37120993151`)"))
    }
}

fn check_url(v: &mut Validator, field: &str, url: &str) {
    if url.len() > MAX_URL {
        v.add(field, format!("must be at most {MAX_URL} characters"));
    } else {
        v.take(field, validate::http_url(url).map(|_| ()));
    }
}

/// Cal.com's `IsHexColor`, narrowed to the forms its interfaces use: `#rgb` or `#rrggbb`.
fn check_color(v: &mut Validator, color: &EventTypeColor) {
    for (field, value) in
        [("color.lightThemeHex", &color.light_theme_hex), ("color.darkThemeHex", &color.dark_theme_hex)]
    {
        let ok = value
            .strip_prefix('#')
            .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()));
        v.check(ok, field, format!("`{value}` is not a hex color like `#292929`"));
    }
}

fn check_destination_calendar(v: &mut Validator, calendar: &DestinationCalendar) {
    v.take("destinationCalendar.integration", validate::text(&calendar.integration, MAX_CALENDAR_TEXT));
    v.take("destinationCalendar.externalId", validate::text(&calendar.external_id, MAX_CALENDAR_TEXT));
}

/// Every `{...}` of a custom event name must be one of Cal.com's variables or the slug of a booking field.
fn custom_name_variables(name: &str, fields: &[BookingField]) -> std::result::Result<(), String> {
    let mut rest = name;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let variable = &after[..close];
        let known = variable.is_empty()
            || CUSTOM_NAME_VARIABLES.contains(&variable)
            || fields.iter().any(|f| f.slug == variable);
        if !known {
            return Err(format!(
                "unknown variable `{{{variable}}}`: use {} or `{{slug}}` of a booking field",
                CUSTOM_NAME_VARIABLES.map(|v| format!("{{{v}}}")).join(", ")
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

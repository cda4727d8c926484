use calends_model::common::WeekDay;
use calends_model::event_types::{
    BookingFieldInput, CreateEventTypeInput, Frequency, InputLocation, NoticeThresholdUnit, UpdateEventTypeInput,
};
use calends_slots::{BookingWindow, PeriodLimits, Rules};
use chrono::{NaiveDate, TimeZone, Utc, Weekday};
use serde_json::{Value, json};

use super::*;
use crate::Error;

fn minimal() -> Value {
    json!({"lengthInMinutes": 30, "title": "Intro call", "slug": "intro-call"})
}

/// `minimal()` with the given properties added or replaced.
fn with(overrides: Value) -> Value {
    let mut body = minimal();
    for (key, value) in overrides.as_object().expect("overrides are an object") {
        body[key] = value.clone();
    }
    body
}

fn create(body: Value) -> crate::Result<EventTypeConfig> {
    validate_create(serde_json::from_value::<CreateEventTypeInput>(body).expect("the body decodes"))
}

fn update(current: &EventTypeConfig, body: Value) -> crate::Result<EventTypeConfig> {
    validate_update(current, serde_json::from_value::<UpdateEventTypeInput>(body).expect("the body decodes"))
}

fn bad_fields(result: crate::Result<EventTypeConfig>) -> Vec<String> {
    match result {
        Err(Error::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
        other => panic!("expected invalid fields, got {other:?}"),
    }
}

fn slugs(config: &EventTypeConfig) -> Vec<&str> {
    config.booking_fields.iter().map(|f| f.slug.as_str()).collect()
}

fn owner() -> EventTypeOwner {
    EventTypeOwner {
        id: 7,
        username: "alice".into(),
        name: Some("Alice".into()),
        avatar_url: None,
        week_start: WeekDay::Monday,
    }
}

fn stored(config: EventTypeConfig) -> EventType {
    let at = Utc.with_ymd_and_hms(2030, 1, 2, 3, 4, 5).unwrap();
    EventType { id: 42, owner_id: 7, team_id: None, parent_id: None, config, created_at: at, updated_at: at }
}

#[test]
fn the_reference_examples_validate() {
    let config = create(CreateEventTypeInput::example()).unwrap();
    assert_eq!(config.length_options(), [15, 30, 60]);
    assert_eq!(config.locations.len(), 4);
    assert_eq!(
        slugs(&config),
        [
            "name",
            "email",
            "location",
            "flan-flavour",
            "delivery-address",
            "notes",
            "title",
            "guests",
            "rescheduleReason"
        ]
    );
    assert_eq!(config.booking_fields[0].label.as_deref(), Some("Your name"));
    assert!(config.booking_field("notes").unwrap().required);
    assert_eq!(
        config.booking_limits_count,
        Some(BookingLimits { day: Some(1), week: Some(2), month: Some(3), year: Some(4) })
    );
    assert_eq!(config.booking_window, Some(BookingWindowConfig::BusinessDays { days: 5, rolling: true }));
    assert_eq!(config.confirmation_notice_threshold_minutes(), Some(30));
    assert_eq!(
        config.recurrence(),
        Some(RecurrenceSettings { frequency: Frequency::Weekly, interval: 10, occurrences: 10 })
    );
    assert_eq!(config.schedule_id(), Some(1));

    let seated = create(CreateEventTypeInput::seated_example()).unwrap();
    assert_eq!(
        seated.seats(),
        Some(SeatsSettings { seats_per_time_slot: 4, show_attendee_info: true, show_availability_count: true })
    );
    assert!(!seated.requires_confirmation());
    assert_eq!(seated.recurrence(), None);
    assert_eq!(
        seated.booking_window,
        Some(BookingWindowConfig::Range {
            start: NaiveDate::from_ymd_opt(2030, 9, 5).unwrap(),
            end: NaiveDate::from_ymd_opt(2030, 9, 9).unwrap()
        })
    );
}

#[test]
fn every_rule_names_its_field() {
    let text_field = |slug: &str| json!({"type": "text", "slug": slug, "label": "Q", "required": false});
    let select =
        |options: Value| json!({"type": "select", "slug": "s", "label": "Q", "required": true, "options": options});
    let seats = json!({"seatsPerTimeSlot": 3, "showAttendeeInfo": false, "showAvailabilityCount": true});
    let address = json!({"type": "address", "address": "1 Main St", "public": true});
    let cases: Vec<(Value, &str)> = vec![
        (json!({"title": ""}), "title"),
        (json!({"title": "x".repeat(201)}), "title"),
        (json!({"slug": "Intro Call"}), "slug"),
        (json!({"slug": "intro/call"}), "slug"),
        (json!({"slug": "-intro"}), "slug"),
        (json!({"slug": "intro--call"}), "slug"),
        (json!({"slug": ""}), "slug"),
        (json!({"slug": "a".repeat(129)}), "slug"),
        (json!({"description": "d".repeat(10_001)}), "description"),
        (json!({"lengthInMinutes": 0}), "lengthInMinutes"),
        (json!({"lengthInMinutes": 1441}), "lengthInMinutes"),
        (json!({"lengthInMinutesOptions": [15, 60]}), "lengthInMinutesOptions"),
        (json!({"lengthInMinutesOptions": []}), "lengthInMinutesOptions"),
        (json!({"lengthInMinutesOptions": [30, 30]}), "lengthInMinutesOptions[1]"),
        (json!({"lengthInMinutesOptions": [30, -15]}), "lengthInMinutesOptions[1]"),
        (json!({"slotInterval": 0}), "slotInterval"),
        (json!({"minimumBookingNotice": -1}), "minimumBookingNotice"),
        (json!({"minimumBookingNotice": 525_601}), "minimumBookingNotice"),
        (json!({"beforeEventBuffer": -5}), "beforeEventBuffer"),
        (json!({"afterEventBuffer": 600_000}), "afterEventBuffer"),
        (json!({"offsetStart": -1}), "offsetStart"),
        (json!({"scheduleId": 0}), "scheduleId"),
        (json!({"bookingLimitsCount": {"day": 0}}), "bookingLimitsCount.day"),
        (json!({"bookingLimitsCount": {"day": 5, "week": 3}}), "bookingLimitsCount.day"),
        (json!({"bookingLimitsCount": {"week": 10, "year": 4}}), "bookingLimitsCount.week"),
        (json!({"bookingLimitsCount": {"month": 10, "year": 4}}), "bookingLimitsCount.month"),
        (json!({"bookingLimitsDuration": {"day": 10}}), "bookingLimitsDuration.day"),
        (json!({"bookingLimitsDuration": {"month": 600, "year": 300}}), "bookingLimitsDuration.month"),
        (json!({"bookingWindow": {"type": "businessDays", "value": 0}}), "bookingWindow.value"),
        (json!({"bookingWindow": {"type": "calendarDays", "value": 4000}}), "bookingWindow.value"),
        (json!({"bookingWindow": {"type": "range", "value": ["2030-09-09", "2030-09-05"]}}), "bookingWindow.value"),
        (json!({"bookingWindow": {"type": "range", "value": ["2030-09-05"]}}), "bookingWindow.value"),
        (json!({"bookingWindow": {"type": "range", "value": ["2030-9-5", "2030-09-09"]}}), "bookingWindow.value[0]"),
        (json!({"bookingWindow": {"type": "range", "value": ["2030-09-05", "2030-02-30"]}}), "bookingWindow.value[1]"),
        (
            json!({"seats": {"seatsPerTimeSlot": 0, "showAttendeeInfo": true, "showAvailabilityCount": true}}),
            "seats.seatsPerTimeSlot",
        ),
        (
            json!({"seats": {"seatsPerTimeSlot": 1001, "showAttendeeInfo": true, "showAvailabilityCount": true}}),
            "seats.seatsPerTimeSlot",
        ),
        (json!({"recurrence": {"interval": 0, "occurrences": 5, "frequency": "weekly"}}), "recurrence.interval"),
        (json!({"recurrence": {"interval": 1, "occurrences": 0, "frequency": "monthly"}}), "recurrence.occurrences"),
        (json!({"recurrence": {"interval": 1, "occurrences": 731, "frequency": "yearly"}}), "recurrence.occurrences"),
        (json!({"successRedirectUrl": "example.com/done"}), "successRedirectUrl"),
        (json!({"successRedirectUrl": "ftp://example.com/done"}), "successRedirectUrl"),
        (json!({"bookingFields": []}), "bookingFields"),
        (
            json!({"bookingFields": [text_field("a"),
                                     {"type": "number", "slug": "a", "label": "N", "required": true}]}),
            "bookingFields[1].slug",
        ),
        (json!({"bookingFields": [{"type": "name"}, {"type": "name", "label": "Again"}]}), "bookingFields[1].type"),
        (json!({"bookingFields": [text_field("has space")]}), "bookingFields[0].slug"),
        (json!({"bookingFields": [text_field("email")]}), "bookingFields[0].slug"),
        (json!({"bookingFields": [select(json!([]))]}), "bookingFields[0].options"),
        (json!({"bookingFields": [select(json!(["a", ""]))]}), "bookingFields[0].options[1]"),
        (json!({"bookingFields": [select(json!(["a", "a"]))]}), "bookingFields[0].options[1]"),
        (json!({"bookingFields": [{"type": "email", "required": false}]}), "bookingFields[0].required"),
        (json!({"bookingFields": [{"type": "email", "hidden": true}]}), "bookingFields[0].hidden"),
        (json!({"bookingFields": [{"slug": "notes", "label": "n".repeat(1001)}]}), "bookingFields[0].label"),
        (json!({"locations": []}), "locations"),
        (json!({"locations": [{"type": "address", "address": " ", "public": true}]}), "locations[0].address"),
        (json!({"locations": [{"type": "link", "link": "meet me online", "public": true}]}), "locations[0].link"),
        (json!({"locations": [{"type": "phone", "phone": "37120993151", "public": false}]}), "locations[0].phone"),
        (json!({"locations": [{"type": "phone", "phone": "+371", "public": false}]}), "locations[0].phone"),
        (json!({"locations": [{"type": "phone", "phone": "+1 (555) abc", "public": false}]}), "locations[0].phone"),
        (json!({"color": {"lightThemeHex": "red", "darkThemeHex": "#fafafa"}}), "color.lightThemeHex"),
        (json!({"color": {"lightThemeHex": "#292929", "darkThemeHex": "#fafaf"}}), "color.darkThemeHex"),
        (
            json!({"bookerLayouts": {"defaultLayout": "week", "enabledLayouts": ["month"]}}),
            "bookerLayouts.defaultLayout",
        ),
        (
            json!({"bookerLayouts": {"defaultLayout": "month", "enabledLayouts": ["month", "month"]}}),
            "bookerLayouts.enabledLayouts[1]",
        ),
        (
            json!({"confirmationPolicy": {"type": "time", "blockUnconfirmedBookingsInBooker": true}}),
            "confirmationPolicy.noticeThreshold",
        ),
        (
            json!({"confirmationPolicy": {"type": "time", "noticeThreshold": {"unit": "hours", "count": 0},
                                          "blockUnconfirmedBookingsInBooker": false}}),
            "confirmationPolicy.noticeThreshold.count",
        ),
        (
            json!({"confirmationPolicy": {"type": "always", "blockUnconfirmedBookingsInBooker": false},
                   "seats": seats}),
            "seats",
        ),
        (json!({"seats": seats, "locations": [address, {"type": "attendeePhone"}]}), "seats"),
        (json!({"customName": "{Event type title} with {Nobody}"}), "customName"),
        (json!({"customName": "n".repeat(256)}), "customName"),
        (
            json!({"destinationCalendar": {"integration": "", "externalId": "x@example.com"}}),
            "destinationCalendar.integration",
        ),
        (json!({"calVideoSettings": {"redirectUrlOnExit": "nope"}}), "calVideoSettings.redirectUrlOnExit"),
    ];
    for (overrides, field) in cases {
        let fields = bad_fields(create(with(overrides.clone())));
        assert_eq!(fields, [field], "for {overrides}");
    }
}

#[test]
fn every_bad_field_is_reported_at_once() {
    let body = with(json!({
        "title": " ",
        "slug": "Bad Slug",
        "lengthInMinutes": 0,
        "bookingLimitsCount": {"day": 0, "week": -1},
        "locations": [{"type": "link", "link": "nope", "public": true},
                      {"type": "phone", "phone": "1", "public": true}],
        "bookingFields": [{"type": "url", "slug": "a b", "label": "U", "required": true}]
    }));
    assert_eq!(
        bad_fields(create(body)),
        [
            "title",
            "slug",
            "lengthInMinutes",
            "bookingFields[0].slug",
            "locations[0].link",
            "locations[1].phone",
            "bookingLimitsCount.day",
            "bookingLimitsCount.week"
        ]
    );
}

#[test]
fn what_cal_com_accepts_is_accepted() {
    let config = create(with(json!({
        "slug": "2024",
        "lengthInMinutesOptions": [60, 30],
        "bookingFields": [{"type": "text", "slug": "company_name", "label": "Company", "required": true}],
        "customName": "{Event type title} for {company_name} ({Event duration})",
        "locations": [{"type": "phone", "phone": "+1 (555) 010-9999", "public": false}],
        "color": {"lightThemeHex": "#FFF", "darkThemeHex": "#000000"},
        "bookingLimitsDuration": {"day": 100, "week": 200},
        "recurrence": {"disabled": true},
        "bookingWindow": {"disabled": true},
        "confirmationPolicy": {"type": "always", "noticeThreshold": {"unit": "hours", "count": 2},
                               "blockUnconfirmedBookingsInBooker": false}
    })))
    .unwrap();
    assert_eq!(config.length_options(), [60, 30]);
    assert_eq!(
        config.booking_limits_duration,
        Some(BookingLimits { day: Some(100), week: Some(200), ..Default::default() })
    );
    assert_eq!(config.booking_window, None);
    // A threshold sent with `always` is ignored, as Cal.com ignores it.
    assert_eq!(
        config.confirmation_policy,
        Some(ConfirmationPolicy { notice_threshold: None, block_unconfirmed_bookings_in_booker: false })
    );
}

#[test]
fn a_minimal_creation_gets_cal_com_defaults() {
    let config = create(minimal()).unwrap();
    let output = serde_json::to_value(to_output(&stored(config), &owner())).unwrap();
    // Built in parts: one `json!` of the whole output exceeds the macro's recursion limit.
    let booking_fields = json!([
        {"type": "name", "disableOnPrefill": false, "isDefault": true, "slug": "name", "required": true},
        {"type": "email", "required": true, "hidden": false, "disableOnPrefill": false, "isDefault": true,
         "slug": "email"},
        {"slug": "title", "required": true, "hidden": true, "disableOnPrefill": false, "isDefault": true,
         "type": "text"},
        {"slug": "notes", "required": false, "hidden": false, "disableOnPrefill": false, "isDefault": true,
         "type": "textarea"},
        {"slug": "guests", "required": false, "hidden": false, "disableOnPrefill": false, "isDefault": true,
         "type": "multiemail"},
        {"slug": "rescheduleReason", "required": false, "hidden": false, "disableOnPrefill": false,
         "isDefault": true, "type": "textarea"}
    ]);
    let users = json!([{"id": 7, "name": "Alice", "username": "alice", "avatarUrl": null, "weekStart": "Monday",
                   "brandColor": null, "darkBrandColor": null, "metadata": {}}]);
    let mut expected = json!({
        "id": 42,
        "ownerId": 7,
        "lengthInMinutes": 30,
        "title": "Intro call",
        "slug": "intro-call",
        "description": "",
        "locations": [{"type": "integration", "integration": "cal-video"}],
        "recurrence": null,
        "disableGuests": false,
        "slotInterval": null,
        "minimumBookingNotice": 120,
        "beforeEventBuffer": 0,
        "afterEventBuffer": 0,
        "metadata": {},
        "price": 0,
        "currency": "usd",
        "lockTimeZoneToggleOnBookingPage": false,
        "seatsPerTimeSlot": null,
        "forwardParamsSuccessRedirect": true,
        "successRedirectUrl": null,
        "isInstantEvent": false,
        "seatsShowAvailabilityCount": null,
        "scheduleId": null,
        "onlyShowFirstAvailableSlot": false,
        "bookingWindow": {"disabled": true},
        "confirmationPolicy": {"disabled": true},
        "requiresBookerEmailVerification": false,
        "hideCalendarNotes": false,
        "seats": {"disabled": true},
        "offsetStart": 0,
        "useDestinationCalendarEmail": false,
        "hideCalendarEventDetails": false,
        "hideOrganizerEmail": false,
        "hidden": false,
        "bookingRequiresAuthentication": false
    });
    expected["bookingFields"] = booking_fields;
    expected["users"] = users;
    assert_eq!(output, expected);
}

#[test]
fn the_output_repeats_what_was_configured() {
    let config = create(CreateEventTypeInput::example()).unwrap();
    let output = serde_json::to_value(to_output(&stored(config), &owner())).unwrap();
    let example = CreateEventTypeInput::example();
    for key in [
        "lengthInMinutesOptions",
        "bookingLimitsCount",
        "bookingLimitsDuration",
        "bookingWindow",
        "bookerLayouts",
        "confirmationPolicy",
        "recurrence",
        "color",
        "customName",
        "successRedirectUrl",
        "calVideoSettings",
        "locations",
        "slotInterval",
        "minimumBookingNotice",
        "afterEventBuffer",
    ] {
        assert_eq!(output[key], example[key], "{key}");
    }
    assert_eq!(
        output["bookingFields"][2],
        json!({"isDefault": true, "slug": "location", "type": "radioInput", "required": false, "hidden": false})
    );
    assert_eq!(
        output["bookingFields"][3],
        json!({"type": "select", "slug": "flan-flavour", "label": "Please select an option", "required": true,
               "placeholder": "Select...", "options": ["Option 1", "Option 2"], "disableOnPrefill": false,
               "hidden": false, "isDefault": false})
    );

    let seated = create(CreateEventTypeInput::seated_example()).unwrap();
    let output = serde_json::to_value(to_output(&stored(seated), &owner())).unwrap();
    assert_eq!(output["seats"], CreateEventTypeInput::seated_example()["seats"]);
    assert_eq!(output["seatsPerTimeSlot"], 4);
    assert_eq!(output["bookingWindow"], json!({"type": "range", "value": ["2030-09-05", "2030-09-09"]}));
    assert_eq!(output["recurrence"], Value::Null);
}

#[test]
fn disabled_limits_come_back_as_an_empty_object() {
    let config = create(with(json!({"bookingLimitsCount": {"disabled": true}}))).unwrap();
    assert_eq!(config.booking_limits_count, Some(BookingLimits::default()));
    let output = serde_json::to_value(to_output(&stored(config.clone()), &owner())).unwrap();
    assert_eq!(output["bookingLimitsCount"], json!({}));
    assert_eq!(config.slot_rules(30, Weekday::Mon).count_limits, PeriodLimits::default());
}

#[test]
fn booking_fields_follow_cal_com_order() {
    // The request of Cal.com's e2e test "should create an event type".
    let config = create(with(json!({
        "locations": [{"type": "integration", "integration": "cal-video"}, {"type": "attendeePhone"},
                      {"type": "attendeeAddress"}, {"type": "attendeeDefined"}],
        "bookingFields": [
            {"type": "name", "label": "Your name sir / madam", "placeholder": "john doe", "disableOnPrefill": false},
            {"type": "select", "label": "select which language you want to learn", "slug": "select-language",
             "required": true, "placeholder": "select language", "options": ["javascript", "python", "cobol"],
             "disableOnPrefill": true, "hidden": false},
            {"type": "url", "label": "Video Url", "slug": "video-url", "required": true, "placeholder": "add video url",
             "disableOnPrefill": true, "hidden": false}
        ]
    })))
    .unwrap();
    assert_eq!(
        slugs(&config),
        ["name", "email", "location", "select-language", "video-url", "title", "notes", "guests", "rescheduleReason"]
    );

    // A given default field keeps its place among the given fields; absent settings keep the defaults.
    let config = create(with(json!({"bookingFields": [
        {"slug": "guests", "hidden": true},
        {"type": "boolean", "slug": "consent", "label": "I agree", "required": true},
        {"slug": "title", "hidden": false}
    ]})))
    .unwrap();
    assert_eq!(slugs(&config), ["name", "email", "guests", "consent", "title", "notes", "rescheduleReason"]);
    let title = config.booking_field("title").unwrap();
    assert!(title.required && !title.hidden && title.required_from_booker());
    assert!(!config.booking_field("guests").unwrap().required_from_booker());
}

#[test]
fn response_booking_fields_can_be_sent_back() {
    let config = create(CreateEventTypeInput::example()).unwrap();
    let output = to_output(&stored(config.clone()), &owner());
    let sent_back: Vec<BookingFieldInput> =
        serde_json::from_value(serde_json::to_value(&output.booking_fields).unwrap()).unwrap();
    let updated = update(&config, json!({ "bookingFields": sent_back })).unwrap();
    assert_eq!(updated.booking_fields, config.booking_fields);
}

#[test]
fn an_update_changes_only_what_it_names() {
    let current = create(CreateEventTypeInput::example()).unwrap();
    assert_eq!(update(&current, json!({})).unwrap(), current);

    let updated = update(
        &current,
        json!({"title": "Flan 101", "slotInterval": null, "description": null, "scheduleId": null,
               "minimumBookingNotice": 0, "bookingWindow": {"disabled": true}, "confirmationPolicy": {"disabled": true},
               "color": null}),
    )
    .unwrap();
    let expected = EventTypeConfig {
        title: "Flan 101".into(),
        slot_interval: None,
        description: None,
        schedule_id: None,
        minimum_booking_notice: 0,
        booking_window: None,
        confirmation_policy: None,
        color: None,
        ..current.clone()
    };
    assert_eq!(updated, expected);
}

#[test]
fn an_update_replaces_the_booking_form() {
    let current = create(CreateEventTypeInput::example()).unwrap();
    let updated = update(
        &current,
        json!({"bookingFields": [{"type": "phone", "slug": "mobile", "label": "Mobile", "required": true}]}),
    )
    .unwrap();
    assert_eq!(
        slugs(&updated),
        ["name", "email", "location", "mobile", "title", "notes", "guests", "rescheduleReason"]
    );
}

#[test]
fn the_location_picker_follows_the_locations() {
    let single = create(minimal()).unwrap();
    assert!(single.booking_field("location").is_none());
    let two = update(&single, json!({"locations": [{"type": "attendeeDefined"}, {"type": "attendeePhone"}]})).unwrap();
    assert_eq!(slugs(&two)[..3], ["name", "email", "location"]);
    let back = update(&two, json!({"locations": [{"type": "attendeeDefined"}]})).unwrap();
    assert!(back.booking_field("location").is_none());
    // A configured picker stays, as in Cal.com.
    let labelled = update(&two, json!({"bookingFields": [{"slug": "location", "label": "Where?"}]})).unwrap();
    let back = update(&labelled, json!({"locations": [{"type": "attendeeDefined"}]})).unwrap();
    assert_eq!(back.booking_field("location").and_then(|f| f.label.as_deref()), Some("Where?"));
}

#[test]
fn an_update_is_validated_as_a_whole() {
    let current = create(CreateEventTypeInput::example()).unwrap();
    // The stored confirmation policy rules out seats; the stored locations too.
    let seats = json!({"seats": {"seatsPerTimeSlot": 2, "showAttendeeInfo": false, "showAvailabilityCount": false}});
    assert_eq!(bad_fields(update(&current, seats.clone())), ["seats", "seats"]);
    let mut allowed = seats.clone();
    allowed["confirmationPolicy"] = json!({"disabled": true});
    allowed["locations"] = json!([{"type": "integration", "integration": "zoom"}]);
    assert!(update(&current, allowed).unwrap().seats().is_some());
    // The stored length options must still include the new length.
    assert_eq!(bad_fields(update(&current, json!({"lengthInMinutes": 45}))), ["lengthInMinutesOptions"]);
    assert_eq!(
        update(&current, json!({"lengthInMinutes": 45, "lengthInMinutesOptions": null})).unwrap().length_options(),
        [45]
    );
    // The custom name may not lose a booking field it uses.
    let named = update(&current, json!({"customName": "{flan-flavour} flan"})).unwrap();
    assert_eq!(bad_fields(update(&named, json!({"bookingFields": [{"type": "name"}]}))), ["customName"]);
    // A rejected update reports the fields of the request.
    assert_eq!(bad_fields(update(&current, json!({"slug": "Flan"}))), ["slug"]);
}

#[test]
fn slot_rules_carry_every_availability_setting() {
    let config = create(CreateEventTypeInput::example()).unwrap();
    assert_eq!(
        config.slot_rules(30, Weekday::Sun),
        Rules {
            length_minutes: 30,
            interval_minutes: Some(60),
            minimum_notice_minutes: 120,
            before_buffer_minutes: 0,
            after_buffer_minutes: 15,
            offset_start_minutes: 0,
            window: Some(BookingWindow::BusinessDays { days: 5, rolling: true }),
            count_limits: PeriodLimits { day: Some(1), week: Some(2), month: Some(3), year: Some(4) },
            duration_limits: PeriodLimits { day: Some(60), week: Some(120), month: Some(180), year: Some(240) },
            only_first_per_day: false,
            seats_per_slot: None,
            week_start: Weekday::Sun,
        }
    );
    let seated = create(CreateEventTypeInput::seated_example()).unwrap();
    let rules = seated.slot_rules(90, Weekday::Mon);
    assert_eq!(rules.seats_per_slot, Some(4));
    assert_eq!(
        rules.window,
        Some(BookingWindow::Range {
            start: NaiveDate::from_ymd_opt(2030, 9, 5).unwrap(),
            end: NaiveDate::from_ymd_opt(2030, 9, 9).unwrap()
        })
    );
    assert_eq!(rules.count_limits, PeriodLimits::default());
    let minimal = create(with(json!({"onlyShowFirstAvailableSlot": true, "offsetStart": 5}))).unwrap();
    let rules = minimal.slot_rules(30, Weekday::Mon);
    assert!(rules.only_first_per_day);
    assert_eq!((rules.offset_start_minutes, rules.interval_minutes, rules.window), (5, None, None));
}

#[test]
fn confirmation_depends_on_the_notice() {
    let always =
        create(with(json!({"confirmationPolicy": {"type": "always", "blockUnconfirmedBookingsInBooker": true}})))
            .unwrap();
    assert!(always.requires_confirmation() && always.requires_confirmation_with_notice(10_000));
    assert!(always.unconfirmed_bookings_block_slots());
    let two_hours = create(with(json!({"confirmationPolicy": {"type": "time",
        "noticeThreshold": {"unit": "hours", "count": 2}, "blockUnconfirmedBookingsInBooker": false}})))
    .unwrap();
    assert_eq!(two_hours.confirmation_notice_threshold_minutes(), Some(120));
    assert!(two_hours.requires_confirmation_with_notice(119));
    assert!(!two_hours.requires_confirmation_with_notice(120));
    assert!(!two_hours.unconfirmed_bookings_block_slots());
    let none = create(minimal()).unwrap();
    assert!(!none.requires_confirmation() && !none.requires_confirmation_with_notice(0));
    assert_eq!(
        two_hours.confirmation_policy.and_then(|p| p.notice_threshold),
        Some(ConfirmationThreshold { unit: NoticeThresholdUnit::Hours, count: 2 })
    );
}

#[test]
fn the_stored_document_round_trips() {
    for body in [CreateEventTypeInput::example(), CreateEventTypeInput::seated_example(), minimal()] {
        let config = create(body).unwrap();
        let document = serde_json::to_string(&config).unwrap();
        assert_eq!(serde_json::from_str::<EventTypeConfig>(&document).unwrap(), config);
    }
}

#[test]
fn older_documents_load_with_defaults() {
    let config: EventTypeConfig =
        serde_json::from_value(json!({"title": "Old", "slug": "old", "lengthInMinutes": 15})).unwrap();
    assert_eq!(config.minimum_booking_notice, DEFAULT_MINIMUM_BOOKING_NOTICE);
    assert_eq!(config.locations, [InputLocation::cal_video()]);
    assert_eq!(slugs(&config), ["name", "email", "title", "notes", "guests", "rescheduleReason"]);
    assert_eq!(config.length_options(), [15]);
}

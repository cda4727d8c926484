use serde_json::{Value, json};
use utoipa::OpenApi;

use super::*;

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

#[test]
fn the_examples_decode() {
    let input: CreateEventTypeInput = decode(CreateEventTypeInput::example()).unwrap();
    assert_eq!(input.length_in_minutes_options, Some(vec![15, 30, 60]));
    assert_eq!(input.locations.as_ref().map(Vec::len), Some(4));
    assert!(matches!(input.confirmation_policy, Some(ConfirmationPolicySetting::Policy(_))));
    let seated: CreateEventTypeInput = decode(CreateEventTypeInput::seated_example()).unwrap();
    assert!(matches!(seated.seats, Some(SeatsSetting::Seats(Seats { seats_per_time_slot: 4, .. }))));
    assert!(matches!(seated.recurrence, Some(RecurrenceSetting::Disabled(_))));
    assert!(matches!(seated.booking_window, Some(BookingWindowSetting::Range(_))));
}

#[test]
fn booking_fields_are_chosen_by_slug_then_type() {
    let field: BookingFieldInput = decode(json!({"slug": "title", "type": "text", "isDefault": true})).unwrap();
    assert!(matches!(field, BookingFieldInput::Title(_)));
    let field: BookingFieldInput = decode(json!({"slug": "notes", "required": true})).unwrap();
    assert!(matches!(field, BookingFieldInput::Notes(NotesDefaultFieldInput { required: Some(true), .. })));
    let field: BookingFieldInput = decode(json!({"type": "name"})).unwrap();
    assert!(matches!(field, BookingFieldInput::Name(_)));
    let field: BookingFieldInput =
        decode(json!({"type": "checkbox", "slug": "x", "label": "X", "required": false, "options": ["a"]})).unwrap();
    assert!(matches!(field, BookingFieldInput::CheckboxGroup(_)));
}

#[test]
fn booking_field_errors_name_the_problem() {
    let err = decode::<BookingFieldInput>(json!({"slug": "x", "label": "X"})).unwrap_err();
    assert!(err.contains("needs a `type`") && err.contains("multiemail"), "{err}");
    let err = decode::<BookingFieldInput>(json!({"type": "date", "slug": "x"})).unwrap_err();
    assert!(err.contains("unsupported") && err.contains("`date`"), "{err}");
    let err = decode::<BookingFieldInput>(json!({"type": "select", "slug": "x", "label": "X", "required": true}))
        .unwrap_err();
    assert!(err.contains("options"), "{err}");
    let err = decode::<BookingFieldInput>(json!("name")).unwrap_err();
    assert!(err.contains("must be an object"), "{err}");
}

#[test]
fn disabled_is_checked_first() {
    let off: BookingLimitsCountSetting = decode(json!({"disabled": true, "day": 3})).unwrap();
    assert!(matches!(off, BookingLimitsCountSetting::Disabled(_)));
    let on: BookingLimitsCountSetting = decode(json!({"disabled": false, "day": 3})).unwrap();
    assert_eq!(on, BookingLimitsCountSetting::Limits(BaseBookingLimitsCount { day: Some(3), ..Default::default() }));
    // The shape of Cal.com's own test: a recurrence that says it is not disabled.
    let rec: RecurrenceSetting =
        decode(json!({"frequency": "weekly", "interval": 2, "occurrences": 10, "disabled": false})).unwrap();
    assert!(matches!(rec, RecurrenceSetting::Recurrence(Recurrence { interval: 2, .. })));
    let err = decode::<SeatsSetting>(json!({"seatsPerTimeSlot": 3})).unwrap_err();
    assert!(err.contains("showAttendeeInfo"), "{err}");
}

#[test]
fn booking_windows_are_chosen_by_type() {
    let w: BookingWindowSetting = decode(json!({"type": "calendarDays", "value": 30, "rolling": true})).unwrap();
    assert!(matches!(w, BookingWindowSetting::CalendarDays(CalendarDaysWindow { value: 30, rolling: Some(true), .. })));
    let w: BookingWindowSetting = decode(json!({"disabled": true})).unwrap();
    assert_eq!(serde_json::to_value(&w).unwrap(), json!({"disabled": true}));
    let err = decode::<BookingWindowSetting>(json!({"type": "weeks", "value": 2})).unwrap_err();
    assert!(err.contains("businessDays, calendarDays, range"), "{err}");
}

#[test]
fn locations_are_chosen_by_type() {
    let l: InputLocation = decode(json!({"type": "attendeePhone"})).unwrap();
    assert_eq!(l.type_str(), "attendeePhone");
    let err = decode::<InputLocation>(json!({"type": "integration", "integration": "skype-video"})).unwrap_err();
    assert!(err.contains("cal-video"), "{err}");
    let err = decode::<InputLocation>(json!({"type": "address", "public": true})).unwrap_err();
    assert!(err.contains("address"), "{err}");
    assert_eq!(
        serde_json::to_value(InputLocation::cal_video()).unwrap(),
        json!({"type": "integration", "integration": "cal-video"})
    );
}

#[test]
fn patch_distinguishes_absent_null_and_value() {
    let patch: UpdateEventTypeInput = decode(json!({"slotInterval": null, "scheduleId": 7, "title": "New"})).unwrap();
    assert_eq!(patch.slot_interval, Some(None));
    assert_eq!(patch.schedule_id, Some(Some(7)));
    assert_eq!(patch.description, None);
    assert_eq!(patch.title.as_deref(), Some("New"));
    assert_eq!(serde_json::to_value(UpdateEventTypeInput::default()).unwrap(), json!({}));
}

#[test]
fn output_booking_fields_round_trip() {
    let fields = json!([
        {"type": "name", "disableOnPrefill": false, "isDefault": true, "slug": "name", "required": true},
        {"slug": "title", "required": true, "hidden": true, "disableOnPrefill": false, "isDefault": true,
         "type": "text"},
        {"type": "text", "slug": "company", "label": "Company", "required": false, "disableOnPrefill": false,
         "hidden": false, "isDefault": false}
    ]);
    let decoded: Vec<BookingFieldOutput> = decode(fields.clone()).unwrap();
    assert!(matches!(decoded[1], BookingFieldOutput::Title(_)));
    assert!(matches!(decoded[2], BookingFieldOutput::Text(_)));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), fields);
}

#[test]
fn the_list_filters_are_query_parameters() {
    use utoipa::IntoParams;
    use utoipa::openapi::path::ParameterIn;
    let params = GetEventTypesQuery::into_params(|| Some(ParameterIn::Query));
    let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["username", "eventSlug", "usernames", "orgSlug", "orgId", "sortCreatedAt"]);
    assert!(params.iter().all(|p| p.parameter_in == ParameterIn::Query));
}

#[test]
fn usernames_are_split_on_commas() {
    let query = GetEventTypesQuery { usernames: Some(" alice, bob,,".into()), ..Default::default() };
    assert_eq!(query.usernames_list(), ["alice", "bob"]);
    assert!(GetEventTypesQuery::default().usernames_list().is_empty());
}

#[derive(OpenApi)]
#[openapi(components(schemas(
    CreateEventTypeInput,
    UpdateEventTypeInput,
    EventTypeOutputResponse,
    EventTypesOutputResponse,
    DeleteEventTypeOutputResponse
)))]
struct Doc;

fn schema(doc: &Value, name: &str) -> Value {
    doc["components"]["schemas"][name].clone()
}

#[test]
fn the_spec_describes_the_corrected_shapes() {
    let doc = serde_json::to_value(Doc::openapi()).unwrap();
    let create = schema(&doc, "CreateEventTypeInput");
    assert_eq!(create["required"], json!(["lengthInMinutes", "title", "slug"]));
    assert_eq!(create["properties"]["lengthInMinutesOptions"]["items"]["type"], "integer");
    assert_eq!(create["example"]["slug"], "learn-the-secrets-of-masterchief");

    let fields = schema(&doc, "BookingFieldInput");
    assert_eq!(fields["oneOf"].as_array().map(Vec::len), Some(19), "{fields}");
    assert_eq!(fields["oneOf"][0]["$ref"], "#/components/schemas/NameDefaultFieldInput");
    assert_eq!(schema(&doc, "NameDefaultFieldInput")["required"], json!(["type"]));
    assert_eq!(schema(&doc, "NameDefaultFieldInput")["properties"]["type"]["enum"], json!(["name"]));
    assert_eq!(schema(&doc, "TitleDefaultFieldInput")["required"], json!(["slug"]));
    assert_eq!(schema(&doc, "EmailDefaultFieldInput")["properties"]["required"]["type"], json!(["boolean", "null"]));
    assert_eq!(schema(&doc, "TextFieldInput")["required"], json!(["type", "slug", "label", "required"]));
    assert_eq!(schema(&doc, "TextFieldOutput")["properties"]["isDefault"]["type"], "boolean");

    assert_eq!(schema(&doc, "BookingWindowSetting")["oneOf"].as_array().map(Vec::len), Some(4));
    assert_eq!(schema(&doc, "RangeWindow")["properties"]["type"]["enum"], json!(["range"]));
    assert_eq!(schema(&doc, "OutputLocation")["oneOf"].as_array().map(Vec::len), Some(9));
    assert_eq!(schema(&doc, "InputLocation")["oneOf"].as_array().map(Vec::len), Some(7));

    let output = schema(&doc, "EventTypeOutput");
    let required: Vec<&str> = output["required"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    for name in ["id", "ownerId", "slotInterval", "bookingWindow", "users", "recurrence", "scheduleId"] {
        assert!(required.contains(&name), "{name} should be required: {required:?}");
    }
    assert!(!required.contains(&"bookingLimitsCount"));
    assert_eq!(output["properties"]["users"]["items"]["$ref"], "#/components/schemas/EventTypeUser");
    assert_eq!(output["properties"]["bookingWindow"]["$ref"], "#/components/schemas/BookingWindowSetting");
    assert_eq!(
        schema(&doc, "EventTypesOutputResponse")["properties"]["data"]["items"]["$ref"],
        "#/components/schemas/EventTypeOutput"
    );
}

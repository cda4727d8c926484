use actix_web::test::TestRequest;
use chrono::Duration;
use serde_json::{Value, json};

use crate::support::{Reply, Svc, TestApp, assert_error, assert_invalid, spawn};

/// The first user gets a default New York schedule (weekdays 9-17) and a 60-minute event type with no minimum
/// notice. The test clock stands at Monday 2030-01-07 08:00 UTC (03:00 in New York).
pub async fn setup(app: &TestApp<impl Svc>) {
    let schedule =
        app.post("/v2/schedules", json!({"name": "Work", "timeZone": "America/New_York", "isDefault": true})).await;
    assert_eq!(schedule.status, 201, "{:#}", schedule.body);
    let event = app
        .post(
            "/v2/event-types",
            json!({"title": "Consult", "slug": "consult", "lengthInMinutes": 60, "lengthInMinutesOptions": [30, 60],
                   "minimumBookingNotice": 0}),
        )
        .await;
    assert_eq!(event.status, 201, "{:#}", event.body);
}

fn starts(reply: &Reply, date: &str) -> Vec<String> {
    reply.body["data"][date]
        .as_array()
        .unwrap_or_else(|| panic!("no {date} in {:#}", reply.body))
        .iter()
        .map(|s| s["start"].as_str().unwrap().to_owned())
        .collect()
}

fn hours(date: &str, offset: &str, hours: &[u32]) -> Vec<String> {
    hours.iter().map(|h| format!("{date}T{h:02}:00:00.000{offset}")).collect()
}

#[actix_web::test]
async fn a_weekday_in_new_york() {
    let app = spawn().await;
    setup(&app).await;
    let reply = app
        .send(
            TestRequest::get().uri("/v2/slots?eventTypeId=1&start=2030-01-07&end=2030-01-07&timeZone=America/New_York"),
        )
        .await;
    assert_eq!(reply.status, 200, "{:#}", reply.body);
    assert_eq!(reply.body["data"].as_object().unwrap().len(), 1);
    assert_eq!(starts(&reply, "2030-01-07"), hours("2030-01-07", "-05:00", &[9, 10, 11, 12, 13, 14, 15, 16]));

    let range = app
        .send(TestRequest::get().uri("/v2/slots?eventTypeId=1&start=2030-01-07&end=2030-01-07&timeZone=America/New_York&format=range&duration=30"))
        .await;
    let first = &range.body["data"]["2030-01-07"][0];
    assert_eq!(first, &json!({"start": "2030-01-07T09:00:00.000-05:00", "end": "2030-01-07T09:30:00.000-05:00"}));
    assert_eq!(range.body["data"]["2030-01-07"].as_array().unwrap().len(), 16);

    // UTC by default; by slug and username too.
    let utc = app
        .send(TestRequest::get().uri("/v2/slots?eventTypeSlug=consult&username=admin&start=2030-01-07&end=2030-01-07"))
        .await;
    assert_eq!(starts(&utc, "2030-01-07")[0], "2030-01-07T14:00:00.000Z");
    assert_eq!(starts(&utc, "2030-01-07").len(), 8);
}

#[actix_web::test]
async fn weekends_are_empty_and_dates_follow_the_requested_zone() {
    let app = spawn().await;
    setup(&app).await;
    let weekend = app.send(TestRequest::get().uri("/v2/slots?eventTypeId=1&start=2030-01-12&end=2030-01-13")).await;
    assert_eq!(weekend.body, json!({"status": "success", "data": {}}));
    // New York's 16:00 on Monday is 06:00 on Tuesday in Tokyo.
    let tokyo = app
        .send(
            TestRequest::get()
                .uri("/v2/slots?eventTypeId=1&start=2030-01-07T14:00:00Z&end=2030-01-07T22:00:00Z&timeZone=Asia/Tokyo"),
        )
        .await;
    assert_eq!(starts(&tokyo, "2030-01-07"), ["2030-01-07T23:00:00.000+09:00"]);
    assert_eq!(starts(&tokyo, "2030-01-08")[6], "2030-01-08T06:00:00.000+09:00");
    assert_eq!(starts(&tokyo, "2030-01-08").len(), 7);
}

#[actix_web::test]
async fn nine_to_five_stays_nine_to_five_across_the_dst_change() {
    let app = spawn().await;
    setup(&app).await;
    // Clocks in New York spring forward on Sunday 2030-03-10.
    let reply = app
        .send(
            TestRequest::get().uri("/v2/slots?eventTypeId=1&start=2030-03-08&end=2030-03-11&timeZone=America/New_York"),
        )
        .await;
    assert_eq!(starts(&reply, "2030-03-08"), hours("2030-03-08", "-05:00", &[9, 10, 11, 12, 13, 14, 15, 16]));
    assert_eq!(starts(&reply, "2030-03-11"), hours("2030-03-11", "-04:00", &[9, 10, 11, 12, 13, 14, 15, 16]));
    let utc = app.send(TestRequest::get().uri("/v2/slots?eventTypeId=1&start=2030-03-08&end=2030-03-11")).await;
    assert_eq!(starts(&utc, "2030-03-08")[0], "2030-03-08T14:00:00.000Z");
    assert_eq!(starts(&utc, "2030-03-11")[0], "2030-03-11T13:00:00.000Z");
}

#[actix_web::test]
async fn overrides_and_notice_shape_the_slots() {
    let app = spawn().await;
    setup(&app).await;
    app.patch(
        "/v2/schedules/1",
        json!({"overrides": [{"date": "2030-01-08", "startTime": "00:00", "endTime": "00:00"},
                             {"date": "2030-01-09", "startTime": "12:00", "endTime": "14:00"}]}),
    )
    .await;
    app.patch("/v2/event-types/1", json!({"minimumBookingNotice": 480})).await;
    let reply = app
        .send(
            TestRequest::get().uri("/v2/slots?eventTypeId=1&start=2030-01-07&end=2030-01-09&timeZone=America/New_York"),
        )
        .await;
    // 08:00 UTC + 8 hours notice = 11:00 in New York.
    assert_eq!(starts(&reply, "2030-01-07"), hours("2030-01-07", "-05:00", &[11, 12, 13, 14, 15, 16]));
    assert!(reply.body["data"].get("2030-01-08").is_none(), "a day off");
    assert_eq!(starts(&reply, "2030-01-09"), hours("2030-01-09", "-05:00", &[12, 13]));
}

fn slot_query() -> TestRequest {
    TestRequest::get().uri("/v2/slots?eventTypeId=1&start=2030-01-07&end=2030-01-07&timeZone=America/New_York")
}

fn reserve(body: Value) -> TestRequest {
    TestRequest::post().uri("/v2/slots/reservations").set_json(body)
}

#[actix_web::test]
async fn a_reserved_slot_is_not_offered_until_it_expires() {
    let app = spawn().await;
    setup(&app).await;
    let reply = app.send(reserve(json!({"eventTypeId": 1, "slotStart": "2030-01-07T15:00:00Z"}))).await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    let data = reply.body["data"].clone();
    let uid = data["reservationUid"].as_str().unwrap().to_owned();
    assert_eq!(uid.len(), 36);
    assert_eq!(
        data,
        json!({"eventTypeId": 1, "slotStart": "2030-01-07T15:00:00.000Z", "slotEnd": "2030-01-07T16:00:00.000Z",
               "slotDuration": 60, "reservationUid": uid, "reservationDuration": 5,
               "reservationUntil": "2030-01-07T08:05:00.000Z"})
    );
    let offered = starts(&app.send(slot_query()).await, "2030-01-07");
    assert_eq!(offered, hours("2030-01-07", "-05:00", &[9, 11, 12, 13, 14, 15, 16]), "10:00 is held");

    // Someone else cannot reserve it; the reservation can be read back.
    let again = app.send(reserve(json!({"eventTypeId": 1, "slotStart": "2030-01-07T15:00:00Z"}))).await;
    assert_error(&again, 409, "ConflictException");
    let half =
        app.send(reserve(json!({"eventTypeId": 1, "slotStart": "2030-01-07T15:30:00Z", "slotDuration": 30}))).await;
    assert_error(&half, 409, "ConflictException");
    let got = app.send(TestRequest::get().uri(&format!("/v2/slots/reservations/{uid}"))).await;
    assert_eq!(got.body["data"], data);

    app.clock.advance(Duration::minutes(5));
    let offered = starts(&app.send(slot_query()).await, "2030-01-07");
    assert_eq!(offered.len(), 8, "the hold expired");
    let expired = app.send(TestRequest::get().uri(&format!("/v2/slots/reservations/{uid}"))).await;
    assert_eq!(expired.body, json!({"status": "success", "data": null}));
}

#[actix_web::test]
async fn reservations_move_and_release() {
    let app = spawn().await;
    setup(&app).await;
    let reply = app.send(reserve(json!({"eventTypeId": 1, "slotStart": "2030-01-07T14:00:00Z"}))).await;
    let uid = reply.body["data"]["reservationUid"].as_str().unwrap().to_owned();
    let path = format!("/v2/slots/reservations/{uid}");

    // Moving onto its own time is fine; onto another slot moves the hold.
    let moved = app
        .send(TestRequest::patch().uri(&path).set_json(json!({"eventTypeId": 1, "slotStart": "2030-01-07T16:00:00Z"})))
        .await;
    assert_eq!(moved.status, 200, "{:#}", moved.body);
    assert_eq!(moved.body["data"]["slotStart"], "2030-01-07T16:00:00.000Z");
    assert_eq!(moved.body["data"]["reservationUid"], uid);
    let offered = starts(&app.send(slot_query()).await, "2030-01-07");
    assert_eq!(offered, hours("2030-01-07", "-05:00", &[9, 10, 12, 13, 14, 15, 16]));

    let deleted = app.send(TestRequest::delete().uri(&path)).await;
    assert_eq!(deleted.body, json!({"status": "success"}));
    assert_eq!(starts(&app.send(slot_query()).await, "2030-01-07").len(), 8);
    assert_error(&app.send(TestRequest::delete().uri(&path)).await, 404, "NotFoundException");
    let gone = app
        .send(TestRequest::patch().uri(&path).set_json(json!({"eventTypeId": 1, "slotStart": "2030-01-07T16:00:00Z"})))
        .await;
    assert_error(&gone, 404, "NotFoundException");
}

#[actix_web::test]
async fn reservation_rules() {
    let app = spawn().await;
    setup(&app).await;
    // Not a slot: outside working hours, misaligned, in the past.
    for start in ["2030-01-07T03:00:00Z", "2030-01-07T14:20:00Z", "2030-01-06T15:00:00Z"] {
        assert_invalid(&app.send(reserve(json!({"eventTypeId": 1, "slotStart": start}))).await, &["slotStart"]);
    }
    assert_invalid(&app.send(reserve(json!({"eventTypeId": 1, "slotStart": "soon"}))).await, &["slotStart"]);
    assert_invalid(
        &app.send(reserve(json!({"eventTypeId": 1, "slotStart": "2030-01-07T14:00:00Z", "slotDuration": 45}))).await,
        &["slotDuration"],
    );
    assert_error(
        &app.send(reserve(json!({"eventTypeId": 9, "slotStart": "2030-01-07T14:00:00Z"}))).await,
        404,
        "NotFoundException",
    );
    // Only API keys may choose how long to hold.
    let anonymous = reserve(json!({"eventTypeId": 1, "slotStart": "2030-01-07T14:00:00Z", "reservationDuration": 30}));
    assert_invalid(&app.send(anonymous).await, &["reservationDuration"]);
    let bad_key = reserve(json!({"eventTypeId": 1, "slotStart": "2030-01-07T14:00:00Z"}))
        .insert_header(("Authorization", "Bearer cal_nope"));
    assert_error(&app.send(bad_key).await, 401, "UnauthorizedException");
    let too_long = reserve(json!({"eventTypeId": 1, "slotStart": "2030-01-07T14:00:00Z", "reservationDuration": 5000}));
    assert_invalid(&app.send_as(&app.key, too_long).await, &["reservationDuration"]);
    let long = reserve(json!({"eventTypeId": 1, "slotStart": "2030-01-07T14:00:00Z", "reservationDuration": 30}));
    let reply = app.send_as(&app.key, long).await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    assert_eq!(reply.body["data"]["reservationDuration"], 30);
    assert_eq!(reply.body["data"]["reservationUntil"], "2030-01-07T08:30:00.000Z");
    let unknown = app.send(TestRequest::get().uri("/v2/slots/reservations/not-a-reservation")).await;
    assert_eq!(unknown.body, json!({"status": "success", "data": null}));
}

#[actix_web::test]
async fn bad_slot_queries_are_400() {
    let app = spawn().await;
    setup(&app).await;
    let get = |q: &str| TestRequest::get().uri(&format!("/v2/slots?{q}"));
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("eventTypeId=1&end=2030-01-07", vec!["start"]),
        ("eventTypeId=1&start=2030-01-07", vec!["end"]),
        ("eventTypeId=1&start=07/01/2030&end=2030-01-08", vec!["start"]),
        ("eventTypeId=1&start=2030-01-08&end=2030-01-07", vec!["end"]),
        ("eventTypeId=1&start=2030-01-01&end=2031-12-31", vec!["end"]),
        ("eventTypeId=1&start=2030-01-07&end=2030-01-07&timeZone=Moon/Base", vec!["timeZone"]),
        ("eventTypeId=1&start=2030-01-07&end=2030-01-07&duration=45", vec!["duration"]),
        ("eventTypeId=1&start=2030-01-07&end=2030-01-07&format=list", vec!["format"]),
        ("start=2030-01-07&end=2030-01-07", vec!["eventTypeId"]),
        ("eventTypeSlug=consult&start=2030-01-07&end=2030-01-07", vec!["eventTypeId"]),
        ("teamSlug=acme&start=2030-01-07&end=2030-01-07", vec!["eventTypeSlug"]),
        ("eventTypeId=1&organizationSlug=acme&start=2030-01-07&end=2030-01-07", vec!["organizationSlug"]),
        ("eventTypeId=abc&start=2030-01-07&end=2030-01-07", vec!["eventTypeId"]),
    ];
    for (query, fields) in cases {
        assert_invalid(&app.send(get(query)).await, &fields);
    }
    assert_error(&app.send(get("eventTypeId=42&start=2030-01-07&end=2030-01-07")).await, 404, "NotFoundException");
    assert_error(
        &app.send(get("eventTypeSlug=consult&teamSlug=acme&start=2030-01-07&end=2030-01-07")).await,
        404,
        "NotFoundException",
    );
    assert_error(
        &app.send(get("eventTypeSlug=x&username=nobody&start=2030-01-07&end=2030-01-07")).await,
        404,
        "NotFoundException",
    );
    let wrong_version =
        get("eventTypeId=1&start=2030-01-07&end=2030-01-07").insert_header(("cal-api-version", "2024-08-13"));
    assert_invalid(&app.send(wrong_version).await, &["cal-api-version"]);
}

#[actix_web::test]
async fn an_owner_without_a_schedule_has_no_slots() {
    let app = spawn().await;
    app.post("/v2/event-types", json!({"title": "X", "slug": "x", "lengthInMinutes": 30})).await;
    let reply = app.send(TestRequest::get().uri("/v2/slots?eventTypeId=1&start=2030-01-07&end=2030-01-08")).await;
    assert_eq!(reply.body, json!({"status": "success", "data": {}}));
}

#[actix_web::test]
async fn buffers_keep_slots_away_from_held_time() {
    let app = spawn().await;
    setup(&app).await;
    // 10:00-11:00 New York is held; with 15 minutes before and 30 after, neither 9:00 nor 11:00 fits.
    let reply = app
        .send_as(
            &app.key,
            reserve(json!({"eventTypeId": 1, "slotStart": "2030-01-07T15:00:00Z", "reservationDuration": 60})),
        )
        .await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    app.patch("/v2/event-types/1", json!({"beforeEventBuffer": 15, "afterEventBuffer": 30})).await;
    let offered = starts(&app.send(slot_query()).await, "2030-01-07");
    assert_eq!(offered, hours("2030-01-07", "-05:00", &[12, 13, 14, 15, 16]));
}

/// Slots asked for again follow every change of what they are computed from: the schedule's hours, the event
/// type's settings, the host's default schedule, and bookings (made from the inputs an instance keeps, on
/// PostgreSQL).
#[actix_web::test]
async fn slots_follow_changes_to_their_inputs() {
    let app = spawn().await;
    setup(&app).await;
    let offered = || async { starts(&app.send(slot_query()).await, "2030-01-07") };
    let day = hours("2030-01-07", "-05:00", &[9, 10, 11, 12, 13, 14, 15, 16]);
    assert_eq!(offered().await, day);
    assert_eq!(offered().await, day, "asked again");

    let monday = |from: &str, to: &str| json!([{"days": ["Monday"], "startTime": from, "endTime": to}]);
    let patched = app.patch("/v2/schedules/1", json!({"availability": monday("09:00", "12:00")})).await;
    assert_eq!(patched.status, 200, "{:#}", patched.body);
    assert_eq!(offered().await, hours("2030-01-07", "-05:00", &[9, 10, 11]), "the schedule's hours");

    // 03:00 in New York now: a notice of 7 hours leaves 10:00 on.
    let patched = app.patch("/v2/event-types/1", json!({"minimumBookingNotice": 420})).await;
    assert_eq!(patched.status, 200, "{:#}", patched.body);
    assert_eq!(offered().await, hours("2030-01-07", "-05:00", &[10, 11]), "the event type's notice");

    let other = app
        .post(
            "/v2/schedules",
            json!({"name": "Afternoons", "timeZone": "America/New_York", "isDefault": true,
                   "availability": monday("13:00", "16:00")}),
        )
        .await;
    assert_eq!(other.status, 201, "{:#}", other.body);
    assert_eq!(offered().await, hours("2030-01-07", "-05:00", &[13, 14, 15]), "the new default schedule");

    let booked = app
        .post(
            "/v2/bookings",
            json!({"eventTypeId": 1, "start": "2030-01-07T18:00:00Z",
                   "attendee": {"name": "Ann", "email": "ann@example.com", "timeZone": "UTC"}}),
        )
        .await;
    assert_eq!(booked.status, 201, "{:#}", booked.body);
    assert_eq!(offered().await, hours("2030-01-07", "-05:00", &[14, 15]), "a booking");
}

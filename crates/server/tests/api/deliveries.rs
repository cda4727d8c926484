//! Webhook delivery end to end: bookings fire triggers, the worker sends them to a real local receiver, signed and
//! templated, retries failures with the same id, and records every attempt.

use actix_web::test::TestRequest;
use base64::Engine;
use chrono::Duration;
use hmac::{KeyInit, Mac};
use serde_json::{Value, json};

use crate::receiver::{Received, Receiver};
use crate::slots::setup;
use crate::support::{Svc, TestApp, assert_error, assert_invalid, spawn, spawn_delivering};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = HmacSha256::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn booking(start: &str) -> Value {
    json!({"eventTypeId": 1, "start": start,
           "attendee": {"name": "Ada Lovelace", "email": "ada@example.com", "timeZone": "Europe/London"}})
}

async fn subscribe(app: &TestApp<impl Svc>, url: &str, triggers: &[&str], extra: Value) -> i64 {
    let mut body = json!({"active": true, "subscriberUrl": url, "triggers": triggers});
    if let Value::Object(extra) = extra {
        body.as_object_mut().unwrap().extend(extra);
    }
    let reply = app.post("/v2/webhooks", body).await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    reply.body["data"]["id"].as_i64().unwrap()
}

async fn book(app: &TestApp<impl Svc>, start: &str) -> String {
    let reply = app.send(TestRequest::post().uri("/v2/bookings").set_json(booking(start))).await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    reply.body["data"]["uid"].as_str().unwrap().to_owned()
}

/// Checks both signatures of a delivery against `secret`, recomputed here.
fn assert_signed(r: &Received, secret: &str) {
    let expected = hex::encode(hmac(secret.as_bytes(), r.body.as_bytes()));
    assert_eq!(r.header("x-cal-signature-256"), Some(expected.as_str()));
    let id = r.header("webhook-id").unwrap();
    let timestamp = r.header("webhook-timestamp").unwrap();
    let key = base64::engine::general_purpose::STANDARD.decode(secret.strip_prefix("whsec_").unwrap()).unwrap();
    let signed = format!("{id}.{timestamp}.{}", r.body);
    let standard = format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(hmac(&key, signed.as_bytes())));
    assert_eq!(r.header("webhook-signature"), Some(standard.as_str()));
}

const SECRET: &str = "whsec_c2VjcmV0LWZvci1jYWxlbmRzLXRlc3Rz";

#[actix_web::test]
async fn a_booking_is_delivered_signed() {
    let app = spawn_delivering().await;
    setup(&app).await;
    let receiver = Receiver::start();
    subscribe(&app, &receiver.url, &["BOOKING_CREATED"], json!({"secret": SECRET})).await;
    let uid = book(&app, "2030-01-07T15:00:00Z").await;
    let got = receiver.wait_for(1).await;
    let r = &got[0];
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert!(r.header("user-agent").unwrap().starts_with("Calends-Webhooks/"));
    assert!(r.header("webhook-id").unwrap().starts_with("msg_"));
    assert_signed(r, SECRET);
    let body = r.json();
    assert_eq!(body["triggerEvent"], "BOOKING_CREATED");
    assert_eq!(body["createdAt"], "2030-01-07T08:00:00.000Z");
    let p = &body["payload"];
    assert_eq!(p["uid"], uid.as_str());
    assert_eq!(p["bookingId"], 1);
    assert_eq!(p["type"], "consult");
    assert_eq!(p["startTime"], "2030-01-07T15:00:00Z");
    assert_eq!(p["endTime"], "2030-01-07T16:00:00Z");
    assert_eq!(p["status"], "ACCEPTED");
    assert_eq!(p["organizer"]["email"], "admin@calends.local");
    assert_eq!(p["attendees"][0]["name"], "Ada Lovelace");
    assert_eq!(p["responses"]["email"]["value"], "ada@example.com");
}

#[actix_web::test]
async fn templates_render_and_reschedule_and_cancel_are_delivered() {
    let app = spawn_delivering().await;
    setup(&app).await;
    let receiver = Receiver::start();
    let template = r#"{"content":"A new event has been scheduled","type":"{{type}}","name":"{{title}}","organizer":"{{organizer.name}}","booker":"{{attendees.0.name}}","trigger":"{{triggerEvent}}"}"#;
    subscribe(
        &app,
        &receiver.url,
        &["BOOKING_CREATED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED"],
        json!({"payloadTemplate": template, "secret": SECRET}),
    )
    .await;
    let uid = book(&app, "2030-01-07T15:00:00Z").await;
    let moved = app
        .send(
            TestRequest::post()
                .uri(&format!("/v2/bookings/{uid}/reschedule"))
                .set_json(json!({"start": "2030-01-07T17:00:00Z", "rescheduledBy": "ada@example.com"})),
        )
        .await;
    let new_uid = moved.body["data"]["uid"].as_str().unwrap().to_owned();
    app.send_as(
        &app.key,
        TestRequest::post()
            .uri(&format!("/v2/bookings/{new_uid}/cancel"))
            .set_json(json!({"cancellationReason": "ill"})),
    )
    .await;
    // The worker sends due deliveries concurrently: they may arrive in any order.
    let order = ["BOOKING_CREATED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED"];
    let trigger = |r: &Received| r.json()["trigger"].as_str().unwrap().to_owned();
    let mut got = receiver.wait_for(3).await;
    got.sort_by_key(|r| order.iter().position(|t| *t == trigger(r)));
    let triggers: Vec<String> = got.iter().map(trigger).collect();
    assert_eq!(triggers, order);
    assert_eq!(
        got[0].json(),
        json!({"content": "A new event has been scheduled", "type": "consult",
               "name": "Consult between Calends Admin and Ada Lovelace", "organizer": "Calends Admin",
               "booker": "Ada Lovelace", "trigger": "BOOKING_CREATED"})
    );
    for r in &got {
        assert_signed(r, SECRET);
    }

    // The default body carries the reschedule and cancellation details.
    let plain = Receiver::start();
    subscribe(&app, &plain.url, &["BOOKING_RESCHEDULED", "BOOKING_CANCELLED"], json!({})).await;
    let uid = book(&app, "2030-01-08T15:00:00Z").await;
    let moved = app
        .send(
            TestRequest::post()
                .uri(&format!("/v2/bookings/{uid}/reschedule"))
                .set_json(json!({"start": "2030-01-08T16:00:00Z", "rescheduledBy": "ada@example.com"})),
        )
        .await;
    let new_uid = moved.body["data"]["uid"].as_str().unwrap().to_owned();
    app.send(
        TestRequest::post()
            .uri(&format!("/v2/bookings/{new_uid}/cancel"))
            .set_json(json!({"cancellationReason": "ill"})),
    )
    .await;
    let mut got = plain.wait_for(2).await;
    got.sort_by_key(|r| r.json()["triggerEvent"] != "BOOKING_RESCHEDULED");
    let rescheduled = got[0].json();
    assert_eq!(got[0].header("x-cal-signature-256"), Some("no-secret-provided"));
    assert_eq!(rescheduled["triggerEvent"], "BOOKING_RESCHEDULED");
    assert_eq!(rescheduled["payload"]["uid"], new_uid.as_str());
    assert_eq!(rescheduled["payload"]["rescheduleUid"], uid.as_str());
    assert_eq!(rescheduled["payload"]["rescheduleStartTime"], "2030-01-08T15:00:00Z");
    assert_eq!(rescheduled["payload"]["rescheduledBy"], "ada@example.com");
    let cancelled = got[1].json();
    assert_eq!(cancelled["triggerEvent"], "BOOKING_CANCELLED");
    assert_eq!(cancelled["payload"]["cancellationReason"], "ill");
    assert_eq!(cancelled["payload"]["status"], "CANCELLED");
    assert!(cancelled["payload"]["bookingId"].is_number());
}

#[actix_web::test]
async fn failures_are_retried_with_the_same_id_and_recorded() {
    let app = spawn_delivering().await;
    setup(&app).await;
    let receiver = Receiver::start();
    receiver.respond_with(&[500, 503]);
    let hook = subscribe(&app, &receiver.url, &["BOOKING_CREATED"], json!({})).await;
    book(&app, "2030-01-07T15:00:00Z").await;
    receiver.wait_for(1).await;
    // The 500 is retried after 5 s (±20 %); the 503 asked for 1 s but the schedule's 5 min is longer.
    app.clock.advance(Duration::seconds(7));
    receiver.wait_for(2).await;
    app.clock.advance(Duration::minutes(7));
    let got = receiver.wait_for(3).await;
    let ids: Vec<&str> = got.iter().map(|r| r.header("webhook-id").unwrap()).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(got[0].body, got[2].body, "the body does not change between attempts");

    // The deliveries endpoint lists them, once recorded.
    let mut delivery = Value::Null;
    for _ in 0..200 {
        let list = app.get(&format!("/v2/webhooks/{hook}/deliveries")).await;
        delivery = list.body["data"][0].clone();
        if delivery["status"] == "delivered" {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(delivery["status"], "delivered", "{delivery:#}");
    assert_eq!(delivery["triggerEvent"], "BOOKING_CREATED");
    let statuses: Vec<Value> =
        delivery["attempts"].as_array().unwrap().iter().map(|a| a["statusCode"].clone()).collect();
    assert_eq!(statuses, [json!(500), json!(503), json!(200)]);
    assert_eq!(delivery["attempts"][0]["error"], "HTTP 500");
    assert_eq!(delivery["attempts"][2]["responseBody"], "answer 200");

    // Redelivery sends it again under the same id.
    let again = app
        .send_as(
            &app.key,
            TestRequest::post()
                .uri(&format!("/v2/webhooks/{hook}/deliveries/{}/redeliver", delivery["id"].as_str().unwrap())),
        )
        .await;
    assert_eq!(again.status, 200, "{:#}", again.body);
    let got = receiver.wait_for(4).await;
    assert_eq!(got[3].header("webhook-id"), Some(ids[0]));
    assert_error(
        &app.send_as(&app.key, TestRequest::post().uri(&format!("/v2/webhooks/{hook}/deliveries/msg_nope/redeliver")))
            .await,
        404,
        "NotFoundException",
    );
}

#[actix_web::test]
async fn a_template_that_renders_invalid_json_is_a_failed_attempt() {
    let app = spawn_delivering().await;
    setup(&app).await;
    let receiver = Receiver::start();
    // The attendee's name contains a quote: the rendered JSON breaks.
    let hook = subscribe(
        &app,
        &receiver.url,
        &["BOOKING_CREATED"],
        json!({"payloadTemplate": "{\"who\":\"{{attendees.0.name}}\"}"}),
    )
    .await;
    let mut body = booking("2030-01-07T15:00:00Z");
    body["attendee"]["name"] = json!("Ada \"the Countess\"");
    app.send(TestRequest::post().uri("/v2/bookings").set_json(body)).await;
    let mut attempt = Value::Null;
    for _ in 0..200 {
        attempt = app.get(&format!("/v2/webhooks/{hook}/deliveries")).await.body["data"][0]["attempts"][0].clone();
        if !attempt.is_null() {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(attempt["error"].as_str().unwrap().contains("invalid JSON"), "{attempt:#}");
    assert_eq!(attempt["statusCode"], Value::Null);
    assert!(receiver.received().is_empty(), "nothing was sent");
}

#[actix_web::test]
async fn time_based_triggers_fire_at_start_and_end_and_are_withdrawn_on_cancel() {
    let app = spawn_delivering().await;
    setup(&app).await;
    let receiver = Receiver::start();
    subscribe(&app, &receiver.url, &["MEETING_STARTED", "MEETING_ENDED", "BOOKING_COMPLETED"], json!({})).await;
    let kept = book(&app, "2030-01-07T15:00:00Z").await;
    let cancelled = book(&app, "2030-01-07T17:00:00Z").await;
    app.send(TestRequest::post().uri(&format!("/v2/bookings/{cancelled}/cancel"))).await;
    actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    assert!(receiver.received().is_empty(), "nothing is due before the meeting");

    app.clock.set(chrono::DateTime::parse_from_rfc3339("2030-01-07T15:00:00Z").unwrap().into());
    let got = receiver.wait_for(1).await;
    assert_eq!(got[0].json()["triggerEvent"], "MEETING_STARTED");
    assert_eq!(got[0].json()["uid"], kept.as_str(), "Cal.com's flat shape");
    assert!(got[0].json().get("payload").is_none());

    app.clock.set(chrono::DateTime::parse_from_rfc3339("2030-01-07T20:00:00Z").unwrap().into());
    let got = receiver.wait_for(3).await;
    let mut triggers: Vec<String> = got.iter().map(|r| r.json()["triggerEvent"].as_str().unwrap().to_owned()).collect();
    triggers.sort();
    assert_eq!(triggers, ["BOOKING_COMPLETED", "MEETING_ENDED", "MEETING_STARTED"]);
    actix_web::rt::time::sleep(std::time::Duration::from_millis(150)).await;
    assert_eq!(receiver.received().len(), 3, "the cancelled booking's meeting triggers were withdrawn");
}

#[actix_web::test]
async fn confirm_decline_and_no_show_are_delivered() {
    let app = spawn_delivering().await;
    setup(&app).await;
    app.patch(
        "/v2/event-types/1",
        json!({"confirmationPolicy": {"type": "always", "blockUnconfirmedBookingsInBooker": true}}),
    )
    .await;
    let receiver = Receiver::start();
    subscribe(
        &app,
        &receiver.url,
        &["BOOKING_REQUESTED", "BOOKING_CONFIRMED", "BOOKING_REJECTED", "BOOKING_NO_SHOW_UPDATED", "BOOKING_NO_SHOW"],
        json!({}),
    )
    .await;
    let a = book(&app, "2030-01-07T15:00:00Z").await;
    let b = book(&app, "2030-01-07T16:00:00Z").await;
    app.send_as(&app.key, TestRequest::post().uri(&format!("/v2/bookings/{a}/confirm"))).await;
    app.send_as(
        &app.key,
        TestRequest::post().uri(&format!("/v2/bookings/{b}/decline")).set_json(json!({"reason": "full"})),
    )
    .await;
    // Let these be sent and recorded before the clock jumps past their leases.
    receiver.wait_for(4).await;
    wait_until_settled(&app).await;
    app.clock.set(chrono::DateTime::parse_from_rfc3339("2030-01-07T15:10:00Z").unwrap().into());
    app.send_as(
        &app.key,
        TestRequest::post()
            .uri(&format!("/v2/bookings/{a}/mark-absent"))
            .set_json(json!({"attendees": [{"email": "ada@example.com", "absent": true}]})),
    )
    .await;
    let got = receiver.wait_for(6).await;
    let mut bodies: Vec<Value> = got.iter().map(Received::json).collect();
    // Deliveries go out concurrently: order them by trigger to compare.
    bodies.sort_by_key(|b| b["triggerEvent"].as_str().unwrap().to_owned());
    let triggers: Vec<&str> = bodies.iter().map(|b| b["triggerEvent"].as_str().unwrap()).collect();
    assert_eq!(
        triggers,
        [
            "BOOKING_CONFIRMED",
            "BOOKING_NO_SHOW",
            "BOOKING_NO_SHOW_UPDATED",
            "BOOKING_REJECTED",
            "BOOKING_REQUESTED",
            "BOOKING_REQUESTED"
        ]
    );
    assert_eq!(bodies[4]["payload"]["status"], "PENDING");
    assert_eq!(bodies[3]["payload"]["rejectionReason"], "full");
    assert_eq!(bodies[2]["payload"]["attendees"], json!([{"email": "ada@example.com", "noShow": true}]));
    assert_eq!(bodies[1]["payload"], bodies[2]["payload"]);
}

/// Waits until no delivery is due now (each is sent and its attempt recorded).
async fn wait_until_settled(app: &TestApp<impl Svc>) {
    for _ in 0..500 {
        let due = app.store.next_due().await.unwrap();
        if due.is_none_or(|at| at > app.clock.now()) {
            return;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("deliveries did not settle");
}

#[actix_web::test]
async fn event_type_webhooks_get_their_event_types_bookings() {
    let app = spawn_delivering().await;
    setup(&app).await;
    app.post(
        "/v2/event-types",
        json!({"title": "Other", "slug": "other", "lengthInMinutes": 60, "minimumBookingNotice": 0}),
    )
    .await;
    let for_consult = Receiver::start();
    let created = app
        .post(
            "/v2/event-types/1/webhooks",
            json!({"active": true, "subscriberUrl": for_consult.url, "triggers": ["BOOKING_CREATED"]}),
        )
        .await;
    assert_eq!(created.status, 201, "{:#}", created.body);
    assert_eq!(created.body["data"]["eventTypeId"], 1);
    book(&app, "2030-01-07T15:00:00Z").await;
    let mut other = booking("2030-01-07T17:00:00Z");
    other["eventTypeId"] = json!(2);
    app.send(TestRequest::post().uri("/v2/bookings").set_json(other)).await;
    let got = for_consult.wait_for(1).await;
    assert_eq!(got[0].json()["payload"]["type"], "consult");
    actix_web::rt::time::sleep(std::time::Duration::from_millis(150)).await;
    assert_eq!(for_consult.received().len(), 1, "only its event type's bookings");
}

#[actix_web::test]
async fn event_type_webhooks_crud_and_ownership() {
    let app = spawn().await;
    setup(&app).await;
    let hook = |url: &str| json!({"active": true, "subscriberUrl": url, "triggers": ["BOOKING_CREATED"]});
    assert_eq!(app.post("/v2/event-types/1/webhooks", hook("https://a.example")).await.status, 201);
    assert_eq!(app.post("/v2/event-types/1/webhooks", hook("https://b.example")).await.status, 201);
    // After the creations whose ids the test names: on PostgreSQL a refused insert uses up an id.
    assert_error(&app.post("/v2/event-types/1/webhooks", hook("https://a.example")).await, 409, "ConflictException");
    let list = app.get("/v2/event-types/1/webhooks?take=1&skip=1").await;
    assert_eq!(list.body["data"][0]["subscriberUrl"], "https://b.example");
    let patched = app.patch("/v2/event-types/1/webhooks/2", json!({"active": false})).await;
    assert_eq!(patched.body["data"]["active"], false);
    assert_eq!(app.get("/v2/event-types/1/webhooks/2").await.body, patched.body);
    // The user-scope routes do not manage it, and it is not among the user's webhooks.
    assert_error(&app.get("/v2/webhooks/2").await, 403, "ForbiddenException");
    assert_eq!(app.get("/v2/webhooks").await.body["data"], json!([]));
    // A user webhook is not the event type's.
    let user_hook = app.post("/v2/webhooks", hook("https://c.example")).await.body["data"]["id"].clone();
    assert_error(&app.get(&format!("/v2/event-types/1/webhooks/{user_hook}")).await, 403, "ForbiddenException");
    let deleted = app.delete("/v2/event-types/1/webhooks/2").await;
    assert_eq!(deleted.body["data"]["id"], 2);
    assert_eq!(
        app.delete("/v2/event-types/1/webhooks").await.body,
        json!({"status": "success", "data": "1 webhooks deleted"})
    );
    assert_eq!(app.get("/v2/event-types/1/webhooks").await.body["data"], json!([]));

    let (_, bob) = app.other_user("bob").await;
    let theirs = app
        .send_as(&bob, TestRequest::post().uri("/v2/event-types/1/webhooks").set_json(hook("https://d.example")))
        .await;
    assert_error(&theirs, 403, "ForbiddenException");
    assert_error(&app.get("/v2/event-types/9/webhooks").await, 404, "NotFoundException");
    assert_error(&app.get("/v2/event-types/1/webhooks/99").await, 404, "NotFoundException");
    assert_invalid(
        &app.post("/v2/event-types/1/webhooks", json!({"active": true, "subscriberUrl": "x", "triggers": []})).await,
        &["subscriberUrl", "triggers"],
    );
    assert_error(&app.send(TestRequest::get().uri("/v2/event-types/1/webhooks")).await, 401, "UnauthorizedException");
}

#[actix_web::test]
async fn private_targets_are_refused_unless_allowed() {
    let app = spawn().await;
    for url in [
        "http://127.0.0.1:9000/hook",
        "http://10.0.0.1/hook",
        "http://[::1]/x",
        "http://localhost:8080/",
        "http://169.254.169.254/latest",
    ] {
        let reply = app
            .post("/v2/webhooks", json!({"active": true, "subscriberUrl": url, "triggers": ["BOOKING_CREATED"]}))
            .await;
        assert_invalid(&reply, &["subscriberUrl"]);
        assert!(reply.message().contains("allow-private-webhook-targets"), "{}", reply.message());
    }
    assert_eq!(
        app.post(
            "/v2/webhooks",
            json!({"active": true, "subscriberUrl": "https://93.184.216.34/hook", "triggers": ["BOOKING_CREATED"]})
        )
        .await
        .status,
        201
    );
    let patched = app.patch("/v2/webhooks/1", json!({"subscriberUrl": "http://192.168.0.10/"})).await;
    assert_invalid(&patched, &["subscriberUrl"]);
    let allowed = spawn_delivering().await;
    assert_eq!(
        allowed
            .post(
                "/v2/webhooks",
                json!({"active": true, "subscriberUrl": "http://127.0.0.1:9/x", "triggers": ["BOOKING_CREATED"]})
            )
            .await
            .status,
        201
    );
}

#[actix_web::test]
async fn ping_sends_the_test_event_and_records_it() {
    let app = spawn_delivering().await;
    let receiver = Receiver::start();
    let hook = subscribe(&app, &receiver.url, &["BOOKING_CREATED"], json!({"secret": SECRET})).await;
    let reply = app.send_as(&app.key, TestRequest::post().uri(&format!("/v2/webhooks/{hook}/ping"))).await;
    assert_eq!(reply.status, 200, "{:#}", reply.body);
    assert_eq!(reply.body["data"]["triggerEvent"], "PING");
    assert_eq!(reply.body["data"]["status"], "delivered");
    assert_eq!(reply.body["data"]["attempts"][0]["statusCode"], 200);
    let got = receiver.received();
    assert_eq!(got.len(), 1);
    assert_signed(&got[0], SECRET);
    assert_eq!(got[0].json()["triggerEvent"], "PING");
    assert_eq!(got[0].json()["payload"]["type"], "Test");
    let list = app.get(&format!("/v2/webhooks/{hook}/deliveries")).await;
    assert_eq!(list.body["data"][0]["triggerEvent"], "PING");
    // A receiver that is down: the ping reports the failure.
    let down = subscribe(&app, "http://127.0.0.1:9/nothing", &["BOOKING_CREATED"], json!({})).await;
    let reply = app.send_as(&app.key, TestRequest::post().uri(&format!("/v2/webhooks/{down}/ping"))).await;
    assert_eq!(reply.body["data"]["status"], "failed");
    assert!(reply.body["data"]["attempts"][0]["error"].as_str().unwrap().contains("connect"));
    let (_, bob) = app.other_user("bob").await;
    assert_error(
        &app.send_as(&bob, TestRequest::post().uri(&format!("/v2/webhooks/{hook}/ping"))).await,
        403,
        "ForbiddenException",
    );
    assert_error(
        &app.send_as(&bob, TestRequest::get().uri(&format!("/v2/webhooks/{hook}/deliveries"))).await,
        403,
        "ForbiddenException",
    );
    assert_error(
        &app.send_as(&app.key, TestRequest::post().uri("/v2/webhooks/999/ping")).await,
        404,
        "NotFoundException",
    );
}

#[actix_web::test]
async fn inactive_webhooks_get_nothing() {
    let app = spawn_delivering().await;
    setup(&app).await;
    let receiver = Receiver::start();
    let hook = subscribe(&app, &receiver.url, &["BOOKING_CREATED"], json!({"active": false})).await;
    book(&app, "2030-01-07T15:00:00Z").await;
    actix_web::rt::time::sleep(std::time::Duration::from_millis(150)).await;
    assert!(receiver.received().is_empty());
    assert_eq!(app.get(&format!("/v2/webhooks/{hook}/deliveries")).await.body["data"], json!([]));
}

#[actix_web::test]
async fn a_hanging_receiver_times_out_without_slowing_bookings() {
    let app = spawn_delivering().await;
    setup(&app).await;
    let receiver = Receiver::start();
    receiver.delay(5);
    let hook = subscribe(&app, &receiver.url, &["BOOKING_CREATED"], json!({})).await;
    let started = std::time::Instant::now();
    book(&app, "2030-01-07T15:00:00Z").await;
    book(&app, "2030-01-07T16:00:00Z").await;
    assert!(started.elapsed() < std::time::Duration::from_secs(1), "bookings never wait on delivery");
    let mut attempt = Value::Null;
    for _ in 0..500 {
        attempt = app.get(&format!("/v2/webhooks/{hook}/deliveries")).await.body["data"][0]["attempts"][0].clone();
        if !attempt.is_null() {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(attempt["error"].as_str().unwrap().contains("timed out"), "{attempt:#}");
}

//! Requests that race for the same thing, on each backend: reservations of one slot, retries with one
//! idempotency key, a reschedule against a cancel. (Racing creates and seats are in `bookings`; racing instances in
//! `tests/cli.rs`.)

use actix_web::test::TestRequest;
use serde_json::json;

use crate::slots::setup;
use crate::support::{Reply, assert_error, join_all, spawn};

fn create(start: &str, email: &str) -> TestRequest {
    TestRequest::post().uri("/v2/bookings").set_json(json!({
        "eventTypeId": 1,
        "start": start,
        "attendee": {"name": "Ada Lovelace", "email": email, "timeZone": "Europe/London"}
    }))
}

#[actix_web::test]
async fn racing_reservations_of_one_slot_give_one() {
    let app = spawn().await;
    setup(&app).await;
    let requests = (0..12).map(|_| {
        app.send(
            TestRequest::post()
                .uri("/v2/slots/reservations")
                .set_json(json!({"eventTypeId": 1, "slotStart": "2030-01-08T15:00:00Z"})),
        )
    });
    let replies: Vec<Reply> = join_all(requests).await;
    assert_eq!(replies.iter().filter(|r| r.status == 201).count(), 1, "{:?}", replies.iter().map(|r| r.status));
    for lost in replies.iter().filter(|r| r.status != 201) {
        assert_error(lost, 409, "ConflictException");
    }
}

#[actix_web::test]
async fn racing_retries_with_one_idempotency_key_book_once() {
    let app = spawn().await;
    setup(&app).await;
    let requests = (0..8).map(|_| {
        app.send(create("2030-01-08T15:00:00Z", "ada@example.com").insert_header(("Idempotency-Key", "race-1")))
    });
    let replies: Vec<Reply> = join_all(requests).await;
    for reply in &replies {
        assert_eq!(reply.status, 201, "{:#}", reply.body);
        assert_eq!(reply.body, replies[0].body, "every retry gets the first answer");
    }
    assert_eq!(app.get("/v2/bookings").await.body["pagination"]["totalItems"], 1);
}

#[actix_web::test]
async fn a_reschedule_racing_a_cancel_leaves_one_consistent_outcome() {
    let app = spawn().await;
    setup(&app).await;
    for round in 0..4 {
        let booked = app.send(create(&format!("2030-01-{:02}T15:00:00Z", 8 + round), "ada@example.com")).await;
        assert_eq!(booked.status, 201, "{:#}", booked.body);
        let uid = booked.body["data"]["uid"].as_str().unwrap().to_owned();
        let reschedule = app.send(
            TestRequest::post()
                .uri(&format!("/v2/bookings/{uid}/reschedule"))
                .set_json(json!({"start": format!("2030-01-{:02}T17:00:00Z", 8 + round)})),
        );
        let cancel = app.send(
            TestRequest::post()
                .uri(&format!("/v2/bookings/{uid}/cancel"))
                .set_json(json!({"cancellationReason": "changed my mind"})),
        );
        let (moved, cancelled) = tokio::join!(reschedule, cancel);
        assert!(moved.status == 201 || cancelled.status == 200, "one of them wins");
        let old = app.send(TestRequest::get().uri(&format!("/v2/bookings/{uid}"))).await;
        assert_eq!(old.body["data"]["status"], "cancelled", "the old booking ends cancelled either way");
        if moved.status == 201 {
            let new = moved.body["data"]["uid"].as_str().unwrap();
            let new = app.send(TestRequest::get().uri(&format!("/v2/bookings/{new}"))).await;
            assert_eq!(new.body["data"]["status"], "accepted");
            assert_eq!(old.body["data"]["rescheduledToUid"], moved.body["data"]["uid"]);
        } else {
            assert_eq!(moved.status, 400, "{:#}", moved.body);
            assert!(old.body["data"]["rescheduledToUid"].is_null(), "{:#}", old.body);
        }
    }
}

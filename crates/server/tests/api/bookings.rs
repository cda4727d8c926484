//! The booking lifecycle over HTTP. The clock stands at Monday 2030-01-07 08:00 UTC; the host works 9-17 New York
//! time (14:00-22:00 UTC) on weekdays; event type 1 is a 60-minute "consult" with no minimum notice.

use actix_web::test::TestRequest;
use chrono::Duration;
use serde_json::{Value, json};

use crate::slots::setup;
use crate::support::{Reply, Svc, TestApp, assert_error, assert_invalid, join_all, spawn};

fn booking(start: &str) -> Value {
    json!({
        "eventTypeId": 1,
        "start": start,
        "attendee": {"name": "Ada Lovelace", "email": "ada@example.com", "timeZone": "Europe/London", "language": "en"}
    })
}

fn create(body: Value) -> TestRequest {
    TestRequest::post().uri("/v2/bookings").set_json(body)
}

async fn book(app: &TestApp<impl Svc>, start: &str) -> Value {
    let reply = app.send(create(booking(start))).await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    reply.body["data"].clone()
}

async fn slot_starts(app: &TestApp<impl Svc>, date: &str) -> Vec<String> {
    let reply = app.send(TestRequest::get().uri(&format!("/v2/slots?eventTypeId=1&start={date}&end={date}"))).await;
    reply.body["data"][date]
        .as_array()
        .map(|a| a.iter().map(|s| s["start"].as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

fn uid(data: &Value) -> String {
    data["uid"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn a_booking_takes_its_slot() {
    let app = spawn().await;
    setup(&app).await;
    assert_eq!(slot_starts(&app, "2030-01-07").await.len(), 8);
    let reply = app.send(create(booking("2030-01-07T15:00:00Z"))).await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    let data = &reply.body["data"];
    assert_eq!(data["uid"].as_str().unwrap().len(), 22);
    insta::assert_json_snapshot!(reply.body, {".data.uid" => "[uid]", ".data.icsUid" => "[uid]"}, @r#"
    {
      "status": "success",
      "data": {
        "id": 1,
        "uid": "[uid]",
        "title": "Consult between Calends Admin and Ada Lovelace",
        "description": "",
        "hosts": [
          {
            "id": 1,
            "name": "Calends Admin",
            "email": "admin@calends.local",
            "username": "admin",
            "timeZone": "UTC"
          }
        ],
        "status": "accepted",
        "start": "2030-01-07T15:00:00.000Z",
        "end": "2030-01-07T16:00:00.000Z",
        "duration": 60,
        "eventTypeId": 1,
        "eventType": {
          "id": 1,
          "slug": "consult"
        },
        "meetingUrl": "integrations:cal-video",
        "location": "integrations:cal-video",
        "absentHost": false,
        "createdAt": "2030-01-07T08:00:00.000Z",
        "updatedAt": "2030-01-07T08:00:00.000Z",
        "metadata": {},
        "icsUid": "[uid]",
        "attendees": [
          {
            "name": "Ada Lovelace",
            "email": "ada@example.com",
            "timeZone": "Europe/London",
            "language": "en",
            "absent": false
          }
        ],
        "bookingFieldsResponses": {
          "name": "Ada Lovelace",
          "email": "ada@example.com"
        }
      }
    }
    "#);
    let remaining = slot_starts(&app, "2030-01-07").await;
    assert_eq!(remaining.len(), 7);
    assert!(!remaining.contains(&"2030-01-07T15:00:00.000Z".to_owned()));
    // Anyone with the uid can read it.
    let got = app.send(TestRequest::get().uri(&format!("/v2/bookings/{}", uid(data)))).await;
    assert_eq!(got.body, reply.body);
}

#[actix_web::test]
async fn a_start_that_is_not_offered_is_a_400_saying_why() {
    let app = spawn().await;
    setup(&app).await;
    book(&app, "2030-01-07T15:00:00Z").await;
    app.patch("/v2/event-types/1", json!({"bookingWindow": {"type": "calendarDays", "value": 7, "rolling": false}}))
        .await;
    let cases = [
        ("2030-01-07T15:00:00Z", "overlaps another booking"),
        ("2030-01-07T10:00:00Z", "outside the host's available hours"),
        ("2030-01-07T14:20:00Z", "not on the slot grid"),
        ("2030-01-05T15:00:00Z", "in the past"),
        ("2030-01-22T15:00:00Z", "booking window"),
    ];
    for (start, why) in cases {
        let reply = app.send(create(booking(start))).await;
        assert_invalid(&reply, &["start"]);
        assert!(reply.message().contains(why), "{start}: {}", reply.message());
    }
    // A 30-minute booking at 15:30 is on its grid, but overlaps the 15:00-16:00 booking.
    let mut half = booking("2030-01-07T15:30:00Z");
    half["lengthInMinutes"] = json!(30);
    assert!(app.send(create(half)).await.message().contains("overlaps another booking"));
    app.patch("/v2/event-types/1", json!({"minimumBookingNotice": 600})).await;
    let reply = app.send(create(booking("2030-01-07T16:00:00Z"))).await;
    assert!(reply.message().contains("minimum booking notice of 600 minutes"), "{}", reply.message());
    let list = app.get("/v2/bookings").await;
    assert_eq!(list.body["pagination"]["totalItems"], 1, "nothing else was booked");
}

#[actix_web::test]
async fn invalid_bodies_name_every_field() {
    let app = spawn().await;
    setup(&app).await;
    let start = "2030-01-07T15:00:00Z";
    let with = |f: &dyn Fn(&mut Value)| {
        let mut b = booking(start);
        f(&mut b);
        b
    };
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (with(&|b| b["start"] = json!("tomorrow")), vec!["start"]),
        (with(&|b| b["attendee"]["email"] = json!("ada")), vec!["attendee.email"]),
        (with(&|b| b["attendee"]["timeZone"] = json!("Atlantis/Capital")), vec!["attendee.timeZone"]),
        (with(&|b| b["attendee"]["name"] = json!(" ")), vec!["attendee.name"]),
        (with(&|b| b["attendee"]["language"] = json!("klingon")), vec!["attendee.language"]),
        (
            with(&|b| {
                b["attendee"].as_object_mut().unwrap().remove("email");
            }),
            vec!["attendee.email"],
        ),
        (with(&|b| b["guests"] = json!(["not-an-email"])), vec!["guests[0]"]),
        (with(&|b| b["lengthInMinutes"] = json!(45)), vec!["lengthInMinutes"]),
        (with(&|b| b["metadata"] = json!({"k": "v".repeat(501)})), vec!["metadata"]),
        (with(&|b| b["location"] = json!({"type": "address"})), vec!["location"]),
        (with(&|b| b["recurrenceCount"] = json!(3)), vec!["recurrenceCount"]),
        (with(&|b| b["instant"] = json!(true)), vec!["instant"]),
        (with(&|b| b["bookingFieldsResponses"] = json!({"nope": 1})), vec!["bookingFieldsResponses.nope"]),
        (
            with(&|b| {
                b["attendee"]["email"] = json!("x");
                b["lengthInMinutes"] = json!(7);
            }),
            vec!["attendee.email", "lengthInMinutes"],
        ),
        (json!({"start": start, "attendee": {"name": "A", "email": "a@b.co", "timeZone": "UTC"}}), vec!["eventTypeId"]),
        (json!({"eventTypeId": 1, "start": start}), vec!["attendee"]),
    ];
    for (body, fields) in cases {
        assert_invalid(&app.send(create(body.clone())).await, &fields);
    }
    assert_error(
        &app.send(create(
            json!({"eventTypeId": 9, "start": start, "attendee": {"name": "A", "email": "a@b.co", "timeZone": "UTC"}}),
        ))
        .await,
        404,
        "NotFoundException",
    );
    assert_eq!(app.get("/v2/bookings").await.body["pagination"]["totalItems"], 0);
}

#[actix_web::test]
async fn thirty_two_racers_for_one_slot_give_one_booking() {
    let app = spawn().await;
    setup(&app).await;
    let requests = (0..32).map(|i| {
        let mut body = booking("2030-01-08T15:00:00Z");
        body["attendee"]["email"] = json!(format!("racer{i}@example.com"));
        app.send(create(body))
    });
    let replies: Vec<Reply> = join_all(requests).await;
    let won = replies.iter().filter(|r| r.status == 201).count();
    assert_eq!(won, 1, "{:?}", replies.iter().map(|r| r.status).collect::<Vec<_>>());
    for lost in replies.iter().filter(|r| r.status != 201) {
        assert_invalid(lost, &["start"]);
    }
    assert_eq!(app.get("/v2/bookings").await.body["pagination"]["totalItems"], 1);
}

/// Creates racing over one host's days (on PostgreSQL, those waiting at once are decided together, in one
/// transaction): each slot goes to one racer, every free slot is booked, each answer is the booking as stored, and
/// a daily booking limit holds against the creates decided with it.
#[actix_web::test]
async fn racing_creates_over_a_day_book_each_slot_once_and_keep_the_daily_limit() {
    let app = spawn().await;
    setup(&app).await;
    // Eight hours (New York 9:00 to 16:00), three racers each.
    let requests = (0..24).map(|i| {
        let mut body = booking(&format!("2030-01-08T{:02}:00:00Z", 14 + i % 8));
        body["attendee"]["email"] = json!(format!("racer{i}@example.com"));
        app.send(create(body))
    });
    let replies: Vec<Reply> = join_all(requests).await;
    let won: Vec<&Reply> = replies.iter().filter(|r| r.status == 201).collect();
    let mut starts: Vec<&str> = won.iter().map(|r| r.body["data"]["start"].as_str().unwrap()).collect();
    starts.sort_unstable();
    starts.dedup();
    assert_eq!((won.len(), starts.len()), (8, 8), "{:?}", replies.iter().map(|r| r.status).collect::<Vec<_>>());
    for lost in replies.iter().filter(|r| r.status != 201) {
        assert_invalid(lost, &["start"]);
        assert!(lost.message().contains("overlaps another booking"), "{}", lost.message());
    }
    for answer in &won {
        let data = &answer.body["data"];
        let stored = app.get(&format!("/v2/bookings/{}", data["uid"].as_str().unwrap())).await;
        assert_eq!(stored.status, 200, "{:#}", stored.body);
        for field in ["id", "uid", "start", "end", "status", "attendees", "eventTypeId"] {
            assert_eq!(stored.body["data"][field], data[field], "{field}");
        }
    }

    // Three a day: of eight free hours raced for at once, three are booked.
    let limited = app.patch("/v2/event-types/1", json!({"bookingLimitsCount": {"day": 3}})).await;
    assert_eq!(limited.status, 200, "{:#}", limited.body);
    let requests = (0..8).map(|i| app.send(create(booking(&format!("2030-01-09T{:02}:00:00Z", 14 + i)))));
    let replies: Vec<Reply> = join_all(requests).await;
    assert_eq!(replies.iter().filter(|r| r.status == 201).count(), 3);
    for lost in replies.iter().filter(|r| r.status != 201) {
        assert_invalid(lost, &["start"]);
        assert!(lost.message().contains("booking limit"), "{}", lost.message());
    }
    assert_eq!(app.get("/v2/bookings").await.body["pagination"]["totalItems"], 11);
}

/// Creates of several hosts racing at once (on PostgreSQL, those waiting at once are decided together, one event
/// type per host per transaction): each host's slot goes to one racer, whichever of the host's event types it
/// books, and the hosts' other free slots are all booked, each answer the booking as stored.
#[actix_web::test]
async fn racing_creates_of_several_hosts_book_each_hosts_slot_once() {
    let app = spawn().await;
    setup(&app).await;
    let other_type = json!({"title": "Intro", "slug": "intro", "lengthInMinutes": 60, "minimumBookingNotice": 0});
    let intro = app.post("/v2/event-types", other_type.clone()).await;
    assert_eq!(intro.status, 201, "{:#}", intro.body);
    // (host, event type): the first host's two event types, then one of each other host.
    let mut event_types = vec![(1, 1), (1, intro.body["data"]["id"].as_i64().unwrap())];
    for name in ["grace", "edsger"] {
        let (user, key) = app.other_user(name).await;
        let schedule = json!({"name": "Work", "timeZone": "America/New_York", "isDefault": true});
        let made = app.send_as(&key, TestRequest::post().uri("/v2/schedules").set_json(schedule)).await;
        assert_eq!(made.status, 201, "{:#}", made.body);
        let made = app.send_as(&key, TestRequest::post().uri("/v2/event-types").set_json(other_type.clone())).await;
        assert_eq!(made.status, 201, "{:#}", made.body);
        event_types.push((user.id, made.body["data"]["id"].as_i64().unwrap()));
    }
    // Four racers for 15:00 on each event type; and one for each of 16:00-19:00 on each host's first.
    let mut wanted = Vec::new();
    for (n, &(host, event_type)) in event_types.iter().enumerate() {
        wanted.extend((0..4).map(|_| (host, event_type, 15)));
        if n != 1 {
            wanted.extend((16..20).map(|hour| (host, event_type, hour)));
        }
    }
    let requests = wanted.iter().enumerate().map(|(i, &(_, event_type, hour))| {
        let mut body = booking(&format!("2030-01-08T{hour:02}:00:00Z"));
        body["eventTypeId"] = json!(event_type);
        body["attendee"]["email"] = json!(format!("racer{i}@example.com"));
        app.send(create(body))
    });
    let replies: Vec<Reply> = join_all(requests).await;
    for host in [1, event_types[2].0, event_types[3].0] {
        let won: Vec<(&Reply, u32)> = wanted
            .iter()
            .zip(&replies)
            .filter(|((h, _, _), r)| *h == host && r.status == 201)
            .map(|((_, _, hour), r)| (r, *hour))
            .collect();
        let at_three = won.iter().filter(|(_, hour)| *hour == 15).count();
        assert_eq!(
            (at_three, won.len()),
            (1, 5),
            "host {host}: {:?}",
            replies.iter().map(|r| r.status).collect::<Vec<_>>()
        );
        for (reply, _) in won {
            let data = &reply.body["data"];
            let stored = app.get(&format!("/v2/bookings/{}", data["uid"].as_str().unwrap())).await;
            assert_eq!(stored.status, 200, "{:#}", stored.body);
            for field in ["id", "uid", "start", "end", "status", "attendees", "eventTypeId"] {
                assert_eq!(stored.body["data"][field], data[field], "{field}");
            }
            assert_eq!(data["hosts"][0]["id"], host, "{:#}", data);
        }
    }
    for lost in replies.iter().filter(|r| r.status != 201) {
        assert_invalid(lost, &["start"]);
        assert!(lost.message().contains("overlaps another booking"), "{}", lost.message());
    }
    assert_eq!(replies.iter().filter(|r| r.status == 201).count(), 15);
}

/// A create decides from what its event type, host, schedule and webhooks are when it is decided, however and
/// wherever they were changed: on PostgreSQL an instance keeps what creates read and checks it in the batch that
/// decides them, so each change below reaches the very next create (here changes through the API, and on
/// PostgreSQL one made in the database directly, as another program or instance would).
#[actix_web::test]
async fn creates_follow_every_change_to_what_they_read() {
    let app = spawn().await;
    setup(&app).await;
    book(&app, "2030-01-07T15:00:00Z").await;

    let notice = app.patch("/v2/event-types/1", json!({"minimumBookingNotice": 24 * 60})).await;
    assert_eq!(notice.status, 200, "{:#}", notice.body);
    let refused = app.send(create(booking("2030-01-07T16:00:00Z"))).await;
    assert_invalid(&refused, &["start"]);
    app.patch("/v2/event-types/1", json!({"minimumBookingNotice": 0})).await;
    book(&app, "2030-01-07T16:00:00Z").await;

    // The host's hours: no Mondays.
    let schedule_id = app.get("/v2/schedules/default").await.body["data"]["id"].as_i64().unwrap();
    let hours = json!({"availability": [{"days": ["Tuesday"], "startTime": "09:00", "endTime": "17:00"}]});
    let patched = app.patch(&format!("/v2/schedules/{schedule_id}"), hours).await;
    assert_eq!(patched.status, 200, "{:#}", patched.body);
    assert_invalid(&app.send(create(booking("2030-01-07T17:00:00Z"))).await, &["start"]);
    book(&app, "2030-01-08T17:00:00Z").await;

    // A webhook added since hears of the next booking.
    let hook = app
        .post(
            "/v2/webhooks",
            json!({"subscriberUrl": "https://added.example/hook", "triggers": ["BOOKING_CREATED"], "active": true}),
        )
        .await;
    assert_eq!(hook.status, 201, "{:#}", hook.body);
    book(&app, "2030-01-08T18:00:00Z").await;
    let deliveries = app.get(&format!("/v2/webhooks/{}/deliveries", hook.body["data"]["id"])).await;
    let listed = deliveries.body["data"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{:#}", deliveries.body);
    assert_eq!(listed[0]["triggerEvent"], "BOOKING_CREATED");

    if let Some(url) = app.postgres_url() {
        let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(url).await.unwrap();
        sqlx::query("UPDATE schedules SET availability = '[]' WHERE id = $1")
            .bind(schedule_id)
            .execute(&mut conn)
            .await
            .unwrap();
        assert_invalid(&app.send(create(booking("2030-01-08T19:00:00Z"))).await, &["start"]);
    }

    let deleted = app.delete("/v2/event-types/1").await;
    assert_eq!(deleted.status, 200, "{:#}", deleted.body);
    assert_error(&app.send(create(booking("2030-01-08T20:00:00Z"))).await, 404, "NotFoundException");
}

/// PostgreSQL: a batch of creates that fails books nothing itself, and each of its creates is then made on its own.
/// Here the batch fails because the next attendee id its sequence hands out was taken out of turn (a row written
/// with an explicit id); each create on its own then draws the next free one.
#[actix_web::test]
async fn a_failed_batch_of_creates_makes_each_on_its_own() {
    let app = spawn().await;
    let Some(url) = app.postgres_url() else { return };
    setup(&app).await;
    let first = app.send(create(booking("2030-01-08T14:00:00Z"))).await;
    assert_eq!(first.status, 201, "{:#}", first.body);
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(url).await.unwrap();
    let squatter: i64 = sqlx::query_scalar(
        "INSERT INTO attendees (id, booking_id, name, email, time_zone, created_at) \
         SELECT last_value + 1, $1, 'Squatter', 'squatter@example.com', 'UTC', 0 FROM attendees_id_seq RETURNING id",
    )
    .bind(first.body["data"]["id"].as_i64().unwrap())
    .fetch_one(&mut conn)
    .await
    .unwrap();

    let requests = (0..4).map(|i| {
        let mut body = booking(&format!("2030-01-08T{:02}:00:00Z", 15 + i));
        body["attendee"]["email"] = json!(format!("late{i}@example.com"));
        app.send(create(body))
    });
    let replies: Vec<Reply> = join_all(requests).await;
    for reply in &replies {
        assert_eq!(reply.status, 201, "{:#}", reply.body);
        let stored = app.get(&format!("/v2/bookings/{}", reply.body["data"]["uid"].as_str().unwrap())).await;
        assert_eq!(stored.body["data"]["attendees"], reply.body["data"]["attendees"]);
    }
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM attendees WHERE email LIKE 'late%' ORDER BY id")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    assert_eq!(ids.len(), 4);
    assert!(ids.iter().all(|&id| id > squatter), "{ids:?} after {squatter}");
    assert_eq!(app.get("/v2/bookings").await.body["pagination"]["totalItems"], 5);
}

#[actix_web::test]
async fn seats_fill_one_booking_up_to_the_seat_count() {
    let app = spawn().await;
    setup(&app).await;
    app.patch(
        "/v2/event-types/1",
        json!({"seats": {"seatsPerTimeSlot": 3, "showAttendeeInfo": false, "showAvailabilityCount": true}}),
    )
    .await;
    let requests = (0..10).map(|i| {
        let mut body = booking("2030-01-08T15:00:00Z");
        body["attendee"]["email"] = json!(format!("seat{i}@example.com"));
        app.send(create(body))
    });
    let replies = join_all(requests).await;
    let won: Vec<&Reply> = replies.iter().filter(|r| r.status == 201).collect();
    assert_eq!(won.len(), 3);
    let uids: Vec<&str> = won.iter().map(|r| r.body["data"]["uid"].as_str().unwrap()).collect();
    assert!(uids.iter().all(|u| *u == uids[0]), "one booking holds all seats");
    assert!(won.iter().all(|r| r.body["data"]["seatUid"].as_str().is_some_and(|s| s.len() == 36)));
    let last = replies.iter().find(|r| r.status != 201).unwrap();
    assert!(last.message().contains("no seats left"), "{}", last.message());
    let booking = app.send(TestRequest::get().uri(&format!("/v2/bookings/{}", uids[0]))).await;
    assert_eq!(booking.body["data"]["attendees"].as_array().unwrap().len(), 3);
    // The slot shows its attendees while it has seats; a full slot is not offered.
    let slots = app.send(TestRequest::get().uri("/v2/slots?eventTypeId=1&start=2030-01-08&end=2030-01-08")).await;
    assert!(
        !slots.body["data"]["2030-01-08"].as_array().unwrap().iter().any(|s| s["start"] == "2030-01-08T15:00:00.000Z")
    );
}

#[actix_web::test]
async fn idempotency_keys_make_retries_safe() {
    let app = spawn().await;
    setup(&app).await;
    let first = app.send(create(booking("2030-01-07T15:00:00Z")).insert_header(("Idempotency-Key", "k-1"))).await;
    assert_eq!(first.status, 201);
    let again = app.send(create(booking("2030-01-07T15:00:00Z")).insert_header(("Idempotency-Key", "k-1"))).await;
    assert_eq!(again.status, 201);
    assert_eq!(again.body, first.body, "the first answer, not a 400 for the now-taken slot");
    let other = app.send(create(booking("2030-01-07T16:00:00Z")).insert_header(("Idempotency-Key", "k-1"))).await;
    assert_error(&other, 409, "ConflictException");
    assert_eq!(app.get("/v2/bookings").await.body["pagination"]["totalItems"], 1);
    let bad =
        app.send(create(booking("2030-01-07T16:00:00Z")).insert_header(("Idempotency-Key", "x".repeat(300)))).await;
    assert_invalid(&bad, &["Idempotency-Key"]);
}

#[actix_web::test]
async fn reschedule_links_old_and_new_and_frees_the_old_slot() {
    let app = spawn().await;
    setup(&app).await;
    let old = book(&app, "2030-01-07T15:00:00Z").await;
    let path = format!("/v2/bookings/{}/reschedule", uid(&old));
    let reply = app
        .send(
            TestRequest::post()
                .uri(&path)
                .set_json(json!({"start": "2030-01-07T18:00:00Z", "reschedulingReason": "clash"})),
        )
        .await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    let new = &reply.body["data"];
    assert_eq!(new["start"], "2030-01-07T18:00:00.000Z");
    assert_eq!(new["rescheduledFromUid"], old["uid"]);
    assert_eq!(new["attendees"], old["attendees"]);
    let old_now = app.send(TestRequest::get().uri(&format!("/v2/bookings/{}", uid(&old)))).await.body["data"].clone();
    assert_eq!(old_now["status"], "cancelled");
    assert_eq!(old_now["rescheduledToUid"], new["uid"]);
    let slots = slot_starts(&app, "2030-01-07").await;
    assert!(slots.contains(&"2030-01-07T15:00:00.000Z".to_owned()), "old slot freed");
    assert!(!slots.contains(&"2030-01-07T18:00:00.000Z".to_owned()), "new slot taken");

    let twice = app.send(TestRequest::post().uri(&path).set_json(json!({"start": "2030-01-07T19:00:00Z"}))).await;
    assert_invalid(&twice, &["bookingUid"]);
    assert!(twice.message().contains("already rescheduled"), "{}", twice.message());
    // Rescheduling onto its own time is allowed (its time counts as free); onto another booking is not.
    let other = book(&app, "2030-01-07T20:00:00Z").await;
    let onto = app
        .send(
            TestRequest::post()
                .uri(&format!("/v2/bookings/{}/reschedule", uid(new)))
                .set_json(json!({"start": "2030-01-07T20:00:00Z"})),
        )
        .await;
    assert_invalid(&onto, &["start"]);
    let same = app
        .send(
            TestRequest::post()
                .uri(&format!("/v2/bookings/{}/reschedule", uid(&other)))
                .set_json(json!({"start": "2030-01-07T20:00:00Z"})),
        )
        .await;
    assert_eq!(same.status, 201, "{:#}", same.body);
    // Slots for a reschedule count the booking's own time as free.
    let q = format!(
        "/v2/slots?eventTypeId=1&start=2030-01-07&end=2030-01-07&bookingUidToReschedule={}",
        uid(&same.body["data"])
    );
    let slots = app.send(TestRequest::get().uri(&q)).await;
    assert!(
        slots.body["data"]["2030-01-07"].as_array().unwrap().iter().any(|s| s["start"] == "2030-01-07T20:00:00.000Z")
    );
    assert_error(
        &app.send(
            TestRequest::post().uri("/v2/bookings/nope/reschedule").set_json(json!({"start": "2030-01-07T19:00:00Z"})),
        )
        .await,
        404,
        "NotFoundException",
    );
}

#[actix_web::test]
async fn cancelling() {
    let app = spawn().await;
    setup(&app).await;
    let data = book(&app, "2030-01-07T15:00:00Z").await;
    let path = format!("/v2/bookings/{}/cancel", uid(&data));
    // The host must say why; an attendee (no key) need not.
    let host = app.send_as(&app.key, TestRequest::post().uri(&path).set_json(json!({}))).await;
    assert_invalid(&host, &["cancellationReason"]);
    let reply =
        app.send_as(&app.key, TestRequest::post().uri(&path).set_json(json!({"cancellationReason": "sick"}))).await;
    assert_eq!(reply.status, 200, "{:#}", reply.body);
    assert_eq!(reply.body["data"]["status"], "cancelled");
    assert_eq!(reply.body["data"]["cancellationReason"], "sick");
    assert_eq!(reply.body["data"]["cancelledByEmail"], "admin@calends.local");
    assert_eq!(slot_starts(&app, "2030-01-07").await.len(), 8, "the slot is free again");
    let again = app.send(TestRequest::post().uri(&path)).await;
    assert_invalid(&again, &["bookingUid"]);
    assert!(again.message().contains("already cancelled"));

    let attendee = book(&app, "2030-01-07T16:00:00Z").await;
    let by_attendee = app.send(TestRequest::post().uri(&format!("/v2/bookings/{}/cancel", uid(&attendee)))).await;
    assert_eq!(by_attendee.body["data"]["status"], "cancelled");

    let past = book(&app, "2030-01-07T17:00:00Z").await;
    app.clock.advance(Duration::hours(12));
    let late = app.send(TestRequest::post().uri(&format!("/v2/bookings/{}/cancel", uid(&past)))).await;
    assert!(late.message().contains("in the past"), "{}", late.message());
    assert_error(&app.send(TestRequest::post().uri("/v2/bookings/nope/cancel")).await, 404, "NotFoundException");
}

#[actix_web::test]
async fn confirmation_policy_makes_bookings_pending_until_decided() {
    let app = spawn().await;
    setup(&app).await;
    app.patch(
        "/v2/event-types/1",
        json!({"confirmationPolicy": {"type": "always", "blockUnconfirmedBookingsInBooker": true}}),
    )
    .await;
    let a = book(&app, "2030-01-07T15:00:00Z").await;
    let b = book(&app, "2030-01-07T16:00:00Z").await;
    assert_eq!(a["status"], "pending");
    assert!(!slot_starts(&app, "2030-01-07").await.contains(&"2030-01-07T15:00:00.000Z".to_owned()), "pending blocks");

    let (_, bob) = app.other_user("bob").await;
    let confirm_path = format!("/v2/bookings/{}/confirm", uid(&a));
    let app = &app;
    let confirm_a = |key: String| {
        let req = TestRequest::post().uri(&confirm_path);
        async move { app.send_as(&key, req).await }
    };
    assert_error(&confirm_a(bob.clone()).await, 403, "ForbiddenException");
    assert_error(
        &app.send(TestRequest::post().uri(&format!("/v2/bookings/{}/confirm", uid(&a)))).await,
        401,
        "UnauthorizedException",
    );
    let confirmed = confirm_a(app.key.clone()).await;
    assert_eq!(confirmed.body["data"]["status"], "accepted");
    assert_invalid(&confirm_a(app.key.clone()).await, &["bookingUid"]);

    let declined = app
        .send_as(
            &app.key,
            TestRequest::post().uri(&format!("/v2/bookings/{}/decline", uid(&b))).set_json(json!({"reason": "busy"})),
        )
        .await;
    assert_eq!(declined.body["data"]["status"], "rejected");
    assert!(slot_starts(app, "2030-01-07").await.contains(&"2030-01-07T16:00:00.000Z".to_owned()), "rejected frees");
    let decline_again =
        app.send_as(&app.key, TestRequest::post().uri(&format!("/v2/bookings/{}/decline", uid(&b)))).await;
    assert_invalid(&decline_again, &["bookingUid"]);
}

/// Which operation is allowed from which status.
#[actix_web::test]
async fn status_transitions() {
    let app = spawn().await;
    setup(&app).await;
    app.patch(
        "/v2/event-types/1",
        json!({"confirmationPolicy": {"type": "always", "blockUnconfirmedBookingsInBooker": true}}),
    )
    .await;
    // Each row books a fresh slot: 14:00-20:00 UTC starts on the 8th, 9th and 10th.
    let mut n = 0;
    let mut fresh = async || {
        let (day, hour) = (8 + n / 7, 14 + n % 7);
        n += 1;
        book(&app, &format!("2030-01-{day:02}T{hour:02}:00:00Z")).await
    };
    // (status to reach, operation, expected status code)
    let table: Vec<(&str, &str, u16)> = vec![
        ("pending", "confirm", 200),
        ("pending", "decline", 200),
        ("pending", "cancel", 200),
        ("pending", "reschedule", 201),
        ("accepted", "confirm", 400),
        ("accepted", "decline", 400),
        ("accepted", "cancel", 200),
        ("accepted", "reschedule", 201),
        ("rejected", "confirm", 400),
        ("rejected", "cancel", 400),
        ("rejected", "reschedule", 400),
        ("cancelled", "confirm", 400),
        ("cancelled", "decline", 400),
        ("cancelled", "cancel", 400),
        ("cancelled", "reschedule", 400),
    ];
    for (from, op, expected) in table {
        let b = fresh().await;
        let u = uid(&b);
        match from {
            "accepted" => assert_eq!(
                app.send_as(&app.key, TestRequest::post().uri(&format!("/v2/bookings/{u}/confirm"))).await.status,
                200
            ),
            "rejected" => assert_eq!(
                app.send_as(&app.key, TestRequest::post().uri(&format!("/v2/bookings/{u}/decline"))).await.status,
                200
            ),
            "cancelled" => {
                assert_eq!(app.send(TestRequest::post().uri(&format!("/v2/bookings/{u}/cancel"))).await.status, 200)
            }
            _ => {}
        }
        let req = match op {
            "reschedule" => TestRequest::post()
                .uri(&format!("/v2/bookings/{u}/reschedule"))
                .set_json(json!({"start": "2030-01-11T15:00:00Z"})),
            "cancel" => TestRequest::post()
                .uri(&format!("/v2/bookings/{u}/cancel"))
                .set_json(json!({"cancellationReason": "x"})),
            other => TestRequest::post().uri(&format!("/v2/bookings/{u}/{other}")),
        };
        let reply = app.send_as(&app.key, req).await;
        assert_eq!(reply.status.as_u16(), expected, "{op} from {from}: {:#}", reply.body);
        if reply.status == 201 {
            // Free the rescheduled slot for the next row.
            let new_uid = uid(&reply.body["data"]);
            app.send(TestRequest::post().uri(&format!("/v2/bookings/{new_uid}/cancel"))).await;
        }
    }
}

#[actix_web::test]
async fn mark_absent_after_the_start() {
    let app = spawn().await;
    setup(&app).await;
    let mut body = booking("2030-01-07T15:00:00Z");
    body["guests"] = json!(["grace@example.com"]);
    let data = app.send(create(body)).await.body["data"].clone();
    assert_eq!(data["guests"], json!(["grace@example.com"]));
    let path = format!("/v2/bookings/{}/mark-absent", uid(&data));
    let mark = |b: Value| app.send_as(&app.key, TestRequest::post().uri(&path).set_json(b));
    assert_invalid(&mark(json!({"host": true})).await, &["bookingUid"]);
    app.clock.advance(Duration::hours(7) + Duration::minutes(10));
    assert_invalid(
        &mark(json!({"attendees": [{"email": "nobody@example.com", "absent": true}]})).await,
        &["attendees[0].email"],
    );
    let reply = mark(json!({"host": true, "attendees": [{"email": "ADA@example.com", "absent": true}]})).await;
    assert_eq!(reply.status, 200, "{:#}", reply.body);
    assert_eq!(reply.body["data"]["absentHost"], true);
    assert_eq!(reply.body["data"]["attendees"][0]["absent"], true);
    assert_eq!(reply.body["data"]["attendees"][1]["absent"], false);
    let (_, bob) = app.other_user("bob").await;
    assert_error(
        &app.send_as(&bob, TestRequest::post().uri(&path).set_json(json!({"host": false}))).await,
        403,
        "ForbiddenException",
    );
}

#[actix_web::test]
async fn calendar_links_in_cal_com_formats() {
    let app = spawn().await;
    setup(&app).await;
    app.patch("/v2/event-types/1", json!({"description": "Bring notes & questions"})).await;
    let data = book(&app, "2030-01-07T15:00:00Z").await;
    let path = format!("/v2/bookings/{}/calendar-links", uid(&data));
    let reply = app.get(&path).await;
    assert_eq!(reply.status, 200, "{:#}", reply.body);
    let links = reply.body["data"].as_array().unwrap();
    let ids: Vec<&str> = links.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["googleCalendar", "microsoftOffice", "microsoftOutlook", "ics"]);
    assert_eq!(
        links[0]["link"],
        "https://calendar.google.com/calendar/r/eventedit?dates=20300107T150000Z/20300107T160000Z&text=Consult between Calends Admin and Ada Lovelace&details=Bring%20notes%20%26%20questions"
    );
    assert_eq!(
        links[1]["link"],
        "https://outlook.office.com/calendar/0/deeplink/compose?body=Bring%20notes%20%26%20questions&enddt=2030-01-07T16:00:00Z&path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&startdt=2030-01-07T15:00:00Z&subject=Consult between Calends Admin and Ada Lovelace"
    );
    let ics = links[3]["link"].as_str().unwrap();
    assert!(ics.starts_with("data:text/calendar,BEGIN%3AVCALENDAR"), "{ics}");
    let (_, bob) = app.other_user("bob").await;
    assert_error(&app.send_as(&bob, TestRequest::get().uri(&path)).await, 403, "ForbiddenException");
    assert_error(&app.send(TestRequest::get().uri(&path)).await, 401, "UnauthorizedException");
    assert_error(&app.get("/v2/bookings/nope/calendar-links").await, 404, "NotFoundException");
}

#[actix_web::test]
async fn references_recordings_transcripts_and_reassign() {
    let app = spawn().await;
    setup(&app).await;
    let data = book(&app, "2030-01-07T15:00:00Z").await;
    let u = uid(&data);
    assert_eq!(app.get(&format!("/v2/bookings/{u}/references")).await.body, json!({"status": "success", "data": []}));
    assert_eq!(app.get(&format!("/v2/bookings/{u}/references?type=google_calendar")).await.status, 200);
    assert_invalid(&app.get(&format!("/v2/bookings/{u}/references?type=fax")).await, &["type"]);
    assert_eq!(app.send(TestRequest::get().uri(&format!("/v2/bookings/{u}/recordings"))).await.body["data"], json!([]));
    assert_eq!(
        app.send(TestRequest::get().uri(&format!("/v2/bookings/{u}/transcripts"))).await.body["data"],
        json!([])
    );
    assert_error(&app.send(TestRequest::get().uri("/v2/bookings/nope/recordings")).await, 404, "NotFoundException");
    for path in [format!("/v2/bookings/{u}/reassign"), format!("/v2/bookings/{u}/reassign/2")] {
        let reply = app.send_as(&app.key, TestRequest::post().uri(&path)).await;
        assert_error(&reply, 400, "BadRequestException");
        assert!(reply.message().contains("round-robin"), "{}", reply.message());
    }
    assert_error(
        &app.send_as(&app.key, TestRequest::post().uri("/v2/bookings/nope/reassign")).await,
        404,
        "NotFoundException",
    );
    assert_invalid(
        &app.send_as(&app.key, TestRequest::post().uri(&format!("/v2/bookings/{u}/reassign/x"))).await,
        &["bookingUid, userId"],
    );
}

#[actix_web::test]
async fn recurring_series() {
    let app = spawn().await;
    setup(&app).await;
    app.patch("/v2/event-types/1", json!({"recurrence": {"interval": 1, "occurrences": 3, "frequency": "weekly"}}))
        .await;
    let reply = app.send(create(booking("2030-01-07T15:00:00Z"))).await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    let list = reply.body["data"].as_array().unwrap();
    let starts: Vec<&str> = list.iter().map(|b| b["start"].as_str().unwrap()).collect();
    assert_eq!(starts, ["2030-01-07T15:00:00.000Z", "2030-01-14T15:00:00.000Z", "2030-01-21T15:00:00.000Z"]);
    let series = list[0]["recurringBookingUid"].as_str().unwrap();
    assert!(list.iter().all(|b| b["recurringBookingUid"] == series));
    let got = app.send(TestRequest::get().uri(&format!("/v2/bookings/{series}"))).await;
    assert_eq!(got.body["data"].as_array().unwrap().len(), 3);
    // Two occurrences, then cancel the rest from the second on.
    let two = app
        .send(create({
            let mut b = booking("2030-01-08T15:00:00Z");
            b["recurrenceCount"] = json!(2);
            b
        }))
        .await;
    assert_eq!(two.body["data"].as_array().unwrap().len(), 2);
    let second = uid(&list[1]);
    let cancel = TestRequest::post()
        .uri(&format!("/v2/bookings/{second}/cancel"))
        .set_json(json!({"cancelSubsequentBookings": true}));
    app.send(cancel).await;
    let after = app.send(TestRequest::get().uri(&format!("/v2/bookings/{series}"))).await;
    let statuses: Vec<&str> =
        after.body["data"].as_array().unwrap().iter().map(|b| b["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["accepted", "cancelled", "cancelled"]);
    // An occurrence that is not free refuses the whole series and names it.
    let clash = app.send(create(booking("2030-01-07T15:00:00Z"))).await;
    assert!(clash.message().contains("occurrence 1 of 3"), "{}", clash.message());
}

#[actix_web::test]
async fn booking_limits_close_the_day() {
    let app = spawn().await;
    setup(&app).await;
    app.patch("/v2/event-types/1", json!({"bookingLimitsCount": {"day": 1}})).await;
    book(&app, "2030-01-07T15:00:00Z").await;
    assert_eq!(slot_starts(&app, "2030-01-07").await, Vec::<String>::new());
    assert_eq!(slot_starts(&app, "2030-01-08").await.len(), 8);
    let second = app.send(create(booking("2030-01-07T17:00:00Z"))).await;
    assert!(second.message().contains("booking limit"), "{}", second.message());
}

#[actix_web::test]
async fn a_reservation_blocks_others_but_not_its_holder() {
    let app = spawn().await;
    setup(&app).await;
    let held = app
        .send(
            TestRequest::post()
                .uri("/v2/slots/reservations")
                .set_json(json!({"eventTypeId": 1, "slotStart": "2030-01-07T15:00:00Z"})),
        )
        .await;
    let reservation = held.body["data"]["reservationUid"].as_str().unwrap().to_owned();
    let other = app.send(create(booking("2030-01-07T15:00:00Z"))).await;
    assert!(other.message().contains("reservation"), "{}", other.message());
    let mut body = booking("2030-01-07T15:00:00Z");
    body["reservationUid"] = json!(reservation);
    let mine = app.send(create(body)).await;
    assert_eq!(mine.status, 201, "{:#}", mine.body);
    let gone = app.send(TestRequest::get().uri(&format!("/v2/slots/reservations/{reservation}"))).await;
    assert_eq!(gone.body["data"], json!(null), "the booking released the reservation");
    let mut wrong = booking("2030-01-07T16:00:00Z");
    wrong["reservationUid"] = json!("missing");
    assert_invalid(&app.send(create(wrong)).await, &["reservationUid"]);
}

#[actix_web::test]
async fn listing_filters_sorts_and_pages() {
    let app = spawn().await;
    setup(&app).await;
    let a = book(&app, "2030-01-07T15:00:00Z").await;
    let _b = book(&app, "2030-01-08T15:00:00Z").await;
    let mut body = booking("2030-01-09T15:00:00Z");
    body["attendee"]["email"] = json!("grace@example.com");
    body["attendee"]["name"] = json!("Grace Hopper");
    app.send(create(body)).await;
    app.send(TestRequest::post().uri(&format!("/v2/bookings/{}/cancel", uid(&a)))).await;

    let page = |q: &str| {
        let q = q.to_owned();
        let app = &app;
        async move { app.get(&format!("/v2/bookings?{q}")).await }
    };
    let starts = |r: &Reply| -> Vec<String> {
        r.body["data"].as_array().unwrap().iter().map(|b| b["start"].as_str().unwrap()[..10].to_owned()).collect()
    };
    assert_eq!(starts(&page("").await), ["2030-01-07", "2030-01-08", "2030-01-09"]);
    assert_eq!(starts(&page("status=upcoming").await), ["2030-01-08", "2030-01-09"]);
    assert_eq!(starts(&page("status=cancelled").await), ["2030-01-07"]);
    assert_eq!(
        starts(&page("status=cancelled,upcoming&sortStart=desc").await),
        ["2030-01-09", "2030-01-08", "2030-01-07"]
    );
    assert_eq!(starts(&page("attendeeEmail=GRACE@example.com").await), ["2030-01-09"]);
    assert_eq!(starts(&page("attendeeName=hopp").await), ["2030-01-09"]);
    assert_eq!(starts(&page("afterStart=2030-01-08T00:00:00Z&beforeEnd=2030-01-08T23:00:00Z").await), ["2030-01-08"]);
    assert_eq!(starts(&page("eventTypeIds=1,2").await).len(), 3);
    assert_eq!(starts(&page("eventTypeId=2").await).len(), 0);
    assert_eq!(starts(&page("teamId=5").await).len(), 0);
    let second_page = page("take=2&skip=2").await;
    assert_eq!(starts(&second_page), ["2030-01-09"]);
    assert_eq!(
        second_page.body["pagination"],
        json!({"totalItems": 3, "remainingItems": 0, "returnedItems": 1, "itemsPerPage": 2, "currentPage": 2,
               "totalPages": 2, "hasNextPage": false, "hasPreviousPage": true})
    );
    assert_invalid(&page("status=someday").await, &["status"]);
    assert_invalid(&page("take=0").await, &["take"]);
    assert_invalid(&page("afterStart=yesterday").await, &["afterStart"]);
    assert_invalid(&page("sortStart=up").await, &["sortStart"]);
    assert_error(&app.send(TestRequest::get().uri("/v2/bookings")).await, 401, "UnauthorizedException");
    // Another host sees none of them.
    let (_, bob) = app.other_user("bob").await;
    let theirs = app.send_as(&bob, TestRequest::get().uri("/v2/bookings")).await;
    assert_eq!(theirs.body["pagination"]["totalItems"], 0);
}

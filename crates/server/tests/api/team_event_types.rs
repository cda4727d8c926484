//! Team event types, their slots and bookings over HTTP: collective events need every host free, round robin
//! books one host by priority and then the least recently booked, reassignment moves a booking to another free
//! host. The clock stands at Monday 2030-01-07 08:00 UTC; hosts work weekdays in UTC.

use actix_web::test::TestRequest;
use serde_json::{Value, json};

use crate::support::{Svc, TestApp, assert_error, assert_invalid, join_all, spawn};

/// A team "support" of ada (the first user, owner), bob and cy (members): ada and bob work 9-17 UTC, cy 12-17.
struct Team {
    id: i64,
    /// (user id, key)
    bob: (i64, String),
    cy: (i64, String),
}

async fn schedule(app: &TestApp<impl Svc>, key: &str, start: &str) {
    let body = json!({"name": "Work", "timeZone": "UTC", "isDefault": true, "availability": [
        {"days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], "startTime": start, "endTime": "17:00"}
    ]});
    let reply = app.send_as(key, TestRequest::post().uri("/v2/schedules").set_json(body)).await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
}

async fn team(app: &TestApp<impl Svc>) -> Team {
    schedule(app, &app.key, "09:00").await;
    let team = app.post("/v2/teams", json!({"name": "Support", "slug": "support"})).await;
    assert_eq!(team.status, 201, "{:#}", team.body);
    let id = team.body["data"]["id"].as_i64().unwrap();
    let mut members = Vec::new();
    for (name, start) in [("bob", "09:00"), ("cy", "12:00")] {
        let (user, key) = app.other_user(name).await;
        schedule(app, &key, start).await;
        let reply = app
            .post(
                &format!("/v2/teams/{id}/memberships"),
                json!({"userId": user.id, "role": "MEMBER", "accepted": true}),
            )
            .await;
        assert_eq!(reply.status, 201, "{:#}", reply.body);
        members.push((user.id, key));
    }
    let cy = members.pop().unwrap();
    let bob = members.pop().unwrap();
    Team { id, bob, cy }
}

fn event_type(slug: &str, scheduling: &str, hosts: Value) -> Value {
    json!({"title": slug, "slug": slug, "lengthInMinutes": 60, "minimumBookingNotice": 0,
           "schedulingType": scheduling, "hosts": hosts})
}

async fn create_event_type(app: &TestApp<impl Svc>, team: &Team, body: Value) -> i64 {
    let reply = app.post(&format!("/v2/teams/{}/event-types", team.id), body).await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    reply.body["data"]["id"].as_i64().unwrap()
}

async fn slot_hours(app: &TestApp<impl Svc>, query: &str) -> Vec<String> {
    let reply = app.send(TestRequest::get().uri(&format!("/v2/slots?{query}&start=2030-01-07&end=2030-01-07"))).await;
    assert_eq!(reply.status, 200, "{:#}", reply.body);
    reply.body["data"]["2030-01-07"]
        .as_array()
        .map(|a| a.iter().map(|s| s["start"].as_str().unwrap()[11..16].to_owned()).collect())
        .unwrap_or_default()
}

fn booking(event_type_id: i64, start: &str, email: &str) -> TestRequest {
    TestRequest::post().uri("/v2/bookings").insert_header(("cal-api-version", "2024-08-13")).set_json(json!({
        "eventTypeId": event_type_id,
        "start": start,
        "attendee": {"name": "Booker", "email": email, "timeZone": "UTC"}
    }))
}

/// Books and returns the organizer's id.
async fn book(app: &TestApp<impl Svc>, event_type_id: i64, start: &str) -> (String, i64) {
    let reply = app.send(booking(event_type_id, start, "booker@example.com")).await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    let data = &reply.body["data"];
    (data["uid"].as_str().unwrap().to_owned(), data["hosts"][0]["id"].as_i64().unwrap())
}

/// The uids `GET /v2/bookings{query}` lists to `key`.
async fn listed(app: &TestApp<impl Svc>, key: &str, query: &str) -> Vec<String> {
    let req = TestRequest::get().uri(&format!("/v2/bookings{query}")).insert_header(("cal-api-version", "2024-08-13"));
    let reply = app.send_as(key, req).await;
    assert_eq!(reply.status, 200, "{:#}", reply.body);
    reply.body["data"].as_array().unwrap().iter().map(|b| b["uid"].as_str().unwrap().to_owned()).collect()
}

#[actix_web::test]
async fn team_event_types_are_managed_by_admins_and_read_by_members() {
    let app = spawn().await;
    let team = team(&app).await;
    let (ada, (bob, bob_key), (cy, _)) = (app.user.id, team.bob.clone(), team.cy.clone());
    let path = format!("/v2/teams/{}/event-types", team.id);
    let body = event_type("triage", "roundRobin", json!([{"userId": ada}, {"userId": bob, "priority": "high"}]));
    let created = app.post(&path, body.clone()).await;
    assert_eq!(created.status, 201, "{:#}", created.body);
    let data = &created.body["data"];
    assert_eq!(data["schedulingType"], "roundRobin");
    assert_eq!(data["teamId"], team.id);
    assert_eq!(data["team"]["slug"], "support");
    assert_eq!(
        data["hosts"][1],
        json!({"userId": bob, "name": null, "username": "bob", "avatarUrl": null,
                                        "mandatory": false, "priority": "high"})
    );
    assert_eq!(data["users"].as_array().unwrap().len(), 2);
    let id = data["id"].as_i64().unwrap();
    let one = format!("{path}/{id}");

    // Anyone lists; members read one; only admins and owners change.
    let listed = app.send(TestRequest::get().uri(&path)).await;
    assert_eq!(listed.body["data"].as_array().unwrap().len(), 1, "{:#}", listed.body);
    assert_eq!(app.send(TestRequest::get().uri(&format!("{path}?eventSlug=nope"))).await.body["data"], json!([]));
    assert_eq!(app.send_as(&bob_key, TestRequest::get().uri(&one)).await.status, 200);
    let (_, stranger) = app.other_user("stranger").await;
    assert_error(&app.send_as(&stranger, TestRequest::get().uri(&one)).await, 403, "ForbiddenException");
    let by_member =
        app.send_as(&bob_key, TestRequest::post().uri(&path).set_json(event_type("x", "collective", json!([]))));
    assert_error(&by_member.await, 403, "ForbiddenException");
    let patch = TestRequest::patch().uri(&one).set_json(json!({"title": "Nope"}));
    assert_error(&app.send_as(&bob_key, patch).await, 403, "ForbiddenException");
    assert_error(&app.send_as(&bob_key, TestRequest::delete().uri(&one)).await, 403, "ForbiddenException");
    assert_error(&app.get("/v2/teams/999/event-types/1").await, 404, "NotFoundException");
    assert_error(&app.get(&format!("{path}/999")).await, 404, "NotFoundException");
    // The personal endpoints do not see team event types.
    assert_error(
        &app.send_as(
            &app.key,
            TestRequest::get().uri(&format!("/v2/event-types/{id}")).insert_header(("cal-api-version", "2024-06-14")),
        )
        .await,
        404,
        "NotFoundException",
    );

    // Bad input.
    assert_error(&app.post(&path, body).await, 409, "ConflictException");
    let stranger_host = event_type("y", "collective", json!([{"userId": 999}, {"userId": cy}, {"userId": cy}]));
    assert_invalid(&app.post(&path, stranger_host).await, &["hosts[0].userId", "hosts[2].userId"]);
    assert_error(&app.post(&path, event_type("z", "sometimes", json!([]))).await, 400, "BadRequestException");
    let mut no_title = event_type("w", "sometimes", json!([]));
    no_title.as_object_mut().unwrap().remove("title");
    assert_error(&app.post(&path, no_title).await, 400, "BadRequestException");

    // Updates replace the hosts; the scheduling type stays.
    let updated = app.patch(&one, json!({"hosts": [{"userId": cy, "mandatory": true}], "title": "Triage"})).await;
    assert_eq!(updated.status, 200, "{:#}", updated.body);
    assert_eq!(updated.body["data"]["hosts"][0]["userId"], cy);
    assert_eq!(updated.body["data"]["hosts"][0]["mandatory"], true);
    assert_eq!(updated.body["data"]["title"], "Triage");
    let all = app.patch(&one, json!({"assignAllTeamMembers": true})).await;
    assert_eq!(all.body["data"]["hosts"].as_array().unwrap().len(), 3, "{:#}", all.body);
    let limited = app.send(TestRequest::get().uri(&format!("{path}?hostsLimit=1"))).await;
    assert_eq!(limited.body["data"][0]["hosts"].as_array().unwrap().len(), 1);
    assert_invalid(&app.send(TestRequest::get().uri(&format!("{path}?hostsLimit=-1"))).await, &["hostsLimit"]);

    let call = TestRequest::post().uri(&format!("{one}/create-phone-call")).set_json(json!({}));
    let call = app.send_as(&app.key, call).await;
    assert_error(&call, 400, "BadRequestException");
    assert!(call.message().contains("telephony"), "{}", call.message());

    let deleted = app.delete(&one).await;
    assert_eq!(deleted.status, 200, "{:#}", deleted.body);
    assert_eq!(deleted.body["data"]["id"], id);
    assert_error(&app.get(&one).await, 404, "NotFoundException");
}

#[actix_web::test]
async fn a_collective_event_offers_only_times_when_every_host_is_free() {
    let app = spawn().await;
    let team = team(&app).await;
    let (ada, cy) = (app.user.id, team.cy.0);
    let id = create_event_type(&app, &team, event_type("pair", "collective", json!([{"userId": ada}, {"userId": cy}])))
        .await;
    // ada 9-17, cy 12-17: the intersection.
    assert_eq!(slot_hours(&app, &format!("eventTypeId={id}")).await, ["12:00", "13:00", "14:00", "15:00", "16:00"]);
    assert_eq!(slot_hours(&app, "teamSlug=support&eventTypeSlug=pair").await.len(), 5);
    // A personal booking of ada's closes the team's 13:00.
    let personal = app
        .send_as(
            &app.key,
            TestRequest::post()
                .uri("/v2/event-types")
                .insert_header(("cal-api-version", "2024-06-14"))
                .set_json(json!({"title": "Own", "slug": "own", "lengthInMinutes": 60, "minimumBookingNotice": 0})),
        )
        .await;
    let personal = personal.body["data"]["id"].as_i64().unwrap();
    book(&app, personal, "2030-01-07T13:00:00Z").await;
    assert_eq!(slot_hours(&app, &format!("eventTypeId={id}")).await, ["12:00", "14:00", "15:00", "16:00"]);
    let taken = app.send(booking(id, "2030-01-07T13:00:00Z", "x@example.com")).await;
    assert_invalid(&taken, &["start"]);
    assert!(taken.message().contains("every host"), "{}", taken.message());
    // Booking it makes every host busy: cy's own round-robin event loses 14:00 too.
    let reply = app.send(booking(id, "2030-01-07T14:00:00Z", "pair@example.com")).await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    let hosts: Vec<i64> =
        reply.body["data"]["hosts"].as_array().unwrap().iter().map(|h| h["id"].as_i64().unwrap()).collect();
    assert_eq!(hosts, [ada, cy], "the organizer first, then the other hosts");
    let uid = reply.body["data"]["uid"].as_str().unwrap().to_owned();
    // cy co-hosts it: it is in cy's list, with the team filter too; not in a stranger's.
    assert_eq!(listed(&app, &team.cy.1, "").await, vec![uid.clone()]);
    assert_eq!(listed(&app, &team.cy.1, &format!("?teamId={}", team.id)).await, vec![uid.clone()]);
    assert!(listed(&app, &team.cy.1, "?teamsIds=999").await.is_empty());
    // bob neither hosts it nor administers the team; ada, the owner, sees every team booking.
    assert!(listed(&app, &team.bob.1, "").await.is_empty());
    assert!(listed(&app, &app.key, &format!("?teamId={}", team.id)).await.contains(&uid));
    let solo = create_event_type(&app, &team, event_type("solo", "roundRobin", json!([{"userId": cy}]))).await;
    assert_eq!(slot_hours(&app, &format!("eventTypeId={solo}")).await, ["12:00", "13:00", "15:00", "16:00"]);
    assert_eq!(slot_hours(&app, &format!("eventTypeId={id}")).await, ["12:00", "15:00", "16:00"]);

    // Rescheduling moves every host's time: 14:00 comes back for cy, 16:00 goes. 13:00 is not free for ada.
    let reschedule = |start: &str| {
        TestRequest::post()
            .uri(&format!("/v2/bookings/{uid}/reschedule"))
            .insert_header(("cal-api-version", "2024-08-13"))
            .set_json(json!({"start": start}))
    };
    let refused = app.send(reschedule("2030-01-07T13:00:00Z")).await;
    assert_invalid(&refused, &["start"]);
    let moved = app.send(reschedule("2030-01-07T16:00:00Z")).await;
    assert_eq!(moved.status, 201, "{:#}", moved.body);
    let hosts: Vec<i64> =
        moved.body["data"]["hosts"].as_array().unwrap().iter().map(|h| h["id"].as_i64().unwrap()).collect();
    assert_eq!(hosts, [ada, cy]);
    assert_eq!(slot_hours(&app, &format!("eventTypeId={solo}")).await, ["12:00", "13:00", "14:00", "15:00"]);
    assert_eq!(slot_hours(&app, &format!("eventTypeId={id}")).await, ["12:00", "14:00", "15:00"]);
}

#[actix_web::test]
async fn round_robin_spreads_bookings_by_priority_then_least_recently_booked() {
    let app = spawn().await;
    let team = team(&app).await;
    let (ada, bob, cy) = (app.user.id, team.bob.0, team.cy.0);
    let hosts = json!([{"userId": ada}, {"userId": bob}, {"userId": cy}]);
    let id = create_event_type(&app, &team, event_type("rr", "roundRobin", hosts)).await;
    // Every slot any host offers: ada and bob from 9, cy from 12.
    assert_eq!(slot_hours(&app, &format!("eventTypeId={id}")).await.len(), 8);
    // Ten bookings at 12:00 on ten weekdays, all three free: never booked first in listed order, then the least
    // recently booked.
    let days = ["07", "08", "09", "10", "11", "14", "15", "16", "17", "18"];
    let mut organizers = Vec::new();
    for day in days {
        organizers.push(book(&app, id, &format!("2030-01-{day}T12:00:00Z")).await.1);
    }
    assert_eq!(organizers, [ada, bob, cy, ada, bob, cy, ada, bob, cy, ada]);
    // Before 12:00 cy is not free: ada and bob alternate.
    let (_, first) = book(&app, id, "2030-01-07T10:00:00Z").await;
    assert_eq!(first, bob, "bob's last booking is older than ada's");

    // Priority comes first: cy at highest takes every slot cy is free for.
    let prio = json!([{"userId": ada}, {"userId": bob}, {"userId": cy, "priority": "highest"}]);
    let id = create_event_type(&app, &team, event_type("vip", "roundRobin", prio)).await;
    assert_eq!(book(&app, id, "2030-01-21T13:00:00Z").await.1, cy);
    assert_eq!(book(&app, id, "2030-01-21T14:00:00Z").await.1, cy);
    assert_eq!(book(&app, id, "2030-01-21T09:00:00Z").await.1, ada);
}

#[actix_web::test]
async fn concurrent_round_robin_bookings_never_double_book_a_host() {
    let app = spawn().await;
    let team = team(&app).await;
    let hosts = json!([{"userId": app.user.id}, {"userId": team.bob.0}, {"userId": team.cy.0}]);
    let id = create_event_type(&app, &team, event_type("rush", "roundRobin", hosts)).await;
    let replies =
        join_all((0..12).map(|i| app.send(booking(id, "2030-01-07T13:00:00Z", &format!("b{i}@example.com"))))).await;
    let mut organizers: Vec<i64> = replies
        .iter()
        .filter(|r| r.status == 201)
        .map(|r| r.body["data"]["hosts"][0]["id"].as_i64().unwrap())
        .collect();
    organizers.sort_unstable();
    let mut expected = vec![app.user.id, team.bob.0, team.cy.0];
    expected.sort_unstable();
    assert_eq!(organizers, expected, "one booking per host");
    for reply in replies.iter().filter(|r| r.status != 201) {
        assert_invalid(reply, &["start"]);
    }
    assert!(slot_hours(&app, &format!("eventTypeId={id}")).await.iter().all(|h| h != "13:00"));
}

#[actix_web::test]
async fn reassignment_moves_a_booking_to_a_free_host_and_notifies_webhooks() {
    let app = spawn().await;
    let team = team(&app).await;
    let (ada, (bob, bob_key), (cy, cy_key)) = (app.user.id, team.bob.clone(), team.cy.clone());
    let hosts = json!([{"userId": ada}, {"userId": bob}, {"userId": cy}]);
    let id = create_event_type(&app, &team, event_type("rr", "roundRobin", hosts)).await;
    let hook = app
        .post(
            &format!("/v2/event-types/{id}/webhooks"),
            json!({"active": true, "subscriberUrl": "https://hooks.example.com/rr",
                   "triggers": ["BOOKING_CREATED", "BOOKING_REASSIGNED"]}),
        )
        .await;
    assert_eq!(hook.status, 201, "{:#}", hook.body);
    let hook = hook.body["data"]["id"].clone();
    let (uid, organizer) = book(&app, id, "2030-01-07T10:00:00Z").await;
    assert_eq!(organizer, ada);

    // cy is not free at 10:00, a stranger is no host, ada already hosts it.
    let to = |user: i64| TestRequest::post().uri(&format!("/v2/bookings/{uid}/reassign/{user}"));
    let busy = app.send_as(&app.key, to(cy).set_json(json!({"reason": "holiday"}))).await;
    assert_invalid(&busy, &["userId"]);
    assert!(busy.message().contains("not free"), "{}", busy.message());
    let (stranger, stranger_key) = app.other_user("stranger").await;
    assert!(app.send_as(&app.key, to(stranger.id)).await.message().contains("not a round-robin host"));
    assert!(app.send_as(&app.key, to(ada)).await.message().contains("already hosts"));
    // Neither its host nor a team admin: 403.
    assert_error(&app.send_as(&cy_key, to(bob)).await, 403, "ForbiddenException");
    assert_error(&app.send_as(&stranger_key, to(bob)).await, 403, "ForbiddenException");

    // To bob, by hand; then automatically: cy is still busy at 10:00, so back to ada.
    let moved = app.send_as(&app.key, to(bob).set_json(json!({"reason": "ada is ill"}))).await;
    assert_eq!(moved.status, 200, "{:#}", moved.body);
    assert_eq!(moved.body["data"]["reassignedTo"]["id"], bob);
    assert_eq!(moved.body["data"]["bookingUid"], uid);
    let auto = app.send_as(&bob_key, TestRequest::post().uri(&format!("/v2/bookings/{uid}/reassign"))).await;
    assert_eq!(auto.status, 200, "{:#}", auto.body);
    assert_eq!(auto.body["data"]["reassignedTo"]["id"], ada);
    // Every other host busy: nobody to move it to.
    book(&app, id, "2030-01-07T10:00:00Z").await;
    let none = app.send_as(&app.key, TestRequest::post().uri(&format!("/v2/bookings/{uid}/reassign"))).await;
    assert_error(&none, 400, "BadRequestException");

    // Rescheduled to 12:00, when cy is free too: ada keeps it; to a time ada has taken, another host gets it.
    let reschedule = |uid: &str, start: &str| {
        TestRequest::post()
            .uri(&format!("/v2/bookings/{uid}/reschedule"))
            .insert_header(("cal-api-version", "2024-08-13"))
            .set_json(json!({"start": start}))
    };
    let kept = app.send(reschedule(&uid, "2030-01-08T12:00:00Z")).await;
    assert_eq!(kept.status, 201, "{:#}", kept.body);
    assert_eq!(kept.body["data"]["hosts"][0]["id"], ada);
    let kept_uid = kept.body["data"]["uid"].as_str().unwrap().to_owned();
    // ada busy at 10:00 on the 9th (cy does not work then): a reschedule there goes to bob.
    let (busy_uid, busy_host) = book(&app, id, "2030-01-09T10:00:00Z").await;
    let reassigned_to_ada = busy_host != ada;
    if reassigned_to_ada {
        let to_ada = TestRequest::post().uri(&format!("/v2/bookings/{busy_uid}/reassign/{ada}"));
        assert_eq!(app.send_as(&app.key, to_ada).await.status, 200);
    }
    let moved = app.send(reschedule(&kept_uid, "2030-01-09T10:00:00Z")).await;
    assert_eq!(moved.status, 201, "{:#}", moved.body);
    assert_eq!(moved.body["data"]["hosts"][0]["id"], bob, "{:#}", moved.body);
    assert_eq!(moved.body["data"]["rescheduledFromUid"], kept_uid.as_str());

    let deliveries = app.get(&format!("/v2/webhooks/{hook}/deliveries")).await;
    let triggers: Vec<&str> = deliveries.body["data"]
        .as_array()
        .map(|a| a.iter().filter_map(|d| d["triggerEvent"].as_str()).collect())
        .unwrap_or_default();
    let reassignments = 2 + usize::from(reassigned_to_ada);
    assert_eq!(triggers.iter().filter(|t| **t == "BOOKING_REASSIGNED").count(), reassignments, "{:#}", deliveries.body);
}

#[actix_web::test]
async fn dynamic_groups_offer_the_times_all_named_users_are_free() {
    let app = spawn().await;
    team(&app).await;
    let user = &app.user.username;
    // Cal.com's defaults: 30 minutes, two hours of notice (from 10:00); ada from 9, cy from 12, to 17.
    let slots = slot_hours(&app, &format!("usernames={user},cy")).await;
    assert_eq!(slots.first().map(String::as_str), Some("12:00"));
    assert_eq!(slots.len(), 10, "{slots:?}");
    assert_eq!(slot_hours(&app, &format!("usernames={user},bob&duration=60")).await.len(), 7);
    let one = app.send(TestRequest::get().uri("/v2/slots?usernames=cy&start=2030-01-07&end=2030-01-07")).await;
    assert_invalid(&one, &["usernames"]);
    let unknown =
        app.send(TestRequest::get().uri("/v2/slots?usernames=cy,nobody&start=2030-01-07&end=2030-01-07")).await;
    assert_error(&unknown, 404, "NotFoundException");
}

/// `(id, title)` of `key`'s own event types that are copies of managed event type `parent`.
async fn copies(app: &TestApp<impl Svc>, key: &str, parent: i64) -> Vec<(i64, String)> {
    let req = TestRequest::get().uri("/v2/event-types").insert_header(("cal-api-version", "2024-06-14"));
    let reply = app.send_as(key, req).await;
    reply.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["parentEventTypeId"] == parent)
        .map(|e| (e["id"].as_i64().unwrap(), e["title"].as_str().unwrap().to_owned()))
        .collect()
}

#[actix_web::test]
async fn managed_event_types_give_each_host_a_copy_kept_in_step() {
    let app = spawn().await;
    let team = team(&app).await;
    let (bob, bob_key) = team.bob.clone();
    let (cy, cy_key) = team.cy.clone();
    let path = format!("/v2/teams/{}/event-types", team.id);
    // cy already has an event type with the slug: 409, and nothing is created.
    let own = TestRequest::post()
        .uri("/v2/event-types")
        .insert_header(("cal-api-version", "2024-06-14"))
        .set_json(json!({"title": "Mine", "slug": "onboarding", "lengthInMinutes": 30}));
    assert_eq!(app.send_as(&cy_key, own).await.status, 201);
    let body = event_type("onboarding", "managed", json!([{"userId": bob}, {"userId": cy}]));
    assert_error(&app.post(&path, body).await, 409, "ConflictException");
    assert!(app.send(TestRequest::get().uri(&path)).await.body["data"].as_array().unwrap().is_empty());

    let created = app.post(&path, event_type("intro-call", "managed", json!([{"userId": bob}]))).await;
    assert_eq!(created.status, 201, "{:#}", created.body);
    assert_eq!(created.body["data"]["schedulingType"], "managed");
    let parent = created.body["data"]["id"].as_i64().unwrap();
    let bobs = copies(&app, &bob_key, parent).await;
    assert_eq!(bobs.len(), 1, "bob has a copy");
    let copy = bobs[0].0;
    assert!(copies(&app, &cy_key, parent).await.is_empty());

    // The copy is bob's to book, not to change; the team's event type itself is not booked.
    assert_eq!(slot_hours(&app, &format!("eventTypeId={copy}")).await.len(), 8);
    let edit = TestRequest::patch()
        .uri(&format!("/v2/event-types/{copy}"))
        .insert_header(("cal-api-version", "2024-06-14"))
        .set_json(json!({"title": "Mine now"}));
    assert_error(&app.send_as(&bob_key, edit).await, 403, "ForbiddenException");
    let parent_slots = app
        .send(TestRequest::get().uri(&format!("/v2/slots?eventTypeId={parent}&start=2030-01-07&end=2030-01-07")))
        .await;
    assert_error(&parent_slots, 400, "BadRequestException");
    assert_error(&app.send(booking(parent, "2030-01-07T10:00:00Z", "x@example.com")).await, 400, "BadRequestException");

    // The team's webhooks hear of bookings of the copies.
    let hook = app
        .post(
            &format!("/v2/event-types/{parent}/webhooks"),
            json!({"active": true, "subscriberUrl": "https://hooks.example.com/managed", "triggers": ["BOOKING_CREATED"]}),
        )
        .await;
    assert_eq!(hook.status, 201, "{:#}", hook.body);
    let hook = hook.body["data"]["id"].clone();
    let (_, organizer) = book(&app, copy, "2030-01-07T10:00:00Z").await;
    assert_eq!(organizer, bob);
    let deliveries = app.get(&format!("/v2/webhooks/{hook}/deliveries")).await;
    assert_eq!(deliveries.body["data"].as_array().map(Vec::len), Some(1), "{:#}", deliveries.body);

    // Changes follow: the title, and the hosts (cy gains a copy, bob loses his).
    let moved = app.patch(&format!("{path}/{parent}"), json!({"title": "Intro call", "hosts": [{"userId": cy}]})).await;
    assert_eq!(moved.status, 200, "{:#}", moved.body);
    assert!(copies(&app, &bob_key, parent).await.is_empty());
    let cys = copies(&app, &cy_key, parent).await;
    assert_eq!(cys.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>(), ["Intro call"]);
    let retitled = app.patch(&format!("{path}/{parent}"), json!({"title": "Welcome"})).await;
    assert_eq!(retitled.status, 200);
    assert_eq!(copies(&app, &cy_key, parent).await[0].1, "Welcome");

    // Deleting the team's event type deletes the copies.
    assert_eq!(app.delete(&format!("{path}/{parent}")).await.status, 200);
    assert!(copies(&app, &cy_key, parent).await.is_empty());
}

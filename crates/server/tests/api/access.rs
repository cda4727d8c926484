//! The access-control matrix: every operation of the spec, tried as the owner of the resources it touches, as
//! another user, and without a key, against the answer each must get. Another user never sees the owner's data.
//! Adding an operation without a row here fails `every_operation_has_a_row`.

use std::collections::BTreeSet;

use actix_web::test::TestRequest;
use serde_json::{Value, json};

use crate::support::{Svc, TestApp, spawn};

/// What a caller must get: a status, and for the other user's successful reads, no trace of the owner's data.
#[derive(Clone, Copy)]
struct Row {
    id: &'static str,
    method: &'static str,
    path: &'static str,
    body: Option<fn() -> Value>,
    owner: u16,
    other: u16,
    anonymous: u16,
}

const fn row(
    id: &'static str,
    method: &'static str,
    path: &'static str,
    owner: u16,
    other: u16,
    anonymous: u16,
) -> Row {
    Row { id, method, path, body: None, owner, other, anonymous }
}

const fn with(mut r: Row, body: fn() -> Value) -> Row {
    r.body = Some(body);
    r
}

fn webhook() -> Value {
    json!({"active": true, "subscriberUrl": "https://new.example/hook", "triggers": ["BOOKING_CREATED"]})
}
fn booking() -> Value {
    json!({"eventTypeId": 1, "start": "2030-01-07T13:00:00Z", "attendee": {"name": "N", "email": "n@example.com", "timeZone": "UTC"}})
}
fn reservation() -> Value {
    json!({"eventTypeId": 1, "slotStart": "2030-01-07T12:00:00Z"})
}

/// Owner-only operations answer 403 to another user and 401 without a key; public ones answer everyone.
const ROWS: &[Row] = &[
    row("health_get", "GET", "/health", 200, 200, 200),
    row("health_ready", "GET", "/ready", 200, 200, 200),
    row("health_metrics", "GET", "/metrics", 200, 200, 200),
    row("me_get", "GET", "/v2/me", 200, 200, 401),
    with(row("me_update", "PATCH", "/v2/me", 200, 200, 401), || json!({"bio": "hello"})),
    row("api_keys_refresh", "POST", "/v2/api-keys/refresh", 200, 200, 401),
    with(row("webhooks_create", "POST", "/v2/webhooks", 201, 201, 401), webhook),
    row("webhooks_list", "GET", "/v2/webhooks", 200, 200, 401),
    row("webhooks_get", "GET", "/v2/webhooks/{webhookId}", 200, 403, 401),
    with(row("webhooks_update", "PATCH", "/v2/webhooks/{webhookId}", 200, 403, 401), || json!({"active": false})),
    row("webhooks_delete", "DELETE", "/v2/webhooks/{webhookId}", 200, 403, 401),
    row("webhooks_list_deliveries", "GET", "/v2/webhooks/{webhookId}/deliveries", 200, 403, 401),
    row("webhooks_redeliver", "POST", "/v2/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver", 200, 403, 401),
    row("webhooks_ping", "POST", "/v2/webhooks/{webhookId}/ping", 200, 403, 401),
    with(
        row("schedules_create", "POST", "/v2/schedules", 201, 201, 401),
        || json!({"name": "S", "timeZone": "UTC", "isDefault": false}),
    ),
    row("schedules_list", "GET", "/v2/schedules", 200, 200, 401),
    row("schedules_get_default", "GET", "/v2/schedules/default", 200, 200, 401),
    row("schedules_get", "GET", "/v2/schedules/{scheduleId}", 200, 403, 401),
    with(row("schedules_update", "PATCH", "/v2/schedules/{scheduleId}", 200, 403, 401), || json!({"name": "Renamed"})),
    row("schedules_delete", "DELETE", "/v2/schedules/{scheduleId}", 200, 403, 401),
    with(
        row("event_types_create", "POST", "/v2/event-types", 201, 201, 401),
        || json!({"title": "New", "slug": "new", "lengthInMinutes": 30}),
    ),
    row("event_types_list", "GET", "/v2/event-types", 200, 200, 401),
    row("event_types_get", "GET", "/v2/event-types/{eventTypeId}", 200, 403, 401),
    with(
        row("event_types_update", "PATCH", "/v2/event-types/{eventTypeId}", 200, 403, 401),
        || json!({"title": "Renamed"}),
    ),
    row("event_types_delete", "DELETE", "/v2/event-types/{eventTypeId}", 200, 403, 401),
    with(row("event_type_webhooks_create", "POST", "/v2/event-types/{eventTypeId}/webhooks", 201, 403, 401), webhook),
    row("event_type_webhooks_list", "GET", "/v2/event-types/{eventTypeId}/webhooks", 200, 403, 401),
    row("event_type_webhooks_delete_all", "DELETE", "/v2/event-types/{eventTypeId}/webhooks", 200, 403, 401),
    row("event_type_webhooks_get", "GET", "/v2/event-types/{eventTypeId}/webhooks/{eventTypeWebhookId}", 200, 403, 401),
    with(
        row(
            "event_type_webhooks_update",
            "PATCH",
            "/v2/event-types/{eventTypeId}/webhooks/{eventTypeWebhookId}",
            200,
            403,
            401,
        ),
        || json!({"active": false}),
    ),
    row(
        "event_type_webhooks_delete",
        "DELETE",
        "/v2/event-types/{eventTypeId}/webhooks/{eventTypeWebhookId}",
        200,
        403,
        401,
    ),
    row("slots_get", "GET", "/v2/slots?eventTypeId={eventTypeId}&start=2030-01-07&end=2030-01-08", 200, 200, 200),
    with(row("slots_reserve", "POST", "/v2/slots/reservations", 201, 201, 201), reservation),
    row("slots_get_reservation", "GET", "/v2/slots/reservations/{uid}", 200, 200, 200),
    with(row("slots_update_reservation", "PATCH", "/v2/slots/reservations/{uid}", 200, 200, 200), reservation),
    row("slots_delete_reservation", "DELETE", "/v2/slots/reservations/{uid}", 200, 200, 200),
    with(row("bookings_create", "POST", "/v2/bookings", 201, 201, 201), booking),
    row("bookings_list", "GET", "/v2/bookings", 200, 200, 401),
    row("bookings_get", "GET", "/v2/bookings/{bookingUid}", 200, 200, 200),
    row("bookings_get_recordings", "GET", "/v2/bookings/{bookingUid}/recordings", 200, 200, 200),
    row("bookings_get_transcripts", "GET", "/v2/bookings/{bookingUid}/transcripts", 200, 200, 200),
    with(
        row("bookings_reschedule", "POST", "/v2/bookings/{bookingUid}/reschedule", 201, 201, 201),
        || json!({"start": "2030-01-07T14:00:00Z"}),
    ),
    with(
        row("bookings_cancel", "POST", "/v2/bookings/{bookingUid}/cancel", 200, 200, 200),
        || json!({"cancellationReason": "x"}),
    ),
    // The meeting has not started yet: the owner gets past the ownership check to the rule.
    with(
        row("bookings_mark_absent", "POST", "/v2/bookings/{bookingUid}/mark-absent", 400, 403, 401),
        || json!({"host": true}),
    ),
    row("bookings_reassign", "POST", "/v2/bookings/{bookingUid}/reassign", 400, 403, 401),
    row("bookings_reassign_to_user", "POST", "/v2/bookings/{bookingUid}/reassign/2", 400, 403, 401),
    // Accepted bookings cannot be confirmed or declined: again the rule, after ownership.
    row("bookings_confirm", "POST", "/v2/bookings/{bookingUid}/confirm", 400, 403, 401),
    row("bookings_decline", "POST", "/v2/bookings/{bookingUid}/decline", 400, 403, 401),
    row("bookings_calendar_links", "GET", "/v2/bookings/{bookingUid}/calendar-links", 200, 403, 401),
    row("bookings_references", "GET", "/v2/bookings/{bookingUid}/references", 200, 403, 401),
    // Teams: the owner created the team; the other user is no member of it.
    with(row("teams_create", "POST", "/v2/teams", 201, 201, 401), || json!({"name": "New Team"})),
    row("teams_list", "GET", "/v2/teams", 200, 200, 401),
    row("teams_get", "GET", "/v2/teams/{teamId}", 200, 403, 401),
    with(row("teams_update", "PATCH", "/v2/teams/{teamId}", 200, 403, 401), || json!({"name": "Renamed"})),
    row("teams_delete", "DELETE", "/v2/teams/{teamId}", 200, 403, 401),
    with(
        row("team_memberships_create", "POST", "/v2/teams/{teamId}/memberships", 201, 403, 401),
        || json!({"userId": 4}),
    ),
    row("team_memberships_list", "GET", "/v2/teams/{teamId}/memberships", 200, 403, 401),
    row("team_memberships_get", "GET", "/v2/teams/{teamId}/memberships/{membershipId}", 200, 403, 401),
    with(
        row("team_memberships_update", "PATCH", "/v2/teams/{teamId}/memberships/{membershipId}", 200, 403, 401),
        || json!({"role": "ADMIN"}),
    ),
    row("team_memberships_delete", "DELETE", "/v2/teams/{teamId}/memberships/{membershipId}", 200, 403, 401),
    row("team_schedules_list", "GET", "/v2/teams/{teamId}/schedules", 200, 403, 401),
    // Team event types: anyone lists them; members read one, admins and owners change them.
    with(
        row("team_event_types_create", "POST", "/v2/teams/{teamId}/event-types", 201, 403, 401),
        || json!({"title": "New", "slug": "new", "lengthInMinutes": 30, "schedulingType": "collective"}),
    ),
    row("team_event_types_list", "GET", "/v2/teams/{teamId}/event-types", 200, 200, 200),
    row("team_event_types_get", "GET", "/v2/teams/{teamId}/event-types/{teamEventTypeId}", 200, 403, 401),
    with(
        row("team_event_types_update", "PATCH", "/v2/teams/{teamId}/event-types/{teamEventTypeId}", 200, 403, 401),
        || json!({"title": "Renamed"}),
    ),
    row("team_event_types_delete", "DELETE", "/v2/teams/{teamId}/event-types/{teamEventTypeId}", 200, 403, 401),
    // No telephony provider: the rule, after membership.
    with(
        row(
            "team_event_types_create_phone_call",
            "POST",
            "/v2/teams/{teamId}/event-types/{teamEventTypeId}/create-phone-call",
            400,
            403,
            401,
        ),
        || json!({}),
    ),
];

/// Text only the owner's data contains.
const OWNER_MARKERS: &[&str] = &[
    "admin@calends.local",
    "Owner Hours",
    "https://owner.example",
    "owner-consult",
    "owner-team",
    "member@example.com",
];

/// The owner's resources, made fresh for every call.
struct Fixture {
    other_key: String,
    ids: Vec<(&'static str, String)>,
}

async fn fixture(app: &TestApp<impl Svc>) -> Fixture {
    let ok = |r: &crate::support::Reply| assert!(r.status.is_success(), "fixture: {:#}", r.body);
    let schedule =
        app.post("/v2/schedules", json!({"name": "Owner Hours", "timeZone": "UTC", "isDefault": true})).await;
    ok(&schedule);
    let event_type = app
        .post(
            "/v2/event-types",
            json!({"title": "Consult", "slug": "owner-consult", "lengthInMinutes": 60, "minimumBookingNotice": 0}),
        )
        .await;
    ok(&event_type);
    let hook = app
        .post(
            "/v2/webhooks",
            json!({"active": true, "subscriberUrl": "https://owner.example/hook", "triggers": ["BOOKING_CREATED"]}),
        )
        .await;
    ok(&hook);
    let et_hook = app
        .post(
            "/v2/event-types/1/webhooks",
            json!({"active": true, "subscriberUrl": "https://owner.example/et", "triggers": ["BOOKING_CREATED"]}),
        )
        .await;
    ok(&et_hook);
    let booking = app
        .send(
            TestRequest::post().uri("/v2/bookings").set_json(json!({"eventTypeId": 1, "start": "2030-01-07T10:00:00Z",
            "attendee": {"name": "Ada", "email": "ada@example.com", "timeZone": "UTC"}})),
        )
        .await;
    ok(&booking);
    let reservation = app
        .send(
            TestRequest::post()
                .uri("/v2/slots/reservations")
                .set_json(json!({"eventTypeId": 1, "slotStart": "2030-01-07T11:00:00Z"})),
        )
        .await;
    ok(&reservation);
    let hook_id = hook.body["data"]["id"].to_string();
    let deliveries = app.get(&format!("/v2/webhooks/{hook_id}/deliveries")).await;
    let (_, other_key) = app.other_user("other").await;
    // A team with a member besides its owner, and a user who is in no team (id 4, added by the create row).
    let team = app.post("/v2/teams", json!({"name": "Owner Team", "slug": "owner-team"})).await;
    ok(&team);
    let team_id = team.body["data"]["id"].to_string();
    let (member, _) = app.other_user("member").await;
    app.other_user("newbie").await;
    let membership =
        app.post(&format!("/v2/teams/{team_id}/memberships"), json!({"userId": member.id, "accepted": true})).await;
    ok(&membership);
    let team_event_type = app
        .post(
            &format!("/v2/teams/{team_id}/event-types"),
            json!({"title": "Triage", "slug": "owner-team-triage", "lengthInMinutes": 30,
                   "schedulingType": "roundRobin", "hosts": [{"userId": 1}]}),
        )
        .await;
    ok(&team_event_type);
    Fixture {
        other_key,
        ids: vec![
            ("scheduleId", schedule.body["data"]["id"].to_string()),
            ("eventTypeId", event_type.body["data"]["id"].to_string()),
            ("webhookId", hook_id),
            ("eventTypeWebhookId", et_hook.body["data"]["id"].to_string()),
            ("bookingUid", booking.body["data"]["uid"].as_str().unwrap().to_owned()),
            ("uid", reservation.body["data"]["reservationUid"].as_str().unwrap().to_owned()),
            ("deliveryId", deliveries.body["data"][0]["id"].as_str().unwrap().to_owned()),
            ("teamId", team_id),
            ("teamEventTypeId", team_event_type.body["data"]["id"].to_string()),
            ("membershipId", membership.body["data"]["id"].to_string()),
        ],
    }
}

fn request(row: &Row, fixture: &Fixture) -> TestRequest {
    let mut path = row.path.to_owned();
    for (name, value) in &fixture.ids {
        path = path.replace(&format!("{{{name}}}"), value);
    }
    let req = TestRequest::default().method(row.method.parse().unwrap()).uri(&path);
    match row.body {
        Some(body) => req.set_json(body()),
        None => req,
    }
}

#[derive(Clone, Copy, Debug)]
enum Caller {
    Owner,
    Other,
    Anonymous,
}

/// Tries every row as `caller` (one test per caller, so they run in parallel).
async fn check_every_operation_as(caller: Caller) {
    for r in ROWS {
        {
            let app = spawn().await;
            let fixture = fixture(&app).await;
            let req = request(r, &fixture);
            let (reply, expected) = match caller {
                Caller::Owner => (app.send_as(&app.key, req).await, r.owner),
                Caller::Other => (app.send_as(&fixture.other_key, req).await, r.other),
                Caller::Anonymous => (app.send(req).await, r.anonymous),
            };
            assert_eq!(reply.status.as_u16(), expected, "{} as {caller:?}: {:#}", r.id, reply.body);
            let private = r.anonymous == 401;
            if matches!(caller, Caller::Other) && private {
                let text = reply.body.to_string();
                for marker in OWNER_MARKERS {
                    assert!(!text.contains(marker), "{} as another user shows the owner's `{marker}`: {text}", r.id);
                }
            }
        }
    }
}

#[actix_web::test]
async fn every_operation_answers_its_owner_as_documented() {
    check_every_operation_as(Caller::Owner).await;
}

#[actix_web::test]
async fn every_operation_answers_another_user_as_documented() {
    check_every_operation_as(Caller::Other).await;
}

#[actix_web::test]
async fn every_operation_answers_anonymous_callers_as_documented() {
    check_every_operation_as(Caller::Anonymous).await;
}

#[test]
fn every_operation_has_a_row() {
    let spec = serde_json::to_value(calends_server::api_doc()).unwrap();
    let mut in_spec = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            in_spec.insert(id.to_owned());
        }
    }
    let rows: BTreeSet<String> = ROWS.iter().map(|r| r.id.to_owned()).collect();
    let missing: Vec<&String> = in_spec.difference(&rows).collect();
    let stale: Vec<&String> = rows.difference(&in_spec).collect();
    assert!(missing.is_empty(), "operations without an access-control row: {missing:?}");
    assert!(stale.is_empty(), "rows for operations that no longer exist: {stale:?}");
}

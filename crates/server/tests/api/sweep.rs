//! The bad-input sweep: malformed, oversized, deeply nested, mistyped, out-of-range and injected input sent to every
//! operation that takes a body or a query. Each gets a 4xx in the error envelope (never a 5xx) and changes nothing:
//! a dump of everything the owner can read is the same before and after. Injection strings in free text are either
//! refused or stored verbatim.

use actix_web::test::TestRequest;
use serde_json::{Map, Value, json};

use crate::support::{Reply, Svc, TestApp, spawn};

/// Operations with a JSON body (path, method, a valid body) on the access fixture below.
fn bodies() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        (
            "PATCH",
            "/v2/me",
            json!({"name": "Ada", "timeZone": "Europe/Berlin", "weekStart": "Sunday", "timeFormat": 12, "locale": "de", "bio": "b", "metadata": {"k": "v"}}),
        ),
        ("POST", "/v2/api-keys/refresh", json!({"apiKeyDaysValid": 30, "apiKeyNeverExpires": false})),
        (
            "POST",
            "/v2/webhooks",
            json!({"active": true, "subscriberUrl": "https://new.example/h", "triggers": ["BOOKING_CREATED"], "payloadTemplate": "{{title}}", "secret": "s"}),
        ),
        (
            "PATCH",
            "/v2/webhooks/1",
            json!({"active": false, "subscriberUrl": "https://other.example/h", "triggers": ["MEETING_ENDED"], "payloadTemplate": "x", "secret": "t"}),
        ),
        (
            "POST",
            "/v2/schedules",
            json!({"name": "S", "timeZone": "UTC", "isDefault": false, "availability": [{"days": ["Monday"], "startTime": "09:00", "endTime": "10:00"}], "overrides": [{"date": "2030-02-01", "startTime": "09:00", "endTime": "10:00"}]}),
        ),
        (
            "PATCH",
            "/v2/schedules/1",
            json!({"name": "S2", "timeZone": "UTC", "availability": [{"days": ["Tuesday"], "startTime": "10:00", "endTime": "11:00"}]}),
        ),
        (
            "POST",
            "/v2/event-types",
            json!({"title": "T", "slug": "t", "lengthInMinutes": 30, "slotInterval": 15, "minimumBookingNotice": 10, "bookingLimitsCount": {"day": 2}, "successRedirectUrl": "https://x.example"}),
        ),
        ("PATCH", "/v2/event-types/1", json!({"title": "T2", "lengthInMinutes": 45, "beforeEventBuffer": 5})),
        (
            "POST",
            "/v2/event-types/1/webhooks",
            json!({"active": true, "subscriberUrl": "https://et.example/h", "triggers": ["BOOKING_CREATED"]}),
        ),
        ("PATCH", "/v2/event-types/1/webhooks/2", json!({"active": false})),
        (
            "POST",
            "/v2/slots/reservations",
            json!({"eventTypeId": 1, "slotStart": "2030-01-07T13:00:00Z", "slotDuration": 60, "reservationDuration": 5}),
        ),
        (
            "POST",
            "/v2/bookings",
            json!({"eventTypeId": 1, "start": "2030-01-07T14:00:00Z", "attendee": {"name": "N", "email": "n@example.com", "timeZone": "UTC", "language": "en"}, "guests": ["g@example.com"], "metadata": {"k": "v"}, "lengthInMinutes": 60}),
        ),
        (
            "POST",
            "/v2/bookings/{booking}/reschedule",
            json!({"start": "2030-01-07T16:00:00Z", "rescheduledBy": "n@example.com", "reschedulingReason": "r"}),
        ),
        (
            "POST",
            "/v2/bookings/{booking}/cancel",
            json!({"cancellationReason": "r", "cancelSubsequentBookings": false}),
        ),
        (
            "POST",
            "/v2/bookings/{booking}/mark-absent",
            json!({"host": true, "attendees": [{"email": "ada@example.com", "absent": true}]}),
        ),
        ("POST", "/v2/bookings/{booking}/decline", json!({"reason": "r"})),
        (
            "POST",
            "/v2/teams",
            json!({"name": "Sweep", "slug": "sweep", "logoUrl": "https://img.example/l.png", "bio": "b", "hideBranding": true, "metadata": {"k": "v"}, "brandColor": "#123456", "timeFormat": 12, "timeZone": "UTC", "weekStart": "Monday"}),
        ),
        (
            "PATCH",
            "/v2/teams/1",
            json!({"name": "Team 2", "slug": "team-2", "bannerUrl": "https://img.example/b.png", "isPrivate": true, "darkBrandColor": "#fff", "timeZone": "Europe/Rome", "weekStart": "Friday"}),
        ),
        (
            "POST",
            "/v2/teams/1/memberships",
            json!({"userId": 3, "accepted": false, "role": "ADMIN", "disableImpersonation": false}),
        ),
        (
            "PATCH",
            "/v2/teams/1/memberships/2",
            json!({"accepted": true, "role": "ADMIN", "disableImpersonation": true}),
        ),
    ]
}

/// Operations with query parameters (path with valid parameters).
fn queries() -> Vec<&'static str> {
    vec![
        "/v2/webhooks?take=10&skip=0",
        "/v2/event-types?username=admin&eventSlug=consult",
        "/v2/event-types/1/webhooks?take=10&skip=0",
        "/v2/webhooks/1/deliveries?take=10&skip=0",
        "/v2/slots?eventTypeId=1&start=2030-01-07&end=2030-01-08&timeZone=UTC&duration=60&format=range",
        "/v2/bookings?status=upcoming&take=10&skip=0&afterStart=2030-01-01T00:00:00Z&sortStart=asc&eventTypeIds=1",
        "/v2/bookings/{booking}/references?type=google_calendar",
        "/v2/teams/1/memberships?take=10&skip=0",
        "/v2/teams/1/schedules?take=10&skip=0",
    ]
}

async fn fixture(app: &TestApp<impl Svc>) -> String {
    app.post("/v2/schedules", json!({"name": "Hours", "timeZone": "UTC", "isDefault": true})).await;
    app.post(
        "/v2/event-types",
        json!({"title": "Consult", "slug": "consult", "lengthInMinutes": 60, "minimumBookingNotice": 0}),
    )
    .await;
    app.post(
        "/v2/webhooks",
        json!({"active": true, "subscriberUrl": "https://owner.example/h", "triggers": ["BOOKING_CREATED"]}),
    )
    .await;
    app.post(
        "/v2/event-types/1/webhooks",
        json!({"active": true, "subscriberUrl": "https://et.example/h", "triggers": ["BOOKING_CREATED"]}),
    )
    .await;
    let booking = app
        .send(
            TestRequest::post().uri("/v2/bookings").set_json(json!({"eventTypeId": 1, "start": "2030-01-07T10:00:00Z",
            "attendee": {"name": "Ada", "email": "ada@example.com", "timeZone": "UTC"}})),
        )
        .await;
    // A team with a second member (membership 2) and a user in no team (id 3).
    app.post("/v2/teams", json!({"name": "Team"})).await;
    let (member, _) = app.other_user("member").await;
    app.other_user("newbie").await;
    app.post("/v2/teams/1/memberships", json!({"userId": member.id})).await;
    booking.body["data"]["uid"].as_str().unwrap().to_owned()
}

/// Everything the owner can read, as one text.
async fn dump(app: &TestApp<impl Svc>, booking: &str) -> String {
    let mut out = String::new();
    for path in [
        "/v2/me".to_owned(),
        "/v2/webhooks".into(),
        "/v2/webhooks/1/deliveries".into(),
        "/v2/schedules".into(),
        "/v2/event-types".into(),
        "/v2/event-types/1/webhooks".into(),
        "/v2/bookings".into(),
        format!("/v2/bookings/{booking}"),
        "/v2/teams".into(),
        "/v2/teams/1/memberships".into(),
        "/v2/teams/1/schedules".into(),
    ] {
        out.push_str(&app.get(&path).await.body.to_string());
        out.push('\n');
    }
    out
}

/// Every way to spoil `value`: each leaf replaced by a wrong type, an out-of-range or absurd value, or nonsense text.
fn spoiled(value: &Value) -> Vec<Value> {
    let replacements = [
        json!(-1),
        json!(-9_223_372_036_854_775_808_i64),
        json!(1e300),
        json!("NOT_A_VALUE"),
        json!("x".repeat(20_000)),
        json!("2030-02-30T25:61:00Z"),
        json!([]),
        json!({}),
    ];
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut |path| {
        for replacement in &replacements {
            let mut copy = value.clone();
            if set(&mut copy, path, replacement.clone()) && &copy != value {
                out.push(copy);
            }
        }
    });
    out
}

/// Calls `visit` with the path of every leaf (and of every array/object, which can be spoiled whole).
fn walk(value: &Value, path: &mut Vec<String>, visit: &mut dyn FnMut(&[String])) {
    if !path.is_empty() {
        visit(path);
    }
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                path.push(k.clone());
                walk(v, path, visit);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(i.to_string());
                walk(v, path, visit);
                path.pop();
            }
        }
        _ => {}
    }
}

fn set(value: &mut Value, path: &[String], replacement: Value) -> bool {
    let mut at = value;
    for key in path {
        at = match at {
            Value::Object(map) => match map.get_mut(key) {
                Some(v) => v,
                None => return false,
            },
            Value::Array(items) => match key.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    *at = replacement;
    true
}

fn nested(depth: usize) -> String {
    format!("{{\"a\":{}1{}}}", "[".repeat(depth), "]".repeat(depth))
}

#[track_caller]
fn assert_refused(reply: &Reply, what: &str) {
    assert!(reply.status.is_client_error(), "{what}: expected a 4xx, got {} {:#}", reply.status, reply.body);
    assert_eq!(reply.body["status"], "error", "{what}: not the envelope: {:#}", reply.body);
}

/// Malformed bodies are refused and change nothing; spoiled ones (each field in turn replaced by a wrong type, an
/// out-of-range number, a date that does not exist, nonsense or huge text) are refused — changing nothing — or, where
/// the value happens to be valid for that field (free text), accepted. Never a 5xx.
#[actix_web::test]
async fn malformed_and_spoiled_bodies_are_refused_and_change_nothing() {
    let app = spawn().await;
    let booking = fixture(&app).await;
    let mut before = dump(&app, &booking).await;
    for (method, path, valid) in bodies() {
        let path = path.replace("{booking}", &booking);
        let raw = |bytes: Vec<u8>| {
            TestRequest::default()
                .method(method.parse().unwrap())
                .uri(&path)
                .insert_header(("Content-Type", "application/json"))
                .set_payload(bytes)
        };
        let what = format!("{method} {path}");
        assert_refused(
            &app.send_as(&app.key, raw(nested(10_000).into_bytes())).await,
            &format!("{what} deeply nested"),
        );
        assert_refused(
            &app.send_as(&app.key, raw(vec![b'{', 0xff, 0xfe, b'}'])).await,
            &format!("{what} invalid UTF-8"),
        );
        assert_refused(&app.send_as(&app.key, raw(b"[1,2,3]".to_vec())).await, &format!("{what} array"));
        assert_refused(&app.send_as(&app.key, raw(b"\"text\"".to_vec())).await, &format!("{what} string"));
        assert_refused(&app.send_as(&app.key, raw(vec![b' '; 2 * 1024 * 1024])).await, &format!("{what} oversized"));
        assert_eq!(dump(&app, &booking).await, before, "{what}: malformed requests changed data");
        for bad in spoiled(&valid) {
            let reply = app.send_as(&app.key, raw(serde_json::to_vec(&bad).unwrap())).await;
            assert!(!reply.status.is_server_error(), "{what} with {bad}: {:#}", reply.body);
            let after = dump(&app, &booking).await;
            if reply.status.is_success() {
                // Refreshing the key would end the test's key: its spoiled bodies must all be refused.
                assert_ne!(path, "/v2/api-keys/refresh", "{bad}");
                before = after;
            } else {
                assert_refused(&reply, &format!("{what} with {bad}"));
                assert_eq!(after, before, "{what} with {bad} was refused but changed data");
            }
        }
    }
}

#[actix_web::test]
async fn bad_query_values_are_refused() {
    let app = spawn().await;
    let booking = fixture(&app).await;
    let before = dump(&app, &booking).await;
    let huge = "9".repeat(40);
    let long = "x".repeat(8_000);
    for query in queries() {
        let query = query.replace("{booking}", &booking);
        let (path, params) = query.split_once('?').unwrap();
        for (i, param) in params.split('&').enumerate() {
            let (name, _) = param.split_once('=').unwrap();
            for bad in ["-1", huge.as_str(), "NOT_A_VALUE", "2030-13-45", long.as_str(), "%FF%FE", "1'%20OR%20'1'='1"] {
                let mut parts: Vec<String> = params.split('&').map(str::to_owned).collect();
                parts[i] = format!("{name}={bad}");
                let uri = format!("{path}?{}", parts.join("&"));
                let reply = app.get(&uri).await;
                assert!(!reply.status.is_server_error(), "{uri}: {:#}", reply.body);
                if !reply.status.is_success() {
                    assert_refused(&reply, &uri);
                }
            }
        }
    }
    for id in ["-1", "0", "99999999999999999999", "1e3", "%00"] {
        let reply = app.get(&format!("/v2/webhooks/{id}")).await;
        assert_refused(&reply, id);
    }
    assert_eq!(dump(&app, &booking).await, before);
}

#[actix_web::test]
async fn injection_strings_are_refused_or_stored_verbatim() {
    let app = spawn().await;
    fixture(&app).await;
    let injections = [
        "'; DROP TABLE users; --",
        "\" OR 1=1 --",
        "{{#each this}}{{@key}}{{/each}}",
        "{{constructor.constructor('return process')()}}",
        "<script>alert(1)</script>",
        "%s%s%s%n",
        "\u{0}\u{7}\u{1b}[31m",
        "ＵＮＩＣＯＤＥ ✓ 𝔘",
    ];
    for text in injections {
        let reply = app.post("/v2/schedules", json!({"name": text, "timeZone": "UTC", "isDefault": false})).await;
        if reply.status.is_success() {
            assert_eq!(reply.body["data"]["name"], text.trim());
            let id = reply.body["data"]["id"].as_i64().unwrap();
            assert_eq!(app.get(&format!("/v2/schedules/{id}")).await.body["data"]["name"], text.trim());
        } else {
            assert_refused(&reply, text);
        }
        let me = app.patch("/v2/me", json!({"bio": text})).await;
        if text.contains('\0') && crate::support::on_postgres() {
            // PostgreSQL cannot store U+0000 in text: refused with a 400 there.
            assert_refused(&me, text);
        } else {
            assert_eq!(me.status, 200, "{:#}", me.body);
            assert_eq!(app.get("/v2/me").await.body["data"]["bio"], text);
        }
        let mut metadata = Map::new();
        metadata.insert("note".into(), Value::String(text.into()));
        let booking = app
            .send(
                TestRequest::post()
                    .uri("/v2/bookings")
                    .set_json(json!({"eventTypeId": 1, "start": "2030-01-08T10:00:00Z",
                "attendee": {"name": text, "email": "inj@example.com", "timeZone": "UTC"}, "metadata": metadata})),
            )
            .await;
        assert!(!booking.status.is_server_error(), "{text}: {:#}", booking.body);
        if booking.status.is_success() {
            let uid = booking.body["data"]["uid"].as_str().unwrap();
            let got = app.get(&format!("/v2/bookings/{uid}")).await;
            assert_eq!(got.body["data"]["metadata"]["note"], text);
            app.send(TestRequest::post().uri(&format!("/v2/bookings/{uid}/cancel"))).await;
        }
    }
    // The tables are all still there and answering.
    for path in ["/v2/me", "/v2/webhooks", "/v2/schedules", "/v2/event-types", "/v2/bookings"] {
        assert_eq!(app.get(path).await.status, 200, "{path}");
    }
}

use actix_web::test::TestRequest;
use chrono::Duration;
use serde_json::json;

use crate::support::{Reply, assert_error, spawn, spawn_limited};

fn header<'a>(reply: &'a Reply, name: &str) -> Option<&'a str> {
    reply.headers.get(name).and_then(|v| v.to_str().ok())
}

#[actix_web::test]
async fn a_burst_of_200_with_one_key_gets_120_then_429s() {
    let app = spawn_limited(120, 120).await;
    let mut replies = Vec::new();
    for _ in 0..200 {
        replies.push(app.get("/v2/me").await);
    }
    let ok = replies.iter().filter(|r| r.status == 200).count();
    let limited: Vec<&Reply> = replies.iter().filter(|r| r.status == 429).collect();
    assert_eq!((ok, limited.len()), (120, 80));
    assert_eq!(header(&replies[0], "x-ratelimit-limit"), Some("120"));
    assert_eq!(header(&replies[0], "x-ratelimit-remaining"), Some("119"));
    assert_eq!(header(&replies[0], "x-ratelimit-reset"), Some("1"));
    assert_eq!(header(&replies[119], "x-ratelimit-remaining"), Some("0"));
    assert_error(limited[0], 429, "TooManyRequestsException");
    assert_eq!(header(limited[0], "retry-after"), Some("1"));
    assert_eq!(header(limited[0], "x-ratelimit-remaining"), Some("0"));
    assert!(limited[0].message().contains("120 per minute"), "{}", limited[0].message());
    // Time gives requests back: a minute restores the whole limit.
    app.clock.advance(Duration::seconds(60));
    assert_eq!(app.get("/v2/me").await.status, 200);
}

#[actix_web::test]
async fn keys_have_their_own_limits_and_addresses_theirs() {
    let app = spawn_limited(3, 2).await;
    let (_, other) = app.other_user("bob").await;
    for _ in 0..3 {
        assert_eq!(app.get("/v2/me").await.status, 200);
    }
    assert_eq!(app.get("/v2/me").await.status, 429);
    assert_eq!(
        app.send_as(&other, TestRequest::get().uri("/v2/me")).await.status,
        200,
        "another key has its own budget"
    );
    // Without a key, the client address counts; a wrong key counts against the address too.
    let from = |ip: &str| {
        TestRequest::get().uri("/v2/event-types?username=admin").peer_addr(format!("{ip}:5000").parse().unwrap())
    };
    assert_eq!(app.send(from("203.0.113.1")).await.status, 200);
    assert_eq!(app.send(from("203.0.113.1").insert_header(("Authorization", "Bearer cal_wrong"))).await.status, 401);
    let third = app.send(from("203.0.113.1")).await;
    assert_error(&third, 429, "TooManyRequestsException");
    assert_eq!(app.send(from("203.0.113.2")).await.status, 200);
    // A key created with its own limit uses it.
    let custom =
        calends_server::bootstrap::create_api_key(&app.store, &app.clock, app.user.id, None, Some(1)).await.unwrap();
    assert_eq!(header(&app.send_as(&custom, TestRequest::get().uri("/v2/me")).await, "x-ratelimit-limit"), Some("1"));
    assert_eq!(app.send_as(&custom, TestRequest::get().uri("/v2/me")).await.status, 429);
}

#[actix_web::test]
async fn every_response_says_where_the_caller_stands() {
    let app = spawn_limited(50, 50).await;
    for reply in [app.get("/v2/me").await, app.get("/v2/nothing").await, app.post("/v2/webhooks", json!({})).await] {
        assert_eq!(header(&reply, "x-ratelimit-limit"), Some("50"), "{:?}", reply.status);
        assert!(header(&reply, "x-ratelimit-remaining").is_some());
        assert!(header(&reply, "x-ratelimit-reset").is_some());
    }
}

#[actix_web::test]
async fn ready_and_metrics() {
    let app = spawn().await;
    let ready = app.send(TestRequest::get().uri("/ready")).await;
    assert_eq!(ready.status, 200);
    assert_eq!(ready.body, json!({"status": "ready"}));
    app.get("/v2/me").await;
    app.get("/v2/webhooks/77").await;
    let metrics = app.send(TestRequest::get().uri("/metrics")).await;
    assert_eq!(metrics.status, 200);
    assert!(header(&metrics, "content-type").unwrap().starts_with("text/plain"));
    let text = metrics.body.as_str().unwrap();
    for expected in [
        r#"calends_http_requests_total{method="GET",route="/v2/me",status="200"}"#,
        r#"route="/v2/webhooks/{webhookId}",status="404""#,
        "calends_http_request_duration_seconds_bucket",
        "calends_webhook_deliveries_pending 0",
        r#"calends_db_connections{state="open"}"#,
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
}

use actix_web::test::TestRequest;
use chrono::Duration;
use serde_json::json;

use crate::support::{assert_error, assert_invalid, spawn};

fn refresh() -> TestRequest {
    TestRequest::post().uri("/v2/api-keys/refresh")
}

#[actix_web::test]
async fn refresh_replaces_the_key() {
    let app = spawn().await;
    let reply = app.send_as(&app.key, refresh().set_json(json!({"apiKeyNeverExpires": true}))).await;
    assert_eq!(reply.status, 200, "{:#}", reply.body);
    let new_key = reply.body["data"]["apiKey"].as_str().unwrap().to_owned();
    assert!(new_key.starts_with("cal_") && new_key.len() >= 36, "{new_key}");
    assert_ne!(new_key, app.key);

    let old = app.send_as(&app.key, TestRequest::get().uri("/v2/me")).await;
    assert_error(&old, 401, "UnauthorizedException");
    let new = app.send_as(&new_key, TestRequest::get().uri("/v2/me")).await;
    assert_eq!(new.status, 200);
    // A never-expiring key survives years.
    app.clock.advance(Duration::days(3650));
    assert_eq!(app.send_as(&new_key, TestRequest::get().uri("/v2/me")).await.status, 200);
}

#[actix_web::test]
async fn refreshed_keys_expire_after_30_days_by_default() {
    let app = spawn().await;
    for body in [None, Some("null"), Some("{}")] {
        let app = spawn().await;
        let mut req = refresh();
        if let Some(b) = body {
            req = req.insert_header(("Content-Type", "application/json")).set_payload(b);
        }
        let key = app.send_as(&app.key, req).await.body["data"]["apiKey"].as_str().unwrap().to_owned();
        app.clock.advance(Duration::days(30) - Duration::seconds(1));
        assert_eq!(app.send_as(&key, TestRequest::get().uri("/v2/me")).await.status, 200, "{body:?}");
        app.clock.advance(Duration::seconds(1));
        let expired = app.send_as(&key, TestRequest::get().uri("/v2/me")).await;
        assert_error(&expired, 401, "UnauthorizedException");
        assert_eq!(expired.message(), "API key expired");
    }
    let reply = app.send_as(&app.key, refresh().set_json(json!({"apiKeyDaysValid": 2}))).await;
    let key = reply.body["data"]["apiKey"].as_str().unwrap().to_owned();
    app.clock.advance(Duration::days(2));
    assert_error(&app.send_as(&key, TestRequest::get().uri("/v2/me")).await, 401, "UnauthorizedException");
}

#[actix_web::test]
async fn invalid_refreshes_keep_the_old_key() {
    let app = spawn().await;
    assert_invalid(
        &app.send_as(&app.key, refresh().set_json(json!({"apiKeyDaysValid": 0}))).await,
        &["apiKeyDaysValid"],
    );
    assert_invalid(
        &app.send_as(&app.key, refresh().set_json(json!({"apiKeyDaysValid": "ten"}))).await,
        &["apiKeyDaysValid"],
    );
    assert_invalid(
        &app.send_as(&app.key, refresh().set_json(json!({"apiKeyNeverExpires": "no"}))).await,
        &["apiKeyNeverExpires"],
    );
    let wrong_type = refresh().insert_header(("Content-Type", "text/plain")).set_payload("{}");
    assert_error(&app.send_as(&app.key, wrong_type).await, 415, "UnsupportedMediaTypeException");
    assert_eq!(app.get("/v2/me").await.status, 200, "the old key still works");
}

#[actix_web::test]
async fn bad_keys_are_401() {
    let app = spawn().await;
    let cases = [
        (None, "No API key"),
        (Some("Bearer".to_owned()), "Malformed"),
        (Some("Basic dXNlcjpwYXNz".to_owned()), "Malformed"),
        (Some("Bearer not_a_cal_key".to_owned()), "Malformed"),
        (Some(format!("Bearer cal_{}", "0".repeat(32))), "Invalid API key"),
        (Some(format!("Bearer {}x", app.key)), "Invalid API key"),
    ];
    for (header, message) in cases {
        let mut req = TestRequest::get().uri("/v2/webhooks");
        if let Some(h) = &header {
            req = req.insert_header(("Authorization", h.as_str()));
        }
        let reply = app.send(req).await;
        assert_error(&reply, 401, "UnauthorizedException");
        assert!(reply.message().contains(message), "{header:?}: {}", reply.message());
    }
}

#[actix_web::test]
async fn a_key_refreshed_twice_concurrently_yields_one_winner() {
    let app = spawn().await;
    let (a, b) = futures_join(app.send_as(&app.key, refresh()), app.send_as(&app.key, refresh())).await;
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 401]);
}

async fn futures_join<A: std::future::Future, B: std::future::Future>(a: A, b: B) -> (A::Output, B::Output) {
    tokio::join!(a, b)
}

use actix_web::test::TestRequest;
use serde_json::json;

use crate::support::{assert_error, spawn};

#[actix_web::test]
async fn unknown_routes_and_methods_get_the_envelope() {
    let app = spawn().await;
    let reply = app.get("/v2/nothing-here?x=1").await;
    assert_error(&reply, 404, "NotFoundException");
    insta::assert_json_snapshot!(reply.body, {".timestamp" => "[timestamp]"}, @r#"
    {
      "status": "error",
      "timestamp": "[timestamp]",
      "path": "/v2/nothing-here?x=1",
      "error": {
        "code": "NotFoundException",
        "message": "Cannot GET /v2/nothing-here"
      }
    }
    "#);
    assert_error(&app.send_as(&app.key, TestRequest::put().uri("/v2/me")).await, 404, "NotFoundException");
}

#[actix_web::test]
async fn every_response_has_a_request_id() {
    let app = spawn().await;
    let a = app.get("/health").await;
    let b = app.get("/health").await;
    let id = |r: &crate::support::Reply| r.headers.get("x-request-id").unwrap().to_str().unwrap().to_owned();
    assert_eq!(id(&a).len(), 32);
    assert_ne!(id(&a), id(&b));
    let echoed = app.send(TestRequest::get().uri("/health").insert_header(("X-Request-Id", "trace-42"))).await;
    assert_eq!(id(&echoed), "trace-42");
    let unsafe_id = app.send(TestRequest::get().uri("/health").insert_header(("X-Request-Id", "a b\"c"))).await;
    assert_ne!(id(&unsafe_id), "a b\"c");
    assert!(app.get("/v2/nope").await.headers.contains_key("x-request-id"));
}

#[actix_web::test]
async fn health_needs_no_key() {
    let app = spawn().await;
    let reply = app.send(TestRequest::get().uri("/health")).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, json!({"status": "ok"}));
}

#[actix_web::test]
async fn bodies_that_are_not_json_objects_are_4xx() {
    let app = spawn().await;
    let post = || TestRequest::post().uri("/v2/webhooks");
    let cases: Vec<(TestRequest, u16, &str)> = vec![
        (post().insert_header(("Content-Type", "text/plain")).set_payload("{}"), 415, "UnsupportedMediaTypeException"),
        (post().set_payload("{}"), 415, "UnsupportedMediaTypeException"),
        (post().insert_header(("Content-Type", "application/json")).set_payload("{\"active\":"), 400, "BadRequestException"),
        (post().insert_header(("Content-Type", "application/json")).set_payload("[1,2]"), 400, "BadRequestException"),
        (post().insert_header(("Content-Type", "application/json")).set_payload(""), 400, "BadRequestException"),
        (post().insert_header(("Content-Type", "application/json")).set_payload(vec![0xff, 0xfe, b'{']), 400, "BadRequestException"),
        (
            post().insert_header(("Content-Type", "application/json")).set_payload(format!(
                "{{\"active\":true,\"subscriberUrl\":\"https://x.example\",\"triggers\":[\"BOOKING_CREATED\"],\"pad\":\"{}\"}}",
                "x".repeat(1024 * 1024)
            )),
            413,
            "PayloadTooLargeException",
        ),
    ];
    for (req, status, code) in cases {
        let reply = app.send_as(&app.key, req).await;
        assert_error(&reply, status, code);
    }
    assert_eq!(app.get("/v2/webhooks").await.body["data"], json!([]), "nothing was created");
}

#[actix_web::test]
async fn json_with_charset_is_accepted() {
    let app = spawn().await;
    let req = TestRequest::post()
        .uri("/v2/webhooks")
        .insert_header(("Content-Type", "application/json; charset=utf-8"))
        .set_payload(r#"{"active":true,"subscriberUrl":"https://x.example","triggers":["BOOKING_CREATED"]}"#);
    assert_eq!(app.send_as(&app.key, req).await.status, 201);
}

#[actix_web::test]
async fn unknown_body_fields_are_ignored_like_cal_com() {
    let app = spawn().await;
    let reply = app
        .post(
            "/v2/webhooks",
            json!({"active": true, "subscriberUrl": "https://x.example", "triggers": ["BOOKING_CREATED"], "extra": 1}),
        )
        .await;
    assert_eq!(reply.status, 201);
}

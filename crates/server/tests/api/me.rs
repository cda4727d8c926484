use actix_web::test::TestRequest;
use serde_json::json;

use crate::support::{assert_error, assert_invalid, spawn};

#[actix_web::test]
async fn get_me_returns_the_key_owner() {
    let app = spawn().await;
    let reply = app.get("/v2/me").await;
    insta::assert_json_snapshot!(reply.body, @r#"
    {
      "status": "success",
      "data": {
        "id": 1,
        "username": "admin",
        "email": "admin@calends.local",
        "name": "Calends Admin",
        "timeFormat": 24,
        "defaultScheduleId": null,
        "weekStart": "Monday",
        "timeZone": "UTC",
        "locale": null,
        "organizationId": null
      }
    }
    "#);
    assert_eq!(reply.body["data"]["id"], app.user.id);
    let (bob, key) = app.other_user("bob").await;
    let theirs = app.send_as(&key, TestRequest::get().uri("/v2/me")).await;
    assert_eq!(theirs.body["data"]["id"], bob.id);
    assert_eq!(theirs.body["data"]["timeZone"], "Europe/Berlin");
}

#[actix_web::test]
async fn patch_me_updates_the_named_fields() {
    let app = spawn().await;
    let reply = app
        .patch(
            "/v2/me",
            json!({"name": "Ada", "timeZone": "America/New_York", "weekStart": "Sunday", "timeFormat": 12,
                   "locale": "pt-BR", "bio": "hi", "metadata": {"plan": "pro"}}),
        )
        .await;
    assert_eq!(reply.status, 200, "{:#}", reply.body);
    let data = &reply.body["data"];
    assert_eq!(data["name"], "Ada");
    assert_eq!(data["timeZone"], "America/New_York");
    assert_eq!(data["weekStart"], "Sunday");
    assert_eq!(data["timeFormat"], 12);
    assert_eq!(data["locale"], "pt-BR");
    assert_eq!(data["metadata"], json!({"plan": "pro"}));
    assert_eq!(data["email"], "admin@calends.local", "absent fields stay");
    assert_eq!(app.get("/v2/me").await.body, reply.body);
}

#[actix_web::test]
async fn invalid_profile_changes_are_rejected_and_change_nothing() {
    let app = spawn().await;
    let before = app.get("/v2/me").await.body;
    assert_invalid(&app.patch("/v2/me", json!({"timeZone": "Mars/Olympus"})).await, &["timeZone"]);
    assert_invalid(&app.patch("/v2/me", json!({"timeFormat": 13})).await, &["timeFormat"]);
    assert_invalid(&app.patch("/v2/me", json!({"weekStart": "Funday"})).await, &["weekStart"]);
    assert_invalid(&app.patch("/v2/me", json!({"locale": "xx"})).await, &["locale"]);
    assert_invalid(&app.patch("/v2/me", json!({"email": "not-an-email"})).await, &["email"]);
    assert_invalid(&app.patch("/v2/me", json!({"name": "   "})).await, &["name"]);
    let many: serde_json::Map<String, serde_json::Value> = (0..51).map(|i| (format!("k{i}"), json!(i))).collect();
    assert_invalid(&app.patch("/v2/me", json!({"metadata": many})).await, &["metadata"]);
    assert_invalid(
        &app.patch("/v2/me", json!({"timeZone": "Nowhere", "timeFormat": 7, "name": "ok"})).await,
        &["timeFormat", "timeZone"],
    );
    let no_schedule = app.patch("/v2/me", json!({"defaultScheduleId": 42})).await;
    assert_invalid(&no_schedule, &["defaultScheduleId"]);
    assert_eq!(app.get("/v2/me").await.body, before);
}

#[actix_web::test]
async fn an_email_in_use_is_a_conflict() {
    let app = spawn().await;
    app.other_user("bob").await;
    let reply = app.patch("/v2/me", json!({"email": "BOB@example.com"})).await;
    assert_error(&reply, 409, "ConflictException");
    assert_eq!(app.get("/v2/me").await.body["data"]["email"], "admin@calends.local");
}

#[actix_web::test]
async fn me_needs_a_key() {
    let app = spawn().await;
    assert_error(&app.send(TestRequest::get().uri("/v2/me")).await, 401, "UnauthorizedException");
    let patch = TestRequest::patch().uri("/v2/me").set_json(json!({"name": "x"}));
    assert_error(&app.send(patch).await, 401, "UnauthorizedException");
}

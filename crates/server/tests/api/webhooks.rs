use actix_web::test::TestRequest;
use serde_json::{Value, json};

use crate::support::{assert_error, assert_invalid, spawn};

/// The published example of Cal.com's "Create a webhook" page, verbatim but for the receiver.
fn seed_example() -> Value {
    json!({
        "payloadTemplate": "{\"content\":\"A new event has been scheduled\",\"type\":\"{{type}}\",\"name\":\"{{title}}\",\"organizer\":\"{{organizer.name}}\",\"booker\":\"{{attendees.0.name}}\"}",
        "active": true,
        "subscriberUrl": "https://example.com/webhooks/cal",
        "triggers": ["BOOKING_CREATED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED", "BOOKING_CONFIRMED",
                     "BOOKING_REJECTED", "BOOKING_COMPLETED", "BOOKING_NO_SHOW", "BOOKING_REOPENED"],
        "secret": "whsec_c2VjcmV0LWZvci1leGFtcGxl"
    })
}

fn hook(url: &str) -> Value {
    json!({"active": true, "subscriberUrl": url, "triggers": ["BOOKING_CREATED"]})
}

#[actix_web::test]
async fn the_seed_example_creates_a_webhook() {
    let app = spawn().await;
    let reply = app.post("/v2/webhooks", seed_example()).await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    insta::assert_json_snapshot!(reply.body, @r#"
    {
      "status": "success",
      "data": {
        "id": 1,
        "userId": 1,
        "payloadTemplate": "{\"content\":\"A new event has been scheduled\",\"type\":\"{{type}}\",\"name\":\"{{title}}\",\"organizer\":\"{{organizer.name}}\",\"booker\":\"{{attendees.0.name}}\"}",
        "triggers": [
          "BOOKING_CREATED",
          "BOOKING_RESCHEDULED",
          "BOOKING_CANCELLED",
          "BOOKING_CONFIRMED",
          "BOOKING_REJECTED",
          "BOOKING_COMPLETED",
          "BOOKING_NO_SHOW",
          "BOOKING_REOPENED"
        ],
        "subscriberUrl": "https://example.com/webhooks/cal",
        "active": true,
        "secret": "whsec_c2VjcmV0LWZvci1leGFtcGxl"
      }
    }
    "#);
    let got = app.get("/v2/webhooks/1").await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body, reply.body, "get returns what create returned");
}

#[actix_web::test]
async fn optional_fields_default_to_null_and_absent() {
    let app = spawn().await;
    let reply = app.post("/v2/webhooks", hook("http://receiver.example/a")).await;
    assert_eq!(reply.status, 201);
    assert_eq!(reply.body["data"]["payloadTemplate"], Value::Null);
    assert!(reply.body["data"].get("secret").is_none());
}

#[actix_web::test]
async fn the_same_subscriber_url_twice_is_a_conflict() {
    let app = spawn().await;
    assert_eq!(app.post("/v2/webhooks", hook("https://a.example/h")).await.status, 201);
    let again = app.post("/v2/webhooks", hook("https://a.example/h")).await;
    assert_error(&again, 409, "ConflictException");
    assert!(again.message().contains("subscriberUrl"));
    // Another user may use the same URL.
    let (_, other_key) = app.other_user("bob").await;
    let theirs =
        app.send_as(&other_key, TestRequest::post().uri("/v2/webhooks").set_json(hook("https://a.example/h"))).await;
    assert_eq!(theirs.status, 201);
    assert_eq!(app.get("/v2/webhooks").await.body["data"].as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn invalid_creates_are_rejected_and_change_nothing() {
    let app = spawn().await;
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (json!({"active": true, "subscriberUrl": "https://x.example", "triggers": ["NOPE"]}), vec!["triggers[0]"]),
        (json!({"active": true, "subscriberUrl": "https://x.example", "triggers": []}), vec!["triggers"]),
        (
            json!({"active": true, "subscriberUrl": "https://x.example", "triggers": "BOOKING_CREATED"}),
            vec!["triggers"],
        ),
        (json!({"active": true, "subscriberUrl": "https://x.example"}), vec!["triggers"]),
        (json!({"subscriberUrl": "https://x.example", "triggers": ["BOOKING_CREATED"]}), vec!["active"]),
        (
            json!({"active": "yes", "subscriberUrl": "https://x.example", "triggers": ["BOOKING_CREATED"]}),
            vec!["active"],
        ),
        (json!({"active": true, "triggers": ["BOOKING_CREATED"]}), vec!["subscriberUrl"]),
        (json!({"active": true, "subscriberUrl": "/relative", "triggers": ["BOOKING_CREATED"]}), vec!["subscriberUrl"]),
        (
            json!({"active": true, "subscriberUrl": "ftp://x.example", "triggers": ["BOOKING_CREATED"]}),
            vec!["subscriberUrl"],
        ),
        (
            json!({"active": true, "subscriberUrl": "https://x.example", "triggers": ["BOOKING_CREATED"],
                   "payloadTemplate": "{\"a\":\"{{title}\"}"}),
            vec!["payloadTemplate"],
        ),
        (
            json!({"active": true, "subscriberUrl": "nope", "triggers": [], "payloadTemplate": "{{#if}}"}),
            vec!["subscriberUrl", "triggers", "payloadTemplate"],
        ),
    ];
    for (body, fields) in cases {
        let reply = app.post("/v2/webhooks", body.clone()).await;
        assert_invalid(&reply, &fields);
    }
    assert_eq!(app.get("/v2/webhooks").await.body["data"], json!([]));
}

#[actix_web::test]
async fn unknown_triggers_get_the_list_of_allowed_values() {
    let app = spawn().await;
    let reply = app
        .post("/v2/webhooks", json!({"active": true, "subscriberUrl": "https://x.example", "triggers": ["NOPE"]}))
        .await;
    for allowed in ["BOOKING_CREATED", "FORM_SUBMITTED_NO_EVENT", "BOOKING_CONFIRMED", "BOOKING_REOPENED"] {
        assert!(reply.message().contains(allowed), "{}", reply.message());
    }
}

#[actix_web::test]
async fn a_broken_template_says_where() {
    let app = spawn().await;
    let reply = app
        .post(
            "/v2/webhooks",
            json!({"active": true, "subscriberUrl": "https://x.example", "triggers": ["BOOKING_CREATED"],
                   "payloadTemplate": "ok line\n{{#each attendees}}{{name}}"}),
        )
        .await;
    assert_invalid(&reply, &["payloadTemplate"]);
    assert!(reply.message().contains("Handlebars"), "{}", reply.message());
}

#[actix_web::test]
async fn list_pages_with_take_and_skip() {
    let app = spawn().await;
    for i in 0..5 {
        assert_eq!(app.post("/v2/webhooks", hook(&format!("https://h{i}.example"))).await.status, 201);
    }
    let ids = |reply: &crate::support::Reply| -> Vec<i64> {
        reply.body["data"].as_array().unwrap().iter().map(|h| h["id"].as_i64().unwrap()).collect()
    };
    assert_eq!(ids(&app.get("/v2/webhooks").await), [1, 2, 3, 4, 5]);
    assert_eq!(ids(&app.get("/v2/webhooks?take=2").await), [1, 2]);
    assert_eq!(ids(&app.get("/v2/webhooks?take=2&skip=3").await), [4, 5]);
    assert_eq!(ids(&app.get("/v2/webhooks?skip=9").await), Vec::<i64>::new());
    assert_invalid(&app.get("/v2/webhooks?take=0").await, &["take"]);
    assert_invalid(&app.get("/v2/webhooks?take=251").await, &["take"]);
    assert_invalid(&app.get("/v2/webhooks?skip=-1").await, &["skip"]);
    assert_invalid(&app.get("/v2/webhooks?take=abc").await, &["take"]);
    assert_invalid(&app.get("/v2/webhooks?take=0&skip=-1").await, &["take", "skip"]);
}

#[actix_web::test]
async fn users_see_only_their_own_webhooks() {
    let app = spawn().await;
    assert_eq!(app.post("/v2/webhooks", hook("https://mine.example")).await.status, 201);
    let (_, bob) = app.other_user("bob").await;
    let list = app.send_as(&bob, TestRequest::get().uri("/v2/webhooks")).await;
    assert_eq!(list.body["data"], json!([]));
    for req in [
        TestRequest::get().uri("/v2/webhooks/1"),
        TestRequest::patch().uri("/v2/webhooks/1").set_json(json!({"active": false})),
        TestRequest::delete().uri("/v2/webhooks/1"),
    ] {
        assert_error(&app.send_as(&bob, req).await, 403, "ForbiddenException");
    }
    let mine = app.get("/v2/webhooks/1").await;
    assert_eq!(mine.body["data"]["active"], true, "bob's attempts changed nothing");
}

#[actix_web::test]
async fn unknown_and_malformed_ids() {
    let app = spawn().await;
    let reply = app.get("/v2/webhooks/999").await;
    assert_error(&reply, 404, "NotFoundException");
    assert_eq!(reply.message(), "Webhook (999) not found");
    assert_error(&app.patch("/v2/webhooks/999", json!({"active": false})).await, 404, "NotFoundException");
    assert_error(&app.delete("/v2/webhooks/999").await, 404, "NotFoundException");
    assert_invalid(&app.get("/v2/webhooks/abc").await, &["webhookId"]);
    assert_invalid(&app.get("/v2/webhooks/99999999999999999999").await, &["webhookId"]);
}

#[actix_web::test]
async fn patch_changes_only_what_it_names() {
    let app = spawn().await;
    let created = app.post("/v2/webhooks", seed_example()).await.body["data"].clone();

    let reply = app.patch("/v2/webhooks/1", json!({"active": false})).await;
    assert_eq!(reply.status, 200, "{:#}", reply.body);
    let mut expected = created.clone();
    expected["active"] = json!(false);
    assert_eq!(reply.body["data"], expected);

    let reply = app.patch("/v2/webhooks/1", json!({"triggers": ["MEETING_ENDED"], "secret": null})).await;
    assert_eq!(reply.body["data"]["triggers"], json!(["MEETING_ENDED"]));
    assert!(reply.body["data"].get("secret").is_none());
    assert_eq!(reply.body["data"]["payloadTemplate"], created["payloadTemplate"]);

    let reply =
        app.patch("/v2/webhooks/1", json!({"payloadTemplate": null, "subscriberUrl": "https://moved.example"})).await;
    assert_eq!(reply.body["data"]["payloadTemplate"], Value::Null);
    assert_eq!(reply.body["data"]["subscriberUrl"], "https://moved.example");
    assert_eq!(app.get("/v2/webhooks/1").await.body, reply.body);

    let empty = app.patch("/v2/webhooks/1", json!({})).await;
    assert_eq!(empty.body, reply.body, "an empty patch changes nothing");
}

#[actix_web::test]
async fn invalid_patches_change_nothing() {
    let app = spawn().await;
    app.post("/v2/webhooks", hook("https://one.example")).await;
    app.post("/v2/webhooks", hook("https://two.example")).await;
    let before = app.get("/v2/webhooks").await.body;
    assert_invalid(&app.patch("/v2/webhooks/1", json!({"triggers": []})).await, &["triggers"]);
    assert_invalid(&app.patch("/v2/webhooks/1", json!({"triggers": ["NOPE"]})).await, &["triggers[0]"]);
    assert_invalid(&app.patch("/v2/webhooks/1", json!({"subscriberUrl": "x"})).await, &["subscriberUrl"]);
    assert_invalid(&app.patch("/v2/webhooks/1", json!({"payloadTemplate": "{{"})).await, &["payloadTemplate"]);
    assert_invalid(&app.patch("/v2/webhooks/1", json!({"active": 1})).await, &["active"]);
    let dup = app.patch("/v2/webhooks/1", json!({"subscriberUrl": "https://two.example"})).await;
    assert_error(&dup, 409, "ConflictException");
    assert_eq!(app.get("/v2/webhooks").await.body, before);
}

#[actix_web::test]
async fn delete_returns_the_deleted_webhook() {
    let app = spawn().await;
    let created = app.post("/v2/webhooks", seed_example()).await.body;
    let deleted = app.delete("/v2/webhooks/1").await;
    assert_eq!(deleted.status, 200);
    assert_eq!(deleted.body, created);
    assert_error(&app.get("/v2/webhooks/1").await, 404, "NotFoundException");
    assert_error(&app.delete("/v2/webhooks/1").await, 404, "NotFoundException");
    // The URL is free again.
    assert_eq!(app.post("/v2/webhooks", seed_example()).await.status, 201);
}

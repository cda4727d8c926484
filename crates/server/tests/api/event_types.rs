use actix_web::test::TestRequest;
use calends_model::event_types::CreateEventTypeInput;
use serde_json::{Value, json};

use crate::support::{assert_error, assert_invalid, spawn};

fn minimal(slug: &str) -> Value {
    json!({"title": "Intro call", "slug": slug, "lengthInMinutes": 30})
}

#[actix_web::test]
async fn the_reference_example_creates_an_event_type() {
    let app = spawn().await;
    app.post("/v2/schedules", json!({"name": "Work", "timeZone": "Europe/Rome", "isDefault": true})).await;
    let reply = app.post("/v2/event-types", CreateEventTypeInput::example()).await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    let data = &reply.body["data"];
    assert_eq!(data["id"], 1);
    assert_eq!(data["ownerId"], app.user.id);
    assert_eq!(data["slug"], "learn-the-secrets-of-masterchief");
    assert_eq!(data["lengthInMinutesOptions"], json!([15, 30, 60]));
    assert_eq!(data["scheduleId"], 1);
    assert_eq!(data["bookingLimitsCount"], json!({"day": 1, "week": 2, "month": 3, "year": 4}));
    assert_eq!(data["users"][0]["username"], "admin");
    // Whatever create returned, get returns.
    assert_eq!(app.get("/v2/event-types/1").await.body, reply.body);
}

#[actix_web::test]
async fn a_minimal_event_type_gets_cal_com_defaults() {
    let app = spawn().await;
    let reply = app.post("/v2/event-types", minimal("intro")).await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    let data = &reply.body["data"];
    assert_eq!(data["lengthInMinutes"], 30);
    assert_eq!(data["minimumBookingNotice"], 120);
    assert_eq!(data["hidden"], false);
    let slugs: Vec<&str> =
        data["bookingFields"].as_array().unwrap().iter().map(|f| f["slug"].as_str().unwrap()).collect();
    assert!(slugs.starts_with(&["name", "email"]), "{slugs:?}");
    assert_eq!(data["locations"][0]["type"], "integration");
}

#[actix_web::test]
async fn slugs_are_unique_per_owner() {
    let app = spawn().await;
    assert_eq!(app.post("/v2/event-types", minimal("intro")).await.status, 201);
    assert_error(&app.post("/v2/event-types", minimal("intro")).await, 409, "ConflictException");
    let (_, bob) = app.other_user("bob").await;
    let theirs = app.send_as(&bob, TestRequest::post().uri("/v2/event-types").set_json(minimal("intro"))).await;
    assert_eq!(theirs.status, 201, "another owner may use the slug");
    // Its id from the reply: on PostgreSQL the refused insert above used one up.
    let second = app.post("/v2/event-types", minimal("second")).await.body["data"]["id"].clone();
    let taken = app.patch(&format!("/v2/event-types/{second}"), json!({"slug": "intro"})).await;
    assert_error(&taken, 409, "ConflictException");
}

#[actix_web::test]
async fn invalid_event_types_name_every_field_and_change_nothing() {
    let app = spawn().await;
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (json!({"title": "x", "slug": "x"}), vec!["lengthInMinutes"]),
        (json!({"title": "", "slug": "Bad Slug", "lengthInMinutes": 0}), vec!["title", "slug", "lengthInMinutes"]),
        (
            json!({"title": "x", "slug": "x", "lengthInMinutes": 30, "lengthInMinutesOptions": [15, 60]}),
            vec!["lengthInMinutesOptions"],
        ),
        (json!({"title": "x", "slug": "x", "lengthInMinutes": 30, "scheduleId": 99}), vec!["scheduleId"]),
        (
            json!({"title": "x", "slug": "x", "lengthInMinutes": 30, "bookingLimitsCount": {"day": 5, "week": 2}}),
            vec!["bookingLimitsCount.day"],
        ),
        (
            json!({"title": "x", "slug": "x", "lengthInMinutes": 30, "successRedirectUrl": "not a url"}),
            vec!["successRedirectUrl"],
        ),
        (
            json!({"title": "x", "slug": "x", "lengthInMinutes": 30, "minimumBookingNotice": -1}),
            vec!["minimumBookingNotice"],
        ),
    ];
    for (body, fields) in cases {
        let reply = app.post("/v2/event-types", body.clone()).await;
        assert_invalid(&reply, &fields);
    }
    assert_eq!(app.get("/v2/event-types").await.body["data"], json!([]));
}

#[actix_web::test]
async fn schedule_ids_must_be_the_owners() {
    let app = spawn().await;
    let (_, bob) = app.other_user("bob").await;
    let theirs = app
        .send_as(
            &bob,
            TestRequest::post()
                .uri("/v2/schedules")
                .set_json(json!({"name": "B", "timeZone": "UTC", "isDefault": true})),
        )
        .await;
    let bobs_schedule = theirs.body["data"]["id"].as_i64().unwrap();
    let mut body = minimal("intro");
    body["scheduleId"] = json!(bobs_schedule);
    assert_invalid(&app.post("/v2/event-types", body).await, &["scheduleId"]);

    let mine = app.post("/v2/schedules", json!({"name": "A", "timeZone": "UTC", "isDefault": false})).await;
    let mine = mine.body["data"]["id"].as_i64().unwrap();
    let mut body = minimal("intro");
    body["scheduleId"] = json!(mine);
    assert_eq!(app.post("/v2/event-types", body).await.body["data"]["scheduleId"], mine);
    // Deleting the schedule falls the event type back to the default.
    app.delete(&format!("/v2/schedules/{mine}")).await;
    assert_eq!(app.get("/v2/event-types/1").await.body["data"]["scheduleId"], json!(null));
}

#[actix_web::test]
async fn patch_changes_only_what_it_names() {
    let app = spawn().await;
    let created = app.post("/v2/event-types", minimal("intro")).await.body["data"].clone();
    let reply = app.patch("/v2/event-types/1", json!({"title": "Longer intro", "lengthInMinutes": 45})).await;
    assert_eq!(reply.status, 200, "{:#}", reply.body);
    let mut expected = created.clone();
    expected["title"] = json!("Longer intro");
    expected["lengthInMinutes"] = json!(45);
    assert_eq!(reply.body["data"], expected);
    // The whole result is validated: options must include the length.
    assert_invalid(
        &app.patch("/v2/event-types/1", json!({"lengthInMinutesOptions": [15, 30]})).await,
        &["lengthInMinutesOptions"],
    );
    assert_eq!(app.get("/v2/event-types/1").await.body["data"], expected);
}

#[actix_web::test]
async fn listing_by_username_shows_public_event_types_to_everyone() {
    let app = spawn().await;
    app.post("/v2/event-types", minimal("intro")).await;
    let mut hidden = minimal("secret");
    hidden["hidden"] = json!(true);
    app.post("/v2/event-types", hidden).await;

    let slugs = |reply: &crate::support::Reply| -> Vec<String> {
        reply.body["data"].as_array().unwrap().iter().map(|e| e["slug"].as_str().unwrap().to_owned()).collect()
    };
    let anonymous = app.send(TestRequest::get().uri("/v2/event-types?username=admin")).await;
    assert_eq!(slugs(&anonymous), ["intro"]);
    let owner = app.get("/v2/event-types?username=admin").await;
    assert_eq!(slugs(&owner), ["intro", "secret"]);
    assert_eq!(slugs(&app.get("/v2/event-types").await), ["intro", "secret"]);
    let one = app.send(TestRequest::get().uri("/v2/event-types?username=admin&eventSlug=intro")).await;
    assert_eq!(slugs(&one), ["intro"]);
    assert_eq!(slugs(&app.get("/v2/event-types?sortCreatedAt=desc").await), ["secret", "intro"]);
    assert_eq!(app.get("/v2/event-types?orgSlug=acme").await.body["data"], json!([]));

    assert_error(&app.send(TestRequest::get().uri("/v2/event-types")).await, 401, "UnauthorizedException");
    assert_error(&app.send(TestRequest::get().uri("/v2/event-types?username=nobody")).await, 404, "NotFoundException");
    assert_invalid(&app.get("/v2/event-types?eventSlug=intro").await, &["eventSlug"]);
    assert_invalid(&app.get("/v2/event-types?usernames=a,b").await, &["usernames"]);
    assert_invalid(&app.get("/v2/event-types?sortCreatedAt=sideways").await, &["sortCreatedAt"]);
}

#[actix_web::test]
async fn other_users_event_types_are_forbidden() {
    let app = spawn().await;
    app.post("/v2/event-types", minimal("intro")).await;
    let (_, bob) = app.other_user("bob").await;
    for req in [
        TestRequest::get().uri("/v2/event-types/1"),
        TestRequest::patch().uri("/v2/event-types/1").set_json(json!({"title": "mine"})),
        TestRequest::delete().uri("/v2/event-types/1"),
    ] {
        assert_error(&app.send_as(&bob, req).await, 403, "ForbiddenException");
    }
    assert_eq!(app.get("/v2/event-types/1").await.body["data"]["title"], "Intro call");
}

#[actix_web::test]
async fn delete_returns_what_was_deleted() {
    let app = spawn().await;
    app.post("/v2/event-types", minimal("intro")).await;
    let reply = app.delete("/v2/event-types/1").await;
    assert_eq!(
        reply.body,
        json!({"status": "success", "data": {"id": 1, "lengthInMinutes": 30, "title": "Intro call", "slug": "intro"}})
    );
    assert_error(&app.get("/v2/event-types/1").await, 404, "NotFoundException");
    assert_error(&app.delete("/v2/event-types/1").await, 404, "NotFoundException");
    assert_eq!(app.post("/v2/event-types", minimal("intro")).await.status, 201, "the slug is free again");
}

#[actix_web::test]
async fn unknown_ids_missing_keys_and_versions() {
    let app = spawn().await;
    assert_error(&app.get("/v2/event-types/7").await, 404, "NotFoundException");
    assert_invalid(&app.get("/v2/event-types/x").await, &["eventTypeId"]);
    let no_key = TestRequest::post().uri("/v2/event-types").set_json(minimal("intro"));
    assert_error(&app.send(no_key).await, 401, "UnauthorizedException");
    let wrong_version = TestRequest::get().uri("/v2/event-types").insert_header(("cal-api-version", "2024-06-11"));
    assert_invalid(&app.send_as(&app.key, wrong_version).await, &["cal-api-version"]);
}

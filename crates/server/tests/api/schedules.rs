use actix_web::test::TestRequest;
use serde_json::{Value, json};

use crate::support::{assert_error, assert_invalid, spawn};

fn catch_up() -> Value {
    json!({
        "name": "Catch up hours",
        "timeZone": "Europe/Rome",
        "availability": [
            {"days": ["Monday", "Tuesday"], "startTime": "17:00", "endTime": "19:00"},
            {"days": ["Wednesday", "Thursday"], "startTime": "16:00", "endTime": "20:00"}
        ],
        "isDefault": true,
        "overrides": [{"date": "2026-05-20", "startTime": "18:00", "endTime": "21:00"}]
    })
}

#[actix_web::test]
async fn the_reference_example_round_trips() {
    let app = spawn().await;
    let reply = app.post("/v2/schedules", catch_up()).await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    insta::assert_json_snapshot!(reply.body, @r#"
    {
      "status": "success",
      "data": {
        "id": 1,
        "ownerId": 1,
        "name": "Catch up hours",
        "timeZone": "Europe/Rome",
        "availability": [
          {
            "days": [
              "Monday",
              "Tuesday"
            ],
            "startTime": "17:00",
            "endTime": "19:00"
          },
          {
            "days": [
              "Wednesday",
              "Thursday"
            ],
            "startTime": "16:00",
            "endTime": "20:00"
          }
        ],
        "isDefault": true,
        "overrides": [
          {
            "date": "2026-05-20",
            "startTime": "18:00",
            "endTime": "21:00"
          }
        ]
      }
    }
    "#);
    assert_eq!(app.get("/v2/schedules/1").await.body, reply.body);
    assert_eq!(app.get("/v2/me").await.body["data"]["defaultScheduleId"], 1);
}

#[actix_web::test]
async fn without_availability_it_is_weekdays_nine_to_five() {
    let app = spawn().await;
    let reply = app.post("/v2/schedules", json!({"name": "Work", "timeZone": "UTC", "isDefault": false})).await;
    assert_eq!(reply.status, 201);
    assert_eq!(
        reply.body["data"]["availability"],
        json!([{"days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], "startTime": "09:00", "endTime": "17:00"}])
    );
    assert_eq!(reply.body["data"]["isDefault"], false);
    assert_eq!(reply.body["data"]["overrides"], json!([]));
    assert_eq!(app.get("/v2/schedules/default").await.body, json!({"status": "success", "data": null}));
}

#[actix_web::test]
async fn one_default_per_user() {
    let app = spawn().await;
    let first = app.post("/v2/schedules", json!({"name": "A", "timeZone": "UTC", "isDefault": true})).await;
    assert_eq!(first.body["data"]["isDefault"], true);
    let second = app.post("/v2/schedules", json!({"name": "B", "timeZone": "UTC", "isDefault": true})).await;
    assert_eq!(second.body["data"]["isDefault"], true);
    let list = app.get("/v2/schedules").await.body;
    let defaults: Vec<bool> =
        list["data"].as_array().unwrap().iter().map(|s| s["isDefault"].as_bool().unwrap()).collect();
    assert_eq!(defaults, [false, true]);
    assert_eq!(app.get("/v2/schedules/default").await.body["data"]["name"], "B");
    assert_eq!(app.get("/v2/me").await.body["data"]["defaultScheduleId"], 2);

    // PATCH isDefault moves it back; the user's defaultScheduleId follows.
    let moved = app.patch("/v2/schedules/1", json!({"isDefault": true})).await;
    assert_eq!(moved.body["data"]["isDefault"], true);
    assert_eq!(app.get("/v2/me").await.body["data"]["defaultScheduleId"], 1);
    assert_eq!(app.get("/v2/schedules/2").await.body["data"]["isDefault"], false);

    // The default cannot be switched off by itself.
    assert_invalid(&app.patch("/v2/schedules/1", json!({"isDefault": false})).await, &["isDefault"]);
    // PATCH /v2/me can choose it too.
    let me = app.patch("/v2/me", json!({"defaultScheduleId": 2})).await;
    assert_eq!(me.body["data"]["defaultScheduleId"], 2);
    assert_eq!(app.get("/v2/schedules/2").await.body["data"]["isDefault"], true);
}

#[actix_web::test]
async fn deleting_the_default_promotes_the_oldest_remaining() {
    let app = spawn().await;
    for name in ["A", "B", "C"] {
        app.post("/v2/schedules", json!({"name": name, "timeZone": "UTC", "isDefault": name == "C"})).await;
    }
    let deleted = app.delete("/v2/schedules/3").await;
    assert_eq!(deleted.body, json!({"status": "success"}));
    assert_eq!(app.get("/v2/me").await.body["data"]["defaultScheduleId"], 1);
    assert_error(&app.get("/v2/schedules/3").await, 404, "NotFoundException");
    app.delete("/v2/schedules/1").await;
    app.delete("/v2/schedules/2").await;
    assert_eq!(app.get("/v2/me").await.body["data"]["defaultScheduleId"], json!(null));
    assert_eq!(app.get("/v2/schedules").await.body["data"], json!([]));
}

#[actix_web::test]
async fn patch_replaces_only_what_it_names() {
    let app = spawn().await;
    let created = app.post("/v2/schedules", catch_up()).await.body["data"].clone();
    let reply = app.patch("/v2/schedules/1", json!({"name": "Renamed", "overrides": []})).await;
    assert_eq!(reply.status, 200, "{:#}", reply.body);
    let mut expected = created;
    expected["name"] = json!("Renamed");
    expected["overrides"] = json!([]);
    assert_eq!(reply.body["data"], expected);
}

#[actix_web::test]
async fn invalid_schedules_name_the_field_and_change_nothing() {
    let app = spawn().await;
    let base = || json!({"name": "X", "timeZone": "UTC", "isDefault": true});
    let with = |key: &str, value: Value| {
        let mut body = base();
        body[key] = value;
        body
    };
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (with("timeZone", json!("Mars/Base")), vec!["timeZone"]),
        (with("name", json!("")), vec!["name"]),
        (
            with("availability", json!([{"days": ["Funday"], "startTime": "09:00", "endTime": "10:00"}])),
            vec!["availability[0].days[0]"],
        ),
        (
            with("availability", json!([{"days": [], "startTime": "09:00", "endTime": "10:00"}])),
            vec!["availability[0].days"],
        ),
        (
            with("availability", json!([{"days": ["Monday"], "startTime": "10:00", "endTime": "09:00"}])),
            vec!["availability[0].endTime"],
        ),
        (
            with("availability", json!([{"days": ["Monday"], "startTime": "10:00", "endTime": "10:00"}])),
            vec!["availability[0].endTime"],
        ),
        (
            with("availability", json!([{"days": ["Monday"], "startTime": "9am", "endTime": "10:00"}])),
            vec!["availability[0].startTime"],
        ),
        (
            with("overrides", json!([{"date": "20-05-2026", "startTime": "09:00", "endTime": "10:00"}])),
            vec!["overrides[0].date"],
        ),
        (
            with("overrides", json!([{"date": "2026-02-30", "startTime": "09:00", "endTime": "10:00"}])),
            vec!["overrides[0].date"],
        ),
        (
            with("overrides", json!([{"date": "2026-05-20", "startTime": "11:00", "endTime": "10:00"}])),
            vec!["overrides[0].endTime"],
        ),
        (json!({"name": "X", "timeZone": "UTC"}), vec!["isDefault"]),
        (
            with(
                "availability",
                json!([{"days": ["Monday"], "startTime": "25:00", "endTime": "09:00"}, {"days": [], "startTime": "09:00", "endTime": "10:00"}]),
            ),
            vec!["availability[0].startTime", "availability[1].days"],
        ),
    ];
    for (body, fields) in cases {
        assert_invalid(&app.post("/v2/schedules", body.clone()).await, &fields);
    }
    assert_eq!(app.get("/v2/schedules").await.body["data"], json!([]));
    assert_eq!(app.get("/v2/me").await.body["data"]["defaultScheduleId"], json!(null));

    app.post("/v2/schedules", base()).await;
    let before = app.get("/v2/schedules/1").await.body;
    assert_invalid(&app.patch("/v2/schedules/1", json!({"timeZone": "Nowhere"})).await, &["timeZone"]);
    assert_invalid(
        &app.patch(
            "/v2/schedules/1",
            json!({"availability": [{"days": ["Monday"], "startTime": "12:00", "endTime": "11:00"}]}),
        )
        .await,
        &["availability[0].endTime"],
    );
    assert_eq!(app.get("/v2/schedules/1").await.body, before);
}

#[actix_web::test]
async fn a_day_off_override_is_accepted() {
    let app = spawn().await;
    let body = json!({"name": "X", "timeZone": "UTC", "isDefault": true,
                      "overrides": [{"date": "2026-12-25", "startTime": "00:00", "endTime": "00:00"}]});
    let reply = app.post("/v2/schedules", body).await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    assert_eq!(reply.body["data"]["overrides"][0]["endTime"], "00:00");
}

#[actix_web::test]
async fn other_users_schedules_are_forbidden() {
    let app = spawn().await;
    app.post("/v2/schedules", catch_up()).await;
    let (_, bob) = app.other_user("bob").await;
    for req in [
        TestRequest::get().uri("/v2/schedules/1"),
        TestRequest::patch().uri("/v2/schedules/1").set_json(json!({"name": "mine"})),
        TestRequest::delete().uri("/v2/schedules/1"),
    ] {
        assert_error(&app.send_as(&bob, req).await, 403, "ForbiddenException");
    }
    let theirs = app.send_as(&bob, TestRequest::get().uri("/v2/schedules")).await;
    assert_eq!(theirs.body["data"], json!([]));
    assert_eq!(app.send_as(&bob, TestRequest::get().uri("/v2/schedules/default")).await.body["data"], json!(null));
    let mine = app.get("/v2/schedules/1").await;
    assert_eq!(mine.body["data"]["name"], "Catch up hours");
    // Bob cannot make Alice's schedule his default either.
    let me = app.send_as(&bob, TestRequest::patch().uri("/v2/me").set_json(json!({"defaultScheduleId": 1}))).await;
    assert_invalid(&me, &["defaultScheduleId"]);
}

#[actix_web::test]
async fn unknown_ids_and_missing_keys() {
    let app = spawn().await;
    assert_error(&app.get("/v2/schedules/42").await, 404, "NotFoundException");
    assert_error(&app.patch("/v2/schedules/42", json!({"name": "x"})).await, 404, "NotFoundException");
    assert_error(&app.delete("/v2/schedules/42").await, 404, "NotFoundException");
    assert_invalid(&app.get("/v2/schedules/abc").await, &["scheduleId"]);
    for req in [
        TestRequest::get().uri("/v2/schedules"),
        TestRequest::get().uri("/v2/schedules/default"),
        TestRequest::post().uri("/v2/schedules").set_json(catch_up()),
    ] {
        assert_error(&app.send(req).await, 401, "UnauthorizedException");
    }
}

#[actix_web::test]
async fn the_api_version_header_is_checked() {
    let app = spawn().await;
    let with_version =
        |v: &str| TestRequest::get().uri("/v2/schedules").insert_header(("cal-api-version", v.to_owned()));
    assert_eq!(app.send_as(&app.key, with_version("2024-06-11")).await.status, 200);
    let wrong = app.send_as(&app.key, with_version("2024-06-14")).await;
    assert_invalid(&wrong, &["cal-api-version"]);
    assert!(wrong.message().contains("2024-06-11"), "{}", wrong.message());
    // Groups without versions ignore the header.
    let me =
        app.send_as(&app.key, TestRequest::get().uri("/v2/me").insert_header(("cal-api-version", "1999-01-01"))).await;
    assert_eq!(me.status, 200);
}

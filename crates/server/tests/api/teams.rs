//! Teams, their memberships and their members' schedules: success and error paths, who may do what (a table of
//! roles by operations), the last-owner rule (also under concurrent changes), slugs.

use actix_web::test::TestRequest;
use serde_json::{Value, json};

use crate::support::{Reply, Svc, TestApp, assert_error, assert_invalid, join_all, spawn};

async fn create_team(app: &TestApp<impl Svc>, body: Value) -> Value {
    let reply = app.post("/v2/teams", body).await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    reply.body["data"].clone()
}

/// Adds `user_id` to team `team` as the first user; returns the membership id.
async fn add(app: &TestApp<impl Svc>, team: i64, user_id: i64, role: &str, accepted: bool) -> i64 {
    let reply = app
        .post(&format!("/v2/teams/{team}/memberships"), json!({"userId": user_id, "role": role, "accepted": accepted}))
        .await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    reply.body["data"]["id"].as_i64().unwrap()
}

fn ids(reply: &Reply, field: &str) -> Vec<i64> {
    reply.body["data"].as_array().unwrap().iter().map(|m| m[field].as_i64().unwrap()).collect()
}

#[actix_web::test]
async fn creating_a_team_makes_the_creator_its_accepted_owner() {
    let app = spawn().await;
    let team = create_team(&app, json!({"name": "Sales & Support", "bio": "We sell", "metadata": {"k": "v"}})).await;
    insta::assert_json_snapshot!(team, @r#"
    {
      "id": 1,
      "name": "Sales & Support",
      "slug": "sales-support",
      "bio": "We sell",
      "hideBranding": false,
      "isOrganization": false,
      "isPrivate": false,
      "hideBookATeamMember": false,
      "metadata": {
        "k": "v"
      },
      "timeZone": "Europe/London",
      "weekStart": "Sunday"
    }
    "#);
    let members = app.get("/v2/teams/1/memberships").await;
    assert_eq!(members.status, 200, "{:#}", members.body);
    insta::assert_json_snapshot!(members.body, @r#"
    {
      "status": "success",
      "data": [
        {
          "id": 1,
          "userId": 1,
          "teamId": 1,
          "accepted": true,
          "role": "OWNER",
          "disableImpersonation": false,
          "user": {
            "username": "admin",
            "name": "Calends Admin",
            "email": "admin@calends.local"
          }
        }
      ]
    }
    "#);
    let got = app.get("/v2/teams/1").await;
    assert_eq!(got.body["data"], team, "get returns what create returned");
    assert_eq!(app.get("/v2/teams").await.body["data"], json!([team]));
}

#[actix_web::test]
async fn every_profile_field_round_trips_and_updates_change_only_what_is_sent() {
    let app = spawn().await;
    let full = json!({
        "name": "CalTeam", "slug": "caltel", "logoUrl": "https://img.example/logo.png", "calVideoLogo": "v",
        "appLogo": "a", "appIconLogo": "i", "bio": "b", "hideBranding": true, "isPrivate": true,
        "hideBookATeamMember": true, "metadata": {"key": "value"}, "theme": "dark", "brandColor": "#292929",
        "darkBrandColor": "#fafafa", "bannerUrl": "https://img.example/banner.png", "timeFormat": 24,
        "timeZone": "America/New_York", "weekStart": "Monday", "autoAcceptCreator": false
    });
    let team = create_team(&app, full.clone()).await;
    for (field, value) in full.as_object().unwrap() {
        if field != "autoAcceptCreator" {
            assert_eq!(&team[field], value, "{field}");
        }
    }
    let updated = app.patch("/v2/teams/1", json!({"name": "Renamed", "weekStart": "Friday", "bio": null})).await;
    assert_eq!(updated.status, 200, "{:#}", updated.body);
    let mut expected = team.clone();
    expected["name"] = json!("Renamed");
    expected["weekStart"] = json!("Friday");
    assert_eq!(updated.body["data"], expected);
    assert_eq!(app.get("/v2/teams/1").await.body["data"], expected);
    let slug = app.patch("/v2/teams/1", json!({"slug": "new-slug"})).await;
    assert_eq!(slug.body["data"]["slug"], "new-slug");
}

#[actix_web::test]
async fn slugs_are_unique_among_teams() {
    let app = spawn().await;
    create_team(&app, json!({"name": "Alpha", "slug": "alpha"})).await;
    create_team(&app, json!({"name": "Beta"})).await;
    let taken = app.post("/v2/teams", json!({"name": "Other", "slug": "alpha"})).await;
    assert_error(&taken, 409, "ConflictException");
    assert!(taken.message().contains("alpha"), "{}", taken.message());
    // A derived slug conflicts too, and so does another user's team's.
    let (_, other_key) = app.other_user("bob").await;
    let derived =
        app.send_as(&other_key, TestRequest::post().uri("/v2/teams").set_json(json!({"name": "ALPHA!"}))).await;
    assert_error(&derived, 409, "ConflictException");
    assert_error(&app.patch("/v2/teams/2", json!({"slug": "alpha"})).await, 409, "ConflictException");
    assert_eq!(app.get("/v2/teams/2").await.body["data"]["slug"], "beta", "nothing changed");
    assert_eq!(app.get("/v2/teams").await.body["data"].as_array().unwrap().len(), 2);
    // A name with nothing to derive a slug from needs one.
    assert_invalid(&app.post("/v2/teams", json!({"name": "ÄÖÜ"})).await, &["slug"]);
    assert_eq!(create_team(&app, json!({"name": "ÄÖÜ", "slug": "umlauts"})).await["slug"], "umlauts");
}

#[actix_web::test]
async fn bad_team_input_names_every_field_and_writes_nothing() {
    let app = spawn().await;
    let bad = json!({
        "name": "", "slug": "Not A Slug", "logoUrl": "ftp://x", "brandColor": "red", "darkBrandColor": "#12",
        "bannerUrl": "nope", "timeFormat": 13, "timeZone": "Mars/Base", "metadata": {"k": "x".repeat(501)},
        "bio": "b".repeat(2001)
    });
    let reply = app.post("/v2/teams", bad).await;
    assert_invalid(
        &reply,
        &[
            "name",
            "slug",
            "logoUrl",
            "bio",
            "brandColor",
            "darkBrandColor",
            "bannerUrl",
            "timeZone",
            "metadata",
            "timeFormat",
        ],
    );
    assert_invalid(&app.post("/v2/teams", json!({"slug": "x"})).await, &["name"]);
    assert_invalid(&app.post("/v2/teams", json!({"name": "T", "weekStart": "Caturday"})).await, &["weekStart"]);
    assert_invalid(&app.post("/v2/teams", json!({"name": "T", "hideBranding": "yes"})).await, &["hideBranding"]);
    assert_eq!(app.get("/v2/teams").await.body["data"], json!([]));

    create_team(&app, json!({"name": "Team"})).await;
    let before = app.get("/v2/teams/1").await.body;
    let reply = app.patch("/v2/teams/1", json!({"name": " ", "slug": "-x", "timeFormat": 7, "theme": "t"})).await;
    assert_invalid(&reply, &["name", "slug", "timeFormat"]);
    assert_eq!(app.get("/v2/teams/1").await.body, before, "a refused update changes nothing");
}

#[actix_web::test]
async fn teams_are_read_by_their_accepted_members_only() {
    let app = spawn().await;
    create_team(&app, json!({"name": "Team"})).await;
    let (bob, bob_key) = app.other_user("bob").await;
    let as_bob = |path: &str| app.send_as(&bob_key, TestRequest::get().uri(path));
    assert_error(&as_bob("/v2/teams/1").await, 403, "ForbiddenException");
    assert_eq!(as_bob("/v2/teams").await.body["data"], json!([]));
    let invitation = add(&app, 1, bob.id, "MEMBER", false).await;
    let pending = as_bob("/v2/teams/1").await;
    assert_error(&pending, 403, "ForbiddenException");
    assert!(pending.message().contains("accept"), "{}", pending.message());
    assert_eq!(as_bob("/v2/teams").await.body["data"], json!([]), "pending invitations are not listed");
    // The invitee reads and accepts their own membership, then reads the team.
    assert_eq!(as_bob(&format!("/v2/teams/1/memberships/{invitation}")).await.status, 200);
    assert_error(&as_bob("/v2/teams/1/memberships/1").await, 403, "ForbiddenException");
    let accepted = app
        .send_as(
            &bob_key,
            TestRequest::patch()
                .uri(&format!("/v2/teams/1/memberships/{invitation}"))
                .set_json(json!({"accepted": true})),
        )
        .await;
    assert_eq!(accepted.status, 200, "{:#}", accepted.body);
    assert_eq!(accepted.body["data"]["accepted"], true);
    assert_eq!(as_bob("/v2/teams/1").await.status, 200);
    assert_eq!(ids(&as_bob("/v2/teams").await, "id"), [1]);

    assert_error(&app.get("/v2/teams/99").await, 404, "NotFoundException");
    assert_error(&app.get("/v2/teams/abc").await, 400, "BadRequestException");
    assert_error(&app.get("/v2/teams/99/memberships").await, 404, "NotFoundException");
    assert_error(&app.get("/v2/teams/99/schedules").await, 404, "NotFoundException");
}

#[actix_web::test]
async fn memberships_are_created_with_their_defaults_and_users() {
    let app = spawn().await;
    create_team(&app, json!({"name": "Team"})).await;
    let (bob, _) = app.other_user("bob").await;
    app.patch("/v2/me", json!({"bio": "first user"})).await;
    let reply = app.post("/v2/teams/1/memberships", json!({"userId": bob.id})).await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    insta::assert_json_snapshot!(reply.body["data"], @r#"
    {
      "id": 2,
      "userId": 2,
      "teamId": 1,
      "accepted": false,
      "role": "MEMBER",
      "disableImpersonation": false,
      "user": {
        "username": "bob",
        "name": null,
        "email": "bob@example.com"
      }
    }
    "#);
    assert_eq!(app.get("/v2/teams/1/memberships/2").await.body["data"], reply.body["data"]);
    assert_eq!(app.get("/v2/teams/1/memberships/1").await.body["data"]["user"]["bio"], "first user");

    let again = app.post("/v2/teams/1/memberships", json!({"userId": bob.id, "role": "ADMIN"})).await;
    assert_error(&again, 409, "ConflictException");
    let ghost = app.post("/v2/teams/1/memberships", json!({"userId": 999})).await;
    assert_invalid(&ghost, &["userId"]);
    assert!(ghost.message().contains("999"), "{}", ghost.message());
    assert_invalid(&app.post("/v2/teams/1/memberships", json!({"userId": 0})).await, &["userId"]);
    assert_invalid(&app.post("/v2/teams/1/memberships", json!({})).await, &["userId"]);
    assert_invalid(&app.post("/v2/teams/1/memberships", json!({"userId": 2, "role": "BOSS"})).await, &["role"]);
    assert_invalid(&app.post("/v2/teams/1/memberships", json!({"userId": 2, "accepted": "y"})).await, &["accepted"]);
    assert_invalid(&app.patch("/v2/teams/1/memberships/2", json!({"role": "BOSS"})).await, &["role"]);
    assert_error(&app.post("/v2/teams/99/memberships", json!({"userId": 2})).await, 404, "NotFoundException");
    assert_eq!(ids(&app.get("/v2/teams/1/memberships").await, "id"), [1, 2], "refusals wrote nothing");
    assert_eq!(app.get("/v2/teams/1/memberships/2").await.body["data"]["role"], "MEMBER");
}

#[actix_web::test]
async fn memberships_are_paged_and_scoped_to_their_team() {
    let app = spawn().await;
    create_team(&app, json!({"name": "One"})).await;
    create_team(&app, json!({"name": "Two"})).await;
    for name in ["bob", "carol", "dave"] {
        let (user, _) = app.other_user(name).await;
        add(&app, 1, user.id, "MEMBER", true).await;
    }
    assert_eq!(ids(&app.get("/v2/teams/1/memberships").await, "userId"), [1, 2, 3, 4]);
    assert_eq!(ids(&app.get("/v2/teams/1/memberships?take=2&skip=1").await, "userId"), [2, 3]);
    assert_eq!(ids(&app.get("/v2/teams/1/memberships?skip=10").await, "userId"), Vec::<i64>::new());
    assert_invalid(&app.get("/v2/teams/1/memberships?take=0&skip=-1").await, &["take", "skip"]);
    assert_invalid(&app.get("/v2/teams/1/memberships?take=251").await, &["take"]);
    // The owner's membership of team 2 is no membership of team 1.
    let team_two_owner = ids(&app.get("/v2/teams/2/memberships").await, "id")[0];
    let elsewhere = format!("/v2/teams/1/memberships/{team_two_owner}");
    assert_error(&app.get(&elsewhere).await, 404, "NotFoundException");
    assert_error(&app.patch(&elsewhere, json!({"role": "ADMIN"})).await, 404, "NotFoundException");
    assert_error(&app.delete(&elsewhere).await, 404, "NotFoundException");
    assert_error(&app.get("/v2/teams/1/memberships/999").await, 404, "NotFoundException");
    assert_error(&app.get("/v2/teams/1/memberships/x").await, 400, "BadRequestException");
}

/// Who may do what: every operation tried by an accepted MEMBER, ADMIN and OWNER, a pending member and a
/// non-member, each in a fresh team whose creator (membership 1, an owner) stays, with `tara` (an accepted member)
/// and `newbie` (no member) beside the caller.
#[actix_web::test]
async fn the_permission_matrix() {
    // (operation, method, path, body, [MEMBER, ADMIN, OWNER, pending, non-member]). `{own}` is the caller's
    // membership (tara's for the non-member, who has none), `{tara}` tara's, `{creator}` the creator's.
    type Op = (&'static str, &'static str, &'static str, Option<Value>, [u16; 5]);
    let ops: Vec<Op> = vec![
        ("get team", "GET", "/v2/teams/1", None, [200, 200, 200, 403, 403]),
        ("update team", "PATCH", "/v2/teams/1", Some(json!({"name": "N"})), [403, 200, 200, 403, 403]),
        ("delete team", "DELETE", "/v2/teams/1", None, [403, 403, 200, 403, 403]),
        ("list schedules", "GET", "/v2/teams/1/schedules", None, [200, 200, 200, 403, 403]),
        ("list memberships", "GET", "/v2/teams/1/memberships", None, [200, 200, 200, 403, 403]),
        ("add member", "POST", "/v2/teams/1/memberships", Some(json!({"userId": 4})), [403, 201, 201, 403, 403]),
        (
            "add owner",
            "POST",
            "/v2/teams/1/memberships",
            Some(json!({"userId": 4, "role": "OWNER", "accepted": true})),
            [403, 403, 201, 403, 403],
        ),
        ("get other", "GET", "/v2/teams/1/memberships/{tara}", None, [200, 200, 200, 403, 403]),
        ("get own", "GET", "/v2/teams/1/memberships/{own}", None, [200, 200, 200, 200, 403]),
        (
            "promote other to admin",
            "PATCH",
            "/v2/teams/1/memberships/{tara}",
            Some(json!({"role": "ADMIN"})),
            [403, 200, 200, 403, 403],
        ),
        (
            "promote other to owner",
            "PATCH",
            "/v2/teams/1/memberships/{tara}",
            Some(json!({"role": "OWNER"})),
            [403, 403, 200, 403, 403],
        ),
        (
            "change an owner",
            "PATCH",
            "/v2/teams/1/memberships/{creator}",
            Some(json!({"disableImpersonation": true})),
            [403, 403, 200, 403, 403],
        ),
        (
            "accept own",
            "PATCH",
            "/v2/teams/1/memberships/{own}",
            Some(json!({"accepted": true})),
            [200, 200, 200, 200, 403],
        ),
        (
            "change own role",
            "PATCH",
            "/v2/teams/1/memberships/{own}",
            Some(json!({"role": "ADMIN"})),
            [403, 200, 200, 403, 403],
        ),
        (
            "unaccept own",
            "PATCH",
            "/v2/teams/1/memberships/{own}",
            Some(json!({"accepted": false})),
            [403, 200, 200, 403, 403],
        ),
        ("remove other", "DELETE", "/v2/teams/1/memberships/{tara}", None, [403, 200, 200, 403, 403]),
        ("remove an owner", "DELETE", "/v2/teams/1/memberships/{creator}", None, [403, 403, 200, 403, 403]),
        ("leave", "DELETE", "/v2/teams/1/memberships/{own}", None, [200, 200, 200, 200, 403]),
    ];
    let callers: [(&str, Option<(&str, bool)>); 5] = [
        ("MEMBER", Some(("MEMBER", true))),
        ("ADMIN", Some(("ADMIN", true))),
        ("OWNER", Some(("OWNER", true))),
        ("pending", Some(("MEMBER", false))),
        ("non-member", None),
    ];
    let mut got = Vec::new();
    let mut want = Vec::new();
    for (name, method, path, body, expected) in &ops {
        for (i, (caller, role)) in callers.iter().enumerate() {
            let app = spawn().await;
            create_team(&app, json!({"name": "Team"})).await;
            let (user, key) = app.other_user("caller").await;
            let (tara, _) = app.other_user("tara").await;
            app.other_user("newbie").await;
            let tara_id = add(&app, 1, tara.id, "MEMBER", true).await;
            let own = match role {
                Some((role, accepted)) => add(&app, 1, user.id, role, *accepted).await,
                None => tara_id,
            };
            let path = path
                .replace("{own}", &own.to_string())
                .replace("{tara}", &tara_id.to_string())
                .replace("{creator}", "1");
            let mut req = TestRequest::default().method(method.parse().unwrap()).uri(&path);
            if let Some(body) = body {
                req = req.set_json(body);
            }
            let reply = app.send_as(&key, req).await;
            got.push(format!("{name} as {caller}: {}", reply.status.as_u16()));
            want.push(format!("{name} as {caller}: {}", expected[i]));
            if !reply.status.is_success() {
                assert_eq!(reply.body["status"], "error", "{name} as {caller}: {:#}", reply.body);
            }
        }
    }
    assert_eq!(got.join("\n"), want.join("\n"));
}

#[actix_web::test]
async fn the_last_owner_can_neither_leave_nor_be_demoted() {
    let app = spawn().await;
    create_team(&app, json!({"name": "Team"})).await;
    for (body, what) in [
        (json!({"role": "ADMIN"}), "demoted"),
        (json!({"role": "MEMBER"}), "demoted"),
        (json!({"accepted": false}), "unaccepted"),
    ] {
        let reply = app.patch("/v2/teams/1/memberships/1", body).await;
        assert_error(&reply, 400, "BadRequestException");
        assert!(reply.message().contains("last owner"), "{what}: {}", reply.message());
    }
    let leave = app.delete("/v2/teams/1/memberships/1").await;
    assert_error(&leave, 400, "BadRequestException");
    assert!(leave.message().contains("last owner"), "{}", leave.message());
    // A pending owner does not count.
    let (bob, bob_key) = app.other_user("bob").await;
    let bobs = add(&app, 1, bob.id, "OWNER", false).await;
    assert_error(&app.delete("/v2/teams/1/memberships/1").await, 400, "BadRequestException");
    let members = app.get("/v2/teams/1/memberships").await;
    assert_eq!(members.body["data"][0]["role"], "OWNER");
    assert_eq!(members.body["data"][0]["accepted"], true);
    // Once bob accepts, either owner may go, but not both.
    let accept =
        TestRequest::patch().uri(&format!("/v2/teams/1/memberships/{bobs}")).set_json(json!({"accepted": true}));
    assert_eq!(app.send_as(&bob_key, accept).await.status, 200);
    let demoted = app.patch("/v2/teams/1/memberships/1", json!({"role": "MEMBER"})).await;
    assert_eq!(demoted.status, 200, "{:#}", demoted.body);
    let last = app.send_as(&bob_key, TestRequest::delete().uri(&format!("/v2/teams/1/memberships/{bobs}"))).await;
    assert_error(&last, 400, "BadRequestException");
}

#[actix_web::test]
async fn two_owners_leaving_at_once_leave_one_owner() {
    let app = spawn().await;
    create_team(&app, json!({"name": "Team"})).await;
    let mut keys = vec![(1, app.key.clone())];
    for name in ["bob", "carol"] {
        let (user, key) = app.other_user(name).await;
        keys.push((add(&app, 1, user.id, "OWNER", true).await, key));
    }
    // Three owners all leaving: two may go, the last must stay.
    let replies = join_all(keys.iter().map(|(membership, key)| {
        app.send_as(key, TestRequest::delete().uri(&format!("/v2/teams/1/memberships/{membership}")))
    }))
    .await;
    assert_eq!(replies.iter().filter(|r| r.status == 200).count(), 2, "{:?}", replies);
    let refused: Vec<&Reply> = replies.iter().filter(|r| r.status != 200).collect();
    assert_error(refused[0], 400, "BadRequestException");
    let left = app.store.team_members(1).await.unwrap();
    assert_eq!(left.len(), 1);
    assert!(left[0].0.owns());

    // Two owners demoting themselves at once: one stays an owner.
    let first = left[0].0.id;
    let owner_key = keys.iter().find(|(m, _)| *m == first).unwrap().1.clone();
    let (dave, dave_key) = app.other_user("dave").await;
    let reply = app
        .send_as(
            &owner_key,
            TestRequest::post()
                .uri("/v2/teams/1/memberships")
                .set_json(json!({"userId": dave.id, "role": "OWNER", "accepted": true})),
        )
        .await;
    assert_eq!(reply.status, 201, "{:#}", reply.body);
    let daves = reply.body["data"]["id"].as_i64().unwrap();
    let replies = join_all([(first, owner_key.as_str()), (daves, dave_key.as_str())].map(|(membership, key)| {
        app.send_as(
            key,
            TestRequest::patch()
                .uri(&format!("/v2/teams/1/memberships/{membership}"))
                .set_json(json!({"role": "ADMIN"})),
        )
    }))
    .await;
    assert_eq!(replies.iter().filter(|r| r.status == 200).count(), 1, "{:?}", replies);
    let owners = app.store.team_members(1).await.unwrap().into_iter().filter(|(m, _)| m.owns()).count();
    assert_eq!(owners, 1);
}

#[actix_web::test]
async fn deleting_a_team_removes_its_memberships() {
    let app = spawn().await;
    create_team(&app, json!({"name": "Doomed"})).await;
    create_team(&app, json!({"name": "Kept"})).await;
    let (bob, bob_key) = app.other_user("bob").await;
    let bobs = add(&app, 1, bob.id, "ADMIN", true).await;
    assert_error(&app.send_as(&bob_key, TestRequest::delete().uri("/v2/teams/1")).await, 403, "ForbiddenException");
    let deleted = app.delete("/v2/teams/1").await;
    assert_eq!(deleted.status, 200, "{:#}", deleted.body);
    assert_eq!(deleted.body["data"]["slug"], "doomed");
    assert_error(&app.get("/v2/teams/1").await, 404, "NotFoundException");
    assert_error(&app.delete("/v2/teams/1").await, 404, "NotFoundException");
    assert!(app.store.team_members(1).await.unwrap().is_empty());
    assert_eq!(app.store.membership(bobs).await.unwrap(), None);
    assert_eq!(app.store.team_members(2).await.unwrap().len(), 1, "the other team keeps its members");
    assert_eq!(ids(&app.get("/v2/teams").await, "id"), [2]);
    // The slug is free again.
    create_team(&app, json!({"name": "Doomed"})).await;
}

#[actix_web::test]
async fn team_schedules_are_the_accepted_members_schedules() {
    let app = spawn().await;
    create_team(&app, json!({"name": "Team"})).await;
    let (bob, bob_key) = app.other_user("bob").await;
    let (carol, carol_key) = app.other_user("carol").await;
    let (_, dave_key) = app.other_user("dave").await;
    add(&app, 1, bob.id, "MEMBER", true).await;
    add(&app, 1, carol.id, "MEMBER", false).await;
    let schedule = |name: &'static str| json!({"name": name, "timeZone": "UTC", "isDefault": true});
    for (key, name) in
        [(&app.key, "Admin hours"), (&bob_key, "Bob hours"), (&carol_key, "Carol hours"), (&dave_key, "Dave hours")]
    {
        let reply = app.send_as(key, TestRequest::post().uri("/v2/schedules").set_json(schedule(name))).await;
        assert_eq!(reply.status, 201, "{:#}", reply.body);
    }
    app.post("/v2/schedules", json!({"name": "Admin extra", "timeZone": "Europe/Rome", "isDefault": false})).await;
    let reply = app.get("/v2/teams/1/schedules").await;
    assert_eq!(reply.status, 200, "{:#}", reply.body);
    let names: Vec<&str> = reply.body["data"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Admin hours", "Bob hours", "Admin extra"]);
    assert_eq!(
        reply.body["data"][1],
        app.send_as(&bob_key, TestRequest::get().uri("/v2/schedules/2")).await.body["data"]
    );
    assert_eq!(ids(&app.get("/v2/teams/1/schedules?take=1&skip=1").await, "id"), [2]);
    assert_invalid(&app.get("/v2/teams/1/schedules?take=0").await, &["take"]);
    assert_eq!(app.send_as(&bob_key, TestRequest::get().uri("/v2/teams/1/schedules")).await.status, 200);
    for key in [&carol_key, &dave_key] {
        let reply = app.send_as(key, TestRequest::get().uri("/v2/teams/1/schedules")).await;
        assert_error(&reply, 403, "ForbiddenException");
    }
}

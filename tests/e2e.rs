//! End to end: the real server on a TCP port, driven through the generated client.

use calends_client::types::{self, ErrorResponse, WebhookTrigger, WeekDay};
use calends_client::{Error, with_api_key};
use calends_tests::TestServer;
use chrono::{Datelike, Duration, Utc, Weekday};

const TEMPLATE: &str = r#"{"content":"A new event has been scheduled","type":"{{type}}","name":"{{title}}","organizer":"{{organizer.name}}","booker":"{{attendees.0.name}}"}"#;

/// This suite once more, on PostgreSQL (when it is available).
#[test]
fn the_suite_on_postgres() {
    calends_tests::rerun_on_postgres("the_suite_on_postgres");
}

/// The HTTP status of a failed call, asserting it came back in the error envelope.
fn error_status<T: std::fmt::Debug>(result: Result<T, Error<ErrorResponse>>) -> u16 {
    match result {
        Err(Error::ErrorResponse(reply)) => reply.status().as_u16(),
        other => panic!("expected an error envelope, got {other:?}"),
    }
}

#[tokio::test]
async fn webhooks_through_the_generated_client() {
    let server = TestServer::start();
    let client = server.client();

    let input = types::CreateWebhookInput::builder()
        .active(true)
        .payload_template(Some(TEMPLATE.to_owned()))
        .secret(Some("s3cret".to_owned()))
        .subscriber_url("https://example.com/hooks/calends")
        .triggers(vec![WebhookTrigger::BookingCreated, WebhookTrigger::BookingReopened]);
    let input: types::CreateWebhookInput = input.try_into().unwrap();
    let created = client.webhooks_create().body(input.clone()).send().await.expect("create").into_inner().data;
    assert_eq!(created.subscriber_url, input.subscriber_url);
    assert_eq!(created.triggers, input.triggers);
    assert_eq!(created.secret.as_deref(), Some("s3cret"));
    assert_eq!(created.payload_template.as_deref(), Some(TEMPLATE));

    assert_eq!(error_status(client.webhooks_create().body(input).send().await), 409);

    let listed = client.webhooks_list().send().await.expect("list").into_inner().data;
    assert_eq!(listed, vec![created.clone()]);
    let fetched = client.webhooks_get().webhook_id(created.id).send().await.expect("get").into_inner().data;
    assert_eq!(fetched, created);

    let updated = client
        .webhooks_update()
        .webhook_id(created.id)
        .body_map(|b| b.active(Some(false)))
        .send()
        .await
        .expect("update")
        .into_inner()
        .data;
    assert!(!updated.active);
    assert_eq!(updated.triggers, created.triggers);

    let deleted = client.webhooks_delete().webhook_id(created.id).send().await.expect("delete").into_inner().data;
    assert_eq!(deleted, updated);
    assert_eq!(error_status(client.webhooks_get().webhook_id(created.id).send().await), 404);
}

#[tokio::test]
async fn me_and_key_refresh_through_the_generated_client() {
    let server = TestServer::start();
    let client = server.client();

    let me = client.me_get().send().await.expect("me").into_inner().data;
    assert_eq!(me.username, "admin");

    let me = client
        .me_update()
        .body_map(|b| b.time_zone(Some("Asia/Kathmandu".to_owned())).week_start(Some(WeekDay::Sunday)))
        .send()
        .await
        .expect("update me")
        .into_inner()
        .data;
    assert_eq!(me.time_zone, "Asia/Kathmandu");
    assert_eq!(me.week_start, WeekDay::Sunday);
    let bad = client.me_update().body_map(|b| b.time_zone(Some("Asia/Atlantis".to_owned()))).send().await;
    assert_eq!(error_status(bad), 400);

    let fresh = client
        .api_keys_refresh()
        .body(Some(types::RefreshApiKeyInput {
            api_key_days_valid: std::num::NonZeroU64::new(7),
            api_key_never_expires: None,
        }))
        .send()
        .await
        .expect("refresh")
        .into_inner()
        .data
        .api_key;
    assert_eq!(error_status(client.me_get().send().await), 401, "the old key stopped working");
    let client = with_api_key(&server.base_url(), &fresh).unwrap();
    assert_eq!(client.me_get().send().await.expect("new key works").into_inner().data.id, me.id);
}

#[tokio::test]
async fn a_team_and_its_memberships_through_the_generated_client() {
    let server = TestServer::start();
    let client = server.client();
    let (bob_id, bob) = server.create_user("bob").await;

    let input: types::CreateTeamInput = types::CreateTeamInput::builder().name("Field Team").try_into().unwrap();
    let team = client.teams_create().body(input).send().await.expect("create team").into_inner().data;
    assert_eq!(team.slug, "field-team");
    assert!(!team.is_organization);
    assert_eq!(error_status(bob.teams_get().team_id(team.id).send().await), 403);

    let invitation = client
        .team_memberships_create()
        .team_id(team.id)
        .body_map(|b| b.user_id(bob_id).role(Some(types::MembershipRole::Admin)))
        .send()
        .await
        .expect("add member")
        .into_inner()
        .data;
    assert!(!invitation.accepted);
    assert_eq!(invitation.user.username, "bob");
    let accepted = bob
        .team_memberships_update()
        .team_id(team.id)
        .membership_id(invitation.id)
        .body_map(|b| b.accepted(Some(true)))
        .send()
        .await
        .expect("accept")
        .into_inner()
        .data;
    assert!(accepted.accepted);

    let listed = bob.team_memberships_list().team_id(team.id).send().await.expect("list").into_inner().data;
    let roles: Vec<_> = listed.iter().map(|m| (m.user.username.as_str(), m.role, m.accepted)).collect();
    assert_eq!(roles, [("admin", types::MembershipRole::Owner, true), ("bob", types::MembershipRole::Admin, true)]);
    let page = client.team_memberships_list().team_id(team.id).take(1).skip(1).send().await.expect("page");
    assert_eq!(page.into_inner().data, vec![accepted]);
    let teams = bob.teams_list().send().await.expect("bob's teams").into_inner().data;
    assert_eq!(teams, vec![team]);
}

#[tokio::test]
async fn no_key_is_401_through_the_client() {
    let server = TestServer::start();
    let anonymous = calends_client::Client::new(&server.base_url());
    assert_eq!(error_status(anonymous.me_get().send().await), 401);
    assert_eq!(error_status(anonymous.webhooks_list().send().await), 401);
    assert!(anonymous.health_get().send().await.is_ok());
}

/// The next Monday at least two days away, as a date.
fn next_monday() -> chrono::NaiveDate {
    let mut day = Utc::now().date_naive() + Duration::days(2);
    while day.weekday() != Weekday::Mon {
        day += Duration::days(1);
    }
    day
}

/// The slot starts of `date` (UTC) for event type `id`.
async fn slots(client: &calends_client::Client, id: i64, date: &str) -> Vec<String> {
    let reply = client.slots_get().event_type_id(id).start(date).end(date).send().await.expect("slots").into_inner();
    reply.data.get(date).map(|list| list.iter().map(|s| s.start.clone()).collect()).unwrap_or_default()
}

#[tokio::test]
async fn schedule_event_type_slots_book_reschedule_cancel() {
    let server = TestServer::start();
    let client = server.client();
    let monday = next_monday();
    let date = monday.format("%Y-%m-%d").to_string();

    let schedule = types::CreateScheduleInput::builder().name("Work").time_zone("UTC").is_default(true);
    client.schedules_create().body(schedule).send().await.expect("schedule");
    let event_type = types::CreateEventTypeInput::builder()
        .title("Intro")
        .slug("intro")
        .length_in_minutes(60)
        .minimum_booking_notice(Some(0));
    let event_type = client.event_types_create().body(event_type).send().await.expect("event type").into_inner().data;
    let id = event_type.id;

    let before = slots(&client, id, &date).await;
    let hour = |h: u32| format!("{date}T{h:02}:00:00.000Z");
    assert_eq!(before, (9..17).map(hour).collect::<Vec<_>>());

    let attendee = types::CreateBookingAttendee::builder()
        .name("Ada Lovelace")
        .email(Some("ada@example.com".into()))
        .time_zone("Europe/London");
    let booking = types::CreateBookingInput::builder().event_type_id(Some(id)).start(hour(10)).attendee(attendee);
    let created = client.bookings_create().body(booking).send().await.expect("book").into_inner().data;
    let uid = match created {
        types::CreateBookingData::Variant0(b) => b.uid,
        other => panic!("expected one booking, got {other:?}"),
    };
    let after_booking = slots(&client, id, &date).await;
    assert!(!after_booking.contains(&hour(10)));
    assert_eq!(after_booking.len(), 7);

    let moved = client
        .bookings_reschedule()
        .booking_uid(&uid)
        .body_map(|b| b.start(hour(14)))
        .send()
        .await
        .expect("reschedule")
        .into_inner()
        .data;
    let new_uid = match moved {
        types::RescheduleBookingData::BookingOutput(b) => b.uid,
        other => panic!("expected a booking, got {other:?}"),
    };
    let after_reschedule = slots(&client, id, &date).await;
    assert!(after_reschedule.contains(&hour(10)) && !after_reschedule.contains(&hour(14)));

    client
        .bookings_cancel()
        .booking_uid(&new_uid)
        .body(Some(types::CancelBookingInput {
            cancellation_reason: Some("changed plans".into()),
            cancel_subsequent_bookings: None,
            seat_uid: None,
        }))
        .send()
        .await
        .expect("cancel");
    assert_eq!(slots(&client, id, &date).await, before, "every slot is free again");

    let list = client.bookings_list().send().await.expect("list").into_inner();
    assert_eq!(list.pagination.total_items, 2);
}

/// 32 clients over TCP against a server with two workers race for one slot: exactly one wins.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_over_tcp_gives_one_booking() {
    let server = TestServer::start_with_workers(2);
    let client = server.client();
    let schedule = types::CreateScheduleInput::builder().name("Work").time_zone("UTC").is_default(true);
    client.schedules_create().body(schedule).send().await.expect("schedule");
    let event_type = types::CreateEventTypeInput::builder()
        .title("Race")
        .slug("race")
        .length_in_minutes(60)
        .minimum_booking_notice(Some(0));
    let id = client.event_types_create().body(event_type).send().await.expect("event type").into_inner().data.id;
    let start = format!("{}T11:00:00Z", next_monday().format("%Y-%m-%d"));

    let http = reqwest::Client::new();
    let url = format!("{}/v2/bookings", server.base_url());
    let racers = (0..32).map(|i| {
        let (http, url, start) = (http.clone(), url.clone(), start.clone());
        tokio::spawn(async move {
            let body = serde_json::json!({"eventTypeId": id, "start": start,
                "attendee": {"name": "Racer", "email": format!("racer{i}@example.com"), "timeZone": "UTC"}});
            http.post(url).json(&body).send().await.expect("request").status().as_u16()
        })
    });
    let mut statuses = Vec::new();
    for racer in racers.collect::<Vec<_>>() {
        statuses.push(racer.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 400), "{statuses:?}");
    let list = client.bookings_list().send().await.expect("list").into_inner();
    assert_eq!(list.pagination.total_items, 1);
}

/// A round-robin team event through the generated client: the team's slots, two bookings of one slot going to
/// two hosts, a third refused, and a reassignment.
#[tokio::test]
async fn a_round_robin_team_event_through_the_generated_client() {
    let server = TestServer::start();
    let client = server.client();
    let (bob_id, bob) = server.create_user("bob").await;
    let me = client.me_get().send().await.expect("me").into_inner().data;
    for c in [&client, &bob] {
        let schedule = types::CreateScheduleInput::builder().name("Work").time_zone("UTC").is_default(true);
        c.schedules_create().body(schedule).send().await.expect("schedule");
    }
    let team = types::CreateTeamInput::builder().name("Support").slug(Some("support".into()));
    let team = client.teams_create().body(team).send().await.expect("team").into_inner().data;
    client
        .team_memberships_create()
        .team_id(team.id)
        .body_map(|b| b.user_id(bob_id).accepted(Some(true)))
        .send()
        .await
        .expect("add bob");
    let hosts = vec![
        types::Host::builder().user_id(me.id).try_into().unwrap(),
        types::Host::builder().user_id(bob_id).try_into().unwrap(),
    ];
    let input = types::CreateTeamEventTypeInput::builder()
        .title("Triage")
        .slug("triage")
        .length_in_minutes(60)
        .minimum_booking_notice(Some(0))
        .scheduling_type(types::SchedulingType::RoundRobin)
        .hosts(Some(hosts));
    let event_type =
        client.team_event_types_create().team_id(team.id).body(input).send().await.expect("event type").into_inner();
    let event_type = event_type.data;
    assert_eq!(event_type.scheduling_type, types::SchedulingType::RoundRobin);
    assert_eq!(event_type.hosts.len(), 2);

    let date = next_monday().format("%Y-%m-%d").to_string();
    let slots = client
        .slots_get()
        .team_slug("support")
        .event_type_slug("triage")
        .start(&date)
        .end(&date)
        .send()
        .await
        .expect("team slots")
        .into_inner();
    assert_eq!(slots.data[&date].len(), 8, "9:00 to 17:00 UTC");

    let book = |email: &str| {
        let attendee =
            types::CreateBookingAttendee::builder().name("Booker").email(Some(email.into())).time_zone("UTC");
        let booking = types::CreateBookingInput::builder()
            .event_type_id(Some(event_type.id))
            .start(format!("{date}T10:00:00.000Z"))
            .attendee(attendee);
        client.bookings_create().body(booking).send()
    };
    let organizer = |created: types::CreateBookingData| match created {
        types::CreateBookingData::Variant0(b) => (b.uid, b.hosts[0].id),
        other => panic!("expected one booking, got {other:?}"),
    };
    let (first_uid, first) = organizer(book("a@example.com").await.expect("first").into_inner().data);
    let (_, second) = organizer(book("b@example.com").await.expect("second").into_inner().data);
    assert_eq!((first, second), (me.id, bob_id), "never booked first, in listed order");
    assert_eq!(error_status(book("c@example.com").await), 400, "both hosts are taken");
    // Both hosts are busy at 10:00: no one to reassign to; the wrong user is refused too.
    assert_eq!(error_status(client.bookings_reassign().booking_uid(&first_uid).send().await), 400);
    let reason = || Some(types::ReassignToUserBookingInput { reason: Some("out sick".into()) });
    let to_stranger = client.bookings_reassign_to_user().booking_uid(&first_uid).user_id(999).body(reason());
    assert_eq!(error_status(to_stranger.send().await), 400);
    // At 11:00 both are free: the least recently booked host (admin) gets it, then it moves to bob.
    let attendee =
        types::CreateBookingAttendee::builder().name("Late").email(Some("l@example.com".into())).time_zone("UTC");
    let later = types::CreateBookingInput::builder()
        .event_type_id(Some(event_type.id))
        .start(format!("{date}T11:00:00.000Z"))
        .attendee(attendee);
    let (uid, host) = organizer(client.bookings_create().body(later).send().await.expect("11:00").into_inner().data);
    assert_eq!(host, me.id);
    let moved = client.bookings_reassign_to_user().booking_uid(&uid).user_id(bob_id).body(reason());
    let moved = moved.send().await.expect("reassign").into_inner().data;
    assert_eq!((moved.booking_uid.as_str(), moved.reassigned_to.id), (uid.as_str(), bob_id));
}

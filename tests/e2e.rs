//! End to end: the real server on a TCP port, driven through the generated client.

use calends_client::types::{
    CreateWebhookInput, RefreshApiKeyInput, UpdateMeInput, UpdateWebhookInput, WebhookTrigger, WeekDay,
};
use calends_client::{Error, with_api_key};
use calends_tests::TestServer;

const TEMPLATE: &str = r#"{"content":"A new event has been scheduled","type":"{{type}}","name":"{{title}}","organizer":"{{organizer.name}}","booker":"{{attendees.0.name}}"}"#;

/// The HTTP status of a failed call, asserting it came back in the error envelope.
fn error_status<T: std::fmt::Debug>(result: Result<T, Error<calends_client::types::ErrorResponse>>) -> u16 {
    match result {
        Err(Error::ErrorResponse(reply)) => reply.status().as_u16(),
        other => panic!("expected an error envelope, got {other:?}"),
    }
}

#[tokio::test]
async fn webhooks_through_the_generated_client() {
    let server = TestServer::start();
    let client = server.client();

    let input = CreateWebhookInput {
        active: true,
        payload_template: Some(TEMPLATE.into()),
        secret: Some("s3cret".into()),
        subscriber_url: "https://example.com/hooks/calends".into(),
        triggers: vec![WebhookTrigger::BookingCreated, WebhookTrigger::BookingReopened],
    };
    let created = client.webhooks_create(&input).await.expect("create").into_inner().data;
    assert_eq!(created.subscriber_url, input.subscriber_url);
    assert_eq!(created.triggers, input.triggers);
    assert_eq!(created.secret.as_deref(), Some("s3cret"));
    assert_eq!(created.payload_template.as_deref(), Some(TEMPLATE));

    assert_eq!(error_status(client.webhooks_create(&input).await), 409);

    let listed = client.webhooks_list(None, None).await.expect("list").into_inner().data;
    assert_eq!(listed, vec![created.clone()]);
    let fetched = client.webhooks_get(created.id).await.expect("get").into_inner().data;
    assert_eq!(fetched, created);

    let patch = UpdateWebhookInput { active: Some(false), ..Default::default() };
    let updated = client.webhooks_update(created.id, &patch).await.expect("update").into_inner().data;
    assert!(!updated.active);
    assert_eq!(updated.triggers, created.triggers);

    let deleted = client.webhooks_delete(created.id).await.expect("delete").into_inner().data;
    assert_eq!(deleted, updated);
    assert_eq!(error_status(client.webhooks_get(created.id).await), 404);
}

#[tokio::test]
async fn me_and_key_refresh_through_the_generated_client() {
    let server = TestServer::start();
    let client = server.client();

    let me = client.me_get().await.expect("me").into_inner().data;
    assert_eq!(me.username, "admin");

    let patch = UpdateMeInput {
        time_zone: Some("Asia/Kathmandu".into()),
        week_start: Some(WeekDay::Sunday),
        ..Default::default()
    };
    let me = client.me_update(&patch).await.expect("update me").into_inner().data;
    assert_eq!(me.time_zone, "Asia/Kathmandu");
    assert_eq!(me.week_start, WeekDay::Sunday);
    let bad = UpdateMeInput { time_zone: Some("Asia/Atlantis".into()), ..Default::default() };
    assert_eq!(error_status(client.me_update(&bad).await), 400);

    let fresh = client
        .api_keys_refresh(Some(&RefreshApiKeyInput {
            api_key_days_valid: std::num::NonZeroU64::new(7),
            api_key_never_expires: None,
        }))
        .await
        .expect("refresh")
        .into_inner()
        .data
        .api_key;
    assert_eq!(error_status(client.me_get().await), 401, "the old key stopped working");
    let client = with_api_key(&server.base_url(), &fresh).unwrap();
    assert_eq!(client.me_get().await.expect("new key works").into_inner().data.id, me.id);
    // Refreshing without a body works too.
    let newer = client.api_keys_refresh(None).await.expect("refresh without body").into_inner().data.api_key;
    assert_ne!(newer, fresh);
}

#[tokio::test]
async fn no_key_is_401_through_the_client() {
    let server = TestServer::start();
    let anonymous = calends_client::Client::new(&server.base_url());
    assert_eq!(error_status(anonymous.me_get().await), 401);
    assert_eq!(error_status(anonymous.webhooks_list(None, None).await), 401);
    assert!(anonymous.health_get().await.is_ok());
}

//! Webhook subscriptions: validation of what users send, and the record storage keeps.
//!
//! The submodules hold the pure part of delivering them: what each trigger carries ([`payload`]), the HTTP body of
//! one delivery ([`render`]), its signatures and id ([`sign`]) and when to try again ([`retry`]).

pub mod payload;
pub mod render;
pub mod retry;
pub mod sign;

use calends_model::webhooks::{CreateWebhookInput, UpdateWebhookInput, WebhookTrigger};
use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::template;
use crate::validate::{self, Validator};

const MAX_URL: usize = 2048;
const MAX_SECRET: usize = 1024;
const MAX_TEMPLATE: usize = 64 * 1024;

/// Who a webhook belongs to: a user (all their bookings) or one event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookOwner {
    User(i64),
    EventType(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    pub id: i64,
    pub owner: WebhookOwner,
    /// The user who created it (and, for event-type webhooks, owns the event type).
    pub user_id: i64,
    pub subscriber_url: String,
    pub payload_template: Option<String>,
    pub active: bool,
    pub secret: Option<String>,
    pub triggers: Vec<WebhookTrigger>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewWebhook {
    pub subscriber_url: String,
    pub payload_template: Option<String>,
    pub active: bool,
    pub secret: Option<String>,
    pub triggers: Vec<WebhookTrigger>,
}

/// A validated change; `None` leaves a field as it is, `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WebhookPatch {
    pub subscriber_url: Option<String>,
    pub payload_template: Option<Option<String>>,
    pub active: Option<bool>,
    pub secret: Option<Option<String>>,
    pub triggers: Option<Vec<WebhookTrigger>>,
}

impl WebhookPatch {
    pub fn apply(&self, webhook: &mut Webhook) {
        if let Some(url) = &self.subscriber_url {
            webhook.subscriber_url = url.clone();
        }
        if let Some(template) = &self.payload_template {
            webhook.payload_template = template.clone();
        }
        if let Some(active) = self.active {
            webhook.active = active;
        }
        if let Some(secret) = &self.secret {
            webhook.secret = secret.clone();
        }
        if let Some(triggers) = &self.triggers {
            webhook.triggers = triggers.clone();
        }
    }
}

fn check_url(v: &mut Validator, url: &str) {
    if url.len() > MAX_URL {
        v.add("subscriberUrl", format!("must be at most {MAX_URL} characters"));
    } else {
        v.take("subscriberUrl", validate::http_url(url));
    }
}

fn check_triggers(v: &mut Validator, triggers: &[WebhookTrigger]) -> Vec<WebhookTrigger> {
    if triggers.is_empty() {
        v.add("triggers", format!("must contain at least one of: {}", WebhookTrigger::allowed()));
    }
    let mut unique = Vec::with_capacity(triggers.len());
    for t in triggers {
        if !unique.contains(t) {
            unique.push(*t);
        }
    }
    unique
}

fn check_template(v: &mut Validator, template: &str) {
    if template.len() > MAX_TEMPLATE {
        v.add("payloadTemplate", format!("must be at most {MAX_TEMPLATE} bytes"));
    } else {
        v.take("payloadTemplate", template::check(template));
    }
}

/// An empty secret means "no secret", as it does in Cal.com (which signs with `no-secret-provided` then).
fn normalize_secret(v: &mut Validator, secret: Option<String>) -> Option<String> {
    let secret = secret.filter(|s| !s.is_empty())?;
    v.check(secret.len() <= MAX_SECRET, "secret", format!("must be at most {MAX_SECRET} characters"));
    Some(secret)
}

pub fn validate_create(input: CreateWebhookInput) -> Result<NewWebhook> {
    let mut v = Validator::new();
    check_url(&mut v, &input.subscriber_url);
    let triggers = check_triggers(&mut v, &input.triggers);
    if let Some(template) = &input.payload_template {
        check_template(&mut v, template);
    }
    let secret = normalize_secret(&mut v, input.secret);
    v.finish()?;
    Ok(NewWebhook {
        subscriber_url: input.subscriber_url,
        payload_template: input.payload_template,
        active: input.active,
        secret,
        triggers,
    })
}

pub fn validate_update(input: UpdateWebhookInput) -> Result<WebhookPatch> {
    let mut v = Validator::new();
    if let Some(url) = &input.subscriber_url {
        check_url(&mut v, url);
    }
    let triggers = input.triggers.as_deref().map(|t| check_triggers(&mut v, t));
    if let Some(Some(template)) = &input.payload_template {
        check_template(&mut v, template);
    }
    let secret = input.secret.map(|s| normalize_secret(&mut v, s));
    v.finish()?;
    Ok(WebhookPatch {
        subscriber_url: input.subscriber_url,
        payload_template: input.payload_template,
        active: input.active,
        secret,
        triggers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    fn input() -> CreateWebhookInput {
        CreateWebhookInput {
            payload_template: None,
            active: true,
            subscriber_url: "https://example.com/hook".into(),
            triggers: vec![WebhookTrigger::BookingCreated, WebhookTrigger::BookingCreated],
            secret: Some(String::new()),
        }
    }

    #[test]
    fn create_dedupes_triggers_and_drops_empty_secret() {
        let new = validate_create(input()).unwrap();
        assert_eq!(new.triggers, [WebhookTrigger::BookingCreated]);
        assert_eq!(new.secret, None);
    }

    #[test]
    fn create_names_every_bad_field() {
        let bad = CreateWebhookInput {
            subscriber_url: "mailto:x@y.z".into(),
            triggers: vec![],
            payload_template: Some("{{#if}}".into()),
            ..input()
        };
        let Err(Error::Invalid(errors)) = validate_create(bad) else { panic!() };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["subscriberUrl", "triggers", "payloadTemplate"]);
        assert!(errors[1].message.contains("BOOKING_REOPENED"), "lists allowed values");
    }

    #[test]
    fn patch_applies_only_what_it_names() {
        let patch =
            validate_update(UpdateWebhookInput { active: Some(false), secret: Some(None), ..Default::default() })
                .unwrap();
        let now = Utc::now();
        let mut hook = Webhook {
            id: 1,
            owner: WebhookOwner::User(1),
            user_id: 1,
            subscriber_url: "https://a.example".into(),
            payload_template: Some("x".into()),
            active: true,
            secret: Some("s".into()),
            triggers: vec![WebhookTrigger::BookingCreated],
            created_at: now,
            updated_at: now,
        };
        patch.apply(&mut hook);
        assert!(!hook.active);
        assert_eq!(hook.secret, None);
        assert_eq!(hook.payload_template.as_deref(), Some("x"));
        assert_eq!(hook.subscriber_url, "https://a.example");
    }
}

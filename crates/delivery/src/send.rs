//! Sending one delivery: render the body, sign it, POST it without following redirects, and describe what happened.

use std::sync::Arc;
use std::time::{Duration, Instant};

use calends_domain::deliveries::{Attempt, AttemptResult, Outcome, Outgoing, PingEvent, RESPONSE_BODY_LIMIT};
use calends_domain::webhooks::Webhook;
use calends_domain::webhooks::{payload, render, retry, sign};
use chrono::{DateTime, Utc};

use crate::guard::{GuardedResolver, check_literal};

/// An HTTP client set up for deliveries.
#[derive(Clone, Debug)]
pub struct Sender {
    http: reqwest::Client,
    allow_private: bool,
}

pub const USER_AGENT: &str = concat!("Calends-Webhooks/", env!("CARGO_PKG_VERSION"), " (+https://github.com/calends)");

impl Sender {
    /// A client whose attempts time out after `timeout`, keeping up to `max_idle` connections per receiver open
    /// for the next attempts (the worker's concurrency: every connection it used can be reused).
    pub fn new(timeout: Duration, allow_private: bool, max_idle: usize) -> Result<Sender, String> {
        // The TLS provider is process-wide; installing it twice is harmless (the second call is refused).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout)
            .user_agent(USER_AGENT)
            .dns_resolver(Arc::new(GuardedResolver { allow_private }))
            .pool_max_idle_per_host(max_idle)
            .build()
            .map_err(|e| format!("cannot build the delivery HTTP client: {e}"))?;
        Ok(Sender { http, allow_private })
    }
}

/// The headers and body of one attempt.
struct Request {
    body: String,
    content_type: &'static str,
    cal_signature: String,
    standard_signature: Option<String>,
    timestamp: i64,
}

/// Renders and signs a body for `delivery_id` at `now`.
fn prepare(
    trigger: payload::TriggerEvent,
    created_at: DateTime<Utc>,
    event_payload: &serde_json::Value,
    webhook: &Webhook,
    delivery_id: &str,
    now: DateTime<Utc>,
) -> Result<Request, String> {
    let template = webhook.payload_template.as_deref();
    let rendered = render::render(trigger, created_at, event_payload, template)?;
    let secret = webhook.secret.as_deref().filter(|s| !s.is_empty());
    let timestamp = now.timestamp();
    Ok(Request {
        cal_signature: sign::cal_signature(secret, rendered.body.as_bytes()),
        standard_signature: secret
            .map(|s| sign::standard_signature(s, delivery_id, timestamp, rendered.body.as_bytes())),
        timestamp,
        content_type: rendered.content_type,
        body: rendered.body,
    })
}

/// Reads at most [`RESPONSE_BODY_LIMIT`] bytes of the response body.
async fn capped_body(mut response: reqwest::Response) -> String {
    let mut bytes = Vec::new();
    while bytes.len() < RESPONSE_BODY_LIMIT {
        match response.chunk().await {
            Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
            _ => break,
        }
    }
    bytes.truncate(RESPONSE_BODY_LIMIT);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// What the receiver answered: status, the start of its body, and the delay a 429 or 503 asked for.
struct Answer {
    status: u16,
    body: String,
    retry_after: Option<chrono::Duration>,
}

/// POSTs a prepared request to the webhook, refusing private targets.
async fn post(
    sender: &Sender,
    webhook: &Webhook,
    delivery_id: &str,
    request: Request,
    now: DateTime<Utc>,
) -> Result<Answer, String> {
    let url = url::Url::parse(&webhook.subscriber_url).map_err(|e| format!("invalid subscriber URL: {e}"))?;
    check_literal(&url, sender.allow_private)?;
    let mut builder = sender
        .http
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, request.content_type)
        .header(sign::CAL_SIGNATURE_HEADER, &request.cal_signature)
        .header(sign::STANDARD_ID_HEADER, delivery_id)
        .header(sign::STANDARD_TIMESTAMP_HEADER, request.timestamp.to_string());
    if let Some(signature) = &request.standard_signature {
        builder = builder.header(sign::STANDARD_SIGNATURE_HEADER, signature);
    }
    let response = builder.body(request.body).send().await.map_err(describe)?;
    let status = response.status().as_u16();
    let retry_after = if retry::reads_retry_after(status) {
        let value = response.headers().get(reqwest::header::RETRY_AFTER).and_then(|v| v.to_str().ok());
        value.and_then(|v| retry::parse_retry_after(v, now))
    } else {
        None
    };
    Ok(Answer { status, body: capped_body(response).await, retry_after })
}

/// The attempt record of an answer (or of the failure to get one).
fn attempt_of(answer: &Result<Answer, String>, now: DateTime<Utc>, started: Instant) -> Attempt {
    let (status_code, error, response_body) = match answer {
        Ok(a) => {
            (Some(a.status), (!retry::is_success(a.status)).then(|| format!("HTTP {}", a.status)), Some(a.body.clone()))
        }
        Err(error) => (None, Some(error.clone()), None),
    };
    Attempt {
        attempted_at: now,
        duration_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
        status_code,
        error,
        response_body,
    }
}

/// Sends `out` once, at `now`, and decides what becomes of it: delivered, retried later, or given up.
pub async fn send(sender: &Sender, out: &Outgoing, now: DateTime<Utc>, jitter: f64) -> AttemptResult {
    let started = Instant::now();
    let answer =
        match prepare(out.trigger.into(), out.event_created_at, &out.payload, &out.webhook, &out.delivery_id, now) {
            Ok(request) => post(sender, &out.webhook, &out.delivery_id, request, now).await,
            Err(error) => Err(error),
        };
    let attempt = attempt_of(&answer, now, started);
    let made = out.attempts + 1;
    let outcome = match &answer {
        Ok(a) if retry::is_success(a.status) => Outcome::Delivered,
        Ok(a) => retry::next_attempt(made, now, jitter, a.retry_after).map_or(Outcome::GaveUp, Outcome::Retry),
        Err(_) => retry::next_attempt(made, now, jitter, None).map_or(Outcome::GaveUp, Outcome::Retry),
    };
    AttemptResult { delivery_id: out.delivery_id.clone(), attempt, outcome }
}

/// Sends a test ping now: Cal.com's test event, signed like any delivery (templates do not apply to pings). One
/// attempt, no retries.
pub async fn ping(sender: &Sender, webhook: &Webhook, delivery_id: &str, event: &PingEvent) -> AttemptResult {
    let started = Instant::now();
    let now = event.created_at;
    let answer = match prepare(payload::TriggerEvent::Ping, now, &event.payload, webhook, delivery_id, now) {
        Ok(request) => post(sender, webhook, delivery_id, request, now).await,
        Err(error) => Err(error),
    };
    let attempt = attempt_of(&answer, now, started);
    let outcome = if attempt.status_code.is_some_and(retry::is_success) { Outcome::Delivered } else { Outcome::GaveUp };
    AttemptResult { delivery_id: delivery_id.to_owned(), attempt, outcome }
}

/// A sentence about a failed request, including its cause chain (timeout, refused, DNS, TLS...).
fn describe(error: reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    let mut text = format!("{kind}: {error}");
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

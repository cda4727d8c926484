//! Webhook deliveries: the outbox records the delivery worker sends, and what each attempt found.

use calends_model::webhooks::WebhookTrigger;
use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::webhooks::Webhook;

pub use crate::webhooks::retry::MAX_ATTEMPTS;
/// Bytes of a response body kept with an attempt.
pub const RESPONSE_BODY_LIMIT: usize = 4096;

macro_rules! delivery_status {
    ($($variant:ident = $wire:literal),+ $(,)?) => {
        /// Where a delivery stands.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum DeliveryStatus { $($variant),+ }

        impl DeliveryStatus {
            pub fn as_str(self) -> &'static str {
                match self { $(DeliveryStatus::$variant => $wire),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($wire => Some(DeliveryStatus::$variant),)+ _ => None }
            }
        }
    };
}

delivery_status! {
    Pending = "pending",
    Delivered = "delivered",
    Failed = "failed",
    Withdrawn = "withdrawn",
}

/// The trigger name test pings are recorded under (Cal.com's test event).
pub const PING: &str = crate::webhooks::payload::TriggerEvent::PING;

/// Something that happened and owes deliveries to the webhooks subscribed to its trigger.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub trigger: WebhookTrigger,
    /// The trigger's payload, as JSON text.
    pub payload: String,
    /// The booking it is about (time-based deliveries of a booking are withdrawn when it is cancelled or moved).
    pub booking_uid: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When the deliveries are due: now, or the meeting's start or end for time-based triggers.
    pub due_at: DateTime<Utc>,
}

/// A test ping, sent at once and recorded like a delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct PingEvent {
    pub payload: Value,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub id: String,
    pub webhook_id: i64,
    /// The trigger's name; `PING` for test pings, which no webhook subscribes to.
    pub trigger: String,
    pub status: DeliveryStatus,
    pub attempts: u32,
    pub next_attempt_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub attempted_at: DateTime<Utc>,
    pub duration_ms: i64,
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub response_body: Option<String>,
}

/// A claimed delivery with everything needed to send it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub delivery_id: String,
    /// Attempts made before this one.
    pub attempts: u32,
    pub webhook: Webhook,
    pub trigger: WebhookTrigger,
    pub event_created_at: DateTime<Utc>,
    pub payload: Value,
}

/// What became of a delivery after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Failed; try again at this time.
    Retry(DateTime<Utc>),
    /// Failed for the last time.
    GaveUp,
}

/// One finished attempt, to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptResult {
    pub delivery_id: String,
    pub attempt: Attempt,
    pub outcome: Outcome,
}

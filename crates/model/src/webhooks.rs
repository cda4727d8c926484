//! Webhooks: subscriptions that receive signed HTTP callbacks when bookings change.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

wire_enum! {
    /// An event a webhook can subscribe to: the 18 values Cal.com documents, the four that appear only in its
    /// published example request (`BOOKING_CONFIRMED`, `BOOKING_COMPLETED`, `BOOKING_NO_SHOW`, `BOOKING_REOPENED`),
    /// and Calends' `BOOKING_REASSIGNED`.
    pub enum WebhookTrigger {
        BookingCreated = "BOOKING_CREATED",
        BookingPaymentInitiated = "BOOKING_PAYMENT_INITIATED",
        BookingPaid = "BOOKING_PAID",
        BookingRescheduled = "BOOKING_RESCHEDULED",
        BookingRequested = "BOOKING_REQUESTED",
        BookingCancelled = "BOOKING_CANCELLED",
        BookingRejected = "BOOKING_REJECTED",
        BookingNoShowUpdated = "BOOKING_NO_SHOW_UPDATED",
        FormSubmitted = "FORM_SUBMITTED",
        MeetingEnded = "MEETING_ENDED",
        MeetingStarted = "MEETING_STARTED",
        RecordingReady = "RECORDING_READY",
        InstantMeeting = "INSTANT_MEETING",
        RecordingTranscriptionGenerated = "RECORDING_TRANSCRIPTION_GENERATED",
        OooCreated = "OOO_CREATED",
        AfterHostsCalVideoNoShow = "AFTER_HOSTS_CAL_VIDEO_NO_SHOW",
        AfterGuestsCalVideoNoShow = "AFTER_GUESTS_CAL_VIDEO_NO_SHOW",
        FormSubmittedNoEvent = "FORM_SUBMITTED_NO_EVENT",
        /// A pending booking was confirmed by its host.
        BookingConfirmed = "BOOKING_CONFIRMED",
        /// An accepted booking's end time passed.
        BookingCompleted = "BOOKING_COMPLETED",
        /// Sent at the same moment as `BOOKING_NO_SHOW_UPDATED`.
        BookingNoShow = "BOOKING_NO_SHOW",
        /// Accepted for compatibility with Cal.com's example; no operation of this server emits it.
        BookingReopened = "BOOKING_REOPENED",
        /// A round-robin booking moved to another host (`reassign`); the payload's organizer is the new host and
        /// `reassignedFrom` the previous one. A Calends addition.
        BookingReassigned = "BOOKING_REASSIGNED",
    }
}

const TEMPLATE_EXAMPLE: &str = r#"{"content":"A new event has been scheduled","type":"{{type}}","name":"{{title}}","organizer":"{{organizer.name}}","booker":"{{attendees.0.name}}"}"#;

/// `POST /v2/webhooks` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "payloadTemplate": TEMPLATE_EXAMPLE,
    "active": true,
    "subscriberUrl": "https://example.com/webhooks/cal",
    "triggers": ["BOOKING_CREATED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED", "BOOKING_CONFIRMED",
                 "BOOKING_REJECTED", "BOOKING_COMPLETED", "BOOKING_NO_SHOW", "BOOKING_REOPENED"],
    "secret": "whsec_c2VjcmV0LWZvci1leGFtcGxl"
}))]
pub struct CreateWebhookInput {
    /// A Handlebars template for the body sent to `subscriberUrl`. Variables are the booking payload's fields at the
    /// root (`{{title}}`, `{{organizer.name}}`, `{{attendees.0.name}}`) plus `triggerEvent` and `createdAt`.
    #[serde(default)]
    pub payload_template: Option<String>,
    /// Only active webhooks receive deliveries.
    pub active: bool,
    /// Absolute `http` or `https` URL that receives the deliveries.
    pub subscriber_url: String,
    /// The events to deliver; at least one.
    pub triggers: Vec<WebhookTrigger>,
    /// Key of the HMAC-SHA256 signature sent in `X-Cal-Signature-256`.
    #[serde(default)]
    pub secret: Option<String>,
}

/// `PATCH /v2/webhooks/{webhookId}` body: absent fields are left as they are; `null` clears
/// `payloadTemplate` and `secret`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateWebhookInput {
    #[serde(default, deserialize_with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub payload_template: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscriber_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triggers: Option<Vec<WebhookTrigger>>,
    #[serde(default, deserialize_with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub secret: Option<Option<String>>,
}

/// A webhook owned by a user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserWebhookOutput {
    pub id: i64,
    pub user_id: i64,
    /// The template, or `null` for Cal.com's default body.
    #[schema(required = true)]
    pub payload_template: Option<String>,
    pub triggers: Vec<WebhookTrigger>,
    pub subscriber_url: String,
    pub active: bool,
    /// The signing secret, returned as Cal.com returns it; absent when none is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

success_envelope!(
    /// One user webhook.
    UserWebhookOutputResponse,
    UserWebhookOutput
);
success_envelope!(
    /// A page of user webhooks.
    UserWebhooksOutputResponse,
    Vec<UserWebhookOutput>
);

/// A webhook of an event type: it receives the deliveries of that event type's bookings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventTypeWebhookOutput {
    pub id: i64,
    pub event_type_id: i64,
    /// The template, or `null` for Cal.com's default body.
    #[schema(required = true)]
    pub payload_template: Option<String>,
    pub triggers: Vec<WebhookTrigger>,
    pub subscriber_url: String,
    pub active: bool,
    /// The signing secret, returned as Cal.com returns it; absent when none is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

success_envelope!(
    /// One event-type webhook.
    EventTypeWebhookOutputResponse,
    EventTypeWebhookOutput
);
success_envelope!(
    /// A page of an event type's webhooks.
    EventTypeWebhooksOutputResponse,
    Vec<EventTypeWebhookOutput>
);
success_envelope!(
    /// How many webhooks were deleted, as Cal.com says it: `"3 webhooks deleted"`.
    DeleteManyWebhooksOutputResponse,
    String
);

wire_enum! {
    /// Where a delivery stands: `pending` (due or waiting for its next attempt), `delivered` (a 2xx answer),
    /// `failed` (every attempt failed), `withdrawn` (no longer owed: its booking was cancelled or moved, or its
    /// webhook deactivated).
    pub enum DeliveryStatus {
        Pending = "pending",
        Delivered = "delivered",
        Failed = "failed",
        Withdrawn = "withdrawn",
    }
}

/// One attempt to deliver.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryAttemptOutput {
    #[schema(example = "2026-11-29T12:00:00.000Z")]
    pub attempted_at: String,
    /// How long the request took, in milliseconds.
    pub duration_ms: i64,
    /// The receiver's HTTP status; `null` when no answer came (timeout, network error, refused target).
    #[schema(required = true)]
    pub status_code: Option<u16>,
    /// Why the attempt failed; `null` when it succeeded.
    #[schema(required = true)]
    pub error: Option<String>,
    /// The first 4 KiB of the receiver's answer.
    #[schema(required = true)]
    pub response_body: Option<String>,
}

/// Calends extension: one delivery of an event to a webhook, with every attempt. Its `id` is the `webhook-id`
/// header of each attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookDeliveryOutput {
    #[schema(example = "msg_01JDR0Q8W9GZK3M4N5P6Q7R8S9")]
    pub id: String,
    pub webhook_id: i64,
    /// The trigger, or `PING` for test pings.
    #[schema(example = "BOOKING_CREATED")]
    pub trigger_event: String,
    pub status: DeliveryStatus,
    /// When the next attempt is due (for pending deliveries).
    pub next_attempt_at: String,
    pub created_at: String,
    pub attempts: Vec<DeliveryAttemptOutput>,
}

success_envelope!(
    /// A page of a webhook's deliveries, newest first.
    WebhookDeliveriesOutputResponse,
    Vec<WebhookDeliveryOutput>
);
success_envelope!(
    /// One delivery.
    WebhookDeliveryOutputResponse,
    WebhookDeliveryOutput
);

use actix_web::{HttpResponse, delete, get, patch, post, web};
use calends_delivery::Sender;
use calends_domain::Error;
use calends_domain::deliveries::{self, Attempt, Delivery, DeliveryStatus, PingEvent};
use calends_domain::times::iso_utc;
use calends_domain::validate::skip_take;
use calends_domain::webhooks::{Webhook, payload, sign};
use calends_model::common::SkipTakeQuery;
use calends_model::webhooks::{
    CreateWebhookInput, DeliveryAttemptOutput, DeliveryStatus as WireStatus, UpdateWebhookInput, UserWebhookOutput,
    UserWebhookOutputResponse, UserWebhooksOutputResponse, WebhookDeliveriesOutputResponse, WebhookDeliveryOutput,
    WebhookDeliveryOutputResponse,
};

use crate::docs::{BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge, Unauthorized, UnsupportedMediaType};
use crate::error::ApiError;
use crate::extract::{Auth, Json, Query};
use crate::routes::{created, ok};
use crate::services::webhooks::{self, Scope};
use crate::state::AppState;

fn output(hook: Webhook) -> UserWebhookOutput {
    UserWebhookOutput {
        id: hook.id,
        user_id: hook.user_id,
        payload_template: hook.payload_template,
        triggers: hook.triggers,
        subscriber_url: hook.subscriber_url,
        active: hook.active,
        secret: hook.secret,
    }
}

#[utoipa::path(
    operation_id = "webhooks_create",
    tag = "Webhooks",
    summary = "Create a webhook",
    description = "Subscribes `subscriberUrl` to the `triggers` for all your bookings. A `subscriberUrl` you already \
use is a 409. `payloadTemplate`, when given, must be a valid Handlebars template.",
    request_body = CreateWebhookInput,
    responses(
        (status = 201, description = "The created webhook", body = UserWebhookOutputResponse),
        BadRequest, Unauthorized, Conflict, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[post("")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    Json(input): Json<CreateWebhookInput>,
) -> Result<HttpResponse, ApiError> {
    let hook = webhooks::create(&state, Scope::User { user_id: auth.user.id }, input).await?;
    Ok(created(UserWebhookOutputResponse::new(output(hook))))
}

#[utoipa::path(
    operation_id = "webhooks_list",
    tag = "Webhooks",
    summary = "Get all webhooks",
    description = "A page of your webhooks, oldest first.",
    params(SkipTakeQuery),
    responses((status = 200, description = "Your webhooks", body = UserWebhooksOutputResponse), BadRequest, Unauthorized),
    security(("apiKey" = []))
)]
#[get("")]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    Query(query): Query<SkipTakeQuery>,
) -> Result<HttpResponse, ApiError> {
    let (take, skip) = skip_take(query.take, query.skip, 250, 250)?;
    let hooks = webhooks::list(&state, Scope::User { user_id: auth.user.id }, take, skip).await?;
    Ok(ok(UserWebhooksOutputResponse::new(hooks.into_iter().map(output).collect())))
}

#[utoipa::path(
    operation_id = "webhooks_get",
    tag = "Webhooks",
    summary = "Get a webhook",
    params(("webhookId" = i64, Path, description = "Id of the webhook")),
    responses(
        (status = 200, description = "The webhook", body = UserWebhookOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[get("/{webhookId}")]
pub async fn get_webhook(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let hook = webhooks::find(&state, Scope::User { user_id: auth.user.id }, id.into_inner()).await?;
    Ok(ok(UserWebhookOutputResponse::new(output(hook))))
}

#[utoipa::path(
    operation_id = "webhooks_update",
    tag = "Webhooks",
    summary = "Update a webhook",
    description = "Changes the fields sent; absent fields stay as they are, `null` clears `payloadTemplate` or `secret`.",
    params(("webhookId" = i64, Path, description = "Id of the webhook")),
    request_body = UpdateWebhookInput,
    responses(
        (status = 200, description = "The updated webhook", body = UserWebhookOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[patch("/{webhookId}")]
pub async fn update_webhook(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    id: web::Path<i64>,
    Json(input): Json<UpdateWebhookInput>,
) -> Result<HttpResponse, ApiError> {
    let hook = webhooks::update(&state, Scope::User { user_id: auth.user.id }, id.into_inner(), input).await?;
    Ok(ok(UserWebhookOutputResponse::new(output(hook))))
}

#[utoipa::path(
    operation_id = "webhooks_delete",
    tag = "Webhooks",
    summary = "Delete a webhook",
    params(("webhookId" = i64, Path, description = "Id of the webhook")),
    responses(
        (status = 200, description = "The deleted webhook", body = UserWebhookOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[delete("/{webhookId}")]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let hook = webhooks::delete(&state, Scope::User { user_id: auth.user.id }, id.into_inner()).await?;
    Ok(ok(UserWebhookOutputResponse::new(output(hook))))
}

fn delivery_output(delivery: Delivery, attempts: Vec<Attempt>) -> WebhookDeliveryOutput {
    WebhookDeliveryOutput {
        id: delivery.id,
        webhook_id: delivery.webhook_id,
        trigger_event: delivery.trigger,
        status: match delivery.status {
            DeliveryStatus::Pending => WireStatus::Pending,
            DeliveryStatus::Delivered => WireStatus::Delivered,
            DeliveryStatus::Failed => WireStatus::Failed,
            DeliveryStatus::Withdrawn => WireStatus::Withdrawn,
        },
        next_attempt_at: iso_utc(delivery.next_attempt_at),
        created_at: iso_utc(delivery.created_at),
        attempts: attempts
            .into_iter()
            .map(|a| DeliveryAttemptOutput {
                attempted_at: iso_utc(a.attempted_at),
                duration_ms: a.duration_ms,
                status_code: a.status_code,
                error: a.error,
                response_body: a.response_body,
            })
            .collect(),
    }
}

#[utoipa::path(
    operation_id = "webhooks_list_deliveries",
    tag = "Webhooks",
    summary = "Get a webhook's deliveries",
    description = "Calends extension. The webhook's deliveries, newest first, each with every attempt: when, the HTTP \
status, how long it took, the error, and the first 4 KiB of the answer. Works for your own webhooks and your event \
types' webhooks.",
    params(("webhookId" = i64, Path, description = "Id of the webhook"), SkipTakeQuery),
    responses(
        (status = 200, description = "Deliveries", body = WebhookDeliveriesOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[get("/{webhookId}/deliveries")]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    id: web::Path<i64>,
    Query(query): Query<SkipTakeQuery>,
) -> Result<HttpResponse, ApiError> {
    let (take, skip) = skip_take(query.take, query.skip, 250, 250)?;
    let hook = webhooks::find_any(&state, id.into_inner(), auth.user.id).await?;
    let list = state.store.deliveries(hook.id, take, skip).await?;
    Ok(ok(WebhookDeliveriesOutputResponse::new(list.into_iter().map(|(d, a)| delivery_output(d, a)).collect())))
}

#[utoipa::path(
    operation_id = "webhooks_redeliver",
    tag = "Webhooks",
    summary = "Redeliver a delivery",
    description = "Calends extension. Sends the delivery again now, with the same id (receivers can recognize the \
duplicate), whatever became of it before.",
    params(
        ("webhookId" = i64, Path, description = "Id of the webhook"),
        ("deliveryId" = String, Path, description = "Id of the delivery (`msg_...`)")
    ),
    responses(
        (status = 200, description = "The delivery, due now", body = WebhookDeliveryOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[post("/{webhookId}/deliveries/{deliveryId}/redeliver")]
pub async fn redeliver(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, ApiError> {
    let (webhook_id, delivery_id) = path.into_inner();
    let hook = webhooks::find_any(&state, webhook_id, auth.user.id).await?;
    let not_found = || Error::NotFound(format!("Delivery ({delivery_id}) of webhook ({webhook_id}) not found"));
    let delivery =
        state.store.delivery(&delivery_id).await?.filter(|d| d.webhook_id == hook.id).ok_or_else(not_found)?;
    if delivery.trigger == deliveries::PING {
        return Err(Error::invalid("deliveryId", "test pings are not redelivered: send a new ping").into());
    }
    let delivery = state.store.redeliver(&delivery.id, state.clock.now()).await?.ok_or_else(not_found)?;
    state.deliveries.wake();
    Ok(ok(WebhookDeliveryOutputResponse::new(delivery_output(delivery, Vec::new()))))
}

#[utoipa::path(
    operation_id = "webhooks_ping",
    tag = "Webhooks",
    summary = "Ping a webhook",
    description = "Calends extension. Sends Cal.com's test event (`triggerEvent: \"PING\"`) to the webhook now, signed \
as any delivery, and answers with the attempt: the receiver's status, its answer and how long it took. The ping is \
also listed among the webhook's deliveries.",
    params(("webhookId" = i64, Path, description = "Id of the webhook")),
    responses(
        (status = 200, description = "The ping and its attempt", body = WebhookDeliveryOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[post("/{webhookId}/ping")]
pub async fn ping(state: web::Data<AppState>, Auth(auth): Auth, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let hook = webhooks::find_any(&state, id.into_inner(), auth.user.id).await?;
    let now = state.clock.now();
    let event = PingEvent { payload: payload::ping(&auth.user, now), created_at: now };
    let delivery_id = sign::delivery_id();
    let sender = Sender::new(std::time::Duration::from_secs(10), state.allow_private_webhook_targets, 1)
        .map_err(Error::Internal)?;
    let result = calends_delivery::ping(&sender, &hook, &delivery_id, &event).await;
    state.store.record_ping(&hook, &delivery_id, &event, &result, now).await?;
    let delivery = state.store.delivery(&delivery_id).await?.ok_or_else(|| Error::internal("ping not recorded"))?;
    Ok(ok(WebhookDeliveryOutputResponse::new(delivery_output(delivery, vec![result.attempt]))))
}

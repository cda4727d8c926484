use actix_web::{HttpResponse, delete, get, patch, post, web};
use calends_domain::validate::skip_take;
use calends_domain::webhooks::{Webhook, WebhookOwner};
use calends_model::common::SkipTakeQuery;
use calends_model::webhooks::{
    CreateWebhookInput, DeleteManyWebhooksOutputResponse, EventTypeWebhookOutput, EventTypeWebhookOutputResponse,
    EventTypeWebhooksOutputResponse, UpdateWebhookInput,
};

use crate::docs::{BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge, Unauthorized, UnsupportedMediaType};
use crate::error::ApiError;
use crate::extract::{Auth, Json, Query};
use crate::routes::{created, ok};
use crate::services::webhooks::{self, event_type_scope};
use crate::state::AppState;

fn output(hook: Webhook) -> EventTypeWebhookOutput {
    let event_type_id = match hook.owner {
        WebhookOwner::EventType(id) => id,
        // `find` only returns webhooks of the event type in the path.
        WebhookOwner::User(_) => 0,
    };
    EventTypeWebhookOutput {
        id: hook.id,
        event_type_id,
        payload_template: hook.payload_template,
        triggers: hook.triggers,
        subscriber_url: hook.subscriber_url,
        active: hook.active,
        secret: hook.secret,
    }
}

#[utoipa::path(
    operation_id = "event_type_webhooks_create",
    tag = "Event Types / Webhooks",
    summary = "Create a webhook",
    description = "Subscribes `subscriberUrl` to the `triggers` of one of your event types' bookings. A \
`subscriberUrl` the event type already uses is a 409.",
    params(("eventTypeId" = i64, Path, description = "Id of the event type")),
    request_body = CreateWebhookInput,
    responses(
        (status = 201, description = "The created webhook", body = EventTypeWebhookOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[post("/{eventTypeId}/webhooks")]
pub async fn create_event_type_webhook(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    event_type_id: web::Path<i64>,
    Json(input): Json<CreateWebhookInput>,
) -> Result<HttpResponse, ApiError> {
    let scope = event_type_scope(&state, event_type_id.into_inner(), auth.user.id).await?;
    let hook = webhooks::create(&state, scope, input).await?;
    Ok(created(EventTypeWebhookOutputResponse::new(output(hook))))
}

#[utoipa::path(
    operation_id = "event_type_webhooks_list",
    tag = "Event Types / Webhooks",
    summary = "Get all webhooks",
    description = "A page of the event type's webhooks, oldest first.",
    params(("eventTypeId" = i64, Path, description = "Id of the event type"), SkipTakeQuery),
    responses(
        (status = 200, description = "The webhooks", body = EventTypeWebhooksOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[get("/{eventTypeId}/webhooks")]
pub async fn list_event_type_webhooks(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    event_type_id: web::Path<i64>,
    Query(query): Query<SkipTakeQuery>,
) -> Result<HttpResponse, ApiError> {
    let (take, skip) = skip_take(query.take, query.skip, 250, 250)?;
    let scope = event_type_scope(&state, event_type_id.into_inner(), auth.user.id).await?;
    let hooks = webhooks::list(&state, scope, take, skip).await?;
    Ok(ok(EventTypeWebhooksOutputResponse::new(hooks.into_iter().map(output).collect())))
}

#[utoipa::path(
    operation_id = "event_type_webhooks_delete_all",
    tag = "Event Types / Webhooks",
    summary = "Delete all webhooks",
    description = "Deletes every webhook of the event type; `data` says how many, as Cal.com does: \"3 webhooks deleted\".",
    params(("eventTypeId" = i64, Path, description = "Id of the event type")),
    responses(
        (status = 200, description = "How many were deleted", body = DeleteManyWebhooksOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[delete("/{eventTypeId}/webhooks")]
pub async fn delete_event_type_webhooks(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    event_type_id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let event_type_id = event_type_id.into_inner();
    event_type_scope(&state, event_type_id, auth.user.id).await?;
    let deleted = state.store.delete_event_type_webhooks(event_type_id).await?;
    Ok(ok(DeleteManyWebhooksOutputResponse::new(format!("{deleted} webhooks deleted"))))
}

#[utoipa::path(
    operation_id = "event_type_webhooks_get",
    tag = "Event Types / Webhooks",
    summary = "Get a webhook",
    params(
        ("eventTypeId" = i64, Path, description = "Id of the event type"),
        ("webhookId" = i64, Path, description = "Id of the webhook")
    ),
    responses(
        (status = 200, description = "The webhook", body = EventTypeWebhookOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[get("/{eventTypeId}/webhooks/{webhookId}")]
pub async fn get_event_type_webhook(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (event_type_id, id) = path.into_inner();
    let scope = event_type_scope(&state, event_type_id, auth.user.id).await?;
    Ok(ok(EventTypeWebhookOutputResponse::new(output(webhooks::find(&state, scope, id).await?))))
}

#[utoipa::path(
    operation_id = "event_type_webhooks_update",
    tag = "Event Types / Webhooks",
    summary = "Update a webhook",
    description = "Changes the fields sent; absent fields stay as they are, `null` clears `payloadTemplate` or `secret`.",
    params(
        ("eventTypeId" = i64, Path, description = "Id of the event type"),
        ("webhookId" = i64, Path, description = "Id of the webhook")
    ),
    request_body = UpdateWebhookInput,
    responses(
        (status = 200, description = "The updated webhook", body = EventTypeWebhookOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[patch("/{eventTypeId}/webhooks/{webhookId}")]
pub async fn update_event_type_webhook(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    path: web::Path<(i64, i64)>,
    Json(input): Json<UpdateWebhookInput>,
) -> Result<HttpResponse, ApiError> {
    let (event_type_id, id) = path.into_inner();
    let scope = event_type_scope(&state, event_type_id, auth.user.id).await?;
    Ok(ok(EventTypeWebhookOutputResponse::new(output(webhooks::update(&state, scope, id, input).await?))))
}

#[utoipa::path(
    operation_id = "event_type_webhooks_delete",
    tag = "Event Types / Webhooks",
    summary = "Delete a webhook",
    params(
        ("eventTypeId" = i64, Path, description = "Id of the event type"),
        ("webhookId" = i64, Path, description = "Id of the webhook")
    ),
    responses(
        (status = 200, description = "The deleted webhook", body = EventTypeWebhookOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[delete("/{eventTypeId}/webhooks/{webhookId}")]
pub async fn delete_event_type_webhook(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (event_type_id, id) = path.into_inner();
    let scope = event_type_scope(&state, event_type_id, auth.user.id).await?;
    Ok(ok(EventTypeWebhookOutputResponse::new(output(webhooks::delete(&state, scope, id).await?))))
}

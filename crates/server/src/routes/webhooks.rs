use actix_web::{HttpResponse, delete, get, patch, post, web};
use calends_domain::Error;
use calends_domain::validate::skip_take;
use calends_domain::webhooks::{self, Webhook, WebhookOwner};
use calends_model::common::SkipTakeQuery;
use calends_model::webhooks::{
    CreateWebhookInput, UpdateWebhookInput, UserWebhookOutput, UserWebhookOutputResponse, UserWebhooksOutputResponse,
};

use crate::docs::{BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge, Unauthorized, UnsupportedMediaType};
use crate::error::ApiError;
use crate::extract::{Auth, Json, Query};
use crate::routes::{created, ok};
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

/// Webhook `id`, if it is one of `user_id`'s own webhooks: 404 when it does not exist, 403 when it is someone
/// else's or belongs to an event type.
async fn owned(state: &AppState, id: i64, user_id: i64) -> Result<Webhook, ApiError> {
    let hook = state.store.webhook(id).await?.ok_or_else(|| Error::NotFound(format!("Webhook ({id}) not found")))?;
    match hook.owner {
        WebhookOwner::User(owner) if owner == user_id => Ok(hook),
        WebhookOwner::EventType(event_type_id) if hook.user_id == user_id => Err(Error::Forbidden(format!(
            "Webhook ({id}) belongs to event type {event_type_id}: manage it under /v2/event-types/{event_type_id}/webhooks"
        ))
        .into()),
        _ => Err(Error::Forbidden(format!("Webhook ({id}) is not yours")).into()),
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
#[post("/v2/webhooks")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    Json(input): Json<CreateWebhookInput>,
) -> Result<HttpResponse, ApiError> {
    let new = webhooks::validate_create(input)?;
    let user_id = auth.user.id;
    let hook = state.store.create_webhook(user_id, WebhookOwner::User(user_id), &new, state.clock.now()).await?;
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
#[get("/v2/webhooks")]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    Query(query): Query<SkipTakeQuery>,
) -> Result<HttpResponse, ApiError> {
    let (take, skip) = skip_take(query.take, query.skip, 250, 250)?;
    let hooks = state.store.user_webhooks(auth.user.id, take, skip).await?;
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
#[get("/v2/webhooks/{webhookId}")]
pub async fn get_webhook(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let hook = owned(&state, id.into_inner(), auth.user.id).await?;
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
#[patch("/v2/webhooks/{webhookId}")]
pub async fn update_webhook(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    id: web::Path<i64>,
    Json(input): Json<UpdateWebhookInput>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    owned(&state, id, auth.user.id).await?;
    let patch = webhooks::validate_update(input)?;
    let hook = state
        .store
        .update_webhook(id, &patch, state.clock.now())
        .await?
        .ok_or_else(|| Error::NotFound(format!("Webhook ({id}) not found")))?;
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
#[delete("/v2/webhooks/{webhookId}")]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    owned(&state, id, auth.user.id).await?;
    let hook =
        state.store.delete_webhook(id).await?.ok_or_else(|| Error::NotFound(format!("Webhook ({id}) not found")))?;
    Ok(ok(UserWebhookOutputResponse::new(output(hook))))
}

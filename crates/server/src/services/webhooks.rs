//! Webhook subscriptions in their two scopes — a user's own, and an event type's — with the ownership rules of
//! each, and the refusal of private targets.

use std::net::IpAddr;
use std::time::Duration;

use calends_domain::net::is_private;
use calends_domain::webhooks::{self, NewWebhook, Webhook, WebhookOwner, WebhookPatch};
use calends_domain::{Error, Result};
use calends_model::webhooks::{CreateWebhookInput, UpdateWebhookInput};

use crate::state::AppState;

/// Which webhooks a request addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The authenticated user's own webhooks.
    User { user_id: i64 },
    /// The webhooks of an event type the authenticated user owns.
    EventType { event_type_id: i64, user_id: i64 },
}

impl Scope {
    fn owner(self) -> WebhookOwner {
        match self {
            Scope::User { user_id } => WebhookOwner::User(user_id),
            Scope::EventType { event_type_id, .. } => WebhookOwner::EventType(event_type_id),
        }
    }

    fn user_id(self) -> i64 {
        match self {
            Scope::User { user_id } | Scope::EventType { user_id, .. } => user_id,
        }
    }
}

/// The scope of event type `event_type_id`'s webhooks: 404 when it does not exist, 403 when it is someone else's
/// (a team event type's webhooks are its team's admins' and owners').
pub async fn event_type_scope(state: &AppState, event_type_id: i64, user_id: i64) -> Result<Scope> {
    let event_type = state
        .store
        .event_type(event_type_id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("Event type ({event_type_id}) not found")))?;
    if let Some(team_id) = event_type.team_id {
        crate::services::teams::TeamWithMembers::load(state, team_id).await?.require_manager(user_id)?;
    } else if event_type.owner_id != user_id {
        return Err(Error::Forbidden(format!("Event type ({event_type_id}) is not yours")));
    }
    Ok(Scope::EventType { event_type_id, user_id })
}

/// How long a subscriber URL's host may take to resolve when it is checked.
const RESOLVE_TIMEOUT: Duration = Duration::from_secs(2);

/// Refuses subscriber URLs whose host is, or resolves only to, loopback, private, link-local or multicast
/// addresses, unless the operator allows them. A host that does not resolve now is accepted: it is checked again
/// at every delivery (which also defeats DNS rebinding).
pub async fn check_target(state: &AppState, subscriber_url: &str) -> Result<()> {
    if state.allow_private_webhook_targets {
        return Ok(());
    }
    let refused = |why: String| {
        Error::invalid(
            "subscriberUrl",
            format!("{why}; private targets are refused unless the server runs with --allow-private-webhook-targets"),
        )
    };
    let url = url::Url::parse(subscriber_url).map_err(|e| Error::invalid("subscriberUrl", e.to_string()))?;
    let host = match url.host() {
        Some(url::Host::Ipv4(ip)) => {
            return if is_private(IpAddr::V4(ip)) {
                Err(refused(format!("{ip} is a private or local address")))
            } else {
                Ok(())
            };
        }
        Some(url::Host::Ipv6(ip)) => {
            return if is_private(IpAddr::V6(ip)) {
                Err(refused(format!("{ip} is a private or local address")))
            } else {
                Ok(())
            };
        }
        Some(url::Host::Domain(host)) => host.to_owned(),
        None => return Err(Error::invalid("subscriberUrl", "has no host")),
    };
    let port = url.port_or_known_default().unwrap_or(443);
    let lookup = tokio::time::timeout(RESOLVE_TIMEOUT, tokio::net::lookup_host((host.as_str(), port))).await;
    if let Ok(Ok(addrs)) = lookup {
        let addrs: Vec<IpAddr> = addrs.map(|a| a.ip()).collect();
        if !addrs.is_empty() && addrs.iter().all(|ip| is_private(*ip)) {
            return Err(refused(format!("`{host}` resolves to a private or local address")));
        }
    }
    Ok(())
}

pub async fn create(state: &AppState, scope: Scope, input: CreateWebhookInput) -> Result<Webhook> {
    let new: NewWebhook = webhooks::validate_create(input)?;
    check_target(state, &new.subscriber_url).await?;
    state.store.create_webhook(scope.user_id(), scope.owner(), &new, state.clock.now()).await
}

pub async fn list(state: &AppState, scope: Scope, take: i64, skip: i64) -> Result<Vec<Webhook>> {
    match scope {
        Scope::User { user_id } => state.store.user_webhooks(user_id, take, skip).await,
        Scope::EventType { event_type_id, .. } => state.store.event_type_webhooks(event_type_id, take, skip).await,
    }
}

/// Webhook `id` in `scope`: 404 when it does not exist; 403 when it is someone else's or in another scope.
pub async fn find(state: &AppState, scope: Scope, id: i64) -> Result<Webhook> {
    let hook = state.store.webhook(id).await?.ok_or_else(|| Error::NotFound(format!("Webhook ({id}) not found")))?;
    match (scope, hook.owner) {
        (Scope::User { user_id }, WebhookOwner::User(owner)) if owner == user_id => Ok(hook),
        (Scope::EventType { event_type_id, .. }, WebhookOwner::EventType(owner)) if owner == event_type_id => Ok(hook),
        (Scope::User { user_id }, WebhookOwner::EventType(event_type_id)) if hook.user_id == user_id => {
            Err(Error::Forbidden(format!(
                "Webhook ({id}) belongs to event type {event_type_id}: manage it under \
                 /v2/event-types/{event_type_id}/webhooks"
            )))
        }
        (Scope::EventType { event_type_id, .. }, _) if hook.user_id == scope.user_id() => {
            Err(Error::Forbidden(format!("Webhook ({id}) does not belong to event type {event_type_id}")))
        }
        _ => Err(Error::Forbidden(format!("Webhook ({id}) is not yours"))),
    }
}

/// Webhook `id` if the user owns it in either scope (for its deliveries and pings).
pub async fn find_any(state: &AppState, id: i64, user_id: i64) -> Result<Webhook> {
    let hook = state.store.webhook(id).await?.ok_or_else(|| Error::NotFound(format!("Webhook ({id}) not found")))?;
    if hook.user_id == user_id { Ok(hook) } else { Err(Error::Forbidden(format!("Webhook ({id}) is not yours"))) }
}

pub async fn update(state: &AppState, scope: Scope, id: i64, input: UpdateWebhookInput) -> Result<Webhook> {
    find(state, scope, id).await?;
    let patch: WebhookPatch = webhooks::validate_update(input)?;
    if let Some(url) = &patch.subscriber_url {
        check_target(state, url).await?;
    }
    state
        .store
        .update_webhook(id, &patch, state.clock.now())
        .await?
        .ok_or_else(|| Error::NotFound(format!("Webhook ({id}) not found")))
}

pub async fn delete(state: &AppState, scope: Scope, id: i64) -> Result<Webhook> {
    find(state, scope, id).await?;
    state.store.delete_webhook(id).await?.ok_or_else(|| Error::NotFound(format!("Webhook ({id}) not found")))
}

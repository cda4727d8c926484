//! Webhook subscriptions.

use calends_domain::webhooks::{NewWebhook, Webhook, WebhookOwner, WebhookPatch};
use calends_domain::{Error, Result};
use calends_model::webhooks::WebhookTrigger;
use chrono::{DateTime, Utc};

use crate::Store;
use crate::conv::{corrupt, db_error, is_unique_violation, ms, time};
use crate::sql::{DbError, Row, query};

macro_rules! webhook_columns {
    () => {
        "id, user_id, event_type_id, subscriber_url, payload_template, active, secret, triggers, created_at, updated_at"
    };
}

pub(crate) fn webhook_from_row(row: &Row) -> Result<Webhook, DbError> {
    let user_id: i64 = row.try_get("user_id")?;
    let event_type_id: Option<i64> = row.try_get("event_type_id")?;
    let triggers: String = row.try_get("triggers")?;
    Ok(Webhook {
        id: row.try_get("id")?,
        owner: event_type_id.map_or(WebhookOwner::User(user_id), WebhookOwner::EventType),
        user_id,
        subscriber_url: row.try_get("subscriber_url")?,
        payload_template: row.try_get("payload_template")?,
        active: row.try_get::<i64, _>("active")? != 0,
        secret: row.try_get("secret")?,
        triggers: serde_json::from_str::<Vec<WebhookTrigger>>(&triggers).map_err(|_| corrupt("triggers", &triggers))?,
        created_at: time(row.try_get("created_at")?),
        updated_at: time(row.try_get("updated_at")?),
    })
}

fn triggers_json(triggers: &[WebhookTrigger]) -> String {
    serde_json::to_string(triggers).unwrap_or_else(|_| "[]".into())
}

fn duplicate_url(e: DbError) -> Error {
    if is_unique_violation(&e) {
        Error::Conflict("a webhook with this subscriberUrl already exists".into())
    } else {
        db_error(e)
    }
}

impl Store {
    /// Creates a webhook owned by `user_id` (and, for event-type webhooks, by the event type).
    pub async fn create_webhook(
        &self,
        user_id: i64,
        owner: WebhookOwner,
        new: &NewWebhook,
        now: DateTime<Utc>,
    ) -> Result<Webhook> {
        let event_type_id = match owner {
            WebhookOwner::User(_) => None,
            WebhookOwner::EventType(id) => Some(id),
        };
        let row = query(concat!(
            "INSERT INTO webhooks (user_id, event_type_id, subscriber_url, payload_template, active, secret, ",
            "triggers, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING ",
            webhook_columns!()
        ))
        .bind(user_id)
        .bind(event_type_id)
        .bind(&new.subscriber_url)
        .bind(&new.payload_template)
        .bind(i64::from(new.active))
        .bind(&new.secret)
        .bind(triggers_json(&new.triggers))
        .bind(ms(now))
        .fetch_one(&self.write)
        .await
        .map_err(duplicate_url)?;
        webhook_from_row(&row).map_err(db_error)
    }

    /// A page of a user's own webhooks (not their event types'), oldest first.
    pub async fn user_webhooks(&self, user_id: i64, take: i64, skip: i64) -> Result<Vec<Webhook>> {
        let rows = query(concat!(
            "SELECT ",
            webhook_columns!(),
            " FROM webhooks WHERE user_id = $1 AND event_type_id IS NULL ORDER BY id LIMIT $2 OFFSET $3"
        ))
        .bind(user_id)
        .bind(take)
        .bind(skip)
        .fetch_all(&self.read)
        .await
        .map_err(db_error)?;
        rows.iter().map(webhook_from_row).collect::<Result<_, _>>().map_err(db_error)
    }

    pub async fn webhook(&self, id: i64) -> Result<Option<Webhook>> {
        let row = query(concat!("SELECT ", webhook_columns!(), " FROM webhooks WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.read)
            .await
            .map_err(db_error)?;
        row.as_ref().map(webhook_from_row).transpose().map_err(db_error)
    }

    /// Applies `patch` to webhook `id`; `None` when it does not exist. The row is locked while it is read and
    /// rewritten, so concurrent patches apply one after the other.
    pub async fn update_webhook(&self, id: i64, patch: &WebhookPatch, now: DateTime<Utc>) -> Result<Option<Webhook>> {
        let mut tx = self.write.begin().await.map_err(db_error)?;
        let sql = format!(concat!("SELECT ", webhook_columns!(), " FROM webhooks WHERE id = $1{}"), self.for_update());
        let row = query(sql).bind(id).fetch_optional(&mut *tx).await.map_err(db_error)?;
        let Some(row) = row else { return Ok(None) };
        let mut webhook = webhook_from_row(&row).map_err(db_error)?;
        patch.apply(&mut webhook);
        webhook.updated_at = now;
        query(
            "UPDATE webhooks SET subscriber_url = $2, payload_template = $3, active = $4, secret = $5, \
             triggers = $6, updated_at = $7 WHERE id = $1",
        )
        .bind(id)
        .bind(&webhook.subscriber_url)
        .bind(&webhook.payload_template)
        .bind(i64::from(webhook.active))
        .bind(&webhook.secret)
        .bind(triggers_json(&webhook.triggers))
        .bind(ms(now))
        .execute(&mut *tx)
        .await
        .map_err(duplicate_url)?;
        tx.commit().await.map_err(db_error)?;
        Ok(Some(webhook))
    }

    /// Deletes webhook `id`, returning it; `None` when it does not exist.
    pub async fn delete_webhook(&self, id: i64) -> Result<Option<Webhook>> {
        let row = query(concat!("DELETE FROM webhooks WHERE id = $1 RETURNING ", webhook_columns!()))
            .bind(id)
            .fetch_optional(&self.write)
            .await
            .map_err(db_error)?;
        row.as_ref().map(webhook_from_row).transpose().map_err(db_error)
    }
}

impl Store {
    /// A page of an event type's webhooks, oldest first.
    pub async fn event_type_webhooks(&self, event_type_id: i64, take: i64, skip: i64) -> Result<Vec<Webhook>> {
        let rows = query(concat!(
            "SELECT ",
            webhook_columns!(),
            " FROM webhooks WHERE event_type_id = $1 ORDER BY id LIMIT $2 OFFSET $3"
        ))
        .bind(event_type_id)
        .bind(take)
        .bind(skip)
        .fetch_all(&self.read)
        .await
        .map_err(db_error)?;
        rows.iter().map(webhook_from_row).collect::<Result<_, _>>().map_err(db_error)
    }

    /// Deletes every webhook of an event type; returns how many.
    pub async fn delete_event_type_webhooks(&self, event_type_id: i64) -> Result<u64> {
        query("DELETE FROM webhooks WHERE event_type_id = $1")
            .bind(event_type_id)
            .execute(&self.write)
            .await
            .map(|r| r.rows_affected())
            .map_err(db_error)
    }
}

//! Event types: the validated settings as one JSON document, with the columns that are looked up indexed.

use calends_domain::event_types::{EventType, EventTypeConfig};
use calends_domain::team_event_types::child_config;
use calends_domain::{Error, Result};
use chrono::{DateTime, Utc};

use crate::Store;
use crate::conv::{corrupt, db_error, is_unique_violation, ms, time};
use crate::sql::{DbError, Row, Target, Tx, query};

macro_rules! event_type_columns {
    () => {
        "id, user_id, team_id, parent_id, schedule_id, config, created_at, updated_at"
    };
}

fn event_type_from_row(row: &Row) -> Result<EventType, DbError> {
    let config: String = row.try_get("config")?;
    let mut config: EventTypeConfig = serde_json::from_str(&config).map_err(|_| corrupt("config", &config))?;
    // The column is authoritative: deleting a schedule clears it there.
    config.schedule_id = row.try_get("schedule_id")?;
    Ok(EventType {
        id: row.try_get("id")?,
        owner_id: row.try_get("user_id")?,
        team_id: row.try_get("team_id")?,
        parent_id: row.try_get("parent_id")?,
        config,
        created_at: time(row.try_get("created_at")?),
        updated_at: time(row.try_get("updated_at")?),
    })
}

/// Event type `id`, read on `on`.
pub(crate) async fn event_type_in<'c>(on: impl Into<Target<'c>>, id: i64) -> Result<Option<EventType>> {
    let row = query(concat!("SELECT ", event_type_columns!(), " FROM event_types WHERE id = $1"))
        .bind(id)
        .fetch_optional(on)
        .await
        .map_err(db_error)?;
    row.as_ref().map(event_type_from_row).transpose().map_err(db_error)
}

fn slug_taken<'a>(slug: &'a str, owner: &'static str) -> impl Fn(DbError) -> Error + 'a {
    move |e| {
        if is_unique_violation(&e) {
            Error::Conflict(format!("{owner} an event type with slug `{slug}`"))
        } else {
            db_error(e)
        }
    }
}

fn config_json(config: &EventTypeConfig) -> Result<String> {
    serde_json::to_string(config).map_err(Error::internal)
}

/// How to order a user's event types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventTypeOrder {
    Id,
    CreatedAsc,
    CreatedDesc,
}

impl Store {
    pub async fn create_event_type(
        &self,
        owner_id: i64,
        config: &EventTypeConfig,
        now: DateTime<Utc>,
    ) -> Result<EventType> {
        insert_on(&self.write, owner_id, None, config, now).await
    }

    pub async fn event_type(&self, id: i64) -> Result<Option<EventType>> {
        event_type_in(&self.read, id).await
    }

    pub async fn event_type_by_slug(&self, owner_id: i64, slug: &str) -> Result<Option<EventType>> {
        let row = query(concat!(
            "SELECT ",
            event_type_columns!(),
            " FROM event_types WHERE user_id = $1 AND slug = $2 AND team_id IS NULL"
        ))
        .bind(owner_id)
        .bind(slug)
        .fetch_optional(&self.read)
        .await
        .map_err(db_error)?;
        row.as_ref().map(event_type_from_row).transpose().map_err(db_error)
    }

    pub async fn user_event_types(&self, owner_id: i64, order: EventTypeOrder) -> Result<Vec<EventType>> {
        let sql = match order {
            EventTypeOrder::Id => {
                concat!(
                    "SELECT ",
                    event_type_columns!(),
                    " FROM event_types WHERE user_id = $1 AND team_id IS NULL ORDER BY id"
                )
            }
            EventTypeOrder::CreatedAsc => concat!(
                "SELECT ",
                event_type_columns!(),
                " FROM event_types WHERE user_id = $1 AND team_id IS NULL ORDER BY created_at, id"
            ),
            EventTypeOrder::CreatedDesc => concat!(
                "SELECT ",
                event_type_columns!(),
                " FROM event_types WHERE user_id = $1 AND team_id IS NULL ORDER BY created_at DESC, id DESC"
            ),
        };
        let rows = query(sql).bind(owner_id).fetch_all(&self.read).await.map_err(db_error)?;
        rows.iter().map(event_type_from_row).collect::<Result<_, _>>().map_err(db_error)
    }

    /// Replaces event type `id`'s settings (personal or team); `None` when it does not exist.
    pub async fn update_event_type(
        &self,
        id: i64,
        config: &EventTypeConfig,
        now: DateTime<Utc>,
    ) -> Result<Option<EventType>> {
        update_on(&self.write, id, config, now).await
    }

    /// Creates an event type of team `team_id`, created by `creator_id`.
    pub async fn create_team_event_type(
        &self,
        team_id: i64,
        creator_id: i64,
        config: &EventTypeConfig,
        now: DateTime<Utc>,
    ) -> Result<EventType> {
        insert_on(&self.write, creator_id, Some(team_id), config, now).await
    }

    /// Creates a managed event type of team `team_id` and a copy of it for each of `members`, in one transaction.
    pub async fn create_managed_event_type(
        &self,
        team_id: i64,
        creator_id: i64,
        config: &EventTypeConfig,
        members: &[i64],
        now: DateTime<Utc>,
    ) -> Result<EventType> {
        let mut tx = self.write.begin().await.map_err(db_error)?;
        let parent = insert_on(&mut tx, creator_id, Some(team_id), config, now).await?;
        insert_children(&mut tx, &parent, members, now).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(parent)
    }

    /// Replaces managed event type `id`'s settings and brings its members' copies in line: every copy gets the
    /// new settings, members no longer assigned lose theirs, newly assigned ones get one. `None` when it does not
    /// exist.
    pub async fn update_managed_event_type(
        &self,
        id: i64,
        config: &EventTypeConfig,
        members: &[i64],
        now: DateTime<Utc>,
    ) -> Result<Option<EventType>> {
        let mut tx = self.write.begin().await.map_err(db_error)?;
        let Some(parent) = update_on(&mut tx, id, config, now).await? else { return Ok(None) };
        let child = child_config(config);
        query("UPDATE event_types SET slug = $2, title = $3, config = $4, updated_at = $5 WHERE parent_id = $1")
            .bind(id)
            .bind(&child.slug)
            .bind(&child.title)
            .bind(config_json(&child)?)
            .bind(ms(now))
            .execute(&mut *tx)
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    Error::Conflict(format!("a member already has an event type with slug `{}`", child.slug))
                } else {
                    db_error(e)
                }
            })?;
        let existing: Vec<i64> = query("SELECT user_id, id FROM event_types WHERE parent_id = $1")
            .bind(id)
            .fetch_pairs(&mut *tx)
            .await
            .map_err(db_error)?
            .into_iter()
            .map(|(user, _)| user)
            .collect();
        for &gone in existing.iter().filter(|u| !members.contains(u)) {
            delete_with_webhooks(&mut tx, "parent_id = $1 AND user_id = $2", id, Some(gone)).await?;
        }
        let added: Vec<i64> = members.iter().copied().filter(|m| !existing.contains(m)).collect();
        insert_children(&mut tx, &parent, &added, now).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(Some(parent))
    }

    /// The event types of team `team_id`, by id.
    pub async fn team_event_types(&self, team_id: i64) -> Result<Vec<EventType>> {
        let rows = query(concat!("SELECT ", event_type_columns!(), " FROM event_types WHERE team_id = $1 ORDER BY id"))
            .bind(team_id)
            .fetch_all(&self.read)
            .await
            .map_err(db_error)?;
        rows.iter().map(event_type_from_row).collect::<Result<_, _>>().map_err(db_error)
    }

    pub async fn team_event_type_by_slug(&self, team_id: i64, slug: &str) -> Result<Option<EventType>> {
        let row =
            query(concat!("SELECT ", event_type_columns!(), " FROM event_types WHERE team_id = $1 AND slug = $2"))
                .bind(team_id)
                .bind(slug)
                .fetch_optional(&self.read)
                .await
                .map_err(db_error)?;
        row.as_ref().map(event_type_from_row).transpose().map_err(db_error)
    }

    /// Deletes event type `id` and its webhooks in one transaction, returning it. A managed event type's members'
    /// copies go with it, with their webhooks.
    pub async fn delete_event_type(&self, id: i64) -> Result<Option<EventType>> {
        let mut tx = self.write.begin().await.map_err(db_error)?;
        delete_with_webhooks(&mut tx, "parent_id = $1", id, None).await?;
        query("DELETE FROM webhooks WHERE event_type_id = $1").bind(id).execute(&mut *tx).await.map_err(db_error)?;
        let row = query(concat!("DELETE FROM event_types WHERE id = $1 RETURNING ", event_type_columns!()))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_error)?;
        let deleted = row.as_ref().map(event_type_from_row).transpose().map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(deleted)
    }
}

/// Inserts `parent`'s copy for each of `members` (a managed event type's children).
async fn insert_children(tx: &mut Tx, parent: &EventType, members: &[i64], now: DateTime<Utc>) -> Result<()> {
    let child = child_config(&parent.config);
    for &member in members {
        query(
            "INSERT INTO event_types (user_id, parent_id, slug, title, schedule_id, config, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, NULL, $5, $6, $6)",
        )
        .bind(member)
        .bind(parent.id)
        .bind(&child.slug)
        .bind(&child.title)
        .bind(config_json(&child)?)
        .bind(ms(now))
        .execute(&mut **tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                Error::Conflict(format!("user {member} already has an event type with slug `{}`", child.slug))
            } else {
                db_error(e)
            }
        })?;
    }
    Ok(())
}

/// Deletes the event types matching `condition` (over `$1` = `id` and, if given, `$2` = `user`) and their webhooks.
async fn delete_with_webhooks(tx: &mut Tx, condition: &str, id: i64, user: Option<i64>) -> Result<()> {
    for sql in [
        format!("DELETE FROM webhooks WHERE event_type_id IN (SELECT id FROM event_types WHERE {condition})"),
        format!("DELETE FROM event_types WHERE {condition}"),
    ] {
        let mut q = query(sql).bind(id);
        if let Some(user) = user {
            q = q.bind(user);
        }
        q.execute(&mut **tx).await.map_err(db_error)?;
    }
    Ok(())
}

impl Store {
    /// The members' copies of managed event type `parent_id`, by id.
    pub async fn managed_children(&self, parent_id: i64) -> Result<Vec<EventType>> {
        let rows =
            query(concat!("SELECT ", event_type_columns!(), " FROM event_types WHERE parent_id = $1 ORDER BY id"))
                .bind(parent_id)
                .fetch_all(&self.read)
                .await
                .map_err(db_error)?;
        rows.iter().map(event_type_from_row).collect::<Result<_, _>>().map_err(db_error)
    }
}

/// Inserts a personal event type (`team_id` `None`) or one of team `team_id`, created by `owner_id`.
async fn insert_on<'c>(
    on: impl Into<Target<'c>>,
    owner_id: i64,
    team_id: Option<i64>,
    config: &EventTypeConfig,
    now: DateTime<Utc>,
) -> Result<EventType> {
    let owner = if team_id.is_some() { "the team already has" } else { "you already have" };
    let row = query(concat!(
        "INSERT INTO event_types (user_id, team_id, slug, title, schedule_id, config, created_at, updated_at) ",
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING ",
        event_type_columns!()
    ))
    .bind(owner_id)
    .bind(team_id)
    .bind(&config.slug)
    .bind(&config.title)
    .bind(config.schedule_id)
    .bind(config_json(config)?)
    .bind(ms(now))
    .fetch_one(on)
    .await
    .map_err(slug_taken(&config.slug, owner))?;
    event_type_from_row(&row).map_err(db_error)
}

/// Replaces event type `id`'s settings (personal or team); `None` when it does not exist.
async fn update_on<'c>(
    on: impl Into<Target<'c>>,
    id: i64,
    config: &EventTypeConfig,
    now: DateTime<Utc>,
) -> Result<Option<EventType>> {
    let owner = if config.team.is_some() { "the team already has" } else { "you already have" };
    let row = query(concat!(
        "UPDATE event_types SET slug = $2, title = $3, schedule_id = $4, config = $5, updated_at = $6 ",
        "WHERE id = $1 RETURNING ",
        event_type_columns!()
    ))
    .bind(id)
    .bind(&config.slug)
    .bind(&config.title)
    .bind(config.schedule_id)
    .bind(config_json(config)?)
    .bind(ms(now))
    .fetch_optional(on)
    .await
    .map_err(slug_taken(&config.slug, owner))?;
    row.as_ref().map(event_type_from_row).transpose().map_err(db_error)
}

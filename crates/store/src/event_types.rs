//! Event types: the validated settings as one JSON document, with the columns that are looked up indexed.

use calends_domain::event_types::{EventType, EventTypeConfig};
use calends_domain::{Error, Result};
use chrono::{DateTime, Utc};

use crate::Store;
use crate::conv::{corrupt, db_error, is_unique_violation, ms, time};
use crate::sql::{DbError, Row, query};

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
        self.insert_event_type(owner_id, None, config, now).await
    }

    /// A personal event type (`team_id` `None`) or one of team `team_id`, created by `owner_id`.
    async fn insert_event_type(
        &self,
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
        .fetch_one(&self.write)
        .await
        .map_err(slug_taken(&config.slug, owner))?;
        event_type_from_row(&row).map_err(db_error)
    }

    pub async fn event_type(&self, id: i64) -> Result<Option<EventType>> {
        let row = query(concat!("SELECT ", event_type_columns!(), " FROM event_types WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.read)
            .await
            .map_err(db_error)?;
        row.as_ref().map(event_type_from_row).transpose().map_err(db_error)
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
        .fetch_optional(&self.write)
        .await
        .map_err(slug_taken(
            &config.slug,
            if config.team.is_some() { "the team already has" } else { "you already have" },
        ))?;
        row.as_ref().map(event_type_from_row).transpose().map_err(db_error)
    }

    /// Creates an event type of team `team_id`, created by `creator_id`.
    pub async fn create_team_event_type(
        &self,
        team_id: i64,
        creator_id: i64,
        config: &EventTypeConfig,
        now: DateTime<Utc>,
    ) -> Result<EventType> {
        self.insert_event_type(creator_id, Some(team_id), config, now).await
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

    /// Deletes event type `id` and its webhooks in one transaction, returning it.
    pub async fn delete_event_type(&self, id: i64) -> Result<Option<EventType>> {
        let mut tx = self.write.begin().await.map_err(db_error)?;
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

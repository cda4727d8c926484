//! Availability schedules. Which one is a user's default lives in `users.default_schedule_id`.

use std::borrow::Cow;

use calends_domain::schedules::{Schedule, ScheduleSpec};
use calends_domain::{Error, Result};
use chrono::{DateTime, Utc};

use crate::Store;
use crate::conv::{corrupt, db_error, ms};
use crate::db::lock_user;
use crate::sql::{DbError, Row, Target, Tx, placeholders, query};

macro_rules! schedule_select {
    () => {
        "SELECT s.id, s.user_id, s.name, s.time_zone, s.availability, s.overrides, \
         CASE WHEN u.default_schedule_id = s.id THEN 1 ELSE 0 END AS is_default \
         FROM schedules s JOIN users u ON u.id = s.user_id "
    };
}

fn schedule_from_row(row: &Row) -> Result<Schedule, DbError> {
    let weekly: String = row.try_get("availability")?;
    let overrides: String = row.try_get("overrides")?;
    Ok(Schedule {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        spec: ScheduleSpec {
            name: row.try_get("name")?,
            time_zone: row.try_get("time_zone")?,
            weekly: serde_json::from_str(&weekly).map_err(|_| corrupt("availability", &weekly))?,
            overrides: serde_json::from_str(&overrides).map_err(|_| corrupt("overrides", &overrides))?,
        },
        is_default: row.try_get::<i64, _>("is_default")? != 0,
    })
}

/// Schedule `id`, read on `on`.
pub(crate) async fn schedule_in<'c>(on: impl Into<Target<'c>>, id: i64) -> Result<Option<Schedule>> {
    let row =
        query(concat!(schedule_select!(), "WHERE s.id = $1")).bind(id).fetch_optional(on).await.map_err(db_error)?;
    row.as_ref().map(schedule_from_row).transpose().map_err(db_error)
}

/// The default schedule of user `$1`.
const DEFAULT_SCHEDULE: &str = concat!(schedule_select!(), "WHERE u.id = $1 AND s.id = u.default_schedule_id");

/// User `user_id`'s default schedule, read on `on`.
pub(crate) async fn default_schedule_in<'c>(on: impl Into<Target<'c>>, user_id: i64) -> Result<Option<Schedule>> {
    let row = query(DEFAULT_SCHEDULE).bind(user_id).fetch_optional(on).await.map_err(db_error)?;
    row.as_ref().map(schedule_from_row).transpose().map_err(db_error)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(Error::internal)
}

async fn set_default(tx: &mut Tx, user_id: i64, schedule_id: Option<i64>) -> Result<()> {
    query("UPDATE users SET default_schedule_id = $2 WHERE id = $1")
        .bind(user_id)
        .bind(schedule_id)
        .execute(&mut **tx)
        .await
        .map(|_| ())
        .map_err(db_error)
}

async fn fetch_in(tx: &mut Tx, id: i64) -> Result<Option<Schedule>> {
    let row = query(concat!(schedule_select!(), "WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)?;
    row.as_ref().map(schedule_from_row).transpose().map_err(db_error)
}

impl Store {
    pub async fn create_schedule(
        &self,
        user_id: i64,
        spec: &ScheduleSpec,
        make_default: bool,
        now: DateTime<Utc>,
    ) -> Result<Schedule> {
        let mut tx = self.write.begin().await.map_err(db_error)?;
        let id: i64 = query(
            "INSERT INTO schedules (user_id, name, time_zone, availability, overrides, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(user_id)
        .bind(&spec.name)
        .bind(&spec.time_zone)
        .bind(json(&spec.weekly)?)
        .bind(json(&spec.overrides)?)
        .bind(ms(now))
        .fetch_one(&mut *tx)
        .await
        .and_then(|r| r.try_get("id"))
        .map_err(db_error)?;
        if make_default {
            set_default(&mut tx, user_id, Some(id)).await?;
        }
        let schedule = fetch_in(&mut tx, id).await?.ok_or_else(|| Error::internal("created schedule vanished"))?;
        tx.commit().await.map_err(db_error)?;
        Ok(schedule)
    }

    /// A user's schedules, oldest first.
    pub async fn user_schedules(&self, user_id: i64) -> Result<Vec<Schedule>> {
        let rows = query(concat!(schedule_select!(), "WHERE s.user_id = $1 ORDER BY s.id"))
            .bind(user_id)
            .fetch_all(&self.read)
            .await
            .map_err(db_error)?;
        rows.iter().map(schedule_from_row).collect::<Result<_, _>>().map_err(db_error)
    }

    /// A page of the schedules of team `team_id`'s accepted members, by schedule id.
    pub async fn team_schedules(&self, team_id: i64, take: i64, skip: i64) -> Result<Vec<Schedule>> {
        let rows = query(concat!(
            schedule_select!(),
            "JOIN memberships m ON m.user_id = s.user_id WHERE m.team_id = $1 AND m.accepted = 1 \
             ORDER BY s.id LIMIT $2 OFFSET $3"
        ))
        .bind(team_id)
        .bind(take)
        .bind(skip)
        .fetch_all(&self.read)
        .await
        .map_err(db_error)?;
        rows.iter().map(schedule_from_row).collect::<Result<_, _>>().map_err(db_error)
    }

    pub async fn schedule(&self, id: i64) -> Result<Option<Schedule>> {
        schedule_in(&self.read, id).await
    }

    pub async fn default_schedule(&self, user_id: i64) -> Result<Option<Schedule>> {
        default_schedule_in(&self.read, user_id).await
    }

    /// The default schedules of `user_ids` (one statement; users without one are not in the answer).
    pub async fn default_schedules(&self, user_ids: &[i64]) -> Result<Vec<Schedule>> {
        let sql: Cow<'static, str> = match user_ids.len() {
            0 => return Ok(Vec::new()),
            // One user (a personal event type's engine, the common read) by a static statement, as
            // `default_schedule_in`.
            1 => Cow::Borrowed(DEFAULT_SCHEDULE),
            n => Cow::Owned(format!(
                concat!(schedule_select!(), "WHERE u.id IN ({}) AND s.id = u.default_schedule_id"),
                placeholders(1, n)
            )),
        };
        let rows =
            user_ids.iter().fold(query(sql), |q, id| q.bind(*id)).fetch_all(&self.read).await.map_err(db_error)?;
        rows.iter().map(schedule_from_row).collect::<Result<_, _>>().map_err(db_error)
    }

    /// Replaces schedule `id`'s content; `make_default` also makes it its owner's default.
    pub async fn update_schedule(
        &self,
        id: i64,
        spec: &ScheduleSpec,
        make_default: bool,
        now: DateTime<Utc>,
    ) -> Result<Option<Schedule>> {
        let mut tx = self.write.begin().await.map_err(db_error)?;
        let owner = query(
            "UPDATE schedules SET name = $2, time_zone = $3, availability = $4, overrides = $5, updated_at = $6 \
             WHERE id = $1 RETURNING user_id",
        )
        .bind(id)
        .bind(&spec.name)
        .bind(&spec.time_zone)
        .bind(json(&spec.weekly)?)
        .bind(json(&spec.overrides)?)
        .bind(ms(now))
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?;
        let Some(owner) = owner else { return Ok(None) };
        if make_default {
            set_default(&mut tx, owner.try_get("user_id").map_err(db_error)?, Some(id)).await?;
        }
        let schedule = fetch_in(&mut tx, id).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(schedule)
    }

    /// Deletes schedule `id`. When it was the default, the owner's oldest remaining schedule becomes the default
    /// (or none, when no schedule is left), as Cal.com does. Runs under the owner's lock, so concurrent deletions
    /// and default changes of one user cannot leave the default pointing at a deleted schedule.
    pub async fn delete_schedule(&self, id: i64) -> Result<Option<Schedule>> {
        let mut tx = self.write.begin().await.map_err(db_error)?;
        let owner: Option<i64> = query("SELECT user_id FROM schedules WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .and_then(|r| r.map(|r| r.try_get("user_id")).transpose())
            .map_err(db_error)?;
        let Some(owner) = owner else { return Ok(None) };
        lock_user(&mut tx, self.backend, owner).await?;
        let Some(schedule) = fetch_in(&mut tx, id).await? else { return Ok(None) };
        if schedule.is_default {
            let next: Option<i64> = query("SELECT MIN(id) AS id FROM schedules WHERE user_id = $1 AND id <> $2")
                .bind(schedule.user_id)
                .bind(id)
                .fetch_one(&mut *tx)
                .await
                .and_then(|r| r.try_get("id"))
                .map_err(db_error)?;
            set_default(&mut tx, schedule.user_id, next).await?;
        }
        query("DELETE FROM schedules WHERE id = $1").bind(id).execute(&mut *tx).await.map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(Some(schedule))
    }
}

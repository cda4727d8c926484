//! Users.

use calends_domain::users::{NewUser, User, UserPatch};
use calends_domain::{Error, Result};
use chrono::{DateTime, Utc};

use crate::Store;
use crate::conv::{corrupt, db_error, is_unique_violation, ms, time};
use crate::sql::{DbError, Row, Target, query};

macro_rules! user_columns {
    () => {
        "id, username, email, name, time_zone, week_start, time_format, default_schedule_id, locale, avatar_url, \
         bio, metadata, created_at"
    };
}

/// The columns [`user_from_row`] reads.
pub(crate) const USER_COLUMNS: &str = user_columns!();

pub(crate) fn user_from_row(row: &Row) -> Result<User, DbError> {
    let week_start: String = row.try_get("week_start")?;
    let locale: Option<String> = row.try_get("locale")?;
    let metadata: Option<String> = row.try_get("metadata")?;
    Ok(User {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        time_zone: row.try_get("time_zone")?,
        week_start: week_start.parse().map_err(|_| corrupt("week_start", &week_start))?,
        time_format: row.try_get::<i64, _>("time_format")? as i32,
        default_schedule_id: row.try_get("default_schedule_id")?,
        locale: locale.map(|l| l.parse().map_err(|_| corrupt("locale", &l))).transpose()?,
        avatar_url: row.try_get("avatar_url")?,
        bio: row.try_get("bio")?,
        metadata: metadata.map(|m| serde_json::from_str(&m).map_err(|_| corrupt("metadata", &m))).transpose()?,
        created_at: time(row.try_get("created_at")?),
    })
}

/// User `id`, read on `on`.
pub(crate) async fn user_in<'c>(on: impl Into<Target<'c>>, id: i64) -> Result<Option<User>> {
    let row = query(concat!("SELECT ", user_columns!(), " FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(on)
        .await
        .map_err(db_error)?;
    row.as_ref().map(user_from_row).transpose().map_err(db_error)
}

fn taken(e: DbError) -> Error {
    if is_unique_violation(&e) {
        Error::Conflict("a user with this username or email already exists".into())
    } else {
        db_error(e)
    }
}

impl Store {
    pub async fn count_users(&self) -> Result<i64> {
        query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(&self.read)
            .await
            .and_then(|r| r.try_get("n"))
            .map_err(db_error)
    }

    pub async fn create_user(&self, user: &NewUser, now: DateTime<Utc>) -> Result<User> {
        let row = query(concat!(
            "INSERT INTO users (username, email, name, time_zone, created_at, updated_at) ",
            "VALUES ($1, $2, $3, $4, $5, $5) RETURNING ",
            user_columns!()
        ))
        .bind(&user.username)
        .bind(&user.email)
        .bind(&user.name)
        .bind(&user.time_zone)
        .bind(ms(now))
        .fetch_one(&self.write)
        .await
        .map_err(taken)?;
        user_from_row(&row).map_err(db_error)
    }

    pub async fn user(&self, id: i64) -> Result<Option<User>> {
        user_in(&self.read, id).await
    }

    /// The user owning event type `event_type_id` (none for a team's event type, whose owner column names no user
    /// or its creator): read at the same time as the event type, when the owner is needed right after it.
    pub async fn owner_of_event_type(&self, event_type_id: i64) -> Result<Option<User>> {
        let row = query(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users WHERE id = (SELECT user_id FROM event_types WHERE id = $1)"
        ))
        .bind(event_type_id)
        .fetch_optional(&self.read)
        .await
        .map_err(db_error)?;
        row.as_ref().map(user_from_row).transpose().map_err(db_error)
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<User>> {
        let row = query(concat!("SELECT ", user_columns!(), " FROM users WHERE username = $1"))
            .bind(username)
            .fetch_optional(&self.read)
            .await
            .map_err(db_error)?;
        row.as_ref().map(user_from_row).transpose().map_err(db_error)
    }

    /// Applies `patch`; a `default_schedule_id` must name one of the user's schedules (checked under the user's
    /// lock, so a concurrent deletion of that schedule cannot slip in between).
    pub async fn update_user(&self, id: i64, patch: &UserPatch, now: DateTime<Utc>) -> Result<User> {
        let mut tx = self.write.begin_locking_users(&[id]).await.map_err(db_error)?;
        if let Some(schedule_id) = patch.default_schedule_id {
            let owned = query("SELECT 1 AS one FROM schedules WHERE id = $1 AND user_id = $2")
                .bind(schedule_id)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?;
            if owned.is_none() {
                return Err(Error::invalid("defaultScheduleId", format!("you have no schedule with id {schedule_id}")));
            }
        }
        let metadata = patch.metadata.as_ref().map(|m| serde_json::Value::Object(m.clone()).to_string());
        let row = query(concat!(
            "UPDATE users SET ",
            "email = COALESCE($2, email), name = COALESCE($3, name), time_format = COALESCE($4, time_format), ",
            "default_schedule_id = COALESCE($5, default_schedule_id), week_start = COALESCE($6, week_start), ",
            "time_zone = COALESCE($7, time_zone), locale = COALESCE($8, locale), ",
            "avatar_url = COALESCE($9, avatar_url), bio = COALESCE($10, bio), metadata = COALESCE($11, metadata), ",
            "updated_at = $12 WHERE id = $1 RETURNING ",
            user_columns!()
        ))
        .bind(id)
        .bind(&patch.email)
        .bind(&patch.name)
        .bind(patch.time_format.map(i64::from))
        .bind(patch.default_schedule_id)
        .bind(patch.week_start.map(|w| w.as_str()))
        .bind(&patch.time_zone)
        .bind(patch.locale.map(|l| l.as_str()))
        .bind(&patch.avatar_url)
        .bind(&patch.bio)
        .bind(metadata)
        .bind(ms(now))
        .fetch_optional(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                Error::Conflict("this email is used by another user".into())
            } else {
                db_error(e)
            }
        })?
        .ok_or_else(|| Error::NotFound(format!("user {id} not found")))?;
        let user = user_from_row(&row).map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(user)
    }
}

//! API keys: stored as hashes, looked up on every authenticated request.

use calends_domain::api_keys::ApiKey;
use calends_domain::users::User;
use calends_domain::{Error, Result};
use chrono::{DateTime, Utc};

use crate::Store;
use crate::conv::{db_error, ms, time};
use crate::sql::{DbError, Row, query};
use crate::users::user_from_row;

/// The user behind a key, and the key.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub user: User,
    pub key: ApiKey,
}

fn key_from_row(row: &Row) -> Result<ApiKey, DbError> {
    Ok(ApiKey {
        id: row.try_get("key_id")?,
        user_id: row.try_get("key_user_id")?,
        hashed_key: row.try_get("hashed_key")?,
        created_at: time(row.try_get("key_created_at")?),
        expires_at: row.try_get::<Option<i64>, _>("expires_at")?.map(time),
        rate_limit_per_minute: row
            .try_get::<Option<i64>, _>("rate_limit_per_minute")?
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
    })
}

const INSERT_KEY: &str = "INSERT INTO api_keys (user_id, hashed_key, created_at, expires_at, rate_limit_per_minute) \
     VALUES ($1, $2, $3, $4, $5) RETURNING id AS key_id, user_id AS key_user_id, hashed_key, \
     created_at AS key_created_at, expires_at, rate_limit_per_minute";

impl Store {
    pub async fn create_api_key(
        &self,
        user_id: i64,
        hashed_key: &str,
        expires_at: Option<DateTime<Utc>>,
        rate_limit_per_minute: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<ApiKey> {
        let row = query(INSERT_KEY)
            .bind(user_id)
            .bind(hashed_key)
            .bind(ms(now))
            .bind(expires_at.map(ms))
            .bind(rate_limit_per_minute.map(i64::from))
            .fetch_one(&self.write)
            .await
            .map_err(db_error)?;
        key_from_row(&row).map_err(db_error)
    }

    /// The key with this hash and its user, expired or not (the caller decides what expiry means).
    pub async fn authenticate(&self, hashed_key: &str) -> Result<Option<Authenticated>> {
        let row = query(concat!(
            "SELECT k.id AS key_id, k.user_id AS key_user_id, k.hashed_key, k.created_at AS key_created_at, ",
            "k.expires_at, k.rate_limit_per_minute, u.id, u.username, u.email, u.name, u.time_zone, u.week_start, u.time_format, ",
            "u.default_schedule_id, u.locale, u.avatar_url, u.bio, u.metadata, u.created_at",
            " FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.hashed_key = $1"
        ))
        .bind(hashed_key)
        .fetch_optional(&self.read)
        .await
        .map_err(db_error)?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(Authenticated {
            user: user_from_row(&row).map_err(db_error)?,
            key: key_from_row(&row).map_err(db_error)?,
        }))
    }

    /// Replaces key `old_key_id` with a new one (with the same rate limit) in one transaction: afterwards only the
    /// new key works. Fails with `Unauthorized` when the old key is already gone (a concurrent refresh won).
    pub async fn rotate_api_key(
        &self,
        old_key_id: i64,
        new_hashed_key: &str,
        expires_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<ApiKey> {
        let mut tx = self.write.begin().await.map_err(db_error)?;
        let old = query("DELETE FROM api_keys WHERE id = $1 RETURNING user_id, rate_limit_per_minute")
            .bind(old_key_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_error)?
            .ok_or_else(|| Error::Unauthorized("this API key has already been refreshed".into()))?;
        let user_id: i64 = old.try_get("user_id").map_err(db_error)?;
        let limit: Option<i64> = old.try_get("rate_limit_per_minute").map_err(db_error)?;
        let row = query(INSERT_KEY)
            .bind(user_id)
            .bind(new_hashed_key)
            .bind(ms(now))
            .bind(expires_at.map(ms))
            .bind(limit)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_error)?;
        let key = key_from_row(&row).map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(key)
    }
}

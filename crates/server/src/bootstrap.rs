//! Creating users and API keys: on the first start of an empty database, and from the command line.

use calends_domain::users::{self, User};
use calends_domain::{Clock, Error, api_keys};
use calends_store::Store;
use chrono::Duration;

/// What the first start created; the key is shown once.
#[derive(Debug, Clone)]
pub struct FirstRun {
    pub user: User,
    pub api_key: String,
}

pub const FIRST_USERNAME: &str = "admin";
pub const FIRST_EMAIL: &str = "admin@calends.local";

/// On an empty database, creates the first user and a key that does not expire. Another instance starting at the
/// same moment may win the race; then this one creates nothing.
pub async fn ensure_first_user(store: &Store, clock: &Clock) -> Result<Option<FirstRun>, Error> {
    if store.count_users().await? > 0 {
        return Ok(None);
    }
    let new = users::validate_new(FIRST_USERNAME, FIRST_EMAIL, Some("Calends Admin"), "UTC")?;
    let user = match store.create_user(&new, clock.now()).await {
        Ok(user) => user,
        Err(Error::Conflict(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let api_key = create_api_key(store, clock, user.id, None, None).await?;
    Ok(Some(FirstRun { user, api_key }))
}

/// Issues a key for `user_id`, valid for `days_valid` days or forever, with its own rate limit or the server's;
/// returns the key (shown once).
pub async fn create_api_key(
    store: &Store,
    clock: &Clock,
    user_id: i64,
    days_valid: Option<i64>,
    rate_limit_per_minute: Option<u32>,
) -> Result<String, Error> {
    if let Some(days) = days_valid
        && days < 1
    {
        return Err(Error::invalid("days-valid", "must be at least 1"));
    }
    let now = clock.now();
    let key = api_keys::generate();
    let expires_at = days_valid.map(|d| now + Duration::days(d));
    store.create_api_key(user_id, &key.hashed, expires_at, rate_limit_per_minute, now).await?;
    Ok(key.plain)
}

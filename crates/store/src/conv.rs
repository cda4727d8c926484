//! Conversions between domain values and the portable column types.

use calends_domain::Error;
use chrono::{DateTime, TimeZone, Utc};

pub fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub fn time(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

/// Any database failure that is not an expected outcome: logged by the server, never shown to clients.
pub fn db_error(e: sqlx::Error) -> Error {
    Error::Internal(format!("database: {e}"))
}

/// Whether `e` is a unique-constraint violation (on any backend).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// A stored enum value that no longer parses means the database was written by something else.
pub fn corrupt(column: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("column {column}: unexpected value `{value}`").into())
}

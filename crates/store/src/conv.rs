//! Conversions between domain values and the portable column types.

use calends_domain::Error;
use chrono::{DateTime, TimeZone, Utc};

use crate::sql::DbError;

pub fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub fn time(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

/// Any database failure that is not an expected outcome: logged by the server, never shown to clients. Except
/// text PostgreSQL cannot store (the NUL character U+0000, or characters outside a non-UTF-8 database's encoding):
/// that is bad input, refused with a 400, where SQLite stores it.
pub fn db_error(e: DbError) -> Error {
    match e.postgres_code().as_deref() {
        // character_not_in_repertoire: from valid UTF-8 (a Rust string), only U+0000 gets here.
        Some("22021") => Error::BadRequest("text must not contain the NUL character (U+0000)".into()),
        Some("22P05") => Error::BadRequest("text contains characters the database's encoding cannot store".into()),
        _ => Error::Internal(format!("database: {e}")),
    }
}

/// Whether `e` is a unique-constraint violation (on any backend).
pub fn is_unique_violation(e: &DbError) -> bool {
    e.is_unique_violation()
}

/// A stored enum value that no longer parses means the database was written by something else.
pub fn corrupt(column: &str, value: &str) -> DbError {
    DbError::Decode(format!("column {column}: unexpected value `{value}`"))
}

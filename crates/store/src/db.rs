//! Opening the database: URL handling, pools, pragmas and migrations.

use std::borrow::Cow;
use std::sync::Once;
use std::time::Duration;

use calends_domain::Error;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, Executor, SqlSafeStr};

use crate::conv::db_error;

/// Which database engine a [`Store`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
}

#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// `sqlite://path.db`, `sqlite:path.db` or a plain file path.
    pub url: String,
    /// Size of the reader pool.
    pub max_connections: u32,
}

impl StoreOptions {
    pub fn new(url: impl Into<String>) -> Self {
        Self { url: url.into(), max_connections: 8 }
    }
}

/// The handle every other layer uses. Cheap to clone: the pools are shared.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) write: AnyPool,
    pub(crate) read: AnyPool,
    backend: Backend,
}

/// Embedded migrations, applied in order at start. Never edit one that has shipped: add a new one.
const SQLITE_MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "foundation", include_str!("../migrations/sqlite/0001_foundation.sql")),
    (2, "event_types_and_reservations", include_str!("../migrations/sqlite/0002_event_types_and_reservations.sql")),
    (3, "bookings", include_str!("../migrations/sqlite/0003_bookings.sql")),
    (4, "webhook_delivery", include_str!("../migrations/sqlite/0004_webhook_delivery.sql")),
];

const SQLITE_WRITER_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";
const SQLITE_READER_PRAGMAS: &str = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA query_only = ON;";

/// Turns what users type into a sqlx SQLite URL that creates the file when missing.
fn sqlite_url(url: &str) -> String {
    let url = if url.starts_with("sqlite:") { url.to_owned() } else { format!("sqlite://{url}") };
    if url.contains("mode=") || url.contains(":memory:") {
        url
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

fn migrator(migrations: &'static [(i64, &'static str, &'static str)]) -> Migrator {
    Migrator {
        migrations: Cow::Owned(
            migrations
                .iter()
                .map(|&(version, description, sql)| {
                    Migration::new(
                        version,
                        Cow::Borrowed(description),
                        MigrationType::Simple,
                        sql.into_sql_str(),
                        false,
                    )
                })
                .collect(),
        ),
        ..Migrator::DEFAULT
    }
}

impl Store {
    /// Opens (creating if needed) the database and applies pending migrations.
    pub async fn open(options: &StoreOptions) -> Result<Store, Error> {
        static DRIVERS: Once = Once::new();
        DRIVERS.call_once(install_default_drivers);

        let lower = options.url.to_ascii_lowercase();
        if lower.starts_with("postgres:") || lower.starts_with("postgresql:") {
            return Err(Error::BadRequest("PostgreSQL is not supported by this build yet; use SQLite".into()));
        }
        let url = sqlite_url(&options.url);
        let write = AnyPoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(|conn, _| Box::pin(async move { conn.execute(SQLITE_WRITER_PRAGMAS).await.map(|_| ()) }))
            .connect(&url)
            .await
            .map_err(|e| Error::Internal(format!("cannot open database `{}`: {e}", options.url)))?;
        migrator(SQLITE_MIGRATIONS)
            .run(&write)
            .await
            .map_err(|e| Error::Internal(format!("migrations failed: {e}")))?;
        let read = AnyPoolOptions::new()
            .max_connections(options.max_connections.max(1))
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(|conn, _| Box::pin(async move { conn.execute(SQLITE_READER_PRAGMAS).await.map(|_| ()) }))
            .connect(&url)
            .await
            .map_err(db_error)?;
        Ok(Store { write, read, backend: Backend::Sqlite })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), Error> {
        sqlx::query("SELECT 1").execute(&self.read).await.map(|_| ()).map_err(db_error)
    }

    /// Closes the pools, waiting for connections in use to be returned.
    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_create_the_file() {
        assert_eq!(sqlite_url("./calends.db"), "sqlite://./calends.db?mode=rwc");
        assert_eq!(sqlite_url("/tmp/x.db"), "sqlite:///tmp/x.db?mode=rwc");
        assert_eq!(sqlite_url("sqlite://calends.db"), "sqlite://calends.db?mode=rwc");
        assert_eq!(sqlite_url("sqlite:x.db?mode=ro"), "sqlite:x.db?mode=ro");
    }
}

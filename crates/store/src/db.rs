//! Opening the database: URL handling, pools, pragmas and migrations, for SQLite and PostgreSQL.

use std::borrow::Cow;
use std::time::Duration;

use std::sync::Arc;

use calends_domain::Error;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, Executor, SqlSafeStr, SqliteConnection};

use crate::bookings::LongestSpans;
use crate::conv::db_error;
use crate::sql::{Conn, Db, PgDb, ReadPool, SqliteDb, WritePool, query};

/// Which database engine a [`Store`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// One file, one server process: one writer connection serializes every write transaction.
    Sqlite,
    /// One database, any number of server processes: transactions that must not interleave take row locks.
    Postgres,
}

impl Backend {
    /// The engine a database URL names: `postgres://` and `postgresql://` URLs are PostgreSQL; anything else is a
    /// SQLite file (`path` or `sqlite:` URL).
    pub fn of_url(url: &str) -> Backend {
        let lower = url.trim_start().to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    fn migrations(self) -> &'static [(i64, &'static str, &'static str)] {
        match self {
            Backend::Sqlite => SQLITE_MIGRATIONS,
            Backend::Postgres => POSTGRES_MIGRATIONS,
        }
    }
}

#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// A SQLite file (`path`, `sqlite://path.db`, `sqlite:path.db`) or a PostgreSQL URL
    /// (`postgres://user:password@host:5432/database?sslmode=require`).
    pub url: String,
    /// SQLite: the reader pool (writes have their own single connection). PostgreSQL: the one pool of this
    /// process; several instances on one database each open up to this many.
    pub max_connections: u32,
}

impl StoreOptions {
    pub fn new(url: impl Into<String>) -> Self {
        Self { url: url.into(), max_connections: 8 }
    }

    /// The URL without its password, for logs and error messages.
    pub fn redacted_url(&self) -> String {
        redact_url(&self.url)
    }
}

/// `url` with the password masked (in the user-info part and in a `password=` parameter).
pub fn redact_url(url: &str) -> String {
    let mut out = url.to_owned();
    if let Some(scheme_end) = out.find("://") {
        let rest = scheme_end + 3;
        let authority_end = out[rest..].find(['/', '?']).map_or(out.len(), |i| rest + i);
        if let Some(at) = out[rest..authority_end].rfind('@')
            && let Some(colon) = out[rest..rest + at].find(':')
        {
            out.replace_range(rest + colon + 1..rest + at, "***");
        }
    }
    if let Some(query) = out.find('?') {
        let (base, params) = out.split_at(query + 1);
        let masked = |p: &str| {
            if p.to_ascii_lowercase().starts_with("password=") { "password=***".to_owned() } else { p.to_owned() }
        };
        let params: Vec<String> = params.split('&').map(masked).collect();
        out = format!("{base}{}", params.join("&"));
    }
    out
}

/// The handle every other layer uses. Cheap to clone: the connections are shared. On PostgreSQL `write` and
/// `read` are the same pool.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) write: WritePool,
    pub(crate) read: ReadPool,
    pub(crate) backend: Backend,
    pub(crate) spans: Arc<LongestSpans>,
}

/// Embedded migrations, applied in order at start. Never edit one that has shipped: add a new one.
const SQLITE_MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "foundation", include_str!("../migrations/sqlite/0001_foundation.sql")),
    (2, "event_types_and_reservations", include_str!("../migrations/sqlite/0002_event_types_and_reservations.sql")),
    (3, "bookings", include_str!("../migrations/sqlite/0003_bookings.sql")),
    (4, "webhook_delivery", include_str!("../migrations/sqlite/0004_webhook_delivery.sql")),
    (5, "api_key_rate_limits", include_str!("../migrations/sqlite/0005_api_key_rate_limits.sql")),
    (6, "busy_time", include_str!("../migrations/sqlite/0006_busy_time.sql")),
    (7, "teams", include_str!("../migrations/sqlite/0007_teams.sql")),
    (8, "owed_deliveries", include_str!("../migrations/sqlite/0008_owed_deliveries.sql")),
];

/// The same versions with the same meaning, in PostgreSQL's types: BIGINT identities and times, INTEGER flags and
/// counts (both decode as integers).
const POSTGRES_MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "foundation", include_str!("../migrations/postgres/0001_foundation.sql")),
    (2, "event_types_and_reservations", include_str!("../migrations/postgres/0002_event_types_and_reservations.sql")),
    (3, "bookings", include_str!("../migrations/postgres/0003_bookings.sql")),
    (4, "webhook_delivery", include_str!("../migrations/postgres/0004_webhook_delivery.sql")),
    (5, "api_key_rate_limits", include_str!("../migrations/postgres/0005_api_key_rate_limits.sql")),
    (6, "busy_time", include_str!("../migrations/postgres/0006_busy_time.sql")),
    (7, "teams", include_str!("../migrations/postgres/0007_teams.sql")),
    (8, "owed_deliveries", include_str!("../migrations/postgres/0008_owed_deliveries.sql")),
];

/// A pooled PostgreSQL connection idle this long is pinged before it is handed out.
const IDLE_CHECK: Duration = Duration::from_secs(10);

/// Read committed, whatever the server's default: a transaction that waited for a host's lock must then see what
/// the transaction it waited for committed (under repeatable read it would decide on an older snapshot).
const POSTGRES_SESSION: &str = "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED";

/// Turns what users type into a sqlx SQLite URL that creates the file when missing (for the migrations, which
/// sqlx applies; everything else runs on rusqlite, see `sql::sqlite::uri`).
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
    /// Opens the database (creating a SQLite file if needed) and applies pending migrations. Several processes may
    /// open one PostgreSQL database at once: migrations run under an advisory lock.
    pub async fn open(options: &StoreOptions) -> Result<Store, Error> {
        match Backend::of_url(&options.url) {
            Backend::Sqlite => Self::open_sqlite(options).await,
            Backend::Postgres => Self::open_postgres(options).await,
        }
    }

    fn with(db: Db, backend: Backend) -> Store {
        Store { write: WritePool(db.clone()), read: ReadPool::new(db), backend, spans: Arc::default() }
    }

    async fn open_postgres(options: &StoreOptions) -> Result<Store, Error> {
        let pool = PgPoolOptions::new()
            .max_connections(options.max_connections.max(1))
            .acquire_timeout(Duration::from_secs(30))
            // sqlx pings every connection it hands out by default: a round trip per statement run on the pool.
            // Only connections idle for a while are checked (a broken one is replaced before use).
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for >= IDLE_CHECK {
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            })
            .after_connect(|conn, _| Box::pin(async move { conn.execute(POSTGRES_SESSION).await.map(|_| ()) }))
            .connect(&options.url)
            .await
            .map_err(|e| Error::Internal(format!("cannot open database `{}`: {e}", options.redacted_url())))?;
        migrator(POSTGRES_MIGRATIONS)
            .run(&pool)
            .await
            .map_err(|e| Error::Internal(format!("migrations failed: {e}")))?;
        Ok(Self::with(Db::Postgres(PgDb { pool }), Backend::Postgres))
    }

    async fn open_sqlite(options: &StoreOptions) -> Result<Store, Error> {
        // sqlx applies the migrations (and keeps their record in `_sqlx_migrations`), over a connection of its
        // own that is closed before the store's connections open.
        let mut migrating = SqliteConnection::connect(&sqlite_url(&options.url))
            .await
            .map_err(|e| Error::Internal(format!("cannot open database `{}`: {e}", options.url)))?;
        migrating
            .execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")
            .await
            .map_err(|e| Error::Internal(format!("cannot open database `{}`: {e}", options.url)))?;
        migrator(SQLITE_MIGRATIONS)
            .run(&mut migrating)
            .await
            .map_err(|e| Error::Internal(format!("migrations failed: {e}")))?;
        migrating.close().await.map_err(|e| Error::Internal(format!("closing the migration connection: {e}")))?;
        let uri = crate::sql::sqlite_uri(&options.url);
        let db = SqliteDb::open(&uri, options.max_connections as usize)
            .map_err(|e| Error::Internal(format!("cannot open database `{}`: {e}", options.url)))?;
        Ok(Self::with(Db::Sqlite(Arc::new(db)), Backend::Sqlite))
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// This store with its reads taken from one snapshot of the database while it (or a clone) lives, for one
    /// read-only request: the reads agree with each other and, on SQLite, run in one read transaction instead of
    /// one each. Writes through it are not visible to its reads; PostgreSQL reads as before (each statement sees
    /// what was committed when it started).
    pub fn snapshot(&self) -> Result<Store, Error> {
        Ok(Store { read: self.read.snapshot().map_err(db_error)?, ..self.clone() })
    }

    /// ` FOR UPDATE` where a read-then-write transaction must lock the rows it read (PostgreSQL); nothing on SQLite,
    /// whose single writer connection runs write transactions one at a time.
    pub(crate) fn for_update(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR UPDATE",
        }
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), Error> {
        query("SELECT 1 AS one").fetch_one(&self.read).await.map(|_| ()).map_err(db_error)
    }

    /// Closes the connections, waiting for those in use to be returned (the writer, on SQLite).
    pub async fn close(&self) {
        match &self.read.db {
            Db::Sqlite(db) => db.close().await,
            Db::Postgres(db) => db.pool.close().await,
        }
    }
}

/// Serializes the calling write transaction with every other one that locks the same user: the bookings and
/// reservations of one host, and changes to a user's default schedule. On PostgreSQL it is a row lock on the user,
/// held until the transaction ends; on SQLite the single writer connection already serializes write transactions.
/// A transaction that locks users before anything else starts with `begin_locking_users` instead (the same locks,
/// sent with its `BEGIN`); this one is for a lock taken after a read.
pub(crate) async fn lock_user(conn: &mut Conn, backend: Backend, user_id: i64) -> Result<(), Error> {
    if backend == Backend::Postgres {
        query("SELECT id FROM users WHERE id = $1 FOR UPDATE")
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_error)?;
    }
    Ok(())
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

    #[test]
    fn urls_name_their_backend() {
        assert_eq!(Backend::of_url("./calends.db"), Backend::Sqlite);
        assert_eq!(Backend::of_url("sqlite://calends.db"), Backend::Sqlite);
        assert_eq!(Backend::of_url("postgres://calends@db/calends"), Backend::Postgres);
        assert_eq!(Backend::of_url("PostgreSQL://calends@db:5432/calends"), Backend::Postgres);
        // A file that happens to be called so is still a file.
        assert_eq!(Backend::of_url("postgres.db"), Backend::Sqlite);
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact_url("postgres://calends:s3cret@db:5432/calends"), "postgres://calends:***@db:5432/calends");
        assert_eq!(redact_url("postgres://calends@db/calends"), "postgres://calends@db/calends");
        assert_eq!(
            redact_url("postgres://db/calends?user=c&password=s3cret&sslmode=require"),
            "postgres://db/calends?user=c&password=***&sslmode=require"
        );
        assert_eq!(redact_url("postgres://u:p%40ss@db/x"), "postgres://u:***@db/x");
        assert_eq!(redact_url("./calends.db"), "./calends.db");
    }

    #[test]
    fn both_backends_have_the_same_migrations() {
        let versions = |b: Backend| b.migrations().iter().map(|&(v, d, _)| (v, d)).collect::<Vec<_>>();
        assert_eq!(versions(Backend::Sqlite), versions(Backend::Postgres));
    }
}

/// How the database pools are used right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    pub open: u32,
    pub idle: usize,
}

impl Store {
    /// Open and idle connections: on SQLite the writer and the readers together, on PostgreSQL the pool.
    pub fn pool_stats(&self) -> PoolStats {
        match &self.read.db {
            Db::Sqlite(db) => PoolStats {
                open: 1 + u32::try_from(db.open_readers()).unwrap_or(u32::MAX),
                idle: db.idle_readers() + usize::from(db.writer_idle()),
            },
            Db::Postgres(db) => PoolStats { open: db.pool.size(), idle: db.pool.num_idle() },
        }
    }

    /// Whether every migration this build knows is applied (newer ones, applied by a newer instance sharing the
    /// database during a rolling upgrade, do not count against it).
    pub async fn migrations_applied(&self) -> Result<bool, Error> {
        let known = self.backend.migrations();
        let applied: i64 = query("SELECT COUNT(*) AS n FROM _sqlx_migrations WHERE success AND version <= $1")
            .bind(known.last().map_or(0, |&(version, _, _)| version))
            .fetch_one(&self.read)
            .await
            .and_then(|r| r.try_get("n"))
            .map_err(db_error)?;
        Ok(applied == known.len() as i64)
    }
}

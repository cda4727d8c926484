//! SQLite through rusqlite: one writer connection shared by write transactions one at a time (with group commit,
//! see `writer`), and read-only connections that are handed out without waiting. Statements run in the calling
//! thread and are prepared once per connection.

use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::ThreadId;
use std::time::Duration;

use super::checkpoint::Checkpointer;
use super::writer::{Guard, Writer};
use super::{Arg, Columns, DbError, Row, Value};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, Statement};

/// Statements kept prepared per connection: every statement of the store fits, with room for the dynamic ones.
const STATEMENT_CACHE: usize = 128;
/// How long a statement waits for a lock another process holds before failing with "database is locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Page cache per connection, in KiB (SQLite's default is 2 MiB). The working set of a scheduling database is
/// small and the operating system caches the file anyway; the writer keeps more because it also builds indexes.
const WRITER_CACHE_KIB: i64 = 2048;
const READER_CACHE_KIB: i64 = 1024;
/// A checkpoint reads pages from the WAL and writes them to the file; it needs hardly any cache.
const CHECKPOINT_CACHE_KIB: i64 = 256;

/// One SQLite database file.
pub(crate) struct SqliteDb {
    uri: String,
    writer: Writer,
    /// Idle read-only connections, each with the thread that used it last.
    readers: Mutex<Vec<(Connection, ThreadId)>>,
    /// How many idle readers are kept.
    max_idle_readers: usize,
    /// Readers open now, idle or in use.
    open_readers: AtomicUsize,
}

fn flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
}

fn open(uri: &str, cache_kib: i64) -> Result<Connection, DbError> {
    let conn = Connection::open_with_flags(uri, flags())?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.execute_batch(&format!(
        "PRAGMA cache_size = -{cache_kib}; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"
    ))?;
    Ok(conn)
}

impl SqliteDb {
    /// Opens the writer (switching the file to WAL mode) at `uri`, a SQLite `file:` URI. Readers open on demand;
    /// up to `max_idle_readers` stay open when idle.
    pub fn open(uri: &str, max_idle_readers: usize) -> Result<SqliteDb, DbError> {
        Self::open_with(uri, max_idle_readers, super::checkpoint::CATCH_UP_FRAMES)
    }

    /// [`SqliteDb::open`] with the WAL size (in frames) past which the writer catches up with the checkpoints.
    fn open_with(uri: &str, max_idle_readers: usize, catch_up_frames: i64) -> Result<SqliteDb, DbError> {
        let writer = open(uri, WRITER_CACHE_KIB)?;
        let mode: String = writer.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(mode, "SQLite did not switch to WAL mode; reads will wait for writes");
        }
        writer.execute_batch("PRAGMA synchronous = NORMAL;")?;
        let checkpoints = if mode.eq_ignore_ascii_case("wal") {
            writer.execute_batch(&format!(
                "PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = {};",
                super::checkpoint::WAL_SIZE_LIMIT
            ))?;
            Some(Checkpointer::start(open(uri, CHECKPOINT_CACHE_KIB)?, catch_up_frames)?)
        } else {
            None
        };
        Ok(SqliteDb {
            uri: uri.to_owned(),
            writer: Writer::new(writer, checkpoints),
            readers: Mutex::new(Vec::new()),
            max_idle_readers: max_idle_readers.max(1),
            open_readers: AtomicUsize::new(0),
        })
    }

    /// An idle reader, or a new one: reads never wait for each other.
    pub fn reader(self: &Arc<Self>) -> Result<Handle, DbError> {
        Ok(Handle::Reader { conn: Some(self.reader_connection()?), home: Arc::clone(self), lent_by: None })
    }

    /// A reader in a read transaction of its own, for [`Snapshot`].
    pub fn snapshot(self: &Arc<Self>) -> Result<Snapshot, DbError> {
        let conn = self.reader_connection()?;
        if let Err(err) = conn.prepare_cached("BEGIN").and_then(|mut begin| begin.execute([])) {
            self.open_readers.fetch_sub(1, Ordering::Relaxed);
            return Err(err.into());
        }
        Ok(Snapshot { conn: Mutex::new(Some(conn)), home: Arc::clone(self) })
    }

    /// An idle reader's connection, or a new one's. A thread gets back the reader it used last when it is idle: its
    /// page cache is warm for that thread's work, and the memory SQLite allocates for it stays in that thread's
    /// allocator arena instead of being freed across threads.
    fn reader_connection(&self) -> Result<Connection, DbError> {
        let me = std::thread::current().id();
        let idle = {
            let mut idle = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
            match idle.iter().rposition(|(_, last)| *last == me) {
                Some(mine) => Some(idle.swap_remove(mine).0),
                None => idle.pop().map(|(conn, _)| conn),
            }
        };
        match idle {
            Some(conn) => Ok(conn),
            None => {
                let conn = open(&self.uri, READER_CACHE_KIB)?;
                conn.execute_batch("PRAGMA query_only = ON;")?;
                self.open_readers.fetch_add(1, Ordering::Relaxed);
                Ok(conn)
            }
        }
    }

    /// Takes back a reader that is done (in autocommit mode), keeping it open if fewer than the maximum are idle.
    fn give_back(&self, conn: Connection) {
        let mut idle = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < self.max_idle_readers {
            idle.push((conn, std::thread::current().id()));
        } else {
            drop(idle);
            self.open_readers.fetch_sub(1, Ordering::Relaxed);
        }
    }

    /// The writer in autocommit mode, once the transaction holding it (if any) is done.
    pub async fn writer(&self) -> Handle {
        Handle::Writer(self.writer.autocommit().await)
    }

    /// A write transaction on the writer: committed with [`Handle::commit`], rolled back when dropped without it.
    pub async fn begin(&self) -> Result<Handle, DbError> {
        Ok(Handle::Writer(self.writer.begin().await?))
    }

    /// [`SqliteDb::begin`] after the transactions waiting for the writer, waiting at most `patience` for them.
    pub async fn begin_background(&self, patience: std::time::Duration) -> Result<Handle, DbError> {
        Ok(Handle::Writer(self.writer.begin_background(patience).await?))
    }

    /// COMMITs run on the writer so far.
    #[cfg(test)]
    pub fn commits(&self) -> u64 {
        self.writer.commits()
    }

    /// Idle readers kept open.
    pub fn idle_readers(&self) -> usize {
        self.readers.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    /// Readers open, idle or in use.
    pub fn open_readers(&self) -> usize {
        self.open_readers.load(Ordering::Relaxed)
    }

    /// Whether no transaction holds the writer right now.
    pub fn writer_idle(&self) -> bool {
        self.writer.idle()
    }

    /// Closes the idle readers and waits for the writer to be free.
    pub async fn close(&self) {
        let idle = std::mem::take(&mut *self.readers.lock().unwrap_or_else(PoisonError::into_inner));
        self.open_readers.fetch_sub(idle.len(), Ordering::Relaxed);
        drop(idle);
        self.writer.close().await;
    }
}

/// A connection taken from a [`SqliteDb`]; a reader goes back to the idle ones when dropped (or to the snapshot
/// that lent it).
pub enum Handle {
    Reader { conn: Option<Connection>, home: Arc<SqliteDb>, lent_by: Option<Arc<Snapshot>> },
    Writer(Guard),
}

impl Drop for Handle {
    fn drop(&mut self) {
        if let Handle::Reader { conn, home, lent_by } = self
            && let Some(conn) = conn.take()
        {
            match lent_by {
                Some(snapshot) => *snapshot.conn.lock().unwrap_or_else(PoisonError::into_inner) = Some(conn),
                None => home.give_back(conn),
            }
        }
    }
}

/// One reader in one read transaction: every statement run through it sees the database as of its first one, and
/// none of them pays for starting a transaction (in WAL mode each start and end takes locks on the shared memory
/// index, system calls that cost more than a point lookup). Statements take turns on its reader; one that comes
/// while another holds it gets a reader of its own. Ends its transaction when dropped: keep it for one read-only
/// request, since while it lives the WAL cannot start over (and its own writes would be invisible to it).
pub(crate) struct Snapshot {
    conn: Mutex<Option<Connection>>,
    home: Arc<SqliteDb>,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Snapshot")
    }
}

impl Snapshot {
    pub fn reader(self: &Arc<Self>) -> Result<Handle, DbError> {
        match self.conn.lock().unwrap_or_else(PoisonError::into_inner).take() {
            Some(conn) => {
                Ok(Handle::Reader { conn: Some(conn), home: Arc::clone(&self.home), lent_by: Some(Arc::clone(self)) })
            }
            None => self.home.reader(),
        }
    }
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.get_mut().unwrap_or_else(PoisonError::into_inner).take() {
            if conn.is_autocommit() || conn.prepare_cached("COMMIT").and_then(|mut commit| commit.execute([])).is_ok() {
                self.home.give_back(conn);
            } else {
                self.home.open_readers.fetch_sub(1, Ordering::Relaxed);
            }
        }
    }
}

/// The statement as SQLite runs it: every `$n` parameter (outside quotes) written `?n`. SQLite gives `?n` the
/// index n, so values bind by position; `$n` is a named parameter there, and finding a name's index walks the
/// statement's list of names, which made binding the thousands of values of a multi-row insert quadratic.
fn numbered(sql: &str) -> Cow<'_, str> {
    if !sql.contains('$') {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => quoted = !quoted,
            '$' if !quoted && chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push('?');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    Cow::Owned(out)
}

thread_local! {
    /// Static statements as SQLite runs them, by the address and length of their text.
    static NUMBERED: std::cell::RefCell<std::collections::HashMap<(usize, usize), &'static str>> =
        Default::default();
}

/// [`numbered`], done once per static statement (the store's fixed statements, a bounded set) and kept.
#[expect(clippy::ptr_arg, reason = "whether the text is borrowed (static, so kept once converted) matters")]
fn sqlite_text(sql: &Cow<'static, str>) -> Cow<'static, str> {
    match sql {
        Cow::Borrowed(text) => Cow::Borrowed(NUMBERED.with(|cache| {
            *cache.borrow_mut().entry((text.as_ptr() as usize, text.len())).or_insert_with(|| match numbered(text) {
                Cow::Borrowed(same) => same,
                Cow::Owned(converted) => Box::leak(converted.into_boxed_str()),
            })
        })),
        Cow::Owned(text) => Cow::Owned(numbered(text).into_owned()),
    }
}

/// Binds `args` to the statement's `?n` parameters (`?n` is `args[n - 1]`, wherever and however often it occurs).
fn bind(stmt: &mut Statement<'_>, args: &[Arg]) -> Result<(), DbError> {
    let count = stmt.parameter_count();
    if count > args.len() {
        return Err(DbError::Decode(format!("parameter ?{count} has no value ({} given)", args.len())));
    }
    for (index, arg) in args.iter().enumerate().take(count) {
        match arg {
            Arg::Int(v) => stmt.raw_bind_parameter(index + 1, v)?,
            Arg::Text(v) => stmt.raw_bind_parameter(index + 1, v)?,
        }
    }
    Ok(())
}

fn value(v: ValueRef<'_>) -> Result<Value, DbError> {
    Ok(match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(r) => Value::Real(r),
        ValueRef::Text(t) => Value::Text(
            std::str::from_utf8(t).map_err(|_| DbError::Decode("text that is not UTF-8".into()))?.to_owned(),
        ),
        ValueRef::Blob(_) => return Err(DbError::Decode("a BLOB (the store reads no BLOBs)".into())),
    })
}

impl Handle {
    fn conn(&self) -> &Connection {
        match self {
            Handle::Reader { conn, .. } => conn.as_ref().expect("a reader holds its connection until dropped"),
            Handle::Writer(guard) => guard.conn(),
        }
    }

    /// Commits the write transaction this handle holds.
    pub async fn commit(&mut self) -> Result<(), DbError> {
        match self {
            Handle::Writer(guard) => guard.commit().await,
            Handle::Reader { .. } => Err(DbError::Decode("COMMIT on a reader".into())),
        }
    }

    #[expect(clippy::ptr_arg, reason = "whether the text is borrowed (static, so kept once converted) matters")]
    pub fn fetch(&mut self, sql: &Cow<'static, str>, args: &[Arg]) -> Result<Vec<Row>, DbError> {
        let mut stmt = self.conn().prepare_cached(&sqlite_text(sql))?;
        bind(&mut stmt, args)?;
        let columns: Columns = stmt.column_names().into_iter().map(Box::from).collect();
        let width = columns.len();
        let mut rows = stmt.raw_query();
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(width);
            for i in 0..width {
                values.push(value(row.get_ref(i)?)?);
            }
            out.push(Row::new(Columns::clone(&columns), values));
        }
        Ok(out)
    }

    #[expect(clippy::ptr_arg, reason = "whether the text is borrowed (static, so kept once converted) matters")]
    pub fn fetch_pairs(&mut self, sql: &Cow<'static, str>, args: &[Arg]) -> Result<Vec<(i64, i64)>, DbError> {
        let mut stmt = self.conn().prepare_cached(&sqlite_text(sql))?;
        bind(&mut stmt, args)?;
        let mut rows = stmt.raw_query();
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push((row.get(0)?, row.get(1)?));
        }
        Ok(out)
    }

    #[expect(clippy::ptr_arg, reason = "whether the text is borrowed (static, so kept once converted) matters")]
    pub fn execute(&mut self, sql: &Cow<'static, str>, args: &[Arg]) -> Result<u64, DbError> {
        let mut stmt = self.conn().prepare_cached(&sqlite_text(sql))?;
        bind(&mut stmt, args)?;
        Ok(stmt.raw_execute()? as u64)
    }

    #[cfg(test)]
    pub fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        Ok(self.conn().execute_batch(sql)?)
    }
}

/// The `file:` URI rusqlite opens for what users write: a path, `sqlite://path` or `sqlite:path`, optionally with
/// `?` parameters. The file is created when missing unless the parameters give another `mode`.
pub(crate) fn uri(url: &str) -> String {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
    let (path, params) = match rest.split_once('?') {
        Some((path, params)) => (path, Some(params)),
        None => (rest, None),
    };
    let mut uri = String::with_capacity(path.len() + 16);
    uri.push_str("file:");
    for c in path.chars() {
        match c {
            '%' => uri.push_str("%25"),
            '#' => uri.push_str("%23"),
            '?' => uri.push_str("%3f"),
            c => uri.push(c),
        }
    }
    match params {
        Some(params) if params.split('&').any(|p| p.starts_with("mode=")) => {
            uri.push('?');
            uri.push_str(params);
        }
        Some(params) if !params.is_empty() => {
            uri.push('?');
            uri.push_str(params);
            uri.push_str("&mode=rwc");
        }
        _ => uri.push_str("?mode=rwc"),
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_users_write_becomes_a_file_uri() {
        assert_eq!(uri("./calends.db"), "file:./calends.db?mode=rwc");
        assert_eq!(uri("/tmp/x.db"), "file:/tmp/x.db?mode=rwc");
        assert_eq!(uri("sqlite://calends.db"), "file:calends.db?mode=rwc");
        assert_eq!(uri("sqlite:///tmp/x.db"), "file:/tmp/x.db?mode=rwc");
        assert_eq!(uri("sqlite:x.db?mode=ro"), "file:x.db?mode=ro");
        assert_eq!(uri("sqlite:x.db?cache=private"), "file:x.db?cache=private&mode=rwc");
        assert_eq!(uri("/tmp/50%#1.db"), "file:/tmp/50%25%231.db?mode=rwc");
    }

    fn db() -> (tempfile::TempDir, Arc<SqliteDb>) {
        let dir = tempfile::tempdir().unwrap();
        let db = SqliteDb::open(&uri(&dir.path().join("t.db").to_string_lossy()), 2).unwrap();
        (dir, Arc::new(db))
    }

    #[test]
    fn parameters_are_numbered_outside_quotes() {
        assert_eq!(numbered("SELECT a FROM t WHERE b = $1 AND c = $12"), "SELECT a FROM t WHERE b = ?1 AND c = ?12");
        assert_eq!(numbered("SELECT '$1', $2, 'it''s $3', $4"), "SELECT '$1', ?2, 'it''s $3', ?4");
        assert!(matches!(numbered("SELECT 1"), Cow::Borrowed(_)));
    }

    /// Thousands of values in one statement bind, each to its own parameter.
    #[tokio::test]
    async fn many_parameters_bind_by_position() {
        let (_dir, db) = db();
        let mut w = db.writer().await;
        w.batch("CREATE TABLE t (a INTEGER, b TEXT)").unwrap();
        let rows = 4_000;
        let values: Vec<String> = (0..rows).map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2)).collect();
        let sql = format!("INSERT INTO t (a, b) VALUES {}", values.join(", "));
        let args: Vec<Arg> =
            (0..rows).flat_map(|i| [Arg::Int(Some(i as i64)), Arg::Text(Some(format!("v{i}")))]).collect();
        assert_eq!(w.execute(&Cow::Owned(sql.clone()), &args).unwrap(), rows as u64);
        let sums = w.fetch_pairs(&Cow::Borrowed("SELECT COUNT(*), SUM(a) FROM t WHERE b = 'v' || a"), &[]).unwrap();
        assert_eq!(sums, [(rows as i64, (0..rows as i64).sum())]);
    }

    #[tokio::test]
    async fn parameters_bind_by_number_wherever_they_occur() {
        let (_dir, db) = db();
        let mut w = db.writer().await;
        w.batch("CREATE TABLE t (a INTEGER, b TEXT, c TEXT)").unwrap();
        let args = [Arg::Text(Some("x".into())), Arg::Int(Some(5)), Arg::Text(None)];
        assert_eq!(w.execute(&Cow::Borrowed("INSERT INTO t (a, b, c) VALUES ($2, $1, $3)"), &args).unwrap(), 1);
        let rows = w.fetch(&Cow::Borrowed("SELECT a, b, c, $2 + a AS twice FROM t WHERE b = $1"), &args).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].try_get::<i64, _>("a").unwrap(), 5);
        assert_eq!(rows[0].try_get::<String, _>("b").unwrap(), "x");
        assert_eq!(rows[0].try_get::<Option<String>, _>("c").unwrap(), None);
        assert_eq!(rows[0].try_get::<i64, _>("twice").unwrap(), 10);
        let pairs =
            w.fetch_pairs(&Cow::Borrowed("SELECT a, a * 2 FROM t UNION ALL SELECT 1, 2 ORDER BY 1"), &[]).unwrap();
        assert_eq!(pairs, [(1, 2), (5, 10)]);
        let missing = w.fetch(&Cow::Borrowed("SELECT $4"), &args);
        assert!(matches!(missing, Err(DbError::Decode(_))), "{missing:?}");
    }

    #[tokio::test]
    async fn readers_are_read_only_and_see_commits() {
        let (_dir, db) = db();
        let mut w = db.writer().await;
        w.batch("CREATE TABLE t (a INTEGER)").unwrap();
        drop(w);
        let mut r = db.reader().unwrap();
        assert!(r.execute(&Cow::Borrowed("INSERT INTO t (a) VALUES (1)"), &[]).is_err(), "readers must not write");
        let mut w = db.writer().await;
        w.batch("BEGIN IMMEDIATE; INSERT INTO t (a) VALUES (1);").unwrap();
        assert!(r.fetch(&Cow::Borrowed("SELECT a FROM t"), &[]).unwrap().is_empty(), "uncommitted rows are invisible");
        w.batch("COMMIT").unwrap();
        assert_eq!(r.fetch(&Cow::Borrowed("SELECT a FROM t"), &[]).unwrap().len(), 1);
    }

    #[tokio::test]
    async fn a_snapshot_reads_the_database_as_of_its_first_read_until_dropped() {
        let (_dir, db) = db();
        let mut w = db.writer().await;
        w.batch("CREATE TABLE t (a INTEGER); INSERT INTO t (a) VALUES (1);").unwrap();
        let count = |h: &mut Handle| h.fetch(&Cow::Borrowed("SELECT a FROM t"), &[]).unwrap().len();
        let snapshot = Arc::new(db.snapshot().unwrap());
        w.batch("INSERT INTO t (a) VALUES (2)").unwrap();
        assert_eq!(count(&mut snapshot.reader().unwrap()), 2, "the snapshot starts with its first read");
        w.batch("INSERT INTO t (a) VALUES (3)").unwrap();
        assert_eq!(count(&mut snapshot.reader().unwrap()), 2, "later commits are invisible to it");
        assert_eq!(count(&mut db.reader().unwrap()), 3, "other readers see them");
        drop(snapshot);
        assert_eq!(db.open_readers(), 2);
        let mut again = db.reader().unwrap();
        assert!(again.conn().is_autocommit(), "the snapshot's reader came back with its transaction ended");
        assert_eq!(count(&mut again), 3);
    }

    #[tokio::test]
    async fn a_statement_that_comes_while_the_snapshot_reader_is_busy_gets_a_reader_of_its_own() {
        let (_dir, db) = db();
        let snapshot = Arc::new(db.snapshot().unwrap());
        let first = snapshot.reader().unwrap();
        let second = snapshot.reader().unwrap();
        assert_eq!(db.open_readers(), 2);
        assert!(matches!(&second, Handle::Reader { lent_by: None, .. }));
        drop((first, second));
        assert_eq!(db.idle_readers(), 1, "the other reader went back to the pool, the snapshot's stays lent");
        assert!(matches!(snapshot.reader().unwrap(), Handle::Reader { lent_by: Some(_), .. }));
        drop(snapshot);
        assert_eq!(db.idle_readers(), 2);
    }

    #[tokio::test]
    async fn idle_readers_are_reused_up_to_the_limit() {
        let (_dir, db) = db();
        let (a, b, c) = (db.reader().unwrap(), db.reader().unwrap(), db.reader().unwrap());
        assert_eq!((db.idle_readers(), db.open_readers()), (0, 3));
        drop((a, b, c));
        assert_eq!((db.idle_readers(), db.open_readers()), (2, 2));
        let _again = db.reader().unwrap();
        assert_eq!((db.idle_readers(), db.open_readers()), (1, 2));
    }

    #[tokio::test]
    async fn a_transaction_dropped_without_commit_changes_nothing() {
        let (_dir, db) = db();
        db.writer().await.batch("CREATE TABLE t (a INTEGER)").unwrap();
        let mut tx = db.begin().await.unwrap();
        tx.execute(&Cow::Borrowed("INSERT INTO t (a) VALUES (1)"), &[]).unwrap();
        drop(tx);
        let mut tx = db.begin().await.unwrap();
        tx.execute(&Cow::Borrowed("INSERT INTO t (a) VALUES (2)"), &[]).unwrap();
        tx.commit().await.unwrap();
        let rows = db.reader().unwrap().fetch_pairs(&Cow::Borrowed("SELECT a, a FROM t"), &[]).unwrap();
        assert_eq!(rows, [(2, 2)]);
    }

    /// The writer never checkpoints: the database file grows only when the checkpoint thread copies the commits
    /// from the WAL into it, which it does soon after them.
    #[tokio::test]
    async fn the_checkpoint_thread_copies_commits_into_the_database_file() {
        let (dir, db) = db();
        db.writer().await.batch("CREATE TABLE t (a BLOB)").unwrap();
        let file = dir.path().join("t.db");
        let size = || std::fs::metadata(&file).unwrap().len();
        let before = size();
        for _ in 0..50 {
            let mut tx = db.begin().await.unwrap();
            tx.execute(&Cow::Borrowed("INSERT INTO t (a) VALUES (randomblob(4000))"), &[]).unwrap();
            tx.commit().await.unwrap();
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while size() < before + 50 * 4000 {
            assert!(std::time::Instant::now() < deadline, "no checkpoint: the file stayed at {} bytes", size());
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let rows =
            db.reader().unwrap().fetch_pairs(&Cow::Borrowed("SELECT COUNT(*), SUM(length(a)) FROM t"), &[]).unwrap();
        assert_eq!(rows, [(50, 200_000)]);
    }

    /// Under a steady stream of commits the WAL still starts over: it stays near the catch-up size instead of
    /// growing with everything written.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_wal_stays_bounded_under_a_steady_stream_of_commits() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.db");
        // 64 frames of 4 KiB: the writer catches up once the WAL holds more than 256 KiB.
        let db = Arc::new(SqliteDb::open_with(&uri(&file.to_string_lossy()), 2, 64).unwrap());
        db.writer().await.batch("CREATE TABLE t (a BLOB)").unwrap();
        let wal = dir.path().join("t.db-wal");
        let mut largest = 0;
        // 10,000 pages (40 MB) written back to back, with a reader now and then, as under booking load.
        for i in 0..5_000 {
            let mut tx = db.begin().await.unwrap();
            tx.execute(&Cow::Borrowed("INSERT INTO t (a) VALUES (randomblob(8000))"), &[]).unwrap();
            tx.commit().await.unwrap();
            if i % 50 == 0 {
                db.reader().unwrap().fetch_pairs(&Cow::Borrowed("SELECT COUNT(*), 0 FROM t"), &[]).unwrap();
                tokio::task::yield_now().await;
            }
            largest = largest.max(std::fs::metadata(&wal).unwrap().len());
        }
        // Without catching up the WAL holds every page written; with it, what is written between two passes of
        // the checkpoint thread.
        assert!(largest < 16 * 1024 * 1024, "the WAL grew to {largest} bytes");
        let rows =
            db.reader().unwrap().fetch_pairs(&Cow::Borrowed("SELECT COUNT(*), SUM(length(a)) FROM t"), &[]).unwrap();
        assert_eq!(rows, [(5_000, 40_000_000)]);
    }

    /// Many transactions at once: all commit, each exactly once, in fewer COMMITs than transactions; one that
    /// rolls back in the middle of a group takes only its own change with it.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_transactions_commit_in_groups() {
        let (_dir, db) = db();
        db.writer().await.batch("CREATE TABLE t (a INTEGER PRIMARY KEY)").unwrap();
        let before = db.commits();
        let tasks: Vec<_> = (0..200i64)
            .map(|i| {
                let db = Arc::clone(&db);
                tokio::spawn(async move {
                    let mut tx = db.begin().await.unwrap();
                    tx.execute(&Cow::Borrowed("INSERT INTO t (a) VALUES ($1)"), &[Arg::Int(Some(i))]).unwrap();
                    tokio::task::yield_now().await;
                    if i % 10 == 7 {
                        return false; // dropped: rolled back
                    }
                    tx.commit().await.unwrap();
                    true
                })
            })
            .collect();
        let mut committed = 0;
        for task in tasks {
            committed += i64::from(task.await.unwrap());
        }
        let mut reader = db.reader().unwrap();
        let rows = reader.fetch_pairs(&Cow::Borrowed("SELECT COUNT(*), SUM(a % 10 = 7) FROM t"), &[]).unwrap();
        assert_eq!(rows, [(committed, 0)]);
        assert_eq!(committed, 180);
        let commits = db.commits() - before;
        assert!(commits < 180, "{commits} COMMITs for 180 transactions: no grouping");
    }

    /// The transaction meant to commit a group can go away while it waits for the writer (its request was
    /// cancelled): the members it leaves waiting commit the group themselves.
    #[tokio::test]
    async fn a_group_whose_committer_goes_away_still_commits() {
        let (_dir, db) = db();
        db.writer().await.batch("CREATE TABLE t (a INTEGER)").unwrap();
        let mut first = db.begin().await.unwrap();
        first.execute(&Cow::Borrowed("INSERT INTO t (a) VALUES (1)"), &[]).unwrap();
        // Someone waits for the writer, so `first` leaves its commit to them...
        let waiter = tokio::spawn({
            let db = Arc::clone(&db);
            async move { db.begin().await.map(|_| ()) }
        });
        while db.writer.waiting() == 0 {
            tokio::task::yield_now().await;
        }
        // ...but they are cancelled (on this single-threaded runtime, dropped at the next yield) before their turn.
        waiter.abort();
        let started = std::time::Instant::now();
        first.commit().await.unwrap();
        assert!(started.elapsed() >= Duration::from_millis(40), "the member committed the group itself");
        assert_eq!(db.writer.waiting(), 0);
        assert_eq!(db.reader().unwrap().fetch_pairs(&Cow::Borrowed("SELECT a, a FROM t"), &[]).unwrap(), [(1, 1)]);
    }
}

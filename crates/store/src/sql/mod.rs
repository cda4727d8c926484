//! The storage's own small SQL layer: one query API over two drivers.
//!
//! Statements are written once, with `$1`-style parameters, integer and text values only (times as milliseconds,
//! flags as 0/1, lists as JSON text), and run on either backend:
//! - SQLite through rusqlite, in the calling thread: a statement is a few microseconds of CPU, far less than a
//!   hop to a driver thread and back would cost. Reads use a pool of read-only connections that never waits (an
//!   idle connection, or a new one); writes use the one writer connection behind an async mutex, held by one
//!   transaction at a time.
//! - PostgreSQL through sqlx's native driver (one pool), where a statement is a network round trip anyway.
//!
//! Rows come back as [`Row`]s of [`Value`]s, decoded by column name with [`Row::try_get`].

mod checkpoint;
mod postgres;
mod sqlite;
mod writer;

use std::borrow::Cow;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

pub(crate) use postgres::PgDb;
pub(crate) use sqlite::{SqliteDb, uri as sqlite_uri};

/// A database failure, or a stored value that does not decode.
#[derive(Debug)]
pub enum DbError {
    Sqlite(rusqlite::Error),
    Postgres(sqlx::Error),
    /// A column is missing, or holds a value of another type than the code expects.
    Decode(String),
    /// `fetch_one` found no row.
    RowNotFound,
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::Sqlite(e) => write!(f, "sqlite: {e}"),
            DbError::Postgres(e) => write!(f, "postgres: {e}"),
            DbError::Decode(what) => write!(f, "decoding a row: {what}"),
            DbError::RowNotFound => f.write_str("no row returned"),
        }
    }
}

impl std::error::Error for DbError {}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        DbError::Sqlite(e)
    }
}

impl From<sqlx::Error> for DbError {
    fn from(e: sqlx::Error) -> Self {
        DbError::Postgres(e)
    }
}

impl DbError {
    /// Whether a unique constraint (or primary key) refused the statement.
    pub fn is_unique_violation(&self) -> bool {
        match self {
            DbError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.extended_code,
                rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
            ),
            DbError::Postgres(sqlx::Error::Database(d)) => d.is_unique_violation(),
            _ => false,
        }
    }

    /// PostgreSQL's SQLSTATE, when the server refused the statement.
    pub fn postgres_code(&self) -> Option<String> {
        match self {
            DbError::Postgres(sqlx::Error::Database(d)) => d.code().map(Cow::into_owned),
            _ => None,
        }
    }
}

/// A parameter value. Nulls keep their type: PostgreSQL needs one for every parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Int(Option<i64>),
    Text(Option<String>),
}

/// What can be bound to a parameter.
pub trait IntoArg {
    fn into_arg(self) -> Arg;
}

impl IntoArg for i64 {
    fn into_arg(self) -> Arg {
        Arg::Int(Some(self))
    }
}

impl IntoArg for Option<i64> {
    fn into_arg(self) -> Arg {
        Arg::Int(self)
    }
}

impl IntoArg for &str {
    fn into_arg(self) -> Arg {
        Arg::Text(Some(self.to_owned()))
    }
}

impl IntoArg for String {
    fn into_arg(self) -> Arg {
        Arg::Text(Some(self))
    }
}

impl IntoArg for &String {
    fn into_arg(self) -> Arg {
        Arg::Text(Some(self.clone()))
    }
}

impl IntoArg for Option<&str> {
    fn into_arg(self) -> Arg {
        Arg::Text(self.map(str::to_owned))
    }
}

impl IntoArg for Option<String> {
    fn into_arg(self) -> Arg {
        Arg::Text(self)
    }
}

impl IntoArg for &Option<String> {
    fn into_arg(self) -> Arg {
        Arg::Text(self.clone())
    }
}

/// A column value as stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// Column names of one result, shared by its rows.
pub type Columns = Arc<[Box<str>]>;

/// One result row.
#[derive(Debug, Clone)]
pub struct Row {
    columns: Columns,
    values: Vec<Value>,
}

/// A column by name or by position.
pub trait ColumnIndex {
    fn position(&self, columns: &[Box<str>]) -> Option<usize>;
    fn describe(&self) -> String;
}

impl ColumnIndex for &str {
    fn position(&self, columns: &[Box<str>]) -> Option<usize> {
        columns.iter().position(|c| &**c == *self)
    }
    fn describe(&self) -> String {
        (*self).to_owned()
    }
}

impl ColumnIndex for usize {
    fn position(&self, columns: &[Box<str>]) -> Option<usize> {
        (*self < columns.len()).then_some(*self)
    }
    fn describe(&self) -> String {
        format!("#{self}")
    }
}

/// A Rust value a column decodes to.
pub trait FromValue: Sized {
    fn from_value(value: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Int(v) => Some(*v),
            _ => None,
        }
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Text(v) => Some(v.clone()),
            _ => None,
        }
    }
}

impl FromValue for f64 {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Real(v) => Some(*v),
            Value::Int(v) => Some(*v as f64),
            _ => None,
        }
    }
}

impl FromValue for bool {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Int(v) => Some(*v != 0),
            _ => None,
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            other => T::from_value(other).map(Some),
        }
    }
}

impl Row {
    pub(crate) fn new(columns: Columns, values: Vec<Value>) -> Row {
        Row { columns, values }
    }

    /// The names of the columns from position `start` on, for [`Row::part`] (taken once per result).
    pub(crate) fn names_from(&self, start: usize) -> Columns {
        self.columns[start.min(self.columns.len())..].iter().cloned().collect()
    }

    /// The values from position `start` on under `names` ([`Row::names_from`] of a row of the same result), as a
    /// row of their own: a joined table's columns, whose names repeat those of the table before it.
    pub(crate) fn part(&self, start: usize, names: &Columns) -> Row {
        Row { columns: Arc::clone(names), values: self.values[start.min(self.values.len())..].to_vec() }
    }

    /// The column's value as a `T` (a missing column, or a value of another type, is a decode error).
    pub fn try_get<T: FromValue, I: ColumnIndex>(&self, index: I) -> Result<T, DbError> {
        let position =
            index.position(&self.columns).ok_or_else(|| DbError::Decode(format!("no column {}", index.describe())))?;
        let value = &self.values[position];
        T::from_value(value).ok_or_else(|| {
            DbError::Decode(format!(
                "column {} holds {value:?}, not a {}",
                index.describe(),
                std::any::type_name::<T>()
            ))
        })
    }
}

/// What an `execute` did.
#[derive(Debug, Clone, Copy)]
pub struct Done {
    rows_affected: u64,
}

impl Done {
    pub fn rows_affected(&self) -> u64 {
        self.rows_affected
    }
}

/// A statement and its parameter values.
#[derive(Debug, Clone)]
#[must_use = "a query does nothing until it is fetched or executed"]
pub struct Query {
    sql: Cow<'static, str>,
    args: Vec<Arg>,
}

/// `$first, $first+1, ...` for `n` values: a list whose statement text depends only on its length, so it stays
/// prepared.
pub fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// A statement to run: `$1`, `$2`, ... are bound in order by [`Query::bind`].
pub fn query(sql: impl Into<Cow<'static, str>>) -> Query {
    Query { sql: sql.into(), args: Vec::new() }
}

impl Query {
    pub fn bind(mut self, value: impl IntoArg) -> Query {
        self.args.push(value.into_arg());
        self
    }

    pub async fn fetch_all<'c>(self, on: impl Into<Target<'c>>) -> Result<Vec<Row>, DbError> {
        match on.into() {
            Target::Conn(conn) => conn.fetch(&self).await,
            Target::Read(pool) => pool.acquire().await?.fetch(&self).await,
            Target::Write(db) => db.writer().await?.fetch(&self).await,
        }
    }

    pub async fn fetch_optional<'c>(self, on: impl Into<Target<'c>>) -> Result<Option<Row>, DbError> {
        Ok(self.fetch_all(on).await?.into_iter().next())
    }

    pub async fn fetch_one<'c>(self, on: impl Into<Target<'c>>) -> Result<Row, DbError> {
        self.fetch_optional(on).await?.ok_or(DbError::RowNotFound)
    }

    /// The rows of a query whose first two columns are integers, as pairs: for the hot lookups of busy time,
    /// which read many such rows and nothing else.
    pub async fn fetch_pairs<'c>(self, on: impl Into<Target<'c>>) -> Result<Vec<(i64, i64)>, DbError> {
        match on.into() {
            Target::Conn(conn) => conn.fetch_pairs(&self).await,
            Target::Read(pool) => pool.acquire().await?.fetch_pairs(&self).await,
            Target::Write(db) => db.writer().await?.fetch_pairs(&self).await,
        }
    }

    pub async fn execute<'c>(self, on: impl Into<Target<'c>>) -> Result<Done, DbError> {
        match on.into() {
            Target::Conn(conn) => conn.execute(&self).await,
            Target::Read(pool) => pool.acquire().await?.execute(&self).await,
            Target::Write(db) => db.writer().await?.execute(&self).await,
        }
    }
}

/// The two databases behind a [`crate::Store`].
#[derive(Clone)]
pub(crate) enum Db {
    Sqlite(Arc<SqliteDb>),
    Postgres(PgDb),
}

impl fmt::Debug for Db {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Db::Sqlite(_) => f.write_str("Db::Sqlite"),
            Db::Postgres(_) => f.write_str("Db::Postgres"),
        }
    }
}

impl Db {
    /// A connection for reads (on SQLite a read-only one, never waiting).
    pub async fn reader(&self) -> Result<Conn, DbError> {
        Ok(match self {
            Db::Sqlite(db) => Conn::Sqlite(db.reader()?),
            Db::Postgres(db) => Conn::Postgres(db.acquire().await?),
        })
    }

    /// A connection for writes in autocommit mode (on SQLite the writer, waiting its turn).
    pub async fn writer(&self) -> Result<Conn, DbError> {
        Ok(match self {
            Db::Sqlite(db) => Conn::Sqlite(db.writer().await),
            Db::Postgres(db) => Conn::Postgres(db.acquire().await?),
        })
    }

    /// A write transaction: committed by [`Tx::commit`], rolled back when dropped without it.
    pub async fn begin(&self) -> Result<Tx, DbError> {
        let conn = match self {
            Db::Sqlite(db) => Conn::Sqlite(db.begin().await?),
            Db::Postgres(db) => Conn::Postgres(db.begin().await?),
        };
        Ok(Tx { conn })
    }

    /// A write transaction for work that can wait: on SQLite it lets the transactions waiting for the writer go
    /// first (for at most `patience`); PostgreSQL runs transactions side by side, so there it is [`Db::begin`].
    pub async fn begin_background(&self, patience: std::time::Duration) -> Result<Tx, DbError> {
        let conn = match self {
            Db::Sqlite(db) => Conn::Sqlite(db.begin_background(patience).await?),
            Db::Postgres(db) => Conn::Postgres(db.begin().await?),
        };
        Ok(Tx { conn })
    }

    /// A read-only transaction whose statements read one snapshot: PostgreSQL only (on SQLite see
    /// [`ReadPool::snapshot`]), `None` there.
    pub async fn begin_snapshot(&self) -> Result<Option<Tx>, DbError> {
        match self {
            Db::Sqlite(_) => Ok(None),
            Db::Postgres(db) => Ok(Some(Tx { conn: Conn::Postgres(db.begin_snapshot().await?) })),
        }
    }

    /// [`Db::begin`], then row locks on `users` in the order given (PostgreSQL; on SQLite the writer already
    /// serializes write transactions), sent with the `BEGIN` in one round trip.
    pub async fn begin_locking_users(&self, users: &[i64]) -> Result<Tx, DbError> {
        let conn = match self {
            Db::Sqlite(db) => Conn::Sqlite(db.begin().await?),
            Db::Postgres(db) => Conn::Postgres(db.begin_locking_users(users).await?),
        };
        Ok(Tx { conn })
    }
}

/// Where a query runs: on a connection (or transaction) the caller holds, or on one taken for it.
pub enum Target<'c> {
    Conn(&'c mut Conn),
    Read(&'c ReadPool),
    Write(&'c Db),
}

impl<'c> From<&'c mut Conn> for Target<'c> {
    fn from(conn: &'c mut Conn) -> Self {
        Target::Conn(conn)
    }
}

impl<'c> From<&'c mut Tx> for Target<'c> {
    fn from(tx: &'c mut Tx) -> Self {
        Target::Conn(&mut tx.conn)
    }
}

/// The read side of a store: `fetch_*(&self.read)` takes a reader for the one statement; in a snapshot (SQLite),
/// the snapshot's reader.
#[derive(Clone, Debug)]
pub(crate) struct ReadPool {
    pub(crate) db: Db,
    snapshot: Option<Arc<sqlite::Snapshot>>,
}

/// The write side: statements in autocommit mode, or [`WritePool::begin`] for a transaction.
#[derive(Clone, Debug)]
pub(crate) struct WritePool(pub(crate) Db);

impl ReadPool {
    pub fn new(db: Db) -> ReadPool {
        ReadPool { db, snapshot: None }
    }

    pub async fn acquire(&self) -> Result<Conn, DbError> {
        match &self.snapshot {
            Some(snapshot) => Ok(Conn::Sqlite(snapshot.reader()?)),
            None => self.db.reader().await,
        }
    }

    /// The same database, read in one snapshot while the returned pool (or a clone) lives (SQLite: one reader in one
    /// read transaction, which also spares each statement starting a transaction of its own). PostgreSQL reads each
    /// statement's own committed state, as before.
    pub fn snapshot(&self) -> Result<ReadPool, DbError> {
        match &self.db {
            Db::Sqlite(db) if self.snapshot.is_none() => {
                Ok(ReadPool { db: self.db.clone(), snapshot: Some(Arc::new(db.snapshot()?)) })
            }
            _ => Ok(self.clone()),
        }
    }
}

impl WritePool {
    pub async fn begin(&self) -> Result<Tx, DbError> {
        self.0.begin().await
    }

    pub async fn begin_locking_users(&self, users: &[i64]) -> Result<Tx, DbError> {
        self.0.begin_locking_users(users).await
    }

    pub async fn begin_background(&self, patience: std::time::Duration) -> Result<Tx, DbError> {
        self.0.begin_background(patience).await
    }
}

impl<'c> From<&'c ReadPool> for Target<'c> {
    fn from(pool: &'c ReadPool) -> Self {
        Target::Read(pool)
    }
}

impl<'c> From<&'c WritePool> for Target<'c> {
    fn from(pool: &'c WritePool) -> Self {
        Target::Write(&pool.0)
    }
}

/// A connection held by the caller.
pub enum Conn {
    Sqlite(sqlite::Handle),
    Postgres(postgres::Handle),
}

impl Conn {
    /// The database this connection belongs to.
    pub fn backend(&self) -> crate::Backend {
        match self {
            Conn::Sqlite(_) => crate::Backend::Sqlite,
            Conn::Postgres(_) => crate::Backend::Postgres,
        }
    }

    async fn fetch(&mut self, query: &Query) -> Result<Vec<Row>, DbError> {
        match self {
            Conn::Sqlite(conn) => conn.fetch(&query.sql, &query.args),
            Conn::Postgres(conn) => conn.fetch(query.sql.clone(), &query.args).await,
        }
    }

    async fn fetch_pairs(&mut self, query: &Query) -> Result<Vec<(i64, i64)>, DbError> {
        match self {
            Conn::Sqlite(conn) => conn.fetch_pairs(&query.sql, &query.args),
            Conn::Postgres(conn) => conn.fetch_pairs(query.sql.clone(), &query.args).await,
        }
    }

    async fn execute(&mut self, query: &Query) -> Result<Done, DbError> {
        let rows_affected = match self {
            Conn::Sqlite(conn) => conn.execute(&query.sql, &query.args)?,
            Conn::Postgres(conn) => conn.execute(query.sql.clone(), &query.args).await?,
        };
        Ok(Done { rows_affected })
    }
}

/// A write transaction. Dropped without [`Tx::commit`], it is rolled back (SQLite: its savepoint, by the writer
/// guard; PostgreSQL: by sqlx's transaction).
pub struct Tx {
    conn: Conn,
}

impl Tx {
    pub async fn commit(mut self) -> Result<(), DbError> {
        match &mut self.conn {
            Conn::Sqlite(conn) => conn.commit().await,
            Conn::Postgres(conn) => conn.commit().await,
        }
    }

    /// Rolls back now. Dropping a transaction rolls it back too, but on PostgreSQL only when its connection is next
    /// used: until then it keeps its row locks, and a retry on another connection would find its rows locked.
    pub async fn rollback(self) -> Result<(), DbError> {
        match self.conn {
            Conn::Sqlite(conn) => {
                drop(conn);
                Ok(())
            }
            Conn::Postgres(mut conn) => conn.rollback().await,
        }
    }
}

impl Deref for Tx {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.conn
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.conn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> Row {
        let columns: Columns = vec!["id".into(), "name".into(), "gone".into()].into();
        Row::new(columns, vec![Value::Int(7), Value::Text("x".into()), Value::Null])
    }

    #[test]
    fn rows_decode_by_name_and_position() {
        let row = row();
        assert_eq!(row.try_get::<i64, _>("id").unwrap(), 7);
        assert_eq!(row.try_get::<String, _>(1).unwrap(), "x");
        assert_eq!(row.try_get::<Option<String>, _>("gone").unwrap(), None);
        assert_eq!(row.try_get::<Option<i64>, _>("id").unwrap(), Some(7));
        assert!(row.try_get::<bool, _>("id").unwrap());
    }

    #[test]
    fn wrong_types_and_missing_columns_are_decode_errors() {
        let row = row();
        assert!(matches!(row.try_get::<i64, _>("name"), Err(DbError::Decode(_))));
        assert!(matches!(row.try_get::<i64, _>("gone"), Err(DbError::Decode(_))));
        assert!(matches!(row.try_get::<i64, _>("nope"), Err(DbError::Decode(_))));
        assert!(matches!(row.try_get::<i64, _>(9), Err(DbError::Decode(_))));
    }
}

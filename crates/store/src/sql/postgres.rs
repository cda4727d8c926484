//! PostgreSQL through sqlx's native driver: one pool per process; statements are prepared once per connection
//! (sqlx caches them by text).

use std::borrow::Cow;
use std::sync::Arc;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::{
    Arguments, AssertSqlSafe, Column, PgConnection, PgPool, Postgres, Row as _, Transaction, TypeInfo, ValueRef,
};

use super::{Arg, Columns, DbError, Row, Value};

#[derive(Clone, Debug)]
pub(crate) struct PgDb {
    pub pool: PgPool,
}

impl PgDb {
    pub async fn acquire(&self) -> Result<Handle, DbError> {
        Ok(Handle::Pooled(self.pool.acquire().await?))
    }

    pub async fn begin(&self) -> Result<Handle, DbError> {
        Ok(Handle::Tx(Some(self.pool.begin().await?)))
    }

    /// A read-only transaction whose statements all read one snapshot (repeatable read).
    pub async fn begin_snapshot(&self) -> Result<Handle, DbError> {
        let begin = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
        Ok(Handle::Tx(Some(self.pool.begin_with(begin).await?)))
    }

    /// A transaction that starts by locking the rows of `users` (in the order given) in the same round trip as
    /// its `BEGIN`: one simple query of several statements. A failed lock fails the begin.
    pub async fn begin_locking_users(&self, users: &[i64]) -> Result<Handle, DbError> {
        let mut sql = String::from("BEGIN");
        for id in users {
            // Integers only: nothing a caller passes can change the statement.
            sql.push_str(&format!("; SELECT id FROM users WHERE id = {id} FOR UPDATE"));
        }
        Ok(Handle::Tx(Some(self.pool.begin_with(AssertSqlSafe(sql)).await?)))
    }
}

/// A pooled connection, or one in a transaction (rolled back by sqlx when dropped uncommitted).
pub enum Handle {
    Pooled(PoolConnection<Postgres>),
    Tx(Option<Transaction<'static, Postgres>>),
}

fn arguments(args: &[Arg]) -> Result<PgArguments, DbError> {
    let mut out = PgArguments::default();
    for arg in args {
        match arg {
            Arg::Int(v) => out.add(*v),
            Arg::Text(v) => out.add(v.clone()),
        }
        .map_err(|e| DbError::Decode(format!("binding a parameter: {e}")))?;
    }
    Ok(out)
}

fn value(row: &PgRow, index: usize) -> Result<Value, DbError> {
    if row.try_get_raw(index)?.is_null() {
        return Ok(Value::Null);
    }
    let column = &row.columns()[index];
    Ok(match column.type_info().name() {
        "INT8" => Value::Int(row.try_get::<i64, _>(index)?),
        "INT4" => Value::Int(i64::from(row.try_get::<i32, _>(index)?)),
        "INT2" => Value::Int(i64::from(row.try_get::<i16, _>(index)?)),
        "BOOL" => Value::Int(i64::from(row.try_get::<bool, _>(index)?)),
        "FLOAT8" => Value::Real(row.try_get::<f64, _>(index)?),
        "FLOAT4" => Value::Real(f64::from(row.try_get::<f32, _>(index)?)),
        "TEXT" | "VARCHAR" | "BPCHAR" | "NAME" => Value::Text(row.try_get::<String, _>(index)?),
        other => return Err(DbError::Decode(format!("column {} has type {other}", column.name()))),
    })
}

fn rows(pg: Vec<PgRow>) -> Result<Vec<Row>, DbError> {
    let Some(first) = pg.first() else { return Ok(Vec::new()) };
    let columns: Columns = first.columns().iter().map(|c| Box::from(c.name())).collect::<Arc<[_]>>();
    pg.iter()
        .map(|row| {
            let values = (0..columns.len()).map(|i| value(row, i)).collect::<Result<_, _>>()?;
            Ok(Row::new(Columns::clone(&columns), values))
        })
        .collect()
}

impl Handle {
    fn conn(&mut self) -> Result<&mut PgConnection, DbError> {
        match self {
            Handle::Pooled(conn) => Ok(conn),
            Handle::Tx(Some(tx)) => Ok(tx),
            Handle::Tx(None) => Err(DbError::Decode("the transaction is already committed".into())),
        }
    }

    pub async fn fetch(&mut self, sql: Cow<'static, str>, args: &[Arg]) -> Result<Vec<Row>, DbError> {
        let query = sqlx::query_with(AssertSqlSafe(sql), arguments(args)?);
        rows(query.fetch_all(self.conn()?).await?)
    }

    pub async fn fetch_pairs(&mut self, sql: Cow<'static, str>, args: &[Arg]) -> Result<Vec<(i64, i64)>, DbError> {
        let query = sqlx::query_with(AssertSqlSafe(sql), arguments(args)?);
        let rows = query.fetch_all(self.conn()?).await?;
        rows.iter().map(|r| Ok((r.try_get::<i64, _>(0)?, r.try_get::<i64, _>(1)?))).collect()
    }

    pub async fn execute(&mut self, sql: Cow<'static, str>, args: &[Arg]) -> Result<u64, DbError> {
        let query = sqlx::query_with(AssertSqlSafe(sql), arguments(args)?);
        Ok(query.execute(self.conn()?).await?.rows_affected())
    }

    pub async fn commit(&mut self) -> Result<(), DbError> {
        match self {
            Handle::Tx(tx) => match tx.take() {
                Some(tx) => Ok(tx.commit().await?),
                None => Err(DbError::Decode("the transaction is already committed".into())),
            },
            Handle::Pooled(_) => Err(DbError::Decode("COMMIT outside a transaction".into())),
        }
    }

    /// Rolls back the transaction this handle holds, if any, and waits for it.
    pub async fn rollback(&mut self) -> Result<(), DbError> {
        match self {
            Handle::Tx(tx) => match tx.take() {
                Some(tx) => Ok(tx.rollback().await?),
                None => Ok(()),
            },
            Handle::Pooled(_) => Ok(()),
        }
    }
}

//! Calends storage. One [`Store`] over a small SQL layer of its own (`sql`), so the same SQL runs on the embedded
//! SQLite default (rusqlite, in the calling thread) and, with its own migrations, on PostgreSQL (sqlx).
//!
//! Conventions that keep the SQL portable: `$1`-style parameters, times as INTEGER milliseconds (UTC), booleans as
//! INTEGER 0/1, lists as JSON text. Every write goes through the writer pool (one connection on SQLite: SQLite
//! has one writer anyway, and a single connection keeps the WAL small); reads use the reader pool. On PostgreSQL
//! both are one pool, several instances may share the database, and the few places where the backends differ are
//! explicit (see [`Backend`]): row locks where SQLite relies on its single writer (a host's bookings and
//! reservations, the outbox claim), and the migrations.

mod api_keys;
mod bookings;
mod conv;
mod db;
mod deliveries;
mod event_types;
mod inputs;
mod reservations;
mod schedules;
mod sql;
mod teams;
#[cfg(feature = "testing")]
pub mod testing;
mod users;
mod webhooks;

pub use api_keys::Authenticated;
pub use bookings::{
    BookingFilter, BookingTx, BusyRead, BusyWithIds, HeldAt, HostRead, IdempotentReply, SeatedSlot, SortColumn,
    StatusChange,
};
pub use db::{Backend, PoolStats, Store, StoreOptions, redact_url};
pub use event_types::EventTypeOrder;
pub use inputs::{CreateInputs, Mark, MarkOf};

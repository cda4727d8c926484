//! The webhook delivery worker. It runs beside the HTTP server on its own threads and never touches HTTP handler
//! code: it claims due deliveries from the outbox (with a lease, so several instances can share one database),
//! sends each one signed and templated, and records every attempt, retrying with backoff until it succeeds or the
//! schedule is exhausted. A crash loses nothing: unsent deliveries stay pending and are sent after the restart.

mod guard;
mod send;
mod worker;

pub use send::{Sender, USER_AGENT, ping, send};
pub use worker::{Config, DeliveryWorker, Waker};

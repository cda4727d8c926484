//! Calends domain logic: the rules of the API that are independent of HTTP and SQL.
//!
//! Storage returns the record types defined here; the server validates input with the functions here and converts
//! [`Error`] into the wire error once, at the edge.

pub mod api_keys;
pub mod bookings;
pub mod clock;
pub mod deliveries;
pub mod error;
pub mod event_types;
pub mod ids;
pub mod net;
pub mod reservations;
pub mod schedules;
pub mod team_event_types;
pub mod teams;
pub mod template;
pub mod times;
pub mod users;
pub mod validate;
pub mod webhooks;

pub use clock::Clock;
pub use error::{Error, FieldError, Result};

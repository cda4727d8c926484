//! Calends wire types: the request and response bodies of the Cal.com API v2 contract, annotated for utoipa so the
//! OpenAPI document is derived from the same types the server (de)serializes.
//!
//! This crate knows nothing of HTTP frameworks or SQL. Field names are camelCase, as in the reference.

#[macro_use]
mod macros;

pub mod api_keys;
pub mod bookings;
pub mod common;
pub mod envelope;
pub mod error;
pub mod event_types;
pub mod health;
pub mod me;
pub mod openapi;
pub mod patch;
pub mod schedules;
pub mod slots;
pub mod team_event_types;
pub mod teams;
pub mod webhooks;

pub use envelope::SuccessStatus;
pub use error::{ErrorBody, ErrorCode, ErrorResponse};

//! Operations that combine storage and domain rules, shared by handlers (and, later, by background workers).
//! They know nothing of HTTP requests; they return domain errors.

pub mod availability;
pub mod batch;
pub mod bookings;
pub mod events;
pub mod kept;
pub mod team_availability;
pub mod teams;
pub mod webhooks;

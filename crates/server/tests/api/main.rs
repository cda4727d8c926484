//! In-process HTTP tests of every endpoint against the real application (one test binary, one module per area).

mod api_keys;
mod bookings;
mod deliveries;
mod docs;
mod edge;
mod event_types;
mod me;
mod receiver;
mod schedules;
mod slots;
mod support;
mod webhooks;

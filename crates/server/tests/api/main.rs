//! In-process HTTP tests of every endpoint against the real application (one test binary, one module per area).

mod access;
mod api_keys;
mod bookings;
mod concurrency;
mod deliveries;
mod docs;
mod edge;
mod event_types;
mod me;
mod operations;
mod receiver;
mod schedules;
mod slots;
mod support;
mod sweep;
mod team_event_types;
mod teams;
mod webhooks;

/// The whole suite once more, on PostgreSQL (see `support`). Named to start among the first, beside the SQLite run.
#[test]
fn all_tests_again_on_postgres() {
    calends_store::testing::rerun_on_postgres("all_tests_again_on_postgres");
}

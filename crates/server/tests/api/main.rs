//! In-process HTTP tests of every endpoint against the real application (one test binary, one module per area).

mod api_keys;
mod docs;
mod edge;
mod me;
mod support;
mod webhooks;

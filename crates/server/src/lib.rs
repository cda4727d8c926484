//! The Calends HTTP server: routes, authentication, the error envelope, the OpenAPI document and Swagger UI.
//!
//! Handlers are thin: they extract and authenticate, call domain validation and storage, and convert the result to
//! the wire shape. Status codes are decided here and nowhere else ([`error::ApiError`]).

pub mod app;
pub mod bootstrap;
pub mod config;
pub mod docs;
pub mod edge;
pub mod error;
pub mod extract;
pub mod limits;
pub mod metrics;
pub mod routes;
pub mod services;
pub mod state;
pub mod version;

pub use app::{api_doc, build_app, run};
pub use config::ServeConfig;
pub use state::AppState;

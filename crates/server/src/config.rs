//! Server settings, from flags or environment variables (see `calends --help`).

use std::net::SocketAddr;

#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// `sqlite://path.db` or a plain path, or `postgres://...`.
    pub database_url: String,
    /// HTTP worker threads; 0 means one per CPU.
    pub workers: usize,
    /// Connections in the database reader pool (SQLite) or the one pool (PostgreSQL).
    pub db_pool_size: u32,
    /// Stop gracefully on SIGINT/SIGTERM (off for servers embedded in tests).
    pub handle_signals: bool,
    /// Deliver webhooks to loopback and private addresses.
    pub allow_private_webhook_targets: bool,
    /// The webhook delivery worker's settings.
    pub delivery: calends_delivery::Config,
    /// Requests per minute per API key (a key may have its own); 0 turns the limit off.
    pub rate_limit_per_minute: u32,
    /// Requests per minute per client address without a valid key; 0 turns the limit off.
    pub anonymous_rate_limit_per_minute: u32,
}

impl Default for ServeConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: "./calends.db".into(),
            workers: 0,
            db_pool_size: 8,
            handle_signals: true,
            allow_private_webhook_targets: false,
            delivery: calends_delivery::Config::default(),
            rate_limit_per_minute: 120,
            anonymous_rate_limit_per_minute: 120,
        }
    }
}

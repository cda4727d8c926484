//! What every handler can reach.

use std::sync::Arc;

use calends_delivery::Waker;
use calends_domain::Clock;
use calends_store::Store;

use crate::limits::RateLimits;
use crate::services::batch::Batches;
use crate::services::kept::Kept;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: Clock,
    /// Deliver webhooks to loopback and private addresses (`--allow-private-webhook-targets`).
    pub allow_private_webhook_targets: bool,
    /// Wakes the delivery worker after a change that owes deliveries was committed.
    pub deliveries: Waker,
    pub limits: Arc<RateLimits>,
    /// Creates waiting to be decided together (PostgreSQL).
    pub batches: Arc<Batches>,
    /// The inputs of creates this instance keeps (PostgreSQL).
    pub kept: Arc<Kept>,
}

impl AppState {
    pub fn new(store: Store, clock: Clock) -> Self {
        Self {
            store,
            clock,
            allow_private_webhook_targets: false,
            deliveries: Waker::default(),
            limits: Arc::new(RateLimits::unlimited()),
            batches: Arc::default(),
            kept: Arc::default(),
        }
    }

    pub fn allowing_private_webhook_targets(mut self, allow: bool) -> Self {
        self.allow_private_webhook_targets = allow;
        self
    }

    pub fn with_rate_limits(mut self, limits: RateLimits) -> Self {
        self.limits = Arc::new(limits);
        self
    }

    pub fn with_delivery_waker(mut self, waker: Waker) -> Self {
        self.deliveries = waker;
        self
    }

    /// This state with the store's reads taken from one snapshot (see `Store::snapshot`), for a read-only request:
    /// its reads agree with each other and cost less. Drop it before the request's response is sent.
    pub fn reading(&self) -> Result<AppState, calends_domain::Error> {
        Ok(AppState { store: self.store.snapshot()?, ..self.clone() })
    }
}

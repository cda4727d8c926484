//! What every handler can reach.

use calends_domain::Clock;
use calends_store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: Clock,
}

impl AppState {
    pub fn new(store: Store, clock: Clock) -> Self {
        Self { store, clock }
    }
}

//! The source of "now". Production reads the system clock; tests can pin or advance it.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, TimeZone, Utc};

#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Milliseconds since the epoch when the clock is manual; `None` for the system clock.
    manual: Option<Arc<AtomicI64>>,
}

impl Clock {
    pub fn system() -> Self {
        Self { manual: None }
    }

    /// A clock that stands still at `at` until [`Clock::set`] or [`Clock::advance`] moves it.
    pub fn manual(at: DateTime<Utc>) -> Self {
        Self { manual: Some(Arc::new(AtomicI64::new(at.timestamp_millis()))) }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.manual {
            None => Utc::now(),
            Some(ms) => Utc.timestamp_millis_opt(ms.load(Ordering::SeqCst)).single().unwrap_or_default(),
        }
    }

    /// Moves a manual clock; does nothing to the system clock.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Some(ms) = &self.manual {
            ms.store(at.timestamp_millis(), Ordering::SeqCst);
        }
    }

    pub fn advance(&self, by: chrono::Duration) {
        if let Some(ms) = &self.manual {
            ms.fetch_add(by.num_milliseconds(), Ordering::SeqCst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_told() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 8, 6, 0, 0).unwrap();
        let clock = Clock::manual(t0);
        assert_eq!(clock.now(), t0);
        clock.advance(chrono::Duration::minutes(90));
        assert_eq!(clock.now(), Utc.with_ymd_and_hms(2026, 3, 8, 7, 30, 0).unwrap());
        clock.set(t0);
        assert_eq!(clock.now(), t0);
    }
}

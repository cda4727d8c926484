//! Rate limits like Cal.com's: per API key (120 requests a minute by default; a key may have its own limit), and
//! per client address for requests without a valid key. Every response says where the caller stands
//! (`X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset`); a refused request gets a 429 with
//! `Retry-After`. The state lives in this process: each instance enforces its own limits.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};

use governor::middleware::StateInformationMiddleware;
use governor::nanos::Nanos;
use governor::state::keyed::DashMapStateStore;
use governor::{Quota, RateLimiter};

/// The limiter's time source: the application clock, so tests can hold time still.
#[derive(Clone, Debug)]
struct Ticks(calends_domain::Clock);

impl governor::clock::Clock for Ticks {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        Nanos::from(u64::try_from(self.0.now().timestamp_millis()).unwrap_or(0).saturating_mul(1_000_000))
    }
}

/// Who a request counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    Key(i64),
    Address(IpAddr),
}

type Keyed = RateLimiter<Subject, DashMapStateStore<Subject>, Ticks, StateInformationMiddleware>;

/// Where a request stands against its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the full limit is available again.
    pub reset_seconds: u64,
    /// Set when the request is refused: seconds until one is allowed.
    pub retry_after: Option<u64>,
}

pub struct RateLimits {
    key_default: Option<NonZeroU32>,
    anonymous: Option<NonZeroU32>,
    /// One limiter per distinct per-minute quota.
    limiters: Mutex<HashMap<u32, Arc<Keyed>>>,
    clock: Ticks,
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimits")
            .field("key_default", &self.key_default)
            .field("anonymous", &self.anonymous)
            .finish()
    }
}

impl RateLimits {
    /// Limits in requests per minute; 0 turns a limit off.
    pub fn new(per_key: u32, anonymous: u32, clock: calends_domain::Clock) -> Self {
        Self {
            key_default: NonZeroU32::new(per_key),
            anonymous: NonZeroU32::new(anonymous),
            limiters: Mutex::new(HashMap::new()),
            clock: Ticks(clock),
        }
    }

    pub fn unlimited() -> Self {
        Self::new(0, 0, calends_domain::Clock::system())
    }

    fn limiter(&self, per_minute: NonZeroU32) -> Arc<Keyed> {
        let mut limiters = self.limiters.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        limiters
            .entry(per_minute.get())
            .or_insert_with(|| {
                Arc::new(
                    RateLimiter::dashmap_with_clock(Quota::per_minute(per_minute), self.clock.clone())
                        .with_middleware::<StateInformationMiddleware>(),
                )
            })
            .clone()
    }

    /// Counts one request of `subject`; `key_limit` is the key's own limit, if it has one (0: unlimited).
    /// `None` when no limit applies.
    pub fn check(&self, subject: Subject, key_limit: Option<u32>) -> Option<Verdict> {
        let per_minute = match (subject, key_limit) {
            (Subject::Key(_), Some(own)) => NonZeroU32::new(own)?,
            (Subject::Key(_), None) => self.key_default?,
            (Subject::Address(_), _) => self.anonymous?,
        };
        let limit = per_minute.get();
        // Seconds (rounded up) for `n` requests to replenish at `limit` per minute.
        let replenish = |n: u32| (u64::from(n) * 60).div_ceil(u64::from(limit));
        Some(match self.limiter(per_minute).check_key(&subject) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                Verdict { limit, remaining, reset_seconds: replenish(limit - remaining.min(limit)), retry_after: None }
            }
            Err(not_until) => {
                let wait =
                    not_until.wait_time_from(governor::clock::Clock::now(&self.clock)).as_secs_f64().ceil() as u64;
                let wait = wait.max(1);
                Verdict { limit, remaining: 0, reset_seconds: replenish(limit).max(wait), retry_after: Some(wait) }
            }
        })
    }

    /// Forgets subjects whose limits are fully replenished, so memory follows active callers only.
    pub fn forget_idle(&self) {
        let limiters: Vec<Arc<Keyed>> =
            self.limiters.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).values().cloned().collect();
        for limiter in limiters {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_burst_gets_the_limit_then_waits() {
        let clock = calends_domain::Clock::manual(chrono::Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap());
        let limits = RateLimits::new(120, 10, clock.clone());
        let key = Subject::Key(1);
        let verdicts: Vec<Verdict> = (0..200).map(|_| limits.check(key, None).unwrap()).collect();
        assert_eq!(verdicts.iter().filter(|v| v.retry_after.is_none()).count(), 120);
        assert_eq!(verdicts[0], Verdict { limit: 120, remaining: 119, reset_seconds: 1, retry_after: None });
        assert_eq!(verdicts[119].remaining, 0);
        assert_eq!(verdicts[119].reset_seconds, 60);
        assert_eq!(verdicts[120].retry_after, Some(1));
        // Half a second gives back one request.
        clock.advance(chrono::Duration::milliseconds(500));
        assert!(limits.check(key, None).unwrap().retry_after.is_none());
        assert!(limits.check(key, None).unwrap().retry_after.is_some());
        // Other subjects and own limits are counted apart.
        assert_eq!(limits.check(Subject::Key(2), Some(5)).unwrap().limit, 5);
        assert_eq!(limits.check(Subject::Key(3), Some(0)), None);
        let ip = Subject::Address("10.1.2.3".parse().unwrap());
        assert_eq!(limits.check(ip, None).unwrap().limit, 10);
        assert_eq!(RateLimits::unlimited().check(key, None), None);
    }
}

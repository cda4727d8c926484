//! The inputs of creates this instance keeps in memory (PostgreSQL): per personal event type, the event type, its
//! owner, the schedule it takes its hours from and the webhooks that hear of its bookings, with the mark of the rows
//! they were read from (`calends_store::CreateInputs`).
//!
//! A create by event type id takes them from here instead of reading them (four statements, more than the rest of
//! its share of the work on PostgreSQL), and is decided in a batch (`batch.rs`) that reads the mark again in its
//! transaction, under the host's lock: it is decided only if the mark is unchanged, i.e. exactly as if it had read
//! the rows there. A create whose mark moved is made again the ordinary way, from fresh reads, and the kept entry
//! is dropped. Nothing here needs to be told of changes: every change to those rows (on any instance, through any
//! path) changes the mark.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use calends_domain::Result;
use calends_domain::schedules;
use calends_model::webhooks::WebhookTrigger;
use calends_store::{CreateInputs, Mark};
use chrono::{DateTime, Utc};

use crate::services::availability::{Bookable, Engine, own_schedule};
use crate::services::events::Outbox;
use crate::state::AppState;

/// The most event types kept; past it, the kept entries are dropped and kept again as they are used.
const MOST: usize = 4096;

/// How long an event type whose creates cannot be decided from kept inputs (a team's, one with seats, one without
/// a schedule, none, or one whose inputs could not be read) is remembered as such; its creates go the ordinary way
/// meanwhile.
const NOT_KEPT_FOR: Duration = Duration::from_secs(10);

/// The kept inputs of one event type's creates.
pub struct Inputs {
    pub bookable: Bookable,
    schedule: calends_slots::Schedule,
    subscribers: Vec<(i64, Vec<WebhookTrigger>)>,
    pub mark: Mark,
}

impl Inputs {
    /// `inputs` as kept: `None` when creates of its event type are not decided from kept inputs.
    fn of(inputs: CreateInputs) -> Result<Option<Inputs>> {
        let CreateInputs { event_type, owner, own_schedule: own, default_schedule, subscribers, mark } = inputs;
        if event_type.team_id.is_some() || event_type.config.seats().is_some() {
            return Ok(None);
        }
        let bookable = Bookable { event_type, owner };
        let Some(schedule) = own_schedule(&bookable, own).or(default_schedule) else { return Ok(None) };
        let schedule = schedules::to_engine(&schedule.spec)?;
        Ok(Some(Inputs { bookable, schedule, subscribers, mark }))
    }

    /// The engine of a create of `length_minutes`.
    pub fn engine(&self, length_minutes: u32) -> Engine {
        Engine::new(&self.bookable, self.schedule.clone(), length_minutes)
    }

    /// The outbox of a create at `now`.
    pub fn outbox(&self, now: DateTime<Utc>) -> Outbox {
        Outbox::of(self.subscribers.clone(), now)
    }
}

enum Entry {
    Kept(Arc<Inputs>),
    NotKept { until: Instant },
}

/// The kept inputs, by event type id.
#[derive(Default)]
pub struct Kept {
    entries: Mutex<HashMap<i64, Entry>>,
}

impl Kept {
    /// The kept inputs of creates of event type `id`, read (and kept) when not kept yet; `None` when its creates
    /// go the ordinary way.
    pub async fn get(&self, state: &AppState, id: i64) -> Option<Arc<Inputs>> {
        let now = Instant::now();
        match self.entries.lock().unwrap_or_else(PoisonError::into_inner).get(&id) {
            Some(Entry::Kept(inputs)) => return Some(Arc::clone(inputs)),
            Some(Entry::NotKept { until }) if *until > now => return None,
            _ => {}
        }
        // Inputs that cannot be read or kept (a lost connection, a database engine without some of the SQL the
        // mark uses, a schedule stored corrupt) leave the creates to the ordinary way, which answers with the error
        // if there still is one.
        let inputs = match state.store.create_inputs(id).await.and_then(|read| read.map(Inputs::of).transpose()) {
            Ok(inputs) => inputs.flatten().map(Arc::new),
            Err(e) => {
                tracing::warn!(error = %e, event_type = id, "the inputs of creates could not be kept");
                None
            }
        };
        let entry = match &inputs {
            Some(inputs) => Entry::Kept(Arc::clone(inputs)),
            None => Entry::NotKept { until: now + NOT_KEPT_FOR },
        };
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= MOST {
            entries.clear();
        }
        entries.insert(id, entry);
        inputs
    }

    /// Drops the kept inputs of event type `id` if they are `stale` (a create found their mark moved).
    pub fn forget(&self, id: i64, stale: &Inputs) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(Entry::Kept(kept)) = entries.get(&id)
            && std::ptr::eq(Arc::as_ptr(kept), stale)
        {
            entries.remove(&id);
        }
    }
}

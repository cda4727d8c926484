//! Creates of one host's event type decided and written together (PostgreSQL).
//!
//! Two creates for one host must be decided one after the other (each sees the bookings decided before it), so on
//! PostgreSQL each takes the host's row lock for its whole transaction: BEGIN with the lock, busy time, booking,
//! attendees, events, COMMIT, one round trip each, while every other create of the host waits. Here the creates of
//! one host and event type that arrive while such a transaction runs wait in a queue instead, and the next
//! transaction decides all of them: it reads busy time (and the bookings counted against period limits) once, over
//! every window the waiting creates look at, decides each create in arrival order from what was read plus the
//! bookings decided before it in the batch (exactly what its own reads in its own transaction would have found),
//! and writes every booking, attendee and webhook event in one statement. Ids come from the tables' sequences
//! with the busy time, so payloads and answers are built before the write. Four round trips under the lock for the
//! batch (BEGIN with the lock, busy time and ids, the write, COMMIT), instead of five or six for each create; and
//! the batch's COMMIT overlaps the next batch's wait for the lock. A batch takes the creates waiting once it holds
//! the lock, so those that arrived while it waited join it: with several instances, whose batches of one host take
//! turns, the turns stay few and large.
//!
//! Only plain creates are batched: one occurrence, no seats, no reservation to redeem, no idempotency key. A batch
//! that fails (a connection lost, a uid collision) decides nothing: each of its creates then goes the ordinary way,
//! in a transaction of its own, which answers with the error if there still is one. Instances share nothing here:
//! the row lock still serializes the batches of several instances.
//!
//! A create planned from the inputs this instance keeps (`kept.rs`) carries the mark of the rows they were read
//! from; the batch reads the mark again with the busy time, and decides such a create only if it is unchanged. One
//! whose mark moved is answered `Stale` and made again from fresh reads.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use calends_domain::bookings::{Booking, NewBooking};
use calends_domain::event_types::EventTypeConfig;
use calends_domain::users::User;
use calends_domain::webhooks::sign;
use calends_domain::{Error, Result};
use calends_slots::Interval;
use calends_store::{BookingTx, Mark};
use chrono::{DateTime, Utc};
use tokio::sync::oneshot;

use crate::services::availability::{self, Bookable, Engine, Except, Preloaded, Reads};
use crate::services::events::{Outbox, Prepared};
use crate::state::AppState;

/// The most creates one transaction decides; more wait for the next one.
const MOST: usize = 64;

/// One create, ready to be decided: its engine and booking (at the start asked for), and what its webhooks get.
pub struct Plan {
    pub engine: Engine,
    pub now: DateTime<Utc>,
    pub new: NewBooking,
    pub prepared: Option<Prepared>,
    pub outbox: Outbox,
    pub host: User,
    pub config: EventTypeConfig,
    /// For a create planned from kept inputs (`kept.rs`): the mark they were read with, which must be unchanged
    /// for the create to be decided.
    pub mark: Option<Mark>,
}

impl Plan {
    /// The plan of a create of `bookable`'s event type, booking `new` as of `now`.
    pub fn new(
        bookable: &Bookable,
        engine: Engine,
        now: DateTime<Utc>,
        new: NewBooking,
        prepared: Option<Prepared>,
        outbox: Outbox,
        mark: Option<Mark>,
    ) -> Plan {
        let (host, config) = (bookable.owner.clone(), bookable.event_type.config.clone());
        Plan { engine, now, new, prepared, outbox, host, config, mark }
    }
}

/// How a batch decided a create.
pub enum Decided {
    /// Booked and committed, with the booking as written.
    Booked(Box<Booking>),
    /// The engine does not offer its start (nothing was written for it).
    NotOffered,
    /// The batch failed: the create is to be made on its own, from its plan (its prepared payload may be gone).
    Alone(Box<Plan>),
    /// The create was planned from kept inputs whose rows changed since (nothing was written for it).
    Stale,
}

/// What a batch made of one create.
enum Outcome {
    Booked(Box<Booking>),
    NotOffered,
    Stale,
}

struct Job {
    plan: Plan,
    reply: oneshot::Sender<Decided>,
}

/// The creates waiting for each host and event type. A key is present while a leader task runs its batches.
#[derive(Default)]
pub struct Batches {
    waiting: Mutex<HashMap<(i64, i64), Vec<Job>>>,
}

impl Batches {
    /// Decides `plan` in the next batch of its host and event type, starting a leader for them if none runs.
    pub async fn decide(&self, state: &AppState, plan: Plan) -> Result<Decided> {
        let key = (plan.new.host_id, plan.new.event_type_id);
        let (reply, answer) = oneshot::channel();
        let lead = {
            let mut waiting = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
            let mut lead = false;
            waiting
                .entry(key)
                .or_insert_with(|| {
                    lead = true;
                    Vec::new()
                })
                .push(Job { plan, reply });
            lead
        };
        if lead {
            tokio::spawn(lead_batches(state.clone(), key));
        }
        // Only a leader that panicked drops a reply (whether its batch committed is unknown).
        answer.await.map_err(|_| Error::internal("the batch deciding this booking stopped"))
    }

    /// Whether creates of `key` wait; when none do, the key goes (so the next create starts a leader).
    fn any_waiting(&self, key: (i64, i64)) -> bool {
        let mut waiting = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
        if waiting.get(&key).is_some_and(|queue| !queue.is_empty()) {
            return true;
        }
        waiting.remove(&key);
        false
    }

    /// The next jobs of `key`, at most [`MOST`] (only its leader takes them: after [`Batches::any_waiting`], at
    /// least one).
    fn next(&self, key: (i64, i64)) -> Vec<Job> {
        let mut waiting = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(queue) = waiting.get_mut(&key) else { return Vec::new() };
        let rest = queue.split_off(queue.len().min(MOST));
        std::mem::replace(queue, rest)
    }
}

/// Ends a leader: when it stops without having emptied its queue (it panicked), the key goes, so the next create
/// starts a new leader, and the creates still waiting are answered with an error (their replies dropped).
struct Leading<'a> {
    batches: &'a Batches,
    key: (i64, i64),
}

impl Drop for Leading<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.batches.waiting.lock().unwrap_or_else(PoisonError::into_inner).remove(&self.key);
        }
    }
}

/// Runs the batches of `key` until nothing waits. A batch's commit and answers go on in a task of their own while
/// the next batch starts: its transaction waits in the database for the row lock until the commit, then reads. A
/// batch takes its creates once it holds the lock, so the creates that arrive while it waits (for this instance's
/// previous batch, or for another instance's) are decided with it.
async fn lead_batches(state: AppState, key: (i64, i64)) {
    let _leading = Leading { batches: &state.batches, key };
    while state.batches.any_waiting(key) {
        let tx = match state.store.booking_tx(key.0).await {
            Ok(tx) => tx,
            Err(e) => {
                alone(state.batches.next(key), &e);
                continue;
            }
        };
        let mut jobs = state.batches.next(key);
        match decide_all(tx, &mut jobs).await {
            Ok((tx, decided, wrote)) => {
                let state = state.clone();
                tokio::spawn(async move {
                    if let Err(e) = tx.commit().await {
                        return alone(jobs, &e);
                    }
                    if wrote {
                        state.deliveries.wake();
                    }
                    for (job, outcome) in jobs.into_iter().zip(decided) {
                        let answer = match outcome {
                            Outcome::Booked(booking) => Decided::Booked(booking),
                            Outcome::NotOffered => Decided::NotOffered,
                            Outcome::Stale => Decided::Stale,
                        };
                        let _ = job.reply.send(answer);
                    }
                });
            }
            Err(e) => alone(jobs, &e),
        }
    }
}

/// Sends the creates of a batch that failed with `e` on their own ways.
fn alone(jobs: Vec<Job>, e: &Error) {
    tracing::warn!(error = %e, creates = jobs.len(), "a batch of creates failed; each is made alone");
    for job in jobs {
        let _ = job.reply.send(Decided::Alone(Box::new(job.plan)));
    }
}

/// Decides `jobs` in one transaction, left to commit: for each, the booking written, or why not; and whether
/// webhook events were written. A create planned from kept inputs is decided only if the mark of their rows, read
/// in the transaction, is the one they were read with.
async fn decide_all(mut tx: BookingTx, jobs: &mut [Job]) -> Result<(BookingTx, Vec<Outcome>, bool)> {
    let first = &jobs.first().ok_or_else(|| Error::internal("an empty batch"))?.plan;
    let (host, event_type) = (first.new.host_id, first.new.event_type_id);
    let reads = jobs
        .iter()
        .map(|j| Reads::offering(&j.plan.engine, j.plan.new.start))
        .reduce(Reads::union)
        .ok_or_else(|| Error::internal("an empty batch"))?;
    // Reservations held at the earliest of the creates' clocks count: the batch refuses no later than each would.
    let now = jobs.iter().map(|j| j.plan.now).min().unwrap_or(first.now);
    let attendees = jobs.iter().map(|j| j.plan.new.attendees.len()).sum();

    // The rows the first kept plan was read from; a kept plan read from others is stale (its event type's or its
    // owner's row changed, which changed the schedules it names).
    let marked = jobs.iter().find_map(|j| j.plan.mark.as_ref().map(|m| m.of));

    let read = tx.busy_with_ids(host, reads.busy, now, (jobs.len(), attendees), marked.as_ref()).await?;
    let fresh = |mark: &Option<Mark>| match mark {
        None => true,
        Some(mark) => Some(mark.of) == marked && read.mark.as_ref() == Some(&mark.digest),
    };
    let counted = match reads.counted {
        Some((from, to)) => tx.counted(event_type, from, to, None).await?,
        None => Vec::new(),
    };
    let (busy, ids, attendee_ids) = (read.busy, read.booking_ids, read.attendee_ids);
    let mut known = Preloaded::new(event_type, reads, busy, counted);
    let mut decided = Vec::with_capacity(jobs.len());
    let mut attendee_ids = attendee_ids.into_iter();
    for (job, id) in jobs.iter().zip(ids) {
        let plan = &job.plan;
        if !fresh(&plan.mark) {
            decided.push(Outcome::Stale);
            continue;
        }
        let offered =
            availability::offered_at(&mut known, &plan.engine, plan.new.start, plan.now, Except::default()).await?;
        if offered.is_none() {
            decided.push(Outcome::NotOffered);
            continue;
        }
        let ids: Vec<i64> = attendee_ids.by_ref().take(plan.new.attendees.len()).collect();
        let booking = plan.new.written(id, &ids, plan.now);
        let busy = Interval { start: booking.busy_start, end: booking.busy_end };
        known.add(booking.event_type_id, busy, Interval { start: booking.start, end: booking.end });
        decided.push(Outcome::Booked(Box::new(booking)));
    }
    let mut events = Vec::new();
    for (job, outcome) in jobs.iter_mut().zip(&decided) {
        if let Outcome::Booked(booking) = outcome {
            let plan = &mut job.plan;
            events.extend(plan.outbox.created_events(booking, &plan.host, &plan.config, plan.prepared.take())?);
        }
    }
    let written: Vec<(&NewBooking, &Booking)> = jobs
        .iter()
        .zip(&decided)
        .filter_map(|(j, o)| match o {
            Outcome::Booked(b) => Some((&j.plan.new, &**b)),
            _ => None,
        })
        .collect();
    tx.insert_many(&written, &events, &mut sign::delivery_id).await?;
    Ok((tx, decided, !events.is_empty()))
}

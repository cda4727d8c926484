//! Creates decided and written together (PostgreSQL).
//!
//! Two creates for one host must be decided one after the other (each sees the bookings decided before it), so on
//! PostgreSQL each takes the host's row lock for its whole transaction: BEGIN with the lock, busy time, booking,
//! attendees, events, COMMIT, one round trip each, while every other create of the host waits. Here the creates
//! that arrive while such a transaction runs wait in one queue instead, and the next transaction decides all of
//! them, of every host (of each host, one event type; creates of its other event types wait for the next batch).
//! It locks their hosts' rows (in id order, with its BEGIN), reads every host's busy time (and the bookings counted
//! against period limits) once, over every window its creates look at, in one statement for all hosts, decides
//! each create in arrival order from what was read for its host plus the bookings decided before it in the batch
//! (exactly what its own reads in its own transaction would have found), and writes every booking, attendee and
//! webhook event in one statement. Ids come from the tables' sequences with the busy time, so payloads and answers
//! are built before the write. Four round trips under the locks for the batch (BEGIN with the locks, busy time and
//! ids, the write, COMMIT), instead of five or six for each create, and as many for creates of many hosts as for
//! those of one; the batch's COMMIT overlaps the next batch's wait for the locks it shares. A batch also takes the
//! creates of its hosts that arrived while it waited for their locks: with several instances, whose batches of
//! one host take turns, the turns stay few and large.
//!
//! Only plain creates are batched: one occurrence, no seats, no reservation to redeem, no idempotency key. A batch
//! that fails (a connection lost, a uid collision) decides nothing: each of its creates then goes the ordinary way,
//! in a transaction of its own, which answers with the error if there still is one. Instances share nothing here:
//! the row locks still serialize the batches of several instances over the same hosts.
//!
//! A create planned from the inputs this instance keeps (`kept.rs`) carries the mark of the rows they were read
//! from; the batch reads the mark again with the busy time, and decides such a create only if it is unchanged. One
//! whose mark moved is answered `Stale` and made again from fresh reads.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};

use calends_domain::bookings::{Booking, NewBooking};
use calends_domain::event_types::EventTypeConfig;
use calends_domain::users::User;
use calends_domain::webhooks::sign;
use calends_domain::{Error, Result};
use calends_slots::Interval;
use calends_store::{BookingTx, HostRead, Mark, MarkOf};
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

/// The creates waiting to be decided, in arrival order, and whether a leader task runs their batches.
#[derive(Default)]
pub struct Batches {
    waiting: Mutex<Queue>,
}

#[derive(Default)]
struct Queue {
    jobs: VecDeque<Job>,
    leading: bool,
}

impl Batches {
    /// Decides `plan` in a coming batch, starting the leader if none runs.
    pub async fn decide(&self, state: &AppState, plan: Plan) -> Result<Decided> {
        let (reply, answer) = oneshot::channel();
        let lead = {
            let mut queue = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
            queue.jobs.push_back(Job { plan, reply });
            !std::mem::replace(&mut queue.leading, true)
        };
        if lead {
            tokio::spawn(lead_batches(state.clone()));
        }
        // Only a leader that panicked drops a reply (whether its batch committed is unknown).
        answer.await.map_err(|_| Error::internal("the batch deciding this booking stopped"))
    }

    /// Whether creates wait; when none do, the leader stops (so the next create starts one).
    fn any_waiting(&self) -> bool {
        let mut queue = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
        queue.leading = !queue.jobs.is_empty();
        queue.leading
    }

    /// Moves waiting creates into `batch`, in arrival order, up to [`MOST`] in all: with `hosts` given, only
    /// creates of those hosts (whose rows the batch has locked); otherwise of any host. Of each host, the creates
    /// of one event type only (the first taken, or the one already in `batch`): those of its other event types
    /// wait for a later batch.
    fn take(&self, batch: &mut Vec<Job>, hosts: Option<&[i64]>) {
        let mut queue = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
        let mut kinds: HashMap<i64, i64> =
            batch.iter().map(|j| (j.plan.new.host_id, j.plan.new.event_type_id)).collect();
        let mut left = VecDeque::with_capacity(queue.jobs.len());
        while let Some(job) = queue.jobs.pop_front() {
            let (host, event_type) = (job.plan.new.host_id, job.plan.new.event_type_id);
            let room = batch.len() < MOST;
            let allowed = hosts.is_none_or(|hosts| hosts.contains(&host));
            if room && allowed && *kinds.entry(host).or_insert(event_type) == event_type {
                batch.push(job);
            } else {
                left.push_back(job);
            }
        }
        queue.jobs = left;
    }
}

/// Ends the leader: when it stops without having emptied the queue (it panicked), the creates still waiting are
/// answered with an error (their replies dropped) and the next create starts a new leader.
struct Leading<'a> {
    batches: &'a Batches,
}

impl Drop for Leading<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut queue = self.batches.waiting.lock().unwrap_or_else(PoisonError::into_inner);
            queue.jobs.clear();
            queue.leading = false;
        }
    }
}

/// Runs batches until nothing waits. A batch takes the waiting creates, locks their hosts' rows, then takes the
/// creates of those hosts that arrived while it waited for the locks (for this instance's previous batch, or for
/// another instance's), and decides them all. Its commit and answers go on in a task of their own while the next
/// batch starts: that batch's transaction waits in the database for the rows it shares with this one until the
/// commit, then reads.
async fn lead_batches(state: AppState) {
    let _leading = Leading { batches: &state.batches };
    while state.batches.any_waiting() {
        let mut jobs = Vec::new();
        state.batches.take(&mut jobs, None);
        // `booking_tx_of` locks them in id order, each once.
        let hosts: Vec<i64> = jobs.iter().map(|j| j.plan.new.host_id).collect();
        let tx = match state.store.booking_tx_of(&hosts).await {
            Ok(tx) => tx,
            Err(e) => {
                alone(jobs, &e);
                continue;
            }
        };
        state.batches.take(&mut jobs, Some(&hosts));
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

/// The creates of one host (and one event type) in a batch: what is read for them, and what was read.
struct Group {
    host: i64,
    event_type: i64,
    reads: Reads,
    /// The earliest of their clocks: reservations held then count, so the batch refuses no later than each
    /// create would.
    now: DateTime<Utc>,
    /// The rows the group's first kept plan was read from; a kept plan read from others is stale (its event
    /// type's or its owner's row changed, which changed the schedules it names).
    marked: Option<MarkOf>,
}

/// Decides `jobs` (of one event type per host) in one transaction, left to commit: for each, the booking
/// written, or why not; and whether webhook events were written. Each host's creates are decided in arrival
/// order from one read of its busy time (and of the bookings counted against its event type's period limits) plus
/// the bookings decided before them; the reads of every host are one statement. A create planned from kept
/// inputs is decided only if the mark of their rows, read in the transaction, is the one they were read with.
async fn decide_all(mut tx: BookingTx, jobs: &mut [Job]) -> Result<(BookingTx, Vec<Outcome>, bool)> {
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of = Vec::with_capacity(jobs.len());
    for job in jobs.iter() {
        let plan = &job.plan;
        let reads = Reads::offering(&plan.engine, plan.new.start);
        match groups.iter().position(|g| g.host == plan.new.host_id) {
            Some(g) => {
                let group = &mut groups[g];
                if group.event_type != plan.new.event_type_id {
                    return Err(Error::internal("a batch with two event types of one host"));
                }
                group.reads = group.reads.union(reads);
                group.now = group.now.min(plan.now);
                group.marked = group.marked.or(plan.mark.as_ref().map(|m| m.of));
                group_of.push(g);
            }
            None => {
                group_of.push(groups.len());
                groups.push(Group {
                    host: plan.new.host_id,
                    event_type: plan.new.event_type_id,
                    reads,
                    now: plan.now,
                    marked: plan.mark.as_ref().map(|m| m.of),
                });
            }
        }
    }
    if groups.is_empty() {
        return Err(Error::internal("an empty batch"));
    }
    let attendees = jobs.iter().map(|j| j.plan.new.attendees.len()).sum();
    let host_reads: Vec<HostRead<'_>> = groups
        .iter()
        .map(|g| HostRead { host_id: g.host, window: g.reads.busy, now: g.now, mark: g.marked.as_ref() })
        .collect();
    let read = tx.busy_of_hosts(&host_reads, (jobs.len(), attendees)).await?;
    let mut known = Vec::with_capacity(groups.len());
    for (group, busy) in groups.iter().zip(read.busy) {
        let counted = match group.reads.counted {
            Some((from, to)) => tx.counted(group.event_type, from, to, None).await?,
            None => Vec::new(),
        };
        known.push(Preloaded::new(group.event_type, group.reads, busy, counted));
    }
    let fresh = |g: usize, mark: &Option<Mark>| match mark {
        None => true,
        Some(mark) => Some(mark.of) == groups[g].marked && read.marks[g].as_ref() == Some(&mark.digest),
    };
    let mut decided = Vec::with_capacity(jobs.len());
    let mut ids = read.booking_ids.into_iter();
    let mut attendee_ids = read.attendee_ids.into_iter();
    for (job, &g) in jobs.iter().zip(&group_of) {
        let plan = &job.plan;
        let id = ids.next().ok_or_else(|| Error::internal("fewer booking ids than creates"))?;
        if !fresh(g, &plan.mark) {
            decided.push(Outcome::Stale);
            continue;
        }
        let offered =
            availability::offered_at(&mut known[g], &plan.engine, plan.new.start, plan.now, Except::default()).await?;
        if offered.is_none() {
            decided.push(Outcome::NotOffered);
            continue;
        }
        let ids: Vec<i64> = attendee_ids.by_ref().take(plan.new.attendees.len()).collect();
        let booking = plan.new.written(id, &ids, plan.now);
        let busy = Interval { start: booking.busy_start, end: booking.busy_end };
        known[g].add(booking.event_type_id, busy, Interval { start: booking.start, end: booking.end });
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

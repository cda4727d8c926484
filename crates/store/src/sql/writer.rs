//! SQLite's one writer connection, shared by write transactions one at a time, with group commit.
//!
//! A commit writes every page the transaction changed to the WAL; consecutive bookings change mostly the same
//! pages (the last leaf of each table and index), so committing several transactions at once writes those pages
//! once. Each write transaction is a savepoint inside a transaction the group shares. When a transaction
//! finishes while others are waiting for the writer (and the group is young and small), its savepoint is released
//! into the group and it waits; the transaction that finds nobody waiting commits the group and tells every
//! member how the commit went. A member learns its outcome only from that commit, so nothing is reported done
//! before it is. A transaction that rolls back undoes only its own savepoint.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use tokio::sync::{OwnedMutexGuard, oneshot};

use super::DbError;
use super::checkpoint::Checkpointer;

/// A group commits once it has this many members...
const MAX_MEMBERS: usize = 32;
/// ...or is this old, whichever comes first: the wait it adds to the first member's answer stays short.
const MAX_AGE: Duration = Duration::from_millis(4);
/// A member waiting this long for its group's commit commits the group itself: the transaction that was to do it
/// went away while it waited for the writer (its request was cancelled).
const STALL: Duration = Duration::from_millis(50);
/// How often a background transaction looks whether the writer is free for it.
const YIELD_POLL: Duration = Duration::from_millis(1);
/// The writer's load is measured over windows of this length...
const LOAD_WINDOW: Duration = Duration::from_millis(10);
/// ...and a background transaction takes a free writer at once only if it was held less than this share of the
/// last one: under a steady stream of requests the writer is free only for moments between their transactions.
const BUSY: f64 = 0.5;

/// The writer connection and the group transaction open on it, if any.
pub(crate) struct State {
    conn: Connection,
    group: Option<Group>,
}

struct Group {
    /// Members waiting for the group's commit.
    members: Vec<oneshot::Sender<Result<(), String>>>,
    started: Instant,
}

/// How long the writer was held in the current and the previous [`LOAD_WINDOW`].
struct Load {
    window_start: Instant,
    current: Duration,
    previous: Duration,
}

impl Load {
    fn new(now: Instant) -> Load {
        Load { window_start: now, current: Duration::ZERO, previous: Duration::ZERO }
    }

    fn roll(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.window_start);
        if elapsed >= 2 * LOAD_WINDOW {
            *self = Load::new(now);
        } else if elapsed >= LOAD_WINDOW {
            self.previous = std::mem::take(&mut self.current);
            self.window_start += LOAD_WINDOW;
        }
    }

    fn held(&mut self, now: Instant, held: Duration) {
        self.roll(now);
        self.current += held;
    }

    /// The share of the previous window the writer was held.
    fn busy(&mut self, now: Instant) -> f64 {
        self.roll(now);
        self.previous.as_secs_f64() / LOAD_WINDOW.as_secs_f64()
    }
}

/// The writer's state, held: counts how long in the writer's load when released.
pub(crate) struct Held {
    guard: OwnedMutexGuard<State>,
    taken: Instant,
    load: Arc<std::sync::Mutex<Load>>,
}

impl std::ops::Deref for Held {
    type Target = State;

    fn deref(&self) -> &State {
        &self.guard
    }
}

impl std::ops::DerefMut for Held {
    fn deref_mut(&mut self) -> &mut State {
        &mut self.guard
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let now = Instant::now();
        self.load.lock().unwrap_or_else(std::sync::PoisonError::into_inner).held(now, now - self.taken);
    }
}

/// The writer: cheap to clone, one connection behind an async mutex.
#[derive(Clone)]
pub(crate) struct Writer {
    state: Arc<tokio::sync::Mutex<State>>,
    /// Tasks waiting for the writer right now.
    waiting: Arc<AtomicUsize>,
    /// COMMITs run (how well transactions are grouped, for the tests).
    commits: Arc<AtomicU64>,
    /// How long the writer was held lately.
    load: Arc<std::sync::Mutex<Load>>,
    /// Copies committed pages from the WAL into the database file, outside the writer's turns.
    checkpoints: Option<Arc<Checkpointer>>,
}

/// Counts a task as waiting for the writer while it exists (also when the wait is cancelled).
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn new(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        Waiting(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Writer {
    /// The writer on `conn`; with `checkpoints`, `conn` must not checkpoint by itself (`wal_autocheckpoint = 0`).
    pub fn new(conn: Connection, checkpoints: Option<Checkpointer>) -> Writer {
        Writer {
            state: Arc::new(tokio::sync::Mutex::new(State { conn, group: None })),
            waiting: Arc::new(AtomicUsize::new(0)),
            commits: Arc::new(AtomicU64::new(0)),
            load: Arc::new(std::sync::Mutex::new(Load::new(Instant::now()))),
            checkpoints: checkpoints.map(Arc::new),
        }
    }

    /// After a commit, still holding the writer: the WAL grew. When the checkpoint thread cannot keep up (see
    /// `checkpoint`), the rest of the WAL is copied now, while nothing else can be appended.
    fn committed(&self, conn: &Connection) {
        let Some(checkpoints) = &self.checkpoints else { return };
        // A failed COMMIT leaves the transaction open (it is rolled back next): no checkpoint inside it.
        if conn.is_autocommit() && checkpoints.take_catch_up() {
            match super::checkpoint::passive(conn) {
                Ok(p) if p.copied < p.frames => tracing::debug!(?p, "readers kept part of the WAL from being copied"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "copying the WAL into the database failed"),
            }
        }
        checkpoints.nudge();
    }

    async fn lock(&self) -> Held {
        let _waiting = Waiting::new(&self.waiting);
        let guard = Arc::clone(&self.state).lock_owned().await;
        Held { guard, taken: Instant::now(), load: Arc::clone(&self.load) }
    }

    /// Whether nobody holds or waits for the writer and it was not busy lately (see [`BUSY`]).
    fn quiet(&self) -> bool {
        self.waiting.load(Ordering::SeqCst) == 0
            && self.idle()
            && self.load.lock().unwrap_or_else(std::sync::PoisonError::into_inner).busy(Instant::now()) < BUSY
    }

    /// The writer for statements in autocommit mode; an open group is committed first, so a statement's effect is
    /// durable when it returns.
    pub async fn autocommit(&self) -> Guard {
        let mut state = self.lock().await;
        if let Err(e) = self.finish(&mut state) {
            tracing::error!(error = %e, "committing a group of write transactions failed");
        }
        Guard { state: Some(state), writer: self.clone(), in_transaction: false }
    }

    /// A write transaction: a savepoint in the group's transaction, which this starts if none is open.
    pub async fn begin(&self) -> Result<Guard, DbError> {
        let mut state = self.lock().await;
        if state.group.is_none() {
            // IMMEDIATE: take the file's write lock now. This process has one writer connection, but another
            // process (an administration command) may be writing.
            run(&state.conn, "BEGIN IMMEDIATE")?;
            state.group = Some(Group { members: Vec::new(), started: Instant::now() });
        }
        if let Err(e) = run(&state.conn, "SAVEPOINT member") {
            let _ = self.finish(&mut state);
            return Err(e.into());
        }
        Ok(Guard { state: Some(state), writer: self.clone(), in_transaction: true })
    }

    /// A write transaction that lets others go first: it starts once the writer is free and was not busy lately
    /// ([`BUSY`]), or after `patience` at the latest (then in turn with the others). For work that can wait, such
    /// as the delivery worker's bookkeeping, so that under load the requests' transactions come first.
    pub async fn begin_background(&self, patience: Duration) -> Result<Guard, DbError> {
        let deadline = Instant::now() + patience;
        while Instant::now() < deadline && !self.quiet() {
            tokio::time::sleep(YIELD_POLL).await;
        }
        self.begin().await
    }

    /// Whether no transaction holds the writer right now.
    pub fn idle(&self) -> bool {
        self.state.try_lock().is_ok()
    }

    /// Tasks waiting for the writer now.
    #[cfg(test)]
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::SeqCst)
    }

    /// COMMITs run so far.
    #[cfg(test)]
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Waits for the writer and commits the open group.
    pub async fn close(&self) {
        let mut state = self.lock().await;
        if let Err(e) = self.finish(&mut state) {
            tracing::error!(error = %e, "committing the last group of write transactions failed");
        }
    }

    /// Commits the open group, if any, and tells its members how it went.
    fn finish(&self, state: &mut State) -> Result<(), String> {
        let Some(group) = state.group.take() else { return Ok(()) };
        let result = if state.conn.is_autocommit() {
            // SQLite rolls a transaction back by itself after some failures (a full disk, an I/O error).
            Err("SQLite rolled the transaction back".to_owned())
        } else {
            self.commits.fetch_add(1, Ordering::Relaxed);
            run(&state.conn, "COMMIT").map_err(|e| e.to_string())
        };
        self.committed(&state.conn);
        if result.is_err() && !state.conn.is_autocommit() {
            let _ = run(&state.conn, "ROLLBACK");
        }
        for member in group.members {
            let _ = member.send(result.clone());
        }
        result
    }
}

/// The writer, held: in autocommit mode, or in a write transaction that ends with [`Guard::commit`] or, dropped
/// without it, in a rollback of its own changes.
pub(crate) struct Guard {
    state: Option<Held>,
    writer: Writer,
    in_transaction: bool,
}

fn group_failed(reason: String) -> DbError {
    DbError::Decode(format!("committing the transaction failed: {reason}"))
}

/// Runs one of the statements that open and close transactions and savepoints, prepared once per connection.
fn run(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([]).map(|_| ())
}

/// Undoes the current member's savepoint, keeping the group's other changes.
fn roll_back_member(state: &mut State) {
    if let Err(e) = run(&state.conn, "ROLLBACK TO member").and_then(|()| run(&state.conn, "RELEASE member")) {
        tracing::error!(error = %e, "rolling back a SQLite savepoint failed");
    }
}

impl Guard {
    pub fn conn(&self) -> &Connection {
        &self.state.as_ref().expect("a guard holds the writer until it is dropped").conn
    }

    /// Ends the transaction with its changes, once they are committed (with the group's).
    pub async fn commit(&mut self) -> Result<(), DbError> {
        let Some(mut state) = self.state.take() else { return Err(DbError::Decode("already committed".into())) };
        self.in_transaction = false;
        if let Err(e) = run(&state.conn, "RELEASE member") {
            roll_back_member(&mut state);
            if self.writer.waiting.load(Ordering::SeqCst) == 0 {
                let _ = self.writer.finish(&mut state);
            }
            return Err(e.into());
        }
        let Some(group) = state.group.as_mut() else {
            return Err(DbError::Decode("the transaction's group is gone".into()));
        };
        let others_wait = self.writer.waiting.load(Ordering::SeqCst) > 0;
        if !others_wait || group.members.len() + 1 >= MAX_MEMBERS || group.started.elapsed() >= MAX_AGE {
            return self.writer.finish(&mut state).map_err(group_failed);
        }
        let (sender, mut outcome) = oneshot::channel();
        group.members.push(sender);
        drop(state);
        loop {
            tokio::select! {
                result = &mut outcome => {
                    return match result {
                        Ok(result) => result.map_err(group_failed),
                        Err(_) => Err(group_failed("the group's commit was lost".into())),
                    };
                }
                () = tokio::time::sleep(STALL) => {
                    let mut state = self.writer.lock().await;
                    let _ = self.writer.finish(&mut state);
                }
            }
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let Some(mut state) = self.state.take() else { return };
        if self.in_transaction {
            roll_back_member(&mut state);
        } else {
            // Statements in autocommit mode committed one by one.
            self.writer.committed(&state.conn);
        }
        let members = state.group.as_ref().map_or(0, |g| g.members.len());
        if members == 0 {
            // Nothing of anyone else's is pending: end the empty transaction, so the file is not left locked.
            if state.group.take().is_some() {
                let _ = run(&state.conn, "ROLLBACK");
            }
        } else if self.writer.waiting.load(Ordering::SeqCst) == 0 {
            // Others' changes are pending and nobody comes to commit them: do it now.
            let _ = self.writer.finish(&mut state);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_load_is_the_share_of_the_previous_window_the_writer_was_held() {
        let start = Instant::now();
        let at = |ms: u64| start + Duration::from_millis(ms);
        let mut load = Load::new(start);
        load.held(at(2), Duration::from_millis(2));
        load.held(at(9), Duration::from_millis(6));
        assert_eq!(load.busy(at(9)), 0.0, "the current window does not count yet");
        assert!((load.busy(at(12)) - 0.8).abs() < 1e-9, "8 ms of the last 10");
        load.held(at(15), Duration::from_millis(1));
        assert!((load.busy(at(21)) - 0.1).abs() < 1e-9);
        assert_eq!(load.busy(at(45)), 0.0, "a quiet spell forgets the past");
    }
}

//! WAL checkpoints in a thread of their own.
//!
//! By default SQLite checkpoints inside the commit that grows the WAL past 1,000 pages: the pages are copied into
//! the database file and the file is synced while that commit holds the only writer, so every write waiting behind
//! it waits for the copy too. Here the writer never checkpoints; after commits, this thread runs a passive
//! checkpoint on a connection of its own. A passive checkpoint takes no lock writers wait for: it copies what no
//! reader still needs, and the WAL starts over from its beginning once everything is copied.
//!
//! Under a steady stream of commits a passive checkpoint never copies everything: frames keep arriving while it
//! runs, so the WAL never starts over and grows without bound (hundreds of megabytes in a minute of booking load,
//! and every read looks pages up in a larger WAL index). When the WAL holds more than [`CATCH_UP_FRAMES`] frames,
//! the thread asks the writer to catch up: after its next commit, while it still holds the writer, it copies the
//! frames written since this thread's last pass. Nothing is appended meanwhile, so that copy completes, and the
//! next write transaction starts the WAL over.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::Connection;

use super::DbError;

/// How long the thread lets commits accumulate before copying them: one checkpoint (and one sync of the file)
/// covers every commit of that time.
const PAUSE: Duration = Duration::from_millis(50);

/// WAL frames (pages) beyond which the writer is asked to catch up, so the WAL starts over: about 16 MB of
/// 4 KiB pages.
pub(crate) const CATCH_UP_FRAMES: i64 = 4096;

/// The WAL can stay at this size once it starts over; anything beyond is truncated (SQLite's
/// `journal_size_limit`), so a burst does not leave a large file behind.
pub(crate) const WAL_SIZE_LIMIT: i64 = 64 * 1024 * 1024;

pub(crate) struct Checkpointer {
    nudge: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
    /// Set when the writer should copy the rest of the WAL after its next commit.
    catch_up: Arc<AtomicBool>,
}

impl Checkpointer {
    /// Starts checkpointing the database `conn` is open on; the writer catches up past `catch_up_frames` (normally
    /// [`CATCH_UP_FRAMES`]).
    pub fn start(conn: Connection, catch_up_frames: i64) -> Result<Checkpointer, DbError> {
        let (nudge, nudged) = sync_channel(1);
        let catch_up = Arc::new(AtomicBool::new(false));
        let asked = Arc::clone(&catch_up);
        let thread = std::thread::Builder::new()
            .name("calends-checkpoint".into())
            .spawn(move || run(&conn, &nudged, &asked, catch_up_frames))
            .map_err(|e| DbError::Decode(format!("cannot start the checkpoint thread: {e}")))?;
        Ok(Checkpointer { nudge: Some(nudge), thread: Some(thread), catch_up })
    }

    /// Whether the writer should copy the rest of the WAL now (it holds the writer and has just committed); the
    /// request is taken by the first caller.
    pub fn take_catch_up(&self) -> bool {
        self.catch_up.swap(false, Ordering::Relaxed)
    }

    /// Tells the thread that the WAL grew. Never waits.
    pub fn nudge(&self) {
        if let Some(nudge) = &self.nudge
            && let Err(TrySendError::Disconnected(())) = nudge.try_send(())
        {
            tracing::error!("the SQLite checkpoint thread is gone; the WAL is copied back only at close");
        }
    }
}

/// What a checkpoint found: frames in the WAL, and how many of them are in the database file now (both -1 when
/// another checkpoint was running).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Progress {
    pub frames: i64,
    pub copied: i64,
}

/// Runs a passive checkpoint on `conn`.
pub(crate) fn passive(conn: &Connection) -> rusqlite::Result<Progress> {
    // One row: busy, frames in the WAL, frames copied into the database.
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
        Ok(Progress { frames: row.get(1)?, copied: row.get(2)? })
    })
}

fn run(conn: &Connection, nudged: &Receiver<()>, catch_up: &AtomicBool, catch_up_frames: i64) {
    while nudged.recv().is_ok() {
        std::thread::sleep(PAUSE);
        while nudged.try_recv().is_ok() {}
        match passive(conn) {
            Ok(progress) if progress.frames > catch_up_frames => catch_up.store(true, Ordering::Relaxed),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "SQLite checkpoint failed; the next commit retries it"),
        }
    }
}

impl Drop for Checkpointer {
    /// Ends the thread after its last checkpoint.
    fn drop(&mut self) {
        drop(self.nudge.take());
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the SQLite checkpoint thread panicked");
        }
    }
}

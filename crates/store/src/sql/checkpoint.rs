//! WAL checkpoints in a thread of their own.
//!
//! By default SQLite checkpoints inside the commit that grows the WAL past 1,000 pages: the pages are copied into
//! the database file and the file is synced while that commit holds the only writer, so every write waiting behind
//! it waits for the copy too. Here the writer never checkpoints; after commits, this thread runs a passive
//! checkpoint on a connection of its own. A passive checkpoint takes no lock writers wait for: it copies what no
//! reader still needs, and the WAL starts over from its beginning once everything is copied.

use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::Connection;

use super::DbError;

/// How long the thread lets commits accumulate before copying them: one checkpoint (and one sync of the file)
/// covers every commit of that time.
const PAUSE: Duration = Duration::from_millis(50);

pub(crate) struct Checkpointer {
    nudge: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts checkpointing the database `conn` is open on.
    pub fn start(conn: Connection) -> Result<Checkpointer, DbError> {
        let (nudge, nudged) = sync_channel(1);
        let thread = std::thread::Builder::new()
            .name("calends-checkpoint".into())
            .spawn(move || run(&conn, &nudged))
            .map_err(|e| DbError::Decode(format!("cannot start the checkpoint thread: {e}")))?;
        Ok(Checkpointer { nudge: Some(nudge), thread: Some(thread) })
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

fn run(conn: &Connection, nudged: &Receiver<()>) {
    while nudged.recv().is_ok() {
        std::thread::sleep(PAUSE);
        while nudged.try_recv().is_ok() {}
        if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
            tracing::warn!(error = %e, "SQLite checkpoint failed; the next commit retries it");
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

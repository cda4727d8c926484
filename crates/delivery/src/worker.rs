//! The loop that claims due deliveries, sends them concurrently and records the results in batches.

use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use calends_domain::Clock;
use calends_domain::deliveries::{AttemptResult, Outcome};
use calends_store::Store;
use tokio::sync::{Notify, Semaphore, mpsc, watch};

use crate::send::{Sender, send};

#[derive(Debug, Clone)]
pub struct Config {
    /// Deliveries in flight at once.
    pub concurrency: usize,
    /// Per attempt.
    pub timeout: Duration,
    /// How long a claimed delivery belongs to this worker; after that another instance may take it over.
    pub lease: Duration,
    /// Deliveries claimed per database round trip.
    pub claim_batch: usize,
    /// Deliver to loopback and private addresses (tests, local development).
    pub allow_private_targets: bool,
    /// How often to look for due deliveries when nothing wakes the worker (retries, time-based triggers).
    pub poll_interval: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            concurrency: 256,
            timeout: Duration::from_secs(10),
            lease: Duration::from_secs(60),
            claim_batch: 256,
            allow_private_targets: false,
            poll_interval: Duration::from_secs(1),
        }
    }
}

/// Wakes the worker when deliveries were just committed, so they go out at once instead of at the next poll.
#[derive(Clone, Debug, Default)]
pub struct Waker(Arc<Notify>);

impl Waker {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// The running worker.
pub struct DeliveryWorker {
    waker: Waker,
    stop: watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

impl DeliveryWorker {
    /// Starts the worker on its own threads, so slow receivers never take time from the HTTP workers.
    pub fn start(store: Store, clock: Clock, config: Config) -> Result<DeliveryWorker, String> {
        let sender = Sender::new(config.timeout, config.allow_private_targets, config.concurrency.max(1))?;
        let waker = Waker::default();
        let (stop, stopped) = watch::channel(false);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("calends-delivery")
            .on_thread_start(yield_to_requests)
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the delivery runtime: {e}"))?;
        let notify = waker.0.clone();
        let thread = std::thread::Builder::new()
            .name("calends-delivery".into())
            .spawn(move || runtime.block_on(run(store, clock, config, sender, notify, stopped)))
            .map_err(|e| format!("cannot start the delivery thread: {e}"))?;
        Ok(DeliveryWorker { waker, stop, thread: Some(thread) })
    }

    pub fn waker(&self) -> Waker {
        self.waker.clone()
    }

    /// Stops claiming, lets the attempts in flight finish and records them. Whatever is still due stays pending
    /// for the next start.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let _ = self.stop.send(true);
        self.waker.wake();
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the delivery worker panicked");
        }
    }
}

impl Drop for DeliveryWorker {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Lowers the calling thread's scheduling priority below the HTTP workers'. When the cores are busy the API's
/// requests come first and deliveries wait in the outbox; when they are not, the priority changes nothing. On
/// Linux a nice value belongs to a thread, not to the process.
fn yield_to_requests() {
    #[cfg(target_os = "linux")]
    {
        /// How much nicer than the rest of the process.
        const NICENESS: libc::c_int = 10;
        // SAFETY: gettid has no preconditions; setpriority only reads its arguments.
        let changed = unsafe {
            let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
            let current = libc::getpriority(libc::PRIO_PROCESS, tid);
            libc::setpriority(libc::PRIO_PROCESS, tid, current.saturating_add(NICENESS))
        };
        if changed != 0 {
            tracing::debug!("cannot lower the delivery thread's priority: {}", std::io::Error::last_os_error());
        }
    }
}

/// Claims and records on the thread that runs this future, at the process's normal priority: they take SQLite's
/// one writer, and a lower-priority thread holding it would hold up the requests waiting for it. The sends, which
/// can wait, run on the runtime's lower-priority threads.
async fn run(
    store: Store,
    clock: Clock,
    config: Config,
    sender: Sender,
    notify: Arc<Notify>,
    stopped: watch::Receiver<bool>,
) {
    let (results, recorded) = mpsc::unbounded_channel::<AttemptResult>();
    let recorder = record(store.clone(), clock.clone(), recorded);
    tokio::join!(claim(store, clock, config, sender, notify, stopped, results), recorder);
}

/// Claims due deliveries and sends them until stopped; then lets the attempts in flight finish.
async fn claim(
    store: Store,
    clock: Clock,
    config: Config,
    sender: Sender,
    notify: Arc<Notify>,
    mut stopped: watch::Receiver<bool>,
    results: mpsc::UnboundedSender<AttemptResult>,
) {
    let permits = Arc::new(Semaphore::new(config.concurrency.max(1)));
    let lease = chrono::Duration::from_std(config.lease).unwrap_or(chrono::Duration::seconds(60));
    let poll = config.poll_interval;
    loop {
        if *stopped.borrow() {
            break;
        }
        // Wait for room before claiming, so claimed deliveries never sit waiting for a slot.
        let first = tokio::select! {
            permit = permits.clone().acquire_owned() => permit,
            _ = stopped.changed() => break,
        };
        let Ok(first) = first else { break };
        let room = permits.available_permits() + 1;
        let now = clock.now();
        let batch = match store.claim_due(now, now + lease, room.min(config.claim_batch) as i64).await {
            Ok(batch) => batch,
            Err(e) => {
                tracing::warn!("claiming deliveries failed: {e}");
                drop(first);
                sleep_or_stop(poll, &notify, &mut stopped).await;
                continue;
            }
        };
        if batch.is_empty() {
            drop(first);
            let wait = match store.next_claimable().await {
                Ok(Some(at)) => (at - clock.now()).to_std().unwrap_or(Duration::ZERO).min(poll),
                _ => poll,
            };
            sleep_or_stop(wait.max(Duration::from_millis(1)), &notify, &mut stopped).await;
            continue;
        }
        let mut first = Some(first);
        for out in batch {
            let permit = match first.take() {
                Some(p) => p,
                None => match permits.clone().acquire_owned().await {
                    Ok(p) => p,
                    Err(_) => break,
                },
            };
            let (sender, results, clock) = (sender.clone(), results.clone(), clock.clone());
            tokio::spawn(async move {
                let jitter = rand::random::<f64>() * 2.0 - 1.0;
                let result = send(&sender, &out, clock.now(), jitter).await;
                let _ = results.send(result);
                drop(permit);
            });
        }
    }
    // Let the attempts in flight finish (each is bounded by the timeout); dropping `results` then ends the
    // recorder once it has recorded them.
    let _ = permits.acquire_many(config.concurrency.max(1) as u32).await;
}

async fn sleep_or_stop(wait: Duration, notify: &Notify, stopped: &mut watch::Receiver<bool>) {
    tokio::select! {
        _ = tokio::time::sleep(wait) => {}
        _ = notify.notified() => {}
        _ = stopped.changed() => {}
    }
}

/// Records results as they come, many per transaction when they come fast.
async fn record(store: Store, clock: Clock, mut recorded: mpsc::UnboundedReceiver<AttemptResult>) {
    const BATCH: usize = 256;
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(first) = recorded.recv().await {
        batch.push(first);
        while batch.len() < BATCH {
            match recorded.try_recv() {
                Ok(more) => batch.push(more),
                Err(_) => break,
            }
        }
        for result in &batch {
            let outcome = match result.outcome {
                Outcome::Delivered => "delivered",
                Outcome::Retry(_) => "retry",
                Outcome::GaveUp => "failed",
            };
            metrics::counter!("calends_webhook_delivery_attempts_total", "outcome" => outcome).increment(1);
        }
        // A failed write is retried: losing a result would only resend the delivery (at least once), but keeping
        // it avoids the duplicate.
        let mut tries = 0;
        while let Err(e) = store.record_attempts(&batch, clock.now()).await {
            tries += 1;
            tracing::warn!("recording {} delivery attempts failed (try {tries}): {e}", batch.len());
            if tries >= 5 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100 * tries)).await;
        }
        batch.clear();
    }
}

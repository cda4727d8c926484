//! Webhook delivery under load: a local receiver, and what it sees.
//!
//! The receiver is an actix-web server on its own thread of this process. `POST /ok/{n}` answers 200 at once
//! (`/ok/latency` also notes which booking the delivery was about, and when it arrived); `POST /hang/{n}` does not
//! answer while the receiver holds (like a subscriber whose server is stuck), and answers 200 once it is released,
//! so that a measurement can let every delivery arrive before the next one starts.
//!
//! Three measurements, one after the other, each with its own webhooks (subscribed for `BOOKING_CREATED`, with a
//! secret so every delivery is signed, removed afterwards):
//! - latency: one webhook, bookings created one at a time at a steady pace; from sending the create request to
//!   the delivery arriving. The commit happens inside that request, so this bounds commit-to-receipt from above;
//! - throughput: sixteen webhooks, a burst of bookings; deliveries per second from the first create request to
//!   the last delivery; in [`THROUGHPUT_ROUNDS`] rounds, the report giving each and the median;
//! - cost to bookings: create throughput without webhooks, with three, and with three whose receiver hangs, in
//!   [`COST_ROUNDS`] rounds whose order rotates ([`COST_ORDER`]: each kind is measured first, second and third once),
//!   and the report gives the mean throughput of each kind over the rounds as a share of the mean without. One
//!   measurement is a few seconds on a shared machine whose speed drifts by more than the cost measured, and the
//!   server slows as its database grows; single samples in a fixed order said 74 % in one run and 96 % in the next
//!   (same build), and in a run of rounds with the baseline always first, the baseline fell from round to round
//!   (7,238, 6,463, 5,653/s) and so favoured itself. The rotation gives every kind the same mean position.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpResponse, HttpServer, web};
use anyhow::{Context, Result, anyhow, bail, ensure};
use reqwest::{Client, Method};
use serde_json::{Value, json};
use tokio::sync::watch;

use super::{CreateBookings, Fixture, Outcome, Scenario, Server, api, measure};

/// Webhooks of the throughput measurement: every booking is delivered this many times.
const THROUGHPUT_WEBHOOKS: usize = 16;
/// Deliveries the throughput measurement aims at per second of `--seconds` (its target), so a faster server is
/// measured over about `--seconds` too.
const THROUGHPUT_PER_SECOND: usize = 8_000;
/// Webhooks per booking of the cost measurement.
const COST_WEBHOOKS: usize = 3;
/// Rounds of the throughput measurement.
pub(super) const THROUGHPUT_ROUNDS: usize = 3;
/// Rounds of the cost measurement (without, with, hanging each).
pub(super) const COST_ROUNDS: usize = 3;
/// What one measurement of the cost rounds creates bookings with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cost {
    Without,
    Answering,
    Hanging,
}

/// The order of the cost measurement's kinds in each round. A Latin square: each kind takes each position once.
const COST_ORDER: [[Cost; 3]; COST_ROUNDS] = [
    [Cost::Without, Cost::Answering, Cost::Hanging],
    [Cost::Answering, Cost::Hanging, Cost::Without],
    [Cost::Hanging, Cost::Without, Cost::Answering],
];
/// Pace of the latency measurement: one create every this often.
const LATENCY_PACE: Duration = Duration::from_millis(4);
/// How long deliveries may take to arrive after the last create before the measurement gives up.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(120);

/// What the receiver has seen.
struct Received {
    /// Deliveries answered 200.
    count: AtomicU64,
    /// `/ok/latency` deliveries: the booking's uid and when it arrived.
    latency: Mutex<Vec<(String, Instant)>>,
    /// Whether `/hang/{n}` holds the requests it gets (until this turns false).
    hold: watch::Sender<bool>,
}

impl Default for Received {
    fn default() -> Self {
        Received { count: AtomicU64::default(), latency: Mutex::default(), hold: watch::Sender::new(true) }
    }
}

/// The local webhook receiver.
pub(super) struct Receiver {
    addr: SocketAddr,
    received: Arc<Received>,
    handle: ServerHandle,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

async fn receive(path: web::Path<(String, String)>, body: web::Bytes, received: web::Data<Received>) -> HttpResponse {
    let at = Instant::now();
    let (kind, name) = path.into_inner();
    if kind == "hang" {
        // Held until released; the sender lives as long as the receiver's state, so this only ends on release.
        let _ = received.hold.subscribe().wait_for(|hold| !*hold).await;
    }
    if name == "latency"
        && let Ok(delivery) = serde_json::from_slice::<Value>(&body)
        && let Some(uid) = delivery["payload"]["uid"].as_str()
        && let Ok(mut latency) = received.latency.lock()
    {
        latency.push((uid.to_owned(), at));
    }
    received.count.fetch_add(1, Ordering::Relaxed);
    HttpResponse::Ok().finish()
}

impl Receiver {
    pub(super) fn start() -> Result<Receiver> {
        let received = Arc::new(Received::default());
        let data = web::Data::from(Arc::clone(&received));
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(move || {
                    App::new().app_data(data.clone()).route("/{kind}/{name}", web::post().to(receive))
                })
                .workers(1)
                .disable_signals()
                .bind("127.0.0.1:0");
                let server = match server {
                    Ok(server) => server,
                    Err(e) => {
                        let _ = started_tx.send(Err(anyhow!("binding the receiver: {e}")));
                        return Ok(());
                    }
                };
                let addr = server.addrs()[0];
                let server = server.run();
                let _ = started_tx.send(Ok((addr, server.handle())));
                server.await
            })
        });
        let (addr, handle) = started_rx.recv().context("the receiver thread ended")??;
        Ok(Receiver { addr, received, handle, thread: Some(thread) })
    }

    fn url(&self, kind: &str, name: &str) -> String {
        format!("http://{}/{kind}/{name}", self.addr)
    }

    fn count(&self) -> u64 {
        self.received.count.load(Ordering::Relaxed)
    }

    /// Waits until `count` deliveries have arrived in all; the moment it saw them, or `None` after the timeout.
    async fn wait_for(&self, count: u64) -> Option<Instant> {
        let deadline = Instant::now() + DRAIN_TIMEOUT;
        while Instant::now() < deadline {
            if self.count() >= count {
                return Some(Instant::now());
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        None
    }

    /// `/hang/{n}` answers nothing from now on.
    fn hold(&self) {
        self.received.hold.send_replace(true);
    }

    /// `/hang/{n}` answers the requests it holds, and those it gets from now on, with 200.
    fn release(&self) {
        self.received.hold.send_replace(false);
    }

    /// Stops at once: hanging requests are dropped.
    pub(super) async fn stop(mut self) {
        self.handle.stop(false).await;
        if let Some(thread) = self.thread.take() {
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }
}

/// Subscribes a webhook of the first user to `BOOKING_CREATED`; its id.
async fn subscribe(client: &Client, server: &Server, key: &str, url: &str) -> Result<i64> {
    let body = json!({"subscriberUrl": url, "triggers": ["BOOKING_CREATED"], "active": true, "secret": "bench"});
    let answer = api(client, &server.base(), key, Method::POST, "/v2/webhooks", &body).await?;
    answer["data"]["id"].as_i64().ok_or_else(|| anyhow!("no data.id in {answer}"))
}

async fn unsubscribe(client: &Client, server: &Server, key: &str, ids: &[i64]) -> Result<()> {
    for id in ids {
        api(client, &server.base(), key, Method::DELETE, &format!("/v2/webhooks/{id}"), &Value::Null).await?;
    }
    Ok(())
}

/// What the delivery measurements found.
pub(super) struct DeliveryReport {
    /// Request-sent to receipt, in milliseconds, sorted.
    pub latencies_ms: Vec<f64>,
    /// The rounds of the throughput measurement.
    pub throughput: Vec<Throughput>,
    /// The rounds of the cost measurement.
    pub cost: Vec<CostRound>,
}

/// One round of the cost measurement: create throughput without webhooks, with three answering and with three
/// whose receiver hangs (measured in the round's order of [`COST_ORDER`]).
pub(super) struct CostRound {
    pub without: Outcome,
    pub with: Outcome,
    pub hanging: Outcome,
}

impl DeliveryReport {
    /// The throughput round with the median deliveries per second (a round where some never arrived counts as
    /// slowest).
    pub fn median_throughput(&self) -> Option<&Throughput> {
        let mut rounds: Vec<&Throughput> = self.throughput.iter().collect();
        rounds.sort_by(|a, b| {
            let rate = |t: &Throughput| if t.complete { t.per_second() } else { 0.0 };
            rate(a).total_cmp(&rate(b))
        });
        rounds.get(rounds.len().saturating_sub(1) / 2).copied()
    }

    /// Create throughput with answering and with hanging webhooks as shares of the throughput without: the mean
    /// over the rounds of each, divided by the mean without.
    pub fn create_shares(&self) -> (f64, f64) {
        let mean = |pick: &dyn Fn(&CostRound) -> &Outcome| {
            self.cost.iter().map(|r| pick(r).rps()).sum::<f64>() / self.cost.len().max(1) as f64
        };
        let without = mean(&|r| &r.without).max(f64::EPSILON);
        (mean(&|r| &r.with) / without, mean(&|r| &r.hanging) / without)
    }
}

pub(super) struct Throughput {
    pub bookings: usize,
    /// Deliveries that arrived (all of them unless `complete` is false).
    pub deliveries: u64,
    /// From the first create request to the last create answer.
    pub creating: Duration,
    /// From the first create request to the last delivery (or to giving up).
    pub total: Duration,
    pub complete: bool,
}

impl Throughput {
    pub fn per_second(&self) -> f64 {
        self.deliveries as f64 / self.total.as_secs_f64().max(f64::EPSILON)
    }
}

/// The latency at percentile `p` (nearest rank) of sorted `values`.
pub(super) fn percentile(values: &[f64], p: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * values.len() as f64).ceil() as usize;
    values[rank.clamp(1, values.len()) - 1]
}

pub(super) async fn measure_delivery(
    client: &Client,
    servers: &[Server],
    fixture: &Fixture,
    connections: usize,
    duration: Duration,
) -> Result<DeliveryReport> {
    let receiver = Receiver::start()?;
    let result = run(&receiver, client, servers, fixture, connections, duration).await;
    receiver.stop().await;
    result
}

async fn run(
    receiver: &Receiver,
    client: &Client,
    servers: &[Server],
    fixture: &Fixture,
    connections: usize,
    duration: Duration,
) -> Result<DeliveryReport> {
    let server = &servers[0];
    let key = fixture.key.as_str();
    let creates = || fixture.create_bookings(servers);

    // Latency: one webhook, one create at a time.
    eprintln!("bench: delivery latency ...");
    let hook = subscribe(client, server, key, &receiver.url("ok", "latency")).await?;
    let scenario = creates()?;
    let mut sent: HashMap<String, Instant> = HashMap::new();
    let until = Instant::now() + duration;
    while Instant::now() < until {
        let started = Instant::now();
        let response = scenario.request(client).send().await.context("create (latency)")?;
        let status = response.status();
        let body = response.bytes().await?;
        ensure!(status.is_success(), "create (latency): {status}: {}", String::from_utf8_lossy(&body));
        let uid = scenario.keep(&body).ok_or_else(|| anyhow!("create (latency): no uid in the answer"))?;
        sent.insert(uid, started);
        tokio::time::sleep_until((started + LATENCY_PACE).into()).await;
    }
    let expected = receiver.count() + sent.len() as u64;
    let _ = receiver.wait_for(expected).await;
    unsubscribe(client, server, key, &[hook]).await?;
    let mut latencies_ms: Vec<f64> = {
        let arrived = receiver.received.latency.lock().map_err(|_| anyhow!("receiver state poisoned"))?;
        arrived
            .iter()
            .filter_map(|(uid, at)| sent.get(uid).map(|started| at.duration_since(*started).as_secs_f64() * 1e3))
            .collect()
    };
    ensure!(latencies_ms.len() == sent.len(), "{} of {} latency deliveries arrived", latencies_ms.len(), sent.len());
    latencies_ms.sort_by(f64::total_cmp);
    eprintln!(
        "bench: delivery latency: p50 {:.2} ms, p99 {:.2} ms over {}",
        percentile(&latencies_ms, 50.0),
        percentile(&latencies_ms, 99.0),
        latencies_ms.len()
    );

    // Throughput: bursts of bookings, each delivered to sixteen webhooks; in rounds.
    let mut hooks = Vec::with_capacity(THROUGHPUT_WEBHOOKS);
    for n in 0..THROUGHPUT_WEBHOOKS {
        hooks.push(subscribe(client, server, key, &receiver.url("ok", &format!("burst-{n}"))).await?);
    }
    let bookings = (THROUGHPUT_PER_SECOND * duration.as_secs() as usize / THROUGHPUT_WEBHOOKS).max(1);
    let mut throughput = Vec::with_capacity(THROUGHPUT_ROUNDS);
    for round in 1..=THROUGHPUT_ROUNDS {
        eprintln!("bench: delivery throughput (round {round} of {THROUGHPUT_ROUNDS}) ...");
        let before = receiver.count();
        let started = Instant::now();
        create_many(client, Arc::new(creates()?), connections, bookings).await?;
        let creating = started.elapsed();
        let expected = before + (bookings * THROUGHPUT_WEBHOOKS) as u64;
        let arrived = receiver.wait_for(expected).await;
        let burst = Throughput {
            bookings,
            deliveries: receiver.count() - before,
            creating,
            total: arrived.unwrap_or_else(Instant::now).duration_since(started),
            complete: arrived.is_some(),
        };
        eprintln!(
            "bench: delivery throughput (round {round} of {THROUGHPUT_ROUNDS}): {:.0} deliveries/s ({} in {:.2} s; \
             creating took {:.2} s)",
            burst.per_second(),
            burst.deliveries,
            burst.total.as_secs_f64(),
            creating.as_secs_f64()
        );
        throughput.push(burst);
    }
    unsubscribe(client, server, key, &hooks).await?;

    // What webhooks cost bookings: none, three answering, three hanging; in rounds, in rotating order.
    let mut cost = Vec::with_capacity(COST_ROUNDS);
    for (round, order) in (1..=COST_ROUNDS).zip(COST_ORDER) {
        let name = |what: &str| format!("POST /v2/bookings, {what} (round {round} of {COST_ROUNDS})");
        let (mut without, mut with, mut hanging) = (None, None, None);
        for kind in order {
            let (slot, what, path) = match kind {
                Cost::Without => {
                    without = Some(measure(&name("no webhooks"), client, creates()?, connections, duration).await?);
                    continue;
                }
                Cost::Answering => (&mut with, "3 webhooks", "ok"),
                Cost::Hanging => (&mut hanging, "3 hanging webhooks", "hang"),
            };
            let (name, scenario) = (name(what), creates()?);
            *slot =
                Some(with_webhooks(receiver, client, server, key, path, &name, scenario, connections, duration).await?);
        }
        let (Some(without), Some(with), Some(hanging)) = (without, with, hanging) else {
            bail!("round {round} of the cost measurement missed a kind");
        };
        cost.push(CostRound { without, with, hanging });
    }
    Ok(DeliveryReport { latencies_ms, throughput, cost })
}

/// Create throughput with [`COST_WEBHOOKS`] webhooks to the receiver's `kind` path (`ok` or `hang`); then lets
/// every delivery they owe arrive (a hanging receiver released first) and removes them, so the next measurement
/// starts with nothing left to send.
#[allow(clippy::too_many_arguments)]
async fn with_webhooks(
    receiver: &Receiver,
    client: &Client,
    server: &Server,
    key: &str,
    kind: &str,
    name: &str,
    scenario: CreateBookings,
    connections: usize,
    duration: Duration,
) -> Result<Outcome> {
    receiver.hold();
    let mut hooks = Vec::with_capacity(COST_WEBHOOKS);
    for n in 0..COST_WEBHOOKS {
        hooks.push(subscribe(client, server, key, &receiver.url(kind, &format!("cost-{n}"))).await?);
    }
    let before = receiver.count();
    let outcome = measure(name, client, scenario, connections, duration).await?;
    receiver.release();
    // With the webhooks still there: deleting them first would leave their owed deliveries to be dropped during
    // the next measurement.
    let owed = (outcome.requests() - outcome.errors) * COST_WEBHOOKS as u64;
    if receiver.wait_for(before + owed).await.is_none() {
        eprintln!("bench: {name}: not every delivery arrived in {DRAIN_TIMEOUT:?}; the next measurement may send some");
    }
    unsubscribe(client, server, key, &hooks).await?;
    Ok(outcome)
}

/// Creates `count` bookings with `connections` concurrent clients; every create must succeed.
async fn create_many(client: &Client, scenario: Arc<CreateBookings>, connections: usize, count: usize) -> Result<()> {
    let issued = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let (client, scenario, issued) = (client.clone(), Arc::clone(&scenario), Arc::clone(&issued));
            tokio::spawn(async move {
                while issued.fetch_add(1, Ordering::Relaxed) < count {
                    let response = scenario.request(&client).send().await.context("create (burst)")?;
                    let status = response.status();
                    let body = response.bytes().await?;
                    ensure!(status.is_success(), "create (burst): {status}: {}", String::from_utf8_lossy(&body));
                }
                Ok::<(), anyhow::Error>(())
            })
        })
        .collect();
    for task in tasks {
        task.await.context("a create task panicked")??;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_of_latencies() {
        let values: Vec<f64> = (1..=200).map(f64::from).collect();
        assert_eq!(percentile(&values, 50.0), 100.0);
        assert_eq!(percentile(&values, 99.0), 198.0);
        assert_eq!(percentile(&[], 50.0), 0.0);
    }

    fn burst(deliveries: u64, seconds: u64, complete: bool) -> Throughput {
        let total = Duration::from_secs(seconds);
        Throughput { bookings: 1, deliveries, creating: total, total, complete }
    }

    fn outcome(requests: usize) -> Outcome {
        Outcome {
            name: String::new(),
            latencies: vec![1; requests],
            errors: 0,
            error_samples: Vec::new(),
            bytes: 0,
            elapsed: Duration::from_secs(1),
            kept: Vec::new(),
        }
    }

    /// Throughput with webhooks is compared with throughput without, each as its mean over the rounds; a throughput
    /// round where deliveries went missing counts as the slowest; every kind takes every position of a round once.
    #[test]
    fn medians_of_rounds() {
        let round = |without, with, hanging| CostRound {
            without: outcome(without),
            with: outcome(with),
            hanging: outcome(hanging),
        };
        let report = DeliveryReport {
            latencies_ms: Vec::new(),
            throughput: vec![burst(9_000, 1, true), burst(30_000, 1, false), burst(8_000, 1, true)],
            cost: vec![round(100, 50, 90), round(200, 180, 100), round(50, 40, 50)],
        };
        assert_eq!(report.median_throughput().unwrap().deliveries, 8_000);
        // Means: without 350/3, with 270/3, hanging 240/3.
        let (with, hanging) = report.create_shares();
        assert!((with - 270.0 / 350.0).abs() < 1e-9 && (hanging - 240.0 / 350.0).abs() < 1e-9);
        for position in 0..3 {
            let mut kinds: Vec<Cost> = COST_ORDER.iter().map(|order| order[position]).collect();
            kinds.sort_unstable();
            assert_eq!(kinds, [Cost::Without, Cost::Answering, Cost::Hanging], "each kind once at position {position}");
        }
        let empty = DeliveryReport { latencies_ms: Vec::new(), throughput: Vec::new(), cost: Vec::new() };
        assert!(empty.median_throughput().is_none());
        assert_eq!(empty.create_shares(), (0.0, 0.0));
    }

    #[tokio::test]
    async fn the_receiver_counts_and_notes_latency_deliveries() {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let receiver = Receiver::start().unwrap();
        let client = Client::builder().no_proxy().build().unwrap();
        let payload = json!({"triggerEvent": "BOOKING_CREATED", "payload": {"uid": "abc"}});
        let answer = client.post(receiver.url("ok", "latency")).json(&payload).send().await.unwrap();
        assert_eq!(answer.status(), 200);
        let answer = client.post(receiver.url("ok", "burst-1")).json(&payload).send().await.unwrap();
        assert_eq!(answer.status(), 200);
        let hung = client.post(receiver.url("hang", "x")).timeout(Duration::from_millis(200)).send().await;
        assert!(hung.is_err_and(|e| e.is_timeout()), "a holding receiver does not answer");
        assert_eq!(receiver.count(), 2);
        let held = tokio::spawn(client.post(receiver.url("hang", "x")).send());
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(receiver.count(), 2, "held, not counted");
        receiver.release();
        assert_eq!(held.await.unwrap().unwrap().status(), 200, "answered once released");
        // The request given up on above counts too if its handler was still held (it is not dropped with the client).
        assert!((3..=4).contains(&receiver.count()));
        let answered = client.post(receiver.url("hang", "y")).send().await.unwrap();
        assert_eq!(answered.status(), 200, "answered at once while released");
        receiver.hold();
        let hung = client.post(receiver.url("hang", "z")).timeout(Duration::from_millis(200)).send().await;
        assert!(hung.is_err_and(|e| e.is_timeout()), "holding again");
        let noted = receiver.received.latency.lock().unwrap().iter().map(|(uid, _)| uid.clone()).collect::<Vec<_>>();
        assert_eq!(noted, ["abc"]);
        receiver.stop().await;
    }
}

//! `cargo xtask bench`: an HTTP load benchmark of the release server.
//!
//! It builds and starts the real `calends` binary on an empty temporary database, sets up a 24/7 schedule and two
//! event types through the API, then drives one scenario after another with a fixed number of concurrent clients
//! (tokio tasks sharing one keep-alive HTTP/1.1 connection pool) and reports throughput, latency percentiles,
//! errors and the server's memory as a Markdown table.
//!
//! The load generator runs on the same cores as the server, so every scenario is also given as a share of the
//! `/health` ceiling measured in the same run (the most the server + this client can do for a request that does no
//! work): those shares move much less between runs than the absolute figures.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail, ensure};
use calends_store::Backend;
use chrono::{DateTime, Days, NaiveDate, Utc};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use reqwest::{Client, Method, RequestBuilder, StatusCode, Url};
use serde_json::{Value, json};

mod delivery;
mod hosts;
mod limits;
mod scale;
mod team;

pub const USAGE: &str = "  bench [--seconds N] [--connections C] [--on SETUPS] [--out PATH]
                   build the release server, start it on an empty database and measure /health, creating
                   bookings, reading bookings, computing slots and delivering webhooks over HTTP, and what
                   the rate limits cost (default 10 s per scenario, 32 connections); prints Markdown tables
                   and writes them to PATH too. SETUPS is a comma-separated list of `sqlite`, `postgres`
                   and `postgres:N` (N instances on one database, cores/N workers each, and creates through
                   one instance against spread over the N in alternating rounds; PostgreSQL is a throwaway
                   cluster, or CALENDS_TEST_POSTGRES_URL), default `sqlite`";

/// The command line of `cargo xtask bench`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// How long each scenario runs.
    pub seconds: u64,
    /// Concurrent clients, each with at most one request in flight.
    pub connections: usize,
    /// Also write the report here.
    pub out: Option<PathBuf>,
    /// The databases and instance counts to measure, in order.
    pub on: Vec<Setup>,
}

impl Default for Options {
    fn default() -> Self {
        Options { seconds: 10, connections: 32, out: None, on: vec![Setup { backend: Backend::Sqlite, instances: 1 }] }
    }
}

/// One configuration of servers under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setup {
    pub backend: Backend,
    /// Server processes sharing the database; the load alternates between them.
    pub instances: usize,
}

impl Setup {
    fn parse(text: &str) -> Result<Setup> {
        let (name, instances) = match text.split_once(':') {
            Some((name, n)) => (name, n.parse().with_context(|| format!("--on: `{n}` is not a whole number"))?),
            None => (text, 1),
        };
        let backend = match name {
            "sqlite" => Backend::Sqlite,
            "postgres" => Backend::Postgres,
            other => bail!("--on: unknown database `{other}` (sqlite or postgres)"),
        };
        ensure!(instances >= 1, "--on: `{text}` needs at least one instance");
        ensure!(
            backend == Backend::Postgres || instances == 1,
            "--on: one SQLite file has one server (`{text}`); several instances need postgres"
        );
        Ok(Setup { backend, instances })
    }

    fn label(&self) -> String {
        let name = match self.backend {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        };
        if self.instances == 1 { name.to_owned() } else { format!("{name}, {} instances", self.instances) }
    }

    fn arg(&self) -> String {
        let name = match self.backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        };
        if self.instances == 1 { name.to_owned() } else { format!("{name}:{}", self.instances) }
    }
}

impl Options {
    /// Parses the arguments after `bench`.
    pub fn parse(args: &[&str]) -> Result<Options> {
        let mut options = Options::default();
        let mut args = args.iter().copied();
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or_else(|| anyhow!("{flag} needs a value"));
            match flag {
                "--seconds" => {
                    let v = value()?;
                    options.seconds = v.parse().with_context(|| format!("--seconds: `{v}` is not a whole number"))?;
                }
                "--connections" => {
                    let v = value()?;
                    options.connections =
                        v.parse().with_context(|| format!("--connections: `{v}` is not a whole number"))?;
                }
                "--out" => options.out = Some(PathBuf::from(value()?)),
                "--on" => options.on = value()?.split(',').map(|s| Setup::parse(s.trim())).collect::<Result<_>>()?,
                other => bail!("unknown argument `{other}`"),
            }
        }
        ensure!(options.seconds >= 1, "--seconds must be at least 1");
        ensure!(options.connections >= 1, "--connections must be at least 1");
        Ok(options)
    }
}

/// The figures the project set for these scenarios (issue "Bookings": a 2-core machine, load and server sharing
/// the cores).
mod targets {
    pub const CREATE_RPS: f64 = 5_000.0;
    pub const CREATE_P99_MS: f64 = 30.0;
    pub const GET_RPS: f64 = 30_000.0;
    pub const SLOTS_RPS: f64 = 8_000.0;
    pub const IDLE_RSS_MB: f64 = 20.0;
    pub const PEAK_RSS_MB: f64 = 60.0;
    /// Issue "Webhook delivery".
    pub const DELIVERIES_PER_SECOND: f64 = 8_000.0;
    pub const RECEIPT_P50_MS: f64 = 5.0;
    pub const RECEIPT_P99_MS: f64 = 50.0;
    /// Create throughput with webhooks (answering or hanging) as a share of the throughput without.
    pub const WEBHOOK_CREATE_SHARE: f64 = 0.8;
    /// Issue "Hardening": what the rate limits may cost on the `/health` ceiling.
    pub const LIMITS_COST: f64 = 0.05;
}

/// Slots benchmark input: existing bookings spread over the queried days.
const SLOTS_DAYS: u64 = 30;
const SLOTS_BOOKINGS: usize = 200;
/// The create benchmark books this far ahead, so its bookings (busy time for the host, which both event types
/// share) never fall into the slots benchmark's window.
const CREATE_OFFSET_DAYS: u64 = 400;
/// How many error responses are quoted in the report.
const ERROR_SAMPLES: usize = 3;

/// Builds the server, runs every scenario on every setup, prints the report and writes it to `--out`.
pub fn run(options: &Options) -> Result<()> {
    if cfg!(debug_assertions) {
        return run_optimized(options);
    }
    let binary = cargo_build_release(&["calends-server"])?.remove("calends");
    let binary = binary.ok_or_else(|| anyhow!("cargo build did not report the `calends` executable"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting tokio")?;
    // The workspace enables reqwest's `rustls-no-provider` (for webhook delivery), and feature unification gives it
    // to this client too: without a process-wide provider, building any client panics, even one that only speaks
    // plain HTTP. `Err` means another provider is already installed, which serves as well.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = load_client()?;
    let limits = runtime.block_on(limits::measure_limits(&binary, &client, options))?;
    let mut reports = Vec::new();
    for setup in &options.on {
        eprintln!("bench: === {}", setup.label());
        reports.push(runtime.block_on(bench_setup(&binary, &client, *setup, options))?);
    }
    let mut markdown = String::new();
    for report in &reports {
        markdown.push_str(&report.markdown(options));
        markdown.push('\n');
    }
    if reports.len() > 1 {
        markdown.push_str(&side_by_side(&reports));
        markdown.push('\n');
    }
    markdown.push_str(&limits.markdown());
    print!("{markdown}");
    if let Some(path) = &options.out {
        std::fs::write(path, &markdown).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("bench: wrote {}", path.display());
    }
    Ok(())
}

/// The load generator's client: one pool for every client task, HTTP/1.1 keep-alive, at most one request per
/// connection at a time, so the pool holds as many connections as there are tasks. No proxy: the traffic must go
/// straight to the loopback server. A connection idle for [`POOL_IDLE`] is dropped rather than reused: the server
/// closes keep-alive connections idle for 5 s (actix-web's default), and a request sent on one it is closing at
/// that moment fails ("connection closed before message completed").
fn load_client() -> Result<Client> {
    Client::builder()
        .http1_only()
        .no_proxy()
        .tcp_nodelay(true)
        .pool_idle_timeout(POOL_IDLE)
        .pool_max_idle_per_host(usize::MAX)
        .timeout(Duration::from_secs(30))
        .build()
        .context("building the HTTP client")
}

/// How long the load generator keeps an idle connection: well under the server's keep-alive timeout.
const POOL_IDLE: Duration = Duration::from_secs(2);

/// Starts the servers of `setup` on a fresh database, measures everything, stops them.
async fn bench_setup(binary: &Path, client: &Client, setup: Setup, options: &Options) -> Result<Report> {
    let database = BenchDatabase::create(setup.backend)?;
    let mut servers = Vec::with_capacity(setup.instances);
    // Several instances share the machine's cores, as one instance does: each runs cores/N worker threads (one
    // instance, one per core). With a worker per core each, N instances would run N times the busy threads of one,
    // and the load generator on the same cores would get a smaller share of them than against one instance.
    let workers = workers_each(setup.instances).to_string();
    let mut flags: Vec<&str> = SERVER_FLAGS.to_vec();
    if setup.instances > 1 {
        flags.extend(["--workers", &workers]);
    }
    // One after the other: the first creates the first user and prints its key; the others find the database set up.
    for _ in 0..setup.instances {
        let server = Server::start(binary, database.url(), &flags)?;
        eprintln!("bench: server pid {} on {}", server.pid, server.addr);
        servers.push(server);
    }
    let report = bench(binary, database.url(), &servers, client, setup, options).await;
    // Stop the servers whatever happened, then report the first failure.
    let mut stopped = Ok(());
    for server in &mut servers {
        let result = server.stop();
        if stopped.is_ok() {
            stopped = result;
        }
    }
    let report = report?;
    stopped?;
    Ok(report)
}

/// The machine's cores.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// HTTP worker threads of each of `instances` servers sharing the machine: its cores split between them.
fn workers_each(instances: usize) -> usize {
    (cores() / instances).max(1)
}

/// Every server of the benchmark runs with these: limits raised far above what the load reaches (they still run
/// on every request, as in production), and webhooks allowed to the local receiver.
const SERVER_FLAGS: [&str; 5] = [
    "--rate-limit-per-minute",
    "4000000000",
    "--anonymous-rate-limit-per-minute",
    "4000000000",
    "--allow-private-webhook-targets",
];

/// The database of one setup: a SQLite file in a temporary directory, or a throwaway PostgreSQL database.
enum BenchDatabase {
    Sqlite { dir: PathBuf, url: String },
    Postgres(calends_store::testing::Database),
}

impl BenchDatabase {
    fn create(backend: Backend) -> Result<BenchDatabase> {
        match backend {
            Backend::Sqlite => {
                let dir = temp_dir("db")?;
                let url = dir.join("bench.db").to_string_lossy().into_owned();
                Ok(BenchDatabase::Sqlite { dir, url })
            }
            Backend::Postgres => {
                let cluster = calends_store::testing::Cluster::shared().ok_or_else(|| {
                    anyhow!("PostgreSQL is not available: install it (initdb) or set CALENDS_TEST_POSTGRES_URL")
                })?;
                Ok(BenchDatabase::Postgres(cluster.create_database()))
            }
        }
    }

    fn url(&self) -> &str {
        match self {
            BenchDatabase::Sqlite { url, .. } => url,
            BenchDatabase::Postgres(database) => database.url(),
        }
    }
}

impl Drop for BenchDatabase {
    fn drop(&mut self) {
        if let BenchDatabase::Sqlite { dir, .. } = self {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// A new directory under the system's temporary directory.
fn temp_dir(what: &str) -> Result<PathBuf> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("calends-bench-{}-{what}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

/// `cargo xtask` runs a debug build, and an unoptimized load generator (reqwest, hyper and tokio at opt-level 0)
/// is several times slower: on the 2-core machine it drove `/health` at ~9k requests/s where the optimized one
/// drives ~50k, so the benchmark would mostly measure itself. A debug build therefore builds the release xtask
/// and hands the run over to it. (The server is built by itself there, `-p calends-server` alone, so it gets the
/// features `cargo build --release` gives it rather than those unified with the xtask's dependencies.)
fn run_optimized(options: &Options) -> Result<()> {
    eprintln!("bench: building the optimized load generator (release xtask)");
    let xtask = cargo_build_release(&["xtask"])?.remove("xtask");
    let xtask = xtask.ok_or_else(|| anyhow!("cargo build did not report the `xtask` executable"))?;
    let mut command = Command::new(&xtask);
    command.arg("bench").args(["--seconds", &options.seconds.to_string()]);
    command.args(["--connections", &options.connections.to_string()]);
    let on: Vec<String> = options.on.iter().map(Setup::arg).collect();
    command.args(["--on", &on.join(",")]);
    if let Some(out) = &options.out {
        command.arg("--out").arg(out);
    }
    let status = command.status().with_context(|| format!("running {}", xtask.display()))?;
    ensure!(status.success(), "the release benchmark failed ({status})");
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------------
// The server process

/// `cargo build --release -p <package>...`, returning the executables cargo reports by target name (so
/// `CARGO_TARGET_DIR` and any other target-directory setting are honoured without guessing).
fn cargo_build_release(packages: &[&str]) -> Result<HashMap<String, PathBuf>> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.args(["build", "--release", "--message-format=json-render-diagnostics"]);
    for package in packages {
        command.args(["-p", package]);
    }
    eprintln!("bench: cargo build --release -p {}", packages.join(" -p "));
    let output =
        command.current_dir(crate::codegen::root()).stderr(Stdio::inherit()).output().context("running cargo build")?;
    ensure!(output.status.success(), "cargo build --release failed ({})", output.status);
    let stdout = String::from_utf8_lossy(&output.stdout);
    Ok(stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact")
        .filter_map(|m| Some((m["target"]["name"].as_str()?.to_owned(), PathBuf::from(m["executable"].as_str()?))))
        .collect())
}

/// A running server process.
struct Server {
    child: Child,
    pid: u32,
    addr: String,
    /// The first-run API key; empty for a server that found the database already set up.
    api_key: String,
    stopped: bool,
}

impl Server {
    /// Starts `calends` on port 0 (the kernel picks a free port, so there is no race with other processes) and
    /// reads the first-run API key and the real address from its stdout.
    fn start(binary: &Path, database_url: &str, flags: &[&str]) -> Result<Server> {
        let mut child = Command::new(binary)
            .args(["--database-url", database_url])
            .args(["--listen", "127.0.0.1:0"])
            .args(flags)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let pid = child.id();
        let stdout = child.stdout.take().ok_or_else(|| anyhow!("the server's stdout is not captured"))?;
        // A thread forwards stdout lines and keeps draining the pipe afterwards, so the server never blocks on a
        // full pipe however much it prints.
        let (lines_tx, lines_rx) = mpsc::channel::<String>();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(std::result::Result::ok) {
                let _ = lines_tx.send(line);
            }
        });
        // From here on, dropping `server` (on any error) stops the child and removes the directory.
        let mut server = Server { child, pid, addr: String::new(), api_key: String::new(), stopped: false };
        let deadline = Instant::now() + Duration::from_secs(60);
        while server.addr.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = match lines_rx.recv_timeout(left) {
                Ok(line) => line,
                Err(mpsc::RecvTimeoutError::Timeout) => bail!("the server did not print its address within 60 s"),
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    let status = server.child.wait().map(|s| s.to_string()).unwrap_or_else(|e| e.to_string());
                    bail!("the server exited before listening ({status})");
                }
            };
            let line = line.trim();
            if let Some(key) = line.strip_prefix("API key:") {
                server.api_key = key.trim().to_owned();
            } else if let Some(url) = line.strip_prefix("Calends listening on http://") {
                server.addr = url.trim().to_owned();
            }
        }
        Ok(server)
    }

    /// `VmRSS` and `VmHWM` (peak RSS) of the server, in bytes.
    fn memory(&self) -> Result<(u64, u64)> {
        let path = format!("/proc/{}/status", self.pid);
        let status = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
        let field = |name: &str| -> Result<u64> {
            let line = status.lines().find_map(|l| l.strip_prefix(name)).ok_or_else(|| anyhow!("{path}: no {name}"))?;
            let kb = line.trim().trim_end_matches("kB").trim();
            Ok(kb.parse::<u64>().with_context(|| format!("{path}: {name} `{line}`"))? * 1024)
        };
        Ok((field("VmRSS:")?, field("VmHWM:")?))
    }

    /// SIGTERM (the server finishes requests in flight and exits), then wait; SIGKILL if it takes too long.
    fn stop(&mut self) -> Result<()> {
        if self.stopped {
            return Ok(());
        }
        self.stopped = true;
        self.terminate()
    }

    fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn terminate(&mut self) -> Result<()> {
        if self.child.try_wait()?.is_some() {
            bail!("the server had already exited");
        }
        let sent = Command::new("kill").args(["-TERM", &self.pid.to_string()]).status().context("running kill")?;
        ensure!(sent.success(), "kill -TERM {} failed", self.pid);
        let deadline = Instant::now() + Duration::from_secs(40);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                ensure!(status.success(), "the server exited with {status} after SIGTERM");
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.child.kill().context("killing the server")?;
        self.child.wait()?;
        bail!("the server did not stop within 40 s of SIGTERM and was killed")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Err(e) = self.stop() {
            eprintln!("bench: stopping the server: {e:#}");
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Setup through the API

/// What setup created.
struct Fixture {
    /// The first user's API key.
    key: String,
    bench_event_type: i64,
    /// First start offered to the create scenarios (midnight UTC, `CREATE_OFFSET_DAYS` ahead).
    create_base: DateTime<Utc>,
    /// The next free 5-minute slot after `create_base`, shared by every create scenario of the run.
    next_slot: Arc<AtomicUsize>,
    /// The many-hosts create scenario's event types, one per host (`hosts.rs`; empty until it is set up).
    host_event_types: Vec<i64>,
    /// The next request of the many-hosts create scenarios: its host in turn, the slot after every host's turn.
    next_host_request: Arc<AtomicUsize>,
    /// The slots query, once per server.
    slots_urls: Vec<Url>,
    /// Slots in one answer of the slots scenario (a check that the input is what the report says).
    slots_answered: usize,
}

impl Fixture {
    /// A create scenario for the next free slots, alternating between `servers`.
    fn create_bookings(&self, servers: &[Server]) -> Result<CreateBookings> {
        CreateBookings::new(servers, &[self.bench_event_type], self.create_base, &self.next_slot)
    }

    /// A create scenario over the many hosts' event types in turn (each host's next free slot), alternating
    /// between `servers`.
    fn create_for_hosts(&self, servers: &[Server]) -> Result<CreateBookings> {
        ensure!(!self.host_event_types.is_empty(), "the many-hosts scenario is not set up");
        CreateBookings::new(servers, &self.host_event_types, self.create_base, &self.next_host_request)
    }
}

/// `path` on each of `servers`.
fn urls(servers: &[Server], path: &str) -> Result<Vec<Url>> {
    servers
        .iter()
        .map(|s| Url::parse(&format!("{}{path}", s.base())).with_context(|| format!("URL for {path}")))
        .collect()
}

/// One setup call with the API key; fails with the answer's body on a non-2xx status.
async fn api(client: &Client, base: &str, key: &str, method: Method, path: &str, body: &Value) -> Result<Value> {
    let response = client
        .request(method.clone(), format!("{base}{path}"))
        .header(AUTHORIZATION, format!("Bearer {key}"))
        .json(body)
        .send()
        .await
        .with_context(|| format!("{method} {path}"))?;
    let status = response.status();
    let text = response.text().await.with_context(|| format!("{method} {path}: reading the answer"))?;
    ensure!(status.is_success(), "{method} {path}: {status}: {text}");
    serde_json::from_str(&text).with_context(|| format!("{method} {path}: the answer is not JSON: {text}"))
}

async fn setup(client: &Client, servers: &[Server]) -> Result<Fixture> {
    let server = &servers[0];
    ensure!(!server.api_key.is_empty(), "the server did not print a first-run API key (is the database empty?)");
    let base = server.base();
    let key = &server.api_key;
    let post = |path: &'static str, body: Value| {
        let base = base.clone();
        async move { api(client, &base, key, Method::POST, path, &body).await }
    };
    // 24/7 availability: every 5-minute step is a slot, so the create scenario never runs out of free ones.
    post(
        "/v2/schedules",
        json!({"name": "Always", "timeZone": "UTC", "isDefault": true, "availability": [{
            "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
            "startTime": "00:00", "endTime": "24:00"}]}),
    )
    .await?;
    let id = |answer: Value| answer["data"]["id"].as_i64().ok_or_else(|| anyhow!("no data.id in {answer}"));
    let bench_event_type = id(post(
        "/v2/event-types",
        json!({"title": "Bench", "slug": "bench", "lengthInMinutes": 5, "minimumBookingNotice": 0}),
    )
    .await?)?;
    let consult = id(post(
        "/v2/event-types",
        json!({"title": "Consult", "slug": "consult", "lengthInMinutes": 30, "minimumBookingNotice": 0}),
    )
    .await?)?;

    let tomorrow = Utc::now().date_naive() + Days::new(1);
    let midnight = |date: NaiveDate| date.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    let first_day = midnight(tomorrow).ok_or_else(|| anyhow!("no midnight on {tomorrow}"))?;
    // Existing bookings for the slots scenario: distinct 30-minute slots of the 30 days, picked by a fixed LCG so
    // every run books the same irregular pattern.
    let slots_in_window = (SLOTS_DAYS * 48) as usize;
    let mut picked = HashSet::new();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    while picked.len() < SLOTS_BOOKINGS {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        picked.insert((state >> 33) as usize % slots_in_window);
    }
    let mut picked: Vec<usize> = picked.into_iter().collect();
    picked.sort_unstable();
    for (n, slot) in picked.into_iter().enumerate() {
        let start = first_day + chrono::Duration::minutes(30 * slot as i64);
        post(
            "/v2/bookings",
            json!({"eventTypeId": consult, "start": start.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                   "attendee": {"name": "Seed", "email": format!("seed-{n}@example.com"), "timeZone": "UTC"}}),
        )
        .await?;
    }

    let last_day = tomorrow + Days::new(SLOTS_DAYS - 1);
    let slots_urls = urls(servers, &format!("/v2/slots?eventTypeId={consult}&start={tomorrow}&end={last_day}"))?;
    let answer: Value = client.get(slots_urls[0].clone()).send().await?.error_for_status()?.json().await?;
    let slots_answered =
        answer["data"].as_object().map_or(0, |days| days.values().filter_map(Value::as_array).map(Vec::len).sum());
    ensure!(slots_answered > 0, "the slots query answers no slots: {answer}");

    let create_base = midnight(tomorrow + Days::new(CREATE_OFFSET_DAYS)).ok_or_else(|| anyhow!("no create base"))?;
    Ok(Fixture {
        key: key.clone(),
        bench_event_type,
        create_base,
        next_slot: Arc::new(AtomicUsize::new(0)),
        host_event_types: Vec::new(),
        next_host_request: Arc::new(AtomicUsize::new(0)),
        slots_urls,
        slots_answered,
    })
}

// ---------------------------------------------------------------------------------------------------------------
// Scenarios and the load loop

/// One kind of request. `request` runs once per request on the load generator's hot path: keep it cheap.
trait Scenario: Send + Sync + 'static {
    fn request(&self, client: &Client) -> RequestBuilder;
    /// Something to keep from a successful answer (the create scenario keeps the booking's uid).
    fn keep(&self, _body: &[u8]) -> Option<String> {
        None
    }
}

/// A GET of fixed URLs in turn (`/health`, the slots query; one per server).
struct Rotate {
    urls: Vec<Url>,
    next: AtomicUsize,
}

impl Rotate {
    fn new(urls: Vec<Url>) -> Rotate {
        Rotate { urls, next: AtomicUsize::new(0) }
    }
}

impl Scenario for Rotate {
    fn request(&self, client: &Client) -> RequestBuilder {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        client.get(self.urls[n % self.urls.len()].clone())
    }
}

/// `POST /v2/bookings` of event types in turn (one per host), each request for its host's next free 5-minute
/// slot, to the servers in turn.
struct CreateBookings {
    urls: Vec<Url>,
    /// Per event type, the body up to the start time: everything that does not change between requests,
    /// serialized once.
    prefixes: Vec<String>,
    base: DateTime<Utc>,
    /// Requests made so far: request `n` books event type `n % prefixes.len()` at slot `n / prefixes.len()`.
    next: Arc<AtomicUsize>,
}

impl CreateBookings {
    fn new(servers: &[Server], event_types: &[i64], base: DateTime<Utc>, next: &Arc<AtomicUsize>) -> Result<Self> {
        ensure!(!event_types.is_empty(), "a create scenario without an event type");
        Ok(CreateBookings {
            urls: urls(servers, "/v2/bookings")?,
            prefixes: event_types.iter().map(|id| format!(r#"{{"eventTypeId":{id},"start":""#)).collect(),
            base,
            next: Arc::clone(next),
        })
    }
}

#[derive(serde::Deserialize)]
struct Created {
    data: CreatedData,
}

#[derive(serde::Deserialize)]
struct CreatedData {
    uid: String,
}

impl Scenario for CreateBookings {
    fn request(&self, client: &Client) -> RequestBuilder {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let prefix = &self.prefixes[n % self.prefixes.len()];
        let start = self.base + chrono::Duration::minutes(5 * (n / self.prefixes.len()) as i64);
        let mut body = Vec::with_capacity(prefix.len() + 112);
        body.extend_from_slice(prefix.as_bytes());
        // Writing into a Vec cannot fail.
        let _ = write!(
            body,
            r#"{}","attendee":{{"name":"Bench","email":"bench-{n}@example.com","timeZone":"UTC"}}}}"#,
            start.format("%Y-%m-%dT%H:%M:%SZ")
        );
        let url = self.urls[n % self.urls.len()].clone();
        client.post(url).header(CONTENT_TYPE, HeaderValue::from_static("application/json")).body(body)
    }

    fn keep(&self, body: &[u8]) -> Option<String> {
        serde_json::from_slice::<Created>(body).ok().map(|c| c.data.uid)
    }
}

/// `GET /v2/bookings/{uid}` over the bookings the create scenario made, round-robin.
struct GetBookings {
    urls: Vec<Url>,
    next: AtomicUsize,
}

impl Scenario for GetBookings {
    fn request(&self, client: &Client) -> RequestBuilder {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        client.get(self.urls[n % self.urls.len()].clone())
    }
}

/// What one scenario measured.
struct Outcome {
    name: String,
    /// Every request's latency in microseconds, sorted.
    latencies: Vec<u32>,
    errors: u64,
    error_samples: Vec<String>,
    bytes: u64,
    elapsed: Duration,
    kept: Vec<String>,
}

impl Outcome {
    fn requests(&self) -> u64 {
        self.latencies.len() as u64
    }

    fn rps(&self) -> f64 {
        self.requests() as f64 / self.elapsed.as_secs_f64()
    }

    /// The latency at percentile `p` (nearest rank), in milliseconds.
    fn percentile_ms(&self, p: f64) -> f64 {
        let n = self.latencies.len();
        if n == 0 {
            return 0.0;
        }
        let rank = ((p / 100.0) * n as f64).ceil() as usize;
        f64::from(self.latencies[rank.clamp(1, n) - 1]) / 1000.0
    }
}

/// What one client task saw.
#[derive(Default)]
struct WorkerReport {
    latencies: Vec<u32>,
    errors: u64,
    error_samples: Vec<String>,
    bytes: u64,
    kept: Vec<String>,
}

/// One client: requests back to back, one in flight, until the deadline. The request that is in flight at the
/// deadline completes and counts.
async fn worker<S: Scenario>(client: Client, scenario: Arc<S>, deadline: Instant) -> WorkerReport {
    // Reserved up front so growing the vector does not land in the measured loop.
    let mut report = WorkerReport { latencies: Vec::with_capacity(1 << 16), ..WorkerReport::default() };
    while Instant::now() < deadline {
        let started = Instant::now();
        let answer = async {
            let response = scenario.request(&client).send().await?;
            let status = response.status();
            // The body is read to the end so the connection goes back to the pool.
            Ok::<(StatusCode, _), reqwest::Error>((status, response.bytes().await?))
        }
        .await;
        report.latencies.push(u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX));
        match answer {
            Ok((status, body)) if status.is_success() => {
                report.bytes += body.len() as u64;
                if let Some(kept) = scenario.keep(&body) {
                    report.kept.push(kept);
                }
            }
            Ok((status, body)) => {
                report.errors += 1;
                if report.error_samples.len() < ERROR_SAMPLES {
                    let text = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
                    report.error_samples.push(format!("{status}: {text}"));
                }
            }
            Err(e) => {
                report.errors += 1;
                if report.error_samples.len() < ERROR_SAMPLES {
                    report.error_samples.push(format!("transport: {e}"));
                }
            }
        }
    }
    report
}

/// Runs `scenario` with `connections` concurrent clients for `duration`.
async fn measure<S: Scenario>(
    name: &str,
    client: &Client,
    scenario: S,
    connections: usize,
    duration: Duration,
) -> Result<Outcome> {
    eprintln!("bench: {name} ...");
    let scenario = Arc::new(scenario);
    let started = Instant::now();
    let deadline = started + duration;
    let tasks: Vec<_> =
        (0..connections).map(|_| tokio::spawn(worker(client.clone(), Arc::clone(&scenario), deadline))).collect();
    let mut outcome = Outcome {
        name: name.to_owned(),
        latencies: Vec::new(),
        errors: 0,
        error_samples: Vec::new(),
        bytes: 0,
        elapsed: Duration::ZERO,
        kept: Vec::new(),
    };
    for task in tasks {
        let report = task.await.context("a client task panicked")?;
        outcome.latencies.extend_from_slice(&report.latencies);
        outcome.errors += report.errors;
        outcome.bytes += report.bytes;
        outcome.kept.extend(report.kept);
        for sample in report.error_samples {
            if outcome.error_samples.len() < ERROR_SAMPLES {
                outcome.error_samples.push(sample);
            }
        }
    }
    // Until the last in-flight request finished, which is what the count covers.
    outcome.elapsed = started.elapsed();
    outcome.latencies.sort_unstable();
    eprintln!(
        "bench: {name}: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, {} errors",
        outcome.rps(),
        outcome.percentile_ms(50.0),
        outcome.percentile_ms(99.0),
        outcome.errors
    );
    Ok(outcome)
}

/// Everything the report of one setup shows.
struct Report {
    setup: Setup,
    health_first: Outcome,
    create: Outcome,
    /// The many-hosts create scenario (`hosts.rs`).
    create_hosts: Outcome,
    get: Outcome,
    slots: Outcome,
    health_last: Outcome,
    /// Several instances: creates through one of them against spread over all, in alternating rounds.
    scale: Option<scale::ScaleReport>,
    team: team::TeamSlots,
    delivery: delivery::DeliveryReport,
    /// Of the first server: after setup, the peak through the bookings scenarios (the target's workload), and the
    /// peak at the end, after the webhook phases too.
    idle_rss: u64,
    bookings_peak_rss: u64,
    peak_rss: u64,
    slots_answered: usize,
}

async fn bench(
    binary: &Path,
    database_url: &str,
    servers: &[Server],
    client: &Client,
    setup: Setup,
    options: &Options,
) -> Result<Report> {
    let mut fixture = self::setup(client, servers).await?;
    fixture.host_event_types = hosts::set_up(binary, database_url, client, &servers[0]).await?;
    let (idle_rss, _) = servers[0].memory()?;
    let duration = Duration::from_secs(options.seconds);
    let c = options.connections;
    let health = || urls(servers, "/health").map(Rotate::new);

    // Opens the pool's connections and lets both processes reach their steady state before anything counts.
    let warm_up = duration.min(Duration::from_secs(2));
    measure("warm-up: GET /health", client, health()?, c, warm_up).await?;
    let health_first = measure("GET /health (first)", client, health()?, c, duration).await?;
    let mut create = measure("POST /v2/bookings", client, fixture.create_bookings(servers)?, c, duration).await?;
    let uids = std::mem::take(&mut create.kept);
    ensure!(!uids.is_empty(), "the create scenario made no booking to read back");
    let mut create_hosts =
        measure(&hosts_scenario_name(), client, fixture.create_for_hosts(servers)?, c, duration).await?;
    create_hosts.kept = Vec::new();
    let urls = uids
        .iter()
        .enumerate()
        .map(|(n, uid)| {
            let server = &servers[n % servers.len()];
            Url::parse(&format!("{}/v2/bookings/{uid}", server.base())).context("booking URL")
        })
        .collect::<Result<Vec<_>>>()?;
    let get =
        measure("GET /v2/bookings/{uid}", client, GetBookings { urls, next: AtomicUsize::new(0) }, c, duration).await?;
    let slots = measure("GET /v2/slots", client, Rotate::new(fixture.slots_urls.clone()), c, duration).await?;
    let health_last = measure("GET /health (last)", client, health()?, c, duration).await?;
    let (_, bookings_peak_rss) = servers[0].memory()?;
    let scale = match servers.len() {
        1 => None,
        _ => Some(scale::measure_scale(binary, database_url, servers, &fixture, client, options).await?),
    };
    let team = team::measure_team_slots(binary, database_url, client, &servers[0], duration).await?;
    let delivery = delivery::measure_delivery(client, servers, &fixture, c, duration).await?;
    let (_, peak_rss) = servers[0].memory()?;
    Ok(Report {
        setup,
        health_first,
        create,
        create_hosts,
        get,
        slots,
        health_last,
        scale,
        team,
        delivery,
        idle_rss,
        bookings_peak_rss,
        peak_rss,
        slots_answered: fixture.slots_answered,
    })
}

// ---------------------------------------------------------------------------------------------------------------
// The report

/// `12345.6` -> `12,346`.
fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.max(0.0));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn yes_no(met: bool) -> &'static str {
    if met { "met" } else { "**missed**" }
}

fn machine() -> String {
    let cores = cores();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|l| l.strip_prefix("model name")?.split_once(':').map(|(_, m)| m.trim().to_owned()))
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{cores} cores ({cpu})")
}

impl Report {
    /// The ceiling: the mean of the two `/health` runs (first and last), which brackets drift during the run.
    fn ceiling(&self) -> f64 {
        (self.health_first.rps() + self.health_last.rps()) / 2.0
    }

    fn markdown(&self, options: &Options) -> String {
        let mut md = String::new();
        let ceiling = self.ceiling();
        // Writing into a String cannot fail.
        let _ = writeln!(
            md,
            "Calends HTTP load on {}: {} s per scenario, {} connections (HTTP/1.1 keep-alive), {} requests/s \
             ceiling (mean of the two /health runs); machine: {}, load generator and server on the same cores.\n",
            self.setup.label(),
            options.seconds,
            options.connections,
            thousands(ceiling),
            machine()
        );
        let _ = writeln!(
            md,
            "| scenario | requests | errors | req/s | of /health | p50 | p99 | max | bytes/answer | target |"
        );
        let _ = writeln!(md, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        let create_met = self.create.rps() >= targets::CREATE_RPS
            && self.create.percentile_ms(99.0) <= targets::CREATE_P99_MS
            && self.create.errors == 0;
        let rows: [(&Outcome, String); 6] = [
            (&self.health_first, "ceiling".into()),
            (
                &self.create,
                format!(
                    "≥ {}/s, p99 ≤ {} ms, no errors: {}",
                    thousands(targets::CREATE_RPS),
                    targets::CREATE_P99_MS,
                    yes_no(create_met)
                ),
            ),
            (&self.create_hosts, "no target of its own".into()),
            (&self.get, format!("≥ {}/s: {}", thousands(targets::GET_RPS), yes_no(self.get.rps() >= targets::GET_RPS))),
            (
                &self.slots,
                format!("≥ {}/s: {}", thousands(targets::SLOTS_RPS), yes_no(self.slots.rps() >= targets::SLOTS_RPS)),
            ),
            (&self.health_last, "ceiling".into()),
        ];
        for (o, target) in rows {
            let succeeded = o.requests().saturating_sub(o.errors).max(1);
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {:.1} % | {:.2} ms | {:.2} ms | {:.1} ms | {} | {} |",
                o.name,
                thousands(o.requests() as f64),
                o.errors,
                thousands(o.rps()),
                100.0 * o.rps() / ceiling,
                o.percentile_ms(50.0),
                o.percentile_ms(99.0),
                o.percentile_ms(100.0),
                thousands(o.bytes as f64 / succeeded as f64),
                target
            );
        }
        let mb = |bytes: u64| bytes as f64 / 1e6;
        let _ = writeln!(md, "\n| server memory | MB | target |");
        let _ = writeln!(md, "| --- | ---: | --- |");
        let _ = writeln!(
            md,
            "| idle RSS after setup (VmRSS) | {:.1} | < {} MB: {} |",
            mb(self.idle_rss),
            targets::IDLE_RSS_MB,
            yes_no(mb(self.idle_rss) < targets::IDLE_RSS_MB)
        );
        let _ = writeln!(
            md,
            "| peak RSS through the scenarios above (VmHWM) | {:.1} | < {} MB: {} |",
            mb(self.bookings_peak_rss),
            targets::PEAK_RSS_MB,
            yes_no(mb(self.bookings_peak_rss) < targets::PEAK_RSS_MB)
        );
        let _ = writeln!(
            md,
            "| peak RSS at the end, after the webhook delivery phases too (VmHWM) | {:.1} | |",
            mb(self.peak_rss),
        );
        let _ = writeln!(
            md,
            "\nInputs: a 24/7 UTC schedule; POST books a 5-minute event type at unique free slots from {} days \
             ahead; the {} hosts' POST books 5-minute event types of {} other hosts in turn (24/7 schedules too), \
             each at its host's next free slot; GET reads the one host's bookings round-robin; slots asks a 30-minute event type for {} days starting \
             tomorrow with {} existing bookings ({} slots per answer). No API key on the measured requests (none \
             is needed for them).",
            CREATE_OFFSET_DAYS,
            hosts::HOSTS,
            hosts::HOSTS,
            SLOTS_DAYS,
            SLOTS_BOOKINGS,
            self.slots_answered
        );
        if let Some(scale) = &self.scale {
            let _ = writeln!(md, "\n{}", scale.markdown().trim_end());
        }
        let t = &self.team.outcome;
        let _ = writeln!(
            md,
            "\n| team scenario | requests | errors | req/s | p50 | p99 | max | target |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
        );
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {:.2} ms | {:.2} ms | {:.1} ms | p50 < {} ms: {} |",
            t.name,
            thousands(t.requests() as f64),
            t.errors,
            thousands(t.rps()),
            t.percentile_ms(50.0),
            t.percentile_ms(99.0),
            t.percentile_ms(100.0),
            team::P50_MS,
            yes_no(t.percentile_ms(50.0) < team::P50_MS && t.errors == 0)
        );
        let _ = writeln!(
            md,
            "\nTeam input: {} hosts (weekdays 9-17 UTC), {} bookings of the round-robin event spread over them by its \
             rule, 30-minute slots for {} days from tomorrow ({} slots per answer), {} concurrent requests (one per \
             core: the latency is a request's own).",
            team::HOSTS,
            self.team.bookings,
            SLOTS_DAYS,
            self.team.slots_answered,
            team::CONNECTIONS
        );
        md.push('\n');
        md.push_str(&self.delivery_markdown());
        let d = &self.delivery;
        let outcomes = [&self.health_first, &self.create, &self.create_hosts, &self.get, &self.slots];
        for o in outcomes
            .into_iter()
            .chain([&self.health_last, &self.team.outcome])
            .chain(d.cost.iter().flat_map(|r| [&r.without, &r.with, &r.hanging]))
        {
            for sample in &o.error_samples {
                let _ = writeln!(md, "\nError in {}: `{}`", o.name, sample.replace('`', "'"));
            }
        }
        md
    }

    fn delivery_markdown(&self) -> String {
        let mut md = String::new();
        let d = &self.delivery;
        let p50 = delivery::percentile(&d.latencies_ms, 50.0);
        let p99 = delivery::percentile(&d.latencies_ms, 99.0);
        let _ = writeln!(md, "| webhook delivery ({}) | figure | target |", self.setup.label());
        let _ = writeln!(md, "| --- | ---: | --- |");
        let per_round = |cell: &dyn Fn(&delivery::Throughput) -> String| {
            d.throughput.iter().map(cell).collect::<Vec<_>>().join(" / ")
        };
        let bookings = d.throughput.first().map_or(0, |t| t.bookings);
        let median = d.median_throughput();
        let median_rate = median.filter(|t| t.complete).map_or(0.0, |t| t.per_second());
        let _ = writeln!(
            md,
            "| deliveries/s: {} bookings x 16 webhooks, first create to last receipt, per round; median | {}; median \
             **{}** | median ≥ {}/s: {} |",
            thousands(bookings as f64),
            per_round(&|t| if t.complete {
                thousands(t.per_second())
            } else {
                format!("**only {} arrived**", thousands(t.deliveries as f64))
            }),
            thousands(median_rate),
            thousands(targets::DELIVERIES_PER_SECOND),
            yes_no(median_rate >= targets::DELIVERIES_PER_SECOND)
        );
        let _ = writeln!(
            md,
            "| (of which creating the {} bookings, per round) | {} s | |",
            thousands(bookings as f64),
            per_round(&|t| format!("{:.2}", t.creating.as_secs_f64()))
        );
        let _ = writeln!(
            md,
            "| create request sent to delivery received, p50 / p99 ({} bookings, one at a time) | {:.2} / {:.2} ms \
             | ≤ {} / ≤ {} ms: {} |",
            d.latencies_ms.len(),
            p50,
            p99,
            targets::RECEIPT_P50_MS,
            targets::RECEIPT_P99_MS,
            yes_no(p50 <= targets::RECEIPT_P50_MS && p99 <= targets::RECEIPT_P99_MS)
        );
        let mean = |rps: &[f64]| rps.iter().sum::<f64>() / rps.len().max(1) as f64;
        let (with, hanging) = d.create_shares();
        let errors: u64 = d.cost.iter().map(|r| r.with.errors + r.hanging.errors).sum();
        for (what, pick, share) in [
            ("no webhooks", (|r| &r.without) as fn(&delivery::CostRound) -> &Outcome, None),
            ("3 webhooks", |r| &r.with, Some(with)),
            ("3 webhooks whose receiver hangs", |r| &r.hanging, Some(hanging)),
        ] {
            let rps: Vec<f64> = d.cost.iter().map(|r| pick(r).rps()).collect();
            let figures = rps.iter().map(|&r| thousands(r)).collect::<Vec<_>>().join(" / ");
            let target = match share {
                None => "baseline".to_owned(),
                Some(share) => format!(
                    "**{:.0} %** of baseline (target ≥ {:.0} %: {})",
                    100.0 * share,
                    100.0 * targets::WEBHOOK_CREATE_SHARE,
                    yes_no(share >= targets::WEBHOOK_CREATE_SHARE && errors == 0)
                ),
            };
            let _ = writeln!(
                md,
                "| POST /v2/bookings, {what}: per round / mean | {figures} / **{}** /s | {target} |",
                thousands(mean(&rps))
            );
        }
        md
    }
}

/// The many-hosts create scenario's name in the tables.
fn hosts_scenario_name() -> String {
    format!("POST /v2/bookings ({} hosts)", hosts::HOSTS)
}

/// The setups next to each other (issue "PostgreSQL": its create throughput at least half of SQLite's; two
/// instances not slower than one).
fn side_by_side(reports: &[Report]) -> String {
    let mut md = String::new();
    let header: Vec<String> = reports.iter().map(|r| r.setup.label()).collect();
    let _ = writeln!(md, "| same run | {} |", header.join(" | "));
    let _ = writeln!(md, "| --- |{}", " ---: |".repeat(reports.len()));
    let row = |md: &mut String, name: &str, cell: &dyn Fn(&Report) -> String| {
        let cells: Vec<String> = reports.iter().map(cell).collect();
        let _ = writeln!(md, "| {name} | {} |", cells.join(" | "));
    };
    let rps_p99 = |o: &Outcome| format!("{}/s, p99 {:.1} ms", thousands(o.rps()), o.percentile_ms(99.0));
    row(&mut md, "GET /health", &|r| format!("{}/s", thousands(r.ceiling())));
    row(&mut md, "POST /v2/bookings", &|r| rps_p99(&r.create));
    row(&mut md, &hosts_scenario_name(), &|r| rps_p99(&r.create_hosts));
    row(&mut md, "GET /v2/bookings/{uid}", &|r| rps_p99(&r.get));
    row(&mut md, "GET /v2/slots", &|r| rps_p99(&r.slots));
    row(&mut md, "deliveries/s (median of rounds)", &|r| {
        thousands(r.delivery.median_throughput().filter(|t| t.complete).map_or(0.0, |t| t.per_second()))
    });
    row(&mut md, "request to receipt p50 / p99", &|r| {
        let l = &r.delivery.latencies_ms;
        format!("{:.1} / {:.1} ms", delivery::percentile(l, 50.0), delivery::percentile(l, 99.0))
    });
    row(&mut md, "create, 3 webhooks / hanging (means of rounds)", &|r| {
        let (with, hanging) = r.delivery.create_shares();
        format!("{:.0} % / {:.0} %", 100.0 * with, 100.0 * hanging)
    });
    row(&mut md, "RSS idle / peak bookings / peak with webhooks (first server)", &|r| {
        format!(
            "{:.0} / {:.0} / {:.0} MB",
            r.idle_rss as f64 / 1e6,
            r.bookings_peak_rss as f64 / 1e6,
            r.peak_rss as f64 / 1e6
        )
    });
    let report_of =
        |backend: Backend, instances: usize| reports.iter().find(|r| r.setup == Setup { backend, instances });
    let create_of = |backend: Backend, instances: usize| report_of(backend, instances).map(|r| r.create.rps());
    if let (Some(sqlite), Some(postgres)) = (report_of(Backend::Sqlite, 1), report_of(Backend::Postgres, 1)) {
        let share = |of: fn(&Report) -> &Outcome| of(postgres).rps() / of(sqlite).rps().max(f64::EPSILON);
        let (one, many) = (share(|r| &r.create), share(|r| &r.create_hosts));
        let _ = writeln!(
            md,
            "\nPostgreSQL create throughput is {:.0} % of SQLite's (target ≥ 50 %: {}); with {} hosts, {:.0} % \
             ({}).",
            100.0 * one,
            yes_no(one >= 0.5),
            hosts::HOSTS,
            100.0 * many,
            if many >= 0.5 { "at least half" } else { "**less than half**" }
        );
    }
    for r in reports.iter().filter(|r| r.setup.instances > 1) {
        let across = create_of(r.setup.backend, 1).map_or(String::new(), |one| {
            format!(" (across setups, minutes apart on fresh databases: {:.0} %)", 100.0 * r.create.rps() / one)
        });
        if let Some(scale) = &r.scale {
            let ratio = scale.one_host.ratio();
            let _ = writeln!(
                md,
                "{} instances create {:.0} % of one instance's throughput in alternating rounds on one database \
                 (target ≥ 100 %: {}){across}.",
                r.setup.instances,
                100.0 * ratio,
                yes_no(ratio >= 1.0)
            );
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_command_line() {
        assert_eq!(Options::parse(&[]).ok(), Some(Options::default()));
        let parsed = Options::parse(&["--seconds", "3", "--connections", "64", "--out", "x.md"]).ok();
        let sqlite = Setup { backend: Backend::Sqlite, instances: 1 };
        assert_eq!(
            parsed,
            Some(Options { seconds: 3, connections: 64, out: Some(PathBuf::from("x.md")), on: vec![sqlite] })
        );
        let on = Options::parse(&["--on", "sqlite, postgres,postgres:2"]).map(|o| o.on).ok();
        let postgres = |instances| Setup { backend: Backend::Postgres, instances };
        assert_eq!(on, Some(vec![sqlite, postgres(1), postgres(2)]));
        assert!(Options::parse(&["--on", "sqlite:2"]).is_err(), "one SQLite file has one server");
        assert!(Options::parse(&["--on", "postgres:0"]).is_err());
        assert!(Options::parse(&["--on", "mysql"]).is_err());
        assert!(Options::parse(&["--seconds"]).is_err());
        assert!(Options::parse(&["--seconds", "0"]).is_err());
        assert!(Options::parse(&["--connections", "many"]).is_err());
        assert!(Options::parse(&["--bogus"]).is_err());
    }

    #[test]
    fn formats_thousands() {
        assert_eq!(thousands(0.0), "0");
        assert_eq!(thousands(999.4), "999");
        assert_eq!(thousands(1234.0), "1,234");
        assert_eq!(thousands(1_234_567.0), "1,234,567");
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let outcome = Outcome {
            name: String::new(),
            latencies: (1..=100).map(|ms| ms * 1000).collect(),
            errors: 0,
            error_samples: Vec::new(),
            bytes: 0,
            elapsed: Duration::from_secs(1),
            kept: Vec::new(),
        };
        assert_eq!(outcome.percentile_ms(50.0), 50.0);
        assert_eq!(outcome.percentile_ms(99.0), 99.0);
        assert_eq!(outcome.percentile_ms(100.0), 100.0);
    }
}

//! Test support (feature `testing`): which backend a test process runs on, and a throwaway PostgreSQL.
//!
//! One test suite covers both backends: a suite runs on SQLite, and [`rerun_on_postgres`] runs the same test binary
//! again with `CALENDS_TEST_BACKEND=postgres`, where every test gets a fresh database ([`Cluster::create_database`])
//! of one cluster per process ([`Cluster::shared`]). The cluster is started from the local server binaries
//! (`initdb`, `pg_ctl`: `CALENDS_TEST_PG_BIN`, else the newest `/usr/lib/postgresql/*/bin`, where Debian's
//! `postgresql` package puts them), in a temporary directory (on /dev/shm when there is one: in memory), on a free
//! port of 127.0.0.1, without durability (tests need no crash safety). Run as root, the server runs as the
//! `postgres` user, because `initdb` refuses root. A watchdog process stops it and deletes its directory when the
//! test process exits, however it exits.
//!
//! `CALENDS_TEST_POSTGRES_URL=postgres://user@host:port/db` runs the tests on a server that is already running
//! instead (the role must be allowed to create databases), e.g. another PostgreSQL-compatible engine. Without a
//! server or binaries the PostgreSQL runs are skipped with a loud line on stderr, or fail when
//! `CALENDS_TEST_REQUIRE_POSTGRES=1` (CI sets it).

use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use sqlx::{AssertSqlSafe, Connection, Executor, PgConnection};

use crate::Backend;

/// `postgres` makes this test process run its suite on PostgreSQL.
pub const BACKEND_VAR: &str = "CALENDS_TEST_BACKEND";
/// A running server to create test databases on, instead of a throwaway cluster.
pub const POSTGRES_URL_VAR: &str = "CALENDS_TEST_POSTGRES_URL";
/// The directory with `initdb` and `pg_ctl`.
pub const PG_BIN_VAR: &str = "CALENDS_TEST_PG_BIN";
/// `1`: fail instead of skipping when PostgreSQL is not available.
pub const REQUIRE_VAR: &str = "CALENDS_TEST_REQUIRE_POSTGRES";

/// The backend this test process runs its suite on.
pub fn backend() -> Backend {
    match std::env::var(BACKEND_VAR).as_deref() {
        Ok("postgres") => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

/// Where test databases come from.
#[derive(Debug)]
pub struct Cluster {
    /// URL of the server's maintenance database, where databases are created.
    admin_url: String,
    next: AtomicU32,
}

impl Cluster {
    /// The cluster of this test process, started on first use. `None` when PostgreSQL is not available here (said
    /// once on stderr); panics when it is installed but does not start.
    pub fn shared() -> Option<&'static Cluster> {
        static CLUSTER: OnceLock<Option<Cluster>> = OnceLock::new();
        CLUSTER
            .get_or_init(|| {
                if let Ok(url) = std::env::var(POSTGRES_URL_VAR) {
                    return Some(Cluster { admin_url: url, next: AtomicU32::new(0) });
                }
                let bin = unavailable_unless(server_binaries())?;
                let admin_url = start_cluster(&bin).unwrap_or_else(|e| panic!("cannot start PostgreSQL: {e}"));
                Some(Cluster { admin_url, next: AtomicU32::new(0) })
            })
            .as_ref()
    }

    /// Creates an empty database, dropped again when the returned guard goes.
    pub fn create_database(&self) -> Database {
        let name = format!("calends_test_{}_{}", std::process::id(), self.next.fetch_add(1, Ordering::Relaxed));
        admin(&self.admin_url, format!("CREATE DATABASE {name}"))
            .unwrap_or_else(|e| panic!("cannot create a test database on {}: {e}", crate::redact_url(&self.admin_url)));
        Database { url: with_database(&self.admin_url, &name), name, admin_url: self.admin_url.clone() }
    }
}

/// A test database; dropped (its connections ended) with the guard.
#[derive(Debug)]
pub struct Database {
    url: String,
    name: String,
    admin_url: String,
}

impl Database {
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        // Best effort: the cluster goes anyway; this keeps a long suite's footprint small.
        let _ = admin(&self.admin_url, format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
    }
}

/// Runs one statement on the maintenance database.
fn admin(admin_url: &str, statement: String) -> Result<(), sqlx::Error> {
    let admin_url = admin_url.to_owned();
    block_on(async move {
        let mut conn = PgConnection::connect(&admin_url).await?;
        conn.execute(AssertSqlSafe(statement)).await?;
        conn.close().await
    })
}

/// Whether PostgreSQL tests can run here: a server URL is given or the server binaries are installed. Says loudly,
/// once, when they cannot (or panics when `CALENDS_TEST_REQUIRE_POSTGRES=1`).
pub fn available() -> bool {
    std::env::var(POSTGRES_URL_VAR).is_ok() || unavailable_unless(server_binaries()).is_some()
}

fn unavailable_unless(bin: Option<PathBuf>) -> Option<PathBuf> {
    if bin.is_none() {
        let why = format!(
            "no PostgreSQL server binaries (initdb, pg_ctl) in ${PG_BIN_VAR} or /usr/lib/postgresql/*/bin, and no \
             ${POSTGRES_URL_VAR}"
        );
        if std::env::var(REQUIRE_VAR).is_ok_and(|v| v == "1") {
            panic!("{REQUIRE_VAR}=1 but {why}");
        }
        static SAID: std::sync::Once = std::sync::Once::new();
        // Straight to stderr, past the test harness's output capture.
        SAID.call_once(|| {
            let _ = writeln!(
                std::io::stderr(),
                "\n*** PostgreSQL tests SKIPPED: {why}. Install PostgreSQL (Debian: apt-get install postgresql) to \
                 run them. ***\n"
            );
        });
    }
    bin
}

/// `$CALENDS_TEST_PG_BIN`, else the newest `/usr/lib/postgresql/<version>/bin` with `initdb` and `pg_ctl`.
fn server_binaries() -> Option<PathBuf> {
    let complete = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(dir) = std::env::var_os(PG_BIN_VAR) {
        return Some(PathBuf::from(dir)).filter(|d| complete(d));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_str()?.parse().ok()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, bin)| complete(bin))
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// Initializes and starts a cluster; returns the URL of its `postgres` database.
fn start_cluster(bin: &Path) -> Result<String, String> {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    // In memory where there is a tmpfs: creating a database there takes a tenth of the time it takes on disk.
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() && tempfile_in(shm) { shm.to_path_buf() } else { std::env::temp_dir() };
    let dir = base.join(format!("calends-pg-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let data = dir.join("data");
    watch(&dir, &data)?;
    // initdb refuses to run as root: then the cluster belongs to the `postgres` user.
    let owner = std::fs::metadata(&dir).map_err(|e| e.to_string())?.uid();
    let run_as = if owner == 0 { Some(system_user("postgres")?) } else { None };
    if let Some((uid, gid)) = run_as {
        std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).map_err(|e| format!("chown {}: {e}", dir.display()))?;
    }
    let command = |program: &str| {
        let mut c = Command::new(bin.join(program));
        c.current_dir(&dir).stdin(Stdio::null());
        if let Some((uid, gid)) = run_as {
            c.uid(uid).gid(gid);
        }
        c
    };
    // A UTF-8 locale where there is one, so lower() folds non-ASCII letters as on a production server.
    let mut initialized = Err(String::new());
    for locale in ["--locale=C.UTF-8", "--no-locale"] {
        initialized = run(command("initdb")
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "--auth=trust", "-E"])
            .args(["UTF8", locale, "--no-sync"]));
        if initialized.is_ok() {
            break;
        }
        let _ = std::fs::remove_dir_all(&data);
    }
    initialized?;
    let settings = format!(
        "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\nmax_connections = 500\nfsync = off\n\
         synchronous_commit = off\nfull_page_writes = off\nmax_wal_size = 64MB\n",
        dir.display()
    );
    std::fs::OpenOptions::new()
        .append(true)
        .open(data.join("postgresql.conf"))
        .and_then(|mut f| f.write_all(settings.as_bytes()))
        .map_err(|e| format!("postgresql.conf: {e}"))?;
    // A port that was free a moment ago may be taken by the time the server binds it: try a few.
    let mut last = String::new();
    for _ in 0..5 {
        let port =
            std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
        let started = run(command("pg_ctl").arg("-D").arg(&data).arg("-l").arg(dir.join("server.log")).args([
            "-w",
            "-t",
            "60",
            "-o",
            &format!("-p {port}"),
            "start",
        ]));
        match started {
            Ok(()) => return Ok(format!("postgres://postgres@127.0.0.1:{port}/postgres")),
            Err(e) => last = e,
        }
    }
    let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
    Err(format!("{last}\n{log}"))
}

/// Whether files can be created in `dir`.
fn tempfile_in(dir: &Path) -> bool {
    let probe = dir.join(format!("calends-probe-{}", std::process::id()));
    let ok = std::fs::write(&probe, b"").is_ok();
    let _ = std::fs::remove_file(probe);
    ok
}

/// Runs a command to its end; its output is the error when it fails.
fn run(command: &mut Command) -> Result<(), String> {
    let out = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Starts a watchdog that, once this process is gone, stops the server (an immediate shutdown: SIGQUIT to the
/// postmaster) and deletes `dir`. Its own process group keeps it out of a Ctrl-C meant for the tests.
fn watch(dir: &Path, data: &Path) -> Result<(), String> {
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; \
         pm=$(head -n 1 '{data}/postmaster.pid' 2>/dev/null); \
         if [ -n \"$pm\" ] && kill -QUIT \"$pm\" 2>/dev/null; then \
           for _ in $(seq 100); do kill -0 \"$pm\" 2>/dev/null || break; sleep 0.1; done; fi; \
         rm -rf '{dir}'",
        pid = std::process::id(),
        data = data.display(),
        dir = dir.display(),
    );
    Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map(drop)
        .map_err(|e| format!("cannot start the cleanup watchdog: {e}"))
}

/// The uid and gid of a local user, from /etc/passwd.
fn system_user(name: &str) -> Result<(u32, u32), String> {
    let passwd = std::fs::read_to_string("/etc/passwd").map_err(|e| format!("/etc/passwd: {e}"))?;
    passwd
        .lines()
        .map(|line| line.split(':').collect::<Vec<_>>())
        .find(|fields| fields.len() > 3 && fields[0] == name)
        .and_then(|fields| Some((fields[2].parse().ok()?, fields[3].parse().ok()?)))
        .ok_or_else(|| {
            format!("running as root, the cluster needs a `{name}` user to run as (initdb refuses root); none exists")
        })
}

/// `url` naming database `name` instead.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// Runs `future` to completion on a runtime of its own, on a thread of its own (callers may be inside a runtime).
fn block_on<T: Send + 'static>(future: impl Future<Output = T> + Send + 'static) -> T {
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime").block_on(future)
    })
    .join()
    .expect("the helper thread finished")
}

/// Runs this test binary again on PostgreSQL (`CALENDS_TEST_BACKEND=postgres`), so its whole suite covers both
/// backends. Call it from one test named `name`, which the re-run skips; it returns at once in the re-run itself,
/// and when PostgreSQL is not available. Prints the re-run's summary; panics with its output when it fails.
pub fn rerun_on_postgres(name: &str) {
    if backend() == Backend::Postgres || !available() {
        return;
    }
    let exe = std::env::current_exe().expect("the test binary's path");
    let started = Instant::now();
    let out = Command::new(&exe)
        .env(BACKEND_VAR, "postgres")
        .args(["--skip", name])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let binary = exe.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let summary = stdout.lines().rfind(|l| l.starts_with("test result:")).unwrap_or("no test result").to_owned();
    if !out.status.success() {
        panic!(
            "the suite failed on PostgreSQL ({binary}, {summary}):\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let _ =
        writeln!(std::io::stderr(), "PostgreSQL run of {binary}: {summary} ({:.1} s)", started.elapsed().as_secs_f64());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_names_replace_the_path() {
        assert_eq!(with_database("postgres://p@127.0.0.1:5/postgres", "t1"), "postgres://p@127.0.0.1:5/t1");
        assert_eq!(with_database("postgres://p@h/db?sslmode=require", "t1"), "postgres://p@h/t1?sslmode=require");
        assert_eq!(with_database("postgres://p@h", "t1"), "postgres://p@h/t1");
        assert_eq!(with_database("postgres://p@h?sslmode=disable", "t1"), "postgres://p@h/t1?sslmode=disable");
    }
}

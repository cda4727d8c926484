//! The `calends` binary: first start, administrative commands, serving, and graceful shutdown on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_calends");

fn calends(db: &str, args: &[&str]) -> std::process::Output {
    Command::new(BIN).args(["--database-url", db]).args(args).env("RUST_LOG", "warn").output().unwrap()
}

/// A bare HTTP/1.1 request; returns the status line and body.
fn http(addr: &str, method: &str, path: &str, key: Option<&str>, body: Option<&str>) -> (String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let auth = key.map(|k| format!("Authorization: Bearer {k}\r\n")).unwrap_or_default();
    let body = body.unwrap_or("");
    let content = if body.is_empty() {
        String::new()
    } else {
        format!("Content-Type: application/json\r\nContent-Length: {}\r\n", body.len())
    };
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}{content}Connection: close\r\n\r\n{body}")
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.lines().next().unwrap_or_default().to_owned();
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

fn http_get(addr: &str, path: &str, key: Option<&str>) -> (String, String) {
    http(addr, "GET", path, key, None)
}

/// Starts `calends` on an ephemeral port; returns the child and its address (and the first-run key, if printed).
fn serve(db: &str, extra: &[&str]) -> (Child, String, Option<String>) {
    let mut child = Command::new(BIN)
        .args(["--database-url", db, "--listen", "127.0.0.1:0"])
        .args(extra)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut key = None;
    let addr = loop {
        let line = lines.next().expect("server prints its address").unwrap();
        if let Some(k) = line.trim().strip_prefix("API key:") {
            key = Some(k.trim().to_owned());
        }
        if let Some(rest) = line.strip_prefix("Calends listening on http://") {
            break rest.to_owned();
        }
    };
    (child, addr, key)
}

/// A minimal webhook receiver on `port`: answers 200 to every request and keeps the bodies.
fn receive_on(port: u16) -> Arc<Mutex<Vec<String>>> {
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
    let kept = bodies.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let kept = kept.clone();
            std::thread::spawn(move || serve_connection(stream, &kept));
        }
    });
    bodies
}

/// Reads requests from one keep-alive connection until it closes.
fn serve_connection(stream: TcpStream, bodies: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    loop {
        let mut length = 0usize;
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        bodies.lock().unwrap().push(String::from_utf8_lossy(&body).into_owned());
        if writer.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").is_err() {
            return;
        }
    }
}

#[test]
fn first_start_admin_commands_and_graceful_stop() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db").to_string_lossy().into_owned();

    let created = calends(&db, &["users", "create", "--username", "alice", "--email", "alice@example.com"]);
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    assert!(String::from_utf8_lossy(&created.stdout).contains("created user alice"));

    let again = calends(&db, &["users", "create", "--username", "alice", "--email", "other@example.com"]);
    assert!(!again.status.success(), "a taken username is refused");
    let bad =
        calends(&db, &["users", "create", "--username", "bob", "--email", "bob@example.com", "--time-zone", "Nowhere"]);
    assert!(!bad.status.success(), "an unknown time zone is refused");

    let key = calends(&db, &["api-keys", "create", "--user", "alice", "--days-valid", "10"]);
    assert!(key.status.success(), "{}", String::from_utf8_lossy(&key.stderr));
    let alice_key = String::from_utf8(key.stdout).unwrap().trim().to_owned();
    assert!(alice_key.starts_with("cal_"), "{alice_key}");
    assert!(!calends(&db, &["api-keys", "create", "--user", "nobody"]).status.success());

    // Users exist, so serving creates no first user and prints no key.
    let mut child = Command::new(BIN)
        .args(["--database-url", &db, "--listen", "127.0.0.1:0", "serve"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    let addr = loop {
        let line = lines.next().expect("server prints its address").unwrap();
        printed.push(line.clone());
        if let Some(rest) = line.strip_prefix("Calends listening on http://") {
            break rest.to_owned();
        }
    };
    assert!(!printed.iter().any(|l| l.contains("API key")), "{printed:?}");

    let (status, body) = http_get(&addr, "/health", None);
    assert!(status.contains("200"), "{status}");
    assert_eq!(body, r#"{"status":"ok"}"#);
    let (status, body) = http_get(&addr, "/v2/me", Some(&alice_key));
    assert!(status.contains("200"), "{status} {body}");
    assert!(body.contains("\"username\":\"alice\""), "{body}");

    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "graceful shutdown exits 0, got {exit:?}");
}

#[test]
fn first_start_prints_a_working_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("first.db").to_string_lossy().into_owned();
    let mut child = Command::new(BIN)
        .args(["--database-url", &db, "--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut key = None;
    let addr = loop {
        let line = lines.next().expect("server prints its address").unwrap();
        if let Some(k) = line.trim().strip_prefix("API key:") {
            key = Some(k.trim().to_owned());
        }
        if let Some(rest) = line.strip_prefix("Calends listening on http://") {
            break rest.to_owned();
        }
    };
    let key = key.expect("the first start prints a key");
    let (status, body) = http_get(&addr, "/v2/me", Some(&key));
    assert!(status.contains("200"), "{status} {body}");
    assert!(body.contains("\"username\":\"admin\""), "{body}");
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    assert!(child.wait().unwrap().success());
}

/// Deliveries owed when the server is killed with SIGKILL are all sent after it restarts, once the receiver is up.
#[test]
fn kill_9_loses_no_delivery() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kill.db").to_string_lossy().into_owned();
    // A port nothing listens on yet: the receiver is down while the bookings are made.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let (mut first, addr, key) = serve(&db, &["--allow-private-webhook-targets"]);
    let key = key.expect("first start prints a key");
    let post = |path: &str, body: &str| http(&addr, "POST", path, Some(&key), Some(body));
    let (status, body) = post(
        "/v2/schedules",
        r#"{"name":"Always","timeZone":"UTC","isDefault":true,"availability":[{"days":["Monday","Tuesday","Wednesday","Thursday","Friday","Saturday","Sunday"],"startTime":"00:00","endTime":"24:00"}]}"#,
    );
    assert!(status.contains("201"), "{status} {body}");
    let (status, body) =
        post("/v2/event-types", r#"{"title":"Kill","slug":"kill","lengthInMinutes":15,"minimumBookingNotice":0}"#);
    assert!(status.contains("201"), "{status} {body}");
    let hook =
        format!(r#"{{"active":true,"subscriberUrl":"http://127.0.0.1:{port}/hook","triggers":["BOOKING_CREATED"]}}"#);
    let (status, body) = post("/v2/webhooks", &hook);
    assert!(status.contains("201"), "{status} {body}");
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
    let mut uids = Vec::new();
    for i in 0..20 {
        let booking = format!(
            r#"{{"eventTypeId":1,"start":"{tomorrow}T{:02}:{:02}:00Z","attendee":{{"name":"N","email":"n{i}@example.com","timeZone":"UTC"}}}}"#,
            i / 4,
            (i % 4) * 15
        );
        let (status, body) = http(&addr, "POST", "/v2/bookings", None, Some(&booking));
        assert!(status.contains("201"), "{status} {body}");
        let uid = body.split(r#""uid":""#).nth(1).and_then(|r| r.split('"').next()).unwrap().to_owned();
        uids.push(uid);
    }
    // Killed without a chance to finish anything.
    first.kill().unwrap();
    first.wait().unwrap();

    let received = receive_on(port);
    let (mut second, _, again) = serve(&db, &["--allow-private-webhook-targets"]);
    assert!(again.is_none(), "the restart creates no new user");
    // The first attempts failed (nothing listened); their retries are due 5 s later.
    let deadline = Instant::now() + Duration::from_secs(30);
    let missing = loop {
        let bodies = received.lock().unwrap().clone();
        let missing: Vec<&String> =
            uids.iter().filter(|uid| !bodies.iter().any(|b| b.contains(uid.as_str()))).collect();
        if missing.is_empty() || Instant::now() > deadline {
            break missing.len();
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let _ = Command::new("kill").args(["-TERM", &second.id().to_string()]).status();
    second.wait().unwrap();
    assert_eq!(missing, 0, "every booking's delivery arrived after the restart");
}

//! The `calends` binary: first start, administrative commands, serving, and graceful shutdown on SIGTERM; and two
//! instances on one PostgreSQL database.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use calends_store::testing::Cluster;

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
    listening(spawn_server(db, extra))
}

fn spawn_server(db: &str, extra: &[&str]) -> Child {
    Command::new(BIN)
        .args(["--database-url", db, "--listen", "127.0.0.1:0"])
        .args(extra)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until a started server prints its address.
fn listening(mut child: Child) -> (Child, String, Option<String>) {
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
    receive_slowly_on(port, Duration::ZERO)
}

/// A receiver that takes `delay` to answer each request (keeping the body when the request has arrived).
fn receive_slowly_on(port: u16, delay: Duration) -> Arc<Mutex<Vec<String>>> {
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
    let kept = bodies.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let kept = kept.clone();
            std::thread::spawn(move || serve_connection(stream, &kept, delay));
        }
    });
    bodies
}

/// Reads requests from one keep-alive connection until it closes.
fn serve_connection(stream: TcpStream, bodies: &Mutex<Vec<String>>, delay: Duration) {
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
        std::thread::sleep(delay);
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

/// Two instances on one PostgreSQL database, started at the same moment: one of them creates the first user, both
/// serve. Racers split across them get exactly one booking per slot and one reservation per slot. Deliveries go out
/// from both; when one instance is killed with SIGKILL while its deliveries are in flight, the other takes them over
/// once their lease ends, and every delivery is recorded as delivered. The administrative commands work there too.
#[test]
fn two_instances_on_one_postgres_database() {
    let Some(cluster) = Cluster::shared() else { return };
    let database = cluster.create_database();
    let db = database.url();
    // A receiver slow enough that the instance killed below is sure to have deliveries in flight.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let received = receive_slowly_on(port, Duration::from_secs(3));
    let flags = ["--allow-private-webhook-targets", "--delivery-lease-seconds", "3", "--workers", "2"];
    let (first, second) = (spawn_server(db, &flags), spawn_server(db, &flags));
    let (first, addr_a, key_a) = listening(first);
    let (second, addr_b, key_b) = listening(second);
    // Killed when the test ends, passed or not.
    let (mut first, mut second) = (Killed(first), Killed(second));
    assert!(key_a.is_some() != key_b.is_some(), "exactly one instance creates the first user");
    let key = key_a.or(key_b).unwrap();

    let post = |addr: &str, path: &str, body: &str| http(addr, "POST", path, Some(&key), Some(body));
    let (status, body) = post(
        &addr_a,
        "/v2/schedules",
        r#"{"name":"Always","timeZone":"UTC","isDefault":true,"availability":[{"days":["Monday","Tuesday","Wednesday","Thursday","Friday","Saturday","Sunday"],"startTime":"00:00","endTime":"24:00"}]}"#,
    );
    assert!(status.contains("201"), "{status} {body}");
    let (status, body) = post(
        &addr_b,
        "/v2/event-types",
        r#"{"title":"Two","slug":"two","lengthInMinutes":15,"minimumBookingNotice":0}"#,
    );
    assert!(status.contains("201"), "{status} {body}");
    let event_type = json_number(&body, "id");
    let hook =
        format!(r#"{{"active":true,"subscriberUrl":"http://127.0.0.1:{port}/hook","triggers":["BOOKING_CREATED"]}}"#);
    let (status, body) = post(&addr_a, "/v2/webhooks", &hook);
    assert!(status.contains("201"), "{status} {body}");
    let webhook = json_number(&body, "id");

    // Four racers for each of eight slots, two through each instance.
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
    let racers: Vec<_> = (0..32)
        .map(|i| {
            let (slot, addr) = (i / 4, if i % 2 == 0 { addr_a.clone() } else { addr_b.clone() });
            let booking = format!(
                r#"{{"eventTypeId":{event_type},"start":"{tomorrow}T{:02}:{:02}:00Z","attendee":{{"name":"N","email":"r{i}@example.com","timeZone":"UTC"}}}}"#,
                10 + slot / 4,
                slot % 4 * 15
            );
            std::thread::spawn(move || (slot, http(&addr, "POST", "/v2/bookings", None, Some(&booking))))
        })
        .collect();
    let results: Vec<(usize, (String, String))> = racers.into_iter().map(|r| r.join().unwrap()).collect();
    let mut uids = Vec::new();
    for slot in 0..8 {
        let won: Vec<&String> = results
            .iter()
            .filter(|(s, (status, _))| *s == slot && status.contains("201"))
            .map(|(_, (_, b))| b)
            .collect();
        assert_eq!(won.len(), 1, "slot {slot}: {results:?}");
        uids.push(won[0].split(r#""uid":""#).nth(1).and_then(|r| r.split('"').next()).unwrap().to_owned());
        for (_, (status, body)) in results.iter().filter(|(s, (status, _))| *s == slot && !status.contains("201")) {
            assert!(status.contains("400") && body.contains("start"), "{status} {body}");
        }
    }
    // Four more through the first instance, which sends their deliveries at once (its worker is woken when they
    // are committed) and dies while they are in flight.
    for i in 0..4 {
        let booking = format!(
            r#"{{"eventTypeId":{event_type},"start":"{tomorrow}T13:{:02}:00Z","attendee":{{"name":"N","email":"k{i}@example.com","timeZone":"UTC"}}}}"#,
            i * 15
        );
        let (status, body) = http(&addr_a, "POST", "/v2/bookings", None, Some(&booking));
        assert!(status.contains("201"), "{status} {body}");
        uids.push(body.split(r#""uid":""#).nth(1).and_then(|r| r.split('"').next()).unwrap().to_owned());
    }
    first.0.kill().unwrap();
    first.0.wait().unwrap();

    // Six racers for one reservation, on the survivor and (through it) the database the dead one left.
    let reservation = format!(r#"{{"eventTypeId":{event_type},"slotStart":"{tomorrow}T14:00:00Z"}}"#);
    let reservers: Vec<_> = (0..6)
        .map(|_| {
            let (addr, body) = (addr_b.clone(), reservation.clone());
            std::thread::spawn(move || http(&addr, "POST", "/v2/slots/reservations", None, Some(&body)).0)
        })
        .collect();
    let statuses: Vec<String> = reservers.into_iter().map(|r| r.join().unwrap()).collect();
    assert_eq!(statuses.iter().filter(|s| s.contains("201")).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| s.contains("201") || s.contains("409")), "{statuses:?}");

    // Every delivery ends delivered: the dead instance's ones after their lease, by the survivor.
    let deadline = Instant::now() + Duration::from_secs(60);
    let deliveries = loop {
        let (status, body) = http_get(&addr_b, &format!("/v2/webhooks/{webhook}/deliveries"), Some(&key));
        assert!(status.contains("200"), "{status} {body}");
        let delivered = body.matches(r#""status":"delivered""#).count();
        if delivered == uids.len() || Instant::now() > deadline {
            break body;
        }
        std::thread::sleep(Duration::from_millis(500));
    };
    assert_eq!(deliveries.matches(r#""status":"delivered""#).count(), uids.len(), "{deliveries}");
    let bodies = received.lock().unwrap().clone();
    for uid in &uids {
        assert!(bodies.iter().any(|b| b.contains(uid.as_str())), "booking {uid} was never delivered");
    }
    assert!(bodies.len() > uids.len(), "the killed instance had no delivery in flight; nothing was taken over");
    let (_, listed) = http_get(&addr_b, "/v2/bookings", Some(&key));
    assert!(listed.contains(r#""totalItems":12"#), "{listed}");

    // The administrative commands on the same database.
    let created = calends(db, &["users", "create", "--username", "carol", "--email", "carol@example.com"]);
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let issued = calends(db, &["api-keys", "create", "--user", "carol"]);
    assert!(issued.status.success(), "{}", String::from_utf8_lossy(&issued.stderr));
    let carol = String::from_utf8(issued.stdout).unwrap().trim().to_owned();
    let (status, body) = http_get(&addr_b, "/v2/me", Some(&carol));
    assert!(status.contains("200") && body.contains(r#""username":"carol""#), "{status} {body}");

    let _ = Command::new("kill").args(["-TERM", &second.0.id().to_string()]).status();
    assert!(second.0.wait().unwrap().success());
}

/// A server process that is killed when it goes out of scope (a failed assertion must not leave it running).
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The first `"key":<number>` in a JSON text.
fn json_number(body: &str, key: &str) -> i64 {
    let rest = body.split(&format!(r#""{key}":"#)).nth(1).unwrap_or_else(|| panic!("no {key} in {body}"));
    rest.chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap()
}

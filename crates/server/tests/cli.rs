//! The `calends` binary: first start, administrative commands, serving, and graceful shutdown on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_calends");

fn calends(db: &str, args: &[&str]) -> std::process::Output {
    Command::new(BIN).args(["--database-url", db]).args(args).env("RUST_LOG", "warn").output().unwrap()
}

/// A bare HTTP/1.1 GET; returns the status line and body.
fn http_get(addr: &str, path: &str, key: Option<&str>) -> (String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let auth = key.map(|k| format!("Authorization: Bearer {k}\r\n")).unwrap_or_default();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Connection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.lines().next().unwrap_or_default().to_owned();
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
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

//! The team scenario of `cargo xtask bench`: `GET /v2/slots` of a round-robin event type with 50 hosts over 30
//! days, each host with about 20 bookings (issue "Teams": p50 under 20 ms).
//!
//! The hosts are created with the server's own CLI (`calends users create`, `calends api-keys create`) on the
//! server's database, since the API creates no users; everything else goes through the API.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, ensure};
use chrono::{Datelike, Days, Utc, Weekday};
use reqwest::{Client, Method, Url};
use serde_json::{Value, json};

use super::{Outcome, Rotate, SLOTS_DAYS, Server, api, measure};

pub(super) const HOSTS: usize = 50;
pub(super) const BOOKINGS_PER_HOST: usize = 20;
/// Concurrent requests of the measurement: one per core, so the latency is a request's own, not queueing.
pub(super) const CONNECTIONS: usize = 2;
pub(super) const P50_MS: f64 = 20.0;

/// What the team scenario measured.
pub(super) struct TeamSlots {
    pub outcome: Outcome,
    pub slots_answered: usize,
    pub bookings: usize,
}

fn cli(binary: &Path, database_url: &str, args: &[&str]) -> Result<String> {
    let output = Command::new(binary)
        .args(["--database-url", database_url])
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .with_context(|| format!("running calends {}", args.join(" ")))?;
    ensure!(output.status.success(), "calends {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr));
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Creates user `username` (email at `bench.calends.local`) with the server's CLI, and an API key for them.
pub(super) fn user_with_key(binary: &Path, database_url: &str, username: &str) -> Result<String> {
    let email = format!("{username}@bench.calends.local");
    cli(binary, database_url, &["users", "create", "--username", username, "--email", &email])?;
    cli(binary, database_url, &["api-keys", "create", "--user", username])
}

pub(super) async fn measure_team_slots(
    binary: &Path,
    database_url: &str,
    client: &Client,
    server: &Server,
    duration: Duration,
) -> Result<TeamSlots> {
    eprintln!("bench: team setup ({HOSTS} hosts, {} bookings) ...", HOSTS * BOOKINGS_PER_HOST);
    let base = server.base();
    let owner = &server.api_key;
    let id = |answer: &Value| answer["data"]["id"].as_i64().ok_or_else(|| anyhow!("no data.id in {answer}"));
    let team =
        api(client, &base, owner, Method::POST, "/v2/teams", &json!({"name": "Bench Team", "slug": "bench-team"}))
            .await?;
    let team = id(&team)?;
    let mut hosts = Vec::with_capacity(HOSTS);
    for n in 0..HOSTS {
        let key = user_with_key(binary, database_url, &format!("host{n:02}"))?;
        let me = api(client, &base, &key, Method::GET, "/v2/me", &json!(null)).await?;
        let user_id = id(&me)?;
        // Weekdays 9-17 in UTC, each host with its own existing bookings (made below through the team event).
        let schedule = json!({"name": "Work", "timeZone": "UTC", "isDefault": true, "availability": [{
            "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], "startTime": "09:00", "endTime": "17:00"}]});
        api(client, &base, &key, Method::POST, "/v2/schedules", &schedule).await?;
        let membership = json!({"userId": user_id, "accepted": true});
        api(client, &base, owner, Method::POST, &format!("/v2/teams/{team}/memberships"), &membership).await?;
        hosts.push(json!({"userId": user_id}));
    }
    let event_type = json!({"title": "Bench RR", "slug": "bench-rr", "lengthInMinutes": 30, "minimumBookingNotice": 0,
                            "schedulingType": "roundRobin", "hosts": hosts});
    let event_type =
        id(&api(client, &base, owner, Method::POST, &format!("/v2/teams/{team}/event-types"), &event_type).await?)?;

    // The weekday half hours of the window; a fixed LCG picks the booked ones (a slot may be booked up to once per
    // host), and round robin spreads them over the hosts.
    let tomorrow = Utc::now().date_naive() + Days::new(1);
    let mut starts = Vec::new();
    for d in 0..SLOTS_DAYS {
        let date = tomorrow + Days::new(d);
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        for half in 18..34 {
            starts.push(format!("{date}T{:02}:{:02}:00Z", half / 2, 30 * (half % 2)));
        }
    }
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut booked = 0;
    let mut attempts = 0;
    while booked < HOSTS * BOOKINGS_PER_HOST && attempts < 10 * HOSTS * BOOKINGS_PER_HOST {
        attempts += 1;
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let start = &starts[(state >> 33) as usize % starts.len()];
        let body = json!({"eventTypeId": event_type, "start": start,
                          "attendee": {"name": "Seed", "email": format!("team-{booked}@example.com"), "timeZone": "UTC"}});
        // A slot whose hosts are all taken answers 400: pick another.
        if api(client, &base, owner, Method::POST, "/v2/bookings", &body).await.is_ok() {
            booked += 1;
        }
    }
    let last_day = tomorrow + Days::new(SLOTS_DAYS - 1);
    let url = Url::parse(&format!("{base}/v2/slots?eventTypeId={event_type}&start={tomorrow}&end={last_day}"))
        .context("team slots URL")?;
    let answer: Value = client.get(url.clone()).send().await?.error_for_status()?.json().await?;
    let slots_answered =
        answer["data"].as_object().map_or(0, |days| days.values().filter_map(Value::as_array).map(Vec::len).sum());
    ensure!(slots_answered > 0, "the team slots query answers no slots: {answer}");
    let outcome = measure(
        &format!("GET /v2/slots (round robin, {HOSTS} hosts)"),
        client,
        Rotate::new(vec![url]),
        CONNECTIONS,
        duration,
    )
    .await?;
    Ok(TeamSlots { outcome, slots_answered, bookings: booked })
}

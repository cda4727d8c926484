//! The many-hosts create scenario of `cargo xtask bench`: `POST /v2/bookings` over the event types of
//! [`HOSTS`] hosts in turn, each booking its host's next free 5-minute slot. The create scenario of issue
//! "Bookings" books one host, whose creates are decided one batch at a time under that host's lock; here the
//! creates of different hosts are decided side by side, in small batches, which is what a server with many users
//! mostly does.
//!
//! The hosts are created with the server's own CLI on its database (the API creates no users), as in `team.rs`;
//! their schedules and event types through the API.

use std::path::Path;

use anyhow::{Result, anyhow};
use reqwest::{Client, Method};
use serde_json::{Value, json};

use super::team::user_with_key;
use super::{Server, api};

/// Hosts of the scenario: as many as the load's connections can keep two creates in flight for.
pub(super) const HOSTS: usize = 16;

/// Creates the hosts, each with a 24/7 UTC schedule and a 5-minute event type; returns the event types' ids.
pub(super) async fn set_up(binary: &Path, database_url: &str, client: &Client, server: &Server) -> Result<Vec<i64>> {
    eprintln!("bench: many-hosts setup ({HOSTS} hosts) ...");
    let base = server.base();
    let id = |answer: &Value| answer["data"]["id"].as_i64().ok_or_else(|| anyhow!("no data.id in {answer}"));
    let mut event_types = Vec::with_capacity(HOSTS);
    for n in 0..HOSTS {
        let key = user_with_key(binary, database_url, &format!("solo{n:02}"))?;
        let schedule = json!({"name": "Always", "timeZone": "UTC", "isDefault": true, "availability": [{
            "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
            "startTime": "00:00", "endTime": "24:00"}]});
        api(client, &base, &key, Method::POST, "/v2/schedules", &schedule).await?;
        let event_type = json!({"title": "Solo", "slug": "solo", "lengthInMinutes": 5, "minimumBookingNotice": 0});
        event_types.push(id(&api(client, &base, &key, Method::POST, "/v2/event-types", &event_type).await?)?);
    }
    Ok(event_types)
}

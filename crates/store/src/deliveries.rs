//! The webhook outbox: events, their deliveries and every attempt.
//!
//! A change that fires a trigger writes one event row in its own transaction, naming the deliveries it owes: the
//! webhooks, and the delivery id each will be sent under (`owed`). The worker turns them into delivery rows when
//! they are due and it has room to send them (in its own transaction, which on SQLite lets the requests' writes go
//! first), so a booking's transaction writes one row however many webhooks listen. Until then the owed deliveries
//! are listed, withdrawn and redelivered as pending ones, under the same ids.
//!
//! Several instances may share one outbox (PostgreSQL). A worker claims due deliveries by setting a lease; on
//! PostgreSQL the claim skips rows another worker is claiming at that moment (`FOR UPDATE SKIP LOCKED`), so each due
//! attempt goes to exactly one worker, and each owed event is turned into deliveries by one worker. A delivery whose
//! lease ran out (its worker died) is due again and taken over.

use calends_domain::deliveries::{
    Attempt, AttemptResult, Delivery, DeliveryStatus, NewEvent, Outcome, Outgoing, PING, PingEvent, RESPONSE_BODY_LIMIT,
};
use calends_domain::webhooks::Webhook;
use calends_domain::{Error, Result};
use calends_model::webhooks::WebhookTrigger;
use chrono::{DateTime, Utc};

use crate::bookings::BookingTx;
use crate::conv::{corrupt, db_error, ms, time};
use crate::sql::{Conn, DbError, Row, placeholders, query};
use crate::webhooks::webhook_from_row;
use crate::{Backend, Store};

/// Triggers sent at a booking's start or end, withdrawn when the booking is cancelled or moved.
const TIME_BASED: &str = "('MEETING_STARTED', 'MEETING_ENDED', 'BOOKING_COMPLETED')";

/// Leases up to `$3` due, unleased (or no longer leased) deliveries until `$2`. `{}`: the row-lock clause.
const CLAIM: &str = "UPDATE webhook_deliveries SET lease_until = $2 WHERE id IN (SELECT id FROM webhook_deliveries \
     WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1) \
     ORDER BY next_attempt_at LIMIT $3{}) RETURNING id";

/// The longest the worker's claims and records wait for the requests' write transactions to go first (SQLite):
/// under full load deliveries wait in the outbox, and still move on several times a second.
const BOOKKEEPING_PATIENCE: std::time::Duration = std::time::Duration::from_millis(200);

/// PostgreSQL's SQLSTATE for a row that refers to one that no longer exists.
const FOREIGN_KEY_VIOLATION: &str = "23503";
/// How often a claim starts over when webhooks are deleted under it.
const CLAIM_TRIES: u32 = 3;

/// How a claim locks the rows it picks: on PostgreSQL rows another worker is claiming right now are skipped (and
/// the claim re-checks each row it locks, so a delivery leased a moment ago is not taken again); SQLite's single
/// writer runs one claim at a time.
fn claim_lock(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
    }
}

fn trigger_of(row: &Row) -> Result<WebhookTrigger, DbError> {
    let trigger: String = row.try_get("trigger")?;
    trigger.parse().map_err(|_| corrupt("trigger", &trigger))
}

/// The active webhooks whose deliveries a booking of `event_type_id` hosted by `host_id` owes: the host's own
/// and the event type's (and, for a member's copy of a managed event type, the team event type's), with the triggers
/// each subscribes to.
pub(crate) async fn subscribers_on(
    conn: &mut Conn,
    host_id: i64,
    event_type_id: Option<i64>,
) -> Result<Vec<(i64, Vec<WebhookTrigger>)>> {
    let rows = query(
        "SELECT id, triggers FROM webhooks WHERE active = 1 \
         AND ((user_id = $1 AND event_type_id IS NULL) OR event_type_id = $2 \
         OR event_type_id = (SELECT parent_id FROM event_types WHERE id = $2))",
    )
    .bind(host_id)
    .bind(event_type_id.unwrap_or(-1))
    .fetch_all(&mut *conn)
    .await
    .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            let triggers: String = r.try_get("triggers")?;
            let triggers = serde_json::from_str(&triggers).map_err(|_| corrupt("triggers", &triggers))?;
            Ok((r.try_get("id")?, triggers))
        })
        .collect::<Result<_, DbError>>()
        .map_err(db_error)
}

/// `owed` entries, as stored: `,<webhook id>:<delivery id>,` for each, sharing their commas.
fn owed_text(entries: &[(i64, String)]) -> String {
    let mut text = String::from(",");
    for (webhook_id, delivery_id) in entries {
        text.push_str(&format!("{webhook_id}:{delivery_id},"));
    }
    text
}

/// The `owed` of a new event: a delivery to each of `webhook_ids`, under a new delivery id each.
fn owed_to(webhook_ids: &[i64], delivery_id: &mut dyn FnMut() -> String) -> String {
    let entries: Vec<(i64, String)> = webhook_ids.iter().map(|&id| (id, delivery_id())).collect();
    owed_text(&entries)
}

/// The entries of a stored `owed`.
fn owed_entries(text: &str) -> Result<Vec<(i64, String)>, DbError> {
    text.split(',')
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let (webhook, delivery) = entry.split_once(':').ok_or_else(|| corrupt("owed", text))?;
            Ok((webhook.parse().map_err(|_| corrupt("owed", text))?, delivery.to_owned()))
        })
        .collect()
}

/// A `LIKE` pattern (with `\` escaping) matching the `owed` entries of `webhook_id`.
fn owed_by(webhook_id: i64) -> String {
    format!("%,{webhook_id}:%")
}

/// A `LIKE` pattern (with `\` escaping) matching the `owed` entry of delivery `id`.
fn owing(id: &str) -> String {
    let mut pattern = String::from("%:");
    for c in id.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push_str(",%");
    pattern
}

/// Writes `event`, owing one delivery to each of `webhook_ids`: one row, whatever the number of webhooks.
pub(crate) async fn enqueue_on(
    conn: &mut Conn,
    event: &NewEvent,
    webhook_ids: &[i64],
    delivery_id: &mut dyn FnMut() -> String,
) -> Result<()> {
    if webhook_ids.is_empty() {
        return Ok(());
    }
    let owed = owed_to(webhook_ids, delivery_id);
    query(
        "INSERT INTO webhook_events (trigger, payload, booking_uid, created_at, owed, due_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(event.trigger.as_str())
    .bind(&event.payload)
    .bind(&event.booking_uid)
    .bind(ms(event.created_at))
    .bind(owed)
    .bind(ms(event.due_at))
    .execute(&mut *conn)
    .await
    .map(|_| ())
    .map_err(db_error)
}

/// `event` as a row of `webhook_events` owing a delivery to each of `webhook_ids` (JSON object, column by column),
/// for [`BookingTx::insert_many`].
pub(crate) fn event_row(
    event: &NewEvent,
    webhook_ids: &[i64],
    delivery_id: &mut dyn FnMut() -> String,
) -> serde_json::Value {
    serde_json::json!({
        "trigger": event.trigger.as_str(), "payload": event.payload, "booking_uid": event.booking_uid,
        "created_at": ms(event.created_at), "owed": owed_to(webhook_ids, delivery_id), "due_at": ms(event.due_at),
    })
}

/// An event that still owes deliveries.
struct OwedEvent {
    id: i64,
    entries: Vec<(i64, String)>,
    due_at: i64,
    created_at: i64,
}

fn owed_event_from_row(row: &Row) -> Result<OwedEvent, DbError> {
    let owed: String = row.try_get("owed")?;
    Ok(OwedEvent {
        id: row.try_get("id")?,
        entries: owed_entries(&owed)?,
        due_at: row.try_get("due_at")?,
        created_at: row.try_get("created_at")?,
    })
}

/// A lease for the first deliveries written: `count` of the pending ones are leased `until` then.
#[derive(Debug, Clone, Copy)]
struct Lease {
    until: i64,
    count: usize,
}

/// Writes the delivery rows `events` owe, each `status` as `status_of` its webhook says (`None`: the webhook was
/// deleted, nothing to write), due when the event is, the first pending ones leased by `lease`; the events then owe
/// nothing. The ids of the leased ones.
async fn settle_owed(
    conn: &mut Conn,
    events: &[OwedEvent],
    now: DateTime<Utc>,
    lease: Option<Lease>,
    status_of: impl Fn(i64) -> Option<DeliveryStatus>,
) -> Result<Vec<String>, DbError> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let mut leased = Vec::new();
    let rows: Vec<(&OwedEvent, i64, &str, DeliveryStatus, Option<i64>)> = events
        .iter()
        .flat_map(|e| e.entries.iter().map(move |(webhook, id)| (e, *webhook, id.as_str())))
        .filter_map(|(e, webhook, id)| {
            let status = status_of(webhook)?;
            let until = lease.filter(|l| status == DeliveryStatus::Pending && leased.len() < l.count).map(|l| {
                leased.push(id.to_owned());
                l.until
            });
            Some((e, webhook, id, status, until))
        })
        .collect();
    // Seven values a row (and the time, shared); SQLite takes up to 32,766 per statement.
    for chunk in rows.chunks(1_000) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let p = 2 + 7 * i;
                format!("(${}, ${}, ${}, ${}, 0, ${}, ${}, ${}, $1)", p, p + 1, p + 2, p + 3, p + 4, p + 5, p + 6)
            })
            .collect();
        let sql = format!(
            "INSERT INTO webhook_deliveries (id, event_id, webhook_id, status, attempts, next_attempt_at, lease_until, \
             created_at, updated_at) VALUES {}",
            values.join(", ")
        );
        let mut insert = query(sql).bind(ms(now));
        for (event, webhook, id, status, until) in chunk {
            insert = insert
                .bind(*id)
                .bind(event.id)
                .bind(*webhook)
                .bind(status.as_str())
                .bind(event.due_at)
                .bind(*until)
                .bind(event.created_at);
        }
        insert.execute(&mut *conn).await?;
    }
    let sql = format!("UPDATE webhook_events SET owed = NULL WHERE id IN ({})", placeholders(1, events.len()));
    events.iter().fold(query(sql), |q, e| q.bind(e.id)).execute(&mut *conn).await?;
    Ok(leased)
}

/// The webhooks among `ids` that still exist, and whether each is active.
async fn webhooks_active(conn: &mut Conn, ids: &[i64]) -> Result<std::collections::HashMap<i64, bool>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let sql = format!("SELECT id, active FROM webhooks WHERE id IN ({})", placeholders(1, ids.len()));
    let rows = ids.iter().fold(query(sql), |q, id| q.bind(*id)).fetch_all(&mut *conn).await.map_err(db_error)?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get::<i64, _>("active")? != 0)))
        .collect::<Result<_, DbError>>()
        .map_err(db_error)
}

/// An owed delivery as a pending one.
fn owed_delivery(event: &OwedEvent, trigger: &str, webhook_id: i64, id: &str) -> Delivery {
    Delivery {
        id: id.to_owned(),
        webhook_id,
        trigger: trigger.to_owned(),
        status: DeliveryStatus::Pending,
        attempts: 0,
        next_attempt_at: time(event.due_at),
        created_at: time(event.created_at),
        updated_at: time(event.created_at),
    }
}

/// The deliveries events still owe webhook `webhook_id`.
async fn owed_of(conn: &mut Conn, webhook_id: i64) -> Result<Vec<Delivery>> {
    let rows = query(
        "SELECT id, trigger, owed, due_at, created_at FROM webhook_events WHERE owed IS NOT NULL \
         AND owed LIKE $1 ESCAPE '\\'",
    )
    .bind(owed_by(webhook_id))
    .fetch_all(&mut *conn)
    .await
    .map_err(db_error)?;
    let mut owed = Vec::new();
    for row in &rows {
        let event = owed_event_from_row(row).map_err(db_error)?;
        let trigger: String = row.try_get("trigger").map_err(db_error)?;
        for (webhook, id) in event.entries.iter().filter(|(w, _)| *w == webhook_id) {
            owed.push(owed_delivery(&event, &trigger, *webhook, id));
        }
    }
    Ok(owed)
}

/// The owed delivery `id`, if an event owes it, with its event.
async fn owed_one(conn: &mut Conn, id: &str) -> Result<Option<(Delivery, OwedEvent)>> {
    let row = query(
        "SELECT id, trigger, owed, due_at, created_at FROM webhook_events WHERE owed IS NOT NULL \
         AND owed LIKE $1 ESCAPE '\\'",
    )
    .bind(owing(id))
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_error)?;
    let Some(row) = row else { return Ok(None) };
    let event = owed_event_from_row(&row).map_err(db_error)?;
    let trigger: String = row.try_get("trigger").map_err(db_error)?;
    let found = event.entries.iter().find(|(_, d)| d == id).map(|(w, d)| owed_delivery(&event, &trigger, *w, d));
    Ok(found.map(|delivery| (delivery, event)))
}

impl BookingTx {
    /// The active webhooks a booking of `event_type_id` hosted by `host_id` owes deliveries to, with their triggers.
    pub async fn subscribers(
        &mut self,
        host_id: i64,
        event_type_id: Option<i64>,
    ) -> Result<Vec<(i64, Vec<WebhookTrigger>)>> {
        subscribers_on(self.conn(), host_id, event_type_id).await
    }

    /// Writes `event` and one delivery to each of `webhook_ids`, in this transaction.
    pub async fn enqueue(
        &mut self,
        event: &NewEvent,
        webhook_ids: &[i64],
        delivery_id: &mut dyn FnMut() -> String,
    ) -> Result<()> {
        enqueue_on(self.conn(), event, webhook_ids, delivery_id).await
    }

    /// Withdraws the pending time-based deliveries (meeting started/ended, booking completed) of a booking: those
    /// still owed are written as withdrawn deliveries (listed under the ids they were owed under), those the worker
    /// took are marked withdrawn. How many were withdrawn.
    pub async fn withdraw_scheduled(&mut self, booking_uid: &str, now: DateTime<Utc>) -> Result<u64> {
        // On PostgreSQL a worker turning these events into deliveries right now holds them: wait for it, then see
        // its deliveries below (each statement reads what was committed before it started).
        let lock = if self.conn().backend() == Backend::Postgres { " FOR UPDATE" } else { "" };
        let sql = format!(
            "SELECT id, owed, due_at, created_at FROM webhook_events WHERE booking_uid = $1 AND trigger IN \
             {TIME_BASED} AND owed IS NOT NULL{lock}"
        );
        let rows = query(sql).bind(booking_uid).fetch_all(self.conn()).await.map_err(db_error)?;
        let owed: Vec<OwedEvent> = rows.iter().map(owed_event_from_row).collect::<Result<_, _>>().map_err(db_error)?;
        let webhooks: Vec<i64> = owed.iter().flat_map(|e| e.entries.iter().map(|(w, _)| *w)).collect();
        let existing = webhooks_active(self.conn(), &webhooks).await?;
        let written = owed.iter().flat_map(|e| &e.entries).filter(|(w, _)| existing.contains_key(w)).count();
        let withdrawn = |w| existing.contains_key(&w).then_some(DeliveryStatus::Withdrawn);
        settle_owed(self.conn(), &owed, now, None, withdrawn).await.map_err(db_error)?;
        let sql = format!(
            "UPDATE webhook_deliveries SET status = 'withdrawn', updated_at = $2 WHERE status = 'pending' AND \
             event_id IN (SELECT id FROM webhook_events WHERE booking_uid = $1 AND trigger IN {TIME_BASED})"
        );
        let taken = query(sql)
            .bind(booking_uid)
            .bind(ms(now))
            .execute(self.conn())
            .await
            .map(|r| r.rows_affected())
            .map_err(db_error)?;
        Ok(written as u64 + taken)
    }
}

fn delivery_from_row(row: &Row) -> Result<Delivery, DbError> {
    let status: String = row.try_get("status")?;
    Ok(Delivery {
        id: row.try_get("id")?,
        webhook_id: row.try_get("webhook_id")?,
        trigger: row.try_get("trigger")?,
        status: DeliveryStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        attempts: u32::try_from(row.try_get::<i64, _>("attempts")?).unwrap_or(0),
        next_attempt_at: time(row.try_get("next_attempt_at")?),
        created_at: time(row.try_get("created_at")?),
        updated_at: time(row.try_get("updated_at")?),
    })
}

fn attempt_from_row(row: &Row) -> Result<(String, Attempt), DbError> {
    Ok((
        row.try_get("delivery_id")?,
        Attempt {
            attempted_at: time(row.try_get("attempted_at")?),
            duration_ms: row.try_get("duration_ms")?,
            status_code: row.try_get::<Option<i64>, _>("status_code")?.and_then(|c| u16::try_from(c).ok()),
            error: row.try_get("error")?,
            response_body: row.try_get("response_body")?,
        },
    ))
}

/// Cuts `text` to at most `limit` bytes on a character boundary.
fn truncate(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Results recorded per statement: the update of their deliveries binds three values each (and the time, shared),
/// the insert of their attempts six; SQLite takes up to 32,766 per statement, PostgreSQL 65,535.
const RECORD_CHUNK: usize = 1_000;

/// Records finished attempts: per chunk of results, one statement moves their deliveries on and one inserts the
/// attempts of those it moved. A delivery deleted while it was in flight (its webhook was deleted) has nothing
/// left to record: its result is dropped, and the rest of the batch is recorded.
async fn record_on(conn: &mut Conn, results: &[AttemptResult], now: DateTime<Utc>) -> Result<()> {
    let mut ordered: Vec<&AttemptResult> = results.iter().collect();
    ordered.sort_by(|a, b| a.delivery_id.cmp(&b.delivery_id));
    // Rows are locked in one order (by id) by every writer, so two instances recording overlapping batches wait
    // for each other instead of deadlocking. An UPDATE ... FROM locks rows in the order its plan joins them, so on
    // PostgreSQL they are locked first, in the order of the ids' bytes (`ordered`'s, chunk after chunk); SQLite's
    // single writer records one batch at a time.
    if conn.backend() == Backend::Postgres {
        let mut ids: Vec<&str> = ordered.iter().map(|r| r.delivery_id.as_str()).collect();
        ids.dedup();
        for chunk in ids.chunks(RECORD_CHUNK) {
            let sql = format!(
                "SELECT id FROM webhook_deliveries WHERE id IN ({}) ORDER BY id COLLATE \"C\" FOR UPDATE",
                placeholders(1, chunk.len())
            );
            chunk.iter().fold(query(sql), |q, id| q.bind(*id)).fetch_all(&mut *conn).await.map_err(db_error)?;
        }
    }
    for round in rounds(&ordered) {
        for chunk in round.chunks(RECORD_CHUNK) {
            let moved = move_on(conn, chunk, now).await?;
            let attempts: Vec<&AttemptResult> =
                chunk.iter().copied().filter(|r| moved.contains(r.delivery_id.as_str())).collect();
            insert_attempts(conn, &attempts).await?;
        }
    }
    Ok(())
}

/// `ordered` (sorted by delivery id) in rounds that name each delivery once, its results in their order: an
/// UPDATE ... FROM updates a row once however many of its rows match it, so a delivery with two results (sent
/// again after its lease ran out, and both attempts finished) has its second recorded in the next round.
fn rounds<'a>(ordered: &[&'a AttemptResult]) -> Vec<Vec<&'a AttemptResult>> {
    let mut rounds: Vec<Vec<&AttemptResult>> = Vec::new();
    let mut round = 0;
    for (i, result) in ordered.iter().enumerate() {
        round = if i > 0 && ordered[i - 1].delivery_id == result.delivery_id { round + 1 } else { 0 };
        if rounds.len() == round {
            rounds.push(Vec::new());
        }
        rounds[round].push(result);
    }
    rounds
}

/// Moves on the deliveries of `results` (each named once) as their outcomes say; the ids of those that still exist.
async fn move_on(
    conn: &mut Conn,
    results: &[&AttemptResult],
    now: DateTime<Utc>,
) -> Result<std::collections::HashSet<String>> {
    // Only a pending delivery moves on. One that another instance finished meanwhile (it took the delivery over
    // after this worker's lease ran out) stays delivered or failed; one withdrawn while in flight becomes
    // delivered if it arrived, and is not retried otherwise. The deliveries' rows are locked (by this update, or
    // on PostgreSQL before it) before their attempts are written, so a deletion of their webhook (which deletes
    // them) waits for this transaction or, done first, leaves nothing to record. (The columns of VALUES are
    // `column1`, `column2`, ... on both backends.)
    let values: Vec<String> = (0..results.len())
        .map(|i| {
            let p = 2 + 3 * i;
            format!("(${}, ${}, ${})", p, p + 1, p + 2)
        })
        .collect();
    // On PostgreSQL the ids are listed again with IN, so that the rows are found by their key: without it the
    // planner may join VALUES by reading the whole table (a hash join), which costs more as the outbox grows.
    // SQLite looks each one up by its key anyway.
    let by_key = match conn.backend() {
        Backend::Sqlite => String::new(),
        Backend::Postgres => {
            let ids: Vec<String> = (0..results.len()).map(|i| format!("${}", 2 + 3 * i)).collect();
            format!("webhook_deliveries.id IN ({}) AND ", ids.join(", "))
        }
    };
    let sql = format!(
        "UPDATE webhook_deliveries SET \
         status = CASE WHEN status = 'pending' OR (status = 'withdrawn' AND r.column2 = 'delivered') \
         THEN r.column2 ELSE status END, \
         next_attempt_at = CASE WHEN status = 'pending' THEN COALESCE(r.column3, next_attempt_at) \
         ELSE next_attempt_at END, \
         attempts = attempts + 1, lease_until = NULL, updated_at = $1 \
         FROM (VALUES {}) AS r WHERE {by_key}webhook_deliveries.id = r.column1 RETURNING id",
        values.join(", ")
    );
    let mut update = query(sql).bind(ms(now));
    for result in results {
        let (status, next) = match result.outcome {
            Outcome::Delivered => (DeliveryStatus::Delivered, None),
            Outcome::Retry(at) => (DeliveryStatus::Pending, Some(at)),
            Outcome::GaveUp => (DeliveryStatus::Failed, None),
        };
        update = update.bind(&result.delivery_id).bind(status.as_str()).bind(next.map(ms));
    }
    let rows = update.fetch_all(&mut *conn).await.map_err(db_error)?;
    rows.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>().map_err(db_error)
}

/// Writes the attempts of `results`.
async fn insert_attempts(conn: &mut Conn, results: &[&AttemptResult]) -> Result<()> {
    if results.is_empty() {
        return Ok(());
    }
    let values: Vec<String> = (0..results.len())
        .map(|i| {
            let p = 1 + 6 * i;
            format!("(${}, ${}, ${}, ${}, ${}, ${})", p, p + 1, p + 2, p + 3, p + 4, p + 5)
        })
        .collect();
    let sql = format!(
        "INSERT INTO webhook_attempts (delivery_id, attempted_at, duration_ms, status_code, error, response_body) \
         VALUES {}",
        values.join(", ")
    );
    let mut insert = query(sql);
    for result in results {
        let a = &result.attempt;
        insert = insert
            .bind(&result.delivery_id)
            .bind(ms(a.attempted_at))
            .bind(a.duration_ms)
            .bind(a.status_code.map(i64::from))
            .bind(a.error.as_deref().map(|e| truncate(e, 1000)))
            .bind(a.response_body.as_deref().map(|b| truncate(b, RESPONSE_BODY_LIMIT)));
    }
    insert.execute(&mut *conn).await.map(|_| ()).map_err(db_error)
}

impl Store {
    /// [`BookingTx::subscribers`], read outside any transaction.
    pub async fn subscribers(
        &self,
        host_id: i64,
        event_type_id: Option<i64>,
    ) -> Result<Vec<(i64, Vec<WebhookTrigger>)>> {
        let mut conn = self.read.acquire().await.map_err(db_error)?;
        subscribers_on(&mut conn, host_id, event_type_id).await
    }

    /// Claims up to `limit` due deliveries until `lease_until` (no other worker, on any instance, takes them until
    /// then) and returns them ready to send. Due deliveries of webhooks deactivated since are withdrawn instead.
    pub async fn claim_due(&self, now: DateTime<Utc>, lease_until: DateTime<Utc>, limit: i64) -> Result<Vec<Outgoing>> {
        let mut tries = 0;
        loop {
            tries += 1;
            match self.claim_due_once(now, lease_until, limit).await? {
                Some(claimed) => return Ok(claimed),
                None if tries < CLAIM_TRIES => continue,
                None => return Err(Error::Internal("claiming deliveries: webhooks kept changing".into())),
            }
        }
    }

    /// [`Store::claim_due`], or `None` when a webhook that owed deliveries were written for was deleted by a
    /// concurrent transaction (PostgreSQL: the foreign key refuses the rows) and nothing was claimed.
    async fn claim_due_once(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Option<Vec<Outgoing>>> {
        let lock = claim_lock(self.backend);
        let mut tx = self.write.begin_background(BOOKKEEPING_PATIENCE).await.map_err(db_error)?;
        // Delivery rows already due (retries, redeliveries, those of events taken before) first...
        let claimed = query(CLAIM.replace("{}", lock))
            .bind(ms(now))
            .bind(ms(lease_until))
            .bind(limit)
            .fetch_all(&mut *tx)
            .await
            .map_err(db_error)?;
        let mut ids: Vec<String> =
            claimed.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>().map_err(db_error)?;
        // ...less those of webhooks deactivated since, withdrawn instead of sent. Only the rows this claim took are
        // looked at, so its work stays bounded by its limit however many deliveries wait.
        if !ids.is_empty() {
            let sql = format!(
                "UPDATE webhook_deliveries SET status = 'withdrawn', updated_at = $1 WHERE id IN ({}) \
                 AND webhook_id IN (SELECT id FROM webhooks WHERE active = 0) RETURNING id",
                placeholders(2, ids.len())
            );
            let rows = ids
                .iter()
                .fold(query(sql).bind(ms(now)), |q, id| q.bind(id))
                .fetch_all(&mut *tx)
                .await
                .map_err(db_error)?;
            let withdrawn: Vec<String> =
                rows.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>().map_err(db_error)?;
            ids.retain(|id| !withdrawn.contains(id));
        }
        // ...then due owed deliveries become delivery rows, about as many as there is room left for (whole events,
        // the longest due first), leased as they are written. Those of webhooks deactivated since are withdrawn;
        // those of deleted webhooks are gone.
        let room = limit - ids.len() as i64;
        if room > 0 {
            let sql = format!(
                "SELECT id, owed, due_at, created_at FROM webhook_events WHERE owed IS NOT NULL AND due_at <= $1 \
                 ORDER BY due_at LIMIT $2{lock}"
            );
            let rows = query(sql).bind(ms(now)).bind(room).fetch_all(&mut *tx).await.map_err(db_error)?;
            let mut owed = Vec::new();
            let mut entries = 0;
            for row in &rows {
                if entries >= room {
                    break;
                }
                let event = owed_event_from_row(row).map_err(db_error)?;
                entries += event.entries.len() as i64;
                owed.push(event);
            }
            let webhooks: Vec<i64> = owed.iter().flat_map(|e| e.entries.iter().map(|(w, _)| *w)).collect();
            let active = webhooks_active(&mut tx, &webhooks).await?;
            let status =
                |w| active.get(&w).map(|&a| if a { DeliveryStatus::Pending } else { DeliveryStatus::Withdrawn });
            let lease = Lease { until: ms(lease_until), count: usize::try_from(room).unwrap_or(0) };
            match settle_owed(&mut tx, &owed, now, Some(lease), status).await {
                Ok(leased) => ids.extend(leased),
                // Read as existing, deleted before the rows were written: the next try reads it gone. Rolled back
                // before it, or the next try would skip the events this one still locks.
                Err(e) if e.postgres_code().as_deref() == Some(FOREIGN_KEY_VIOLATION) => {
                    tx.rollback().await.map_err(db_error)?;
                    return Ok(None);
                }
                Err(e) => return Err(db_error(e)),
            }
        }
        if ids.is_empty() {
            tx.commit().await.map_err(db_error)?;
            return Ok(Some(Vec::new()));
        }
        tx.commit().await.map_err(db_error)?;
        // Read once leased, outside the write transaction: parsing the payloads holds up no other write.
        let sql = format!(
            "SELECT d.id AS delivery_id, d.attempts, e.trigger, e.payload, e.created_at AS event_created_at, w.id, \
             w.user_id, w.event_type_id, w.subscriber_url, w.payload_template, w.active, w.secret, w.triggers, \
             w.created_at, w.updated_at FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id \
             JOIN webhooks w ON w.id = d.webhook_id WHERE d.id IN ({})",
            placeholders(1, ids.len())
        );
        let rows = ids.iter().fold(query(sql), |q, id| q.bind(id)).fetch_all(&self.read).await.map_err(db_error)?;
        let outgoing = rows
            .iter()
            .map(|r| {
                let payload: String = r.try_get("payload")?;
                Ok(Outgoing {
                    delivery_id: r.try_get("delivery_id")?,
                    attempts: u32::try_from(r.try_get::<i64, _>("attempts")?).unwrap_or(0),
                    webhook: webhook_from_row(r)?,
                    trigger: trigger_of(r)?,
                    event_created_at: time(r.try_get("event_created_at")?),
                    payload: serde_json::from_str(&payload).map_err(|_| corrupt("payload", &payload))?,
                })
            })
            .collect::<Result<Vec<_>, DbError>>()
            .map_err(db_error)?;
        Ok(Some(outgoing))
    }

    /// Records finished attempts and moves their deliveries on, in one write transaction.
    pub async fn record_attempts(&self, results: &[AttemptResult], now: DateTime<Utc>) -> Result<()> {
        if results.is_empty() {
            return Ok(());
        }
        let mut tx = self.write.begin_background(BOOKKEEPING_PATIENCE).await.map_err(db_error)?;
        record_on(&mut tx, results, now).await?;
        tx.commit().await.map_err(db_error)
    }

    /// When the next pending delivery is due, if any (deliveries in flight and owed ones included).
    pub async fn next_due(&self) -> Result<Option<DateTime<Utc>>> {
        self.min_due(
            "SELECT MIN(at) AS at FROM (SELECT MIN(next_attempt_at) AS at FROM webhook_deliveries \
             WHERE status = 'pending' UNION ALL SELECT MIN(due_at) FROM webhook_events WHERE owed IS NOT NULL) due",
        )
        .await
    }

    /// When the next pending delivery that no worker holds is due, if any: what a worker waits for. Deliveries in
    /// flight (leased) are left out: their worker records them, or, if it died, a poll after the lease ends takes
    /// them over. (Counting them would have an idle worker poll without pause while another one sends.)
    pub async fn next_claimable(&self) -> Result<Option<DateTime<Utc>>> {
        self.min_due(
            "SELECT MIN(at) AS at FROM (SELECT MIN(next_attempt_at) AS at FROM webhook_deliveries \
             WHERE status = 'pending' AND lease_until IS NULL \
             UNION ALL SELECT MIN(due_at) FROM webhook_events WHERE owed IS NOT NULL) due",
        )
        .await
    }

    async fn min_due(&self, sql: &'static str) -> Result<Option<DateTime<Utc>>> {
        let at: Option<i64> = query(sql).fetch_one(&self.read).await.and_then(|r| r.try_get("at")).map_err(db_error)?;
        Ok(at.map(time))
    }

    /// Deliveries still owed (pending), for metrics and shutdown reports: pending delivery rows, and the entries of
    /// events' `owed` (one `:` each).
    pub async fn pending_deliveries(&self) -> Result<i64> {
        query(
            "SELECT (SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending') + (SELECT \
             COALESCE(SUM(LENGTH(owed) - LENGTH(REPLACE(owed, ':', ''))), 0) FROM webhook_events \
             WHERE owed IS NOT NULL) AS n",
        )
        .fetch_one(&self.read)
        .await
        .and_then(|r| r.try_get("n"))
        .map_err(db_error)
    }

    /// A page of a webhook's deliveries, newest first, each with its attempts (oldest first). Deliveries still owed
    /// are listed as pending under the ids they will be sent with.
    pub async fn deliveries(&self, webhook_id: i64, take: i64, skip: i64) -> Result<Vec<(Delivery, Vec<Attempt>)>> {
        let mut conn = self.read.acquire().await.map_err(db_error)?;
        // Owed ones first: one the worker writes meanwhile is then found among the delivery rows (read after), and
        // is listed once.
        let owed = owed_of(&mut conn, webhook_id).await?;
        let rows = query(
            "SELECT d.id, d.webhook_id, e.trigger, d.status, d.attempts, d.next_attempt_at, d.created_at, \
             d.updated_at FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id \
             WHERE d.webhook_id = $1 ORDER BY d.id DESC LIMIT $2",
        )
        .bind(webhook_id)
        .bind(skip.saturating_add(take))
        .fetch_all(&mut conn)
        .await
        .map_err(db_error)?;
        let written: Vec<Delivery> = rows.iter().map(delivery_from_row).collect::<Result<_, _>>().map_err(db_error)?;
        let known: std::collections::HashSet<&str> = written.iter().map(|d| d.id.as_str()).collect();
        let owed: Vec<Delivery> = owed.into_iter().filter(|d| !known.contains(d.id.as_str())).collect();
        let mut deliveries: Vec<Delivery> = written.into_iter().chain(owed).collect();
        deliveries.sort_by(|a, b| b.id.cmp(&a.id));
        let deliveries: Vec<Delivery> = deliveries
            .into_iter()
            .skip(usize::try_from(skip).unwrap_or(0))
            .take(usize::try_from(take).unwrap_or(0))
            .collect();
        if deliveries.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT delivery_id, attempted_at, duration_ms, status_code, error, response_body FROM webhook_attempts \
             WHERE delivery_id IN ({}) ORDER BY id",
            placeholders(1, deliveries.len())
        );
        let mut query = query(sql);
        for d in &deliveries {
            query = query.bind(&d.id);
        }
        let attempts = query.fetch_all(&mut conn).await.map_err(db_error)?;
        let mut by_delivery: std::collections::HashMap<String, Vec<Attempt>> = Default::default();
        for row in &attempts {
            let (id, attempt) = attempt_from_row(row).map_err(db_error)?;
            by_delivery.entry(id).or_default().push(attempt);
        }
        Ok(deliveries
            .into_iter()
            .map(|d| {
                let attempts = by_delivery.remove(&d.id).unwrap_or_default();
                (d, attempts)
            })
            .collect())
    }

    pub async fn delivery(&self, id: &str) -> Result<Option<Delivery>> {
        let mut conn = self.read.acquire().await.map_err(db_error)?;
        // Owed first, as in `deliveries`.
        let owed = owed_one(&mut conn, id).await?;
        let row = query(
            "SELECT d.id, d.webhook_id, e.trigger, d.status, d.attempts, d.next_attempt_at, d.created_at, \
             d.updated_at FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE d.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut conn)
        .await
        .map_err(db_error)?;
        let written = row.as_ref().map(delivery_from_row).transpose().map_err(db_error)?;
        Ok(written.or(owed.map(|(delivery, _)| delivery)))
    }

    /// Makes a delivery due again now (whatever became of it), keeping its id; `None` when it does not exist.
    pub async fn redeliver(&self, id: &str, now: DateTime<Utc>) -> Result<Option<Delivery>> {
        let mut tx = self.write.begin().await.map_err(db_error)?;
        let updated = query(
            "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $2, lease_until = NULL, \
             updated_at = $2 WHERE id = $1",
        )
        .bind(id)
        .bind(ms(now))
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        if updated.rows_affected() == 0 {
            // Still owed: it becomes a delivery row due now, and its event owes it no more. (On PostgreSQL the
            // event is locked first, so a worker turning it into deliveries meanwhile is waited for.)
            if self.backend == Backend::Postgres {
                query("SELECT id FROM webhook_events WHERE owed IS NOT NULL AND owed LIKE $1 ESCAPE '\\' FOR UPDATE")
                    .bind(owing(id))
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db_error)?;
            }
            let Some((delivery, mut event)) = owed_one(&mut tx, id).await? else { return Ok(None) };
            if webhooks_active(&mut tx, &[delivery.webhook_id]).await?.is_empty() {
                return Ok(None);
            }
            event.due_at = ms(now);
            let entry = (delivery.webhook_id, delivery.id.clone());
            let rest: Vec<(i64, String)> = event.entries.iter().filter(|e| **e != entry).cloned().collect();
            event.entries = vec![entry];
            settle_owed(&mut tx, std::slice::from_ref(&event), now, None, |_| Some(DeliveryStatus::Pending))
                .await
                .map_err(db_error)?;
            if !rest.is_empty() {
                query("UPDATE webhook_events SET owed = $2 WHERE id = $1")
                    .bind(event.id)
                    .bind(owed_text(&rest))
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
            }
        }
        tx.commit().await.map_err(db_error)?;
        self.delivery(id).await
    }

    /// Records a test ping sent right away: its event, its delivery and the one attempt, in one transaction.
    pub async fn record_ping(
        &self,
        webhook: &Webhook,
        delivery_id: &str,
        event: &PingEvent,
        result: &AttemptResult,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.write.begin().await.map_err(db_error)?;
        let payload = serde_json::to_string(&event.payload).map_err(Error::internal)?;
        let event_id: i64 = query(
            "INSERT INTO webhook_events (trigger, payload, booking_uid, created_at) VALUES ($1, $2, NULL, $3) RETURNING id",
        )
        .bind(PING)
        .bind(payload)
        .bind(ms(event.created_at))
        .fetch_one(&mut *tx)
        .await
        .and_then(|r| r.try_get("id"))
        .map_err(db_error)?;
        query(
            "INSERT INTO webhook_deliveries (id, event_id, webhook_id, status, attempts, next_attempt_at, created_at, \
             updated_at) VALUES ($1, $2, $3, 'pending', 0, $4, $4, $4)",
        )
        .bind(delivery_id)
        .bind(event_id)
        .bind(webhook.id)
        .bind(ms(now))
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        record_on(&mut tx, std::slice::from_ref(result), now).await?;
        tx.commit().await.map_err(db_error)
    }
}

impl Store {
    /// Voids every delivery lease. Only for a database one server uses alone (SQLite), at its start.
    pub async fn release_delivery_leases(&self) -> Result<u64> {
        query("UPDATE webhook_deliveries SET lease_until = NULL WHERE lease_until IS NOT NULL")
            .execute(&self.write)
            .await
            .map(|r| r.rows_affected())
            .map_err(db_error)
    }
}

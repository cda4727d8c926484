//! The storage guarantees several instances rely on, checked on SQLite and on PostgreSQL: each due delivery is
//! claimed by one worker, a dead worker's deliveries are taken over when its lease ends, a late result does not undo
//! what another worker finished, the transactions of one host run one at a time, idempotency keys are claimed once,
//! and the SQL that differs most between engines (LIKE with escapes, COUNT, MIN over nothing) answers alike.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration as StdDuration;

use calends_domain::bookings::{NewAttendee, NewBooking};
use calends_domain::deliveries::{
    Attempt, AttemptResult, Delivery, DeliveryStatus, NewEvent, Outcome, RESPONSE_BODY_LIMIT,
};
use calends_domain::users::validate_new;
use calends_domain::webhooks::{NewWebhook, WebhookOwner};
use calends_model::bookings::BookingStatus;
use calends_model::webhooks::WebhookTrigger;
use calends_slots::Interval;
use calends_store::testing::Cluster;
use calends_store::{Backend, BookingFilter, HostRead, IdempotentReply, Store, StoreOptions};
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::json;

/// A fresh database on each backend available here, with what removes it when dropped (its directory, or the
/// server's database).
async fn stores() -> Vec<(Store, Box<dyn std::any::Any>)> {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Store::open(&StoreOptions::new(dir.path().join("t.db").to_string_lossy())).await.unwrap();
    let mut stores: Vec<(Store, Box<dyn std::any::Any>)> = vec![(sqlite, Box::new(dir))];
    if let Some(cluster) = Cluster::shared() {
        let db = cluster.create_database();
        stores.push((Store::open(&StoreOptions::new(db.url())).await.unwrap(), Box::new(db)));
    }
    stores
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 7, 8, 0, 0).unwrap()
}

async fn user(store: &Store, name: &str) -> i64 {
    let new = validate_new(name, &format!("{name}@example.com"), None, "UTC").unwrap();
    store.create_user(&new, t0()).await.unwrap().id
}

async fn webhook(store: &Store, user_id: i64) -> i64 {
    webhook_at(store, user_id, &user_id.to_string()).await
}

/// A webhook of `user_id` for `BOOKING_CREATED` at `https://example.com/<path>`.
async fn webhook_at(store: &Store, user_id: i64, path: &str) -> i64 {
    let new = NewWebhook {
        subscriber_url: format!("https://example.com/{path}"),
        payload_template: None,
        active: true,
        secret: None,
        triggers: vec![WebhookTrigger::BookingCreated],
    };
    store.create_webhook(user_id, WebhookOwner::User(user_id), &new, t0()).await.unwrap().id
}

/// Writes `n` events of `trigger` due at `due`, each owing one delivery to `webhook_id`; returns the delivery ids.
async fn enqueue(
    store: &Store,
    host: i64,
    webhook_id: i64,
    n: usize,
    trigger: WebhookTrigger,
    due: DateTime<Utc>,
) -> Vec<String> {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let mut ids = Vec::new();
    let mut tx = store.booking_tx(host).await.unwrap();
    for _ in 0..n {
        let event = NewEvent {
            trigger,
            payload: json!({}).to_string(),
            booking_uid: Some("b-1".into()),
            created_at: t0(),
            due_at: due,
        };
        let mut next_id = || {
            let id = format!("msg_{:08}", NEXT.fetch_add(1, Ordering::Relaxed));
            ids.push(id.clone());
            id
        };
        tx.enqueue(&event, &[webhook_id], &mut next_id).await.unwrap();
    }
    tx.commit().await.unwrap();
    ids
}

fn result(delivery_id: &str, outcome: Outcome) -> AttemptResult {
    AttemptResult {
        delivery_id: delivery_id.to_owned(),
        attempt: Attempt {
            attempted_at: t0(),
            duration_ms: 5,
            status_code: Some(if outcome == Outcome::Delivered { 200 } else { 500 }),
            error: None,
            response_body: None,
        },
        outcome,
    }
}

/// Eight workers claiming at `at` in batches of 7 until nothing is left; what each claimed, together.
async fn claim_concurrently(store: &Store, at: DateTime<Utc>) -> Vec<String> {
    let claimers: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut mine = Vec::new();
                loop {
                    let batch = store.claim_due(at, at + Duration::seconds(60), 7).await.unwrap();
                    if batch.is_empty() {
                        return mine;
                    }
                    mine.extend(batch.into_iter().map(|o| o.delivery_id));
                }
            })
        })
        .collect();
    let mut claimed = Vec::new();
    for claimer in claimers {
        claimed.extend(claimer.await.unwrap());
    }
    claimed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claims_take_each_due_delivery_once() {
    for (store, _database) in stores().await {
        let host = user(&store, "host").await;
        let hook = webhook(&store, host).await;
        let now = enqueue(&store, host, hook, 300, WebhookTrigger::BookingCreated, t0()).await;
        // Time-based triggers: due when the meeting starts.
        let start = t0() + Duration::hours(1);
        let later = enqueue(&store, host, hook, 60, WebhookTrigger::MeetingStarted, start).await;
        for (at, due) in [(t0(), &now), (start, &later)] {
            let claimed = claim_concurrently(&store, at).await;
            let unique: HashSet<&String> = claimed.iter().collect();
            assert_eq!(claimed.len(), unique.len(), "{:?}: a delivery was claimed twice", store.backend());
            assert_eq!(unique, due.iter().collect(), "{:?}: claimed at {at}", store.backend());
            assert_eq!(store.next_claimable().await.unwrap(), (at == t0()).then_some(start), "the rest is leased");
            // Sent: otherwise, their leases long over, they would be due again in the next round.
            let sent: Vec<AttemptResult> = claimed.iter().map(|id| result(id, Outcome::Delivered)).collect();
            store.record_attempts(&sent, at).await.unwrap();
        }
        assert_eq!(store.next_due().await.unwrap(), None);
    }
}

#[tokio::test]
async fn a_dead_workers_deliveries_are_taken_over_when_its_lease_ends() {
    for (store, _database) in stores().await {
        let host = user(&store, "host").await;
        let hook = webhook(&store, host).await;
        let ids = enqueue(&store, host, hook, 5, WebhookTrigger::BookingCreated, t0()).await;
        let lease = Duration::seconds(60);
        // Worker A claims everything, then dies without a word.
        assert_eq!(store.claim_due(t0(), t0() + lease, 100).await.unwrap().len(), 5);
        let later = t0() + Duration::seconds(30);
        assert!(store.claim_due(later, later + lease, 100).await.unwrap().is_empty(), "still A's");
        // After the lease, worker B takes them over, sends them and records it.
        let after = t0() + Duration::seconds(61);
        let taken = store.claim_due(after, after + lease, 100).await.unwrap();
        assert_eq!(taken.len(), 5, "{:?}", store.backend());
        let delivered: Vec<AttemptResult> = ids.iter().map(|id| result(id, Outcome::Delivered)).collect();
        store.record_attempts(&delivered, after).await.unwrap();
        // A was only slow: its late failures neither undo B's delivery nor schedule a retry.
        let late: Vec<AttemptResult> =
            ids.iter().map(|id| result(id, Outcome::Retry(after + Duration::minutes(5)))).collect();
        store.record_attempts(&late, after).await.unwrap();
        for id in &ids {
            let d = store.delivery(id).await.unwrap().unwrap();
            assert_eq!((d.status, d.attempts), (DeliveryStatus::Delivered, 2), "{:?} {id}", store.backend());
        }
        assert_eq!(store.next_due().await.unwrap(), None);
        assert_eq!(store.pending_deliveries().await.unwrap(), 0);
    }
}

#[tokio::test]
async fn withdrawn_in_flight_is_not_retried_but_may_have_arrived() {
    for (store, _database) in stores().await {
        let host = user(&store, "host").await;
        let hook = webhook(&store, host).await;
        let ids = enqueue(&store, host, hook, 2, WebhookTrigger::MeetingStarted, t0()).await;
        assert_eq!(store.claim_due(t0(), t0() + Duration::seconds(60), 10).await.unwrap().len(), 2);
        let mut tx = store.booking_tx(host).await.unwrap();
        assert_eq!(tx.withdraw_scheduled("b-1", t0()).await.unwrap(), 2);
        tx.commit().await.unwrap();
        let results =
            [result(&ids[0], Outcome::Retry(t0() + Duration::seconds(5))), result(&ids[1], Outcome::Delivered)];
        store.record_attempts(&results, t0()).await.unwrap();
        let status = |d: Option<calends_domain::deliveries::Delivery>| d.unwrap().status;
        assert_eq!(status(store.delivery(&ids[0]).await.unwrap()), DeliveryStatus::Withdrawn);
        assert_eq!(status(store.delivery(&ids[1]).await.unwrap()), DeliveryStatus::Delivered);
        assert_eq!(store.next_due().await.unwrap(), None, "{:?}", store.backend());
    }
}

/// Writes one event of `trigger` due at `due` owing a delivery to each of `webhooks`; the delivery ids, in order.
async fn enqueue_to(
    store: &Store,
    host: i64,
    webhooks: &[i64],
    trigger: WebhookTrigger,
    due: DateTime<Utc>,
) -> Vec<String> {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let mut ids = Vec::new();
    let mut next_id = || {
        let id = format!("msg_owed{:08}", NEXT.fetch_add(1, Ordering::Relaxed));
        ids.push(id.clone());
        id
    };
    let event = NewEvent {
        trigger,
        payload: json!({}).to_string(),
        booking_uid: Some("b-1".into()),
        created_at: t0(),
        due_at: due,
    };
    let mut tx = store.booking_tx(host).await.unwrap();
    tx.enqueue(&event, webhooks, &mut next_id).await.unwrap();
    tx.commit().await.unwrap();
    ids
}

/// An event's deliveries are owed until the worker takes them: until then they are listed, counted, found,
/// redelivered and withdrawn as pending deliveries, under the ids they are sent with.
#[tokio::test]
async fn owed_deliveries_are_deliveries_before_the_worker_takes_them() {
    for (store, _database) in stores().await {
        let backend = store.backend();
        let host = user(&store, "host").await;
        let (a, b) = (webhook_at(&store, host, "a").await, webhook_at(&store, host, "b").await);
        let start = t0() + Duration::hours(1);
        let ids = enqueue_to(&store, host, &[a, b], WebhookTrigger::MeetingStarted, start).await;
        let listed = store.deliveries(a, 10, 0).await.unwrap();
        assert_eq!(listed.len(), 1, "{backend:?}");
        let (owed, attempts) = &listed[0];
        assert_eq!((owed.id.as_str(), owed.status, owed.attempts), (ids[0].as_str(), DeliveryStatus::Pending, 0));
        assert_eq!((owed.next_attempt_at, owed.trigger.as_str()), (start, "MEETING_STARTED"));
        assert!(attempts.is_empty());
        assert_eq!(store.delivery(&ids[1]).await.unwrap().unwrap().webhook_id, b);
        assert_eq!(store.pending_deliveries().await.unwrap(), 2);
        assert_eq!(store.next_due().await.unwrap(), Some(start));
        assert!(store.claim_due(t0(), t0() + Duration::seconds(60), 10).await.unwrap().is_empty(), "not due yet");

        // Redelivered now: a's becomes due at once; b's stays owed for the meeting's start.
        let redelivered = store.redeliver(&ids[0], t0()).await.unwrap().unwrap();
        assert_eq!((redelivered.id.as_str(), redelivered.next_attempt_at), (ids[0].as_str(), t0()));
        let claimed = store.claim_due(t0(), t0() + Duration::seconds(60), 10).await.unwrap();
        assert_eq!(claimed.iter().map(|o| o.delivery_id.as_str()).collect::<Vec<_>>(), [ids[0].as_str()]);
        store.record_attempts(&[result(&ids[0], Outcome::Delivered)], t0()).await.unwrap();
        assert_eq!(store.next_due().await.unwrap(), Some(start), "{backend:?}");

        // The booking is cancelled: b's owed delivery is withdrawn, and listed as such under its id.
        let mut tx = store.booking_tx(host).await.unwrap();
        assert_eq!(tx.withdraw_scheduled("b-1", t0()).await.unwrap(), 1);
        tx.commit().await.unwrap();
        let listed = store.deliveries(b, 10, 0).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!((listed[0].0.id.as_str(), listed[0].0.status), (ids[1].as_str(), DeliveryStatus::Withdrawn));
        assert_eq!(store.next_due().await.unwrap(), None);
        assert_eq!(store.pending_deliveries().await.unwrap(), 0);
        assert!(store.redeliver("msg_nope", t0()).await.unwrap().is_none());
    }
}

/// When the worker takes an event, a webhook deactivated since gets a withdrawn delivery and a deleted one none;
/// an event's deliveries are taken together, about as many as there is room for.
#[tokio::test]
async fn taking_owed_events_follows_the_webhooks_as_they_are_now() {
    for (store, _database) in stores().await {
        let backend = store.backend();
        let host = user(&store, "host").await;
        let a = webhook_at(&store, host, "a").await;
        let (off, gone) = (webhook_at(&store, host, "off").await, webhook_at(&store, host, "gone").await);
        let ids = enqueue_to(&store, host, &[a, off, gone], WebhookTrigger::BookingCreated, t0()).await;
        let more: Vec<Vec<String>> = {
            let mut more = Vec::new();
            for _ in 0..3 {
                more.push(enqueue_to(&store, host, &[a], WebhookTrigger::BookingCreated, t0()).await);
            }
            more
        };
        let patch = calends_domain::webhooks::WebhookPatch { active: Some(false), ..Default::default() };
        store.update_webhook(off, &patch, t0()).await.unwrap().unwrap();
        store.delete_webhook(gone).await.unwrap().unwrap();
        // Room for two: the first event, owing three, fills it and is taken whole: a's delivery is claimed, off's
        // withdrawn, gone's dropped.
        let claimed = store.claim_due(t0(), t0() + Duration::seconds(60), 2).await.unwrap();
        let claimed: Vec<&str> = claimed.iter().map(|o| o.delivery_id.as_str()).collect();
        assert_eq!(claimed, [ids[0].as_str()], "{backend:?}");
        assert_eq!(store.delivery(&ids[1]).await.unwrap().unwrap().status, DeliveryStatus::Withdrawn);
        assert!(store.delivery(&ids[2]).await.unwrap().is_none(), "the deleted webhook's delivery is gone");
        assert_eq!(store.pending_deliveries().await.unwrap(), 4, "1 in flight, 3 owed");
        let rest = store.claim_due(t0(), t0() + Duration::seconds(60), 10).await.unwrap();
        let mut rest: Vec<String> = rest.into_iter().map(|o| o.delivery_id).collect();
        rest.sort();
        assert_eq!(rest, more.concat(), "{backend:?}");
    }
}

/// A webhook deleted while its deliveries are in flight takes them with it; their results are dropped and the
/// other results of the same batch are still recorded.
#[tokio::test]
async fn results_of_deliveries_deleted_in_flight_do_not_sink_their_batch() {
    for (store, _database) in stores().await {
        let host = user(&store, "host").await;
        let gone = webhook(&store, host).await;
        let kept = webhook_at(&store, host, "kept").await;
        let doomed = enqueue(&store, host, gone, 1, WebhookTrigger::BookingCreated, t0()).await;
        let alive = enqueue(&store, host, kept, 1, WebhookTrigger::BookingCreated, t0()).await;
        assert_eq!(store.claim_due(t0(), t0() + Duration::seconds(60), 10).await.unwrap().len(), 2);
        store.delete_webhook(gone).await.unwrap().unwrap();
        let results = [result(&doomed[0], Outcome::Delivered), result(&alive[0], Outcome::Delivered)];
        store.record_attempts(&results, t0()).await.unwrap();
        assert!(store.delivery(&doomed[0]).await.unwrap().is_none(), "{:?}", store.backend());
        let delivered = store.delivery(&alive[0]).await.unwrap().unwrap();
        assert_eq!((delivered.status, delivered.attempts), (DeliveryStatus::Delivered, 1), "{:?}", store.backend());
    }
}

/// One batch moves each delivery on as its own result says: delivered, due again when its retry is, given up. One
/// another worker delivered meanwhile stays delivered and is not rescheduled; one deleted meanwhile is dropped; one
/// with two results in the batch (sent again after its lease ran out) counts both, in order. Each recorded attempt
/// is kept as it was sent (error and body cut to their limits).
#[tokio::test]
async fn one_batch_moves_each_delivery_on_as_its_result_says() {
    for (store, _database) in stores().await {
        let backend = store.backend();
        let host = user(&store, "host").await;
        let hook = webhook(&store, host).await;
        let gone = webhook_at(&store, host, "gone").await;
        let ids = enqueue(&store, host, hook, 5, WebhookTrigger::BookingCreated, t0()).await;
        let (delivered, retried, given_up, taken_over, twice) = (&ids[0], &ids[1], &ids[2], &ids[3], &ids[4]);
        let doomed = &enqueue(&store, host, gone, 1, WebhookTrigger::BookingCreated, t0()).await[0];
        let lease = Duration::seconds(60);
        assert_eq!(store.claim_due(t0(), t0() + lease, 10).await.unwrap().len(), 6);
        // The lease runs out while the attempts are in flight: another worker takes them all over and delivers one
        // at once; `gone` is deleted with its delivery.
        let after = t0() + Duration::seconds(61);
        assert_eq!(store.claim_due(after, after + lease, 10).await.unwrap().len(), 6);
        store.record_attempts(&[result(taken_over, Outcome::Delivered)], after).await.unwrap();
        store.delete_webhook(gone).await.unwrap().unwrap();

        // The first worker's batch, in no particular order.
        let retry_at = after + Duration::minutes(5);
        let mut batch = vec![
            result(twice, Outcome::Retry(retry_at)),
            result(doomed, Outcome::Delivered),
            result(given_up, Outcome::GaveUp),
            result(taken_over, Outcome::Retry(retry_at)),
            result(retried, Outcome::Retry(retry_at)),
            result(twice, Outcome::Delivered),
            result(delivered, Outcome::Delivered),
        ];
        for (i, r) in batch.iter_mut().enumerate() {
            r.attempt.duration_ms = 100 + i as i64;
        }
        // 1,200 bytes of three-byte characters: cut to the last whole one within 1,000.
        (batch[2].attempt.status_code, batch[2].attempt.error) = (None, Some("€".repeat(400)));
        batch[4].attempt.response_body = Some("x".repeat(RESPONSE_BODY_LIMIT + 10));
        store.record_attempts(&batch, after).await.unwrap();

        let listed: HashMap<String, (Delivery, Vec<Attempt>)> =
            store.deliveries(hook, 10, 0).await.unwrap().into_iter().map(|(d, a)| (d.id.clone(), (d, a))).collect();
        let state = |id: &str| {
            let d = &listed[id].0;
            (d.status, d.attempts, d.next_attempt_at, d.updated_at)
        };
        assert_eq!(state(delivered), (DeliveryStatus::Delivered, 1, t0(), after), "{backend:?}");
        assert_eq!(state(retried), (DeliveryStatus::Pending, 1, retry_at, after), "{backend:?}");
        assert_eq!(state(given_up), (DeliveryStatus::Failed, 1, t0(), after), "{backend:?}");
        assert_eq!(state(taken_over), (DeliveryStatus::Delivered, 2, t0(), after), "{backend:?}");
        // Its retry was recorded first (due then), then its delivery.
        assert_eq!(state(twice), (DeliveryStatus::Delivered, 2, retry_at, after), "{backend:?}");
        assert!(store.delivery(doomed).await.unwrap().is_none(), "{backend:?}");

        let durations = |id: &str| listed[id].1.iter().map(|a| a.duration_ms).collect::<Vec<_>>();
        assert_eq!(durations(delivered), [106], "{backend:?}");
        assert_eq!(durations(retried), [104], "{backend:?}");
        assert_eq!(durations(given_up), [102], "{backend:?}");
        assert_eq!(durations(taken_over), [5, 103], "the other worker's first, {backend:?}");
        assert_eq!(durations(twice), [100, 105], "{backend:?}");
        assert_eq!(listed[delivered].1, [batch[6].attempt.clone()], "{backend:?}");
        let gave_up = &listed[given_up].1[0];
        assert_eq!((gave_up.status_code, gave_up.error.clone()), (None, Some("€".repeat(333))), "{backend:?}");
        let body = listed[retried].1[0].response_body.as_deref();
        assert_eq!(body.map(str::len), Some(RESPONSE_BODY_LIMIT), "{backend:?}");

        assert_eq!(store.pending_deliveries().await.unwrap(), 1, "{backend:?}");
        assert_eq!(store.next_claimable().await.unwrap(), Some(retry_at), "no lease left, {backend:?}");
    }
}

/// A batch of more results than one statement records (1,000) is recorded whole.
#[tokio::test]
async fn a_batch_larger_than_one_statement_is_recorded_whole() {
    for (store, _database) in stores().await {
        let backend = store.backend();
        let host = user(&store, "host").await;
        let hook = webhook(&store, host).await;
        let ids = enqueue(&store, host, hook, 2_345, WebhookTrigger::BookingCreated, t0()).await;
        let claimed = store.claim_due(t0(), t0() + Duration::seconds(60), 3_000).await.unwrap();
        assert_eq!(claimed.len(), ids.len(), "{backend:?}");
        // Every third one fails and is due again; the batch comes in reverse.
        let retry_at = t0() + Duration::minutes(1);
        let fails = |i: usize| i.is_multiple_of(3);
        let outcome = |i: usize| if fails(i) { Outcome::Retry(retry_at) } else { Outcome::Delivered };
        let results: Vec<AttemptResult> = ids
            .iter()
            .enumerate()
            .rev()
            .map(|(i, id)| {
                let mut r = result(id, outcome(i));
                r.attempt.duration_ms = i as i64;
                r
            })
            .collect();
        store.record_attempts(&results, t0()).await.unwrap();

        let listed = store.deliveries(hook, 3_000, 0).await.unwrap();
        assert_eq!(listed.len(), ids.len(), "{backend:?}");
        let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
        for (d, attempts) in &listed {
            let i = index[d.id.as_str()];
            let (status, next) =
                if fails(i) { (DeliveryStatus::Pending, retry_at) } else { (DeliveryStatus::Delivered, t0()) };
            assert_eq!((d.status, d.attempts, d.next_attempt_at), (status, 1, next), "{backend:?} {}", d.id);
            assert_eq!(attempts.iter().map(|a| a.duration_ms).collect::<Vec<_>>(), [i as i64], "{backend:?}");
        }
        assert_eq!(store.pending_deliveries().await.unwrap(), 782, "{backend:?}");
    }
}

/// PostgreSQL, a connection of its own in a transaction that deletes webhook `id` and waits to commit.
async fn deleting_webhook(url: &str, id: i64) -> sqlx::PgConnection {
    use sqlx::{Connection, Executor};
    let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
    conn.execute("BEGIN").await.unwrap();
    sqlx::query("DELETE FROM webhooks WHERE id = $1").bind(id).execute(&mut conn).await.unwrap();
    conn
}

async fn commit(mut conn: sqlx::PgConnection) {
    use sqlx::Executor;
    conn.execute("COMMIT").await.unwrap();
}

/// PostgreSQL only: a store on a fresh database with webhooks `kept` and `gone` of one host and an event owing one
/// delivery to each (their ids, in that order); the database, and `gone`'s id.
async fn owing_kept_and_gone() -> Option<(Store, calends_store::testing::Database, i64, Vec<String>)> {
    let db = Cluster::shared()?.create_database();
    let store = Store::open(&StoreOptions::new(db.url())).await.unwrap();
    let host = user(&store, "host").await;
    let (kept, gone) = (webhook_at(&store, host, "kept").await, webhook_at(&store, host, "gone").await);
    let ids = enqueue_to(&store, host, &[kept, gone], WebhookTrigger::BookingCreated, t0()).await;
    Some((store, db, gone, ids))
}

/// PostgreSQL: a webhook deleted while the worker writes the deliveries an event owes it (read as existing, gone
/// by the time its rows are checked) does not fail the claim: it starts over and takes the rest.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_deleted_while_its_owed_deliveries_are_taken_does_not_fail_the_claim() {
    let Some((store, db, gone, ids)) = owing_kept_and_gone().await else { return };
    let deleting = deleting_webhook(db.url(), gone).await;
    let claim = tokio::spawn({
        let store = store.clone();
        async move { store.claim_due(t0(), t0() + Duration::seconds(60), 10).await }
    });
    // The claim reads the webhook (its deletion is not committed) and waits for the deletion at its insert.
    tokio::time::sleep(StdDuration::from_millis(300)).await;
    commit(deleting).await;
    let claimed = claim.await.unwrap().unwrap();
    let claimed: Vec<&str> = claimed.iter().map(|o| o.delivery_id.as_str()).collect();
    assert_eq!(claimed, [ids[0].as_str()]);
    assert!(store.delivery(&ids[1]).await.unwrap().is_none());
}

/// PostgreSQL: a webhook deleted while the results of its deliveries are being recorded takes them with it; the
/// batch is recorded without them, at the first try.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_deleted_while_its_results_are_recorded_does_not_fail_the_batch() {
    let Some((store, db, gone, ids)) = owing_kept_and_gone().await else { return };
    assert_eq!(store.claim_due(t0(), t0() + Duration::seconds(60), 10).await.unwrap().len(), 2);
    let deleting = deleting_webhook(db.url(), gone).await;
    let record = tokio::spawn({
        let store = store.clone();
        let results = [result(&ids[0], Outcome::Delivered), result(&ids[1], Outcome::Delivered)];
        async move { store.record_attempts(&results, t0()).await }
    });
    tokio::time::sleep(StdDuration::from_millis(300)).await;
    commit(deleting).await;
    record.await.unwrap().unwrap();
    let delivered = store.delivery(&ids[0]).await.unwrap().unwrap();
    assert_eq!((delivered.status, delivered.attempts), (DeliveryStatus::Delivered, 1));
    assert!(store.delivery(&ids[1]).await.unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_hosts_booking_transactions_run_one_at_a_time() {
    for (store, _database) in stores().await {
        let (ada, bob) = (user(&store, "ada").await, user(&store, "bob").await);
        let first = store.booking_tx(ada).await.unwrap();
        let entered = Arc::new(AtomicBool::new(false));
        let second = tokio::spawn({
            let (store, entered) = (store.clone(), entered.clone());
            async move {
                let tx = store.booking_tx(ada).await.unwrap();
                entered.store(true, Ordering::SeqCst);
                tx.commit().await.unwrap();
            }
        });
        tokio::time::sleep(StdDuration::from_millis(300)).await;
        assert!(!entered.load(Ordering::SeqCst), "{:?}: a second transaction of the host ran", store.backend());
        if store.backend() == Backend::Postgres {
            // Another host's transaction does not wait (on SQLite every write transaction waits for the writer).
            let other = tokio::time::timeout(StdDuration::from_secs(5), store.booking_tx(bob)).await;
            other.expect("another host is not blocked").unwrap().commit().await.unwrap();
        }
        first.commit().await.unwrap();
        second.await.unwrap();
        assert!(entered.load(Ordering::SeqCst));
    }
}

/// A transaction over several hosts (a team booking) holds each host's lock, taken with its `BEGIN`: a
/// transaction of any one of them waits for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_transaction_over_several_hosts_holds_each_hosts_lock() {
    for (store, _database) in stores().await {
        let (ada, bob, cy) = (user(&store, "ada").await, user(&store, "bob").await, user(&store, "cy").await);
        // Out of order and repeated: locked once each, in id order.
        let first = store.booking_tx_of(&[cy, ada, cy]).await.unwrap();
        let waiting = |host: i64| {
            let store = store.clone();
            tokio::spawn(async move { store.booking_tx(host).await.unwrap().commit().await.unwrap() })
        };
        let (for_ada, for_cy) = (waiting(ada), waiting(cy));
        tokio::time::sleep(StdDuration::from_millis(300)).await;
        assert!(
            !for_ada.is_finished() && !for_cy.is_finished(),
            "{:?}: a locked host's transaction ran",
            store.backend()
        );
        if store.backend() == Backend::Postgres {
            let other = tokio::time::timeout(StdDuration::from_secs(5), store.booking_tx(bob)).await;
            other.expect("a host outside the set is not blocked").unwrap().commit().await.unwrap();
        }
        first.commit().await.unwrap();
        for_ada.await.unwrap();
        for_cy.await.unwrap();
    }
}

/// The store remembers the longest busy span it committed, to skip updates that change nothing; a transaction that
/// rolls back must teach it nothing, or a later booking as long would not be recorded and its busy time missed.
#[tokio::test]
async fn a_rolled_back_long_booking_does_not_hide_the_next_one() {
    for (store, _database) in stores().await {
        let host = user(&store, "host").await;
        let day = |d: i64| t0() + Duration::days(d);
        let long = |uid: &str, d: i64| {
            let mut b = booking(host, uid, day(d), "Ann");
            b.busy_end = b.end + Duration::days(30);
            b
        };
        let mut tx = store.booking_tx(host).await.unwrap();
        tx.insert(&long("dropped", 1), t0()).await.unwrap();
        drop(tx);
        let mut tx = store.booking_tx(host).await.unwrap();
        tx.insert(&long("kept", 2), t0()).await.unwrap();
        tx.commit().await.unwrap();
        // Day 20 lies in the kept booking's buffer only.
        let found = store.busy_from_bookings(host, day(20), day(21), None, None, None).await.unwrap();
        assert_eq!(found.len(), 1, "{:?}", store.backend());
        assert_eq!(found[0].start, day(2));
        // And a third as long, after the span is known, is found as well.
        let mut tx = store.booking_tx(host).await.unwrap();
        tx.insert(&long("third", 3), t0()).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(store.busy_from_bookings(host, day(20), day(21), None, None, None).await.unwrap().len(), 2);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_idempotency_key_is_claimed_once() {
    for (store, _database) in stores().await {
        let (ada, bob) = (user(&store, "ada").await, user(&store, "bob").await);
        let reply = |hash: &str| IdempotentReply { request_hash: hash.into(), status: 201, response: hash.into() };
        let mut first = store.booking_tx(ada).await.unwrap();
        first.save_idempotent_reply("key-1", &reply("first"), t0()).await.unwrap();
        // The second one (of another host, so it does not wait for the first's host) waits for the first's key and
        // fails once it commits; the failed statement ends its transaction on PostgreSQL, so the stored reply is
        // read outside it.
        let second = tokio::spawn({
            let store = store.clone();
            async move {
                let mut tx = store.booking_tx(bob).await.unwrap();
                let saved = tx.save_idempotent_reply("key-1", &reply("second"), t0()).await;
                drop(tx);
                (saved.is_ok(), store.idempotent_reply("key-1").await.unwrap())
            }
        });
        tokio::time::sleep(StdDuration::from_millis(200)).await;
        first.commit().await.unwrap();
        let (saved, stored) = second.await.unwrap();
        assert!(!saved, "{:?}", store.backend());
        assert_eq!(stored, Some(reply("first")));
    }
}

fn booking(host: i64, uid: &str, start: DateTime<Utc>, attendee: &str) -> NewBooking {
    NewBooking {
        uid: uid.into(),
        event_type_id: 1,
        event_type_slug: "consult".into(),
        host_id: host,
        status: BookingStatus::Accepted,
        title: "Consult".into(),
        description: None,
        start,
        end: start + Duration::minutes(30),
        busy_start: start,
        busy_end: start + Duration::minutes(30),
        location: None,
        metadata: Default::default(),
        responses: Default::default(),
        guests: Vec::new(),
        rescheduling_reason: None,
        rescheduled_by: None,
        rescheduled_from_uid: None,
        recurring_uid: None,
        seats_per_slot: None,
        team_id: None,
        co_hosts: Vec::new(),
        attendees: vec![NewAttendee {
            name: attendee.into(),
            email: format!("{uid}@Example.com"),
            time_zone: "UTC".into(),
            language: None,
            phone_number: None,
            is_guest: false,
            seat_uid: None,
            seat_responses: None,
            seat_metadata: None,
        }],
    }
}

#[tokio::test]
async fn filters_count_and_match_alike() {
    for (store, _database) in stores().await {
        let host = user(&store, "host").await;
        let mut tx = store.booking_tx(host).await.unwrap();
        let names = ["100%_sure\\", "100 sure", "Zoë Ünal", "1000 surely"];
        for (i, name) in names.iter().enumerate() {
            tx.insert(&booking(host, &format!("b{i}"), t0() + Duration::hours(i as i64), name), t0()).await.unwrap();
        }
        tx.commit().await.unwrap();
        let find = |name: Option<&str>, email: Option<&str>| BookingFilter {
            host_id: host,
            now: t0(),
            attendee_name: name.map(str::to_owned),
            attendee_email: email.map(str::to_owned),
            take: 10,
            ..Default::default()
        };
        let uids = |(found, total): (Vec<calends_domain::bookings::Booking>, i64)| {
            assert_eq!(found.len() as i64, total);
            found.into_iter().map(|b| b.uid).collect::<Vec<_>>()
        };
        // `%`, `_` and `\` match themselves, not as wildcards.
        assert_eq!(
            uids(store.list_bookings(&find(Some("0%_S"), None)).await.unwrap()),
            ["b0"],
            "{:?}",
            store.backend()
        );
        assert_eq!(uids(store.list_bookings(&find(Some("sure\\"), None)).await.unwrap()), ["b0"]);
        assert_eq!(uids(store.list_bookings(&find(Some("0 sure"), None)).await.unwrap()), ["b1", "b3"]);
        assert_eq!(uids(store.list_bookings(&find(Some("zoë"), None)).await.unwrap()), ["b2"]);
        assert_eq!(uids(store.list_bookings(&find(None, Some("B1@example.COM"))).await.unwrap()), ["b1"]);
        assert_eq!(uids(store.list_bookings(&find(None, None)).await.unwrap()).len(), 4);
        // MIN over no rows is NULL, COUNT over none is 0.
        assert_eq!(store.next_due().await.unwrap(), None);
        assert_eq!(store.pending_deliveries().await.unwrap(), 0);
        assert_eq!(store.count_users().await.unwrap(), 1);
    }
}

/// Busy time is looked up in a bounded range of the index: from the window's start minus the host's longest busy
/// span. A booking whose buffers make it long still counts far from its start; a short one counts only where it is.
#[tokio::test]
async fn busy_time_finds_long_spans_and_only_overlapping_ones() {
    for (store, _database) in stores().await {
        let host = user(&store, "host").await;
        let day = |d: i64| t0() + Duration::days(d);
        let mut tx = store.booking_tx(host).await.unwrap();
        let mut short = booking(host, "short", day(0), "Ann");
        short.busy_end = short.end + Duration::minutes(10);
        tx.insert(&short, t0()).await.unwrap();
        // Thirty days of after-buffer: busy until day 30.
        let mut long = booking(host, "long", day(1), "Bob");
        long.busy_end = long.end + Duration::days(30);
        tx.insert(&long, t0()).await.unwrap();
        // After the long one: the recorded span must not shrink.
        tx.insert(&booking(host, "later", day(40), "Cy"), t0()).await.unwrap();
        tx.commit().await.unwrap();
        let busy = |from: DateTime<Utc>, to: DateTime<Utc>| {
            let store = store.clone();
            async move { store.busy_from_bookings(host, from, to, None, None, None).await.unwrap() }
        };
        // Day 20: only the long booking's buffer.
        let found = busy(day(20), day(21)).await;
        assert_eq!(found.len(), 1, "{:?}", store.backend());
        assert_eq!((found[0].start, found[0].end), (day(1), day(1) + Duration::minutes(30) + Duration::days(30)));
        // Around the short booking: it and the long one's start are not in [day 0 + 1 h, day 0 + 2 h).
        assert!(busy(day(0) + Duration::hours(1), day(0) + Duration::hours(2)).await.is_empty());
        assert_eq!(busy(day(0), day(0) + Duration::minutes(35)).await.len(), 1);
        // Day 40: the later booking alone.
        assert_eq!(busy(day(40), day(41)).await.len(), 1);
        assert!(busy(day(35), day(39)).await.is_empty());
    }
}

/// A created booking is answered from what was written, without reading it back: it must be exactly what reading
/// it back gives.
#[tokio::test]
async fn an_inserted_booking_is_what_reading_it_back_gives() {
    for (store, _database) in stores().await {
        let host = user(&store, "host").await;
        let mut new = booking(host, "full", t0() + Duration::milliseconds(1234), "Ann");
        new.busy_start = new.start - Duration::minutes(5);
        new.description = Some("notes".into());
        new.location = Some("https://meet.example.com/x".into());
        new.metadata = json!({"z": "1", "a": "2"}).as_object().unwrap().clone();
        new.responses = json!({"name": "Ann", "notes": {"nested": [1, 2]}}).as_object().unwrap().clone();
        new.guests = vec!["guest@example.com".into()];
        new.rescheduled_from_uid = Some("old".into());
        new.recurring_uid = Some("series".into());
        new.seats_per_slot = Some(3);
        let mut guest = new.attendees[0].clone();
        guest.email = "guest@example.com".into();
        guest.is_guest = true;
        guest.seat_uid = Some("seat-1".into());
        guest.seat_responses = Some(json!({"q": "a"}).as_object().unwrap().clone());
        new.attendees.push(guest);
        let now = t0() + Duration::nanoseconds(987_654_321);
        let mut tx = store.booking_tx(host).await.unwrap();
        let inserted = tx.insert(&new, now).await.unwrap();
        let read = tx.booking_by_id(inserted.id).await.unwrap().unwrap();
        tx.commit().await.unwrap();
        assert_eq!(inserted, read, "{:?}", store.backend());
        assert_eq!(store.booking("full").await.unwrap().unwrap(), read);
    }
}

/// A batch of one host's creates (PostgreSQL) writes its bookings, attendees and events in one statement under
/// ids taken with the busy time: each is what reading it back gives, the events owe their deliveries, and a batch that
/// fails on a uid collision writes nothing.
#[tokio::test]
async fn bookings_written_together_are_what_reading_them_back_gives() {
    let Some(cluster) = Cluster::shared() else { return };
    let db = cluster.create_database();
    let store = Store::open(&StoreOptions::new(db.url())).await.unwrap();
    let host = user(&store, "host").await;
    let hook = webhook(&store, host).await;
    let now = t0() + Duration::nanoseconds(987_654_321);
    let mut rich = booking(host, "rich", t0() + Duration::milliseconds(1234), "Ann");
    rich.busy_start = rich.start - Duration::minutes(5);
    rich.description = Some("notes".into());
    rich.metadata = json!({"z": "1", "a": "2"}).as_object().unwrap().clone();
    rich.responses = json!({"name": "Ann", "notes": {"nested": [1, 2]}}).as_object().unwrap().clone();
    rich.guests = vec!["guest@example.com".into()];
    let mut guest = rich.attendees[0].clone();
    guest.email = "guest@example.com".into();
    guest.is_guest = true;
    rich.attendees.push(guest);
    // A span longer than any before: the host's longest busy span grows with it.
    rich.busy_end = rich.end + Duration::hours(30);
    let plain = booking(host, "plain", t0() + Duration::days(3), "Bob");
    // A booking made before, in the window read.
    let slot = t0() + Duration::days(1);
    let mut tx = store.booking_tx(host).await.unwrap();
    tx.insert(&booking(host, "before", slot, "Eve"), now).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.booking_tx(host).await.unwrap();
    let window = (t0(), t0() + Duration::days(2));
    let read = tx.busy_of_hosts(&[HostRead { host_id: host, window, now, mark: None }], (2, 3)).await.unwrap();
    assert_eq!(read.busy, [[Interval { start: slot, end: slot + Duration::minutes(30) }]]);
    let (ids, attendee_ids) = (read.booking_ids, read.attendee_ids);
    assert_eq!((ids.len(), attendee_ids.len()), (2, 3));
    let written = [rich.written(ids[0], &attendee_ids[..2], now), plain.written(ids[1], &attendee_ids[2..], now)];
    let event = NewEvent {
        trigger: WebhookTrigger::BookingCreated,
        payload: json!({"bookingId": ids[0]}).to_string(),
        booking_uid: Some("rich".into()),
        created_at: now,
        due_at: now,
    };
    let pairs = [(&rich, &written[0]), (&plain, &written[1])];
    tx.insert_many(&pairs, &[(event, vec![hook])], &mut || "msg_batch".to_owned()).await.unwrap();
    tx.commit().await.unwrap();
    for booking in &written {
        assert_eq!(store.booking(&booking.uid).await.unwrap().as_ref(), Some(booking));
    }
    let delivery = store.delivery("msg_batch").await.unwrap().expect("the event owes its delivery");
    assert_eq!((delivery.webhook_id, delivery.status), (hook, DeliveryStatus::Pending));
    // The long booking is found from a window that starts after its start.
    let later = rich.start + Duration::hours(20);
    let busy = store.busy_from_bookings(host, later, later + Duration::hours(1), None, None, None).await.unwrap();
    assert_eq!(busy.len(), 1, "{busy:?}");

    // A uid already taken: nothing of the batch is written.
    let mut tx = store.booking_tx(host).await.unwrap();
    let read = tx.busy_of_hosts(&[HostRead { host_id: host, window, now, mark: None }], (2, 2)).await.unwrap();
    let (ids, attendee_ids) = (read.booking_ids, read.attendee_ids);
    assert!(ids[0] > written[1].id, "fresh ids");
    let fresh = booking(host, "fresh", t0() + Duration::days(5), "Cy");
    let again = booking(host, "plain", t0() + Duration::days(6), "Di");
    let written = [fresh.written(ids[0], &attendee_ids[..1], now), again.written(ids[1], &attendee_ids[1..], now)];
    let failed = tx.insert_many(&[(&fresh, &written[0]), (&again, &written[1])], &[], &mut || unreachable!()).await;
    assert!(matches!(failed, Err(calends_domain::Error::Conflict(_))), "{failed:?}");
    drop(tx);
    assert_eq!(store.booking("fresh").await.unwrap(), None);

    // SQLite writes each create in its own transaction: no ids taken ahead there.
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Store::open(&StoreOptions::new(dir.path().join("t.db").to_string_lossy())).await.unwrap();
    let host = user(&sqlite, "host").await;
    let mut tx = sqlite.booking_tx(host).await.unwrap();
    assert!(tx.busy_of_hosts(&[HostRead { host_id: host, window, now, mark: None }], (1, 1)).await.is_err());
}

/// A batch of several hosts' creates (PostgreSQL) reads each host's busy time apart in one statement, and writes
/// their bookings together, each host's longest busy span kept current.
#[tokio::test]
async fn a_batch_of_several_hosts_reads_each_hosts_busy_time_and_writes_them_together() {
    let Some(cluster) = Cluster::shared() else { return };
    let db = cluster.create_database();
    let store = Store::open(&StoreOptions::new(db.url())).await.unwrap();
    let (ann, bob, cy) = (user(&store, "ann").await, user(&store, "bob").await, user(&store, "cy").await);
    let now = t0();
    let slot = |days| t0() + Duration::days(days);
    for (host, uid, start) in [(ann, "ann-before", slot(1)), (bob, "bob-before", slot(2)), (cy, "cy-before", slot(1))] {
        let mut tx = store.booking_tx(host).await.unwrap();
        tx.insert(&booking(host, uid, start, "Eve"), now).await.unwrap();
        tx.commit().await.unwrap();
    }
    let half_hour = |start| Interval { start, end: start + Duration::minutes(30) };

    let mut tx = store.booking_tx_of(&[bob, ann]).await.unwrap();
    let reads = [
        HostRead { host_id: bob, window: (slot(0), slot(3)), now, mark: None },
        HostRead { host_id: ann, window: (slot(0), slot(3)), now, mark: None },
    ];
    let read = tx.busy_of_hosts(&reads, (2, 2)).await.unwrap();
    assert_eq!(read.busy, [vec![half_hour(slot(2))], vec![half_hour(slot(1))]], "each host's own, none of cy's");
    assert_eq!(read.marks, [None, None]);
    let (ids, attendee_ids) = (read.booking_ids, read.attendee_ids);
    assert_eq!((ids.len(), attendee_ids.len()), (2, 2));
    // Bob's booking is longer than any of his before (ann's is not): his longest busy span grows.
    let mut long = booking(bob, "bob-long", slot(5), "Di");
    long.busy_end = long.end + Duration::hours(30);
    let short = booking(ann, "ann-short", slot(5), "Fay");
    let written = [long.written(ids[0], &attendee_ids[..1], now), short.written(ids[1], &attendee_ids[1..], now)];
    tx.insert_many(&[(&long, &written[0]), (&short, &written[1])], &[], &mut || unreachable!()).await.unwrap();
    tx.commit().await.unwrap();
    for booking in &written {
        assert_eq!(store.booking(&booking.uid).await.unwrap().as_ref(), Some(booking));
    }
    let later = long.start + Duration::hours(20);
    let busy = store.busy_from_bookings(bob, later, later + Duration::hours(1), None, None, None).await.unwrap();
    assert_eq!(busy.len(), 1, "bob's long booking is found from after its start: {busy:?}");
    let busy = store.busy_from_bookings(ann, later, later + Duration::hours(1), None, None, None).await.unwrap();
    assert!(busy.is_empty(), "{busy:?}");
}

/// Several hosts' busy time read at once (a team's slots) is what reading each host's alone gives: their own and
/// co-hosted bookings, seats of the event type left out, the booking being moved and the booker's own reservation
/// left out, other reservations held at `now` in; on both backends (PostgreSQL reads them in one statement).
#[tokio::test]
async fn busy_time_of_several_hosts_read_at_once_is_each_hosts_own() {
    use calends_domain::reservations::NewReservation;
    use calends_store::{BusyRead, HeldAt};

    for (store, _database) in stores().await {
        let (ann, bob, cy) = (user(&store, "ann").await, user(&store, "bob").await, user(&store, "cy").await);
        let slot = |days, hours| t0() + Duration::days(days) + Duration::hours(hours);
        let half_hour = |start| Interval { start, end: start + Duration::minutes(30) };
        let insert = |new: NewBooking| {
            let store = store.clone();
            async move {
                let mut tx = store.booking_tx_of(&[new.host_id]).await.unwrap();
                let id = tx.insert(&new, t0()).await.unwrap().id;
                tx.commit().await.unwrap();
                id
            }
        };
        insert(booking(ann, "ann-own", slot(1, 0), "Eve")).await;
        let moved = insert(booking(ann, "ann-moved", slot(1, 1), "Eve")).await;
        insert(booking(bob, "bob-own", slot(2, 0), "Eve")).await;
        let mut seated = booking(bob, "bob-seated", slot(2, 1), "Eve");
        (seated.event_type_id, seated.seats_per_slot) = (7, Some(3));
        insert(seated).await;
        let mut team = booking(cy, "cy-team", slot(1, 2), "Eve");
        team.co_hosts = vec![ann];
        insert(team).await;
        let config = calends_domain::event_types::EventTypeConfig {
            title: "Consult".into(),
            slug: "consult".into(),
            ..Default::default()
        };
        let event_type = store.create_event_type(bob, &config, t0()).await.unwrap().id;
        let hold = |host, start, minutes| NewReservation {
            event_type_id: event_type,
            host_id: host,
            slot_start: start,
            slot_end: start + Duration::minutes(30),
            reserved_until: t0() + Duration::minutes(minutes),
        };
        store.create_reservation("bob-held", &hold(bob, slot(2, 3), 60), t0()).await.unwrap();
        store.create_reservation("bob-mine", &hold(bob, slot(2, 4), 60), t0()).await.unwrap();
        store.create_reservation("cy-expired", &hold(cy, slot(1, 5), 1), t0()).await.unwrap();

        let window = (slot(0, 0), slot(3, 0));
        let reads = [
            BusyRead { host_id: ann, window, seated_event_type: None },
            BusyRead { host_id: bob, window, seated_event_type: Some(7) },
            BusyRead { host_id: cy, window: (slot(1, 1), slot(3, 0)), seated_event_type: None },
        ];
        let held = HeldAt { now: t0() + Duration::minutes(5), except_uid: Some("bob-mine") };
        let mut read = store.busy_of_many(&reads, Some(moved), held).await.unwrap();
        for busy in &mut read {
            busy.sort_by_key(|i| i.start);
        }
        let backend = store.backend();
        assert_eq!(
            read,
            [
                vec![half_hour(slot(1, 0)), half_hour(slot(1, 2))],
                vec![half_hour(slot(2, 0)), half_hour(slot(2, 3))],
                vec![half_hour(slot(1, 2))],
            ],
            "{backend:?}"
        );
        for (r, busy) in reads.iter().zip(&read) {
            let (from, to) = r.window;
            let mut alone = store
                .busy_from_bookings(r.host_id, from, to, Some(moved), r.seated_event_type, Some(held))
                .await
                .unwrap();
            alone.sort_by_key(|i| i.start);
            assert_eq!(&alone, busy, "{backend:?}");
        }
        // In a booking transaction too.
        let mut tx = store.booking_tx_of(&[ann, bob, cy]).await.unwrap();
        let mut in_tx = tx.busy_of_many(&reads, Some(moved), held).await.unwrap();
        for busy in &mut in_tx {
            busy.sort_by_key(|i| i.start);
        }
        assert_eq!(in_tx, read, "{backend:?}");
    }
}

/// A booking read with its host in one statement is the booking read alone (attendees in order, co-hosts) and the
/// host's user row; an unknown uid is none; on both backends.
#[tokio::test]
async fn a_booking_read_with_its_host_is_the_booking_and_the_host() {
    for (store, _database) in stores().await {
        let (ann, bob) = (user(&store, "ann").await, user(&store, "bob").await);
        let profile = calends_domain::teams::TeamProfile::default();
        let team_id = store.create_team("crew", "Crew", &profile, ann, t0()).await.unwrap().id;
        let mut team = booking(ann, "team", t0(), "Eve");
        (team.team_id, team.co_hosts) = (Some(team_id), vec![bob]);
        let mut guest = team.attendees[0].clone();
        (guest.name, guest.email, guest.is_guest) = ("Guest".into(), "guest@example.com".into(), true);
        team.attendees.push(guest);
        for new in [team, booking(bob, "plain", t0() + Duration::hours(1), "Cy")] {
            let mut tx = store.booking_tx_of(&[new.host_id]).await.unwrap();
            tx.insert(&new, t0()).await.unwrap();
            tx.commit().await.unwrap();
        }
        let backend = store.backend();
        for (uid, host) in [("team", ann), ("plain", bob)] {
            let (read, read_host) = store.booking_with_host(uid).await.unwrap().expect("the booking exists");
            assert_eq!(Some(read), store.booking(uid).await.unwrap(), "{backend:?}");
            assert_eq!(Some(read_host), store.user(host).await.unwrap(), "{backend:?}");
        }
        let (team, _) = store.booking_with_host("team").await.unwrap().unwrap();
        let names: Vec<&str> = team.attendees.iter().map(|a| a.name.as_str()).collect();
        assert_eq!((names, team.co_hosts.len()), (vec!["Eve", "Guest"], 1), "{backend:?}");
        assert!(store.booking_with_host("unknown").await.unwrap().is_none(), "{backend:?}");
    }
}

/// PostgreSQL: what a create reads comes with the mark of its rows; the mark moves with every change to any of them
/// (the event type, its owner, its schedules, the webhooks that hear of it), through any path, and not with the
/// bookings made; the batch's busy-time statement reads the same mark. SQLite has no marks.
#[tokio::test]
async fn create_inputs_carry_a_mark_every_change_to_their_rows_moves() {
    use calends_domain::event_types::EventTypeConfig;
    use calends_domain::schedules::{ScheduleSpec, WeeklyHours};
    use calends_domain::users::UserPatch;
    use calends_domain::webhooks::WebhookPatch;

    let Some(cluster) = Cluster::shared() else { return };
    let db = cluster.create_database();
    let store = Store::open(&StoreOptions::new(db.url())).await.unwrap();
    let host = user(&store, "host").await;
    let other = user(&store, "other").await;
    let spec = |name: &str, end_minute| ScheduleSpec {
        name: name.into(),
        time_zone: "UTC".into(),
        weekly: vec![WeeklyHours { days: vec![calends_model::common::WeekDay::Monday], start_minute: 0, end_minute }],
        overrides: Vec::new(),
    };
    let default = store.create_schedule(host, &spec("Default", 600), true, t0()).await.unwrap();
    let own = store.create_schedule(host, &spec("Own", 600), false, t0()).await.unwrap();
    let config = EventTypeConfig {
        title: "Consult".into(),
        slug: "consult".into(),
        schedule_id: Some(own.id),
        ..Default::default()
    };
    let event_type = store.create_event_type(host, &config, t0()).await.unwrap();
    let hook = webhook(&store, host).await;

    let inputs = store.create_inputs(event_type.id).await.unwrap().expect("the event type exists");
    assert_eq!((inputs.event_type.id, inputs.owner.id), (event_type.id, host));
    assert_eq!(inputs.own_schedule.as_ref().map(|s| s.id), Some(own.id));
    assert_eq!(inputs.default_schedule.as_ref().map(|s| s.id), Some(default.id));
    assert_eq!(inputs.subscribers, [(hook, vec![WebhookTrigger::BookingCreated])]);
    let of = inputs.mark.of;
    assert_eq!(of.schedule_ids, [own.id, default.id]);
    // The mark as a batch's busy-time statement reads it, in its transaction under the host's lock.
    let mark_now = async || {
        let mut tx = store.booking_tx(host).await.unwrap();
        let window = (t0(), t0() + Duration::days(2));
        let reads = [HostRead { host_id: host, window, now: t0(), mark: Some(&of) }];
        let mut read = tx.busy_of_hosts(&reads, (1, 1)).await.unwrap();
        tx.commit().await.unwrap();
        read.marks.pop().flatten().expect("the mark asked for")
    };
    assert_eq!(mark_now().await, inputs.mark.digest, "nothing changed");
    assert_eq!(store.create_inputs(9999).await.unwrap().map(|i| i.event_type.id), None);

    // Bookings, and other users' rows, leave it.
    let mut tx = store.booking_tx(host).await.unwrap();
    tx.insert(&booking(host, "made", t0() + Duration::days(1), "Ann"), t0()).await.unwrap();
    tx.commit().await.unwrap();
    webhook(&store, other).await;
    let patch = UserPatch { name: Some("Someone".into()), ..Default::default() };
    store.update_user(other, &patch, t0()).await.unwrap();
    assert_eq!(mark_now().await, inputs.mark.digest, "bookings and other users' rows");

    // Each change moves it, and a fresh read carries the new mark. (Rows changed back to what they were give the
    // mark they had: the inputs are the same.)
    let mut last = inputs.mark.digest.clone();
    let mut moved = async |what: &str| {
        let now = mark_now().await;
        assert_ne!(now, last, "{what} left the mark as it was");
        let fresh = store.create_inputs(event_type.id).await.unwrap().unwrap();
        assert_eq!((fresh.mark.of, fresh.mark.digest.as_str()), (of, now.as_str()), "{what}");
        last = now;
    };
    let mut changed = config.clone();
    changed.minimum_booking_notice = 5;
    store.update_event_type(event_type.id, &changed, t0()).await.unwrap();
    moved("an event type change").await;
    let patch = UserPatch { name: Some("Host".into()), ..Default::default() };
    store.update_user(host, &patch, t0()).await.unwrap();
    moved("an owner change").await;
    store.update_schedule(own.id, &spec("Own", 660), false, t0()).await.unwrap();
    moved("a change to the event type's schedule").await;
    store.update_schedule(default.id, &spec("Default", 660), false, t0()).await.unwrap();
    moved("a change to the default schedule").await;
    let added = webhook_at(&store, host, "added").await;
    moved("a new webhook").await;
    let patch = WebhookPatch { active: Some(false), ..Default::default() };
    store.update_webhook(added, &patch, t0()).await.unwrap();
    moved("a webhook deactivated").await;
    store.delete_webhook(added).await.unwrap();
    moved("a webhook deleted").await;
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(db.url()).await.unwrap();
    sqlx::query("UPDATE schedules SET overrides = '[]', name = 'By hand' WHERE id = $1")
        .bind(own.id)
        .execute(&mut conn)
        .await
        .unwrap();
    moved("a change made by hand").await;

    // SQLite: none.
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Store::open(&StoreOptions::new(dir.path().join("t.db").to_string_lossy())).await.unwrap();
    assert!(sqlite.create_inputs(1).await.is_err());
}

/// A delivery due again (a retry) of a webhook deactivated since is withdrawn by the claim that would have taken
/// it, not sent; the claim takes the others due, and the withdrawn delivery is not due any more.
#[tokio::test]
async fn a_due_delivery_of_a_webhook_deactivated_since_is_withdrawn_by_the_claim() {
    for (store, _database) in stores().await {
        let backend = store.backend();
        let host = user(&store, "host").await;
        let (on, off) = (webhook_at(&store, host, "on").await, webhook_at(&store, host, "off").await);
        let ids = enqueue_to(&store, host, &[on, off], WebhookTrigger::BookingCreated, t0()).await;
        let lease = t0() + Duration::seconds(60);
        assert_eq!(store.claim_due(t0(), lease, 10).await.unwrap().len(), 2, "{backend:?}");
        let retry_at = t0() + Duration::seconds(5);
        let failed: Vec<AttemptResult> = ids.iter().map(|id| result(id, Outcome::Retry(retry_at))).collect();
        store.record_attempts(&failed, t0()).await.unwrap();
        let patch = calends_domain::webhooks::WebhookPatch { active: Some(false), ..Default::default() };
        store.update_webhook(off, &patch, t0()).await.unwrap().unwrap();

        let claimed = store.claim_due(retry_at, retry_at + Duration::seconds(60), 10).await.unwrap();
        let claimed: Vec<&str> = claimed.iter().map(|o| o.delivery_id.as_str()).collect();
        assert_eq!(claimed, [ids[0].as_str()], "{backend:?}");
        let withdrawn = store.delivery(&ids[1]).await.unwrap().unwrap();
        assert_eq!(withdrawn.status, DeliveryStatus::Withdrawn, "{backend:?}");
        store.record_attempts(&[result(&ids[0], Outcome::Delivered)], retry_at).await.unwrap();
        let later = retry_at + Duration::hours(1);
        assert!(store.claim_due(later, later + Duration::seconds(60), 10).await.unwrap().is_empty(), "{backend:?}");
    }
}

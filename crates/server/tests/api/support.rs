//! An in-process instance of the real application over a fresh database, with a manual clock and a first user.
//!
//! The suite runs twice: on SQLite files, and (`all_tests_again_on_postgres`) once more in a child process with
//! `CALENDS_TEST_BACKEND=postgres`, where each test gets a fresh database of one throwaway PostgreSQL cluster.
//! `CALENDS_TEST_BACKEND=postgres cargo test -p calends-server --test api <filter>` runs chosen tests on PostgreSQL.

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::test::{self, TestRequest};
use calends_delivery::DeliveryWorker;
use calends_domain::Clock;
use calends_domain::users::{User, validate_new};
use calends_server::bootstrap::{create_api_key, ensure_first_user};
use calends_server::{AppState, build_app};
use calends_store::testing::{self, Cluster};
use calends_store::{Backend, Store, StoreOptions};
use chrono::{TimeZone, Utc};
use serde_json::Value;

pub struct TestApp<S> {
    service: S,
    pub store: Store,
    pub clock: Clock,
    /// The first user and their key.
    pub user: User,
    pub key: String,
    /// Removes the database when the test ends: its directory (SQLite) or the database on the server.
    _database: Box<dyn std::any::Any>,
}

/// What a request got back.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The `error.message` of an error envelope.
    pub fn message(&self) -> &str {
        self.body["error"]["message"].as_str().unwrap_or_default()
    }
}

pub async fn spawn()
-> TestApp<impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>> {
    spawn_with(|state| state).await
}

/// An app whose webhooks are delivered by a real worker (to private addresses too: the test receiver is local),
/// polling often so tests that move the manual clock see deliveries quickly.
pub async fn spawn_delivering()
-> TestApp<impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>> {
    spawn_with(|state| {
        let config = calends_delivery::Config {
            allow_private_targets: true,
            poll_interval: std::time::Duration::from_millis(20),
            timeout: std::time::Duration::from_secs(2),
            ..Default::default()
        };
        let worker = DeliveryWorker::start(state.store.clone(), state.clock.clone(), config).unwrap();
        let state = state.allowing_private_webhook_targets(true).with_delivery_waker(worker.waker());
        WORKERS.with(|w| w.borrow_mut().push(worker));
        state
    })
    .await
}

/// An app with rate limits (requests per minute per key, and per address without one) on the manual clock.
pub async fn spawn_limited(
    per_key: u32,
    anonymous: u32,
) -> TestApp<impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>> {
    spawn_with(move |state| {
        let limits = calends_server::limits::RateLimits::new(per_key, anonymous, state.clock.clone());
        state.with_rate_limits(limits)
    })
    .await
}

thread_local! {
    /// Workers live as long as the test thread (each test runs on its own thread).
    static WORKERS: std::cell::RefCell<Vec<DeliveryWorker>> = const { std::cell::RefCell::new(Vec::new()) };
}

async fn spawn_with(
    configure: impl FnOnce(AppState) -> AppState,
) -> TestApp<impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>> {
    let (store, database) = open_store().await;
    let clock = Clock::manual(Utc.with_ymd_and_hms(2030, 1, 7, 8, 0, 0).unwrap());
    let first = ensure_first_user(&store, &clock).await.unwrap().expect("empty database");
    let state = configure(AppState::new(store.clone(), clock.clone()));
    let service = test::init_service(build_app(state)).await;
    TestApp { service, store, clock, user: first.user, key: first.api_key, _database: database }
}

/// A fresh database on this process's backend, and what removes it when dropped.
pub async fn open_store() -> (Store, Box<dyn std::any::Any>) {
    match testing::backend() {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::open(&StoreOptions::new(dir.path().join("test.db").to_string_lossy())).await.unwrap();
            (store, Box::new(dir))
        }
        Backend::Postgres => {
            let cluster = Cluster::shared().expect("CALENDS_TEST_BACKEND=postgres needs PostgreSQL");
            let database = cluster.create_database();
            (Store::open(&StoreOptions::new(database.url())).await.unwrap(), Box::new(database))
        }
    }
}

/// Whether this run is the suite's PostgreSQL run.
pub fn on_postgres() -> bool {
    testing::backend() == Backend::Postgres
}

/// The in-process application, whatever its concrete service type.
pub trait Svc: Service<Request, Response = ServiceResponse<Self::Body>, Error = actix_web::Error> {
    type Body: MessageBody;
}

impl<S, B: MessageBody> Svc for S
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
{
    type Body = B;
}

impl<S> TestApp<S> {
    /// The test database's URL on the PostgreSQL run; `None` on SQLite.
    pub fn postgres_url(&self) -> Option<&str> {
        self._database.downcast_ref::<calends_store::testing::Database>().map(|d| d.url())
    }
}

impl<S: Svc> TestApp<S> {
    pub async fn send(&self, req: TestRequest) -> Reply {
        let res = test::call_service(&self.service, req.to_request()).await;
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = test::read_body(res).await;
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Reply { status, headers, body }
    }

    /// `req` with the first user's key.
    pub async fn send_as(&self, key: &str, req: TestRequest) -> Reply {
        self.send(req.insert_header(("Authorization", format!("Bearer {key}")))).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send_as(&self.key, TestRequest::get().uri(path)).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.send_as(&self.key, TestRequest::delete().uri(path)).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send_as(&self.key, TestRequest::post().uri(path).set_json(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Reply {
        self.send_as(&self.key, TestRequest::patch().uri(path).set_json(body)).await
    }

    /// Creates another user with a key.
    pub async fn other_user(&self, username: &str) -> (User, String) {
        let new = validate_new(username, &format!("{username}@example.com"), None, "Europe/Berlin").unwrap();
        let user = self.store.create_user(&new, self.clock.now()).await.unwrap();
        let key = create_api_key(&self.store, &self.clock, user.id, None, None).await.unwrap();
        (user, key)
    }
}

/// Asserts an error envelope with `status` and `code`, and returns it.
#[track_caller]
pub fn assert_error(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status.as_u16(), status, "{:#}", reply.body);
    assert_eq!(reply.body["status"], "error", "{:#}", reply.body);
    assert_eq!(reply.body["error"]["code"], code, "{:#}", reply.body);
    assert!(reply.body["timestamp"].as_str().is_some_and(|t| t.ends_with('Z')), "{:#}", reply.body);
    assert!(reply.body["path"].as_str().is_some_and(|p| p.starts_with('/')), "{:#}", reply.body);
    assert!(reply.headers.contains_key("x-request-id"));
}

/// Asserts a 400 whose details name exactly `fields`.
#[track_caller]
pub fn assert_invalid(reply: &Reply, fields: &[&str]) {
    assert_error(reply, 400, "BadRequestException");
    let named: Vec<&str> = reply.body["error"]["details"]["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no details.errors in {:#}", reply.body))
        .iter()
        .map(|e| e["property"].as_str().unwrap())
        .collect();
    assert_eq!(named, fields, "{:#}", reply.body);
}

/// Polls every future together until all are done: the requests are in flight at the same time.
pub async fn join_all<F: std::future::Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    use std::task::Poll;
    let mut pending: Vec<std::pin::Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut results: Vec<Option<F::Output>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut all_done = true;
        for (future, result) in pending.iter_mut().zip(results.iter_mut()) {
            if result.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => *result = Some(value),
                    Poll::Pending => all_done = false,
                }
            }
        }
        if all_done { Poll::Ready(()) } else { Poll::Pending }
    })
    .await;
    results.into_iter().map(|r| r.expect("every future finished")).collect()
}

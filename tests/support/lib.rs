//! Starting the real Calends server (HTTP over TCP) on an ephemeral port, for tests that drive it from the outside
//! through the generated client. Its database is a fresh SQLite file, or with `CALENDS_TEST_BACKEND=postgres` a
//! fresh database of a throwaway PostgreSQL cluster (see `calends_store::testing`; [`rerun_on_postgres`] runs a
//! suite again that way).

use std::net::SocketAddr;
use std::thread::JoinHandle;

use actix_web::dev::ServerHandle;
use calends_domain::Clock;
use calends_server::ServeConfig;
pub use calends_store::testing::rerun_on_postgres;
use calends_store::testing::{self, Cluster, Database};
use tempfile::TempDir;

pub struct TestServer {
    pub addr: SocketAddr,
    /// The key the first start printed.
    pub key: String,
    /// The database the server runs on (a SQLite file or a PostgreSQL URL).
    pub database_url: String,
    handle: ServerHandle,
    thread: Option<JoinHandle<()>>,
    _dir: TempDir,
    /// The PostgreSQL database, dropped after the server stopped.
    _database: Option<Database>,
}

impl TestServer {
    /// Starts a server on `127.0.0.1:0` over a fresh database in a temporary directory.
    pub fn start() -> TestServer {
        Self::start_with_workers(1)
    }

    /// Like [`TestServer::start`], with `workers` HTTP worker threads.
    pub fn start_with_workers(workers: usize) -> TestServer {
        let dir = tempfile::tempdir().expect("temporary directory");
        let database = match testing::backend() {
            calends_store::Backend::Sqlite => None,
            calends_store::Backend::Postgres => {
                Some(Cluster::shared().expect("CALENDS_TEST_BACKEND=postgres needs PostgreSQL").create_database())
            }
        };
        let database_url = match &database {
            Some(database) => database.url().to_owned(),
            None => dir.path().join("calends.db").to_string_lossy().into_owned(),
        };
        let config = ServeConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: database_url.clone(),
            workers,
            db_pool_size: 4,
            handle_signals: false,
            ..ServeConfig::default()
        };
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let running = match calends_server::app::start(&config, Clock::system()).await {
                    Ok(running) => running,
                    Err(e) => {
                        let _ = tx.send(Err(e.to_string()));
                        return;
                    }
                };
                let key = running.first_run.as_ref().map(|f| f.api_key.clone()).unwrap_or_default();
                let _ = tx.send(Ok((running.addr, key, running.handle())));
                running.wait().await.expect("server runs");
            })
        });
        let (addr, key, handle) = rx.recv().expect("server thread reports").expect("server starts");
        TestServer { addr, key, database_url, handle, thread: Some(thread), _dir: dir, _database: database }
    }

    /// Creates another user directly in the server's database (the API has no operation that creates users), as
    /// `calends users create` does, with an API key; returns the user's id and a client authenticated as them.
    pub async fn create_user(&self, username: &str) -> (i64, calends_client::Client) {
        let store = calends_store::Store::open(&calends_store::StoreOptions::new(&self.database_url))
            .await
            .expect("open the server's database");
        let new = calends_domain::users::validate_new(username, &format!("{username}@example.com"), None, "UTC")
            .expect("valid user");
        let clock = Clock::system();
        let user = store.create_user(&new, clock.now()).await.expect("create user");
        let key = calends_server::bootstrap::create_api_key(&store, &clock, user.id, None, None).await.expect("key");
        store.close().await;
        (user.id, calends_client::with_api_key(&self.base_url(), &key).expect("client builds"))
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A generated client authenticated with the first key.
    pub fn client(&self) -> calends_client::Client {
        calends_client::with_api_key(&self.base_url(), &self.key).expect("client builds")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        // Sends the stop command now; the server thread finishes in-flight requests and exits.
        drop(self.handle.stop(true));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

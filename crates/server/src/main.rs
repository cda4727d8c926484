//! `calends`: the server binary and its administrative commands.

use std::net::SocketAddr;
use std::time::Duration;

use calends_domain::{Clock, users};
use calends_server::bootstrap::create_api_key;
use calends_server::{ServeConfig, run};
use calends_store::{Store, StoreOptions};
use clap::{Parser, Subcommand};

/// The server allocates many small, short-lived values per request on every worker thread; glibc's malloc made
/// them contend on arena locks (futex waits in profiles) and kept freed heap after start-up.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "calends",
    version,
    about = "A self-hostable scheduling API server, wire-compatible with the Cal.com API v2"
)]
struct Cli {
    /// Address to listen on.
    #[arg(long, env = "CALENDS_LISTEN", default_value = "127.0.0.1:8080", global = true)]
    listen: SocketAddr,
    /// Database: a SQLite file path (or `sqlite://path.db`), or a PostgreSQL URL
    /// (`postgres://user:password@host:5432/database`), which several instances may share.
    #[arg(long, env = "CALENDS_DATABASE_URL", default_value = "./calends.db", global = true)]
    database_url: String,
    /// HTTP worker threads (0: one per CPU).
    #[arg(long, env = "CALENDS_WORKERS", default_value_t = 0, global = true)]
    workers: usize,
    /// Database connections: SQLite's reader pool (writes use one more), or this instance's PostgreSQL pool.
    #[arg(long, env = "CALENDS_DB_POOL_SIZE", default_value_t = 8, global = true)]
    db_pool_size: u32,
    /// Deliver webhooks to loopback and private addresses (local development, tests). Refused by default.
    #[arg(long, env = "CALENDS_ALLOW_PRIVATE_WEBHOOK_TARGETS", global = true)]
    allow_private_webhook_targets: bool,
    /// Seconds one webhook delivery attempt may take.
    #[arg(long, env = "CALENDS_DELIVERY_TIMEOUT_SECONDS", default_value_t = 10, global = true)]
    delivery_timeout_seconds: u64,
    /// Webhook deliveries in flight at once.
    #[arg(long, env = "CALENDS_DELIVERY_CONCURRENCY", default_value_t = 256, global = true)]
    delivery_concurrency: usize,
    /// Requests per minute per API key (a key may have its own, see `api-keys create --rate-limit`); 0: no limit.
    #[arg(long, env = "CALENDS_RATE_LIMIT_PER_MINUTE", default_value_t = 120, global = true)]
    rate_limit_per_minute: u32,
    /// Requests per minute per client address without a valid API key; 0: no limit.
    #[arg(long, env = "CALENDS_ANONYMOUS_RATE_LIMIT_PER_MINUTE", default_value_t = 120, global = true)]
    anonymous_rate_limit_per_minute: u32,
    /// Seconds a claimed delivery belongs to this instance before another may take it over.
    #[arg(long, env = "CALENDS_DELIVERY_LEASE_SECONDS", default_value_t = 60, global = true)]
    delivery_lease_seconds: u64,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default).
    Serve,
    /// Manage users.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Manage API keys.
    ApiKeys {
        #[command(subcommand)]
        command: ApiKeysCommand,
    },
}

#[derive(Subcommand)]
enum UsersCommand {
    /// Create a user.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: Option<String>,
        /// IANA time zone of the user.
        #[arg(long, default_value = "UTC")]
        time_zone: String,
    },
}

#[derive(Subcommand)]
enum ApiKeysCommand {
    /// Issue an API key for a user and print it (it is shown once).
    Create {
        /// Username of the key's owner.
        #[arg(long)]
        user: String,
        /// Days until the key expires; without it the key never expires.
        #[arg(long)]
        days_valid: Option<i64>,
        /// This key's rate limit in requests per minute (default: the server's `--rate-limit-per-minute`).
        #[arg(long)]
        rate_limit: Option<u32>,
    },
}

/// Logs to stderr, filtered by `RUST_LOG` (`level` and `target=level` directives, comma-separated), or by
/// `info,sqlx=warn` when it is unset or unreadable. Targets-only filtering: EnvFilter's span and field directives
/// compile regular expressions, whose engine would be most of the code this process touches at start.
fn init_logging() {
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::prelude::*;
    let filter = std::env::var("RUST_LOG")
        .ok()
        .and_then(|directives| directives.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(tracing::Level::INFO).with_target("sqlx", tracing::Level::WARN));
    tracing_subscriber::registry()
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
        .with(filter)
        .init();
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    init_logging();
    let cli = Cli::parse();
    let config = ServeConfig {
        listen: cli.listen,
        database_url: cli.database_url.clone(),
        workers: cli.workers,
        db_pool_size: cli.db_pool_size,
        handle_signals: true,
        allow_private_webhook_targets: cli.allow_private_webhook_targets,
        delivery: calends_delivery::Config {
            concurrency: cli.delivery_concurrency.max(1),
            timeout: Duration::from_secs(cli.delivery_timeout_seconds.max(1)),
            lease: Duration::from_secs(cli.delivery_lease_seconds.max(1)),
            ..calends_delivery::Config::default()
        },
        rate_limit_per_minute: cli.rate_limit_per_minute,
        anonymous_rate_limit_per_minute: cli.anonymous_rate_limit_per_minute,
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => run(&config).await,
        Command::Users { command: UsersCommand::Create { username, email, name, time_zone } } => {
            let store = Store::open(&StoreOptions::new(&cli.database_url)).await?;
            let new = users::validate_new(&username, &email, name.as_deref(), &time_zone)?;
            let user = store.create_user(&new, Clock::system().now()).await?;
            println!("created user {} (id {}, {})", user.username, user.id, user.email);
            store.close().await;
            Ok(())
        }
        Command::ApiKeys { command: ApiKeysCommand::Create { user, days_valid, rate_limit } } => {
            let store = Store::open(&StoreOptions::new(&cli.database_url)).await?;
            let owner =
                store.user_by_username(&user).await?.ok_or_else(|| anyhow::anyhow!("no user named `{user}`"))?;
            let key = create_api_key(&store, &Clock::system(), owner.id, days_valid, rate_limit).await?;
            println!("{key}");
            eprintln!("API key for {} created; it is shown once, only its hash is stored.", owner.username);
            store.close().await;
            Ok(())
        }
    }
}

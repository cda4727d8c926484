//! Assembling the application: routes, the spec, Swagger UI, the edge middleware; and running the HTTP server.

use std::io::Write;
use std::net::SocketAddr;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServerHandle, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{App, HttpRequest, HttpServer, web};
use calends_delivery::DeliveryWorker;
use calends_domain::Clock;
use calends_model::openapi::ApiDoc;
use calends_store::{Backend, Store, StoreOptions};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::bootstrap::{self, FirstRun};
use crate::config::ServeConfig;
use crate::error::{ApiError, BODY_LIMIT};
use crate::limits::RateLimits;
use crate::state::AppState;
use crate::{edge, extract, routes};

/// The OpenAPI document of every route, as served at `/openapi.json`.
pub fn api_doc() -> utoipa::openapi::OpenApi {
    let (_, api) =
        App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(routes::configure).split_for_parts();
    unions_as_any_of(api)
}

/// Writes every union as `anyOf` instead of utoipa's `oneOf`. The server's unions are untagged: a value is read as
/// the first variant it fits, and some variants are supersets of others (a recurring booking is a booking plus its
/// `recurringBookingUid`; `{"disabled": true}` also fits an all-optional settings object). `oneOf` would call such
/// values invalid; `anyOf` says what is true.
fn unions_as_any_of(mut api: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{AnyOfBuilder, Schema};
    if let Some(components) = api.components.as_mut() {
        for schema in components.schemas.values_mut() {
            if let RefOr::T(Schema::OneOf(one_of)) = schema {
                let any_of = AnyOfBuilder::new()
                    .description(one_of.description.clone())
                    .discriminator(one_of.discriminator.clone());
                let any_of = one_of.items.iter().cloned().fold(any_of, |b, item| b.item(item));
                *schema = RefOr::T(Schema::AnyOf(any_of.build()));
            }
        }
    }
    api
}

/// `/openapi.json`: the checked-in document, which `cargo xtask codegen` writes from [`api_doc`] and whose drift
/// the tests catch (`cargo xtask codegen --check`, and a test that the served document is the generated one).
/// Serving the file costs nothing; generating the document allocates ~20 MB for a moment, which the allocator kept.
const SERVED_SPEC: &[u8] = include_bytes!("../../../openapi/calends.json");

async fn openapi_json() -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok().content_type("application/json").body(web::Bytes::from_static(SERVED_SPEC))
}

async fn route_not_found(req: HttpRequest) -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::RouteNotFound { method: req.method().to_string(), path: req.path().to_owned() })
}

/// The complete application for one worker.
pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    // Metrics are recorded from the first request on.
    crate::metrics::handle();
    App::new()
        .configure(routes::configure_server)
        .app_data(web::Data::new(state))
        .app_data(extract::path_config())
        .app_data(web::PayloadConfig::new(BODY_LIMIT))
        .service(web::redirect("/docs", "/docs/").permanent())
        .service(web::resource("/openapi.json").get(openapi_json))
        .service(SwaggerUi::new("/docs/{_:.*}").config(utoipa_swagger_ui::Config::new(["/openapi.json"])))
        .default_service(web::to(route_not_found))
        .wrap(from_fn(edge::edge))
}

/// A started server: bound, migrated, bootstrapped, serving, delivering.
pub struct Running {
    pub addr: SocketAddr,
    /// Set when this start created the first user and key.
    pub first_run: Option<FirstRun>,
    pub store: Store,
    server: Server,
    worker: DeliveryWorker,
}

impl Running {
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until the server stops (SIGINT/SIGTERM or [`ServerHandle::stop`]); in-flight requests finish first,
    /// then the delivery worker finishes its attempts in flight. Deliveries still due stay for the next start.
    pub async fn wait(self) -> std::io::Result<()> {
        let result = self.server.await;
        let worker = self.worker;
        // Joining the worker's threads blocks; do it off the async runtime.
        let _ = actix_web::rt::task::spawn_blocking(move || worker.stop()).await;
        self.store.close().await;
        result
    }
}

/// Opens the database (applying migrations), binds the listener and starts serving.
pub async fn start(config: &ServeConfig, clock: Clock) -> anyhow::Result<Running> {
    let options = StoreOptions { url: config.database_url.clone(), max_connections: config.db_pool_size };
    let store = Store::open(&options).await?;
    // One SQLite file has one server: leases left by a process that died are void, so its deliveries go out now.
    if store.backend() == Backend::Sqlite {
        store.release_delivery_leases().await?;
    }
    let mut delivery = config.delivery.clone();
    delivery.allow_private_targets = config.allow_private_webhook_targets;
    let worker = DeliveryWorker::start(store.clone(), clock.clone(), delivery).map_err(anyhow::Error::msg)?;
    let limits = RateLimits::new(config.rate_limit_per_minute, config.anonymous_rate_limit_per_minute, clock.clone());
    let state = AppState::new(store.clone(), clock.clone())
        .allowing_private_webhook_targets(config.allow_private_webhook_targets)
        .with_delivery_waker(worker.waker())
        .with_rate_limits(limits);
    // Limits of callers that went quiet are forgotten, so memory follows active callers only.
    let housekeeping = state.limits.clone();
    actix_web::rt::spawn(async move {
        loop {
            actix_web::rt::time::sleep(std::time::Duration::from_secs(60)).await;
            housekeeping.forget_idle();
        }
    });
    let mut server = HttpServer::new(move || build_app(state.clone())).shutdown_timeout(30);
    if config.workers > 0 {
        server = server.workers(config.workers);
    }
    if !config.handle_signals {
        server = server.disable_signals();
    }
    let server = server.bind(config.listen)?;
    let addr = server.addrs().first().copied().unwrap_or(config.listen);
    let first_run = bootstrap::ensure_first_user(&store, &clock).await?;
    Ok(Running { addr, first_run, store, server: server.run(), worker })
}

/// Starts the server and serves until it is stopped.
pub async fn run(config: &ServeConfig) -> anyhow::Result<()> {
    let running = start(config, Clock::system()).await?;
    let base = format!("http://{}", running.addr);
    let mut banner = String::new();
    if let Some(first) = &running.first_run {
        banner.push_str("Calends started on an empty database and created the first user and API key:\n");
        banner
            .push_str(&format!("  user:       {} (id {}, {})\n", first.user.username, first.user.id, first.user.email));
        banner.push_str(&format!("  API key:    {}\n", first.api_key));
        banner.push_str("  This key is shown once; only its SHA-256 hash is stored.\n");
    }
    banner.push_str(&format!("  Swagger UI: {base}/docs/\n  OpenAPI:    {base}/openapi.json\n"));
    banner.push_str(&format!("Calends listening on {base}\n"));
    // A closed stdout (the output piped to a process that went away) must not stop the server.
    let mut out = std::io::stdout();
    let _ = out.write_all(banner.as_bytes()).and_then(|()| out.flush());
    tracing::info!(addr = %running.addr, database = %calends_store::redact_url(&config.database_url), "serving");
    running.wait().await?;
    tracing::info!("stopped");
    Ok(())
}

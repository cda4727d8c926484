use actix_web::{HttpResponse, get, web};
use calends_model::health::HealthOutput;

use crate::docs::ServiceUnavailable;
use crate::error::ApiError;
use crate::metrics;
use crate::state::AppState;

/// Readiness: the database answers and every migration is applied.
#[utoipa::path(
    operation_id = "health_ready",
    tag = "Health",
    summary = "Readiness check",
    description = "Calends extension. 200 when the database answers and its migrations are applied; 503 otherwise, \
for load balancers to take the instance out of rotation.",
    responses((status = 200, description = "Ready", body = HealthOutput), ServiceUnavailable)
)]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let unavailable = |why: String| ApiError::Unavailable(why);
    state.store.ping().await.map_err(|e| unavailable(format!("database unreachable: {e}")))?;
    if !state.store.migrations_applied().await.map_err(|e| unavailable(e.to_string()))? {
        return Err(unavailable("database migrations are not all applied".into()));
    }
    Ok(HttpResponse::Ok().content_type("application/json").body(r#"{"status":"ready"}"#))
}

/// Prometheus metrics in the text exposition format.
#[utoipa::path(
    operation_id = "health_metrics",
    tag = "Health",
    summary = "Prometheus metrics",
    description = "Calends extension. Requests by route and status, request latency, pending webhook deliveries, \
delivery attempts by outcome and database connections, in Prometheus' text format.",
    responses((status = 200, description = "Metrics", content_type = "text/plain", body = String))
)]
#[get("/metrics")]
pub async fn metrics_text(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let pending = state.store.pending_deliveries().await?;
    ::metrics::gauge!("calends_webhook_deliveries_pending").set(pending as f64);
    let pool = state.store.pool_stats();
    ::metrics::gauge!("calends_db_connections", "state" => "open").set(f64::from(pool.open));
    ::metrics::gauge!("calends_db_connections", "state" => "idle").set(pool.idle as f64);
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(metrics::handle().render()))
}

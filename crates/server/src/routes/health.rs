use actix_web::{HttpResponse, get};
use calends_model::health::HealthOutput;

/// Liveness: the process answers. Needs no key and touches no database.
#[utoipa::path(
    operation_id = "health_get",
    tag = "Health",
    summary = "Liveness check",
    responses((status = 200, description = "The server is up", body = HealthOutput))
)]
#[get("/health")]
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(r#"{"status":"ok"}"#)
}

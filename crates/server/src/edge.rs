//! The edge of every request: a request id on every response, the Cal.com error envelope on every error, and one
//! log line per request. This is the only place error bodies are written.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use calends_domain::Error;
use calends_domain::times::iso_utc;
use calends_model::error::{ErrorBody, ErrorResponse, ErrorStatus};

use crate::error::{ApiError, code_of};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// An id the client sent that is safe to echo, if any.
fn incoming_id(req: &ServiceRequest) -> Option<String> {
    let value = req.headers().get(&REQUEST_ID)?.to_str().ok()?;
    let ok = (1..=128).contains(&value.len())
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
    ok.then(|| value.to_owned())
}

fn new_id() -> String {
    format!("{:032x}", rand::random::<u128>())
}

pub async fn edge(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let request_id = incoming_id(&req).unwrap_or_else(new_id);
    // Handlers and extractors turn their errors into responses, which carry the error; an `Err` here could only
    // come from an inner middleware, and there are none.
    let res = next.call(req).await?.map_into_boxed_body();
    let status = res.status();
    let mut res = if status.is_client_error() || status.is_server_error() { envelope(res, &request_id) } else { res };
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    tracing::info!(
        target: "calends::http",
        request_id = %request_id,
        method = %res.request().method(),
        path = %res.request().path(),
        status = status.as_u16(),
        micros = started.elapsed().as_micros() as u64,
    );
    Ok(res)
}

/// Replaces the body of an error response with the envelope.
fn envelope(res: ServiceResponse<BoxBody>, request_id: &str) -> ServiceResponse<BoxBody> {
    let status = res.status();
    let body = match res.response().error() {
        Some(err) => match err.as_error::<ApiError>() {
            Some(api) => {
                if let ApiError::Domain(Error::Internal(detail)) = api {
                    tracing::error!(request_id, "internal error: {detail}");
                }
                api.body()
            }
            None => ErrorBody { code: code_of(status), message: err.to_string(), details: None },
        },
        None => ErrorBody {
            code: code_of(status),
            message: status.canonical_reason().unwrap_or("Error").to_owned(),
            details: None,
        },
    };
    let path =
        res.request().uri().path_and_query().map_or_else(|| res.request().path().to_owned(), |pq| pq.to_string());
    let envelope =
        ErrorResponse { status: ErrorStatus::Error, timestamp: iso_utc(chrono::Utc::now()), path, error: body };
    let json = serde_json::to_string(&envelope).unwrap_or_default();
    res.map_body(|head, _| {
        head.headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        BoxBody::new(json)
    })
}

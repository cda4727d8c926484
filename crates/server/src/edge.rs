//! The edge of every request: a request id on every response; the API key looked up once and the rate limit
//! applied; the Cal.com error envelope on every error; rate-limit headers; one log line and the request metrics.
//! This is the only place error bodies are written.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_TYPE, HeaderName, HeaderValue, RETRY_AFTER};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use calends_domain::Error;
use calends_domain::times::iso_utc;
use calends_model::error::{ErrorBody, ErrorResponse, ErrorStatus};

use crate::error::{ApiError, code_of};
use crate::extract::{AuthOutcome, authenticate, authorization};
use crate::limits::{Subject, Verdict};
use crate::metrics;
use crate::state::AppState;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
const LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
const REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
const RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

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

/// Authenticates the request's key (once, for the extractors and the limit) and counts it against its limit.
/// Returns the request to serve, or the 429 to answer instead.
async fn gate(req: ServiceRequest) -> (Result<ServiceRequest, ServiceResponse<BoxBody>>, Option<Verdict>) {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else { return (Ok(req), None) };
    let outcome = match authorization(req.request()) {
        None => None,
        Some(header) => Some(authenticate(&header, &state).await),
    };
    let subject = match &outcome {
        Some(Ok(auth)) => Subject::Key(auth.key.id),
        // Requests without a valid key count against their address (guessing keys too).
        _ => Subject::Address(req.peer_addr().map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |a| a.ip())),
    };
    let own_limit = match &outcome {
        Some(Ok(auth)) => auth.key.rate_limit_per_minute,
        _ => None,
    };
    let verdict = state.limits.check(subject, own_limit);
    if let Some(Verdict { limit, retry_after: Some(retry_after), .. }) = verdict {
        return (Err(req.error_response(ApiError::TooManyRequests { limit, retry_after })), verdict);
    }
    req.extensions_mut().insert(AuthOutcome(outcome));
    (Ok(req), verdict)
}

pub async fn edge(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let request_id = incoming_id(&req).unwrap_or_else(new_id);
    let (gated, verdict) = gate(req).await;
    let res = match gated {
        // Handlers and extractors turn their errors into responses, which carry the error; an `Err` here could
        // only come from an inner middleware, and there are none.
        Ok(req) => next.call(req).await?.map_into_boxed_body(),
        Err(refused) => refused,
    };
    let status = res.status();
    let mut res = if status.is_client_error() || status.is_server_error() { envelope(res, &request_id) } else { res };
    let headers = res.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        headers.insert(REQUEST_ID, value);
    }
    if let Some(v) = verdict {
        headers.insert(LIMIT, HeaderValue::from(v.limit));
        headers.insert(REMAINING, HeaderValue::from(v.remaining));
        headers.insert(RESET, HeaderValue::from(v.reset_seconds));
        if let Some(seconds) = v.retry_after {
            headers.insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
    }
    let elapsed = started.elapsed();
    let route = res.request().match_pattern();
    metrics::record_request(res.request().method().as_str(), route.as_deref(), status.as_u16(), elapsed);
    tracing::info!(
        target: "calends::http",
        request_id = %request_id,
        method = %res.request().method(),
        path = %res.request().path(),
        status = status.as_u16(),
        micros = elapsed.as_micros() as u64,
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

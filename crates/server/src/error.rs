//! The one conversion from errors to the wire: status code and `error` object. The envelope around it (timestamp,
//! path) is added by [`crate::edge`], which sees the request.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use calends_domain::Error;
use calends_model::error::{ErrorBody, ErrorCode, FieldErrorDetail};
use serde_json::json;

/// Largest request body accepted.
pub const BODY_LIMIT: usize = 1024 * 1024;

#[derive(Debug)]
pub enum ApiError {
    Domain(Error),
    PayloadTooLarge,
    UnsupportedMediaType(String),
    RouteNotFound {
        method: String,
        path: String,
    },
    TooManyRequests {
        limit: u32,
        retry_after: u64,
    },
    /// The server cannot serve now (database unreachable, migrations missing).
    Unavailable(String),
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError::Domain(e)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Domain(e) => e.fmt(f),
            ApiError::PayloadTooLarge => write!(f, "request body is larger than {BODY_LIMIT} bytes"),
            ApiError::UnsupportedMediaType(ct) => {
                write!(f, "request body must be application/json, got `{ct}`")
            }
            ApiError::RouteNotFound { method, path } => write!(f, "Cannot {method} {path}"),
            ApiError::Unavailable(why) => write!(f, "Service unavailable: {why}"),
            ApiError::TooManyRequests { limit, retry_after } => {
                write!(f, "Too many requests: the limit is {limit} per minute; retry in {retry_after} s")
            }
        }
    }
}

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Domain(e) => match e {
                Error::Invalid(_) | Error::BadRequest(_) => ErrorCode::BadRequest,
                Error::Unauthorized(_) => ErrorCode::Unauthorized,
                Error::Forbidden(_) => ErrorCode::Forbidden,
                Error::NotFound(_) => ErrorCode::NotFound,
                Error::Conflict(_) => ErrorCode::Conflict,
                Error::Internal(_) => ErrorCode::Internal,
            },
            ApiError::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            ApiError::UnsupportedMediaType(_) => ErrorCode::UnsupportedMediaType,
            ApiError::RouteNotFound { .. } => ErrorCode::NotFound,
            ApiError::TooManyRequests { .. } => ErrorCode::TooManyRequests,
            ApiError::Unavailable(_) => ErrorCode::ServiceUnavailable,
        }
    }

    /// The `error` object sent to the client. Internal detail stays in the log.
    pub fn body(&self) -> ErrorBody {
        let code = self.code();
        match self {
            ApiError::Domain(Error::Internal(_)) => ErrorBody {
                code,
                message: "Internal server error; the request id identifies the cause in the server log".into(),
                details: None,
            },
            ApiError::Domain(Error::Invalid(errors)) => ErrorBody {
                code,
                message: self.to_string(),
                details: Some(json!({
                    "errors": errors
                        .iter()
                        .map(|e| FieldErrorDetail { property: e.field.clone(), message: e.message.clone() })
                        .collect::<Vec<_>>()
                })),
            },
            _ => ErrorBody { code, message: self.to_string(), details: None },
        }
    }
}

/// The HTTP status of each error code.
pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::ServiceUnavailable => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// The error code for a status produced outside our handlers (the router, Swagger UI's file service).
pub fn code_of(status: StatusCode) -> ErrorCode {
    match status.as_u16() {
        401 => ErrorCode::Unauthorized,
        403 => ErrorCode::Forbidden,
        404 | 405 => ErrorCode::NotFound,
        409 => ErrorCode::Conflict,
        413 => ErrorCode::PayloadTooLarge,
        415 => ErrorCode::UnsupportedMediaType,
        429 => ErrorCode::TooManyRequests,
        503 => ErrorCode::ServiceUnavailable,
        s if s >= 500 => ErrorCode::Internal,
        _ => ErrorCode::BadRequest,
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        status_of(self.code())
    }

    /// The body is written by the edge middleware, which knows the request path.
    fn error_response(&self) -> HttpResponse {
        HttpResponse::new(self.status_code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_distinct_meaning() {
        for code in ErrorCode::ALL {
            let status = status_of(*code);
            assert!(status.is_client_error() || status.is_server_error(), "{code}");
            assert_eq!(code_of(status), *code, "{code} round-trips through its status");
        }
    }

    #[test]
    fn internal_detail_is_not_sent() {
        let body = ApiError::from(Error::Internal("database: disk I/O error at /var/lib".into())).body();
        assert!(!body.message.contains("disk"));
        assert_eq!(body.code, ErrorCode::Internal);
    }

    #[test]
    fn validation_errors_list_every_field() {
        let e = ApiError::from(Error::Invalid(vec![
            calends_domain::FieldError::new("a", "bad a"),
            calends_domain::FieldError::new("b", "bad b"),
        ]));
        let body = e.body();
        assert_eq!(body.message, "a: bad a; b: bad b");
        assert_eq!(body.details.unwrap()["errors"][1]["property"], "b");
    }
}

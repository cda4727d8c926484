//! The error envelope every failed request gets, and the exhaustive table of error codes.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The `status` of a failed response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum ErrorStatus {
    #[serde(rename = "error")]
    Error,
}

/// `{"status":"error","timestamp":...,"path":...,"error":{"code","message","details"}}`, as Cal.com answers errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ErrorResponse {
    pub status: ErrorStatus,
    /// When the error was produced (ISO 8601, UTC).
    #[schema(example = "2026-11-29T12:00:00.000Z")]
    pub timestamp: String,
    /// The request path (with its query string).
    #[schema(example = "/v2/webhooks")]
    pub path: String,
    pub error: ErrorBody,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// A human-readable explanation; for validation errors it names every bad field.
    pub message: String,
    /// Structured detail: for validation errors `{"errors":[{"property","message"}]}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

wire_enum! {
    /// Every error code the API returns. The names are Cal.com's exception class names; each maps to one HTTP status.
    pub enum ErrorCode {
        /// 400: the request is malformed or fails validation.
        BadRequest = "BadRequestException",
        /// 401: no API key, a malformed one, or one that is unknown, revoked or expired.
        Unauthorized = "UnauthorizedException",
        /// 403: the resource belongs to someone else.
        Forbidden = "ForbiddenException",
        /// 404: no such resource (or route).
        NotFound = "NotFoundException",
        /// 409: the request conflicts with existing data (for example a duplicate subscriber URL).
        Conflict = "ConflictException",
        /// 413: the body is larger than 1 MiB.
        PayloadTooLarge = "PayloadTooLargeException",
        /// 415: the body is not `application/json`.
        UnsupportedMediaType = "UnsupportedMediaTypeException",
        /// 429: too many requests.
        TooManyRequests = "TooManyRequestsException",
        /// 500: an unexpected failure; the detail is in the server log under the request id.
        Internal = "InternalServerErrorException",
        /// 503: the server is shutting down or its database is unreachable.
        ServiceUnavailable = "ServiceUnavailableException",
    }
}

/// One invalid field of a request, as listed in `error.details.errors`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FieldErrorDetail {
    /// The field's path in the request, e.g. `triggers[0]` or `take`.
    pub property: String,
    pub message: String,
}

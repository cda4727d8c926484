//! Reusable documented error responses for `#[utoipa::path(responses(...))]`. Every one is the error envelope.
#![allow(dead_code)] // the fields exist only to name the response body type for utoipa

use calends_model::error::ErrorResponse;
use utoipa::IntoResponses;

#[derive(IntoResponses)]
#[response(
    status = 400,
    description = "Invalid input: `error.message` and `error.details.errors` name every bad field"
)]
pub struct BadRequest(ErrorResponse);

#[derive(IntoResponses)]
#[response(status = 401, description = "No API key, or one that is malformed, unknown, revoked or expired")]
pub struct Unauthorized(ErrorResponse);

#[derive(IntoResponses)]
#[response(status = 403, description = "The resource belongs to another user")]
pub struct Forbidden(ErrorResponse);

#[derive(IntoResponses)]
#[response(status = 404, description = "No resource with this id")]
pub struct NotFound(ErrorResponse);

#[derive(IntoResponses)]
#[response(status = 409, description = "Conflicts with existing data")]
pub struct Conflict(ErrorResponse);

#[derive(IntoResponses)]
#[response(status = 413, description = "The body is larger than 1 MiB")]
pub struct PayloadTooLarge(ErrorResponse);

#[derive(IntoResponses)]
#[response(status = 415, description = "The body is not `application/json`")]
pub struct UnsupportedMediaType(ErrorResponse);

#[derive(IntoResponses)]
#[response(status = 429, description = "Too many requests: see `Retry-After` and the `X-RateLimit-*` headers")]
pub struct TooManyRequests(ErrorResponse);

#[derive(IntoResponses)]
#[response(status = 503, description = "The database is unreachable or not migrated")]
pub struct ServiceUnavailable(ErrorResponse);

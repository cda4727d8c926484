//! The one error type of the domain and storage layers. It says what went wrong, not which HTTP status that is.

use std::fmt;

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Path of the field in the request: `subscriberUrl`, `triggers[0]`, `take`.
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The input fails validation; every bad field is listed.
    Invalid(Vec<FieldError>),
    /// The request cannot be carried out as asked (a rule of the domain, not a single field).
    BadRequest(String),
    /// The caller is not authenticated.
    Unauthorized(String),
    /// The caller is authenticated but the resource is someone else's.
    Forbidden(String),
    /// No such resource.
    NotFound(String),
    /// The request conflicts with existing data.
    Conflict(String),
    /// An unexpected failure (database, I/O). The text goes to the log, never to the client.
    Internal(String),
}

impl Error {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid(vec![FieldError::new(field, message)])
    }

    pub fn internal(e: impl fmt::Display) -> Self {
        Error::Internal(e.to_string())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(errors) => {
                let parts: Vec<String> = errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
                f.write_str(&parts.join("; "))
            }
            Error::BadRequest(m)
            | Error::Unauthorized(m)
            | Error::Forbidden(m)
            | Error::NotFound(m)
            | Error::Conflict(m)
            | Error::Internal(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

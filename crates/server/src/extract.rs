//! Request extractors that answer bad input with the error envelope: JSON bodies (type, size, shape), query strings,
//! path ids and the API key.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use calends_domain::api_keys::{self, BearerError};
use calends_domain::{Error, FieldError};
use calends_store::Authenticated;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, BODY_LIMIT};
use crate::state::AppState;

type BoxFuture<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// The serde message without serde_json's " at line X column Y" suffix.
fn strip_position(message: &str) -> &str {
    message.rsplit_once(" at line ").map_or(message, |(m, _)| m)
}

/// Turns a serde failure at `path` into the field error it is about.
fn field_error(path: &str, message: &str) -> FieldError {
    let message = strip_position(message);
    let path = if path == "." { "" } else { path };
    // "missing field `x`" is reported at the parent; name the field itself.
    if let Some(name) = message.strip_prefix("missing field `").and_then(|m| m.strip_suffix('`')) {
        let field = if path.is_empty() { name.to_owned() } else { format!("{path}.{name}") };
        return FieldError::new(field, "is required");
    }
    FieldError::new(if path.is_empty() { "body".to_owned() } else { path.to_owned() }, message)
}

/// How deep objects and arrays may nest in a request body. Real bodies need a handful of levels; a limit keeps
/// absurd input from costing stack or time anywhere, including in fields that are otherwise ignored.
const MAX_DEPTH: usize = 32;

/// The deepest nesting of objects and arrays in `bytes` (outside strings), stopping early past `MAX_DEPTH`.
fn depth(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in bytes {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
                if deepest > MAX_DEPTH {
                    break;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Parses a JSON object body into `T`, naming the field that does not fit.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        let what = if first.is_none() { "empty" } else { "not a JSON object" };
        return Err(Error::BadRequest(format!("request body is {what}: send a JSON object")).into());
    }
    if depth(bytes) > MAX_DEPTH {
        return Err(
            Error::BadRequest(format!("request body nests objects and arrays deeper than {MAX_DEPTH} levels")).into()
        );
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let inner = e.inner();
        if inner.is_syntax() || inner.is_eof() || inner.is_io() {
            ApiError::from(Error::BadRequest(format!("request body is not valid JSON: {inner}")))
        } else {
            ApiError::from(Error::Invalid(vec![field_error(&e.path().to_string(), &inner.to_string())]))
        }
    })?;
    de.end().map_err(|e| Error::BadRequest(format!("request body is not valid JSON: {e}")))?;
    Ok(value)
}

fn check_content_type(req: &HttpRequest) -> Result<(), ApiError> {
    let ct = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json")) {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType(if ct.is_empty() { "none".into() } else { ct.to_owned() }))
    }
}

fn declared_length(req: &HttpRequest) -> Option<usize> {
    req.headers().get(CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

async fn read_body(req: &HttpRequest, payload: &mut Payload) -> Result<web::Bytes, ApiError> {
    if declared_length(req).is_some_and(|n| n > BODY_LIMIT) {
        return Err(ApiError::PayloadTooLarge);
    }
    web::Bytes::from_request(req, payload).await.map_err(|e| {
        if e.as_response_error().status_code() == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            Error::BadRequest(format!("cannot read request body: {e}")).into()
        }
    })
}

/// A JSON request body: `Content-Type: application/json`, at most 1 MiB, an object that deserializes into `T`.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = BoxFuture<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            check_content_type(&req)?;
            let bytes = read_body(&req, &mut payload).await?;
            parse_json(&bytes).map(Json)
        })
    }
}

/// A JSON body that may be omitted entirely, or be `null` (then `T::default()`); otherwise it follows [`Json`]'s
/// rules.
pub struct OptionalJson<T>(pub T);

impl<T: DeserializeOwned + Default + 'static> FromRequest for OptionalJson<T> {
    type Error = ApiError;
    type Future = BoxFuture<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            let bytes = read_body(&req, &mut payload).await?;
            if bytes.trim_ascii().is_empty() || bytes.trim_ascii() == b"null" {
                return Ok(OptionalJson(T::default()));
            }
            check_content_type(&req)?;
            parse_json(&bytes).map(OptionalJson)
        })
    }
}

/// Query parameters deserialized into `T`, naming the parameter that does not fit.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let de = serde_urlencoded::Deserializer::new(url::form_urlencoded::parse(req.query_string().as_bytes()));
        std::future::ready(serde_path_to_error::deserialize(de).map(Query).map_err(|e| {
            let path = e.path().to_string();
            ApiError::from(Error::Invalid(vec![field_error(&path, &e.inner().to_string())]))
        }))
    }
}

/// Path parameters that do not parse (a non-numeric id) are a 400 naming the parameter.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err, req| {
        let names: Vec<&str> = req.match_info().iter().map(|(name, _)| name).collect();
        let field = if names.is_empty() { "path".to_owned() } else { names.join(", ") };
        ApiError::from(Error::invalid(field, format!("must be an integer ({err})"))).into()
    })
}

/// Looks up the key of an `Authorization` header value.
pub async fn authenticate(header: &str, state: &AppState) -> Result<Authenticated, Error> {
    let hashed = api_keys::hash_from_authorization(Some(header)).map_err(|e| {
        Error::Unauthorized(match e {
            BearerError::Missing => NO_KEY.into(),
            BearerError::Malformed => "Malformed Authorization header: expected `Bearer cal_<key>`".into(),
        })
    })?;
    let found = state.store.authenticate(&hashed).await?;
    let found = found.ok_or_else(|| Error::Unauthorized("Invalid API key".into()))?;
    if api_keys::is_expired(found.key.expires_at, state.clock.now()) {
        return Err(Error::Unauthorized("API key expired".into()));
    }
    Ok(found)
}

const NO_KEY: &str = "No API key: send `Authorization: Bearer cal_<key>`";

/// The request's `Authorization` header as text (a header that is not visible ASCII can never be a key; it is
/// kept so it is reported as malformed).
pub fn authorization(req: &HttpRequest) -> Option<String> {
    req.headers().get(AUTHORIZATION).map(|v| v.to_str().unwrap_or("\u{0}").to_owned())
}

/// What authenticating the request's `Authorization` header found; `None` when there was no header. The edge
/// middleware computes it once per request (the rate limit needs it too) and the extractors read it.
#[derive(Clone, Debug)]
pub struct AuthOutcome(pub Option<Result<Authenticated, Error>>);

fn outcome(req: &HttpRequest) -> Option<Result<Authenticated, Error>> {
    req.extensions().get::<AuthOutcome>().and_then(|o| o.0.clone())
}

/// The user behind `Authorization: Bearer cal_...`; a missing or bad key is a 401.
pub struct Auth(pub Authenticated);

impl FromRequest for Auth {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(match outcome(req) {
            None => Err(Error::Unauthorized(NO_KEY.into()).into()),
            Some(result) => result.map(Auth).map_err(ApiError::from),
        })
    }
}

/// For operations open to anonymous callers: `None` without an `Authorization` header; a header that does not carry
/// a valid key is still a 401.
pub struct OptionalAuth(pub Option<Authenticated>);

impl FromRequest for OptionalAuth {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(match outcome(req) {
            None => Ok(OptionalAuth(None)),
            Some(result) => result.map(|a| OptionalAuth(Some(a))).map_err(ApiError::from),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Body {
        active: bool,
        triggers: Vec<calends_model::webhooks::WebhookTrigger>,
    }

    fn invalid(result: Result<Body, ApiError>) -> Vec<FieldError> {
        match result {
            Err(ApiError::Domain(Error::Invalid(errors))) => errors,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn names_the_missing_field() {
        let errors = invalid(parse_json(br#"{"triggers":[]}"#));
        assert_eq!(errors, [FieldError::new("active", "is required")]);
    }

    #[test]
    fn names_the_bad_element_and_lists_allowed_values() {
        let errors = invalid(parse_json(br#"{"active":true,"triggers":["NOPE"]}"#));
        assert_eq!(errors[0].field, "triggers[0]");
        assert!(errors[0].message.contains("BOOKING_CREATED"), "{}", errors[0].message);
        assert!(!errors[0].message.contains("line 1"));
    }

    #[test]
    fn measures_nesting_outside_strings() {
        assert_eq!(depth(br#"{"a":[{"b":1}],"c":"[[[[{{{{"}"#), 3);
        assert_eq!(depth(br#"{"a":"\"[[["}"#), 1);
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(40), "]".repeat(40));
        assert!(matches!(parse_json::<Body>(deep.as_bytes()), Err(ApiError::Domain(Error::BadRequest(_)))));
    }

    #[test]
    fn rejects_non_objects_and_broken_json() {
        for body in [&b"[true, []]"[..], b"", b"  ", b"{\"active\":", b"{\"active\":true,\"triggers\":[]} trailing"] {
            assert!(matches!(parse_json::<Body>(body), Err(ApiError::Domain(Error::BadRequest(_)))), "{body:?}");
        }
    }
}

//! Decoding of the reference's `oneOf` unions.
//!
//! serde's `untagged` decoding tries each variant in turn and, when none fits, reports only "data did not match any
//! variant". These unions are instead decoded the way Cal.com picks the class to validate against (a
//! `disabled: true` marker, a `type` or a `slug`), so a bad body gets the error of the variant it meant to be.
//! Encoding stays serde's `untagged` (each variant carries its own discriminator), which is also what the
//! OpenAPI schema describes: a `oneOf` of the variants.

use serde::de::{DeserializeOwned, Error};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::settings::Disabled;

/// Reads one union value as JSON, which must be an object.
pub(super) fn object<'de, D: Deserializer<'de>>(deserializer: D, what: &str) -> Result<Value, D::Error> {
    let value = Value::deserialize(deserializer)?;
    if value.is_object() { Ok(value) } else { Err(D::Error::custom(format!("`{what}` must be an object"))) }
}

/// `{"disabled": true, ...}`: Cal.com checks this marker before anything else.
pub(super) fn is_disabled(value: &Value) -> bool {
    value.get("disabled") == Some(&Value::Bool(true))
}

/// A string property of an object, if present.
pub(super) fn str_field<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// Decodes the chosen variant, keeping serde's message (missing field, wrong type, unknown enum value).
pub(super) fn decode<T: DeserializeOwned, E: Error>(value: Value, what: &str) -> Result<T, E> {
    serde_json::from_value(value).map_err(|e| E::custom(format!("invalid `{what}`: {e}")))
}

/// The error for a missing or unsupported discriminator, listing the accepted values.
pub(super) fn unknown_discriminator<E: Error>(
    what: &str,
    key: &str,
    found: Option<&str>,
    allowed: &[&str],
    hint: &str,
) -> E {
    let allowed = allowed.join(", ");
    match found {
        Some(found) => E::custom(format!("unsupported `{what}` {key} `{found}`; expected one of: {allowed}{hint}")),
        None => E::custom(format!("`{what}` needs a `{key}`: one of {allowed}{hint}")),
    }
}

/// Decodes a `oneOf [X, Disabled]` setting: `{"disabled": true}` turns it off, anything else must be an `X`.
pub(super) fn or_disabled<'de, D, T, R>(
    deserializer: D,
    what: &str,
    enabled: impl FnOnce(T) -> R,
    disabled: impl FnOnce(Disabled) -> R,
) -> Result<R, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = object(deserializer, what)?;
    if is_disabled(&value) { Ok(disabled(Disabled::default())) } else { decode(value, what).map(enabled) }
}

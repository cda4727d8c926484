//! Helpers for PATCH bodies, where an absent field means "leave it" and `null` means "clear it".

use serde::{Deserialize, Deserializer};

/// Deserializes a field that distinguishes absent (`None`, via `#[serde(default)]`), `null` (`Some(None)`) and a
/// value (`Some(Some(v))`).
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

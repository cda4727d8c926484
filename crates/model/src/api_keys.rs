//! API keys.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /v2/api-keys/refresh` body (may be omitted).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RefreshApiKeyInput {
    /// For how many days the new key is valid. Defaults to 30.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, example = 60)]
    pub api_key_days_valid: Option<i64>,
    /// If true, the new key never expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_never_expires: Option<bool>,
}

/// A newly issued API key. It is shown once: only its hash is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyOutput {
    #[schema(example = "cal_0123456789abcdef0123456789abcdef")]
    pub api_key: String,
}

success_envelope!(
    /// The new API key.
    RefreshApiKeyOutput,
    ApiKeyOutput
);

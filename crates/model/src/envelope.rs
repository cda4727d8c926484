//! The success envelope: `{"status":"success","data":...}`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The `status` of a successful response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum SuccessStatus {
    #[serde(rename = "success")]
    Success,
}

//! Liveness.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `GET /health`: the process is up and answering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HealthOutput {
    #[schema(example = "ok")]
    pub status: String,
}

use actix_web::{HttpResponse, post, web};
use calends_domain::api_keys;
use calends_domain::validate::Validator;
use calends_model::api_keys::{ApiKeyOutput, RefreshApiKeyInput, RefreshApiKeyOutput};
use chrono::Duration;

use crate::docs::{BadRequest, PayloadTooLarge, Unauthorized, UnsupportedMediaType};
use crate::error::ApiError;
use crate::extract::{Auth, OptionalJson};
use crate::routes::ok;
use crate::state::AppState;

const DEFAULT_DAYS_VALID: i64 = 30;
const MAX_DAYS_VALID: i64 = 36_500;

#[utoipa::path(
    operation_id = "api_keys_refresh",
    tag = "Api Keys",
    summary = "Refresh API Key",
    description = "Issues a new API key and deletes the one used to call this: from now on only the new key works. \
The new key is valid for `apiKeyDaysValid` days (30 by default) unless `apiKeyNeverExpires` is true. The body may be \
omitted.",
    request_body(content = Option<RefreshApiKeyInput>, description = "Optional"),
    responses(
        (status = 200, description = "The new key, shown once", body = RefreshApiKeyOutput),
        BadRequest, Unauthorized, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[post("/v2/api-keys/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    OptionalJson(input): OptionalJson<RefreshApiKeyInput>,
) -> Result<HttpResponse, ApiError> {
    let mut v = Validator::new();
    if let Some(days) = input.api_key_days_valid {
        v.check(
            (1..=MAX_DAYS_VALID).contains(&days),
            "apiKeyDaysValid",
            format!("must be between 1 and {MAX_DAYS_VALID}, got {days}"),
        );
    }
    v.finish()?;
    let now = state.clock.now();
    let expires_at = if input.api_key_never_expires == Some(true) {
        None
    } else {
        Some(now + Duration::days(input.api_key_days_valid.unwrap_or(DEFAULT_DAYS_VALID)))
    };
    let key = api_keys::generate();
    state.store.rotate_api_key(auth.key.id, &key.hashed, expires_at, now).await?;
    Ok(ok(RefreshApiKeyOutput::new(ApiKeyOutput { api_key: key.plain })))
}

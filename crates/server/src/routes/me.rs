use actix_web::{HttpResponse, get, patch, web};
use calends_domain::users::{self, User};
use calends_model::me::{MeOutput, MeOutputResponse, UpdateMeInput};

use crate::docs::{BadRequest, Conflict, PayloadTooLarge, Unauthorized, UnsupportedMediaType};
use crate::error::ApiError;
use crate::extract::{Auth, Json};
use crate::routes::ok;
use crate::state::AppState;

pub fn me_output(user: &User) -> MeOutput {
    MeOutput {
        id: user.id,
        username: user.username.clone(),
        email: user.email.clone(),
        name: user.name.clone(),
        time_format: user.time_format,
        default_schedule_id: user.default_schedule_id,
        week_start: user.week_start,
        time_zone: user.time_zone.clone(),
        locale: user.locale,
        organization_id: None,
        avatar_url: user.avatar_url.clone(),
        bio: user.bio.clone(),
        metadata: user.metadata.clone(),
    }
}

#[utoipa::path(
    operation_id = "me_get",
    tag = "Me",
    summary = "Get my profile",
    responses((status = 200, description = "The authenticated user", body = MeOutputResponse), Unauthorized),
    security(("apiKey" = []))
)]
#[get("/v2/me")]
pub async fn get_me(Auth(auth): Auth) -> HttpResponse {
    ok(MeOutputResponse::new(me_output(&auth.user)))
}

#[utoipa::path(
    operation_id = "me_update",
    tag = "Me",
    summary = "Update my profile",
    description = "Changes the fields sent; absent fields stay as they are. `timeZone` must be an IANA time zone, \
`timeFormat` 12 or 24, `defaultScheduleId` one of your schedules.",
    request_body = UpdateMeInput,
    responses(
        (status = 200, description = "The updated user", body = MeOutputResponse),
        BadRequest, Unauthorized, Conflict, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[patch("/v2/me")]
pub async fn update_me(
    state: web::Data<AppState>,
    Auth(auth): Auth,
    Json(input): Json<UpdateMeInput>,
) -> Result<HttpResponse, ApiError> {
    let patch = users::validate_update(input)?;
    let user = state.store.update_user(auth.user.id, &patch, state.clock.now()).await?;
    Ok(ok(MeOutputResponse::new(me_output(&user))))
}

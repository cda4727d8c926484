//! The OpenAPI document's fixed parts: info, tags, the security scheme and the shared error schemas.
//! Paths are collected from the server's route declarations (utoipa-actix-web), so a route cannot exist without
//! its documentation.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// Name of the bearer security scheme operations refer to.
pub const SECURITY_SCHEME: &str = "apiKey";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Calends API",
        version = "2.0.0",
        description = "A self-hostable scheduling API server, wire-compatible with the Cal.com API v2. \
Authenticate with `Authorization: Bearer cal_<key>`. Successful responses are `{\"status\":\"success\",\"data\":...}`; \
errors are `{\"status\":\"error\",\"timestamp\",\"path\",\"error\":{\"code\",\"message\",\"details\"}}` and carry an \
`X-Request-Id` header.",
        license(name = "MIT OR Apache-2.0")
    ),
    tags(
        (name = "Webhooks", description = "Subscriptions to booking events, delivered as signed HTTP callbacks."),
        (name = "Me", description = "The authenticated user's profile."),
        (name = "Api Keys", description = "Rotating the API key in use."),
        (name = "Schedules", description = "Weekly hours and date overrides that event types take their availability from (`cal-api-version: 2024-06-11`)."),
        (name = "Event Types", description = "What can be booked: length, availability rules, booking form, limits (`cal-api-version: 2024-06-14`)."),
        (name = "Event Types / Webhooks", description = "Webhooks of one event type: they receive the deliveries of that event type's bookings."),
        (name = "Teams / Event Types", description = "Event types of a team: collective (every host), round robin (one host, chosen fairly), with their hosts."),
        (name = "Slots", description = "Bookable times of an event type, and reservations that hold one for a few minutes (`cal-api-version: 2024-09-04`)."),
        (name = "Bookings", description = "Booking event types and the whole lifecycle of a booking (`cal-api-version: 2024-08-13`)."),
        (name = "Teams", description = "Teams of users: their profile and slug. The creator is the team's first owner."),
        (name = "Teams / Memberships", description = "Who belongs to a team, with which role (`MEMBER`, `ADMIN`, `OWNER`), and invitations (`accepted: false`) and their acceptance."),
        (name = "Teams / Schedules", description = "The schedules of a team's members (`cal-api-version: 2024-06-11` shape)."),
        (name = "Health", description = "Calends extension: liveness of the process."),
    ),
    components(schemas(crate::error::ErrorResponse, crate::error::FieldErrorDetail)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            SECURITY_SCHEME,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("cal_<key>")
                    .description(Some("An API key: `cal_` followed by 32 hex characters."))
                    .build(),
            ),
        );
    }
}

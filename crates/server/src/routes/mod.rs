//! Route declarations. Each handler's `#[utoipa::path]` and actix route macro sit together, and [`configure`]
//! registers them through utoipa-actix-web, so the router and the OpenAPI document come from one list.

use actix_web::HttpResponse;
use calends_domain::Error;
use serde::Serialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;

pub mod api_keys;
pub mod bookings;
pub mod event_type_webhooks;
pub mod event_types;
pub mod health;
pub mod me;
pub mod operations;
pub mod schedules;
mod slot_list;
pub mod slots;
pub mod team_event_types;
pub mod team_memberships;
pub mod teams;
pub mod webhooks;

/// Every route, once. `$cfg` is utoipa-actix-web's `ServiceConfig` (routes and their documentation) or actix's
/// (routes only), and `$scope` the matching scope constructor: both registrations come from this one list, in this
/// order. Routes with path parameters live in a scope per resource: actix tries a scope's routes only when its
/// prefix matches, and each dynamic route it tries costs a regular-expression match.
macro_rules! register_routes {
    ($cfg:expr, $scope:path) => {
        $cfg.service(health::health)
            .service(operations::ready)
            .service(operations::metrics_text)
            .service(me::get_me)
            .service(me::update_me)
            .service(api_keys::refresh)
            .service(
                $scope("/v2/bookings")
                    .service(bookings::create_booking)
                    .service(bookings::list_bookings)
                    .service(bookings::get_booking)
                    .service(bookings::get_booking_recordings)
                    .service(bookings::get_booking_transcripts)
                    .service(bookings::reschedule_booking)
                    .service(bookings::cancel_booking)
                    .service(bookings::mark_absent)
                    .service(bookings::reassign_booking)
                    .service(bookings::reassign_booking_to_user)
                    .service(bookings::confirm_booking)
                    .service(bookings::decline_booking)
                    .service(bookings::get_calendar_links)
                    .service(bookings::get_booking_references),
            )
            .service(
                $scope("/v2/slots")
                    .service(slots::get_slots)
                    .service(slots::reserve_slot)
                    .service(slots::get_reservation)
                    .service(slots::update_reservation)
                    .service(slots::delete_reservation),
            )
            .service(
                $scope("/v2/event-types")
                    .service(event_types::create_event_type)
                    .service(event_types::list_event_types)
                    .service(event_types::get_event_type)
                    .service(event_types::update_event_type)
                    .service(event_types::delete_event_type)
                    .service(event_type_webhooks::create_event_type_webhook)
                    .service(event_type_webhooks::list_event_type_webhooks)
                    .service(event_type_webhooks::delete_event_type_webhooks)
                    .service(event_type_webhooks::get_event_type_webhook)
                    .service(event_type_webhooks::update_event_type_webhook)
                    .service(event_type_webhooks::delete_event_type_webhook),
            )
            .service(
                // `/default` before `/{scheduleId}`, so it is not taken for an id.
                $scope("/v2/schedules")
                    .service(schedules::create_schedule)
                    .service(schedules::list_schedules)
                    .service(schedules::get_default_schedule)
                    .service(schedules::get_schedule)
                    .service(schedules::update_schedule)
                    .service(schedules::delete_schedule),
            )
            .service(
                $scope("/v2/teams")
                    .service(teams::create_team)
                    .service(teams::list_teams)
                    .service(teams::get_team)
                    .service(teams::update_team)
                    .service(teams::delete_team)
                    .service(team_memberships::create_team_membership)
                    .service(team_memberships::list_team_memberships)
                    .service(team_memberships::get_team_membership)
                    .service(team_memberships::update_team_membership)
                    .service(team_memberships::delete_team_membership)
                    .service(teams::list_team_schedules)
                    .service(team_event_types::create_team_event_type)
                    .service(team_event_types::list_team_event_types)
                    .service(team_event_types::get_team_event_type)
                    .service(team_event_types::update_team_event_type)
                    .service(team_event_types::delete_team_event_type)
                    .service(team_event_types::create_phone_call),
            )
            .service(
                $scope("/v2/webhooks")
                    .service(webhooks::create_webhook)
                    .service(webhooks::list_webhooks)
                    .service(webhooks::get_webhook)
                    .service(webhooks::update_webhook)
                    .service(webhooks::delete_webhook)
                    .service(webhooks::list_deliveries)
                    .service(webhooks::redeliver)
                    .service(webhooks::ping),
            )
    };
}

/// Registers every route and collects its documentation: for the OpenAPI document.
pub fn configure(cfg: &mut ServiceConfig) {
    register_routes!(cfg, utoipa_actix_web::scope);
}

/// Registers every route for serving, without collecting documentation. Each HTTP worker builds its own app, and
/// collecting the spec there cost every worker ~12 MB of short-lived allocations that its heap kept.
pub fn configure_server(cfg: &mut actix_web::web::ServiceConfig) {
    register_routes!(cfg, actix_web::web::scope);
}

/// `found`, if it belongs to `user_id`: 404 when it does not exist, 403 when it is someone else's.
pub fn owned<T>(found: Option<T>, what: &str, id: i64, owner: impl Fn(&T) -> i64, user_id: i64) -> Result<T, ApiError> {
    let item = found.ok_or_else(|| Error::NotFound(format!("{what} ({id}) not found")))?;
    if owner(&item) == user_id { Ok(item) } else { Err(Error::Forbidden(format!("{what} ({id}) is not yours")).into()) }
}

pub fn ok<T: Serialize>(body: T) -> HttpResponse {
    HttpResponse::Ok().json(body)
}

pub fn created<T: Serialize>(body: T) -> HttpResponse {
    HttpResponse::Created().json(body)
}

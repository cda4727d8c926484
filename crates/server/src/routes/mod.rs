//! Route declarations. Each handler's `#[utoipa::path]` and actix route macro sit together, and [`configure`]
//! registers them through utoipa-actix-web, so the router and the OpenAPI document come from one list.

use actix_web::HttpResponse;
use serde::Serialize;
use utoipa_actix_web::service_config::ServiceConfig;

pub mod api_keys;
pub mod health;
pub mod me;
pub mod webhooks;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::health)
        .service(me::get_me)
        .service(me::update_me)
        .service(api_keys::refresh)
        .service(webhooks::create_webhook)
        .service(webhooks::list_webhooks)
        .service(webhooks::get_webhook)
        .service(webhooks::update_webhook)
        .service(webhooks::delete_webhook);
}

pub fn ok<T: Serialize>(body: T) -> HttpResponse {
    HttpResponse::Ok().json(body)
}

pub fn created<T: Serialize>(body: T) -> HttpResponse {
    HttpResponse::Created().json(body)
}

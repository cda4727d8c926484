//! Rust client for the Calends API (Cal.com API v2 compatible).
//!
//! `generated.rs` is written by `cargo xtask codegen` from `openapi/calends.3.0.json` with progenitor and is never
//! edited by hand. This file only adds a constructor that authenticates every request.

#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, unused, rustdoc::all)]
mod generated;

pub use generated::*;

/// A client for `base_url` (e.g. `http://127.0.0.1:8080`) that sends `Authorization: Bearer <api_key>` with every
/// request.
pub fn with_api_key(base_url: &str, api_key: &str) -> Result<Client, reqwest::Error> {
    let mut headers = reqwest::header::HeaderMap::new();
    let mut value = reqwest::header::HeaderValue::from_str(&format!("Bearer {api_key}"))
        .unwrap_or_else(|_| reqwest::header::HeaderValue::from_static("Bearer invalid"));
    value.set_sensitive(true);
    headers.insert(reqwest::header::AUTHORIZATION, value);
    let http = reqwest::Client::builder().default_headers(headers).build()?;
    Ok(Client::new_with_client(base_url, http))
}

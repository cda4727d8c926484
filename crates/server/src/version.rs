//! `cal-api-version`: Cal.com selects response shapes by this header. Calends serves the current shape of each
//! versioned group: a request without the header, or with the group's version, is served; any other value is a 400
//! naming the supported one.

use std::future::{Ready, ready};
use std::marker::PhantomData;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use calends_domain::Error;
use utoipa::openapi::Required;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};

use crate::error::ApiError;

pub const HEADER: &str = "cal-api-version";

/// A group of operations that shares one `cal-api-version`.
pub trait VersionedGroup {
    const VERSION: &'static str;
    const GROUP: &'static str;
}

/// Checks the request's `cal-api-version` against group `G`.
pub struct ApiVersion<G>(PhantomData<G>);

impl<G: VersionedGroup> FromRequest for ApiVersion<G> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let result = match req.headers().get(HEADER).map(|v| v.to_str()) {
            None => Ok(ApiVersion(PhantomData)),
            Some(Ok(v)) if v.trim() == G::VERSION => Ok(ApiVersion(PhantomData)),
            Some(got) => Err(Error::invalid(
                HEADER,
                format!(
                    "{} are served for `{HEADER}: {}` (or no header); got `{}`",
                    G::GROUP,
                    G::VERSION,
                    got.unwrap_or("<not text>")
                ),
            )
            .into()),
        };
        ready(result)
    }
}

macro_rules! versioned_group {
    ($name:ident, $version:literal, $group:literal) => {
        #[doc = concat!("The ", $group, " group: `cal-api-version: ", $version, "`.")]
        pub struct $name;

        impl VersionedGroup for $name {
            const VERSION: &'static str = $version;
            const GROUP: &'static str = $group;
        }

        /// Documents the optional `cal-api-version` header.
        impl utoipa::IntoParams for $name {
            fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
                vec![version_parameter($version)]
            }
        }
    };
}

fn version_parameter(version: &'static str) -> Parameter {
    ParameterBuilder::new()
        .name(HEADER)
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(format!(
            "Cal.com API version of this group. Optional: requests without it get the `{version}` shapes; any other \
             value is a 400."
        )))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String).enum_values(Some([version]))))
        .build()
}

versioned_group!(SchedulesApi, "2024-06-11", "Schedules");
versioned_group!(EventTypesApi, "2024-06-14", "Event types");
versioned_group!(BookingsApi, "2024-08-13", "Bookings");
versioned_group!(SlotsApi, "2024-09-04", "Slots");

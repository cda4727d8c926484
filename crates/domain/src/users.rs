//! Users and their profile settings.

use calends_model::common::{Locale, WeekDay};
use calends_model::me::UpdateMeInput;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::error::Result;
use crate::validate::{self, Validator};

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub name: Option<String>,
    pub time_zone: String,
    pub week_start: WeekDay,
    /// 12 or 24.
    pub time_format: i32,
    pub default_schedule_id: Option<i64>,
    pub locale: Option<Locale>,
    pub avatar_url: Option<String>,
    pub bio: Option<String>,
    pub metadata: Option<Map<String, Value>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewUser {
    pub username: String,
    pub email: String,
    pub name: Option<String>,
    pub time_zone: String,
}

/// A validated change to a user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserPatch {
    pub email: Option<String>,
    pub name: Option<String>,
    pub time_format: Option<i32>,
    pub default_schedule_id: Option<i64>,
    pub week_start: Option<WeekDay>,
    pub time_zone: Option<String>,
    pub locale: Option<Locale>,
    pub avatar_url: Option<String>,
    pub bio: Option<String>,
    pub metadata: Option<Map<String, Value>>,
}

/// Usernames appear in booking URLs: 1 to 64 of lowercase letters, digits, `-`, `_` and `.`.
pub fn username(value: &str) -> std::result::Result<(), String> {
    let ok = (1..=64).contains(&value.len())
        && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(format!("`{value}` is not a username: use 1 to 64 lowercase letters, digits, `-`, `_` or `.`"))
    }
}

pub fn validate_new(username: &str, email: &str, name: Option<&str>, time_zone: &str) -> Result<NewUser> {
    let mut v = Validator::new();
    v.take("username", self::username(username));
    v.take("email", validate::email(email));
    if let Some(name) = name {
        v.take("name", validate::text(name, 200));
    }
    v.take("timeZone", validate::time_zone(time_zone));
    v.finish()?;
    Ok(NewUser {
        username: username.to_owned(),
        email: email.to_lowercase(),
        name: name.map(str::to_owned),
        time_zone: time_zone.to_owned(),
    })
}

/// Validates a `PATCH /v2/me` body. Whether `defaultScheduleId` names one of the user's schedules is checked by
/// storage, in the same transaction as the update.
pub fn validate_update(input: UpdateMeInput) -> Result<UserPatch> {
    let mut v = Validator::new();
    if let Some(email) = &input.email {
        v.take("email", validate::email(email));
    }
    if let Some(name) = &input.name {
        v.take("name", validate::text(name, 200));
    }
    if let Some(tf) = input.time_format {
        v.check(tf == 12 || tf == 24, "timeFormat", format!("must be 12 or 24, got {tf}"));
    }
    if let Some(id) = input.default_schedule_id {
        v.check(id > 0, "defaultScheduleId", "must be a positive schedule id");
    }
    if let Some(tz) = &input.time_zone {
        v.take("timeZone", validate::time_zone(tz));
    }
    if let Some(url) = &input.avatar_url {
        v.take("avatarUrl", validate::http_url(url).map(|_| ()));
    }
    if let Some(bio) = &input.bio {
        v.check(bio.chars().count() <= 2000, "bio", "must be at most 2000 characters");
    }
    if let Some(metadata) = &input.metadata {
        v.take("metadata", validate::metadata(metadata));
    }
    v.finish()?;
    Ok(UserPatch {
        email: input.email.map(|e| e.to_lowercase()),
        name: input.name,
        time_format: input.time_format,
        default_schedule_id: input.default_schedule_id,
        week_start: input.week_start,
        time_zone: input.time_zone,
        locale: input.locale,
        avatar_url: input.avatar_url,
        bio: input.bio,
        metadata: input.metadata,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    #[test]
    fn usernames() {
        assert!(username("alice.smith-2_x").is_ok());
        for bad in ["", "Alice", "a b", "a/b", &"a".repeat(65)] {
            assert!(username(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn update_names_every_bad_field() {
        let input = UpdateMeInput {
            time_zone: Some("Nowhere/Land".into()),
            time_format: Some(13),
            email: Some("nope".into()),
            ..Default::default()
        };
        let Err(Error::Invalid(errors)) = validate_update(input) else { panic!("expected invalid") };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "timeFormat", "timeZone"]);
    }

    #[test]
    fn update_keeps_absent_fields_absent() {
        let patch = validate_update(UpdateMeInput { name: Some("Ada".into()), ..Default::default() }).unwrap();
        assert_eq!(patch, UserPatch { name: Some("Ada".into()), ..Default::default() });
    }
}

//! Field validation that collects every problem of a request before answering, so one 400 names every bad field.

use chrono_tz::Tz;
use serde_json::{Map, Value};

use crate::error::{Error, FieldError};

/// Collects field errors; [`Validator::finish`] turns them into one [`Error::Invalid`].
#[derive(Debug, Default)]
pub struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// Records `message` for `field` unless `ok`.
    pub fn check(&mut self, ok: bool, field: &str, message: impl Into<String>) {
        if !ok {
            self.add(field, message);
        }
    }

    /// Records the error of `result` for `field` and returns its value, if any.
    pub fn take<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(message) => {
                self.add(field, message);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn finish(self) -> Result<(), Error> {
        if self.errors.is_empty() { Ok(()) } else { Err(Error::Invalid(self.errors)) }
    }
}

/// An IANA time zone name, e.g. `Europe/Berlin`.
pub fn time_zone(name: &str) -> Result<Tz, String> {
    name.parse::<Tz>().map_err(|_| format!("`{name}` is not an IANA time zone (for example `Europe/Berlin`)"))
}

/// An absolute `http` or `https` URL with a host.
pub fn http_url(value: &str) -> Result<url::Url, String> {
    let parsed = url::Url::parse(value).map_err(|e| format!("must be an absolute http(s) URL ({e})"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!("must be an http or https URL, not `{}:`", parsed.scheme()));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("must be an absolute http(s) URL with a host".into());
    }
    Ok(parsed)
}

/// A plausible e-mail address: one `@`, a non-empty local part and a dotted domain, no spaces.
pub fn email(value: &str) -> Result<(), String> {
    let ok = value.len() <= 254
        && !value.chars().any(char::is_whitespace)
        && value.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.split('.').count() >= 2
                && domain.split('.').all(|label| !label.is_empty())
        });
    if ok { Ok(()) } else { Err(format!("`{value}` is not an e-mail address")) }
}

/// Text that must be present and of bounded length.
pub fn text(value: &str, max_chars: usize) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err("must not be empty".into());
    }
    let n = value.chars().count();
    if n > max_chars { Err(format!("must be at most {max_chars} characters, got {n}")) } else { Ok(()) }
}

/// Cal.com's metadata limits: at most 50 keys, keys up to 40 characters, string values up to 500 characters.
pub fn metadata(map: &Map<String, Value>) -> Result<(), String> {
    if map.len() > 50 {
        return Err(format!("must have at most 50 keys, got {}", map.len()));
    }
    for (key, value) in map {
        if key.chars().count() > 40 {
            return Err(format!("key `{key}` is longer than 40 characters"));
        }
        if let Value::String(s) = value
            && s.chars().count() > 500
        {
            return Err(format!("value of `{key}` is longer than 500 characters"));
        }
    }
    Ok(())
}

/// Checks `take` (1..=`max_take`, default `default_take`) and `skip` (>= 0, default 0).
pub fn skip_take(take: Option<i64>, skip: Option<i64>, default_take: i64, max_take: i64) -> Result<(i64, i64), Error> {
    let mut v = Validator::new();
    let take = take.unwrap_or(default_take);
    let skip = skip.unwrap_or(0);
    v.check((1..=max_take).contains(&take), "take", format!("must be between 1 and {max_take}, got {take}"));
    v.check(skip >= 0, "skip", format!("must be 0 or more, got {skip}"));
    v.finish().map(|()| (take, skip))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_zones() {
        assert!(time_zone("Asia/Kathmandu").is_ok());
        assert!(time_zone("UTC").is_ok());
        assert!(time_zone("Mars/Olympus").unwrap_err().contains("Mars/Olympus"));
        assert!(time_zone("").is_err());
    }

    #[test]
    fn urls() {
        assert!(http_url("https://example.com/hook?x=1").is_ok());
        assert!(http_url("http://127.0.0.1:9000").is_ok());
        assert!(http_url("ftp://example.com").unwrap_err().contains("ftp"));
        assert!(http_url("/relative").is_err());
        assert!(http_url("example.com").is_err());
        assert!(http_url("").is_err());
    }

    #[test]
    fn emails() {
        assert!(email("a@b.co").is_ok());
        for bad in ["", "a", "a@b", "@b.co", "a@@b.co", "a b@c.de", "a@b..co"] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn metadata_limits() {
        let mut m = Map::new();
        m.insert("k".into(), Value::String("v".repeat(500)));
        assert!(metadata(&m).is_ok());
        m.insert("k".into(), Value::String("v".repeat(501)));
        assert!(metadata(&m).is_err());
        let mut m = Map::new();
        m.insert("k".repeat(41), Value::Bool(true));
        assert!(metadata(&m).is_err());
        let m: Map<String, Value> = (0..51).map(|i| (format!("k{i}"), Value::Null)).collect();
        assert!(metadata(&m).unwrap_err().contains("50"));
    }

    #[test]
    fn paging_bounds() {
        assert_eq!(skip_take(None, None, 250, 250), Ok((250, 0)));
        assert_eq!(skip_take(Some(1), Some(7), 250, 250), Ok((1, 7)));
        let Err(Error::Invalid(errors)) = skip_take(Some(0), Some(-1), 250, 250) else { panic!() };
        assert_eq!(errors.len(), 2);
        assert!(skip_take(Some(251), None, 250, 250).is_err());
    }

    #[test]
    fn validator_collects_everything() {
        let mut v = Validator::new();
        v.check(true, "a", "fine");
        v.check(false, "b", "bad b");
        assert_eq!(v.take::<u8>("c", Err("bad c".into())), None);
        match v.finish() {
            Err(Error::Invalid(errors)) => {
                assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["b", "c"])
            }
            other => panic!("{other:?}"),
        }
    }
}

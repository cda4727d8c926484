//! API keys: `cal_` followed by 32 random hex characters. Only the SHA-256 hex of the part after the prefix is stored,
//! as Cal.com stores it, so a key is never recoverable from the database.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

pub const PREFIX: &str = "cal_";

/// A stored API key (its hash, never the key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: i64,
    pub user_id: i64,
    pub hashed_key: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    /// This key's rate limit in requests per minute; `None` means the server's default.
    pub rate_limit_per_minute: Option<u32>,
}

/// A freshly generated key: the plain text to show once, and the hash to store.
#[derive(Debug, Clone)]
pub struct GeneratedKey {
    pub plain: String,
    pub hashed: String,
}

pub fn generate() -> GeneratedKey {
    let secret = hex::encode(rand::random::<[u8; 16]>());
    let hashed = hash_secret(&secret);
    GeneratedKey { plain: format!("{PREFIX}{secret}"), hashed }
}

fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Why an `Authorization` header does not carry a usable key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BearerError {
    Missing,
    Malformed,
}

/// Extracts the hash to look up from an `Authorization` header value: `Bearer cal_<secret>`.
pub fn hash_from_authorization(header: Option<&str>) -> Result<String, BearerError> {
    let header = header.ok_or(BearerError::Missing)?.trim();
    let (scheme, token) = header.split_once(' ').ok_or(BearerError::Malformed)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(BearerError::Malformed);
    }
    let secret = token.trim().strip_prefix(PREFIX).ok_or(BearerError::Malformed)?;
    if secret.is_empty() || secret.len() > 256 || !secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(BearerError::Malformed);
    }
    Ok(hash_secret(secret))
}

/// Whether a key may be used at `now`.
pub fn is_expired(expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    expires_at.is_some_and(|at| at <= now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_have_the_cal_prefix_and_hash_as_looked_up() {
        let key = generate();
        assert!(key.plain.starts_with("cal_"));
        assert_eq!(key.plain.len(), 4 + 32);
        assert!(key.plain[4..].bytes().all(|b| b.is_ascii_hexdigit()));
        let header = format!("Bearer {}", key.plain);
        assert_eq!(hash_from_authorization(Some(&header)), Ok(key.hashed.clone()));
        assert_ne!(generate().plain, key.plain);
        // The stored value is the hash of the part after the prefix, never the key.
        assert_eq!(key.hashed.len(), 64);
        assert!(!key.hashed.contains(&key.plain[4..]));
    }

    #[test]
    fn rejects_missing_and_malformed_headers() {
        assert_eq!(hash_from_authorization(None), Err(BearerError::Missing));
        for bad in ["", "Bearer", "Bearer ", "Basic cal_abc", "Bearer abc", "Bearer cal_", "cal_abc", "Bearer cal_a b"]
        {
            assert_eq!(hash_from_authorization(Some(bad)), Err(BearerError::Malformed), "{bad:?}");
        }
        assert!(hash_from_authorization(Some("bearer cal_abc")).is_ok());
    }
}

//! Signing deliveries and naming them.
//!
//! Every delivery carries Cal.com's signature ([`cal_signature`] in [`CAL_SIGNATURE_HEADER`]). Calends can add the
//! [Standard Webhooks](https://www.standardwebhooks.com) headers too ([`standard_signature`]), which the standard's
//! libraries verify, and names each delivery with a stable id ([`delivery_id`]) that receivers use to drop
//! duplicates: delivery is at-least-once.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Header of Cal.com's signature.
pub const CAL_SIGNATURE_HEADER: &str = "X-Cal-Signature-256";
/// Value of [`CAL_SIGNATURE_HEADER`] for a webhook without a secret (Cal.com's).
pub const NO_SECRET: &str = "no-secret-provided";
/// Standard Webhooks: the delivery id ([`delivery_id`]).
pub const STANDARD_ID_HEADER: &str = "webhook-id";
/// Standard Webhooks: seconds since the Unix epoch when the attempt was signed.
pub const STANDARD_TIMESTAMP_HEADER: &str = "webhook-timestamp";
/// Standard Webhooks: [`standard_signature`].
pub const STANDARD_SIGNATURE_HEADER: &str = "webhook-signature";
/// Prefix of Standard Webhooks secrets whose rest is the base64 key.
pub const STANDARD_SECRET_PREFIX: &str = "whsec_";

fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC takes keys of any length (longer ones are hashed), so this cannot fail.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC accepts keys of any length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// Cal.com's `X-Cal-Signature-256`: the lowercase hex HMAC-SHA256 of the exact body, keyed with the secret's UTF-8
/// bytes, no prefix and no timestamp; [`NO_SECRET`] when the webhook has no secret (or an empty one, which Cal.com
/// treats as none).
pub fn cal_signature(secret: Option<&str>, body: &[u8]) -> String {
    match secret {
        Some(secret) if !secret.is_empty() => hex::encode(hmac_sha256(secret.as_bytes(), &[body])),
        _ => NO_SECRET.to_owned(),
    }
}

/// The HMAC key of a secret under Standard Webhooks: the base64-decoded part after `whsec_` when the secret has that
/// form (the standard's own secrets, which its libraries decode the same way); otherwise — any other secret a
/// Cal.com user chose — its UTF-8 bytes, as Cal.com's signature uses it.
fn standard_key(secret: &str) -> Vec<u8> {
    secret
        .strip_prefix(STANDARD_SECRET_PREFIX)
        .and_then(|encoded| BASE64.decode(encoded).ok())
        .unwrap_or_else(|| secret.as_bytes().to_vec())
}

/// The Standard Webhooks `webhook-signature` value: `v1,` + base64(HMAC-SHA256(key, "{msg_id}.{timestamp}.{body}")).
/// The key is the base64-decoded part after `whsec_` when the secret has that form (the standard's own secrets,
/// which its libraries decode the same way, so they verify the signature), else the secret's UTF-8 bytes (any other
/// secret a Cal.com user chose, keyed as Cal.com's signature keys it). `msg_id` and `timestamp` are the values sent
/// in `webhook-id` and `webhook-timestamp`.
pub fn standard_signature(secret: &str, msg_id: &str, timestamp: i64, body: &[u8]) -> String {
    let prefix = format!("{msg_id}.{timestamp}.");
    let mac = hmac_sha256(&standard_key(secret), &[prefix.as_bytes(), body]);
    format!("v1,{}", BASE64.encode(mac))
}

/// Prefix of delivery ids (Svix's, which Standard Webhooks examples use).
pub const DELIVERY_ID_PREFIX: &str = "msg_";
/// Length of every delivery id: the prefix and 26 Crockford base32 digits.
pub const DELIVERY_ID_LEN: usize = DELIVERY_ID_PREFIX.len() + 26;

/// Crockford's base32 alphabet: digits and capitals without `I`, `L`, `O` and `U`, in ASCII order so that the
/// text sorts as the number does.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new delivery id such as `msg_01J9ZQ3T5W6X7Y8Z9ABCDEFGHJ`: see [`delivery_id_at`].
pub fn delivery_id() -> String {
    delivery_id_at(Utc::now(), rand::random::<u128>())
}

/// The delivery id of `at` with the random bits `random` (only its low 80 bits are used): [`DELIVERY_ID_PREFIX`],
/// then the milliseconds since the Unix epoch in 48 bits and 80 random bits, as 26 Crockford base32 digits (a
/// ULID). Ids of different milliseconds sort as their times do, as text; ids of the same millisecond differ by
/// their random bits. Times before the epoch count as the epoch.
pub fn delivery_id_at(at: DateTime<Utc>, random: u128) -> String {
    const RANDOM_BITS: u32 = 80;
    let millis = u128::try_from(at.timestamp_millis()).unwrap_or(0) & ((1 << 48) - 1);
    let mut value = (millis << RANDOM_BITS) | (random & ((1 << RANDOM_BITS) - 1));
    // 26 digits of 5 bits hold 130 bits; the value has 128, so the first digit is at most 7.
    let mut digits = [b'0'; 26];
    for slot in digits.iter_mut().rev() {
        *slot = CROCKFORD[(value & 31) as usize];
        value >>= 5;
    }
    let mut id = String::with_capacity(DELIVERY_ID_LEN);
    id.push_str(DELIVERY_ID_PREFIX);
    id.extend(digits.iter().map(|&b| char::from(b)));
    id
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use chrono::TimeDelta;

    use super::*;

    #[test]
    fn cal_signature_is_hex_hmac_of_the_body() {
        // python3 -c "import hmac,hashlib; print(hmac.new(b'my-secret', b'{\"a\":1}', hashlib.sha256).hexdigest())"
        assert_eq!(
            cal_signature(Some("my-secret"), br#"{"a":1}"#),
            "97f6f2aac0738ccf3770bd6e3e7f89851ed0695dddfa0be66b33e448d7ee05ed"
        );
        assert_eq!(cal_signature(None, b"x"), "no-secret-provided");
        assert_eq!(cal_signature(Some(""), b"x"), "no-secret-provided");
    }

    #[test]
    fn standard_signature_matches_the_published_vector() {
        // The Standard Webhooks / Svix test vector (also recomputed with python3's hmac and base64 modules).
        assert_eq!(
            standard_signature(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                br#"{"test": 2432232314}"#,
            ),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn other_secrets_key_the_standard_signature_with_their_bytes() {
        let body = br#"{"test": 2432232314}"#;
        let raw = standard_signature("plain-secret", "msg_1", 1, body);
        let expected = format!("v1,{}", BASE64.encode(hmac_sha256(b"plain-secret", &[b"msg_1.1.", body])));
        assert_eq!(raw, expected);
        // A `whsec_` secret whose rest is not base64 is used as it is, prefix included.
        let odd = standard_signature("whsec_***", "msg_1", 1, body);
        assert_eq!(odd, format!("v1,{}", BASE64.encode(hmac_sha256(b"whsec_***", &[b"msg_1.1.", body]))));
    }

    #[test]
    fn delivery_ids_are_fixed_length_ulids() {
        let at = DateTime::from_timestamp_millis(1_700_000_000_000).unwrap();
        let id = delivery_id_at(at, 0);
        assert_eq!(id.len(), DELIVERY_ID_LEN);
        // Expected values computed independently in Python (the same ULID layout).
        assert_eq!(id, "msg_01HF7YAT000000000000000000");
        assert_eq!(delivery_id_at(at, 0x0123456789abcdef0123), "msg_01HF7YAT0004HMASW9NF6YY093");
        assert_eq!(delivery_id_at(DateTime::UNIX_EPOCH, u128::MAX), "msg_0000000000ZZZZZZZZZZZZZZZZ");
        assert!(delivery_id().starts_with(DELIVERY_ID_PREFIX));
        assert!(delivery_id()[4..].bytes().all(|b| CROCKFORD.contains(&b)));
    }

    #[test]
    fn delivery_ids_sort_by_time() {
        let start = DateTime::from_timestamp_millis(1_700_000_000_000).unwrap();
        let ids: Vec<String> = (0..2000)
            .map(|i| delivery_id_at(start + TimeDelta::milliseconds(i * 7919 % 100_000 + i * 100_000), rand::random()))
            .collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        // The random part cannot reorder different milliseconds.
        assert!(delivery_id_at(start, u128::MAX) < delivery_id_at(start + TimeDelta::milliseconds(1), 0));
    }

    #[test]
    fn delivery_ids_are_unique() {
        let ids: HashSet<String> = (0..10_000).map(|_| delivery_id()).collect();
        assert_eq!(ids.len(), 10_000);
    }
}

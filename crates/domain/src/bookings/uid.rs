//! Booking uids: the public, unguessable identifier in every booking path (`/v2/bookings/{bookingUid}`).

/// Flickr's base58 alphabet, as Cal.com's `short-uuid` uses it: digits and letters without `0`, `O`, `I` and `l`,
/// which are easily confused when read or typed.
const ALPHABET: &[u8; 58] = b"123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

/// Length of every uid: 58^22 > 2^128, so 22 digits hold any 128-bit value.
pub const BOOKING_UID_LEN: usize = 22;

/// A new booking uid such as `fL3xUkWu9mYcGsQe6GbTnP`: 128 random bits written in flickr base58, most significant
/// digit first, left-padded with `1` (the alphabet's zero) to 22 characters — the shape of Cal.com's uids, which are
/// `short-uuid` encodings of a UUID. Cal.com derives its UUID from the username, start and current time
/// (version 5); random bits make ours unguessable without relying on the secrecy of those inputs.
pub fn booking_uid() -> String {
    encode(rand::random::<u128>())
}

/// `value` in flickr base58, padded to [`BOOKING_UID_LEN`] digits.
fn encode(mut value: u128) -> String {
    let mut digits = [ALPHABET[0]; BOOKING_UID_LEN];
    for slot in digits.iter_mut().rev() {
        *slot = ALPHABET[(value % 58) as usize];
        value /= 58;
    }
    debug_assert_eq!(value, 0, "22 base58 digits hold any u128");
    digits.iter().map(|&b| char::from(b)).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn encodes_most_significant_digit_first_with_padding() {
        assert_eq!(encode(0), "1111111111111111111111");
        assert_eq!(encode(1), "1111111111111111111112");
        assert_eq!(encode(57), "111111111111111111111Z");
        assert_eq!(encode(58), "1111111111111111111121");
        // The largest value still fits in 22 digits.
        assert_eq!(encode(u128::MAX), "xBuEXKpA6iqZQK5Kf2TnkV");
    }

    #[test]
    fn uids_have_fixed_length_and_alphabet() {
        for _ in 0..1000 {
            let uid = booking_uid();
            assert_eq!(uid.len(), BOOKING_UID_LEN, "{uid}");
            assert!(uid.bytes().all(|b| ALPHABET.contains(&b)), "{uid}");
        }
    }

    #[test]
    fn uids_are_distinct() {
        let uids: HashSet<String> = (0..10_000).map(|_| booking_uid()).collect();
        assert_eq!(uids.len(), 10_000);
    }
}

//! When to try a delivery again. Cal.com tries once (or three times, on network errors only, when its task queue is
//! on; digest §6.5); Calends retries every failure with growing delays, so a receiver that is down for hours still
//! gets every delivery.
//!
//! Attempt 1 goes out at once; attempts 2 to 8 follow [`RETRY_DELAYS`] after the previous one: 5 s, 5 min, 30 min,
//! 2 h, 5 h, 10 h, 10 h (about 27.6 h in all), each stretched or shortened by up to [`JITTER`] so that deliveries
//! that failed together do not all return at once. A receiver that answers 429 or 503 with `Retry-After` is given at
//! least that long, up to [`MAX_RETRY_AFTER`].
//!
//! Only a 2xx answer is a success ([`is_success`]). Anything else is retried: other statuses, 3xx included
//! (redirects are not followed, as in Cal.com, so a redirect means the receiver did not take the delivery), and
//! attempts that got no answer (timeouts, refused connections, DNS or TLS errors).

use chrono::{DateTime, TimeDelta, Utc};

/// How many attempts a delivery gets in all.
pub const MAX_ATTEMPTS: u32 = 8;

/// The wait before attempts 2 to [`MAX_ATTEMPTS`], after the previous attempt.
pub const RETRY_DELAYS: [TimeDelta; MAX_ATTEMPTS as usize - 1] = [
    TimeDelta::seconds(5),
    TimeDelta::minutes(5),
    TimeDelta::minutes(30),
    TimeDelta::hours(2),
    TimeDelta::hours(5),
    TimeDelta::hours(10),
    TimeDelta::hours(10),
];

/// The largest share by which jitter changes a delay: ±20 %.
pub const JITTER: f64 = 0.2;

/// The longest `Retry-After` honoured: a receiver cannot park a delivery for longer than a day per attempt.
pub const MAX_RETRY_AFTER: TimeDelta = TimeDelta::hours(24);

/// Whether an HTTP status means the receiver took the delivery.
pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// Whether a status's `Retry-After` header is read: 429 Too Many Requests and 503 Service Unavailable, the two whose
/// `Retry-After` says when to come back.
pub fn reads_retry_after(status: u16) -> bool {
    status == 429 || status == 503
}

/// When to make the next attempt of a delivery that has had `attempts_made` attempts, the last one failing at `now`;
/// `None` once all [`MAX_ATTEMPTS`] were made. With no attempt made, the first is due `now`.
///
/// `jitter` in [-1, 1] (clamped; NaN counts as 0) scales the delay by `1 + JITTER × jitter`: callers pass a random
/// number, tests a fixed one. `retry_after` is the receiver's `Retry-After` (see [`parse_retry_after`] and
/// [`reads_retry_after`]); it replaces the computed delay when longer, capped at [`MAX_RETRY_AFTER`], and is not
/// jittered, since the receiver asked for that time.
pub fn next_attempt(
    attempts_made: u32,
    now: DateTime<Utc>,
    jitter: f64,
    retry_after: Option<TimeDelta>,
) -> Option<DateTime<Utc>> {
    if attempts_made == 0 {
        return Some(now);
    }
    let base = *RETRY_DELAYS.get(usize::try_from(attempts_made - 1).ok()?)?;
    let jitter = if jitter.is_nan() { 0.0 } else { jitter.clamp(-1.0, 1.0) };
    // Milliseconds are fine-grained enough, and the largest delay (10 h) is far from overflowing an f64 mantissa.
    let scaled = (base.num_milliseconds() as f64 * (1.0 + JITTER * jitter)).round() as i64;
    let mut delay = TimeDelta::milliseconds(scaled);
    if let Some(asked) = retry_after {
        let asked = asked.min(MAX_RETRY_AFTER);
        if asked > delay {
            delay = asked;
        }
    }
    now.checked_add_signed(delay)
}

/// Reads a `Retry-After` header value: delta-seconds (`120`) or an HTTP-date in any of the three forms HTTP
/// recipients must accept (RFC 9110 §5.6.7): IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, RFC 850
/// `Sunday, 06-Nov-94 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37 1994`. A date in the past gives zero. `None`
/// when the value is neither (a negative or fractional number included).
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<TimeDelta> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for a u64 means "very long"; the cap in `next_attempt` applies anyway.
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(i64::try_from(seconds).ok().and_then(TimeDelta::try_seconds).unwrap_or(TimeDelta::MAX));
    }
    let at = http_date(value)?;
    Some((at - now).max(TimeDelta::zero()))
}

fn http_date(value: &str) -> Option<DateTime<Utc>> {
    use chrono::NaiveDateTime;
    // IMF-fixdate is an RFC 2822 date with the `GMT` zone, which chrono reads.
    if let Ok(t) = DateTime::parse_from_rfc2822(value) {
        return Some(t.with_timezone(&Utc));
    }
    // `%y` maps 00–68 to 20xx and 69–99 to 19xx, close to RFC 9110's "50 years in the future" rule.
    let rfc850 =
        value.strip_suffix(" GMT").and_then(|v| NaiveDateTime::parse_from_str(v, "%A, %d-%b-%y %H:%M:%S").ok());
    let asctime = || NaiveDateTime::parse_from_str(value, "%a %b %e %H:%M:%S %Y").ok();
    rfc850.or_else(asctime).map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn delays(jitter: f64) -> Vec<TimeDelta> {
        let now = utc("2050-01-01T00:00:00Z");
        (1..MAX_ATTEMPTS).map(|made| next_attempt(made, now, jitter, None).unwrap() - now).collect()
    }

    #[test]
    fn schedule_without_jitter() {
        let now = utc("2050-01-01T00:00:00Z");
        assert_eq!(next_attempt(0, now, 0.7, None), Some(now), "the first attempt is immediate");
        let expected: Vec<TimeDelta> = [5, 300, 1800, 7200, 18_000, 36_000, 36_000].map(TimeDelta::seconds).to_vec();
        assert_eq!(delays(0.0), expected);
        assert_eq!(next_attempt(MAX_ATTEMPTS, now, 0.0, None), None);
        assert_eq!(next_attempt(MAX_ATTEMPTS + 5, now, 0.0, Some(TimeDelta::seconds(1))), None);
        let total: TimeDelta = expected.iter().sum();
        assert_eq!(total, TimeDelta::seconds(99_305));
    }

    #[test]
    fn jitter_scales_by_up_to_twenty_percent() {
        assert_eq!(delays(1.0)[0], TimeDelta::seconds(6));
        assert_eq!(delays(-1.0)[0], TimeDelta::seconds(4));
        assert_eq!(delays(0.5)[1], TimeDelta::seconds(330));
        assert_eq!(delays(-0.25)[6], TimeDelta::seconds(34_200));
        // Out-of-range jitter is clamped, NaN ignored.
        assert_eq!(delays(7.0), delays(1.0));
        assert_eq!(delays(f64::NAN), delays(0.0));
    }

    #[test]
    fn retry_after_extends_but_never_shortens() {
        let now = utc("2050-01-01T00:00:00Z");
        // Longer than 5 s: honoured, without jitter.
        assert_eq!(next_attempt(1, now, 1.0, Some(TimeDelta::seconds(120))), Some(now + TimeDelta::seconds(120)));
        // Shorter than 30 min: the schedule wins.
        assert_eq!(next_attempt(3, now, 0.0, Some(TimeDelta::seconds(60))), Some(now + TimeDelta::minutes(30)));
        // Capped at a day.
        assert_eq!(next_attempt(2, now, 0.0, Some(TimeDelta::days(9))), Some(now + TimeDelta::hours(24)));
        assert_eq!(next_attempt(2, now, 0.0, Some(TimeDelta::MAX)), Some(now + TimeDelta::hours(24)));
    }

    #[test]
    fn parses_retry_after_values() {
        let now = utc("1994-11-06T08:49:00Z");
        assert_eq!(parse_retry_after("120", now), Some(TimeDelta::seconds(120)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(TimeDelta::zero()));
        assert_eq!(parse_retry_after("99999999999999999999999", now), Some(TimeDelta::MAX));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), Some(TimeDelta::seconds(37)));
        assert_eq!(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now), Some(TimeDelta::seconds(37)));
        assert_eq!(parse_retry_after("Sun Nov  6 08:49:37 1994", now), Some(TimeDelta::seconds(37)));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now), Some(TimeDelta::zero()), "past dates");
        for bad in ["", "-5", "1.5", "soon", "Sun, 32 Nov 1994 08:49:37 GMT"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn only_2xx_succeeds() {
        assert!(is_success(200) && is_success(204) && is_success(299));
        for status in [100, 199, 301, 302, 304, 400, 404, 410, 429, 500, 503] {
            assert!(!is_success(status), "{status}");
        }
        assert!(reads_retry_after(429) && reads_retry_after(503) && !reads_retry_after(500));
    }
}

//! Reading and writing times the way the Cal.com API does: ISO 8601 with milliseconds.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

/// `2050-09-05T09:00:00.000Z`.
pub fn iso_utc(t: DateTime<Utc>) -> String {
    let mut out = String::with_capacity(29);
    push_iso_utc(&mut out, t);
    out
}

/// Appends [`iso_utc`]`(t)` to `out`.
pub fn push_iso_utc(out: &mut String, t: DateTime<Utc>) {
    if !write_iso(out, &t.naive_utc(), None) {
        out.push_str(&t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string());
    }
}

/// `2050-09-05T09:00:00.000+02:00` in `zone` (`Z` when the zone is UTC itself).
pub fn iso_in_zone(t: DateTime<Utc>, zone: Tz) -> String {
    let mut out = String::with_capacity(29);
    push_iso_in_zone(&mut out, t, zone);
    out
}

/// Appends [`iso_in_zone`]`(t, zone)` to `out`.
pub fn push_iso_in_zone(out: &mut String, t: DateTime<Utc>, zone: Tz) {
    if zone == Tz::UTC || zone == Tz::Etc__UTC {
        return push_iso_utc(out, t);
    }
    let local = t.with_timezone(&zone);
    let offset = local.offset().fix().local_minus_utc();
    if !write_iso(out, &local.naive_local(), Some(offset)) {
        out.push_str(&local.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string());
    }
}

/// The fixed-width ISO form written digit by digit: slot lists format thousands of times per request, and chrono's
/// format-string interpreter costs several times more. Writes nothing and returns `false` for years outside
/// 0..=9999 (the callers fall back).
fn write_iso(out: &mut String, t: &NaiveDateTime, offset_seconds: Option<i32>) -> bool {
    let Some(year) = u32::try_from(t.year()).ok().filter(|year| *year <= 9999) else { return false };
    // Filled in a buffer on the stack and appended at once: a push per character costs a capacity check each.
    let mut b = ISO_BUFFER;
    put_date(&mut b, year, t.month(), t.day());
    let len = put_time(&mut b, t.num_seconds_from_midnight(), t.nanosecond() / 1_000_000, offset_seconds);
    out.push_str(std::str::from_utf8(&b[..len]).expect("the buffer holds ASCII only"));
    true
}

/// The buffer [`put_date`] and [`put_time`] fill.
const ISO_BUFFER: [u8; 29] = *b"0000-00-00T00:00:00.000+00:00";

/// `YYYY-MM-DD` into the start of an [`ISO_BUFFER`] (`year` at most 9999).
fn put_date(b: &mut [u8; 29], year: u32, month: u32, day: u32) {
    put_digits(&mut b[0..4], year);
    put_pair(&mut b[5..7], month);
    put_pair(&mut b[8..10], day);
}

/// The time of day (`seconds` since midnight, `millis` capped at 999) and the offset (`None`: `Z`) into an
/// [`ISO_BUFFER`] after its date; how much of the buffer the whole form takes.
fn put_time(b: &mut [u8; 29], seconds: u32, millis: u32, offset_seconds: Option<i32>) -> usize {
    put_pair(&mut b[11..13], seconds / 3600);
    put_pair(&mut b[14..16], seconds / 60 % 60);
    put_pair(&mut b[17..19], seconds % 60);
    put_digits(&mut b[20..23], millis.min(999));
    match offset_seconds {
        None => {
            b[23] = b'Z';
            24
        }
        Some(offset) => {
            b[23] = if offset < 0 { b'-' } else { b'+' };
            let minutes = offset.unsigned_abs() / 60;
            put_pair(&mut b[24..26], minutes / 60);
            put_pair(&mut b[27..29], minutes % 60);
            29
        }
    }
}

/// Writes many instants as [`push_iso_in_zone`] does, faster when they come day by day (a slot list writes
/// thousands per answer): the date of the last local day written is kept, so an instant costs its zone offset and a
/// few divisions instead of a calendar computation.
pub struct IsoInZone {
    zone: Tz,
    utc: bool,
    /// The local day (days since 1970-01-01) whose `YYYY-MM-DD` starts `buffer`.
    day: Option<i64>,
    buffer: [u8; 29],
}

impl IsoInZone {
    pub fn new(zone: Tz) -> IsoInZone {
        let utc = zone == Tz::UTC || zone == Tz::Etc__UTC;
        IsoInZone { zone, utc, day: None, buffer: ISO_BUFFER }
    }

    /// Appends [`iso_in_zone`]`(t, zone)` to `out`.
    pub fn push(&mut self, out: &mut String, t: DateTime<Utc>) {
        let offset =
            if self.utc { 0 } else { self.zone.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc() };
        let local = t.timestamp() + i64::from(offset);
        let day = local.div_euclid(86_400);
        if self.day != Some(day) {
            let date = DateTime::from_timestamp(day * 86_400, 0).map(|d| d.date_naive());
            let Some(date) = date.filter(|d| (0..=9999).contains(&d.year())) else {
                return push_iso_in_zone(out, t, self.zone);
            };
            put_date(&mut self.buffer, date.year().unsigned_abs(), date.month(), date.day());
            self.day = Some(day);
        }
        let seconds = u32::try_from(local.rem_euclid(86_400)).expect("below 86,400");
        let offset = (!self.utc).then_some(offset);
        let len = put_time(&mut self.buffer, seconds, t.timestamp_subsec_millis(), offset);
        out.push_str(std::str::from_utf8(&self.buffer[..len]).expect("the buffer holds ASCII only"));
    }
}

/// `2050-09-05`: a date as Cal.com keys slots by it (written digit by digit, as [`iso_utc`]).
pub fn iso_date(date: NaiveDate) -> String {
    let mut out = String::with_capacity(10);
    push_iso_date(&mut out, date);
    out
}

/// Appends [`iso_date`]`(date)` to `out`.
pub fn push_iso_date(out: &mut String, date: NaiveDate) {
    let Some(year) = u32::try_from(date.year()).ok().filter(|year| *year <= 9999) else {
        return out.push_str(&date.format("%Y-%m-%d").to_string());
    };
    push_digits(out, year, 4);
    out.push('-');
    push_digits(out, date.month(), 2);
    out.push('-');
    push_digits(out, date.day(), 2);
}

fn push_digits(out: &mut String, value: u32, width: usize) {
    let mut b = [b'0'; 4];
    put_digits(&mut b[..width], value);
    out.push_str(std::str::from_utf8(&b[..width]).expect("digits are ASCII"));
}

/// `value` (below 100) as two digits into `digits`.
fn put_pair(digits: &mut [u8], value: u32) {
    const PAIRS: &[u8; 200] =
        b"0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849\
5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
    let at = (value % 100) as usize * 2;
    digits.copy_from_slice(&PAIRS[at..at + 2]);
}

/// `value`'s last `digits.len()` decimal digits, zero-padded, into `digits`.
fn put_digits(digits: &mut [u8], mut value: u32) {
    for digit in digits.iter_mut().rev() {
        *digit = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

/// The calendar date of `t` in `zone`.
pub fn local_date(t: DateTime<Utc>, zone: Tz) -> NaiveDate {
    t.with_timezone(&zone).date_naive()
}

/// An instant in ISO 8601: with `Z` or an offset, or without one (read as UTC); fractional seconds allowed.
pub fn parse_instant(value: &str) -> Result<DateTime<Utc>, String> {
    let value = value.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Ok(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(value, format) {
            return Ok(Utc.from_utc_datetime(&t));
        }
    }
    Err(format!("`{value}` is not an ISO 8601 date-time such as 2050-09-05T09:00:00Z"))
}

/// A query bound: an instant, or a bare date meaning the start (`end_of_day = false`) or the end of that day in
/// UTC, as Cal.com reads `start` and `end`.
pub fn parse_bound(value: &str, end_of_day: bool) -> Result<DateTime<Utc>, String> {
    let value = value.trim();
    if value.len() == 10
        && let Ok(date) = NaiveDate::parse_from_str(value, "%Y-%m-%d")
    {
        let time = if end_of_day {
            NaiveTime::from_hms_milli_opt(23, 59, 59, 999).unwrap_or(NaiveTime::MIN)
        } else {
            NaiveTime::MIN
        };
        return Ok(Utc.from_utc_datetime(&date.and_time(time)));
    }
    parse_instant(value).map_err(|_| format!("`{value}` is neither a date (2050-09-05) nor an ISO 8601 date-time"))
}

/// The UTC offset of `zone` at `t`, in minutes.
pub fn utc_offset_minutes(t: DateTime<Utc>, zone: Tz) -> i32 {
    let offset: FixedOffset = zone.offset_from_utc_datetime(&t.naive_utc()).fix();
    offset.local_minus_utc() / 60
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn writing_day_by_day_writes_what_iso_in_zone_writes() {
        let zones = [
            Tz::UTC,
            Tz::Etc__UTC,
            chrono_tz::Europe::London,
            chrono_tz::Europe::Rome,
            chrono_tz::America::New_York,
            chrono_tz::America::St_Johns,
            chrono_tz::Asia::Kolkata,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::Pacific::Apia,
        ];
        // Across DST changes both ways and a skipped day (Apia, 2011-12-30), before 1970, with milliseconds, and out
        // of 0..=9999 (the fallback).
        let starts =
            ["2011-12-28T00:00:00Z", "2026-03-27T00:00:00Z", "2026-10-23T00:00:00Z", "1969-12-30T22:00:00.250Z"];
        for zone in zones {
            for start in starts {
                let mut writer = IsoInZone::new(zone);
                let mut t = utc(start);
                for _ in 0..(5 * 48) {
                    let mut out = String::new();
                    writer.push(&mut out, t);
                    assert_eq!(out, iso_in_zone(t, zone), "{t} in {zone}");
                    t += chrono::Duration::minutes(30);
                }
            }
            let far = DateTime::from_timestamp(253_402_300_800 + 86_400, 0).unwrap();
            let mut out = String::new();
            IsoInZone::new(zone).push(&mut out, far);
            assert_eq!(out, iso_in_zone(far, zone));
        }
    }

    #[test]
    fn writes_cal_com_iso() {
        let t = utc("2050-09-05T07:00:00Z");
        assert_eq!(iso_utc(t), "2050-09-05T07:00:00.000Z");
        assert_eq!(iso_in_zone(t, chrono_tz::Europe::Rome), "2050-09-05T09:00:00.000+02:00");
        assert_eq!(iso_in_zone(t, chrono_tz::Asia::Kathmandu), "2050-09-05T12:45:00.000+05:45");
        assert_eq!(iso_in_zone(t, chrono_tz::America::New_York), "2050-09-05T03:00:00.000-04:00");
        assert_eq!(iso_in_zone(t, Tz::UTC), "2050-09-05T07:00:00.000Z");
        assert_eq!(local_date(t, chrono_tz::Pacific::Kiritimati).to_string(), "2050-09-05");
        assert_eq!(local_date(utc("2050-09-05T11:00:00Z"), chrono_tz::Pacific::Kiritimati).to_string(), "2050-09-06");
        assert_eq!(utc_offset_minutes(t, chrono_tz::Asia::Kathmandu), 345);
    }

    #[test]
    fn hand_written_iso_matches_chrono_everywhere() {
        let zones = [chrono_tz::Europe::Rome, chrono_tz::Asia::Kathmandu, chrono_tz::America::St_Johns, Tz::UTC];
        let mut t = utc("1969-12-31T23:59:59.999Z");
        for step in 0..5000i64 {
            t += chrono::Duration::milliseconds(step * 7_919_113 + 1);
            assert_eq!(iso_utc(t), t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string());
            for zone in zones.iter().take(3) {
                let expected = t.with_timezone(zone).format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string();
                assert_eq!(iso_in_zone(t, *zone), expected);
            }
        }
        let far = Utc.with_ymd_and_hms(12000, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(iso_utc(far), far.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string());
        let mut date = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        while date.year() < 2100 {
            assert_eq!(iso_date(date), date.format("%Y-%m-%d").to_string());
            date += chrono::Duration::days(97);
        }
        assert_eq!(iso_date(far.date_naive()), "+12000-01-01");
    }

    #[test]
    fn reads_instants_and_dates() {
        assert_eq!(parse_instant("2050-09-05T09:00:00Z"), Ok(utc("2050-09-05T09:00:00Z")));
        assert_eq!(parse_instant("2050-09-05T09:00:00.000+02:00"), Ok(utc("2050-09-05T07:00:00Z")));
        assert_eq!(parse_instant("2050-09-05T09:00:00"), Ok(utc("2050-09-05T09:00:00Z")));
        assert_eq!(parse_instant("2050-09-05T09:00"), Ok(utc("2050-09-05T09:00:00Z")));
        assert!(parse_instant("2050-09-05").is_err());
        assert!(parse_instant("tomorrow").is_err());
        assert!(parse_instant("2050-13-05T09:00:00Z").is_err());
        assert_eq!(parse_bound("2050-09-05", false), Ok(utc("2050-09-05T00:00:00Z")));
        assert_eq!(parse_bound("2050-09-06", true), Ok(utc("2050-09-06T23:59:59.999Z")));
        assert_eq!(parse_bound("2050-09-05T10:00:00Z", true), Ok(utc("2050-09-05T10:00:00Z")));
        assert!(parse_bound("2050-02-30", false).is_err());
    }
}

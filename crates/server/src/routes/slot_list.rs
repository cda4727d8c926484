//! The body of `GET /v2/slots`, written straight into one buffer.
//!
//! It is the largest answer the server gives often (a month of half hours is ~1,500 slots, ~50 KB): building it as
//! [`SlotsOutputResponse`](calends_model::slots::SlotsOutputResponse) cost a string per time and a map entry per
//! slot before serde walked it all again. The bytes are the ones serde writes for that type; the tests check it.

use calends_domain::times::{IsoInZone, local_date, push_iso_date};
use calends_slots::Tz;
use chrono::NaiveDate;

use crate::services::availability::Offered;

/// `{"status":"success","data":{"<date>":[{"start":...},...],...}}` for `slots` (sorted by start) in `zone`, dates
/// ascending; `range` adds each slot's `end`.
pub fn write(slots: &[Offered], zone: Tz, range: bool) -> String {
    // Each slot's date in `zone`, and the order to write them in: by date, then by start. Slots come sorted,
    // so dates only go back where a zone's clocks fall back across midnight; the sort keeps such a date whole.
    let mut order: Vec<(NaiveDate, usize)> =
        slots.iter().enumerate().map(|(i, o)| (local_date(o.slot.start, zone), i)).collect();
    if !order.is_sorted() {
        order.sort();
    }
    let per_slot = if range { 80 } else { 45 };
    let mut out = String::with_capacity(48 + slots.len() * per_slot);
    out.push_str(r#"{"status":"success","data":{"#);
    let mut current: Option<NaiveDate> = None;
    let mut times = IsoInZone::new(zone);
    for &(date, i) in &order {
        if current != Some(date) {
            if current.is_some() {
                out.push_str("],");
            }
            out.push('"');
            push_iso_date(&mut out, date);
            out.push_str(r#"":["#);
            current = Some(date);
        } else {
            out.push(',');
        }
        write_slot(&mut out, &slots[i], &mut times, range);
    }
    if current.is_some() {
        out.push(']');
    }
    out.push_str("}}");
    out
}

fn write_slot(out: &mut String, offered: &Offered, times: &mut IsoInZone, range: bool) {
    let slot = &offered.slot;
    out.push_str(r#"{"start":""#);
    times.push(out, slot.start);
    out.push('"');
    if range {
        out.push_str(r#","end":""#);
        times.push(out, slot.end);
        out.push('"');
    }
    if let Some(count) = slot.attendees {
        out.push_str(r#","attendeesCount":"#);
        out.push_str(&count.to_string());
    }
    if let Some(seated) = &offered.seated_booking {
        out.push_str(r#","bookingUid":"#);
        out.push_str(&serde_json::Value::from(seated.uid.as_str()).to_string());
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use calends_domain::times::{iso_date, iso_in_zone};
    use calends_model::slots::{SlotOutput, SlotsOutputResponse};
    use calends_slots::{SeatedBooking, Slot};
    use calends_store::SeatedSlot;
    use chrono::{DateTime, Duration, Utc};

    use super::*;

    /// What serde writes for the model type: the contract this writer must keep.
    fn by_serde(slots: &[Offered], zone: Tz, range: bool) -> String {
        let mut data: BTreeMap<String, Vec<SlotOutput>> = BTreeMap::new();
        for o in slots {
            data.entry(iso_date(local_date(o.slot.start, zone))).or_default().push(SlotOutput {
                start: iso_in_zone(o.slot.start, zone),
                end: range.then(|| iso_in_zone(o.slot.end, zone)),
                attendees_count: o.slot.attendees,
                booking_uid: o.seated_booking.as_ref().map(|s| s.uid.clone()),
            });
        }
        serde_json::to_string(&SlotsOutputResponse::new(data)).unwrap()
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    fn offered(start: DateTime<Utc>, minutes: i64, seat: Option<(&str, u32)>) -> Offered {
        let end = start + Duration::minutes(minutes);
        Offered {
            slot: Slot { start, end, attendees: seat.map(|(_, n)| n) },
            seated_booking: seat.map(|(uid, n)| SeatedSlot {
                booking_id: 1,
                uid: uid.into(),
                seat: SeatedBooking { start, end, attendees: n },
            }),
        }
    }

    #[test]
    fn writes_what_serde_writes_for_the_model() {
        let slots: Vec<Offered> =
            (0..100).map(|i| offered(at("2050-09-05T20:00:00Z") + Duration::minutes(45 * i), 30, None)).collect();
        for zone in ["UTC", "Europe/Rome", "Asia/Kathmandu", "America/St_Johns", "Pacific/Kiritimati"] {
            let zone: Tz = zone.parse().unwrap();
            for range in [false, true] {
                assert_eq!(write(&slots, zone, range), by_serde(&slots, zone, range), "{zone} range={range}");
            }
        }
    }

    #[test]
    fn seated_slots_carry_their_count_and_booking() {
        let slots = [
            offered(at("2050-09-05T09:00:00Z"), 60, Some(("bk\"1", 2))),
            offered(at("2050-09-05T10:00:00Z"), 60, None),
            offered(at("2050-09-06T10:00:00Z"), 60, Some(("8aQ3xv", 0))),
        ];
        let zone: Tz = "Europe/Berlin".parse().unwrap();
        assert_eq!(write(&slots, zone, true), by_serde(&slots, zone, true));
    }

    #[test]
    fn no_slots_is_an_empty_object() {
        assert_eq!(write(&[], Tz::UTC, false), r#"{"status":"success","data":{}}"#);
        assert_eq!(write(&[], Tz::UTC, false), by_serde(&[], Tz::UTC, false));
    }

    #[test]
    fn a_date_that_comes_back_stays_whole() {
        // Where a zone's clocks fall back across midnight, a later slot can have an earlier date. Whatever the
        // cause, each date is written once, its slots in the order given.
        let slots: Vec<Offered> =
            ["2050-09-06T09:00:00Z", "2050-09-05T09:00:00Z", "2050-09-06T08:00:00Z", "2050-09-05T10:00:00Z"]
                .iter()
                .map(|t| offered(at(t), 30, None))
                .collect();
        let written = write(&slots, Tz::UTC, false);
        assert_eq!(written, by_serde(&slots, Tz::UTC, false));
        assert_eq!(written.matches("2050-09-05\"").count(), 1);
    }
}

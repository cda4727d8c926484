//! Availability schedules: validation, the stored record, and conversion for the slot engine.

use calends_model::common::WeekDay;
use calends_model::schedules::{
    CreateScheduleInput, ScheduleAvailability, ScheduleOutput, ScheduleOverride, UpdateScheduleInput,
};
use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::validate::{self, Validator};

/// Weekly hours in minutes since local midnight (`end_minute` up to 1440).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyHours {
    pub days: Vec<WeekDay>,
    pub start_minute: u16,
    pub end_minute: u16,
}

/// Hours of one date; `start_minute == end_minute == 0` means unavailable that date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateHours {
    pub date: NaiveDate,
    pub start_minute: u16,
    pub end_minute: u16,
}

/// What a schedule says, without its identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleSpec {
    pub name: String,
    pub time_zone: String,
    pub weekly: Vec<WeeklyHours>,
    pub overrides: Vec<DateHours>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub id: i64,
    pub user_id: i64,
    pub spec: ScheduleSpec,
    /// Whether it is its owner's default schedule.
    pub is_default: bool,
}

const MAX_NAME: usize = 100;
const MAX_RULES: usize = 100;
const MAX_OVERRIDES: usize = 1000;

/// Parses `HH:mm` into minutes since midnight; `24:00` only when `allow_end_of_day`.
fn parse_time(value: &str, allow_end_of_day: bool) -> std::result::Result<u16, String> {
    let bad = || format!("`{value}` is not a time in HH:mm format (00:00 to 23:59)");
    let (h, m) = value.split_once(':').ok_or_else(bad)?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    match (h, m) {
        (24, 0) if allow_end_of_day => Ok(1440),
        (0..=23, 0..=59) => Ok(h * 60 + m),
        _ => Err(bad()),
    }
}

fn format_time(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn check_weekly(v: &mut Validator, rules: &[ScheduleAvailability]) -> Vec<WeeklyHours> {
    if rules.len() > MAX_RULES {
        v.add("availability", format!("must have at most {MAX_RULES} entries"));
    }
    let mut out = Vec::with_capacity(rules.len());
    for (i, rule) in rules.iter().enumerate() {
        let at = |f: &str| format!("availability[{i}].{f}");
        if rule.days.is_empty() {
            v.add(at("days"), format!("must name at least one of: {}", WeekDay::allowed()));
        }
        let start = v.take(&at("startTime"), parse_time(&rule.start_time, false));
        let end = v.take(&at("endTime"), parse_time(&rule.end_time, true));
        if let (Some(start), Some(end)) = (start, end) {
            if end <= start {
                v.add(at("endTime"), format!("must be after startTime ({} <= {})", rule.end_time, rule.start_time));
            } else {
                let mut days = rule.days.clone();
                days.sort();
                days.dedup();
                out.push(WeeklyHours { days, start_minute: start, end_minute: end });
            }
        }
    }
    out
}

fn check_overrides(v: &mut Validator, overrides: &[ScheduleOverride]) -> Vec<DateHours> {
    if overrides.len() > MAX_OVERRIDES {
        v.add("overrides", format!("must have at most {MAX_OVERRIDES} entries"));
    }
    let mut out = Vec::with_capacity(overrides.len());
    for (i, o) in overrides.iter().enumerate() {
        let at = |f: &str| format!("overrides[{i}].{f}");
        let date = v.take(
            &at("date"),
            NaiveDate::parse_from_str(&o.date, "%Y-%m-%d")
                .ok()
                .filter(|_| o.date.len() == 10)
                .ok_or_else(|| format!("`{}` is not a date in YYYY-MM-DD format", o.date)),
        );
        let start = v.take(&at("startTime"), parse_time(&o.start_time, false));
        let end = v.take(&at("endTime"), parse_time(&o.end_time, true));
        if let (Some(date), Some(start), Some(end)) = (date, start, end) {
            let day_off = start == 0 && end == 0;
            if end <= start && !day_off {
                v.add(
                    at("endTime"),
                    format!(
                        "must be after startTime ({} <= {}); use 00:00-00:00 to make the date unavailable",
                        o.end_time, o.start_time
                    ),
                );
            } else {
                out.push(DateHours { date, start_minute: start, end_minute: end });
            }
        }
    }
    out.sort_by_key(|o| (o.date, o.start_minute));
    out
}

fn check_name(v: &mut Validator, name: &str) {
    v.take("name", validate::text(name, MAX_NAME));
}

/// Monday to Friday, 09:00 to 17:00: what Cal.com gives a schedule created without availability.
pub fn default_weekly() -> Vec<WeeklyHours> {
    vec![WeeklyHours {
        days: vec![WeekDay::Monday, WeekDay::Tuesday, WeekDay::Wednesday, WeekDay::Thursday, WeekDay::Friday],
        start_minute: 9 * 60,
        end_minute: 17 * 60,
    }]
}

pub fn validate_create(input: &CreateScheduleInput) -> Result<ScheduleSpec> {
    let mut v = Validator::new();
    check_name(&mut v, &input.name);
    v.take("timeZone", validate::time_zone(&input.time_zone));
    let weekly = input.availability.as_deref().map(|a| check_weekly(&mut v, a)).unwrap_or_else(default_weekly);
    let overrides = check_overrides(&mut v, input.overrides.as_deref().unwrap_or_default());
    v.finish()?;
    Ok(ScheduleSpec { name: input.name.trim().to_owned(), time_zone: input.time_zone.clone(), weekly, overrides })
}

/// The schedule after `input`, validated as a whole; absent fields keep their current value.
pub fn validate_update(current: &Schedule, input: &UpdateScheduleInput) -> Result<ScheduleSpec> {
    let mut v = Validator::new();
    let mut spec = current.spec.clone();
    if let Some(name) = &input.name {
        check_name(&mut v, name);
        spec.name = name.trim().to_owned();
    }
    if let Some(tz) = &input.time_zone {
        v.take("timeZone", validate::time_zone(tz));
        spec.time_zone = tz.clone();
    }
    if let Some(availability) = &input.availability {
        spec.weekly = check_weekly(&mut v, availability);
    }
    if let Some(overrides) = &input.overrides {
        spec.overrides = check_overrides(&mut v, overrides);
    }
    if input.is_default == Some(false) && current.is_default {
        v.add("isDefault", "this is your default schedule: make another schedule the default instead");
    }
    v.finish()?;
    Ok(spec)
}

pub fn to_output(schedule: &Schedule) -> ScheduleOutput {
    ScheduleOutput {
        id: schedule.id,
        owner_id: schedule.user_id,
        name: schedule.spec.name.clone(),
        time_zone: schedule.spec.time_zone.clone(),
        availability: schedule
            .spec
            .weekly
            .iter()
            .map(|w| ScheduleAvailability {
                days: w.days.clone(),
                start_time: format_time(w.start_minute),
                end_time: format_time(w.end_minute),
            })
            .collect(),
        is_default: schedule.is_default,
        overrides: schedule
            .spec
            .overrides
            .iter()
            .map(|o| ScheduleOverride {
                date: o.date.format("%Y-%m-%d").to_string(),
                start_time: format_time(o.start_minute),
                end_time: format_time(o.end_minute),
            })
            .collect(),
    }
}

pub fn weekday(day: WeekDay) -> Weekday {
    match day {
        WeekDay::Monday => Weekday::Mon,
        WeekDay::Tuesday => Weekday::Tue,
        WeekDay::Wednesday => Weekday::Wed,
        WeekDay::Thursday => Weekday::Thu,
        WeekDay::Friday => Weekday::Fri,
        WeekDay::Saturday => Weekday::Sat,
        WeekDay::Sunday => Weekday::Sun,
    }
}

/// The schedule as the slot engine reads it.
pub fn to_engine(spec: &ScheduleSpec) -> Result<calends_slots::Schedule> {
    let time_zone = validate::time_zone(&spec.time_zone).map_err(Error::Internal)?;
    Ok(calends_slots::Schedule {
        time_zone,
        weekly: spec
            .weekly
            .iter()
            .map(|w| calends_slots::WeeklyRange {
                days: w.days.iter().copied().map(weekday).collect(),
                start_minute: w.start_minute,
                end_minute: w.end_minute,
            })
            .collect(),
        overrides: spec
            .overrides
            .iter()
            .map(|o| calends_slots::DateOverride {
                date: o.date,
                start_minute: o.start_minute,
                end_minute: o.end_minute,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(days: &[WeekDay], start: &str, end: &str) -> ScheduleAvailability {
        ScheduleAvailability { days: days.to_vec(), start_time: start.into(), end_time: end.into() }
    }

    fn input() -> CreateScheduleInput {
        CreateScheduleInput {
            name: "Work".into(),
            time_zone: "Europe/Rome".into(),
            availability: None,
            is_default: true,
            overrides: None,
        }
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("00:00", false), Ok(0));
        assert_eq!(parse_time("09:30", false), Ok(570));
        assert_eq!(parse_time("23:59", false), Ok(1439));
        assert_eq!(parse_time("24:00", true), Ok(1440));
        for bad in ["24:00", "9:00", "09:60", "25:00", "0900", "ab:cd", "", "09:00:00", "-1:00"] {
            assert!(parse_time(bad, false).is_err(), "{bad}");
        }
        assert_eq!(format_time(1440), "24:00");
    }

    #[test]
    fn absent_availability_is_weekdays_nine_to_five() {
        let spec = validate_create(&input()).unwrap();
        assert_eq!(spec.weekly, default_weekly());
        assert!(spec.overrides.is_empty());
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = CreateScheduleInput {
            name: " ".into(),
            time_zone: "Europe/Atlantis".into(),
            availability: Some(vec![
                rule(&[], "09:00", "17:00"),
                rule(&[WeekDay::Monday], "17:00", "09:00"),
                rule(&[WeekDay::Monday], "9", "10:00"),
            ]),
            is_default: false,
            overrides: Some(vec![
                ScheduleOverride { date: "2026-02-30".into(), start_time: "10:00".into(), end_time: "11:00".into() },
                ScheduleOverride { date: "2026-03-01".into(), start_time: "12:00".into(), end_time: "11:00".into() },
            ]),
        };
        let Err(Error::Invalid(errors)) = validate_create(&bad) else { panic!() };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "timeZone",
                "availability[0].days",
                "availability[1].endTime",
                "availability[2].startTime",
                "overrides[0].date",
                "overrides[1].endTime"
            ]
        );
    }

    #[test]
    fn a_day_off_is_an_override_from_midnight_to_midnight() {
        let with_day_off = CreateScheduleInput {
            overrides: Some(vec![ScheduleOverride {
                date: "2026-12-25".into(),
                start_time: "00:00".into(),
                end_time: "00:00".into(),
            }]),
            ..input()
        };
        let spec = validate_create(&with_day_off).unwrap();
        assert_eq!(spec.overrides[0].start_minute, spec.overrides[0].end_minute);
    }

    #[test]
    fn update_keeps_absent_fields_and_protects_the_default() {
        let current = Schedule { id: 1, user_id: 1, spec: validate_create(&input()).unwrap(), is_default: true };
        let renamed =
            validate_update(&current, &UpdateScheduleInput { name: Some("New".into()), ..Default::default() }).unwrap();
        assert_eq!(renamed.name, "New");
        assert_eq!(renamed.weekly, current.spec.weekly);
        let undefault = UpdateScheduleInput { is_default: Some(false), ..Default::default() };
        assert!(matches!(validate_update(&current, &undefault), Err(Error::Invalid(_))));
    }

    #[test]
    fn round_trips_to_the_wire() {
        let spec = validate_create(&CreateScheduleInput {
            availability: Some(vec![rule(&[WeekDay::Tuesday, WeekDay::Monday], "08:15", "24:00")]),
            ..input()
        })
        .unwrap();
        let out = to_output(&Schedule { id: 3, user_id: 9, spec, is_default: false });
        assert_eq!(out.availability, [rule(&[WeekDay::Monday, WeekDay::Tuesday], "08:15", "24:00")]);
        assert_eq!(out.owner_id, 9);
    }
}

//! Event types: validation of what users send, the configuration storage keeps, the Cal.com-shaped output, and the
//! typed view of the settings that the slot engine and the booking code use.
//!
//! An event type's settings live in one [`EventTypeConfig`], stored as one JSON document. Requests are validated by
//! [`validate_create`] and [`validate_update`], which collect every bad field; [`to_output`] renders the stored
//! settings the way Cal.com returns them.

use calends_model::event_types::{
    BookerLayouts, CalVideoSettings, DestinationCalendar, EventTypeColor, Frequency, InputLocation, NoticeThresholdUnit,
};
use calends_slots::{BookingWindow, PeriodLimits, Rules};
use chrono::{DateTime, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};

mod booking_fields;
mod output;
mod validate;

pub use booking_fields::{BookingField, BookingFieldKind};
pub use output::{EventTypeOwner, to_output};
pub use validate::{validate_create, validate_update};

/// Cal.com's default minimum notice for a new event type, in minutes.
pub const DEFAULT_MINIMUM_BOOKING_NOTICE: u32 = 120;

/// An event type as storage returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventType {
    pub id: i64,
    /// The user who owns it; for a team event type, the member who created it.
    pub owner_id: i64,
    /// Set for a team event type.
    pub team_id: Option<i64>,
    /// Set for a member's copy of a managed team event type: the team's event type.
    pub parent_id: Option<i64>,
    pub config: EventTypeConfig,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The validated, normalized settings of an event type: everything but its id, owner and timestamps.
///
/// Storage keeps it as one JSON document (and also indexes `slug` and `title`). Every field has a default, the one
/// Cal.com applies, so documents written before a field existed keep loading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EventTypeConfig {
    pub title: String,
    pub slug: String,
    /// `None` when none was given (the output shows an empty string).
    pub description: Option<String>,
    pub length_in_minutes: u32,
    /// The lengths a booker may choose, `length_in_minutes` included; `None` for a single length.
    pub length_in_minutes_options: Option<Vec<u32>>,
    /// At least one.
    pub locations: Vec<InputLocation>,
    /// The whole booking form in display order, default fields included.
    pub booking_fields: Vec<BookingField>,
    pub disable_guests: bool,
    /// Distance between slot starts; `None` means the length.
    pub slot_interval: Option<u32>,
    pub minimum_booking_notice: u32,
    pub before_event_buffer: u32,
    pub after_event_buffer: u32,
    /// `None`: the owner's default schedule.
    pub schedule_id: Option<i64>,
    /// `Some` with no limit set once limits were turned off (Cal.com then returns `{}`).
    pub booking_limits_count: Option<BookingLimits>,
    /// Booked minutes per period; `Some` with no limit set once limits were turned off.
    pub booking_limits_duration: Option<BookingLimits>,
    pub only_show_first_available_slot: bool,
    /// `None`: bookable at any time in the future.
    pub booking_window: Option<BookingWindowConfig>,
    pub offset_start: u32,
    pub booker_layouts: Option<BookerLayouts>,
    /// `None`: bookings are accepted right away.
    pub confirmation_policy: Option<ConfirmationPolicy>,
    pub recurrence: Option<RecurrenceSettings>,
    pub requires_booker_email_verification: bool,
    pub hide_calendar_notes: bool,
    pub lock_time_zone_toggle_on_booking_page: bool,
    pub color: Option<EventTypeColor>,
    pub seats: Option<SeatsSettings>,
    pub custom_name: Option<String>,
    pub destination_calendar: Option<DestinationCalendar>,
    pub use_destination_calendar_email: bool,
    pub hide_calendar_event_details: bool,
    pub success_redirect_url: Option<String>,
    pub hide_organizer_email: bool,
    pub cal_video_settings: Option<CalVideoSettings>,
    pub hidden: bool,
    pub booking_requires_authentication: bool,
    /// How a team event type is hosted; `None` for a personal event type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<crate::team_event_types::TeamHosting>,
}

/// Limits per calendar period; `None` is unlimited.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BookingLimits {
    pub day: Option<u32>,
    pub week: Option<u32>,
    pub month: Option<u32>,
    pub year: Option<u32>,
}

impl From<BookingLimits> for PeriodLimits {
    fn from(limits: BookingLimits) -> Self {
        PeriodLimits { day: limits.day, week: limits.week, month: limits.month, year: limits.year }
    }
}

/// How far ahead an event type can be booked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum BookingWindowConfig {
    /// The next `days` business days; with `rolling`, only days with availability count.
    #[serde(rename_all = "camelCase")]
    BusinessDays { days: u32, rolling: bool },
    /// The next `days` calendar days; with `rolling`, only days with availability count.
    #[serde(rename_all = "camelCase")]
    CalendarDays { days: u32, rolling: bool },
    /// Only the dates from `start` to `end`, both included.
    Range { start: NaiveDate, end: NaiveDate },
}

impl From<BookingWindowConfig> for BookingWindow {
    fn from(window: BookingWindowConfig) -> Self {
        match window {
            BookingWindowConfig::BusinessDays { days, rolling } => BookingWindow::BusinessDays { days, rolling },
            BookingWindowConfig::CalendarDays { days, rolling } => BookingWindow::CalendarDays { days, rolling },
            BookingWindowConfig::Range { start, end } => BookingWindow::Range { start, end },
        }
    }
}

/// Bookings need the host's confirmation: always, or only when made with less notice than a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmationPolicy {
    /// `None`: every booking needs confirmation (policy `always`); `Some`: only bookings made with less notice.
    pub notice_threshold: Option<ConfirmationThreshold>,
    /// Whether a booking awaiting confirmation keeps its slot from being offered to others.
    pub block_unconfirmed_bookings_in_booker: bool,
}

/// The notice under which a booking needs confirmation, in the unit it was given in (the output repeats it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmationThreshold {
    pub unit: NoticeThresholdUnit,
    pub count: u32,
}

impl ConfirmationThreshold {
    pub fn minutes(&self) -> u32 {
        match self.unit {
            NoticeThresholdUnit::Minutes => self.count,
            NoticeThresholdUnit::Hours => self.count.saturating_mul(60),
        }
    }
}

/// A seated event: several attendees book the same slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeatsSettings {
    pub seats_per_time_slot: u32,
    pub show_attendee_info: bool,
    pub show_availability_count: bool,
}

/// A recurring event: one booking creates up to `occurrences` bookings, every `interval` `frequency` periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecurrenceSettings {
    pub frequency: Frequency,
    pub interval: u32,
    pub occurrences: u32,
}

impl Default for EventTypeConfig {
    /// Cal.com's defaults for every setting. Title, slug and length have no meaningful default: a creation always
    /// sets them.
    fn default() -> Self {
        let locations = vec![InputLocation::cal_video()];
        let booking_fields = booking_fields::default_fields(locations.len());
        EventTypeConfig {
            title: String::new(),
            slug: String::new(),
            description: None,
            length_in_minutes: 30,
            length_in_minutes_options: None,
            locations,
            booking_fields,
            disable_guests: false,
            slot_interval: None,
            minimum_booking_notice: DEFAULT_MINIMUM_BOOKING_NOTICE,
            before_event_buffer: 0,
            after_event_buffer: 0,
            schedule_id: None,
            booking_limits_count: None,
            booking_limits_duration: None,
            only_show_first_available_slot: false,
            booking_window: None,
            offset_start: 0,
            booker_layouts: None,
            confirmation_policy: None,
            recurrence: None,
            requires_booker_email_verification: false,
            hide_calendar_notes: false,
            lock_time_zone_toggle_on_booking_page: false,
            color: None,
            seats: None,
            custom_name: None,
            destination_calendar: None,
            use_destination_calendar_email: false,
            hide_calendar_event_details: false,
            success_redirect_url: None,
            hide_organizer_email: false,
            cal_video_settings: None,
            hidden: false,
            booking_requires_authentication: false,
            team: None,
        }
    }
}

impl EventTypeConfig {
    /// The default length in minutes.
    pub fn length_minutes(&self) -> u32 {
        self.length_in_minutes
    }

    /// The lengths a booker may choose from; always includes [`Self::length_minutes`].
    pub fn length_options(&self) -> Vec<u32> {
        self.length_in_minutes_options.clone().unwrap_or_else(|| vec![self.length_in_minutes])
    }

    /// Distance between slot starts in minutes; `None` means the chosen length.
    pub fn slot_interval(&self) -> Option<u32> {
        self.slot_interval
    }

    /// The schedule the availability comes from; `None` means the owner's default schedule.
    pub fn schedule_id(&self) -> Option<i64> {
        self.schedule_id
    }

    /// Whether bookings of this event type (may) need the host's confirmation. With a notice threshold, only
    /// bookings made with less notice do: see [`Self::requires_confirmation_with_notice`].
    pub fn requires_confirmation(&self) -> bool {
        self.confirmation_policy.is_some()
    }

    /// The notice, in minutes, under which a booking needs confirmation (policy `time`); `None` with policy
    /// `always` or without a policy.
    pub fn confirmation_notice_threshold_minutes(&self) -> Option<u32> {
        self.confirmation_policy.and_then(|p| p.notice_threshold).map(|t| t.minutes())
    }

    /// Whether a booking made `notice_minutes` before its start needs the host's confirmation.
    pub fn requires_confirmation_with_notice(&self, notice_minutes: i64) -> bool {
        match self.confirmation_policy {
            None => false,
            Some(ConfirmationPolicy { notice_threshold: None, .. }) => true,
            Some(ConfirmationPolicy { notice_threshold: Some(threshold), .. }) => {
                notice_minutes < i64::from(threshold.minutes())
            }
        }
    }

    /// Whether bookings awaiting confirmation keep their slot from being offered (Cal.com's
    /// `blockUnconfirmedBookingsInBooker`). Without a confirmation policy no booking is ever unconfirmed.
    pub fn unconfirmed_bookings_block_slots(&self) -> bool {
        self.confirmation_policy.is_some_and(|p| p.block_unconfirmed_bookings_in_booker)
    }

    pub fn seats(&self) -> Option<SeatsSettings> {
        self.seats
    }

    pub fn recurrence(&self) -> Option<RecurrenceSettings> {
        self.recurrence
    }

    pub fn disable_guests(&self) -> bool {
        self.disable_guests
    }

    /// The booking form in display order, default fields included.
    pub fn booking_fields(&self) -> &[BookingField] {
        &self.booking_fields
    }

    /// The booking field answered under `slug`, if any.
    pub fn booking_field(&self, slug: &str) -> Option<&BookingField> {
        self.booking_fields.iter().find(|f| f.slug == slug)
    }

    pub fn locations(&self) -> &[InputLocation] {
        &self.locations
    }

    /// The slot engine's rules for a booking of `length_minutes` (one of [`Self::length_options`]), with weeks
    /// starting on `week_start` (the owner's setting) for the weekly limits.
    pub fn slot_rules(&self, length_minutes: u32, week_start: Weekday) -> Rules {
        Rules {
            length_minutes,
            interval_minutes: self.slot_interval,
            minimum_notice_minutes: self.minimum_booking_notice,
            before_buffer_minutes: self.before_event_buffer,
            after_buffer_minutes: self.after_event_buffer,
            offset_start_minutes: self.offset_start,
            window: self.booking_window.map(BookingWindow::from),
            count_limits: self.booking_limits_count.map(PeriodLimits::from).unwrap_or_default(),
            duration_limits: self.booking_limits_duration.map(PeriodLimits::from).unwrap_or_default(),
            only_first_per_day: self.only_show_first_available_slot,
            seats_per_slot: self.seats.map(|s| s.seats_per_time_slot),
            week_start,
        }
    }
}

#[cfg(test)]
mod tests;

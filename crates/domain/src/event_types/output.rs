//! The event type as Cal.com returns it (`EventTypeOutput_2024_06_14`), with the values Cal.com gives the settings
//! this server does not have (payments, instant meetings, brand colors).

use calends_model::common::WeekDay;
use calends_model::event_types::{
    BaseBookingLimitsCount, BaseBookingLimitsDuration, BaseConfirmationPolicy, BookingWindowSetting,
    BusinessDaysWindow, BusinessDaysWindowType, CalendarDaysWindow, CalendarDaysWindowType, ConfirmationPolicySetting,
    ConfirmationPolicyType, Disabled, EventTypeOutput, EventTypeUser, NoticeThreshold, OutputLocation, RangeWindow,
    RangeWindowType, Recurrence, Seats, SeatsSetting,
};
use serde_json::Map;

use super::{BookingLimits, BookingWindowConfig, ConfirmationPolicy, EventType, booking_fields};

/// The currency Cal.com reports for event types without a price.
const CURRENCY: &str = "usd";

/// The user an event type belongs to, as its output lists them in `users`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventTypeOwner {
    pub id: i64,
    pub username: String,
    pub name: Option<String>,
    pub avatar_url: Option<String>,
    pub week_start: WeekDay,
}

impl EventTypeOwner {
    pub fn of(user: &crate::users::User) -> EventTypeOwner {
        EventTypeOwner {
            id: user.id,
            username: user.username.clone(),
            name: user.name.clone(),
            avatar_url: user.avatar_url.clone(),
            week_start: user.week_start,
        }
    }
}

/// Renders a stored event type as `EventTypeOutput`.
pub fn to_output(event_type: &EventType, owner: &EventTypeOwner) -> EventTypeOutput {
    let config = &event_type.config;
    EventTypeOutput {
        id: event_type.id,
        owner_id: event_type.owner_id,
        length_in_minutes: wire(config.length_in_minutes),
        length_in_minutes_options: config
            .length_in_minutes_options
            .as_ref()
            .map(|o| o.iter().copied().map(wire).collect()),
        title: config.title.clone(),
        slug: config.slug.clone(),
        description: config.description.clone().unwrap_or_default(),
        locations: config.locations.iter().map(OutputLocation::from).collect(),
        booking_fields: config.booking_fields.iter().map(booking_fields::to_output).collect(),
        recurrence: config.recurrence.map(|r| Recurrence {
            interval: wire(r.interval),
            occurrences: wire(r.occurrences),
            frequency: r.frequency,
        }),
        disable_guests: config.disable_guests,
        slot_interval: config.slot_interval.map(wire),
        minimum_booking_notice: wire(config.minimum_booking_notice),
        before_event_buffer: wire(config.before_event_buffer),
        after_event_buffer: wire(config.after_event_buffer),
        metadata: Map::new(),
        price: 0,
        currency: CURRENCY.to_owned(),
        lock_time_zone_toggle_on_booking_page: config.lock_time_zone_toggle_on_booking_page,
        seats_per_time_slot: config.seats.map(|s| wire(s.seats_per_time_slot)),
        forward_params_success_redirect: Some(true),
        success_redirect_url: config.success_redirect_url.clone(),
        is_instant_event: false,
        seats_show_availability_count: config.seats.map(|s| s.show_availability_count),
        schedule_id: config.schedule_id,
        booking_limits_count: config.booking_limits_count.map(|l| {
            let [day, week, month, year] = wire_limits(l);
            BaseBookingLimitsCount { day, week, month, year }
        }),
        only_show_first_available_slot: config.only_show_first_available_slot,
        booking_limits_duration: config.booking_limits_duration.map(|l| {
            let [day, week, month, year] = wire_limits(l);
            BaseBookingLimitsDuration { day, week, month, year }
        }),
        booking_window: booking_window(config.booking_window),
        booker_layouts: config.booker_layouts.clone(),
        confirmation_policy: confirmation_policy(config.confirmation_policy),
        requires_booker_email_verification: config.requires_booker_email_verification,
        hide_calendar_notes: config.hide_calendar_notes,
        color: config.color.clone(),
        seats: match config.seats {
            None => SeatsSetting::Disabled(Disabled::default()),
            Some(s) => SeatsSetting::Seats(Seats {
                seats_per_time_slot: wire(s.seats_per_time_slot),
                show_attendee_info: s.show_attendee_info,
                show_availability_count: s.show_availability_count,
            }),
        },
        offset_start: wire(config.offset_start),
        custom_name: config.custom_name.clone(),
        destination_calendar: config.destination_calendar.clone(),
        use_destination_calendar_email: config.use_destination_calendar_email,
        hide_calendar_event_details: config.hide_calendar_event_details,
        hide_organizer_email: config.hide_organizer_email,
        cal_video_settings: config.cal_video_settings.clone(),
        hidden: config.hidden,
        booking_requires_authentication: config.booking_requires_authentication,
        users: vec![EventTypeUser {
            id: owner.id,
            name: owner.name.clone(),
            username: Some(owner.username.clone()),
            avatar_url: owner.avatar_url.clone(),
            week_start: owner.week_start,
            brand_color: None,
            dark_brand_color: None,
            metadata: Map::new(),
        }],
        parent_event_type_id: event_type.parent_id,
    }
}

/// Stored values are validated far below `i32::MAX`; saturating keeps this total anyway.
fn wire(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn wire_limits(limits: BookingLimits) -> [Option<i32>; 4] {
    [limits.day, limits.week, limits.month, limits.year].map(|l| l.map(wire))
}

/// Cal.com reports "no window" as `{"disabled": true}`, and the rolling flag of days windows always.
fn booking_window(window: Option<BookingWindowConfig>) -> BookingWindowSetting {
    match window {
        None => BookingWindowSetting::Disabled(Disabled::default()),
        Some(BookingWindowConfig::BusinessDays { days, rolling }) => {
            BookingWindowSetting::BusinessDays(BusinessDaysWindow {
                window_type: BusinessDaysWindowType::BusinessDays,
                value: wire(days),
                rolling: Some(rolling),
            })
        }
        Some(BookingWindowConfig::CalendarDays { days, rolling }) => {
            BookingWindowSetting::CalendarDays(CalendarDaysWindow {
                window_type: CalendarDaysWindowType::CalendarDays,
                value: wire(days),
                rolling: Some(rolling),
            })
        }
        Some(BookingWindowConfig::Range { start, end }) => BookingWindowSetting::Range(RangeWindow {
            window_type: RangeWindowType::Range,
            value: vec![start.format("%Y-%m-%d").to_string(), end.format("%Y-%m-%d").to_string()],
        }),
    }
}

/// Cal.com reports "no confirmation needed" as `{"disabled": true}`.
fn confirmation_policy(policy: Option<ConfirmationPolicy>) -> ConfirmationPolicySetting {
    let Some(policy) = policy else { return ConfirmationPolicySetting::Disabled(Disabled::default()) };
    ConfirmationPolicySetting::Policy(BaseConfirmationPolicy {
        policy_type: if policy.notice_threshold.is_some() {
            ConfirmationPolicyType::Time
        } else {
            ConfirmationPolicyType::Always
        },
        notice_threshold: policy.notice_threshold.map(|t| NoticeThreshold { unit: t.unit, count: wire(t.count) }),
        block_unconfirmed_bookings_in_booker: policy.block_unconfirmed_bookings_in_booker,
    })
}

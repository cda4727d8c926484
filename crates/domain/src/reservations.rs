//! Slot reservations: a slot held for a booker for a few minutes, busy time of its host until it expires.

use chrono::{DateTime, Duration, Utc};

/// Minutes a reservation lasts when the request does not say.
pub const DEFAULT_MINUTES: i64 = 5;
/// The longest reservation an authenticated caller may ask for.
pub const MAX_MINUTES: i64 = 24 * 60;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    pub id: i64,
    pub uid: String,
    pub event_type_id: i64,
    pub host_id: i64,
    pub slot_start: DateTime<Utc>,
    pub slot_end: DateTime<Utc>,
    pub reserved_until: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

impl Reservation {
    pub fn slot_minutes(&self) -> i64 {
        (self.slot_end - self.slot_start).num_minutes()
    }

    /// How long the reservation was made for (from its last create or update).
    pub fn reservation_minutes(&self) -> i64 {
        (self.reserved_until - self.created_at).num_minutes()
    }

    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.reserved_until > now
    }
}

/// What to reserve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReservation {
    pub event_type_id: i64,
    pub host_id: i64,
    pub slot_start: DateTime<Utc>,
    pub slot_end: DateTime<Utc>,
    pub reserved_until: DateTime<Utc>,
}

impl NewReservation {
    pub fn new(
        event_type_id: i64,
        host_id: i64,
        slot_start: DateTime<Utc>,
        slot_minutes: u32,
        reservation_minutes: i64,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            event_type_id,
            host_id,
            slot_start,
            slot_end: slot_start + Duration::minutes(i64::from(slot_minutes)),
            reserved_until: now + Duration::minutes(reservation_minutes),
        }
    }
}

//! Bookings: the records storage keeps, and the rules of booking event types that need neither HTTP nor SQL —
//! status transitions, their public uids, the pagination of the bookings list, the Cal.com-shaped output and the
//! "Add to Calendar" links of a booking.

pub mod calendar_links;
pub mod create;
pub mod location;
pub mod output;
pub mod pagination;
pub mod record;
pub mod responses;
pub mod uid;

pub use record::{Attendee, Booking, CoHost, NewAttendee, NewBooking};

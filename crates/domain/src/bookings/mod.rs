//! Bookings: the rules of booking event types that need neither HTTP nor SQL — their public uids, the pagination of
//! the bookings list and the "Add to Calendar" links of a booking.

pub mod calendar_links;
pub mod pagination;
pub mod uid;

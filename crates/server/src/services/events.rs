//! The webhook events a booking change fires, written into the outbox inside the change's own transaction.

use calends_domain::bookings::Booking;
use calends_domain::deliveries::NewEvent;
use calends_domain::event_types::EventTypeConfig;
use calends_domain::users::User;
use calends_domain::webhooks::payload::{self, BookingContext, BookingText, NoShowChange};
use calends_domain::webhooks::sign;
use calends_domain::{Error, Result};
use calends_model::bookings::BookingStatus;
use calends_model::webhooks::WebhookTrigger as T;
use calends_store::{BookingTx, Store};
use chrono::{DateTime, Utc};
use serde_json::Value;

/// A new booking's payload written (as JSON text) before the booking was, all of it but its id.
pub struct Prepared {
    trigger: T,
    text: BookingText,
}

/// The trigger a new booking in `status` fires, and the status its payload names: `BOOKING_REQUESTED` when it
/// awaits confirmation, else `BOOKING_CREATED`.
fn created_trigger(status: BookingStatus) -> (T, &'static str) {
    match status {
        BookingStatus::Pending => (T::BookingRequested, payload::status_word(status)),
        _ => (T::BookingCreated, payload::status_word(BookingStatus::Accepted)),
    }
}

/// An event to write, with the webhooks that owe a delivery of it.
pub type Event = (NewEvent, Vec<i64>);

/// `payload`'s value as JSON text, built when called.
fn json(payload: impl FnOnce() -> Value) -> impl FnOnce() -> Result<String> {
    move || serde_json::to_string(&payload()).map_err(Error::internal)
}

/// The booking payload of `ctx` naming `status`, as JSON text, written when called.
fn booking_text(ctx: &BookingContext, status: &str) -> Result<BookingText> {
    BookingText::new(ctx, status).map_err(Error::internal)
}

/// Whose own webhooks hear of a booking: its host's, for personal bookings; nobody's for team bookings (no user has
/// id 0).
fn subscriber_user(host_id: i64, team: Option<i64>) -> i64 {
    if team.is_some() { 0 } else { host_id }
}

/// The subscribers of one host and event type, read once per transaction.
pub struct Outbox {
    subscribers: Vec<(i64, Vec<T>)>,
    now: DateTime<Utc>,
    /// Whether anything was written (the worker is woken after the commit).
    pub wrote: bool,
}

impl Outbox {
    /// The outbox of a change to a booking of event type `event_type_id` organized by `host_id`: the host's own
    /// webhooks and the event type's receive it. For a team booking (`team`), only the event type's (Cal.com
    /// fires a user's webhooks for their personal event types only). Read in the change's transaction.
    pub async fn open(
        tx: &mut BookingTx,
        host_id: i64,
        team: Option<i64>,
        event_type_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Outbox> {
        let subscribers = tx.subscribers(subscriber_user(host_id, team), Some(event_type_id)).await?;
        Ok(Outbox { subscribers, now, wrote: false })
    }

    /// [`Outbox::open`], read before the change's transaction starts, so that its writer's turn (SQLite) does not
    /// include the read. A webhook created or changed meanwhile counts as created or changed after the change: one
    /// deleted or deactivated meanwhile gets nothing (the worker checks when it takes the deliveries).
    pub async fn read(
        store: &Store,
        host_id: i64,
        team: Option<i64>,
        event_type_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Outbox> {
        let subscribers = store.subscribers(subscriber_user(host_id, team), Some(event_type_id)).await?;
        Ok(Outbox::of(subscribers, now))
    }

    /// The outbox of a change at `now` whose subscribers (webhook ids with their triggers) are known.
    pub fn of(subscribers: Vec<(i64, Vec<T>)>, now: DateTime<Utc>) -> Outbox {
        Outbox { subscribers, now, wrote: false }
    }

    fn subscribed(&self, trigger: T) -> Vec<i64> {
        self.subscribers.iter().filter(|(_, triggers)| triggers.contains(&trigger)).map(|(id, _)| *id).collect()
    }

    /// Writes `trigger`'s event for `booking`, due at `due_at`, if any webhook subscribes to it. The payload is
    /// built only then.
    async fn emit(
        &mut self,
        tx: &mut BookingTx,
        trigger: T,
        booking: &Booking,
        due_at: DateTime<Utc>,
        payload: impl FnOnce() -> Value,
    ) -> Result<()> {
        let event = self.event(trigger, booking, due_at, json(payload))?;
        self.write(tx, event).await
    }

    /// `trigger`'s event for `booking`, due at `due_at`, with the webhooks subscribed to it; `None` (and the payload
    /// not built) when there are none.
    fn event(
        &self,
        trigger: T,
        booking: &Booking,
        due_at: DateTime<Utc>,
        payload: impl FnOnce() -> Result<String>,
    ) -> Result<Option<Event>> {
        let webhooks = self.subscribed(trigger);
        if webhooks.is_empty() {
            return Ok(None);
        }
        let event = NewEvent {
            trigger,
            payload: payload()?,
            booking_uid: Some(booking.uid.clone()),
            created_at: self.now,
            due_at,
        };
        Ok(Some((event, webhooks)))
    }

    /// Writes `events` in the change's transaction.
    async fn write(&mut self, tx: &mut BookingTx, events: impl IntoIterator<Item = Event>) -> Result<()> {
        for (event, webhooks) in events {
            tx.enqueue(&event, &webhooks, &mut sign::delivery_id).await?;
            self.wrote = true;
        }
        Ok(())
    }

    /// The payload [`Outbox::created`] sends for `preview` (the booking as it will be written, its id still 0), if
    /// any webhook listens: built before the booking's transaction, which then only fills in the id.
    pub fn prepare_created(&self, preview: &Booking, host: &User, config: &EventTypeConfig) -> Option<Prepared> {
        let ctx = BookingContext { booking: preview, host, event_type: Some(config) };
        let (trigger, status) = created_trigger(preview.status);
        if self.subscribed(trigger).is_empty() {
            return None;
        }
        booking_text(&ctx, status).ok().map(|text| Prepared { trigger, text })
    }

    /// A booking was made: `BOOKING_CREATED` (or `BOOKING_REQUESTED` when it awaits confirmation), and the
    /// time-based triggers of accepted bookings. `prepared`: its payload, built before the transaction.
    pub async fn created(
        &mut self,
        tx: &mut BookingTx,
        booking: &Booking,
        host: &User,
        config: &EventTypeConfig,
        prepared: Option<Prepared>,
    ) -> Result<()> {
        let events = self.created_events(booking, host, config, prepared)?;
        self.write(tx, events).await
    }

    /// The events [`Outbox::created`] writes, built but not written: a batch of creates writes them with its
    /// bookings (then wakes the worker itself).
    pub fn created_events(
        &self,
        booking: &Booking,
        host: &User,
        config: &EventTypeConfig,
        prepared: Option<Prepared>,
    ) -> Result<Vec<Event>> {
        let ctx = BookingContext { booking, host, event_type: Some(config) };
        let (trigger, status) = created_trigger(booking.status);
        let prepared = prepared.filter(|p| p.trigger == trigger);
        let payload = || {
            let text = match prepared {
                Some(prepared) => prepared.text,
                None => booking_text(&ctx, status)?,
            };
            Ok(text.with_id(booking.id))
        };
        let mut events: Vec<Event> = self.event(trigger, booking, self.now, payload)?.into_iter().collect();
        if booking.status != BookingStatus::Pending {
            events.extend(self.scheduled_events(booking, host, config)?);
        }
        Ok(events)
    }

    /// `MEETING_STARTED` at the start, `MEETING_ENDED` and `BOOKING_COMPLETED` at the end of an accepted booking.
    pub async fn schedule(
        &mut self,
        tx: &mut BookingTx,
        booking: &Booking,
        host: &User,
        config: &EventTypeConfig,
    ) -> Result<()> {
        let events = self.scheduled_events(booking, host, config)?;
        self.write(tx, events).await
    }

    fn scheduled_events(&self, booking: &Booking, host: &User, config: &EventTypeConfig) -> Result<Vec<Event>> {
        let ctx = BookingContext { booking, host, event_type: Some(config) };
        let meeting = || payload::meeting_row(booking, host);
        Ok([
            self.event(T::MeetingStarted, booking, booking.start, json(meeting))?,
            self.event(T::MeetingEnded, booking, booking.end, json(meeting))?,
            self.event(T::BookingCompleted, booking, booking.end, || {
                Ok(booking_text(&ctx, payload::status_word(BookingStatus::Accepted))?.with_id(booking.id))
            })?,
        ]
        .into_iter()
        .flatten()
        .collect())
    }

    /// Withdraws the old booking's time-based deliveries; the new one fires `BOOKING_RESCHEDULED` (or
    /// `BOOKING_REQUESTED` when it awaits confirmation) and gets its own.
    pub async fn rescheduled(
        &mut self,
        tx: &mut BookingTx,
        old: &Booking,
        new: &Booking,
        host: &User,
        config: &EventTypeConfig,
    ) -> Result<()> {
        tx.withdraw_scheduled(&old.uid, self.now).await?;
        let ctx = BookingContext { booking: new, host, event_type: Some(config) };
        if new.status == BookingStatus::Pending {
            self.emit(tx, T::BookingRequested, new, self.now, || payload::booking_requested(&ctx)).await
        } else {
            self.emit(tx, T::BookingRescheduled, new, self.now, || payload::booking_rescheduled(&ctx, old)).await?;
            self.schedule(tx, new, host, config).await
        }
    }

    /// A round-robin booking moved to a new host: `BOOKING_REASSIGNED`.
    pub async fn reassigned(
        &mut self,
        tx: &mut BookingTx,
        booking: &Booking,
        host: &User,
        previous: &User,
        reason: Option<&str>,
        config: &EventTypeConfig,
    ) -> Result<()> {
        let ctx = BookingContext { booking, host, event_type: Some(config) };
        self.emit(tx, T::BookingReassigned, booking, self.now, || payload::booking_reassigned(&ctx, previous, reason))
            .await
    }

    pub async fn cancelled(
        &mut self,
        tx: &mut BookingTx,
        booking: &Booking,
        host: &User,
        config: Option<&EventTypeConfig>,
    ) -> Result<()> {
        tx.withdraw_scheduled(&booking.uid, self.now).await?;
        let ctx = BookingContext { booking, host, event_type: config };
        self.emit(tx, T::BookingCancelled, booking, self.now, || payload::booking_cancelled(&ctx)).await
    }

    pub async fn confirmed(
        &mut self,
        tx: &mut BookingTx,
        booking: &Booking,
        host: &User,
        config: Option<&EventTypeConfig>,
    ) -> Result<()> {
        let ctx = BookingContext { booking, host, event_type: config };
        self.emit(tx, T::BookingConfirmed, booking, self.now, || payload::booking_confirmed(&ctx)).await?;
        if let Some(config) = config {
            self.schedule(tx, booking, host, config).await?;
        }
        Ok(())
    }

    pub async fn rejected(
        &mut self,
        tx: &mut BookingTx,
        booking: &Booking,
        host: &User,
        config: Option<&EventTypeConfig>,
    ) -> Result<()> {
        let ctx = BookingContext { booking, host, event_type: config };
        self.emit(tx, T::BookingRejected, booking, self.now, || payload::booking_rejected(&ctx)).await
    }

    /// `BOOKING_NO_SHOW_UPDATED` and, at the same moment, `BOOKING_NO_SHOW`.
    pub async fn no_show(
        &mut self,
        tx: &mut BookingTx,
        booking: &Booking,
        attendees: &[(String, bool)],
        host: Option<(&str, bool)>,
    ) -> Result<()> {
        let changes: Vec<NoShowChange> =
            attendees.iter().map(|(email, absent)| NoShowChange { email, no_show: *absent }).collect();
        let host = host.map(|(email, no_show)| NoShowChange { email, no_show });
        let body = || payload::no_show_updated(booking, &changes, host);
        self.emit(tx, T::BookingNoShowUpdated, booking, self.now, body).await?;
        self.emit(tx, T::BookingNoShow, booking, self.now, body).await
    }
}

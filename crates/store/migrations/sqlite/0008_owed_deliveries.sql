-- A change that fires a trigger writes one event row naming the deliveries it owes (`owed`: the webhooks and the
-- delivery ids they will be sent under, as `,<webhook id>:<delivery id>,...,`), instead of a delivery row per
-- webhook: the change's transaction stays short. The delivery worker turns an event's owed deliveries into
-- delivery rows when they are due (`due_at`) and it takes them, and sets `owed` to NULL.
ALTER TABLE webhook_events ADD COLUMN owed TEXT;
ALTER TABLE webhook_events ADD COLUMN due_at INTEGER;
CREATE INDEX webhook_events_owed ON webhook_events (due_at) WHERE owed IS NOT NULL;

-- Only time-based events are looked up by their booking (to withdraw them when it is cancelled or moved).
DROP INDEX webhook_events_booking;
CREATE INDEX webhook_events_booking ON webhook_events (booking_uid)
    WHERE booking_uid IS NOT NULL AND trigger IN ('MEETING_STARTED', 'MEETING_ENDED', 'BOOKING_COMPLETED');

-- Claims look only at pending deliveries; delivered and failed ones leave the index.
DROP INDEX webhook_deliveries_due;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

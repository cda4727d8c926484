-- Events name the deliveries they owe; the worker writes the delivery rows (see
-- migrations/sqlite/0008_owed_deliveries.sql).
ALTER TABLE webhook_events ADD COLUMN owed TEXT;
ALTER TABLE webhook_events ADD COLUMN due_at BIGINT;
CREATE INDEX webhook_events_owed ON webhook_events (due_at) WHERE owed IS NOT NULL;

DROP INDEX webhook_events_booking;
CREATE INDEX webhook_events_booking ON webhook_events (booking_uid)
    WHERE booking_uid IS NOT NULL AND trigger IN ('MEETING_STARTED', 'MEETING_ENDED', 'BOOKING_COMPLETED');

DROP INDEX webhook_deliveries_due;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

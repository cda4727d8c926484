-- The webhook outbox. A change that fires a trigger writes its event and the deliveries it owes in the same
-- transaction; the delivery worker sends them and records every attempt.

CREATE TABLE webhook_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    -- WEBHOOK trigger, e.g. BOOKING_CREATED.
    trigger     TEXT    NOT NULL,
    -- JSON: the trigger's payload, as built when the event happened.
    payload     TEXT    NOT NULL,
    -- The booking the event is about, so time-based deliveries can be withdrawn when it changes.
    booking_uid TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX webhook_events_booking ON webhook_events (booking_uid) WHERE booking_uid IS NOT NULL;

CREATE TABLE webhook_deliveries (
    -- Time-sortable `msg_...`: the same across attempts (the `webhook-id` header), so receivers can drop duplicates.
    id              TEXT    PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    webhook_id      INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    -- pending | delivered | failed | withdrawn
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- When the next attempt is due (for time-based triggers: when the meeting starts or ends).
    next_attempt_at INTEGER NOT NULL,
    -- A worker that claimed the delivery owns it until then; after that another may take it over.
    lease_until     INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);

CREATE TABLE webhook_attempts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id   TEXT    NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at  INTEGER NOT NULL,
    duration_ms   INTEGER NOT NULL,
    -- NULL when no response arrived (timeout, network error, refused target).
    status_code   INTEGER,
    error         TEXT,
    -- The first 4 KiB of the response body.
    response_body TEXT
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

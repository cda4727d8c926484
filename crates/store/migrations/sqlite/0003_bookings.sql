-- Bookings, their attendees, and idempotency keys of booking creation.

CREATE TABLE bookings (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The public identifier used in paths.
    uid                  TEXT    NOT NULL UNIQUE,
    -- No foreign key: bookings outlive their event type; the slug is kept for the output.
    event_type_id        INTEGER NOT NULL,
    event_type_slug      TEXT    NOT NULL,
    host_id              INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- accepted | pending | cancelled | rejected
    status               TEXT    NOT NULL,
    title                TEXT    NOT NULL,
    description          TEXT,
    start_at             INTEGER NOT NULL,
    end_at               INTEGER NOT NULL,
    -- [start_at - before buffer, end_at + after buffer) of the event type when booked: the host's busy time.
    busy_start           INTEGER NOT NULL,
    busy_end             INTEGER NOT NULL,
    location             TEXT,
    -- JSON objects / arrays.
    metadata             TEXT    NOT NULL,
    responses            TEXT    NOT NULL,
    guests               TEXT    NOT NULL,
    absent_host          INTEGER NOT NULL DEFAULT 0,
    cancellation_reason  TEXT,
    cancelled_by         TEXT,
    rejection_reason     TEXT,
    rescheduling_reason  TEXT,
    rescheduled_by       TEXT,
    rescheduled_from_uid TEXT,
    rescheduled_to_uid   TEXT,
    -- Shared by the occurrences of a recurring series.
    recurring_uid        TEXT,
    -- Seats per slot of a seated event type when booked; NULL for ordinary bookings.
    seats_per_slot       INTEGER,
    ics_uid              TEXT    NOT NULL,
    ics_sequence         INTEGER NOT NULL DEFAULT 0,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE INDEX bookings_host_busy ON bookings (host_id, busy_start);
CREATE INDEX bookings_event_type_start ON bookings (event_type_id, start_at);
CREATE INDEX bookings_recurring ON bookings (recurring_uid) WHERE recurring_uid IS NOT NULL;

CREATE TABLE attendees (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    booking_id   INTEGER NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    email        TEXT    NOT NULL,
    time_zone    TEXT    NOT NULL,
    language     TEXT,
    phone_number TEXT,
    absent       INTEGER NOT NULL DEFAULT 0,
    -- Guests are attendees the booker invited by e-mail.
    is_guest     INTEGER NOT NULL DEFAULT 0,
    -- Seated bookings: each attendee holds a seat with its own responses and metadata.
    seat_uid     TEXT UNIQUE,
    responses    TEXT,
    metadata     TEXT,
    created_at   INTEGER NOT NULL
);
CREATE INDEX attendees_booking ON attendees (booking_id);
CREATE INDEX attendees_email ON attendees (email);

-- A retried `POST /v2/bookings` with the same Idempotency-Key gets the first answer and books nothing new.
CREATE TABLE idempotency_keys (
    key          TEXT    PRIMARY KEY,
    -- SHA-256 of the request body: the same key with another body is refused.
    request_hash TEXT    NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
);

-- Event types and slot reservations.

CREATE TABLE event_types (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    slug        TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    -- The schedule the event type takes its hours from; NULL means the owner's default. Authoritative over the
    -- scheduleId inside config (a deleted schedule sets it to NULL here).
    schedule_id INTEGER REFERENCES schedules (id) ON DELETE SET NULL,
    -- JSON: the validated settings (calends_domain::event_types::EventTypeConfig).
    config      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX event_types_user_slug ON event_types (user_id, slug);

-- A slot held for a booker for a few minutes: busy time of the host until reserved_until.
CREATE TABLE slot_reservations (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    uid            TEXT    NOT NULL UNIQUE,
    event_type_id  INTEGER NOT NULL REFERENCES event_types (id) ON DELETE CASCADE,
    -- The host whose time the reservation holds.
    host_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    slot_start     INTEGER NOT NULL,
    slot_end       INTEGER NOT NULL,
    reserved_until INTEGER NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX slot_reservations_host_time ON slot_reservations (host_id, slot_start);

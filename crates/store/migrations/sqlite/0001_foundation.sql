-- Users, API keys, webhooks and schedules.
-- Conventions (shared by every backend's migrations): times are INTEGER milliseconds since the Unix epoch (UTC),
-- booleans are INTEGER 0/1, lists and objects are JSON text.

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    username            TEXT    NOT NULL UNIQUE,
    email               TEXT    NOT NULL UNIQUE,
    name                TEXT,
    time_zone           TEXT    NOT NULL,
    week_start          TEXT    NOT NULL DEFAULT 'Monday',
    time_format         INTEGER NOT NULL DEFAULT 24,
    default_schedule_id INTEGER,
    locale              TEXT,
    avatar_url          TEXT,
    bio                 TEXT,
    metadata            TEXT,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);

CREATE TABLE api_keys (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- SHA-256 hex of the key after its `cal_` prefix; the key itself is never stored.
    hashed_key TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER
);
CREATE INDEX api_keys_user ON api_keys (user_id);

CREATE TABLE webhooks (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Set for event-type webhooks; NULL for a user's own webhooks.
    event_type_id    INTEGER,
    subscriber_url   TEXT    NOT NULL,
    payload_template TEXT,
    active           INTEGER NOT NULL,
    secret           TEXT,
    triggers         TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX webhooks_user_url ON webhooks (user_id, subscriber_url) WHERE event_type_id IS NULL;
CREATE UNIQUE INDEX webhooks_event_type_url ON webhooks (event_type_id, subscriber_url) WHERE event_type_id IS NOT NULL;

-- Availability schedules. Whether one is the user's default is users.default_schedule_id.
CREATE TABLE schedules (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    time_zone    TEXT    NOT NULL,
    -- JSON: [{"days":["Monday",...],"startTime":"09:00","endTime":"17:00"}]
    availability TEXT    NOT NULL,
    -- JSON: [{"date":"2026-05-20","startTime":"18:00","endTime":"21:00"}]
    overrides    TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX schedules_user ON schedules (user_id);

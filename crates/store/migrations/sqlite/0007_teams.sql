-- Teams, their memberships, team event types and the hosts of bookings beyond the organizer.

CREATE TABLE teams (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    slug       TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL,
    -- JSON: the rest of the team's profile (calends_domain::teams::TeamProfile).
    profile    TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE memberships (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id               INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id               INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- MEMBER | ADMIN | OWNER
    role                  TEXT    NOT NULL,
    accepted              INTEGER NOT NULL,
    disable_impersonation INTEGER NOT NULL DEFAULT 0,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);
CREATE UNIQUE INDEX memberships_team_user ON memberships (team_id, user_id);
CREATE INDEX memberships_user ON memberships (user_id);

-- A team event type belongs to its team (user_id is the member who created it); a managed event type's children
-- belong to their member and name their parent. Slugs are unique per owner: per team, or per user among their own.
ALTER TABLE event_types ADD COLUMN team_id INTEGER REFERENCES teams (id) ON DELETE CASCADE;
ALTER TABLE event_types ADD COLUMN parent_id INTEGER REFERENCES event_types (id) ON DELETE CASCADE;
DROP INDEX event_types_user_slug;
CREATE UNIQUE INDEX event_types_user_slug ON event_types (user_id, slug) WHERE team_id IS NULL;
CREATE UNIQUE INDEX event_types_team_slug ON event_types (team_id, slug) WHERE team_id IS NOT NULL;
CREATE INDEX event_types_parent ON event_types (parent_id) WHERE parent_id IS NOT NULL;

-- The team of a team event type's booking, kept when the event type goes.
ALTER TABLE bookings ADD COLUMN team_id INTEGER;
CREATE INDEX bookings_team_start ON bookings (team_id, start_at) WHERE team_id IS NOT NULL;

-- Hosts of a booking besides its organizer (bookings.host_id): the other hosts of a collective event, the
-- mandatory hosts of a round-robin one. Their busy time is the booking's while it holds time.
CREATE TABLE booking_hosts (
    booking_id INTEGER NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    host_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    busy_start INTEGER NOT NULL,
    busy_end   INTEGER NOT NULL,
    PRIMARY KEY (booking_id, host_id)
);
CREATE INDEX booking_hosts_host_busy ON booking_hosts (host_id, busy_start);

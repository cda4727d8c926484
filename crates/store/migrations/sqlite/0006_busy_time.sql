-- The longest busy span (end minus start, buffers included, in milliseconds) of any booking a host ever had. Every
-- booking overlapping a window [from, to) starts in [from - max_busy_ms, to), which turns the busy-time lookup into
-- a bounded range of the (host_id, busy_start) index instead of a scan of the host's whole history.
ALTER TABLE users ADD COLUMN max_busy_ms INTEGER NOT NULL DEFAULT 0;
UPDATE users SET max_busy_ms = COALESCE((SELECT MAX(b.busy_end - b.busy_start) FROM bookings b WHERE b.host_id = users.id), 0);

-- Busy-time lookups read only this index: the bookings that hold time, with every column the lookup needs.
CREATE INDEX bookings_host_busy_active ON bookings (host_id, busy_start, busy_end, event_type_id, seats_per_slot, status)
    WHERE status IN ('accepted', 'pending');
-- Listing a host's bookings (by start, the default order) keeps an index over every status.
DROP INDEX bookings_host_busy;
CREATE INDEX bookings_host_start ON bookings (host_id, start_at);

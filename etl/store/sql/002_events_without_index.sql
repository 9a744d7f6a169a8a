-- 002: `events` without its PRIMARY KEY index. The loaders keep event_id unique themselves: a batch's
-- repeated ids are quarantined (duplicate_events.sql), an upsert deletes a changed event before it
-- inserts the new version, and tests/test_event_ids_unique.py checks it across loads. Keeping the
-- index up to date took about a fifth of a 1,000,000-row import (BENCHMARKS.md); DuckDB's own advice
-- for bulk loads is to leave such indexes out. The NOT NULL constraints stay.
CREATE TABLE events_002 AS SELECT * FROM events;
DROP TABLE events;
ALTER TABLE events_002 RENAME TO events;
ALTER TABLE events ALTER COLUMN event_id SET NOT NULL;
ALTER TABLE events ALTER COLUMN event_date SET NOT NULL;
ALTER TABLE events ALTER COLUMN time_precision SET NOT NULL;
ALTER TABLE events ALTER COLUMN event_type SET NOT NULL;
ALTER TABLE events ALTER COLUMN sub_event_type SET NOT NULL;
ALTER TABLE events ALTER COLUMN origin SET NOT NULL;

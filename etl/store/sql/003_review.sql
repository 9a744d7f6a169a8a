-- 003: what the analysts' review decisions (etl/store/review.py) did to this snapshot, applied by
-- etl/store/reviewed.py at the end of every load. Rejected and merged-away events move to
-- hidden_events (same columns as events): hidden, never removed; a restore moves them back.
CREATE TABLE IF NOT EXISTS hidden_events AS SELECT * FROM events LIMIT 0;

-- One row per event with a decision: its status, grade, number of independent sources, the decision's
-- version, the machine fingerprint of its source as loaded, and whether that source changed since the
-- decision (the event then returns to the review queue).
CREATE TABLE IF NOT EXISTS event_reviews (
    event_id VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    grade VARCHAR,
    n_sources INTEGER,
    version INTEGER NOT NULL,
    source_changed BOOLEAN NOT NULL,
    fingerprint VARCHAR,
    merged_into VARCHAR,
    reason VARCHAR,
    reviewed_by VARCHAR,
    reviewed_at TIMESTAMP
);

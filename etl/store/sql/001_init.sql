-- 001: the canonical tables. Columns of `events` follow etl/schema.py EVENT_FIELDS.
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR NOT NULL PRIMARY KEY,
    event_date DATE NOT NULL,
    time_precision TINYINT NOT NULL,
    disorder_type VARCHAR,
    event_type VARCHAR NOT NULL,
    sub_event_type VARCHAR NOT NULL,
    actor1 VARCHAR,
    actor2 VARCHAR,
    assoc_actor_1 VARCHAR,
    assoc_actor_2 VARCHAR,
    inter1 VARCHAR,
    inter2 VARCHAR,
    country VARCHAR,
    admin1 VARCHAR,
    admin2 VARCHAR,
    admin3 VARCHAR,
    admin1_pcode VARCHAR,
    admin2_pcode VARCHAR,
    admin3_pcode VARCHAR,
    location VARCHAR,
    location_ar VARCHAR,
    latitude DOUBLE,
    longitude DOUBLE,
    geo_precision TINYINT,
    fatalities INTEGER,
    injuries INTEGER,
    arrests INTEGER,
    source VARCHAR,
    source_url VARCHAR,
    notes VARCHAR,
    evidence VARCHAR,
    evidence_start INTEGER,
    evidence_end INTEGER,
    language VARCHAR,
    origin VARCHAR NOT NULL,
    article_id VARCHAR,
    confidence DOUBLE,
    timestamp TIMESTAMP,
    run_id INTEGER
);

-- Every source (article / dataset row) merged into an event: the event keeps the best record,
-- this table keeps all of them so an analyst can see who else reported it.
CREATE TABLE IF NOT EXISTS event_sources (
    event_id VARCHAR NOT NULL,
    source VARCHAR,
    source_url VARCHAR,
    article_id VARCHAR,
    evidence VARCHAR,
    evidence_start INTEGER,
    evidence_end INTEGER
);

CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR PRIMARY KEY,
    url VARCHAR,
    title VARCHAR,
    published DATE,
    source VARCHAR,
    language VARCHAR,
    text VARCHAR NOT NULL,
    input_path VARCHAR,
    n_events INTEGER NOT NULL DEFAULT 0,
    run_id INTEGER,
    timestamp TIMESTAMP
);

CREATE SEQUENCE IF NOT EXISTS runs_seq START 1;
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY DEFAULT nextval('runs_seq'),
    command VARCHAR NOT NULL,
    input_path VARCHAR,
    input_sha256 VARCHAR,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status VARCHAR NOT NULL,
    rows_read INTEGER NOT NULL DEFAULT 0,
    rows_inserted INTEGER NOT NULL DEFAULT 0,
    rows_updated INTEGER NOT NULL DEFAULT 0,
    rows_unchanged INTEGER NOT NULL DEFAULT 0,
    rows_quarantined INTEGER NOT NULL DEFAULT 0,
    software_version VARCHAR NOT NULL,
    message VARCHAR
);

CREATE TABLE IF NOT EXISTS quarantine (
    run_id INTEGER NOT NULL,
    input_path VARCHAR,
    record_no INTEGER,
    raw_record VARCHAR,
    reason VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS actor_aliases (
    actor VARCHAR NOT NULL,
    alias VARCHAR NOT NULL,
    language VARCHAR,
    PRIMARY KEY (actor, alias)
);

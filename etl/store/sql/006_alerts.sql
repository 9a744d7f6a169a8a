-- 006: surge alerts (etl/alerts), computed at the end of every load for the data days not yet evaluated,
-- stored with the figures that raised them (etl/store/alerts.py).
CREATE TABLE IF NOT EXISTS alerts (
    alert_id VARCHAR NOT NULL PRIMARY KEY,
    day DATE NOT NULL,              -- the data day the alert was raised on
    kind VARCHAR NOT NULL,          -- surge | first_actor | new_type | reactivated
    scope VARCHAR NOT NULL,         -- area (admin2) | actor
    area_pcode VARCHAR,
    area VARCHAR,
    admin1_pcode VARCHAR,
    admin1 VARCHAR,
    actor VARCHAR,
    event_type VARCHAR,
    measure VARCHAR,                -- surge: events | fatalities
    window_days INTEGER,            -- surge: 7 | 30
    observed INTEGER,               -- count in the window (surge) or on the day
    expected DOUBLE,                -- surge: baseline count scaled to the window
    baseline INTEGER,               -- surge: count in the baseline
    baseline_days INTEGER,          -- surge: baseline length; reactivated: the quiet days required
    ratio DOUBLE,
    p_value DOUBLE,
    last_seen DATE,                 -- reactivated: the area's previous event
    period_start DATE NOT NULL,     -- the events behind the alert
    period_end DATE NOT NULL,
    series INTEGER[],               -- weekly counts of the 16 weeks ending on `day` (oldest first)
    run_id INTEGER,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- The data days already evaluated (the last one is evaluated again: its data may still be coming in).
CREATE TABLE IF NOT EXISTS alert_days (
    day DATE NOT NULL PRIMARY KEY,
    run_id INTEGER
);

-- Each Atom feed write and webhook POST, with its outcome (a failure never fails a load).
CREATE TABLE IF NOT EXISTS alert_deliveries (
    run_id INTEGER,
    target VARCHAR NOT NULL,        -- atom | webhook
    alerts INTEGER NOT NULL,
    status VARCHAR NOT NULL,        -- ok | error
    message VARCHAR,
    delivered_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

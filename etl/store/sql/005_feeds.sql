-- 005: the news sources `marsad etl watch` polls (etl/feeds, data/sources.toml). Written in the same
-- snapshot swap as a poll's articles and run, so a killed watcher loses nothing and reads nothing twice.
-- feed_seen: the items of each source already read (loaded or quarantined): an item is fetched once.
CREATE TABLE IF NOT EXISTS feed_seen (
    source VARCHAR NOT NULL,
    item_key VARCHAR NOT NULL,
    article_id VARCHAR,
    outcome VARCHAR NOT NULL,
    run_id INTEGER,
    seen_at TIMESTAMP NOT NULL,
    PRIMARY KEY (source, item_key)
);

-- feed_state: per source, the conditional GET validators of its last complete read, when it was last
-- polled, how that went, its failures in a row and when it is due again.
CREATE TABLE IF NOT EXISTS feed_state (
    source VARCHAR PRIMARY KEY,
    etag VARCHAR,
    last_modified VARCHAR,
    last_polled_at TIMESTAMP,
    last_status VARCHAR,
    last_error VARCHAR,
    failures INTEGER NOT NULL DEFAULT 0,
    next_poll_at TIMESTAMP
);

-- feed_polls: each poll's accounting (its run in `runs` has the article counts):
-- items_new = items_loaded + items_quarantined + items_deferred (deferred: read at a later poll).
CREATE TABLE IF NOT EXISTS feed_polls (
    run_id INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    items_seen INTEGER NOT NULL,
    items_new INTEGER NOT NULL,
    items_loaded INTEGER NOT NULL,
    items_quarantined INTEGER NOT NULL,
    items_deferred INTEGER NOT NULL,
    error VARCHAR
);

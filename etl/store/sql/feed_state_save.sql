-- Save a source's polling state. Params: source, etag, last_modified, last_polled_at, last_status, last_error,
-- failures, next_poll_at.
INSERT OR REPLACE INTO feed_state (source, etag, last_modified, last_polled_at, last_status, last_error, failures,
                                   next_poll_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

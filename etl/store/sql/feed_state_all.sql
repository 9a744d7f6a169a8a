-- Every source's polling state, with the number of items read.
SELECT s.source, s.etag, s.last_modified, s.last_polled_at, s.last_status, s.last_error, s.failures, s.next_poll_at,
       (SELECT count(*) FROM feed_seen f WHERE f.source = s.source) AS items_read
FROM feed_state s ORDER BY s.source;

-- The poll accounting of the newest runs of a source. Params: source, how many.
SELECT p.run_id, r.status, strftime(r.started_at, '%Y-%m-%d %H:%M:%S'), p.status, p.items_seen, p.items_new,
       p.items_loaded, p.items_quarantined, p.items_deferred, p.error
FROM feed_polls p JOIN runs r USING (run_id)
WHERE p.source = ? ORDER BY p.run_id DESC LIMIT ?;

-- Mark items read (from the registered Arrow table _feed_seen_rows); an item already marked stays as it was.
INSERT OR IGNORE INTO feed_seen (source, item_key, article_id, outcome, run_id, seen_at)
SELECT source, item_key, article_id, outcome, run_id, seen_at FROM _feed_seen_rows;

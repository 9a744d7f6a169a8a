-- The item keys of a source already read. Param: source name.
SELECT item_key FROM feed_seen WHERE source = ?;

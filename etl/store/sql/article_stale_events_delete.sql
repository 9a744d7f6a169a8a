-- Remove events an earlier run extracted from this article that the current run no longer finds
-- (their event_sources rows go with them: see event_sources_replace.sql).
-- Params: article_id, list of the event_ids to keep.
DELETE FROM events WHERE article_id = $1 AND origin = 'article' AND NOT list_contains($2, event_id);

-- The reports merged into the given events. Param: list of event_ids.
SELECT event_id, source, source_url, article_id, evidence, evidence_start, evidence_end
FROM event_sources WHERE list_contains($1, event_id)
ORDER BY event_id, article_id, evidence_start;

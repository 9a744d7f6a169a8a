-- Replace the source rows of the events in _sources (event_id, source, source_url, article_id, evidence,
-- evidence_start, evidence_end), and drop source rows whose event no longer exists (a hidden event,
-- rejected or merged by an analyst, keeps its sources).
DELETE FROM event_sources WHERE event_id IN (SELECT DISTINCT event_id FROM _sources);
INSERT INTO event_sources SELECT DISTINCT * FROM _sources;
DELETE FROM event_sources WHERE event_id NOT IN (SELECT event_id FROM events UNION ALL SELECT event_id FROM hidden_events);

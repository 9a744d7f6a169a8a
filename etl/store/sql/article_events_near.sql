-- Stored article events that a new batch may duplicate: same sub-types, dates within the batch's window.
-- Params: date_from, date_to, list of sub_event_types.
SELECT * EXCLUDE (run_id) FROM events
WHERE origin = 'article' AND event_date BETWEEN $1 AND $2 AND list_contains($3, sub_event_type)
ORDER BY timestamp, event_id;

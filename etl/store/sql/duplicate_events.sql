-- Rows that repeat an event_id an earlier row of the same batch already has, with their reason
-- (validate_events.sql puts it before every other rule but a missing event_id).
-- Table: unchecked (record_no, event_id: clean text). Result: record_no, reason.
WITH firsts AS (
    SELECT event_id, min(record_no) AS first_record FROM unchecked
    WHERE event_id IS NOT NULL GROUP BY event_id HAVING count(*) > 1
)
SELECT c.record_no,
    'duplicate event_id ' || c.event_id || ' (first seen in record ' || f.first_record || ')' AS reason
FROM unchecked c
JOIN firsts f ON f.event_id = c.event_id AND f.first_record <> c.record_no

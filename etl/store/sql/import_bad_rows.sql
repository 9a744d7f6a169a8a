-- The rows a dataset import quarantines: record_no and reason, in record order.
-- Tables: verdicts (record_no, reason: validate_events.sql run without duplicates),
--         duplicates (record_no, reason: duplicate_events.sql); a duplicate's reason comes first, as in
--         validate_events.sql.
SELECT v.record_no, coalesce(d.reason, v.reason) AS reason
FROM verdicts v LEFT JOIN duplicates d USING (record_no)
WHERE v.reason IS NOT NULL OR d.reason IS NOT NULL
ORDER BY v.record_no

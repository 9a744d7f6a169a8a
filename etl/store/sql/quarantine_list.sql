-- Quarantined rows, optionally of one run. Params: run_id (or NULL for all), limit.
SELECT run_id, input_path, record_no, reason, raw_record
FROM quarantine WHERE ($1 IS NULL OR run_id = $1)
ORDER BY run_id DESC, record_no LIMIT $2;

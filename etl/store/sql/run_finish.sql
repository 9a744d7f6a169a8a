-- Close an ETL run with its counts. Params: status, read, inserted, updated, unchanged, quarantined, message, run_id.
UPDATE runs SET finished_at = current_timestamp::TIMESTAMP, status = ?, rows_read = ?, rows_inserted = ?,
       rows_updated = ?, rows_unchanged = ?, rows_quarantined = ?, message = ?
WHERE run_id = ?;

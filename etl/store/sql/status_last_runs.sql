-- The newest runs. Param: how many.
SELECT run_id, command, input_path, strftime(started_at, '%Y-%m-%d %H:%M:%S'), status, rows_read, rows_inserted,
       rows_updated, rows_unchanged, rows_quarantined
FROM runs ORDER BY run_id DESC LIMIT ?;

-- Start an ETL run; returns its id. Params: command, input_path, input_sha256, software_version.
INSERT INTO runs (command, input_path, input_sha256, started_at, status, software_version)
VALUES (?, ?, ?, current_timestamp::TIMESTAMP, 'running', ?)
RETURNING run_id;

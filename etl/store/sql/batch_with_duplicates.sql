-- The batch validate_events.sql checks: rows (table `unchecked`: clean canonical columns + record_no,
-- raw_record) with the reason of those that repeat an earlier event_id (table `duplicates`).
SELECT u.*, d.reason AS duplicate_reason
FROM unchecked u LEFT JOIN duplicates d USING (record_no)

-- The batch validate_events.sql checks when no row repeats an event_id (or before that is known):
-- rows of table `unchecked` (clean canonical columns + record_no, raw_record) in their input order.
SELECT *, CAST(NULL AS VARCHAR) AS duplicate_reason FROM unchecked

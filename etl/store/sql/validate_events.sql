-- Validate a batch of candidate events in one pass: typed canonical columns plus `reason`
-- (NULL when the row is good; otherwise the first rule it breaks, in words a user can act on).
-- Table: batch (canonical columns as clean text: trimmed, '' -> NULL, see clean_events.sql; the dataset
--        mappings map_*.sql produce that form; + record_no, raw_record, and duplicate_reason: the reason
--        of a row repeating an earlier event_id, duplicate_events.sql, else NULL).
-- Params: $today (DATE); $lat_min, $lat_max, $lon_min, $lon_max: the region box (Syria + Iraq) used to
-- spot swapped coordinates (outside the box, but inside it once exchanged); the ACLED taxonomy as
-- aligned lists $sub_event_types, $event_types_of, $disorder_types_of; $inter_types; $origins (sorted).
-- No join and no ORDER BY: the rows keep their input order (etl.pipeline numbers them by position).
-- The typed columns of a row with a reason mean nothing (only record_no, raw_record, reason are used);
-- a query that selects only typed columns of rows known to be good skips the reason entirely.
WITH s AS (
    SELECT
        record_no, raw_record, duplicate_reason,
        event_id,
        event_date AS event_date_s,
        time_precision AS time_precision_s,
        disorder_type,
        event_type AS event_type_s,
        sub_event_type,
        actor1,
        actor2,
        assoc_actor_1,
        assoc_actor_2,
        inter1,
        inter2,
        country,
        admin1,
        admin2,
        admin3,
        admin1_pcode,
        admin2_pcode,
        admin3_pcode,
        location,
        location_ar,
        latitude AS latitude_s,
        longitude AS longitude_s,
        geo_precision AS geo_precision_s,
        fatalities AS fatalities_s,
        injuries AS injuries_s,
        arrests AS arrests_s,
        source,
        source_url,
        notes,
        evidence,
        evidence_start AS evidence_start_s,
        evidence_end AS evidence_end_s,
        language,
        origin,
        article_id,
        confidence AS confidence_s,
        CAST("timestamp" AS VARCHAR) AS timestamp_s,
        TRY_CAST("timestamp" AS TIMESTAMP) AS "timestamp",
        article_ref,
        CAST(date_estimated AS VARCHAR) AS date_estimated_s,
        TRY_CAST(date_estimated AS BOOLEAN) AS date_estimated,
        fatalities_low AS fatalities_low_s,
        fatalities_high AS fatalities_high_s
    FROM batch
), t AS (
    SELECT s.*,
        TRY_CAST(event_date_s AS DATE) AS event_date,
        TRY_CAST(time_precision_s AS DOUBLE) AS time_precision_d,
        TRY_CAST(geo_precision_s AS DOUBLE) AS geo_precision_d,
        TRY_CAST(latitude_s AS DOUBLE) AS latitude,
        TRY_CAST(longitude_s AS DOUBLE) AS longitude,
        TRY_CAST(fatalities_s AS DOUBLE) AS fatalities_d,
        TRY_CAST(fatalities_low_s AS DOUBLE) AS fatalities_low_d,
        TRY_CAST(fatalities_high_s AS DOUBLE) AS fatalities_high_d,
        TRY_CAST(injuries_s AS DOUBLE) AS injuries_d,
        TRY_CAST(arrests_s AS DOUBLE) AS arrests_d,
        TRY_CAST(evidence_start_s AS DOUBLE) AS evidence_start_d,
        TRY_CAST(evidence_end_s AS DOUBLE) AS evidence_end_d,
        TRY_CAST(confidence_s AS DOUBLE) AS confidence,
        $event_types_of[list_position($sub_event_types, sub_event_type)] AS taxonomy_event_type,
        $disorder_types_of[list_position($sub_event_types, sub_event_type)] AS taxonomy_disorder_type
    FROM s
), r AS (
    -- a duplicate event_id is the first rule after a missing event_id (a duplicate has an id)
    SELECT t.*, coalesce(duplicate_reason, CASE
        WHEN event_id IS NULL THEN 'event_id is missing'
        WHEN event_date_s IS NULL THEN 'event_date is missing'
        WHEN event_date IS NULL THEN 'event_date ' || event_date_s || ' is not a valid date (YYYY-MM-DD)'
        WHEN event_date > $today THEN 'event_date ' || event_date || ' is in the future'
        WHEN event_date < DATE '1900-01-01' THEN 'event_date ' || event_date || ' is before 1900'
        WHEN sub_event_type IS NULL THEN 'sub_event_type is missing'
        WHEN taxonomy_event_type IS NULL THEN 'sub_event_type ''' || sub_event_type || ''' is not an ACLED sub-event type'
        WHEN event_type_s IS NOT NULL AND event_type_s <> taxonomy_event_type THEN
            'sub_event_type ''' || sub_event_type || ''' belongs to ''' || taxonomy_event_type || ''', not ''' || event_type_s || ''''
        WHEN time_precision_s IS NOT NULL AND (time_precision_d IS NULL OR time_precision_d NOT IN (1, 2, 3, 4)) THEN
            'time_precision ' || time_precision_s || ' is not 1, 2, 3 or 4'
        WHEN geo_precision_s IS NOT NULL AND (geo_precision_d IS NULL OR geo_precision_d NOT IN (1, 2, 3)) THEN
            'geo_precision ' || geo_precision_s || ' is not 1, 2 or 3'
        WHEN fatalities_s IS NOT NULL AND (fatalities_d IS NULL OR fatalities_d <> floor(fatalities_d)) THEN
            'fatalities ' || fatalities_s || ' is not a whole number'
        WHEN fatalities_d < 0 THEN 'fatalities ' || fatalities_s || ' is negative'
        WHEN fatalities_d > 2147483647 THEN 'fatalities ' || fatalities_s || ' is out of range (at most 2147483647)'
        WHEN injuries_s IS NOT NULL AND (injuries_d IS NULL OR injuries_d <> floor(injuries_d)) THEN
            'injuries ' || injuries_s || ' is not a whole number'
        WHEN injuries_d < 0 THEN 'injuries ' || injuries_s || ' is negative'
        WHEN injuries_d > 2147483647 THEN 'injuries ' || injuries_s || ' is out of range (at most 2147483647)'
        WHEN arrests_s IS NOT NULL AND (arrests_d IS NULL OR arrests_d <> floor(arrests_d)) THEN
            'arrests ' || arrests_s || ' is not a whole number'
        WHEN arrests_d < 0 THEN 'arrests ' || arrests_s || ' is negative'
        WHEN arrests_d > 2147483647 THEN 'arrests ' || arrests_s || ' is out of range (at most 2147483647)'
        WHEN latitude_s IS NOT NULL AND latitude IS NULL THEN 'latitude ' || latitude_s || ' is not a number'
        WHEN longitude_s IS NOT NULL AND longitude IS NULL THEN 'longitude ' || longitude_s || ' is not a number'
        WHEN (latitude IS NULL) <> (longitude IS NULL) THEN
            'latitude and longitude must both be given or both be empty'
        WHEN latitude NOT BETWEEN -90 AND 90 THEN 'latitude ' || latitude_s || ' is out of range (-90..90)'
        WHEN longitude NOT BETWEEN -180 AND 180 THEN 'longitude ' || longitude_s || ' is out of range (-180..180)'
        WHEN NOT (latitude BETWEEN $lat_min AND $lat_max AND longitude BETWEEN $lon_min AND $lon_max)
             AND longitude BETWEEN $lat_min AND $lat_max AND latitude BETWEEN $lon_min AND $lon_max THEN
            'latitude ' || latitude_s || ' and longitude ' || longitude_s
            || ' look swapped (the point is in Syria/Iraq only when they are exchanged)'
        WHEN timestamp_s IS NOT NULL AND "timestamp" IS NULL THEN
            'timestamp ' || timestamp_s || ' is not a date-time (unix seconds or YYYY-MM-DD HH:MM:SS)'
        WHEN "timestamp" < TIMESTAMP '1900-01-01' OR "timestamp" > $today + INTERVAL 2 DAY THEN
            'timestamp ' || timestamp_s || ' is out of range (1900 to today)'
        WHEN fatalities_low_s IS NOT NULL AND (fatalities_low_d IS NULL OR fatalities_low_d <> floor(fatalities_low_d)
                                               OR fatalities_low_d NOT BETWEEN 0 AND 2147483647) THEN
            'fatalities_low ' || fatalities_low_s || ' is not a whole number from 0 to 2147483647'
        WHEN fatalities_high_s IS NOT NULL AND (fatalities_high_d IS NULL OR fatalities_high_d <> floor(fatalities_high_d)
                                                OR fatalities_high_d NOT BETWEEN 0 AND 2147483647) THEN
            'fatalities_high ' || fatalities_high_s || ' is not a whole number from 0 to 2147483647'
        WHEN date_estimated_s IS NOT NULL AND date_estimated IS NULL THEN
            'date_estimated ' || date_estimated_s || ' is not true or false'
        WHEN confidence_s IS NOT NULL AND (confidence IS NULL OR confidence NOT BETWEEN 0 AND 1) THEN
            'confidence ' || confidence_s || ' is not between 0 and 1'
        WHEN origin IS NULL OR NOT list_contains($origins, origin) THEN
            'origin ''' || coalesce(origin, '') || ''' is not one of ' || array_to_string($origins, ', ')
        WHEN inter1 IS NOT NULL AND NOT list_contains($inter_types, inter1) THEN
            'inter1 ''' || inter1 || ''' is not an ACLED actor type'
        WHEN inter2 IS NOT NULL AND NOT list_contains($inter_types, inter2) THEN
            'inter2 ''' || inter2 || ''' is not an ACLED actor type'
        ELSE NULL END) AS reason
    FROM t
)
SELECT
    event_id, event_date,
    TRY_CAST(coalesce(time_precision_d, 1) AS TINYINT) AS time_precision,
    coalesce(disorder_type, taxonomy_disorder_type) AS disorder_type,
    taxonomy_event_type AS event_type, sub_event_type,
    actor1, actor2, assoc_actor_1, assoc_actor_2, inter1, inter2,
    country, admin1, admin2, admin3, admin1_pcode, admin2_pcode, admin3_pcode, location, location_ar,
    latitude,
    longitude,
    TRY_CAST(geo_precision_d AS TINYINT) AS geo_precision,
    TRY_CAST(fatalities_d AS INTEGER) AS fatalities,
    TRY_CAST(injuries_d AS INTEGER) AS injuries,
    TRY_CAST(arrests_d AS INTEGER) AS arrests,
    source, source_url, notes, evidence,
    TRY_CAST(evidence_start_d AS INTEGER) AS evidence_start,
    TRY_CAST(evidence_end_d AS INTEGER) AS evidence_end,
    language, origin, article_id, confidence, "timestamp", article_ref, date_estimated,
    TRY_CAST(fatalities_low_d AS INTEGER) AS fatalities_low,
    TRY_CAST(fatalities_high_d AS INTEGER) AS fatalities_high,
    record_no, raw_record, reason
FROM r;

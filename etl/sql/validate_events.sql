-- Validate a batch of candidate events in one pass: typed canonical columns plus `reason`
-- (NULL when the row is good; otherwise the first rule it breaks, in words a user can act on).
-- Tables: batch (canonical columns as text or typed, record_no, raw_record),
--         taxonomy (event_type, sub_event_type, disorder_type), inter_types (name), origins (name).
-- Params: $today (DATE); $lat_min, $lat_max, $lon_min, $lon_max: the region box (Syria + Iraq) used to
-- spot swapped coordinates (outside the box, but inside it once exchanged).
WITH s AS (
    SELECT
        record_no, raw_record,
        NULLIF(trim(CAST(event_id AS VARCHAR)), '') AS event_id,
        NULLIF(trim(CAST(event_date AS VARCHAR)), '') AS event_date_s,
        NULLIF(trim(CAST(time_precision AS VARCHAR)), '') AS time_precision_s,
        NULLIF(trim(CAST(disorder_type AS VARCHAR)), '') AS disorder_type,
        NULLIF(trim(CAST(event_type AS VARCHAR)), '') AS event_type_s,
        NULLIF(trim(CAST(sub_event_type AS VARCHAR)), '') AS sub_event_type,
        NULLIF(trim(CAST(actor1 AS VARCHAR)), '') AS actor1,
        NULLIF(trim(CAST(actor2 AS VARCHAR)), '') AS actor2,
        NULLIF(trim(CAST(assoc_actor_1 AS VARCHAR)), '') AS assoc_actor_1,
        NULLIF(trim(CAST(assoc_actor_2 AS VARCHAR)), '') AS assoc_actor_2,
        NULLIF(trim(CAST(inter1 AS VARCHAR)), '') AS inter1,
        NULLIF(trim(CAST(inter2 AS VARCHAR)), '') AS inter2,
        NULLIF(trim(CAST(country AS VARCHAR)), '') AS country,
        NULLIF(trim(CAST(admin1 AS VARCHAR)), '') AS admin1,
        NULLIF(trim(CAST(admin2 AS VARCHAR)), '') AS admin2,
        NULLIF(trim(CAST(admin3 AS VARCHAR)), '') AS admin3,
        NULLIF(trim(CAST(admin1_pcode AS VARCHAR)), '') AS admin1_pcode,
        NULLIF(trim(CAST(admin2_pcode AS VARCHAR)), '') AS admin2_pcode,
        NULLIF(trim(CAST(admin3_pcode AS VARCHAR)), '') AS admin3_pcode,
        NULLIF(trim(CAST(location AS VARCHAR)), '') AS location,
        NULLIF(trim(CAST(location_ar AS VARCHAR)), '') AS location_ar,
        NULLIF(trim(CAST(latitude AS VARCHAR)), '') AS latitude_s,
        NULLIF(trim(CAST(longitude AS VARCHAR)), '') AS longitude_s,
        NULLIF(trim(CAST(geo_precision AS VARCHAR)), '') AS geo_precision_s,
        NULLIF(trim(CAST(fatalities AS VARCHAR)), '') AS fatalities_s,
        NULLIF(trim(CAST(injuries AS VARCHAR)), '') AS injuries_s,
        NULLIF(trim(CAST(arrests AS VARCHAR)), '') AS arrests_s,
        NULLIF(trim(CAST(source AS VARCHAR)), '') AS source,
        NULLIF(trim(CAST(source_url AS VARCHAR)), '') AS source_url,
        NULLIF(trim(CAST(notes AS VARCHAR)), '') AS notes,
        NULLIF(CAST(evidence AS VARCHAR), '') AS evidence,
        NULLIF(trim(CAST(evidence_start AS VARCHAR)), '') AS evidence_start_s,
        NULLIF(trim(CAST(evidence_end AS VARCHAR)), '') AS evidence_end_s,
        NULLIF(trim(CAST(language AS VARCHAR)), '') AS language,
        NULLIF(trim(CAST(origin AS VARCHAR)), '') AS origin,
        NULLIF(trim(CAST(article_id AS VARCHAR)), '') AS article_id,
        NULLIF(trim(CAST(confidence AS VARCHAR)), '') AS confidence_s,
        TRY_CAST("timestamp" AS TIMESTAMP) AS "timestamp"
    FROM batch
), dup AS (
    -- ids that occur more than once in the batch, with the record that keeps them
    SELECT event_id, min(record_no) AS first_record FROM s
    WHERE event_id IS NOT NULL GROUP BY event_id HAVING count(*) > 1
), t AS (
    SELECT s.*,
        TRY_CAST(event_date_s AS DATE) AS event_date,
        TRY_CAST(time_precision_s AS DOUBLE) AS time_precision_d,
        TRY_CAST(geo_precision_s AS DOUBLE) AS geo_precision_d,
        TRY_CAST(latitude_s AS DOUBLE) AS latitude,
        TRY_CAST(longitude_s AS DOUBLE) AS longitude,
        TRY_CAST(fatalities_s AS DOUBLE) AS fatalities_d,
        TRY_CAST(injuries_s AS DOUBLE) AS injuries_d,
        TRY_CAST(arrests_s AS DOUBLE) AS arrests_d,
        TRY_CAST(evidence_start_s AS DOUBLE) AS evidence_start_d,
        TRY_CAST(evidence_end_s AS DOUBLE) AS evidence_end_d,
        TRY_CAST(confidence_s AS DOUBLE) AS confidence,
        tx.event_type AS taxonomy_event_type,
        tx.disorder_type AS taxonomy_disorder_type,
        d.first_record AS id_first_record
    FROM s
    LEFT JOIN taxonomy tx ON tx.sub_event_type = s.sub_event_type
    LEFT JOIN dup d ON d.event_id = s.event_id AND d.first_record <> s.record_no
), r AS (
    SELECT t.*, CASE
        WHEN event_id IS NULL THEN 'event_id is missing'
        WHEN id_first_record IS NOT NULL THEN
            'duplicate event_id ' || event_id || ' (first seen in record ' || id_first_record || ')'
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
        WHEN injuries_s IS NOT NULL AND (injuries_d IS NULL OR injuries_d <> floor(injuries_d)) THEN
            'injuries ' || injuries_s || ' is not a whole number'
        WHEN injuries_d < 0 THEN 'injuries ' || injuries_s || ' is negative'
        WHEN arrests_s IS NOT NULL AND (arrests_d IS NULL OR arrests_d <> floor(arrests_d)) THEN
            'arrests ' || arrests_s || ' is not a whole number'
        WHEN arrests_d < 0 THEN 'arrests ' || arrests_s || ' is negative'
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
        WHEN confidence_s IS NOT NULL AND (confidence IS NULL OR confidence NOT BETWEEN 0 AND 1) THEN
            'confidence ' || confidence_s || ' is not between 0 and 1'
        WHEN origin IS NULL OR origin NOT IN (SELECT name FROM origins) THEN
            'origin ''' || coalesce(origin, '') || ''' is not one of ' || (SELECT string_agg(name, ', ' ORDER BY name) FROM origins)
        WHEN inter1 IS NOT NULL AND inter1 NOT IN (SELECT name FROM inter_types) THEN
            'inter1 ''' || inter1 || ''' is not an ACLED actor type'
        WHEN inter2 IS NOT NULL AND inter2 NOT IN (SELECT name FROM inter_types) THEN
            'inter2 ''' || inter2 || ''' is not an ACLED actor type'
        ELSE NULL END AS reason
    FROM t
)
SELECT
    event_id, event_date,
    TRY_CAST(coalesce(time_precision_d, 1) AS TINYINT) AS time_precision,
    coalesce(disorder_type, taxonomy_disorder_type) AS disorder_type,
    taxonomy_event_type AS event_type, sub_event_type,
    actor1, actor2, assoc_actor_1, assoc_actor_2, inter1, inter2,
    country, admin1, admin2, admin3, admin1_pcode, admin2_pcode, admin3_pcode, location, location_ar,
    CASE WHEN reason IS NULL THEN latitude END AS latitude,
    CASE WHEN reason IS NULL THEN longitude END AS longitude,
    TRY_CAST(geo_precision_d AS TINYINT) AS geo_precision,
    TRY_CAST(CASE WHEN reason IS NULL THEN fatalities_d END AS INTEGER) AS fatalities,
    TRY_CAST(CASE WHEN reason IS NULL THEN injuries_d END AS INTEGER) AS injuries,
    TRY_CAST(CASE WHEN reason IS NULL THEN arrests_d END AS INTEGER) AS arrests,
    source, source_url, notes, evidence,
    TRY_CAST(CASE WHEN reason IS NULL THEN evidence_start_d END AS INTEGER) AS evidence_start,
    TRY_CAST(CASE WHEN reason IS NULL THEN evidence_end_d END AS INTEGER) AS evidence_end,
    language, origin, article_id, confidence, "timestamp",
    record_no, raw_record, reason
FROM r;

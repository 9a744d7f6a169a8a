-- ACLED export rows (table `raw`, every column VARCHAR, lower-case names, + record_no, raw_record)
-- -> canonical event columns (VARCHAR; values that do not parse are kept raw for validation).
-- Current exports (31 columns, inter1/inter2 as names) and older ones (event_id_no_cnty, iso3,
-- numeric inter codes 1..8, dates as dd-mm-yyyy / 16 May 2025 / 2025-05-16).
-- Params: $dataset_url (ACLED has no per-event page), $inter_names (etl.schema.INTER_TYPES: code n -> item n).
-- No join and no ORDER BY: a plain projection keeps the input order (1M rows sort in ~6 s);
-- etl.sources.csv_input.mapped_batch checks record_no order anyway.
WITH rows AS (
    SELECT
        raw.*,
        clean_value(raw.event_date) AS _date_s,
        clean_value(raw."timestamp") AS _timestamp_s,
        clean_value(raw.inter1) AS _inter1_s,
        clean_value(raw.inter2) AS _inter2_s
    FROM raw
)
SELECT
    'acled:' || clean_value(event_id_cnty) AS event_id,
    coalesce(
        strftime(try_strptime(_date_s, ['%Y-%m-%d', '%d-%m-%Y', '%d %B %Y', '%d %b %Y', '%d-%B-%Y', '%d-%b-%Y',
                                       '%d/%m/%Y', '%B %d, %Y', '%Y-%m-%d %H:%M:%S']), '%Y-%m-%d'),
        _date_s) AS event_date,
    clean_value(time_precision) AS time_precision,
    clean_value(disorder_type) AS disorder_type,
    clean_value(event_type) AS event_type,
    clean_value(sub_event_type) AS sub_event_type,
    clean_value(actor1) AS actor1,
    clean_value(actor2) AS actor2,
    clean_value(assoc_actor_1) AS assoc_actor_1,
    clean_value(assoc_actor_2) AS assoc_actor_2,
    -- old exports: numeric ACLED actor-type codes 1..8 (0 = no actor)
    CASE WHEN _inter1_s = '0' THEN NULL
         WHEN regexp_full_match(_inter1_s, '[1-8]') THEN $inter_names[CAST(_inter1_s AS INTEGER)]
         ELSE _inter1_s END AS inter1,
    CASE WHEN _inter2_s = '0' THEN NULL
         WHEN regexp_full_match(_inter2_s, '[1-8]') THEN $inter_names[CAST(_inter2_s AS INTEGER)]
         ELSE _inter2_s END AS inter2,
    clean_value(country) AS country,
    clean_value(admin1) AS admin1,
    clean_value(admin2) AS admin2,
    clean_value(admin3) AS admin3,
    CAST(NULL AS VARCHAR) AS admin1_pcode,
    CAST(NULL AS VARCHAR) AS admin2_pcode,
    CAST(NULL AS VARCHAR) AS admin3_pcode,
    clean_value(location) AS location,
    CAST(NULL AS VARCHAR) AS location_ar,
    clean_value(latitude) AS latitude,
    clean_value(longitude) AS longitude,
    clean_value(geo_precision) AS geo_precision,
    clean_value(fatalities) AS fatalities,
    CAST(NULL AS VARCHAR) AS injuries,
    CAST(NULL AS VARCHAR) AS arrests,
    clean_value(source) AS source,
    $dataset_url AS source_url,
    clean_value(notes) AS notes,
    CAST(NULL AS VARCHAR) AS evidence,
    CAST(NULL AS VARCHAR) AS evidence_start,
    CAST(NULL AS VARCHAR) AS evidence_end,
    'en' AS language,
    'acled' AS origin,
    CAST(NULL AS VARCHAR) AS article_id,
    '1.0' AS confidence,
    -- ACLED's timestamp is unix seconds (UTC) of the row's last change; older exports may carry a date.
    coalesce(
        -- unix seconds from 1900 to 2200 only: others stay raw and are quarantined with their value
        CASE WHEN try_cast(_timestamp_s AS BIGINT) BETWEEN -2208988800 AND 7258118400 THEN
            strftime(make_timestamp(try_cast(_timestamp_s AS BIGINT) * 1000000), '%Y-%m-%d %H:%M:%S') END,
        strftime(try_strptime(_timestamp_s, ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d', '%d/%m/%Y %H:%M']), '%Y-%m-%d %H:%M:%S'),
        _timestamp_s) AS "timestamp",
    CAST(NULL AS VARCHAR) AS article_ref,
    CAST(NULL AS VARCHAR) AS date_estimated,
    CAST(NULL AS VARCHAR) AS fatalities_low,
    CAST(NULL AS VARCHAR) AS fatalities_high,
    record_no,
    raw_record
FROM rows

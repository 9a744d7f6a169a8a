-- Rows already in the canonical schema (table `raw`: every canonical column as VARCHAR, absent ones
-- added as NULL by the reader, + record_no, raw_record) -> the canonical columns, trimmed, empty -> NULL.
-- event_date in ISO (also accepts ISO date-times and dd/mm/yyyy); unparseable dates are kept raw for
-- validation. origin defaults to 'manual'. event_id is used as given (no prefix).
-- No ORDER BY: a plain projection keeps the input order (mapped_batch checks record_no order anyway).
SELECT
    clean_value(event_id) AS event_id,
    coalesce(
        strftime(try_strptime(clean_value(event_date), ['%Y-%m-%d', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M:%SZ', '%Y-%m-%d %H:%M:%S', '%d/%m/%Y']), '%Y-%m-%d'),
        clean_value(event_date)) AS event_date,
    clean_value(time_precision) AS time_precision,
    clean_value(disorder_type) AS disorder_type,
    clean_value(event_type) AS event_type,
    clean_value(sub_event_type) AS sub_event_type,
    clean_value(actor1) AS actor1,
    clean_value(actor2) AS actor2,
    clean_value(assoc_actor_1) AS assoc_actor_1,
    clean_value(assoc_actor_2) AS assoc_actor_2,
    clean_value(inter1) AS inter1,
    clean_value(inter2) AS inter2,
    clean_value(country) AS country,
    clean_value(admin1) AS admin1,
    clean_value(admin2) AS admin2,
    clean_value(admin3) AS admin3,
    clean_value(admin1_pcode) AS admin1_pcode,
    clean_value(admin2_pcode) AS admin2_pcode,
    clean_value(admin3_pcode) AS admin3_pcode,
    clean_value(location) AS location,
    clean_value(location_ar) AS location_ar,
    clean_value(latitude) AS latitude,
    clean_value(longitude) AS longitude,
    clean_value(geo_precision) AS geo_precision,
    clean_value(fatalities) AS fatalities,
    clean_value(injuries) AS injuries,
    clean_value(arrests) AS arrests,
    clean_value(source) AS source,
    clean_value(source_url) AS source_url,
    clean_value(notes) AS notes,
    nullif(evidence, '') AS evidence,
    clean_value(evidence_start) AS evidence_start,
    clean_value(evidence_end) AS evidence_end,
    clean_value(language) AS language,
    coalesce(clean_value(origin), 'manual') AS origin,
    clean_value(article_id) AS article_id,
    clean_value(confidence) AS confidence,
    clean_value("timestamp") AS "timestamp",
    clean_value(article_ref) AS article_ref,
    clean_value(date_estimated) AS date_estimated,
    clean_value(fatalities_low) AS fatalities_low,
    clean_value(fatalities_high) AS fatalities_high,
    record_no,
    raw_record
FROM raw


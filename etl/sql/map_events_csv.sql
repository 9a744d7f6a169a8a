-- Rows already in the canonical schema (table `raw`: every canonical column as VARCHAR, absent ones
-- added as NULL by the reader, + record_no, raw_record) -> the canonical columns, trimmed, empty -> NULL.
-- event_date in ISO (also accepts ISO date-times and dd/mm/yyyy); unparseable dates are kept raw for
-- validation. origin defaults to 'manual'. event_id is used as given (no prefix).
-- No ORDER BY: a plain projection keeps the input order (mapped_batch checks record_no order anyway).
SELECT
    clean_text(event_id) AS event_id,
    coalesce(
        strftime(try_strptime(clean_text(event_date), ['%Y-%m-%d', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M:%SZ', '%Y-%m-%d %H:%M:%S', '%d/%m/%Y']), '%Y-%m-%d'),
        clean_text(event_date)) AS event_date,
    clean_text(time_precision) AS time_precision,
    clean_text(disorder_type) AS disorder_type,
    clean_text(event_type) AS event_type,
    clean_text(sub_event_type) AS sub_event_type,
    clean_text(actor1) AS actor1,
    clean_text(actor2) AS actor2,
    clean_text(assoc_actor_1) AS assoc_actor_1,
    clean_text(assoc_actor_2) AS assoc_actor_2,
    clean_text(inter1) AS inter1,
    clean_text(inter2) AS inter2,
    clean_text(country) AS country,
    clean_text(admin1) AS admin1,
    clean_text(admin2) AS admin2,
    clean_text(admin3) AS admin3,
    clean_text(admin1_pcode) AS admin1_pcode,
    clean_text(admin2_pcode) AS admin2_pcode,
    clean_text(admin3_pcode) AS admin3_pcode,
    clean_text(location) AS location,
    clean_text(location_ar) AS location_ar,
    clean_text(latitude) AS latitude,
    clean_text(longitude) AS longitude,
    clean_text(geo_precision) AS geo_precision,
    clean_text(fatalities) AS fatalities,
    clean_text(injuries) AS injuries,
    clean_text(arrests) AS arrests,
    clean_text(source) AS source,
    clean_text(source_url) AS source_url,
    clean_text(notes) AS notes,
    nullif(evidence, '') AS evidence,
    clean_text(evidence_start) AS evidence_start,
    clean_text(evidence_end) AS evidence_end,
    clean_text(language) AS language,
    coalesce(clean_text(origin), 'manual') AS origin,
    clean_text(article_id) AS article_id,
    clean_text(confidence) AS confidence,
    clean_text("timestamp") AS "timestamp",
    record_no,
    raw_record
FROM raw


-- Rows already in the canonical schema (table `raw`: every canonical column as VARCHAR, absent ones
-- added as NULL by the reader, + record_no, raw_record) -> the canonical columns, trimmed, empty -> NULL.
-- event_date in ISO (also accepts ISO date-times and dd/mm/yyyy); unparseable dates are kept raw for
-- validation. origin defaults to 'manual'. event_id is used as given (no prefix).
SELECT
    nullif(trim(event_id), '') AS event_id,
    coalesce(
        strftime(try_strptime(nullif(trim(event_date), ''), ['%Y-%m-%d', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M:%SZ', '%Y-%m-%d %H:%M:%S', '%d/%m/%Y']), '%Y-%m-%d'),
        nullif(trim(event_date), '')) AS event_date,
    nullif(trim(time_precision), '') AS time_precision,
    nullif(trim(disorder_type), '') AS disorder_type,
    nullif(trim(event_type), '') AS event_type,
    nullif(trim(sub_event_type), '') AS sub_event_type,
    nullif(trim(actor1), '') AS actor1,
    nullif(trim(actor2), '') AS actor2,
    nullif(trim(assoc_actor_1), '') AS assoc_actor_1,
    nullif(trim(assoc_actor_2), '') AS assoc_actor_2,
    nullif(trim(inter1), '') AS inter1,
    nullif(trim(inter2), '') AS inter2,
    nullif(trim(country), '') AS country,
    nullif(trim(admin1), '') AS admin1,
    nullif(trim(admin2), '') AS admin2,
    nullif(trim(admin3), '') AS admin3,
    nullif(trim(admin1_pcode), '') AS admin1_pcode,
    nullif(trim(admin2_pcode), '') AS admin2_pcode,
    nullif(trim(admin3_pcode), '') AS admin3_pcode,
    nullif(trim(location), '') AS location,
    nullif(trim(location_ar), '') AS location_ar,
    nullif(trim(latitude), '') AS latitude,
    nullif(trim(longitude), '') AS longitude,
    nullif(trim(geo_precision), '') AS geo_precision,
    nullif(trim(fatalities), '') AS fatalities,
    nullif(trim(injuries), '') AS injuries,
    nullif(trim(arrests), '') AS arrests,
    nullif(trim(source), '') AS source,
    nullif(trim(source_url), '') AS source_url,
    nullif(trim(notes), '') AS notes,
    nullif(evidence, '') AS evidence,
    nullif(trim(evidence_start), '') AS evidence_start,
    nullif(trim(evidence_end), '') AS evidence_end,
    nullif(trim(language), '') AS language,
    coalesce(nullif(trim(origin), ''), 'manual') AS origin,
    nullif(trim(article_id), '') AS article_id,
    nullif(trim(confidence), '') AS confidence,
    nullif(trim("timestamp"), '') AS "timestamp",
    record_no,
    raw_record
FROM raw
ORDER BY record_no

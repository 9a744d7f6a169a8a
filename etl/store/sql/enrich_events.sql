-- Validated good rows (table `checked`, the typed columns of validate_events.sql) -> canonical event
-- columns with OCHA admin areas and canonical actors (etl.pipeline does the lookups in Python once per
-- distinct value; this joins them back):
--   point_areas (latitude, longitude, area): the sub-district polygon a point falls in (or NULL), and
--   area_names (area, admin1..3, admin1_pcode..admin3_pcode) of each polygon: a point with an area takes
--     its names and P-codes and country 'Syria', others keep the source's;
--   actor_names (name, canonical, inter): the dictionary's name and actor type of each actor name;
--     a name not in the dictionary is kept, a given actor type (inter1/inter2) is kept.
SELECT
    c.event_id, c.event_date, c.time_precision, c.disorder_type, c.event_type, c.sub_event_type,
    coalesce(n1.canonical, c.actor1) AS actor1,
    coalesce(n2.canonical, c.actor2) AS actor2,
    c.assoc_actor_1, c.assoc_actor_2,
    coalesce(c.inter1, n1.inter) AS inter1,
    coalesce(c.inter2, n2.inter) AS inter2,
    CASE WHEN a.admin1_pcode IS NOT NULL THEN 'Syria' ELSE c.country END AS country,
    coalesce(a.admin1, c.admin1) AS admin1,
    coalesce(a.admin2, c.admin2) AS admin2,
    coalesce(a.admin3, c.admin3) AS admin3,
    coalesce(a.admin1_pcode, c.admin1_pcode) AS admin1_pcode,
    coalesce(a.admin2_pcode, c.admin2_pcode) AS admin2_pcode,
    coalesce(a.admin3_pcode, c.admin3_pcode) AS admin3_pcode,
    c.location, c.location_ar, c.latitude, c.longitude, c.geo_precision,
    c.fatalities, c.injuries, c.arrests, c.source, c.source_url, c.notes,
    c.evidence, c.evidence_start, c.evidence_end, c.language, c.origin, c.article_id, c.confidence,
    c."timestamp", c.article_ref, c.date_estimated, c.fatalities_low, c.fatalities_high
FROM checked c
LEFT JOIN point_areas p ON p.latitude = c.latitude AND p.longitude = c.longitude
LEFT JOIN area_names a ON a.area = p.area
LEFT JOIN actor_names n1 ON n1.name = c.actor1
LEFT JOIN actor_names n2 ON n2.name = c.actor2

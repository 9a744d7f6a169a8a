-- UCDP GED rows (table `raw`, every column VARCHAR, lower-case names, + record_no, raw_record)
-- -> canonical event columns (VARCHAR; values that do not parse are kept raw for validation).
-- Params: $url_prefix (event page, id appended).
-- Spec "Mapping UCDP GED": type_of_violence 1/2 -> Battles/Armed clash unless the headline names a
-- remote-violence method (rules below); 3 -> Violence against civilians/Attack.
-- UCDP's adm_1/adm_2 are not used: the pipeline assigns OCHA admin areas by point-in-polygon.
-- The rules are tried in order (first match wins) on the lower-cased headline; the patterns are
-- constants so DuckDB compiles each regex once (a join on a rules table compiles one per row).
WITH rows AS (
    SELECT
        raw.*,
        nullif(trim(regexp_replace(trim(raw.id), '\.0+$', '')), '') AS _ucdp_id,
        trim(raw.type_of_violence) AS _violence,
        lower(coalesce(raw.source_headline, '')) AS _headline
    FROM raw
),
mapped AS (
    SELECT
        rows.*,
        CASE
            WHEN _violence = '3' THEN 'Attack'
            WHEN _violence NOT IN ('1', '2') THEN NULL
            -- headline keyword rules for state-based (1) and non-state (2) violence:
            WHEN regexp_matches(_headline, '\bsuicid') THEN 'Suicide bomb'
            WHEN regexp_matches(_headline, '\b(chemical|chlorine|sarin|toxic gas|poison(ous)? gas|mustard gas)') THEN 'Chemical weapon'
            WHEN regexp_matches(_headline, '\b(ieds?|vbieds?|improvised explosive|explosive device|car[- ]bomb|booby[- ]?trap|land ?mines?|mines?\b|roadside bomb|motorcycle bomb|bomb[- ]laden|(car|vehicle|motorcycle) explo)') THEN 'Remote explosive/landmine/IED'
            WHEN regexp_matches(_headline, '\b(air ?strikes?|air raids?|aerial|warplanes?|war planes?|jets?|helicopters?|barrels?|drones?|aircraft|raids?)\b') THEN 'Air/drone strike'
            WHEN regexp_matches(_headline, '\b(shell(s|ed|ing)?|artillery|mortars?|rockets?|missiles?|bombard\w*|cannons?|bombing|katyusha)\b') THEN 'Shelling/artillery/missile attack'
            WHEN regexp_matches(_headline, '\bgrenades?\b') THEN 'Grenade'
            WHEN regexp_matches(_headline, '\b(explosions?|blasts?|explod\w*)\b') THEN 'Remote explosive/landmine/IED'
            ELSE 'Armed clash'
        END AS _sub_type
    FROM rows
)
SELECT
    'ucdp:' || _ucdp_id AS event_id,
    coalesce(strftime(try_strptime(trim(date_start), ['%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%f', '%d/%m/%Y']), '%Y-%m-%d'),
             clean_value(date_start)) AS event_date,
    CASE trim(date_prec) WHEN '1' THEN '1' WHEN '2' THEN '2' WHEN '3' THEN '2' WHEN '4' THEN '3' WHEN '5' THEN '4'
        ELSE clean_value(date_prec) END AS time_precision,
    CASE WHEN _sub_type IS NOT NULL THEN 'Political violence' END AS disorder_type,
    CASE WHEN _sub_type IN ('Armed clash') THEN 'Battles'
         WHEN _sub_type = 'Attack' THEN 'Violence against civilians'
         WHEN _sub_type IS NOT NULL THEN 'Explosions/Remote violence' END AS event_type,
    _sub_type AS sub_event_type,
    clean_value(side_a) AS actor1,
    clean_value(side_b) AS actor2,
    CAST(NULL AS VARCHAR) AS assoc_actor_1,
    CAST(NULL AS VARCHAR) AS assoc_actor_2,
    CASE WHEN trim(side_a) LIKE 'Government of %' THEN 'State forces' END AS inter1,
    CASE WHEN trim(side_b) LIKE 'Government of %' THEN 'State forces'
         WHEN trim(side_b) = 'Civilians' THEN 'Civilians'
         WHEN trim(type_of_violence) = '1' AND clean_value(side_b) IS NOT NULL THEN 'Rebel group' END AS inter2,
    clean_value(country) AS country,
    CAST(NULL AS VARCHAR) AS admin1,
    CAST(NULL AS VARCHAR) AS admin2,
    CAST(NULL AS VARCHAR) AS admin3,
    CAST(NULL AS VARCHAR) AS admin1_pcode,
    CAST(NULL AS VARCHAR) AS admin2_pcode,
    CAST(NULL AS VARCHAR) AS admin3_pcode,
    clean_value(where_coordinates) AS location,
    CAST(NULL AS VARCHAR) AS location_ar,
    clean_value(latitude) AS latitude,
    clean_value(longitude) AS longitude,
    CASE WHEN trim(where_prec) = '1' THEN '1'
         WHEN trim(where_prec) IN ('2', '3') THEN '2'
         WHEN trim(where_prec) IN ('4', '5', '6', '7') THEN '3'
         ELSE clean_value(where_prec) END AS geo_precision,
    clean_value(best) AS fatalities,
    CAST(NULL AS VARCHAR) AS injuries,
    CAST(NULL AS VARCHAR) AS arrests,
    clean_value(source_office) AS source,
    CASE WHEN _ucdp_id IS NOT NULL THEN $url_prefix || _ucdp_id END AS source_url,
    clean_value(source_headline) AS notes,
    CAST(NULL AS VARCHAR) AS evidence,
    CAST(NULL AS VARCHAR) AS evidence_start,
    CAST(NULL AS VARCHAR) AS evidence_end,
    'en' AS language,
    'ucdp' AS origin,
    CAST(NULL AS VARCHAR) AS article_id,
    '1.0' AS confidence,
    CAST(NULL AS VARCHAR) AS timestamp,
    CAST(NULL AS VARCHAR) AS article_ref,
    CAST(NULL AS VARCHAR) AS date_estimated,
    clean_value(low) AS fatalities_low,
    clean_value(high) AS fatalities_high,
    record_no,
    raw_record
FROM mapped

-- The first day each actor and each event type was seen in each area, when that day is one of $days, with
-- the area's first day and the events of that actor or type in the area on that day.
WITH located AS (SELECT * FROM _alert_events WHERE admin2_pcode IS NOT NULL),
seen AS (
    SELECT 'actor' AS detail, admin2_pcode AS area, actor1 AS value, day FROM located WHERE actor1 IS NOT NULL
    UNION ALL SELECT 'actor', admin2_pcode, actor2, day FROM located
        WHERE actor2 IS NOT NULL AND actor2 IS DISTINCT FROM actor1
    UNION ALL SELECT 'event_type', admin2_pcode, event_type, day FROM located
),
counted AS (SELECT detail, area, value, day, count(*) AS n FROM seen GROUP BY ALL),
firsts AS (SELECT detail, area, value, min(day) AS first, arg_min(n, day) AS n FROM counted GROUP BY ALL),
area_first AS (SELECT admin2_pcode AS area, min(day) AS area_first FROM located GROUP BY ALL)
SELECT f.detail, f.area, f.value, f.first, a.area_first, f.n
FROM firsts f JOIN area_first a ON a.area = f.area
WHERE list_contains($days, f.first)
ORDER BY f.first, f.detail, f.area, f.value

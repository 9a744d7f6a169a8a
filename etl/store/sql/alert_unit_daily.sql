-- Daily events, fatalities and squared fatalities of every area (admin2 P-code) and actor, $lo..$hi.
WITH recent AS (SELECT * FROM _alert_events WHERE day BETWEEN $lo AND $hi),
units AS (
    SELECT 'area' AS scope, admin2_pcode AS key, day, fatalities FROM recent WHERE admin2_pcode IS NOT NULL
    UNION ALL SELECT 'actor', actor1, day, fatalities FROM recent WHERE actor1 IS NOT NULL
    UNION ALL SELECT 'actor', actor2, day, fatalities FROM recent
        WHERE actor2 IS NOT NULL AND actor2 IS DISTINCT FROM actor1
)
SELECT scope, key, day, count(*) AS events, sum(fatalities) AS fatalities,
       sum(fatalities * fatalities) AS squares
FROM units GROUP BY ALL

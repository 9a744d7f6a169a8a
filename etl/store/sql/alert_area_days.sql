-- Each area's events on each of $days when its previous day with events (NULL: none before) is more than
-- $quiet_days earlier: the candidates of "a quiet area turns active".
WITH daily AS (SELECT admin2_pcode AS area, day, count(*) AS n FROM _alert_events
               WHERE admin2_pcode IS NOT NULL GROUP BY ALL),
ordered AS (SELECT area, day, n, lag(day) OVER (PARTITION BY area ORDER BY day) AS previous FROM daily)
SELECT area, day, n, previous FROM ordered
WHERE list_contains($days, day) AND (previous IS NULL OR day - previous > $quiet_days)
ORDER BY day, area

-- Events per origin with their date range and fatalities.
SELECT origin, count(*) AS events, min(event_date) AS first, max(event_date) AS last,
       coalesce(sum(fatalities), 0) AS fatalities
FROM events GROUP BY origin ORDER BY events DESC;

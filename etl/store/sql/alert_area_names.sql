-- Each area's name and governorate.
SELECT admin2_pcode AS area, min(admin2) AS admin2, min(admin1_pcode) AS admin1_pcode, min(admin1) AS admin1
FROM _alert_events WHERE admin2_pcode IS NOT NULL GROUP BY ALL

-- The events alerts count (etl/alerts): dated to the day or the week (time_precision 1-2), fatalities 0 when
-- unknown; over `events`, which is the store's table or an events table registered under that name.
CREATE OR REPLACE TEMP VIEW _alert_events AS
SELECT event_date::DATE AS day, event_type, actor1, actor2, admin1_pcode, admin1, admin2_pcode, admin2,
       greatest(coalesce(fatalities, 0), 0)::BIGINT AS fatalities
FROM events WHERE coalesce(time_precision, 1) <= 2;

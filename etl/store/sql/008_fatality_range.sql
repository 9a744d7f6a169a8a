-- 008: events keep a source's low and high fatality estimates beside its best one (UCDP GED `low` / `high`;
-- NULL when the source gives none), on hidden events too.
ALTER TABLE events ADD COLUMN IF NOT EXISTS fatalities_low INTEGER;
ALTER TABLE events ADD COLUMN IF NOT EXISTS fatalities_high INTEGER;
ALTER TABLE hidden_events ADD COLUMN IF NOT EXISTS fatalities_low INTEGER;
ALTER TABLE hidden_events ADD COLUMN IF NOT EXISTS fatalities_high INTEGER;

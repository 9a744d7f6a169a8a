-- Macros every ETL connection has besides text_macros.sql (etl.store creates them; the map_*.sql files use them).
-- clean_value(s): exactly clean_text(s) (nullif(trim(s), '')), faster: the fast path reads the last character
-- (s[-1]) instead of matching a regular expression; a value starting and ending with a visible ASCII
-- character (most of them) skips trim. s must be a plain column (it is used several times).
CREATE OR REPLACE TEMP MACRO clean_value(s) AS
    nullif(CASE WHEN ascii(s) BETWEEN 33 AND 126 AND ascii(s[-1]) BETWEEN 33 AND 126 THEN s ELSE trim(s) END, '');

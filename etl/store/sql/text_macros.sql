-- Macros every ETL connection has (etl.store creates them; the map_*.sql files use them).
-- clean_value(s): s without the Unicode space separators trim removes at both ends, '' -> NULL; exactly
-- nullif(trim(s), ''), but a value starting and ending with a visible ASCII character (most of them)
-- skips trim and nullif, several times faster on long text (ord reads one character at each end; a
-- value that starts visibly is not empty). s must be a plain column (it is used several times).
CREATE OR REPLACE TEMP MACRO clean_value(s) AS
    CASE WHEN ord(s) BETWEEN 33 AND 126 AND ord(s[-1]) BETWEEN 33 AND 126 THEN s ELSE nullif(trim(s), '') END;

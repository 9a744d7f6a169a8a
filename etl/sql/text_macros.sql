-- Macros every ETL connection has (etl.store creates them; the map_*.sql files use them).
-- clean_value(s): s without the Unicode space separators trim removes at both ends, '' -> NULL; exactly
-- nullif(trim(s), ''), but a value starting and ending with a visible ASCII character (most of them)
-- skips trim, several times faster on long text (the end is read as s[-1], not matched by a regular
-- expression). s must be a plain column (it is used several times).
CREATE OR REPLACE TEMP MACRO clean_value(s) AS
    nullif(CASE WHEN ascii(s) BETWEEN 33 AND 126 AND ascii(s[-1]) BETWEEN 33 AND 126 THEN s ELSE trim(s) END, '');

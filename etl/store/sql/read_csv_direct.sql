-- A UTF-8 CSV file read by DuckDB itself (etl.sources.csv_input.direct_csv), every column as text, in
-- file order. Same values as the pyarrow reader (read_csv_rows): the same null strings, doubled quotes.
-- Rows DuckDB cannot read (ragged, bad UTF-8) go to reject_errors; the caller then falls back to the
-- pyarrow reader, which quarantines them with their record numbers.
-- Params: $path, $names (the header's normalised names, in file order), $null_strings.
SELECT *
FROM read_csv($path, header = true, names = $names, all_varchar = true, delim = ',', quote = '"',
              escape = '"', skip = 0, nullstr = $null_strings, store_rejects = true, strict_mode = true)

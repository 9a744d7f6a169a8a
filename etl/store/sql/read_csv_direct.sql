-- A UTF-8 CSV file read by DuckDB itself (etl.sources.csv_input.direct_csv), every column as text, in
-- file order. Same values as the pyarrow reader (read_csv_rows): the same null strings, doubled quotes.
-- A row DuckDB cannot read (ragged, bad UTF-8, longer than $max_line bytes) fails the query; the caller then
-- falls back to the pyarrow reader, which quarantines such rows with their record numbers. (No store_rejects:
-- DuckDB records a ragged row's every extra field, minutes for one row of 100,000 fields.)
-- Params: $path, $names (the header's normalised names, in file order), $null_strings, $max_line.
SELECT *
FROM read_csv($path, header = true, names = $names, all_varchar = true, delim = ',', quote = '"',
              escape = '"', skip = 0, nullstr = $null_strings, strict_mode = true,
              max_line_size = $max_line)

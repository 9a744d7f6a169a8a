"""Robust, vectorised CSV reading shared by the dataset importers (UCDP, ACLED, events CSV).

`read_csv_rows(path, required, optional)` reads every column as a string with pyarrow.csv:
UTF-8 with or without BOM, else Windows-1256; comma-separated, else semicolons, tabs or '|' when the
header splits on them; CRLF; quoted newlines; ragged rows become
`Quarantined(record_no, raw, "row has 12 fields, header has 31")`. Column names are trimmed and
lower-cased. Adds `record_no` (1-based data row; blank lines are not rows) and `raw_record` (the
original line; when some record spans lines, every row re-written as CSV instead). An unclosed quote
that swallows the rest of the file quarantines that row. Whole-file problems raise `InputError`
naming the problem (missing, empty, header only, not CSV, required columns missing).

`mapped_batch(rows, sql_name, params)` runs an etl/sql mapping over the rows and returns the
`SourceBatch` every importer returns: canonical columns (all VARCHAR, raw values kept where they do
not parse so that the pipeline's validation can quarantine them with a reason) + record_no + raw_record.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from etl.config import get_settings
from etl.store import snapshot as store
from etl.errors import InputError
from etl.schema import EVENT_COLUMNS, Quarantined

SNIFF_BYTES = 64 * 1024
OTHER_DELIMITERS = (";", "\t", "|")  # tried when the header has no comma-separated columns
BLOCK_SIZE = 16 * 1024 * 1024
MAX_RECORD_BYTES = 256 * 1024 * 1024  # a longer line is refused, not read (pyarrow needs it in one block)
RAW_KEPT = 20_000  # characters of a quarantined record with a huge field that are kept


@dataclass
class SourceBatch:
    """What every dataset importer returns (docs/ARCHITECTURE.md, "Datasets")."""

    table: pa.Table  # EVENT_COLUMNS (string) + record_no (int64) + raw_record (string)
    quarantined: list[Quarantined] = field(default_factory=list)
    rows_read: int = 0  # = table.num_rows + len(quarantined)


@dataclass
class CsvRows:
    """A CSV file read as strings: one column per (lower-cased) header name + record_no + raw_record."""

    table: pa.Table
    quarantined: list[Quarantined]
    rows_read: int
    encoding: str
    header: list[str]


def source_batch_schema() -> pa.Schema:
    """The schema of `SourceBatch.table`: every canonical column as string, then record_no, raw_record."""
    fields = [pa.field(name, pa.string()) for name in EVENT_COLUMNS]
    return pa.schema(fields + [pa.field("record_no", pa.int64()), pa.field("raw_record", pa.string())])


def read_file_head(path: Path, kind: str) -> bytes:
    """The first bytes of `path`; InputError if it is missing, a folder, or empty (0 bytes)."""
    if not path.exists():
        raise InputError(f"{path}: file not found (expected {kind})")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file (expected {kind})")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty (0 bytes); expected {kind}")
    with path.open("rb") as handle:
        return handle.read(SNIFF_BYTES)


def not_csv_reason(head: bytes) -> str | None:
    """Why the first bytes of a file show it is not CSV text (binary, image, PDF, JSON), or None."""
    if head.startswith(b"\x89PNG"):
        return "it is a PNG image"
    if head[:3] == b"\xff\xd8\xff":
        return "it is a JPEG image"
    if head.startswith(b"%PDF"):
        return "it is a PDF document"
    if head.startswith(b"PK\x03\x04"):
        return "it is a ZIP archive (an .xlsx workbook?); export it as CSV"
    if head.startswith(b"\x1f\x8b"):
        return "it is gzip-compressed; decompress it first"
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "it is UTF-16 text (Excel 'Unicode text'?); save it as CSV UTF-8"
    if b"\x00" in head:
        return "it is a binary file (contains NUL bytes)"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        return "it looks like JSON"
    if stripped[:1] == b"<":
        return "it looks like HTML/XML"
    return None


def detect_encoding(head: bytes) -> str:
    """'utf-8' if the first bytes decode as UTF-8 (a cut multi-byte character at the end is fine),
    else 'cp1256' (Windows Arabic; every byte decodes)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1256"


def header_names(head: bytes, encoding: str, delimiter: str = ",") -> list[str]:
    """The header row's field names as written in the file (first CSV record of `head`)."""
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)
    text = text.lstrip("\ufeff")
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            if row:  # leading blank lines are skipped, as pyarrow does
                return row
    except csv.Error:
        pass
    return []


def detect_delimiter(head: bytes, encoding: str) -> str:
    """',' unless the header row is a single comma-separated field that splits into more on ';', a tab
    or '|' (spreadsheets save "CSV" with semicolons in many locales; tab-separated exports)."""
    best, most = ",", len(header_names(head, encoding, ","))
    if most > 1:
        return best
    for delimiter in OTHER_DELIMITERS:
        fields = len(header_names(head, encoding, delimiter))
        if fields > most:
            best, most = delimiter, fields
    return best


def quote_count_is_odd(path: Path) -> bool:
    """Whether the file holds an odd number of '"' bytes (an unclosed quote), read in chunks."""
    count = 0
    with path.open("rb") as handle:
        while chunk := handle.read(BLOCK_SIZE):
            count += chunk.count(b'"')
    return count % 2 == 1


def unterminated_quote_reason(path: Path, last_row: dict) -> str | None:
    """Why the file's last row swallowed the rest of the file (a quote opened and never closed),
    or None. Only checked when a field of the last row spans lines, so it is cheap."""
    spanning = [name for name, value in last_row.items()
                if name not in ("raw_record", "record_no") and isinstance(value, str) and "\n" in value]
    if not spanning or not quote_count_is_odd(path):
        return None
    lines = last_row[spanning[0]].rstrip("\r\n").count("\n")
    return (f"field '{spanning[0]}' opens a quote that is never closed: the rest of the file "
            f"({lines} more line(s)) was read into it")


def normalized_names(names: list[str]) -> list[str]:
    """Trimmed, lower-cased column names; a repeated name gets a suffix (_2, _3, ...); the file's own
    record_no / raw_record columns become record_no_in_file / raw_record_in_file."""
    out: list[str] = []
    for name in names:
        base = name.strip().lstrip("\ufeff").lower() or "column"
        if base in ("record_no", "raw_record"):  # the reader adds these itself
            base = f"{base}_in_file"
        candidate, n = base, 1
        while candidate in out:
            n += 1
            candidate = f"{base}_{n}"
        out.append(candidate)
    return out


def raw_record_column(table: pa.Table, delimiter: str = ",") -> pa.Array:
    """Each row re-written as one CSV line (fields quoted when they contain the delimiter, \" CR or LF)."""
    if table.num_columns == 0:
        return pa.nulls(table.num_rows, pa.string())
    parts = []
    special = "[\"" + ("\\t" if delimiter == "\t" else re.escape(delimiter)) + "\r\n]"
    for column in table.columns:
        column = pc.fill_null(column, "")
        needs_quotes = pc.match_substring_regex(column, special)
        if not pc.any(needs_quotes).as_py():
            parts.append(column)
            continue
        quoted = pc.binary_join_element_wise('"', pc.replace_substring(column, '"', '""'), '"', "")
        parts.append(pc.if_else(needs_quotes, quoted, column))
    return pc.binary_join_element_wise(*parts, delimiter)


def original_lines(path: Path, encoding: str, rows_read: int) -> pa.Array | None:
    """The file's data lines exactly as written (header dropped, blank lines skipped), or None when
    some record spans several lines (quoted newlines) and lines are not records."""
    skipped: list[int] = []

    def on_invalid_row(_row) -> str:  # a line containing the sentinel delimiter
        skipped.append(1)
        return "skip"

    try:
        lines = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=BLOCK_SIZE, encoding=encoding, column_names=["line"]),
            parse_options=pacsv.ParseOptions(delimiter="\x1f", quote_char=False, escape_char=False,
                                             invalid_row_handler=on_invalid_row),
            convert_options=pacsv.ConvertOptions(column_types={"line": pa.string()}),
        ).column("line")
    except pa.ArrowInvalid:
        return None
    if skipped or lines.num_chunks == 0 or len(lines) != rows_read + 1:
        return None
    return lines.slice(1).combine_chunks()


def parse_as_strings(path: Path, encoding: str, names: list[str], delimiter: str = ",",
                     block_size: int = BLOCK_SIZE) -> tuple[pa.Table, list[Quarantined]]:
    """Every column as string; ragged rows skipped and returned as Quarantined with their record_no.
    A multi-threaded pass first; only a file with ragged rows is parsed again serially, because only
    serial parsing tells which row (row.number) was skipped."""
    for use_threads in (True, False):
        quarantined: list[Quarantined] = []

        def on_invalid_row(row, found=quarantined) -> str:
            # row.number = logical CSV row (header = 1, blank lines skipped); None when threaded
            record_no = row.number - 1 if row.number is not None else -1
            found.append(Quarantined(
                record_no, row.text, f"row has {row.actual_columns} fields, header has {row.expected_columns}"))
            return "skip"

        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=use_threads, block_size=block_size, encoding=encoding),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                             invalid_row_handler=on_invalid_row),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
        if not quarantined:
            break
    return table, quarantined


def checked_header(path: Path, required: Iterable[str], kind: str) -> tuple[str, list[str], list[str], str]:
    """(encoding, header names as written, normalised names, delimiter) of a CSV file; InputError when
    the file is missing, empty, not CSV, or lacks a `required` column."""
    head = read_file_head(path, kind)
    reason = not_csv_reason(head)
    if reason:
        raise InputError(f"{path}: not a CSV file, {reason} (expected {kind})")
    encoding = detect_encoding(head)
    delimiter = detect_delimiter(head, encoding)
    raw_names = header_names(head, encoding, delimiter)
    limit = get_settings().csv_max_columns
    if len(raw_names) > limit:
        more = "" if b"\n" in head else " or more"  # only the file's first 64 KB are looked at
        raise InputError(f"{path}: the header has {len(raw_names):,}{more} columns, more than the limit of "
                         f"{limit:,} (MARSAD_CSV_MAX_COLUMNS); expected {kind}")
    names = normalized_names(raw_names)
    required = [c.lower() for c in required]
    missing = [c for c in required if c not in names]
    if missing:
        if len(names) <= 1:
            found = f"'{raw_names[0][:60]}'" if raw_names else "nothing"
            raise InputError(f"{path}: not a CSV file, its first line has no columns separated by commas, "
                             f"semicolons, tabs or '|' (found {found}); expected {kind} with columns such as "
                             f"{', '.join(required[:4])}")
        raise InputError(f"{path}: required column(s) missing: {', '.join(missing)} "
                         f"(the header has: {', '.join(names[:40])})")
    return encoding, raw_names, names, delimiter


def read_csv_rows(path: str | Path, required: Iterable[str], optional: Iterable[str] = (),
                  kind: str = "CSV") -> CsvRows:
    """Read a CSV file as strings. `required` columns must be present (InputError naming the missing
    ones); absent `optional` columns are added as nulls. `kind` names the input in messages."""
    path = Path(path)
    encoding, raw_names, names, delimiter = checked_header(path, required, kind)
    block_size = BLOCK_SIZE
    try:
        try:
            table, quarantined = parse_as_strings(path, encoding, raw_names, delimiter)
        except pa.ArrowInvalid as exc:
            if "straddl" not in str(exc):
                raise
            # a record longer than a 16 MB block: read it whole, then quarantine it (field size limit below)
            block_size = _block_for_longest(path)
            table, quarantined = parse_as_strings(path, encoding, raw_names, delimiter, block_size)
        if encoding != "utf-8":  # a Windows-1256 start: UTF-8 rows further on are not read as Windows-1256
            encoding, table, quarantined = _by_row_encoding(path, raw_names, delimiter, block_size,
                                                            (encoding, table, quarantined))
    except pa.ArrowInvalid as exc:
        if encoding == "utf-8" and "utf8" in str(exc).lower():  # valid UTF-8 at the start, not further on
            encoding, table, quarantined = _by_row_encoding(path, raw_names, delimiter, block_size, None)
        elif "empty csv file" in str(exc).lower():  # a header line without a line break
            raise InputError(f"{path}: the file has a header but no data rows") from None
        else:
            raise InputError(f"{path}: cannot be read as CSV ({kind}): {exc}") from None
    table = table.rename_columns(names)
    rows_read = table.num_rows + len(quarantined)
    if rows_read == 0:
        raise InputError(f"{path}: the file has a header but no data rows")

    bad = np.array(sorted(q.record_no for q in quarantined), dtype=np.int64)
    all_numbers = np.arange(1, rows_read + 1, dtype=np.int64)
    record_no = all_numbers[~np.isin(all_numbers, bad)] if len(bad) else all_numbers
    lines = original_lines(path, encoding, rows_read)
    if lines is not None:
        raw_record = lines.take(pa.array(record_no - 1)) if len(bad) else lines
    else:
        raw_record = raw_record_column(table, delimiter)
    table = table.append_column("raw_record", raw_record)
    table = table.append_column("record_no", pa.array(record_no))
    if table.num_rows and record_no[-1] == rows_read:
        last = table.slice(table.num_rows - 1).to_pylist()[0]
        reason = unterminated_quote_reason(path, last)
        if reason:
            quarantined.append(Quarantined(last["record_no"], last["raw_record"], reason))
            table = table.slice(0, table.num_rows - 1)
    table = _without_huge_fields(table, quarantined)
    for name in optional:
        if name.lower() not in names:
            table = table.append_column(name.lower(), pa.nulls(table.num_rows, pa.string()))
    return CsvRows(table, sorted(quarantined, key=lambda q: q.record_no), rows_read, encoding, names)


def _by_row_encoding(path: Path, raw_names: list[str], delimiter: str, block_size: int,
                     as_cp1256: tuple | None) -> tuple[str, pa.Table, list[Quarantined]]:
    """(encoding, table, quarantined) of a file that is not UTF-8 throughout (etl.sources.csv_encoding):
    the rows in the file's minority encoding quarantined; `as_cp1256` (or a new reading) when it has none."""
    from etl.sources.csv_encoding import CP1256, split_encodings

    found = split_encodings(path, raw_names, delimiter, block_size)
    if found is not None:
        return found.encoding, found.table, found.quarantined
    if as_cp1256 is not None:
        return as_cp1256
    return (CP1256, *parse_as_strings(path, CP1256, raw_names, delimiter, block_size))


def _block_for_longest(path: Path) -> int:
    """A pyarrow block size that holds the file's longest line twice; InputError past MAX_RECORD_BYTES."""
    longest = run = 0
    with path.open("rb") as handle:
        while chunk := handle.read(BLOCK_SIZE):
            breaks = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10)
            if breaks.size == 0:
                run += len(chunk)
                continue
            longest = max(longest, run + int(breaks[0]) + 1, int(np.diff(breaks).max()) if breaks.size > 1 else 0)
            run = len(chunk) - int(breaks[-1]) - 1
    longest = max(longest, run)
    if longest > MAX_RECORD_BYTES:
        raise InputError(f"{path}: a line of {longest:,} bytes; records this long are not read (fields may have "
                         f"{get_settings().csv_max_field_bytes:,} bytes, MARSAD_CSV_MAX_FIELD_BYTES)")
    return max(BLOCK_SIZE, 2 * longest + 1)


def _without_huge_fields(table: pa.Table, quarantined: list[Quarantined]) -> pa.Table:
    """The rows whose every field fits the field size limit (setting csv_max_field_bytes); the others are
    added to `quarantined` with the column and the size."""
    limit = get_settings().csv_max_field_bytes
    huge = None
    for name in table.column_names:
        if name in ("record_no", "raw_record") or not table.num_rows:
            continue
        too_long = pc.fill_null(pc.greater(pc.binary_length(table.column(name)), limit), False)
        if pc.any(too_long).as_py():
            for row in table.filter(too_long).select(["record_no", "raw_record", name]).to_pylist():
                size = len(row[name].encode("utf-8"))
                quarantined.append(Quarantined(row["record_no"], (row["raw_record"] or "")[:RAW_KEPT],
                                               f"field '{name}' has {size:,} bytes, more than the limit of "
                                               f"{limit:,} (MARSAD_CSV_MAX_FIELD_BYTES)"))
            huge = too_long if huge is None else pc.or_(huge, too_long)
    if huge is None:
        return table
    quarantined.sort(key=lambda q: q.record_no)
    return table.filter(pc.invert(huge))


def mapped_batch(rows: CsvRows, sql_name: str, params: dict | list | None = None) -> SourceBatch:
    """Run etl/store/sql/<sql_name>.sql over `rows.table` (registered as `raw`) into a SourceBatch."""
    schema = source_batch_schema()
    mapped = store.transform(sql_name, params, raw=rows.table)
    numbers = mapped.column("record_no").to_numpy()
    if numbers.size > 1 and not (numbers[1:] > numbers[:-1]).all():
        mapped = mapped.sort_by("record_no")
    if mapped.column_names != schema.names:
        raise RuntimeError(f"{sql_name}.sql returns {mapped.column_names}, expected {schema.names}")
    return SourceBatch(mapped.cast(schema), rows.quarantined, rows.rows_read)

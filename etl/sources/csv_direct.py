"""The fast path of the dataset importers: DuckDB reads a UTF-8 CSV file itself, exactly as the pyarrow
reader of etl.sources.csv_input would (same values, same null strings, same records), or not at all.

`direct_csv(path, ...)` gives a `DirectCsv` (the SQL that reads and maps the file), or None when only the
pyarrow reader reads it right; `reads_alike(path)` is the byte check of the rest of the file (the caller
runs it while DuckDB reads); `direct_raw_records` gives the raw text of the few records a run quarantines.
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np
import pyarrow.csv as pacsv

from etl.config import get_settings
from etl.store import snapshot as store
from etl.sources.csv_input import BLOCK_SIZE, checked_header, original_lines, raw_record_column, read_file_head

# pyarrow's default null strings (strings_can_be_null=True): DuckDB is given the same list.
NULL_STRINGS = tuple(pacsv.ConvertOptions().null_values)
# Where DuckDB and pyarrow read the same bytes differently (blanks around a quoted field: DuckDB drops
# them, pyarrow keeps them and the quotes), or where it is unclear (a lone CR line break).
_DIFFERENT_READING = re.compile(rb'(?:^|,)[ \t]+"|"[ \t]+(?:,|\r?$)|\r(?!\n)', re.MULTILINE)
_OVERLAP = 4096


@dataclass
class DirectCsv:
    """A UTF-8 CSV file DuckDB reads like read_csv_rows would: `ctes()` defines `raw` (the file,
    etl/store/sql/read_csv_direct.sql) and `unchecked` (the mapped rows: SourceBatch.table's columns with
    record_no and raw_record NULL: numbering while reading would run on one thread, and a row's
    position gives its number), with the values in `params`."""

    path: Path
    names: list[str]
    raw_sql: str
    map_sql: str
    params: dict

    def reads_alike(self, stop: threading.Event | None = None) -> bool:
        """Whether DuckDB reads this file as pyarrow would (see reads_alike): check before trusting ctes()."""
        return reads_alike(self.path, stop)

    def ctes(self) -> str:
        return (f"raw AS (SELECT *, CAST(NULL AS BIGINT) AS record_no, CAST(NULL AS VARCHAR) AS raw_record "
                f"FROM ({self.raw_sql})), unchecked AS (SELECT * FROM ({self.map_sql}))")


def reads_alike(path: Path, stop: threading.Event | None = None) -> bool:
    """Whether DuckDB's CSV reader sees the same records and values as pyarrow's in this file: valid
    UTF-8 throughout (else pyarrow reads all of it as Windows-1256), no lone CR, no blanks around
    quoted fields, an even number of quotes (an unclosed quote is pyarrow's to report). One pass over
    16 MB blocks, a few numpy passes each; the regex runs only on a block (with the end of the one
    before) where a quote touches a blank or a CR is not followed by LF, and on the block after it.
    A set `stop` (the run was interrupted) ends the check early with False."""
    quotes, tail, suspect = 0, b"", False
    utf8 = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        while chunk := handle.read(BLOCK_SIZE):
            if stop is not None and stop.is_set():
                return False
            if not chunk.isascii() or utf8.getstate()[0]:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    return False
            data = np.frombuffer(chunk, dtype=np.uint8)
            is_quote = data == 34
            quotes += int(np.count_nonzero(is_quote))
            blank = data == 32
            if b"\t" in chunk:
                blank |= data == 9
            touching = bool((is_quote[1:] & blank[:-1]).any() or (is_quote[:-1] & blank[1:]).any())
            if tail:  # the pair across the block boundary
                touching = touching or (tail[-1:] in (b" ", b"\t") and chunk[:1] == b'"') \
                    or (tail[-1:] == b'"' and chunk[:1] in (b" ", b"\t"))
            lone_cr = tail.endswith(b"\r") or (b"\r" in chunk and chunk.count(b"\r") != chunk.count(b"\r\n"))
            # a suspect block's match may end in the next block: that one is searched too
            if lone_cr or touching or suspect:
                suspect = lone_cr or touching
                block = tail + chunk
                if _DIFFERENT_READING.search(block[:-1] if block.endswith(b"\r") else block):
                    return False
            tail = chunk[-_OVERLAP:]
    try:
        utf8.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return quotes % 2 == 0


def direct_csv(path: Path, required: Iterable[str], optional: Iterable[str], kind: str, sql_name: str,
               params: dict) -> DirectCsv | None:
    """The DuckDB reading of `path` mapped by etl/store/sql/<sql_name>.sql, or None when only the pyarrow
    reader (read_csv_rows) reads it right: not UTF-8 at the start, not comma-separated, or leading blank
    lines. The rest of the file is checked by DirectCsv.reads_alike() (a full pass the caller can run while
    DuckDB reads).
    Whole-file problems raise InputError exactly as read_csv_rows does."""
    path = Path(path)
    encoding, _, names, delimiter = checked_header(path, required, kind)
    head = read_file_head(path, kind).removeprefix(b"\xef\xbb\xbf")
    if encoding != "utf-8" or delimiter != "," or head[:1] in (b"\r", b"\n"):
        return None
    missing = [name.lower() for name in optional if name.lower() not in names]
    if any(not re.fullmatch(r"[a-z0-9_]+", name) for name in missing):
        raise ValueError(f"optional column names must be identifiers: {missing}")
    added = "".join(f', CAST(NULL AS VARCHAR) AS "{name}"' for name in missing)
    raw = f"SELECT *{added} FROM ({store.sql_text('read_csv_direct').strip().rstrip(';')})"
    return DirectCsv(path, names, raw, store.sql_text(sql_name).strip().rstrip(";"), {
        "path": str(path), "names": names, "null_strings": list(NULL_STRINGS),
        "max_line": get_settings().csv_max_field_bytes, **params})


def direct_raw_records(con, direct: DirectCsv, rows_read: int, record_nos: list[int]) -> dict[int, str]:
    """record_no -> the record as read_csv_rows gives it in raw_record (the line as written, or the
    record re-written as CSV when records span lines), for a few records of a DirectCsv file."""
    if not record_nos:
        return {}
    lines = original_lines(direct.path, "utf-8", rows_read)
    if lines is not None:
        return {n: lines[n - 1].as_py() for n in record_nos}
    query = store.sql_text("read_csv_direct").strip().rstrip(";")
    table = con.sql(f"SELECT * FROM (SELECT *, row_number() OVER () AS record_no FROM ({query})) "
                    "WHERE list_contains($record_nos, record_no)",
                    params={"path": str(direct.path), "names": direct.names, "null_strings": list(NULL_STRINGS),
                            "max_line": direct.params["max_line"], "record_nos": record_nos}).to_arrow_table()
    numbers = table.column("record_no").to_pylist()
    texts = raw_record_column(table.select(direct.names)).to_pylist()
    return dict(zip(numbers, texts))

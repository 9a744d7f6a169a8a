"""The encoding of a CSV file that is not UTF-8 throughout, decided from all of it, row by row.

A file that is valid UTF-8 everywhere is read as UTF-8 (etl.sources.csv_input). Any other file is parsed
once as bytes: a row whose text is valid UTF-8 with non-ASCII characters counts for UTF-8, a row that is
not valid UTF-8 for Windows-1256 (every byte decodes in it). The majority decides the file's encoding;
the rows of the other encoding are quarantined with the reason (raw record decoded in their own
encoding), never stored garbled. A file with no UTF-8 rows is plain Windows-1256: `split_encodings`
returns None and the caller reads it as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from etl.schema import Quarantined

CP1256 = "cp1256"


@dataclass
class EncodedRows:
    table: pa.Table  # the rows of the file's encoding, as strings, columns named as the header is written
    quarantined: list[Quarantined]  # ragged rows and rows in the other encoding
    encoding: str


def split_encodings(path: Path, raw_names: list[str], delimiter: str, block_size: int) -> EncodedRows | None:
    """See the module. None when the file holds no UTF-8 row (read it all as Windows-1256)."""
    table, ragged = _parse_bytes(path, len(raw_names), delimiter, block_size)
    valid = np.ones(table.num_rows, dtype=bool)
    non_ascii = np.zeros(table.num_rows, dtype=bool)
    for column in table.columns:
        values = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        ascii_ = pc.fill_null(pc.string_is_ascii(values.view(pa.string())), True).to_numpy(zero_copy_only=False)
        rows = np.flatnonzero(~ascii_)
        non_ascii[rows] = True
        for row, value in zip(rows, values.take(pa.array(rows)).to_pylist()):
            if valid[row]:
                try:
                    value.decode("utf-8")
                except UnicodeDecodeError:
                    valid[row] = False
    utf8_rows, other_rows = int((valid & non_ascii).sum()), int((~valid).sum())
    if utf8_rows == 0:
        return None
    encoding = "utf-8" if utf8_rows >= other_rows else CP1256
    odd = ~valid if encoding == "utf-8" else valid & non_ascii
    numbers = _record_numbers(table.num_rows + len(ragged), ragged)
    quarantined = list(ragged)
    if odd.any():
        own, reason = (CP1256, "the row is not UTF-8 like the rest of the file (Windows-1256?); fix its encoding") \
            if encoding == "utf-8" else ("utf-8", "the row is UTF-8 in a file that is otherwise Windows-1256; "
                                                  "fix its encoding")
        for row in np.flatnonzero(odd):
            cells = [v.decode(own, errors="replace") if v is not None else ""
                     for v in table.slice(int(row), 1).to_pylist()[0].values()]
            quarantined.append(Quarantined(int(numbers[row]), delimiter.join(cells), reason))
        table = table.filter(pa.array(~odd))
    return EncodedRows(_decoded(table, encoding).rename_columns(raw_names), quarantined, encoding)


def _parse_bytes(path: Path, columns: int, delimiter: str, block_size: int) -> tuple[pa.Table, list[Quarantined]]:
    """Every column as bytes; ragged rows skipped and returned as Quarantined with their record_no."""
    ragged: list[Quarantined] = []

    def on_invalid_row(row) -> str:
        ragged.append(Quarantined(row.number - 1 if row.number is not None else -1, row.text,
                                  f"row has {row.actual_columns} fields, header has {row.expected_columns}"))
        return "skip"

    names = [f"c{i}" for i in range(columns)]
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(use_threads=False, block_size=block_size, column_names=names, skip_rows=1),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                         invalid_row_handler=on_invalid_row),
        convert_options=pacsv.ConvertOptions(column_types={n: pa.binary() for n in names}, check_utf8=False,
                                             strings_can_be_null=True, quoted_strings_can_be_null=True),
    )
    return table, ragged


def _record_numbers(rows_read: int, ragged: list[Quarantined]) -> np.ndarray:
    numbers = np.arange(1, rows_read + 1, dtype=np.int64)
    return numbers[~np.isin(numbers, [q.record_no for q in ragged])] if ragged else numbers


def _decoded(table: pa.Table, encoding: str) -> pa.Table:
    """Byte columns as strings: checked UTF-8, or Windows-1256 (only the non-ASCII values decoded one by one)."""
    columns = []
    for column in table.columns:
        values = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        if encoding == "utf-8":
            columns.append(values.cast(pa.string()))
            continue
        text = values.view(pa.string())
        odd = pc.invert(pc.fill_null(pc.string_is_ascii(text), True))
        if pc.any(odd).as_py():
            decoded = [v.decode(CP1256) for v in values.filter(odd).to_pylist()]
            text = pc.replace_with_mask(text, odd, pa.array(decoded, pa.string()))
        columns.append(text)
    return pa.table(columns, names=table.column_names)

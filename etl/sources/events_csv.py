"""Events already in the canonical schema (etl.schema.EVENT_COLUMNS): CSV, JSON Lines, or a JSON array.

    batch = read(Path("manual_events.csv"))      # or .jsonl / .ndjson / .json

Only event_id, event_date and sub_event_type must be present; other canonical columns are optional,
unknown columns are ignored, origin defaults to 'manual'. In JSON Lines a line that is not valid JSON
(or not an object) is quarantined with the reason and the line number as record_no; the rest loads.
Mapping is etl/store/sql/map_events_csv.sql.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa

from etl.errors import InputError
from etl.schema import EVENT_COLUMNS, Quarantined
from etl.sources.csv_direct import DirectCsv, direct_csv
from etl.sources.csv_input import CsvRows, SourceBatch, mapped_batch, read_csv_rows, read_file_head

REQUIRED_COLUMNS = ("event_id", "event_date", "sub_event_type")
OPTIONAL_COLUMNS = tuple(c for c in EVENT_COLUMNS if c not in REQUIRED_COLUMNS)
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")
RAW_LIMIT = 20_000  # characters of a quarantined record kept (the store keeps no more)


def read(path: Path) -> SourceBatch:
    """Read canonical events from CSV or JSON (Lines) into a SourceBatch."""
    path = Path(path)
    if path.suffix.lower() in JSON_SUFFIXES:
        rows = read_json_rows(path)
    else:
        rows = read_csv_rows(path, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, kind="a CSV of canonical events")
    return mapped_batch(rows, "map_events_csv")


def direct(path: Path) -> DirectCsv | None:
    """A CSV file read by DuckDB itself with the same mapping (None for JSON, or: use read)."""
    path = Path(path)
    if path.suffix.lower() in JSON_SUFFIXES:
        return None
    return direct_csv(path, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, "a CSV of canonical events", "map_events_csv", {})


def json_value_text(value: object) -> str | None:
    """A JSON value as the text a CSV cell would hold (None stays None; objects/lists as JSON)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def json_records(path: Path, text: str) -> list[tuple[int, str, object]]:
    """(record_no, raw text, parsed value or an Exception) for each record: a JSON array's items
    (record_no = position) or each non-blank line of JSON Lines (record_no = line number)."""
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
        except RecursionError:
            raise InputError(f"{path}: JSON nested too deeply to read") from None
        return [(i, json.dumps(item, ensure_ascii=False), item) for i, item in enumerate(items, start=1)]
    if stripped.startswith("{") and "\n" in stripped:
        try:
            whole = json.loads(stripped)
        except (json.JSONDecodeError, RecursionError):
            whole = None
        if isinstance(whole, dict):
            raise InputError(f"{path}: one JSON object spread over several lines; expected one event object "
                             f"per line (JSON Lines) or a JSON array of events")
    records: list[tuple[int, str, object]] = []
    for line_no, line in enumerate(text.split("\n"), start=1):  # not splitlines(): U+2028 is valid in JSON
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            records.append((line_no, line, json.loads(line)))
        except json.JSONDecodeError as exc:
            records.append((line_no, line, exc))
        except RecursionError:
            records.append((line_no, line, RecursionError("JSON nested too deeply to read")))
    return records


def read_json_rows(path: Path) -> CsvRows:
    """JSON Lines (or a JSON array of objects) as string columns, like read_csv_rows."""
    head = read_file_head(path, "JSON Lines")
    if b"\x00" in head or head.startswith(b"\x89PNG"):
        raise InputError(f"{path}: not a JSON Lines file, it is a binary file")
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    odd: list[Quarantined] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1256") if data.lstrip().startswith(b"[") else None
        if text is None:
            text, odd = lines_by_encoding(data)
    records = json_records(path, text)
    unit = "item" if text.lstrip().startswith("[") else "line"
    if not records and not odd:
        raise InputError(f"{path}: the file has no records (only blank lines)")
    columns: dict[str, list] = {c: [] for c in EVENT_COLUMNS}
    record_nos: list[int] = []
    raws: list[str] = []
    quarantined: list[Quarantined] = list(odd)
    seen_keys: set[str] = set()
    for record_no, raw, value in records:
        if isinstance(value, RecursionError):
            quarantined.append(Quarantined(record_no, raw[:RAW_LIMIT], f"{unit} {record_no}: {value}"))
            continue
        if isinstance(value, Exception):
            quarantined.append(Quarantined(
                record_no, raw, f"{unit} {record_no} is not valid JSON ({value.msg} at column {value.colno})"))
            continue
        if not isinstance(value, dict):
            quarantined.append(Quarantined(record_no, raw, f"{unit} {record_no} is not a JSON object"))
            continue
        lowered = {str(k).strip().lower(): v for k, v in value.items()}
        seen_keys.update(lowered)
        for name in EVENT_COLUMNS:
            columns[name].append(json_value_text(lowered.get(name)))
        record_nos.append(record_no)
        raws.append(raw)
    if not record_nos:
        raise InputError(f"{path}: not JSON Lines, none of its {len(records)} {unit}s is a JSON object "
                         f"(first problem: {quarantined[0].reason})")
    missing = [c for c in REQUIRED_COLUMNS if c not in seen_keys]
    if missing:
        raise InputError(f"{path}: required field(s) missing in every record: {', '.join(missing)}")
    table = pa.table({name: pa.array(values, pa.string()) for name, values in columns.items()})
    table = table.append_column("raw_record", pa.array(raws, pa.string()))
    table = table.append_column("record_no", pa.array(record_nos, pa.int64()))
    quarantined.sort(key=lambda q: q.record_no)
    return CsvRows(table, quarantined, len(records) + len(odd), "utf-8", sorted(seen_keys))


def lines_by_encoding(data: bytes) -> tuple[str, list[Quarantined]]:
    """JSON Lines that are not UTF-8 throughout: the majority of the lines with non-ASCII text decides the
    file's encoding (UTF-8 or Windows-1256); each line in the other encoding is quarantined (its number,
    its text in its own encoding, the reason) and left blank in the returned text, never read garbled."""
    lines = data.split(b"\n")
    valid = []
    for line in lines:
        try:
            line.decode("utf-8")
            valid.append(True)
        except UnicodeDecodeError:
            valid.append(False)
    utf8 = sum(1 for ok, line in zip(valid, lines) if ok and not line.isascii())
    if utf8 and utf8 >= valid.count(False):
        encoding, own, reason = "utf-8", "cp1256", "is not UTF-8 like the rest of the file (Windows-1256?)"
        odd = {n for n, ok in enumerate(valid) if not ok}
    else:
        encoding, own, reason = "cp1256", "utf-8", "is UTF-8 in a file that is otherwise Windows-1256"
        odd = {n for n, (ok, line) in enumerate(zip(valid, lines)) if ok and not line.isascii()}
    text = "\n".join("" if n in odd else line.decode(encoding) for n, line in enumerate(lines))
    return text, [Quarantined(n + 1, lines[n].decode(own, errors="replace")[:RAW_LIMIT],
                              f"line {n + 1} {reason}; fix its encoding") for n in sorted(odd)]


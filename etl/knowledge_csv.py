"""Reading the analyst-editable knowledge CSVs (actors, gazetteer, triggers, cue words)."""

from __future__ import annotations

import csv
from pathlib import Path

from etl.errors import InputError


def read_knowledge_rows(path: Path, required: tuple[str, ...] | list[str]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for every data row of a knowledge CSV, UTF-8 with or without the BOM a
    spreadsheet adds; a file without one of the required columns is refused naming them."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
        return list(enumerate(reader, start=2))

"""Dataset imports where DuckDB reads the CSV itself give exactly what the pyarrow reader gives: the same
events, the same quarantined rows (record numbers, raw text, reasons) and the same counts; files DuckDB
would read differently go the pyarrow way."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.store import events as event_store, runs as run_store, snapshot as store
from etl.config import get_settings
from etl.pipeline import import_dataset
from etl.sources import acled
from etl.sources.csv_direct import reads_alike

FIX = Path(__file__).resolve().parent / "fixtures" / "datasets"


def store_rows(db: Path) -> tuple[list, list, list]:
    con = store.read_only(db)
    try:
        events = con.execute("SELECT * EXCLUDE (run_id, timestamp) FROM events ORDER BY event_id").fetchall()
        quarantine = con.execute("SELECT record_no, raw_record, reason FROM quarantine ORDER BY record_no").fetchall()
        runs = con.execute("SELECT rows_read, rows_inserted, rows_quarantined FROM runs").fetchall()
        return events, quarantine, runs
    finally:
        con.close()


def import_both_ways(path: Path, tmp_path: Path, monkeypatch) -> tuple[tuple, tuple]:
    direct_db, arrow_db = tmp_path / "direct.duckdb", tmp_path / "arrow.duckdb"
    import_dataset("acled", path, settings=get_settings(db=str(direct_db), progress="no"))
    monkeypatch.setattr(acled, "direct", lambda _path: None)  # the pyarrow reader only
    import_dataset("acled", path, settings=get_settings(db=str(arrow_db), progress="no"))
    return store_rows(direct_db), store_rows(arrow_db)


def bad_rows_file(tmp_path: Path) -> Path:
    lines = (FIX / "acled_current.csv").read_text(encoding="utf-8").splitlines()
    header, first = lines[0], lines[1]
    rows = [first.replace("SYR12345", f"SYR{n}") for n in range(1, 9)]
    rows[2] = rows[2].replace("2019-06-15", "2019-02-30")      # not a date
    rows[4] = rows[1]                                          # a duplicate event_id
    rows[5] = rows[5].replace("SDF: Syrian", " SDF: Syrian")   # padded, NA and empty values
    rows[6] = rows[6].replace(",Syria,", ",NA,")
    path = tmp_path / "acled_mixed.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_direct_read_matches_the_pyarrow_reader_row_for_row(tmp_path, monkeypatch):
    path = bad_rows_file(tmp_path)
    assert reads_alike(path)
    direct, arrow = import_both_ways(path, tmp_path, monkeypatch)
    assert direct == arrow
    events, quarantine, runs = direct
    assert runs == [(8, 6, 2)]
    assert [(n, reason.split(" (")[0]) for n, _, reason in quarantine] == [
        (3, "event_date 2019-02-30 is not a valid date"), (5, "duplicate event_id acled:SYR2")]
    assert quarantine[0][1].startswith("SYR3,2019-02-30"), "the raw line as written"


@pytest.mark.parametrize("fixture", ["acled_quoted_newline.csv", "acled_bom.csv", "acled_crlf.csv",
                                     "acled_old_format.csv", "acled_duplicate_ids.csv"])
def test_fixtures_load_the_same_either_way(tmp_path, monkeypatch, fixture):
    direct, arrow = import_both_ways(FIX / fixture, tmp_path, monkeypatch)
    assert direct == arrow


def test_blanks_around_a_quoted_field_are_read_as_pyarrow_reads_them(tmp_path, monkeypatch):
    lines = (FIX / "acled_current.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "blank_quote.csv"
    path.write_text("\n".join([lines[0], lines[1].replace(",Ar-Raqqa,", ', "Ar-Raqqa",', 1), *lines[2:]]) + "\n",
                    encoding="utf-8")
    assert not reads_alike(path)  # DuckDB would drop the blank and the quotes
    direct, arrow = import_both_ways(path, tmp_path, monkeypatch)
    assert direct == arrow


@pytest.mark.parametrize("block_size", [5, 8, 13, 64, 1 << 24])
def test_the_byte_check_sees_a_blank_beside_a_quote_wherever_the_blocks_split_the_file(tmp_path, monkeypatch,
                                                                                      block_size):
    from etl.sources import csv_direct

    monkeypatch.setattr(csv_direct, "BLOCK_SIZE", block_size)
    monkeypatch.setattr(csv_direct, "_OVERLAP", min(block_size, 4096))
    lines = (FIX / "acled_current.csv").read_text(encoding="utf-8").splitlines()
    clean = tmp_path / "clean.csv"
    clean.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert reads_alike(clean)
    for variant in (', "Ar-Raqqa",', ',"Ar-Raqqa" ,', ',\t"Ar-Raqqa",'):
        path = tmp_path / "blank_quote.csv"
        path.write_text("\n".join([lines[0], lines[1].replace(",Ar-Raqqa,", variant, 1), *lines[2:]]) + "\n",
                        encoding="utf-8")
        assert not reads_alike(path), (variant, block_size)
    lone_cr = tmp_path / "lone_cr.csv"
    lone_cr.write_bytes(("\n".join(lines[:2]) + "\r" + "\n".join(lines[2:]) + "\n").encode())
    assert not reads_alike(lone_cr)
    if block_size < 64:  # the blank ends one block, the quote starts the next
        split = tmp_path / "split.csv"
        split.write_bytes(b"a" * (block_size - 2) + b', "b",c\n')
        assert not reads_alike(split)
        split.write_bytes(b"a" * (block_size - 1) + b'\r' + b'b,c\n')
        assert not reads_alike(split)


def test_a_file_too_large_to_hold_in_memory_loads_the_same_through_a_spillable_table(tmp_path, monkeypatch):
    from etl import pipeline

    path = bad_rows_file(tmp_path)
    import_dataset("acled", path, settings=get_settings(db=str(tmp_path / "memory.duckdb"), progress="no"))
    monkeypatch.setattr(pipeline, "held_in_memory", lambda _path: False)
    import_dataset("acled", path, settings=get_settings(db=str(tmp_path / "spill.duckdb"), progress="no"))
    assert store_rows(tmp_path / "spill.duckdb") == store_rows(tmp_path / "memory.duckdb")
    assert [n for n, _, _ in store_rows(tmp_path / "spill.duckdb")[1]] == [3, 5]


def test_only_a_file_small_for_this_machine_is_held_in_memory(tmp_path, monkeypatch):
    from etl import pipeline

    path = tmp_path / "x.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    assert pipeline.held_in_memory(path)
    monkeypatch.setattr(pipeline.os, "sysconf", lambda name: 1024 if name == "SC_AVPHYS_PAGES" else 4096)
    path.write_bytes(b"a" * 2_000_000)  # 2 MB against 4 MB available
    assert not pipeline.held_in_memory(path)

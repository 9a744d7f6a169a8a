"""Hostile dataset files (issue 9): mixed encodings, a 50 MB field, compression bombs, absurd column
counts. Each is quarantined row by row or refused in one clear line naming the user's file; the store is
never changed by a refusal."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from etl.store import snapshot as store
from etl.config import get_settings
from etl.errors import InputError
from etl.pipeline import import_dataset

HEADER = "event_id_cnty,event_date,sub_event_type,latitude,longitude,location,notes\n"


def _row(i: int, location: str = "الرقة", notes: str = "اشتباكات في ريف الرقة") -> str:
    return f"SYR{i},2024-05-05,Armed clash,35.95,39.01,{location},{notes}\n"


def _import(path: Path, db: Path):
    return import_dataset("acled", path, settings=get_settings(db=str(db), progress="no"))


def _query(db: Path, sql: str) -> list[tuple]:
    con = store.read_only(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_utf8_file_with_a_windows_1256_tail_keeps_its_arabic_and_quarantines_the_tail(tmp_path):
    utf8 = "".join(_row(i) for i in range(1, 1500)).encode("utf-8")
    assert len(utf8) > 64 * 1024  # the part the encoding used to be guessed from
    tail = "".join(_row(i, "منبج", "قصف على منبج") for i in range(5000, 5003)).encode("cp1256")
    path = tmp_path / "acled.csv"
    path.write_bytes(HEADER.encode() + utf8 + tail)
    db = tmp_path / "store.duckdb"
    report = _import(path, db)
    assert (report.read, report.inserted, report.quarantined) == (1502, 1499, 3)
    assert _query(db, "SELECT DISTINCT location, notes FROM events") == [("الرقة", "اشتباكات في ريف الرقة")]
    quarantined = _query(db, "SELECT record_no, raw_record, reason FROM quarantine ORDER BY record_no")
    assert [r[0] for r in quarantined] == [1500, 1501, 1502]
    assert all("not UTF-8 like the rest of the file" in r[2] and "منبج" in r[1] for r in quarantined)


def test_a_50_mb_field_quarantines_its_row_and_the_rest_loads(tmp_path):
    path = tmp_path / "acled.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(1, 50):
            out.write(_row(i, notes="x" * (50 << 20) if i == 20 else "short"))
    db = tmp_path / "store.duckdb"
    report = _import(path, db)
    assert (report.read, report.inserted, report.quarantined) == (49, 48, 1)
    [(record_no, reason)] = _query(db, "SELECT record_no, reason FROM quarantine")
    assert record_no == 20
    assert reason == "field 'notes' has 52,428,800 bytes, more than the limit of 1,000,000 (MARSAD_CSV_MAX_FIELD_BYTES)"


@pytest.mark.parametrize("delimiter", [",", ";"], ids=["duckdb-reads", "pyarrow-reads"])
def test_the_field_size_limit_is_a_setting(tmp_path, monkeypatch, delimiter):
    monkeypatch.setenv("MARSAD_CSV_MAX_FIELD_BYTES", "2000")
    path = tmp_path / "acled.csv"
    path.write_text((HEADER + _row(1) + _row(2, notes="y" * 3000) + _row(3)).replace(",", delimiter),
                    encoding="utf-8")
    db = tmp_path / "store.duckdb"
    report = _import(path, db)
    assert (report.read, report.inserted, report.quarantined) == (3, 2, 1)
    assert _query(db, "SELECT record_no, reason FROM quarantine") == [
        (2, "field 'notes' has 3,000 bytes, more than the limit of 2,000 (MARSAD_CSV_MAX_FIELD_BYTES)")]


def test_a_gzip_bomb_is_refused_by_its_ratio_naming_the_users_file(tmp_path):
    path = tmp_path / "bomb.csv.gz"
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(HEADER.encode())
        chunk = b"\n" * (1 << 20)
        for _ in range(300):  # 300 MB of line breaks: 0.3 MB compressed
            out.write(chunk)
    db = tmp_path / "store.duckdb"
    with pytest.raises(InputError) as refused:
        _import(path, db)
    assert str(refused.value).startswith(f"{path}: expands more than 100 times when decompressed")
    assert not db.exists()


def test_the_decompressed_size_limit_is_a_setting_and_messages_name_the_users_file(tmp_path, monkeypatch):
    path = tmp_path / "acled.csv.gz"
    path.write_bytes(gzip.compress((HEADER + "".join(_row(i) for i in range(1, 200))).encode()))
    monkeypatch.setenv("MARSAD_GZIP_MAX_BYTES", "5000")
    with pytest.raises(InputError, match=r"decompresses to more than 5,000 bytes .*MARSAD_GZIP_MAX_BYTES"):
        _import(path, tmp_path / "store.duckdb")
    monkeypatch.delenv("MARSAD_GZIP_MAX_BYTES")
    header_only = tmp_path / "header_only.csv.gz"
    header_only.write_bytes(gzip.compress(HEADER.encode()))
    with pytest.raises(InputError) as refused:
        _import(header_only, tmp_path / "store.duckdb")
    assert str(refused.value) == f"{header_only}: the file has a header but no data rows"
    report = _import(path, tmp_path / "store.duckdb")
    assert report.inserted == 199


def test_a_header_of_100000_columns_is_refused_before_reading(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(100_000)) + "\n" + ",".join("1" * 100_000) + "\n")
    with pytest.raises(InputError, match=r"the header has [\d,]+ or more columns, more than the limit of 1,000 "
                                         r"\(MARSAD_CSV_MAX_COLUMNS\)"):
        _import(path, tmp_path / "store.duckdb")


def test_a_data_row_of_100000_fields_is_quarantined_and_the_rest_loads(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text(HEADER + _row(1) + ",".join("1" * 100_000) + "\n" + _row(3), encoding="utf-8")
    db = tmp_path / "store.duckdb"
    report = _import(path, db)
    assert (report.read, report.inserted, report.quarantined) == (3, 2, 1)
    assert _query(db, "SELECT record_no, reason FROM quarantine") == [(2, "row has 100000 fields, header has 7")]

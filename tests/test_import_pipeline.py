"""End to end: dataset files through `marsad etl import` into the store — bad rows quarantined with a
reason, the rest loaded, counts reconciled, refused files leave the store untouched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from etl.store import events as event_store, runs as run_store, snapshot as store
from etl.config import get_settings
from etl.errors import InputError
from etl.pipeline import import_dataset

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "datasets"


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = store.read_only(db)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def run_import(kind: str, path: Path, db: Path):
    return import_dataset(kind, path, settings=get_settings(db=str(db), progress="no"))


@pytest.mark.parametrize(("fixture", "record_no", "reason"), [
    ("acled_bad_date.csv", 2, "event_date 2019-02-30 is not a valid date"),
    ("acled_impossible_date.csv", 2, "event_date 31-13-2019 is not a valid date"),
    ("acled_coordinates_out_of_range.csv", 2, "latitude 135.4411 is out of range (-90..90)"),
    ("acled_swapped_coordinates.csv", 2, "latitude 39.0079 and longitude 35.9528 look swapped"),
    ("acled_negative_fatalities.csv", 2, "fatalities -3 is negative"),
    ("acled_duplicate_ids.csv", 3, "duplicate event_id acled:SYR12345 (first seen in record 1)"),
    ("acled_ragged_row.csv", 2, "row has 12 fields, header has 31"),
])
def test_a_bad_row_is_quarantined_with_its_reason_and_the_rest_loads(tmp_path, fixture, record_no, reason):
    db = tmp_path / "m.duckdb"
    report = run_import("acled", FIX / fixture, db)
    assert (report.read, report.inserted, report.quarantined) == (3, 2, 1)
    assert report.reconciles
    quarantined = rows(db, "SELECT record_no, reason, raw_record FROM quarantine")
    assert len(quarantined) == 1
    assert quarantined[0][0] == record_no
    assert reason in quarantined[0][1]
    assert quarantined[0][2].startswith("SYR1234"), "the raw record is kept so nothing is lost"
    run = rows(db, "SELECT rows_read, rows_inserted, rows_updated, rows_unchanged, rows_quarantined, status FROM runs")
    assert run == [(3, 2, 0, 0, 1, "ok")]


@pytest.mark.parametrize("fixture", ["acled_bom.csv", "acled_crlf.csv", "acled_current.csv"])
def test_bom_and_crlf_files_load_every_row_with_clean_ids(tmp_path, fixture):
    db = tmp_path / "m.duckdb"
    report = run_import("acled", FIX / fixture, db)
    assert (report.read, report.inserted, report.quarantined) == (3, 3, 0)
    ids = [r[0] for r in rows(db, "SELECT event_id FROM events ORDER BY event_id")]
    assert ids == ["acled:SYR12345", "acled:SYR12346", "acled:SYR12347"]


def test_windows_1256_arabic_text_is_decoded(tmp_path):
    db = tmp_path / "m.duckdb"
    run_import("acled", FIX / "acled_cp1256.csv", db)
    notes = rows(db, "SELECT notes FROM events WHERE event_id = 'acled:SYR12345'")[0][0]
    assert notes == "انفجار عبوة ناسفة قرب دورية لقسد في مدينة الرقة، مقتل عنصرين"


def test_a_quoted_newline_stays_inside_its_field(tmp_path):
    db = tmp_path / "m.duckdb"
    run_import("acled", FIX / "acled_quoted_newline.csv", db)
    notes = rows(db, "SELECT notes FROM events WHERE event_id = 'acled:SYR12346'")[0][0]
    assert notes == 'On 16 June 2019, regime forces shelled Khan Shaykhun.\nSecond paragraph: "no casualties", per SOHR.'


def test_loading_twice_inserts_nothing_and_an_edited_row_is_updated(tmp_path):
    db = tmp_path / "m.duckdb"
    first = run_import("acled", FIX / "acled_current.csv", db)
    again = run_import("acled", FIX / "acled_current.csv", db)
    assert (first.inserted, again.inserted, again.unchanged) == (3, 0, 3)
    lines = (FIX / "acled_current.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    ts = header.index("timestamp")
    edited = lines[1].replace("killing 2 SDF members", "killing 3 SDF members")
    fields = edited.rsplit(",", len(header) - ts)
    fields[1] = str(int(fields[1]) + 3600)
    edited_file = tmp_path / "acled_edited.csv"
    edited_file.write_text("\n".join([lines[0], ",".join(fields), *lines[2:]]) + "\n", encoding="utf-8")
    third = run_import("acled", edited_file, db)
    assert (third.read, third.inserted, third.updated, third.unchanged) == (3, 0, 1, 2)
    assert rows(db, "SELECT count(*) FROM events") == [(3,)]
    assert "killing 3 SDF members" in rows(db, "SELECT notes FROM events WHERE event_id = 'acled:SYR12345'")[0][0]


def test_old_acled_layout_and_canonical_csv_and_jsonl_load(tmp_path):
    db = tmp_path / "m.duckdb"
    old = run_import("acled", FIX / "acled_old_format.csv", db)
    assert old.inserted == old.read > 0 and old.quarantined == 0
    canonical = run_import("csv", FIX / "events_canonical.csv", db)
    assert canonical.inserted == canonical.read > 0
    jsonl_db = tmp_path / "jsonl.duckdb"
    jsonl = run_import("csv", FIX / "events_with_bad_line.jsonl", jsonl_db)
    assert (jsonl.read, jsonl.inserted, jsonl.quarantined) == (4, 2, 2)
    reasons = rows(jsonl_db, "SELECT record_no, reason FROM quarantine ORDER BY record_no")
    assert [r[0] for r in reasons] == [2, 5], "record numbers are the file's line numbers"
    assert all("JSON" in r[1] for r in reasons), reasons
    arabic = rows(jsonl_db, "SELECT actor1 FROM events WHERE event_id = 'manual:tabqa-arrests-2019-06-21'")
    assert arabic == [("SDF: Syrian Democratic Forces",)], "an Arabic alias (قسد) resolves to the canonical actor"


def test_ucdp_rows_get_ocha_admin_areas_and_canonical_actors(tmp_path):
    db = tmp_path / "m.duckdb"
    report = run_import("ucdp", FIX / "ucdp_syria_sample.csv", db)
    assert report.inserted == report.read > 0
    assert rows(db, "SELECT count(*) FROM events WHERE admin1 IS NULL OR admin1_pcode IS NULL") == [(0,)]
    actors = {r[0] for r in rows(db, "SELECT actor1 FROM events UNION SELECT actor2 FROM events")}
    assert "Government of Syria" not in actors and "IS" not in actors
    assert "Military Forces of Syria" in actors


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


@pytest.mark.parametrize(("fixture", "message"), [
    ("empty.csv", "the file is empty"),
    ("acled_header_only.csv", "header but no data rows"),
    ("acled_missing_column.csv", "required column(s) missing: event_date"),
    ("not_csv.png", "not a CSV file"),
    ("not_csv.json", "not a CSV file"),
    ("does_not_exist.csv", "no such file"),
])
def test_an_unusable_file_is_refused_with_exit_2_and_the_store_is_untouched(tmp_path, fixture, message):
    db = tmp_path / "m.duckdb"
    run_import("acled", FIX / "acled_current.csv", db)
    before = db.read_bytes()
    result = _cli("etl", "import", "acled", str(FIX / fixture), "--db", str(db))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert db.read_bytes() == before


def test_the_cli_prints_the_reconciled_counts_and_points_at_the_quarantine(tmp_path):
    db = tmp_path / "m.duckdb"
    result = _cli("etl", "import", "acled", str(FIX / "acled_bad_date.csv"), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "read 3 = inserted 2 + updated 0 + unchanged 0 + quarantined 1" in result.stdout
    assert "marsad etl quarantine --run 1" in result.stdout
    shown = _cli("etl", "quarantine", "--run", "1", "--json", "--db", str(db))
    assert '"reason": "event_date 2019-02-30 is not a valid date' in shown.stdout


def test_import_of_a_folder_or_unknown_kind_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        run_import("acled", FIX, tmp_path / "m.duckdb")
    with pytest.raises(InputError, match="unknown dataset kind"):
        run_import("gdelt", FIX / "acled_current.csv", tmp_path / "m.duckdb")


@pytest.mark.parametrize(("kind", "fixture"), [("acled", "acled_current.csv"), ("csv", "events_canonical.csv"),
                                               ("ucdp", "ucdp_syria_sample.csv")])
@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_spreadsheet_saved_with_semicolons_or_tabs_loads_the_same_events(tmp_path, kind, fixture, delimiter):
    import csv

    with (FIX / fixture).open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.reader(handle))
    resaved = tmp_path / f"resaved_{fixture}"
    with resaved.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(records)
    comma, other = tmp_path / "comma.duckdb", tmp_path / "other.duckdb"
    expected = run_import(kind, FIX / fixture, comma)
    report = run_import(kind, resaved, other)
    assert report.counts() == expected.counts() and report.inserted > 0
    query = "SELECT * EXCLUDE (run_id, timestamp) FROM events ORDER BY event_id"
    assert rows(other, query) == rows(comma, query)

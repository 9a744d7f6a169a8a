"""UCDP's low and high fatality estimates are kept beside the best one (migration 008), through both CSV readers
(DuckDB's direct reader and the gzip/pyarrow path), shown on the event and exported next to `fatalities`;
a bad estimate is quarantined with its reason; a file without them loads with none."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import duckdb
import pytest

from dashboard import data
from dashboard.filters import Filters
from etl.config import get_settings
from etl.pipeline import import_dataset

SAMPLE = Path(__file__).parent / "fixtures" / "datasets" / "ucdp_syria_sample.csv"


def _write(path: Path, change: dict[str, dict[str, str]], drop: tuple[str, ...] = ()) -> Path:
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = [c for c in rows[0] if c not in drop]
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fields, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({**r, **change.get(r["id"], {})})
    return path


def _stored(db: Path) -> dict[str, tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {r[0]: r[1:] for r in con.execute(
            "SELECT event_id, fatalities_low, fatalities, fatalities_high FROM events").fetchall()}


@pytest.mark.parametrize("name", ["ucdp.csv", "ucdp.csv.gz"])
def test_low_and_high_estimates_are_kept_and_exported_beside_best(tmp_path, name):
    src = _write(tmp_path / name, {"223796": {"low": "90", "high": "160"}})
    db = tmp_path / "m.duckdb"
    report = import_dataset("ucdp", src, settings=get_settings(db=str(db), progress="no"))
    assert report.quarantined == 0
    stored = _stored(db)
    assert stored["ucdp:223796"] == (90, 114, 160)
    assert stored["ucdp:214797"] == (4, 4, 4)
    with data.reader(db) as con:
        exported = data.events_export(con, Filters())
    cols = list(exported.columns)
    assert cols[cols.index("fatalities"):cols.index("fatalities") + 3] == ["fatalities", "fatalities_low",
                                                                           "fatalities_high"]


def test_a_bad_estimate_is_quarantined_with_its_reason(tmp_path):
    db = tmp_path / "m.duckdb"
    report = import_dataset("ucdp", _write(tmp_path / "u.csv", {"216510": {"high": "lots"}}),
                            settings=get_settings(db=str(db), progress="no"))
    assert report.quarantined == 1
    with duckdb.connect(str(db), read_only=True) as con:
        (reason,) = con.execute("SELECT reason FROM quarantine").fetchall()[0]
    assert reason == "fatalities_high lots is not a whole number from 0 to 2147483647"


def test_a_file_without_the_estimates_loads_with_none(tmp_path):
    db = tmp_path / "m.duckdb"
    import_dataset("ucdp", _write(tmp_path / "u.csv", {}, drop=("low", "high")),
                   settings=get_settings(db=str(db), progress="no"))
    assert set(_stored(db)["ucdp:214797"]) == {None, 4}


def test_the_event_detail_shows_the_range(tmp_path, monkeypatch):
    from tests.dashboard_fixtures import open_page

    db = tmp_path / "m.duckdb"
    import_dataset("ucdp", _write(tmp_path / "u.csv", {"223796": {"low": "90", "high": "160"}}),
                   settings=get_settings(db=str(db), progress="no"))
    monkeypatch.setenv("MARSAD_DB", str(db))
    at = open_page("events", "en", event="ucdp:223796")
    assert "Fatalities: best estimate 114, low 90, high 160." in [c.value for c in at.caption]
    ar = open_page("events", "ar", event="ucdp:223796")
    assert any("الأدنى 90" in c.value for c in ar.caption)

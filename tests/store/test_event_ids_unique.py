"""One row per event_id in `events`, kept by the loaders themselves (the table has no index since
migration 002): repeated ids in a file, re-loads, edited rows, stale ACLED rows, articles loaded twice
and a mix of all of them never leave two rows with one id; an older store migrates with its rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from etl.store import events as event_store, runs as run_store, snapshot as store
from etl.article_pipeline import load_articles
from etl.config import get_settings
from etl.pipeline import import_dataset

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures" / "datasets"
ARTICLE = ROOT / "data" / "samples" / "articles" / "raqqa-coalition-2023-02-18.ar.txt"


def ids(db: Path) -> tuple[int, int]:
    """(rows, distinct event_ids) of the store's events."""
    con = store.read_only(db)
    try:
        return con.execute("SELECT count(*), count(DISTINCT event_id) FROM events").fetchall()[0]
    finally:
        con.close()


def test_no_sequence_of_loads_leaves_two_rows_with_one_event_id(tmp_path):
    db = tmp_path / "m.duckdb"
    settings = get_settings(db=str(db), progress="no")
    current = FIX / "acled_current.csv"
    edited = tmp_path / "acled_edited.csv"
    lines = current.read_text(encoding="utf-8").splitlines()
    # the same events with changed notes and a newer timestamp: updates, not new rows
    edited.write_text("\n".join([lines[0], *(line.replace('.",', ' Updated.",').replace(",156", ",166")
                                              for line in lines[1:])]) + "\n", encoding="utf-8")
    steps = [("acled", current), ("acled", FIX / "acled_duplicate_ids.csv"), ("acled", current),
             ("acled", edited), ("acled", current), ("csv", FIX / "events_canonical.csv"),
             ("csv", FIX / "events_canonical.csv"), ("ucdp", FIX / "ucdp_syria_sample.csv")]
    updated = 0
    for kind, path in steps:
        report = import_dataset(kind, path, settings=settings)
        assert report.reconciles
        updated += report.updated
        total, distinct = ids(db)
        assert total == distinct, f"after {path.name}: {total} rows for {distinct} event ids"
    news = tmp_path / "news"
    news.mkdir()
    shutil.copy(ARTICLE, news / ARTICLE.name)
    for _ in range(2):
        load_articles([news], settings=settings)
        total, distinct = ids(db)
        assert total == distinct
    assert updated == 3, "the edited file updated its three events"
    assert distinct > 10, "the loads above did put events in the store"


def test_a_store_made_before_migration_002_keeps_its_events_and_loses_only_the_index(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    version, name, sql = store.migrations()[0]
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
    con.execute(sql)
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
    con.close()
    import_dataset("acled", FIX / "acled_current.csv", settings=get_settings(db=str(db), progress="no"))
    # a later Marsad opens it, migrates and loads a second file
    import_dataset("csv", FIX / "events_canonical.csv", settings=get_settings(db=str(db), progress="no"))
    con = store.read_only(db)
    try:
        constraints = con.execute("SELECT constraint_type, constraint_column_names FROM duckdb_constraints() "
                                  "WHERE table_name = 'events' ORDER BY 2").fetchall()
        origins = dict(con.execute("SELECT origin, count(*) FROM events GROUP BY origin").fetchall())
    finally:
        con.close()
    assert ("PRIMARY KEY", ["event_id"]) not in constraints
    assert ("NOT NULL", ["event_id"]) in constraints and ("NOT NULL", ["event_date"]) in constraints
    assert origins["acled"] == 3 and origins["manual"] >= 1

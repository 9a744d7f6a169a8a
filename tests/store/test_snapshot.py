"""The store: schema migrations, atomic snapshot writes, interrupted runs, concurrent readers, upserts."""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from etl.store import events as event_store, runs as run_store, snapshot as store
from etl.errors import StoreError
from etl.pipeline import ARROW_TYPES
from etl.schema import EVENT_FIELDS

ROOT = Path(__file__).resolve().parents[2]
_TYPES = ARROW_TYPES


def events_table(n: int, start: int = 0, *, origin: str = "manual", notes: str = "note",
                 timestamp: dt.datetime | None = None) -> pa.Table:
    rows = [{
        "event_id": f"{origin}:{i}", "event_date": dt.date(2017, 1, 1) + dt.timedelta(days=i % 300),
        "time_precision": 1, "disorder_type": "Political violence", "event_type": "Battles",
        "sub_event_type": "Armed clash", "actor1": "Islamic State", "origin": origin, "notes": notes,
        "fatalities": i % 5, "latitude": 35.95, "longitude": 39.01, "timestamp": timestamp,
    } for i in range(start, start + n)]
    return pa.table({name: pa.array([r.get(name) for r in rows], _TYPES[kind]) for name, kind, _ in EVENT_FIELDS})


def count(db: Path) -> int:
    con = store.read_only(db)
    try:
        return con.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        con.close()


def load(db: Path, table: pa.Table) -> dict:
    with store.writing(db) as con:
        run_id = run_store.start_run(con, "test", None, None, "0")
        counts = event_store.upsert_events(con, table, run_id)
        run_store.finish_run(con, run_id, {"read": table.num_rows, **counts})
    return counts


def leftovers(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name + ".tmp"))


def test_new_store_records_each_migration_once(tmp_path):
    db = tmp_path / "m.duckdb"
    store.create_store(db)
    store.create_store(db)
    con = store.read_only(db)
    versions = con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    con.close()
    assert versions == [(v, n) for v, n, _ in store.migrations()]
    assert {"events", "articles", "runs", "quarantine", "event_sources"} <= tables


def test_store_from_a_newer_marsad_is_refused_with_a_clear_message(tmp_path):
    db = tmp_path / "m.duckdb"
    store.create_store(db)
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
    con.close()
    with pytest.raises(StoreError, match="schema version 999, newer than this Marsad knows"):
        store.create_store(db)


def test_read_only_on_a_missing_store_says_how_to_build_it(tmp_path):
    with pytest.raises(StoreError, match="marsad etl rebuild"):
        store.read_only(tmp_path / "none.duckdb")


def test_upsert_counts_inserted_updated_unchanged(tmp_path):
    db = tmp_path / "m.duckdb"
    assert load(db, events_table(10)) == {"inserted": 10, "updated": 0, "unchanged": 0}
    assert load(db, events_table(10)) == {"inserted": 0, "updated": 0, "unchanged": 10}
    edited = events_table(3, notes="corrected")
    assert load(db, pa.concat_tables([edited, events_table(2, start=10)])) == {
        "inserted": 2, "updated": 3, "unchanged": 0}
    con = store.read_only(db)
    assert con.execute("SELECT count(*), count(*) FILTER (notes = 'corrected') FROM events").fetchone() == (12, 3)
    con.close()


def test_an_older_acled_row_does_not_overwrite_a_newer_one(tmp_path):
    db = tmp_path / "m.duckdb"
    new = dt.datetime(2024, 5, 1)
    load(db, events_table(1, origin="acled", notes="v2", timestamp=new))
    counts = load(db, events_table(1, origin="acled", notes="v1", timestamp=dt.datetime(2024, 1, 1)))
    assert counts == {"inserted": 0, "updated": 0, "unchanged": 1}
    counts = load(db, events_table(1, origin="acled", notes="v3", timestamp=dt.datetime(2024, 9, 1)))
    assert counts == {"inserted": 0, "updated": 1, "unchanged": 0}
    con = store.read_only(db)
    assert con.execute("SELECT notes FROM events").fetchone() == ("v3",)
    con.close()


def test_a_failing_write_leaves_the_store_exactly_as_before(tmp_path):
    db = tmp_path / "m.duckdb"
    load(db, events_table(5))
    before = db.read_bytes()
    with pytest.raises(RuntimeError):
        with store.writing(db) as con:
            event_store.upsert_events(con, events_table(100, start=5), 1)
            raise RuntimeError("disk on fire")
    assert db.read_bytes() == before
    assert count(db) == 5
    assert leftovers(db) == []


def test_a_second_writer_gets_a_clear_busy_message(tmp_path):
    db = tmp_path / "m.duckdb"
    store.create_store(db)
    with store.writing(db):
        with pytest.raises(StoreError, match="another Marsad run is writing"):
            with store.writing(db, lock_timeout_s=0.3):
                pass


_SLOW_WRITER = textwrap.dedent("""
    import signal, sys, time
    sys.path.insert(0, {root!r})
    from tests.store.test_snapshot import events_table
    from etl.store import events as event_store, snapshot as store
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))
    with store.writing({db!r}) as con:
        event_store.upsert_events(con, events_table(500, start=1000), 1)
        print("ready", flush=True)
        time.sleep(60)
""")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_an_interrupted_run_leaves_the_store_as_before(tmp_path, sig):
    db = tmp_path / "m.duckdb"
    load(db, events_table(7))
    before = db.read_bytes()
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER.format(root=str(ROOT), db=str(db))],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    proc.send_signal(sig)
    proc.wait(timeout=30)
    assert db.read_bytes() == before
    assert count(db) == 7
    if sig != signal.SIGKILL:
        assert leftovers(db) == []
    # A killed writer leaves its private copy behind; the next run cleans it up and works.
    assert load(db, events_table(1, start=50)) == {"inserted": 1, "updated": 0, "unchanged": 0}
    assert leftovers(db) == []


_READER = textwrap.dedent("""
    import json, sys, time, duckdb
    db, seconds = sys.argv[1], float(sys.argv[2])
    seen, errors = set(), []
    end = time.time() + seconds
    while time.time() < end:
        try:
            con = duckdb.connect(db, read_only=True)
            seen.add(con.execute("SELECT count(*) FROM events").fetchone()[0])
            con.close()
        except Exception as exc:
            errors.append(repr(exc))
    print(json.dumps(sorted(seen))); print(json.dumps(errors[:3]))
""")


def test_readers_never_see_a_half_loaded_store_nor_a_lock_error(tmp_path):
    db = tmp_path / "m.duckdb"
    load(db, events_table(1000))
    reader = subprocess.Popen([sys.executable, "-c", _READER, str(db), "6"], stdout=subprocess.PIPE, text=True)
    time.sleep(0.5)
    for batch in range(1, 6):
        load(db, events_table(1000, start=batch * 1000))
    out, _ = reader.communicate(timeout=60)
    seen_line, errors_line = out.strip().splitlines()
    seen = json.loads(seen_line)
    assert errors_line == "[]"
    assert set(seen) <= {1000, 2000, 3000, 4000, 5000, 6000}
    assert len(seen) >= 2, "the reader should have seen the store change while it was reading"
    assert count(db) == 6000


def test_the_clean_value_macro_trims_exactly_as_trim_does_and_empties_become_null():
    con = store._quiet(duckdb.connect(":memory:"))
    values = ["", " ", "a", " a", "a ", " a b ", "\u00a0Raqqa\u00a0", "Raqqa\u3000", "\tx", "x\t", None, "é", "ريف الرقة ",
              " الرقة", "\u2003", "SYR12345", "ab,\"c\""]
    try:
        for value in values:
            cleaned, trimmed = con.execute("SELECT clean_value(v), nullif(trim(v), '') FROM (SELECT ?::VARCHAR AS v)",
                                           [value]).fetchall()[0]
            assert cleaned == trimmed, repr(value)
    finally:
        con.close()

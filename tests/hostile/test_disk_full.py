"""A store on a small real filesystem (a tmpfs mounted for the test) that fills up (issue 9): the import
says "disk full" in one line (exit 2), the store is byte-identical and no `*.tmp-PID` copy is left,
whether the free-space check refuses the run before copying or DuckDB runs out of space mid-load."""

from __future__ import annotations

import csv
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

MARSAD = Path(sys.executable).with_name("marsad")


def _acled_csv(path: Path, rows: int, first: int) -> Path:
    """ACLED rows whose notes are random hex (DuckDB cannot compress them: the store grows ~1:1)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["event_id_cnty", "event_date", "sub_event_type", "actor1", "latitude", "longitude",
                      "fatalities", "notes"])
        for i in range(first, first + rows):
            out.writerow([f"SYR{i}", "2024-05-05", "Armed clash", "Islamic State (Syria)", "35.95", "39.01", "1",
                          secrets.token_hex(400)])
    return path


@pytest.fixture()
def small_disk(tmp_path):
    """A 6 MB tmpfs holding a store of 300 events."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.decode().strip()}")
    try:
        db = mount / "store.duckdb"
        _run(_acled_csv(tmp_path / "first.csv", 300, 1), db)
        yield db
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _run(data: Path, db: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([str(MARSAD), "etl", "import", "acled", str(data), "--db", str(db)],
                          capture_output=True, text=True, env=dict(os.environ, MARSAD_PROGRESS="no"))
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _assert_refused_as_disk_full(done, db: Path, before: bytes) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith("Error: disk full"), done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["store.duckdb", "store.duckdb.lock"]


def test_a_run_that_cannot_fit_is_refused_before_the_store_is_copied(small_disk, tmp_path):
    before = small_disk.read_bytes()
    big = _acled_csv(tmp_path / "big.csv", 25_000, 1000)  # ~20 MB: a quarter of it does not fit
    _assert_refused_as_disk_full(_run(big, small_disk), small_disk, before)


def test_a_disk_that_fills_during_the_load_says_disk_full_and_leaves_no_copy(small_disk, tmp_path):
    before = small_disk.read_bytes()
    more = _acled_csv(tmp_path / "more.csv", 5_000, 1000)  # ~4 MB passes the check; the store grows more
    done = _run(more, small_disk)
    _assert_refused_as_disk_full(done, small_disk, before)
    assert "while writing the store" in done.stderr

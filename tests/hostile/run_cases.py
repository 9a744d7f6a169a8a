"""Run `marsad` command lines one after the other, each in a forked child of one warm process (the
imports are paid once), and report for each: exit code, stderr, the child's own peak memory
(os.wait3's rusage of that child), whether its store copy is byte-identical to the base store, and the counts of
the runs it added.

    python tests/hostile/run_cases.py MANIFEST.json BASE_STORE WORK_DIR > results.json

Two children run at a time (each on its own store copy).

A child gets CHILD_TIMEOUT_S seconds (SIGALRM) so a hang shows as a failure, not a stuck test.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import time
import traceback
from pathlib import Path

CHILD_TIMEOUT_S = 120
PARALLEL = max(1, min(2, os.cpu_count() or 1))  # children at a time


def _child(argv: list[str], db: Path, out: Path, err: Path) -> None:
    with out.open("wb") as stdout, err.open("wb") as stderr:
        os.dup2(stdout.fileno(), 1)
        os.dup2(stderr.fileno(), 2)
    signal.alarm(CHILD_TIMEOUT_S)
    from etl import cli

    sys.argv = ["marsad", *argv, "--db", str(db)]
    code = 0
    try:
        cli.run()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - what a user would see
        traceback.print_exc()
        code = 99
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _runs_added(db: Path, base_runs: int) -> list[list[int]]:
    import duckdb

    if not db.exists():
        return []
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [list(r) for r in con.execute(
            "SELECT rows_read, rows_inserted, rows_updated, rows_unchanged, rows_quarantined FROM runs "
            "WHERE run_id > ? ORDER BY run_id", [base_runs]).fetchall()]
    finally:
        con.close()


def main(manifest: Path, base: Path, work: Path, parallel: int = PARALLEL) -> list[dict]:
    import duckdb

    import etl.article_pipeline  # noqa: F401 - warm the imports the children share
    import etl.cli  # noqa: F401
    import etl.pipeline  # noqa: F401

    con = duckdb.connect(str(base), read_only=True)
    base_runs = con.execute("SELECT count(*) FROM runs").fetchall()[0][0]
    con.close()
    base_bytes = base.read_bytes()
    cases = json.loads(manifest.read_text(encoding="utf-8"))
    results: list[dict | None] = [None] * len(cases)
    running: dict[int, tuple[int, float]] = {}  # pid -> (case number, start)
    pending = list(enumerate(cases))
    while pending or running:
        while pending and len(running) < parallel:
            number, case = pending.pop(0)
            db = work / f"case{number}.duckdb"
            shutil.copyfile(base, db)
            pid = os.fork()
            if pid == 0:
                _child(case["argv"], db, work / f"case{number}.out", work / f"case{number}.err")
            running[pid] = (number, time.monotonic())
        pid, status, usage = os.wait3(0)
        number, started = running.pop(pid)
        db = work / f"case{number}.duckdb"
        results[number] = {
            "id": cases[number]["id"], "code": os.waitstatus_to_exitcode(status), "peak_mb": usage.ru_maxrss / 1024,
            "seconds": round(time.monotonic() - started, 2),
            "stderr": (work / f"case{number}.err").read_text(encoding="utf-8", errors="replace"),
            "unchanged": db.exists() and db.read_bytes() == base_bytes,
            "snapshots_left": sorted(p.name for p in work.glob(f"{db.name}.*") if not p.name.endswith(".lock")),
            "runs": _runs_added(db, base_runs),
        }
        for leftover in work.glob(f"case{number}.*"):
            leftover.unlink()
    return results


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])), ensure_ascii=False))

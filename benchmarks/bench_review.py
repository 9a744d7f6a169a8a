"""Review concurrency benchmark: 10 processes make 100 edits each (1,000) against the review store while a
1,000,000-event ACLED import runs on the same event store, once with SQLite and once with PostgreSQL.

Each editor loops: read the event's decision, set its `fatalities` to (version + 1) naming the version it
read, retry on a conflict (another editor got there first). All editors share the 11 events of the example
article, so they collide. Afterwards: audit records (must be 1,000), errors (anything but a conflict),
lost updates (events whose value is not the count of edits made on them; a lost update would leave it
lower), edits/s over the editing phase, p50/p95 latency of one edit (retries included), and whether the
import overlapped the whole editing phase and kept every decision (it applies them at its end).

Writes its figures into BENCHMARKS.md (section between the bench_review markers).

    python benchmarks/bench_review.py [N_ROWS] [EDITORS] [EDITS]     # default 1,000,000 10 100
"""

from __future__ import annotations

import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from benchmarks_report import replace_section  # noqa: E402

ARTICLES = ROOT / "data" / "samples" / "articles"


def _importer(db: str, review_db: str, csv: str, started, done) -> None:
    from etl.config import get_settings
    from etl.pipeline import import_dataset

    started.set()
    t0 = time.perf_counter()
    report = import_dataset("acled", csv, settings=get_settings(db=db, review_db=review_db, progress="no"))
    done.put((time.perf_counter() - t0, report.inserted, report.details.get("review", {})))


def _editor(n: int, db: str, review_db: str, events: list[str], edits: int, go, results) -> None:
    from etl.config import get_settings
    from etl.review import Reviewer
    from etl.store.review import ConflictError

    rev = Reviewer(get_settings(db=db, review_db=review_db, progress="no"), user=f"editor{n}")
    latencies, conflicts, errors = [], 0, []
    go.wait()
    for i in range(edits):
        event_id = events[(n + i) % len(events)]
        t0 = time.perf_counter()
        while True:
            try:
                seen = rev.store.decision(event_id)
                rev.edit(event_id, {"fatalities": str(seen.version + 1)}, f"edit {i} by editor{n}", seen.version)
                break
            except ConflictError:
                conflicts += 1
            except Exception as exc:  # counted and reported, never hidden
                errors.append(f"{type(exc).__name__}: {exc}")
                break
        latencies.append(time.perf_counter() - t0)
    rev.close()
    results.put((n, latencies, conflicts, errors, time.perf_counter()))


def run(kind: str, review_db: str, workdir: Path, csv: Path, editors: int, edits: int) -> dict:
    from etl.article_pipeline import load_articles
    from etl.config import get_settings
    from etl.review import Reviewer

    db = workdir / f"{kind}.duckdb"
    settings = get_settings(db=str(db), review_db=review_db, progress="no")
    load_articles([ARTICLES], settings=settings)
    rev = Reviewer(settings, user="bench")
    events = [r["event_id"] for r in rev.queue()]
    ctx = mp.get_context("spawn")
    go, started, results, done = ctx.Event(), ctx.Event(), ctx.Queue(), ctx.Queue()
    procs = [ctx.Process(target=_editor, args=(n, str(db), review_db, events, edits, go, results))
             for n in range(editors)]
    for p in procs:
        p.start()
    importer = ctx.Process(target=_importer, args=(str(db), review_db, str(csv), started, done))
    importer.start()
    started.wait()
    time.sleep(1.0)  # the import is reading the file
    t0 = time.perf_counter()
    go.set()
    outcomes = [results.get() for _ in procs]
    t_edits = max(o[4] for o in outcomes) - t0
    for p in procs:
        p.join()
    import_s, inserted, applied = done.get()
    importer.join()
    import_end = time.perf_counter() - t0
    latencies = sorted(x for o in outcomes for x in o[1])
    decisions = rev.store.decisions()
    log = rev.log()
    per_event = {e: sum(1 for x in log if x["event_id"] == e) for e in events}
    lost = sum(1 for e in events if (decisions.get(e) and decisions[e].edits.get("fatalities")) != per_event[e]
               and per_event[e])
    audit = rev.store.audit_count()
    rev.close()  # (its snapshot connection would make DuckDB hand back the replaced file below)
    con = __import__("duckdb").connect(str(db), read_only=True)
    try:
        store_events = con.execute("SELECT count(*) FROM events").fetchall()[0][0]
        edited = con.execute("SELECT count(*) FROM events WHERE event_id IN (SELECT event_id FROM event_reviews) "
                             "AND fatalities IS NOT NULL").fetchall()[0][0]
    finally:
        con.close()
    return {"kind": kind, "audit": audit, "edited_in_store": edited, "errors": sum(len(o[3]) for o in outcomes),
            "error_examples": [e for o in outcomes for e in o[3]][:3], "conflicts": sum(o[2] for o in outcomes),
            "lost": lost, "edits_s": len(latencies) / t_edits, "p50": statistics.median(latencies),
            "p95": latencies[int(0.95 * (len(latencies) - 1))], "edit_phase_s": t_edits, "import_s": import_s,
            "import_end_s": import_end, "inserted": inserted, "applied": applied, "store_events": store_events}


def main() -> None:
    from generate_acled import write_acled_csv

    from tests.review.postgres import fresh_database, throwaway_server

    n_rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    editors = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    with tempfile.TemporaryDirectory(prefix="marsad-bench-review-") as tmp:
        workdir = Path(tmp)
        csv = write_acled_csv(workdir / "acled.csv", n_rows)
        results = [run("SQLite", f"sqlite:///{workdir / 'reviews.sqlite'}", workdir, csv, editors, edits)]
        with throwaway_server() as server:
            results.append(run("PostgreSQL", fresh_database(server), workdir, csv, editors, edits))
    for r in results:
        print(r)
    rows = "\n".join(
        f"| {r['kind']} | {r['audit']:,} | {r['errors']} | {r['lost']} | {r['conflicts']:,} | {r['edits_s']:,.0f} | "
        f"{r['p50'] * 1000:,.0f} ms | {r['p95'] * 1000:,.0f} ms | {r['edit_phase_s']:.1f} s | "
        f"{r['import_s']:.1f} s (ended at {r['import_end_s']:.1f} s) | {r['store_events']:,} |"
        for r in results)
    body = f"""## Review decisions under load (`benchmarks/bench_review.py`)

{editors} processes × {edits} edits ({editors * edits:,}) on the 11 events of the example article, every editor
colliding with the others (read the version, edit naming it, retry on a conflict), while a {n_rows:,}-row ACLED
import runs on the same event store. Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on a shared
2-core machine (other engineers' jobs running), so rates are indicative.

| review store | audit records | errors | lost updates | conflicts retried | edits/s | p50 edit | p95 edit | editing phase | import (from the editors' start) | events in the store after |
|---|---|---|---|---|---|---|---|---|---|---|
{rows}

Target: {editors * edits:,} audit records, 0 errors, 0 lost updates with both stores. A lost update would leave an
event's value (the version its editor read, plus one) below the number of edits recorded on it. An edit's latency
includes its retries after conflicts; the event snapshot is read from the live file, which the import replaces
only at its end, so editors never wait on it."""
    replace_section("bench_review", body)
    print(body)


if __name__ == "__main__":
    main()

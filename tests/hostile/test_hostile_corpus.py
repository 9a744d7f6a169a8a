"""The hostile corpus (tests/hostile/corpus.py, generated at test time) against every importer (ucdp, acled,
csv) and article reader (txt, html, rss/atom, jsonl, a folder), issue 9: each run exits 0 or 2 and never
shows a traceback, a refusal (2) says one line and leaves the store byte-identical, a completed run
reconciles (read = inserted + updated + unchanged + quarantined), no snapshot is left behind, and no run
takes 1 GB of memory (each child's own peak, from os.wait3)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
MARSAD = Path(sys.executable).with_name("marsad")
PEAK_MB = 1024


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, dict]:
    root = tmp_path_factory.mktemp("hostile")
    manifest = subprocess.run([sys.executable, str(HERE / "corpus.py"), str(root / "corpus")],
                              check=True, capture_output=True, text=True).stdout
    (root / "manifest.json").write_text(manifest, encoding="utf-8")
    base = root / "base.duckdb"  # a store with events, articles and runs already in it
    seed = root / "seed.csv"
    seed.write_text("event_id_cnty,event_date,sub_event_type,latitude,longitude,fatalities\n"
                    "SYR1,2024-05-05,Armed clash,35.95,39.01,2\n", encoding="utf-8")
    subprocess.run([str(MARSAD), "etl", "import", "acled", str(seed), "--db", str(base)], check=True,
                   capture_output=True)
    work = root / "work"
    work.mkdir()
    done = subprocess.run([sys.executable, str(HERE / "run_cases.py"), str(root / "manifest.json"), str(base),
                           str(work)], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    return {r["id"]: r for r in json.loads(done.stdout)}


def test_the_corpus_covers_every_importer_and_reader(results):
    kinds = {case.split(":")[0] for case in results}
    assert kinds == {"ucdp", "acled", "csv", "articles"}
    suffixes = {Path(case.split(":")[1]).suffix for case in results if case.startswith("articles:")}
    assert {".txt", ".html", ".rss", ".atom", ".jsonl"} <= suffixes
    assert len(results) > 90


def test_every_run_exits_0_or_2_without_a_traceback(results):
    bad = {case: (r["code"], r["stderr"][-300:]) for case, r in results.items()
           if r["code"] not in (0, 2) or "Traceback" in r["stderr"]}
    assert not bad


def test_a_refusal_says_one_line_and_leaves_the_store_byte_identical(results):
    refused = {case: r for case, r in results.items() if r["code"] == 2}
    assert len(refused) > 30
    for case, r in refused.items():
        assert r["unchanged"] and not r["runs"], case
        assert len(r["stderr"].strip().splitlines()) == 1 and r["stderr"].startswith("Error: "), (case, r["stderr"])


def test_every_completed_run_reconciles(results):
    completed = {case: r for case, r in results.items() if r["code"] == 0}
    assert len(completed) > 30
    for case, r in completed.items():
        assert r["runs"], case
        for read, inserted, updated, unchanged, quarantined in r["runs"]:
            assert read == inserted + updated + unchanged + quarantined, (case, r["runs"])


def test_no_snapshot_is_left_and_no_run_takes_1_gb(results):
    assert not {case: r["snapshots_left"] for case, r in results.items() if r["snapshots_left"]}
    assert not {case: round(r["peak_mb"]) for case, r in results.items() if r["peak_mb"] >= PEAK_MB}


@pytest.mark.parametrize(("case", "quarantined"), [
    ("acled:mixed_encoding.csv", 5), ("ucdp:field_5mb.csv", 1), ("csv:row_100k_fields.csv", 1),
    ("acled:odd_values.csv", 14), ("articles:deep.jsonl", 3), ("articles:huge_3mb.txt", 1),
    ("articles:mixed_encoding.txt", 1),
])
def test_the_hostile_rows_are_quarantined_and_the_rest_loads(results, case, quarantined):
    [(read, inserted, updated, unchanged, found)] = results[case]["runs"]
    assert found == quarantined and inserted + updated + unchanged == read - quarantined

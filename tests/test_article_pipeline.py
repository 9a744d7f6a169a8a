"""`marsad etl articles` end to end: articles and their events loaded idempotently with run accounting;
unreadable or empty articles quarantined with a reason; an article with no events recorded as such;
`marsad extract` prints events without touching the store."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from etl.store import events as event_store, runs as run_store, snapshot as store
from etl.article_pipeline import load_articles
from etl.config import get_settings
from etl.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "samples" / "articles" / "raqqa-coalition-2023-02-18.ar.txt"
FIX = ROOT / "tests" / "fixtures" / "articles"
NO_EVENTS = ("url: https://example.org/opinion\npublished: 2023-03-01\nsource: Example Daily\nlanguage: en\n---\n"
             "Officials met in Geneva to discuss the economy. They expressed support for further talks next year.\n")


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = store.read_only(db)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture()
def folder(tmp_path) -> Path:
    news = tmp_path / "news"
    news.mkdir()
    shutil.copy(EXAMPLE, news / EXAMPLE.name)
    (news / "opinion.en.txt").write_text(NO_EVENTS, encoding="utf-8")
    shutil.copy(FIX / "empty.txt", news / "empty.txt")
    shutil.copy(FIX / "binary.txt", news / "binary.txt")
    return news


def test_articles_and_events_load_with_reconciled_counts_and_bad_articles_quarantined(tmp_path, folder):
    db = tmp_path / "m.duckdb"
    report = load_articles([folder], settings=get_settings(db=str(db), progress="no"))
    assert (report.read, report.inserted, report.quarantined) == (4, 2, 2)
    assert report.reconciles
    reasons = [r[0] for r in rows(db, "SELECT reason FROM quarantine ORDER BY reason")]
    assert any("empty.txt" in r and "empty" in r for r in reasons), reasons
    assert any("binary.txt" in r for r in reasons), reasons
    articles = dict(rows(db, "SELECT source, n_events FROM articles"))
    assert articles["Example Daily"] == 0, "an article without events is recorded as such"
    assert articles["Al Arabiya"] >= 4
    arrests = rows(db, "SELECT actor1, actor2, arrests, admin1_pcode, evidence, evidence_start, evidence_end, article_id "
                       "FROM events WHERE sub_event_type = 'Arrests'")
    assert len(arrests) == 1
    actor1, actor2, n, pcode, evidence, start, end, article_id = arrests[0]
    assert (actor1, actor2, n, pcode) == ("SDF: Syrian Democratic Forces", "Islamic State", 210, "SY11")
    text = rows(db, "SELECT text FROM articles WHERE article_id = ?", [article_id])[0][0]
    assert text[start:end] == evidence and "اعتقلت 210" in evidence
    sources = rows(db, "SELECT count(*) FROM event_sources s JOIN events e USING (event_id) WHERE e.origin = 'article'")
    assert sources[0][0] >= rows(db, "SELECT count(*) FROM events")[0][0]
    run = rows(db, "SELECT command, rows_read, rows_inserted, rows_quarantined, status, message FROM runs")[0]
    assert run[:5] == ("articles", 4, 2, 2, "ok") and "events:" in run[5]


def test_loading_the_same_articles_again_changes_nothing(tmp_path, folder):
    settings = get_settings(db=str(tmp_path / "m.duckdb"), progress="no")
    first = load_articles([folder], settings=settings)
    events_before = rows(settings.db, "SELECT event_id, event_date, sub_event_type, arrests FROM events ORDER BY 1")
    again = load_articles([folder], settings=settings)
    assert (again.inserted, again.updated, again.unchanged, again.quarantined) == (0, 0, 2, 2)
    assert again.details["events_inserted"] == 0 and again.details["events_updated"] == 0
    assert rows(settings.db, "SELECT event_id, event_date, sub_event_type, arrests FROM events ORDER BY 1") == events_before
    assert first.details["events_inserted"] == len(events_before)


def test_a_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        load_articles([tmp_path / "nope.txt"], settings=get_settings(db=str(tmp_path / "m.duckdb")))


def test_marsad_extract_prints_jsonl_events_and_leaves_no_store(tmp_path):
    db = tmp_path / "untouched.duckdb"
    result = subprocess.run([sys.executable, "-m", "etl.cli", "extract", str(EXAMPLE), "--format", "jsonl"],
                            capture_output=True, text=True, cwd=ROOT, timeout=120,
                            env={"MARSAD_DB": str(db), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    kinds = {e["sub_event_type"] for e in events}
    assert {"Arrests", "Armed clash", "Change to group/activity"} <= kinds
    assert all(e["article_id"] and e["origin"] == "article" and e["evidence"] for e in events)
    clash = next(e for e in events if e["sub_event_type"] == "Armed clash")
    assert (clash["event_date"], clash["fatalities"], clash["actor1"]) == ("2022-12-25", 6, "Islamic State")
    assert not db.exists()


def test_a_later_report_of_a_stored_event_merges_into_it_across_runs(tmp_path):
    """A daily stream: the next day another outlet reports the same arrests. The stored event keeps its id
    and gains the second source instead of being counted twice."""
    settings = get_settings(db=str(tmp_path / "m.duckdb"), progress="no")
    load_articles([EXAMPLE], settings=settings)
    first = rows(settings.db, "SELECT event_id, source FROM events WHERE sub_event_type = 'Arrests'")
    later = tmp_path / "later.en.txt"
    later.write_text("url: https://example.org/raqqa-arrests\npublished: 2023-02-19\nsource: Example Wire\n"
                     "language: en\n---\nThe SDF arrested 210 ISIS members in Raqqa during an operation that lasted "
                     "several days, the US-led coalition said on Saturday.\n", encoding="utf-8")
    report = load_articles([later], settings=settings)
    arrests = rows(settings.db, "SELECT event_id, source, arrests FROM events WHERE sub_event_type = 'Arrests'")
    assert len(arrests) == 1, arrests
    assert arrests[0][0] == first[0][0], "the stored event keeps its id"
    assert arrests[0][1] == "Al Arabiya; Example Wire" and arrests[0][2] == 210
    reports = rows(settings.db, "SELECT a.source FROM event_sources s JOIN articles a USING (article_id) "
                                "WHERE s.event_id = ? ORDER BY a.published", [arrests[0][0]])
    assert [r[0] for r in reports] == ["Al Arabiya", "Example Wire"]
    assert report.details["events_updated"] >= 1 and report.details["events_inserted"] == 0
    assert dict(rows(settings.db, "SELECT source, n_events FROM articles"))["Example Wire"] == 1
    again = load_articles([later], settings=settings)
    assert (again.unchanged, again.details["events_updated"], again.details["events_inserted"]) == (1, 0, 0)


def test_events_keep_their_articles_id_and_whether_their_date_is_estimated(tmp_path):
    feed = tmp_path / "drop.jsonl"
    feed.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in [
        {"id": "wire-7", "text": "قتل ثلاثة مدنيين أمس الخميس بانفجار عبوة ناسفة في مدينة الرقة.", "language": "ar"},
        {"id": "wire-8", "published": "2021-03-02", "language": "ar",
         "text": "قتل مدنيان أمس بانفجار لغم أرضي في مدينة الطبقة."},
    ]) + "\n", encoding="utf-8")
    db = tmp_path / "store.duckdb"
    load_articles([feed], db=db, settings=get_settings(db=str(db)))
    got = dict(rows(db, "SELECT article_ref, date_estimated FROM events WHERE origin = 'article'"))
    assert got == {"wire-7": True, "wire-8": False}
    assert sorted(rows(db, "SELECT ref FROM articles")) == [("wire-7",), ("wire-8",)]


def test_a_canonical_file_with_a_bad_date_estimated_flag_is_quarantined_with_the_reason(tmp_path):
    from etl.pipeline import import_dataset

    path = tmp_path / "events.csv"
    path.write_text("event_id,event_date,sub_event_type,date_estimated,article_ref\n"
                    "manual:1,2021-03-01,Arrests,true,memo-1\nmanual:2,2021-03-01,Arrests,perhaps,memo-2\n",
                    encoding="utf-8")
    db = tmp_path / "store.duckdb"
    report = import_dataset("csv", path, db=db, settings=get_settings(db=str(db)))
    assert (report.inserted, report.quarantined) == (1, 1)
    assert rows(db, "SELECT article_ref, date_estimated FROM events") == [("memo-1", True)]
    assert "date_estimated perhaps is not true or false" in rows(db, "SELECT reason FROM quarantine")[0][0]

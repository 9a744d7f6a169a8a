"""Decisions on imported dataset events: an ACLED re-import keeps them; a newer ACLED row for an edited event
(its source changed) keeps the analyst's value but flags the event; imported events start at Fair; the gold
export writes the accepted article events in the format of ../shared/dev."""

from __future__ import annotations

import json

import duckdb
import pytest

from etl.config import get_settings
from etl.pipeline import import_dataset
from etl.review import Reviewer, ReviewError, apply_decisions_now
from etl.review_gold import export_gold
from tests.review.conftest import ROOT, pick

ACLED = ROOT / "tests" / "fixtures" / "datasets" / "acled_current.csv"


def stored(db, sql: str) -> list[tuple]:
    """A fresh read-only connection (nothing else in this process may hold the store open: DuckDB would hand
    back the file that a load has since replaced)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_acled_reimports_keep_decisions_and_a_newer_row_is_flagged(tmp_path, review_db):
    settings = get_settings(db=str(tmp_path / "m.duckdb"), review_db=review_db, progress="no")
    import_dataset("acled", ACLED, settings=settings)
    rev = Reviewer(settings, user="amal")
    assert {r["grade"] for r in rev.queue()} == {"Fair"}  # an imported dataset starts at its origin's grade
    rev.edit("acled:SYR12345", {"fatalities": "3", "grade": "Confirmed"}, "a third SDF member died in hospital")
    rev.reject("acled:SYR12346", "out of scope")
    rev.close()

    import_dataset("acled", ACLED, settings=settings)  # the same export again
    assert stored(settings.db, "SELECT fatalities FROM events WHERE event_id = 'acled:SYR12345'") == [(3,)]
    assert stored(settings.db, "SELECT count(*) FROM events WHERE event_id = 'acled:SYR12346'") == [(0,)]
    assert stored(settings.db, "SELECT source_changed FROM event_reviews ORDER BY event_id") == [(False,), (False,)]

    newer = ACLED.read_text(encoding="utf-8").replace("killing 2 SDF members.\",2,,1561400000",
                                                      "killing 2 SDF members, a third later died.\",3,,1561900000")
    assert newer != ACLED.read_text(encoding="utf-8")
    (tmp_path / "newer.csv").write_text(newer, encoding="utf-8")
    import_dataset("acled", tmp_path / "newer.csv", settings=settings)
    assert stored(settings.db, "SELECT fatalities FROM events WHERE event_id = 'acled:SYR12345'") == [(3,)]
    flags = dict(stored(settings.db, "SELECT event_id, source_changed FROM event_reviews"))
    assert flags == {"acled:SYR12345": True, "acled:SYR12346": False}
    rev = Reviewer(settings, user="amal")
    pending = [r["event_id"] for r in rev.queue("pending")]
    assert pending[0] == "acled:SYR12345"  # back in the queue, first
    rev.close()


def test_export_gold_writes_the_accepted_article_events(article_store, review_db, tmp_path):
    rev = Reviewer(get_settings(db=str(article_store), review_db=review_db), user="amal")
    rows = rev.queue()
    curfew, arrests = pick(rows, "فرض حظر تجوال"), pick(rows, "اعتقلت 210")
    rev.accept([arrests])
    rev.edit(curfew, {"event_date": "2023-02-16", "time_precision": "1"}, "the curfew began on Thursday")
    rev.reject(pick(rows, "أحبطت"), "not an event")
    written = export_gold(rev, tmp_path / "gold")
    assert [p.name for p in written] == ["raqqa-coalition-2023-02-18.ar.json"]
    gold = json.loads(written[0].read_text(encoding="utf-8"))
    assert gold["item"] == "raqqa-coalition-2023-02-18.ar.txt" and gold["published"] == "2023-02-18"
    assert [e["sub_event_type"] for e in gold["events"]] == ["Arrests", "Change to group/activity"]
    first, second = gold["events"]
    assert set(first) == {"id", "must", "event_type", "sub_event_type", "date_window", "actor1", "actor2", "place",
                          "admin1", "lat", "lon", "fatalities", "injuries", "arrests", "evidence"}
    assert first["arrests"] == 210 and first["must"] is True and "اعتقلت 210" in first["evidence"]
    assert second["date_window"] == ["2023-02-16", "2023-02-16"]
    rev.close()


def test_a_merge_unites_the_sources_and_hides_the_merged_event_in_the_store(article_store, review_db):
    settings = get_settings(db=str(article_store), review_db=review_db, progress="no")
    rev = Reviewer(settings, user="amal")
    rows = rev.queue()
    kept, merged = pick(rows, "اعتقلت 210"), pick(rows, "أعاقت بشكل كبير")
    rev.merge([kept, merged], "one operation")
    rev.close()
    apply_decisions_now(settings)
    assert stored(article_store, f"SELECT count(*) FROM events WHERE event_id = '{merged}'") == [(0,)]
    assert stored(article_store, f"SELECT count(*) FROM hidden_events WHERE event_id = '{merged}'") == [(1,)]
    evidence = [e for (e,) in stored(article_store, f"SELECT evidence FROM event_sources WHERE event_id = '{kept}'")]
    assert any("اعتقلت 210" in e for e in evidence) and any("أعاقت بشكل كبير" in e for e in evidence)
    assert stored(article_store, f"SELECT status, n_sources FROM event_reviews WHERE event_id = '{kept}'") == [
        ("accepted", 1)]  # two reports, one article: one independent source

    rev = Reviewer(settings, user="amal")
    rev.restore(merged, "two operations after all")
    rev.close()
    apply_decisions_now(settings)
    assert stored(article_store, f"SELECT count(*) FROM events WHERE event_id = '{merged}'") == [(1,)]
    assert stored(article_store, f"SELECT count(*) FROM hidden_events WHERE event_id = '{merged}'") == [(0,)]


def test_a_split_event_is_created_in_the_store_and_survives_a_reload(article_store, review_db, tmp_path):
    from etl.article_pipeline import load_articles
    from tests.review.conftest import example_article

    settings = get_settings(db=str(article_store), review_db=review_db, progress="no")
    rev = Reviewer(settings, user="amal")
    arrests = pick(rev.queue(), "اعتقلت 210")
    with pytest.raises(ReviewError, match="arrests: -1 is negative"):
        rev.split(arrests, [{"arrests": "-1"}], "two raids")
    child, = rev.split(arrests, [{"arrests": "60", "event_date": "2023-02-16"}], "two raids, two days")
    assert (child.event_id, child.split_from) == (f"{arrests}~1", arrests)
    rev.edit(child.event_id, {"fatalities": "1"}, "one killed in the second raid")  # before the store has it
    rev.close()
    load_articles([example_article(tmp_path / "articles")], settings=settings)  # the same article again
    row = stored(article_store, "SELECT event_date::VARCHAR, arrests, fatalities, article_id FROM events "
                                f"WHERE event_id = '{child.event_id}'")
    parent = stored(article_store, f"SELECT arrests, article_id FROM events WHERE event_id = '{arrests}'")
    assert row[0][:3] == ("2023-02-16", 60, 1) and parent == [(210, row[0][3])]
    assert stored(article_store, f"SELECT count(*) FROM event_sources WHERE event_id = '{child.event_id}'") == [(1,)]
    actions = [(x["event_id"], x["action"], x["field"]) for x in Reviewer(settings).log()]
    assert actions[:2] == [(arrests, "split", "split_into"), (child.event_id, "split", "split_from")]

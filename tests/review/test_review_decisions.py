"""Review decisions against SQLite and a real PostgreSQL server: accept, edit (validated), reject, merge,
restore, the append-only audit trail, and optimistic concurrency (no lost update)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import sqlalchemy as sa

from etl.config import get_settings
from etl.review import Reviewer, ReviewError
from etl.store.review import ConflictError, ReviewStore, decode
from tests.review.conftest import ROOT, pick

CURFEW = "فرض حظر تجوال"  # event 3 of the example article: SDF imposes a curfew in Raqqa
FOILED = "أحبطت"  # event 6: SDF foiled an attack on its prison


def reviewer(db, review_db, user="amal") -> Reviewer:
    return Reviewer(get_settings(db=str(db), review_db=review_db, progress="no"), user=user)


def test_an_edit_is_stored_with_its_audit_record(article_store, review_db):
    r = reviewer(article_store, review_db)
    e3 = pick(r.queue(), CURFEW)
    decision = r.edit(e3, {"event_date": "2023-02-14", "fatalities": "0", "grade": "fair"}, "announced Monday")
    assert (decision.status, decision.version, decision.grade) == ("accepted", 1, "Fair")
    assert decision.edits == {"event_date": "2023-02-14", "fatalities": 0}
    log = r.log(e3)
    assert {(x["field"], decode(x["before"]), decode(x["after"])) for x in log} == {
        ("event_date", "2023-02-13", "2023-02-14"), ("fatalities", None, 0), ("grade", None, "Fair")}
    assert {x["user_name"] for x in log} == {"amal"} and {x["reason"] for x in log} == {"announced Monday"}
    row = [q for q in r.queue("accepted") if q["event_id"] == e3][0]
    assert str(row["event_date"]) == "2023-02-14" and row["grade"] == "Fair"


@pytest.mark.parametrize("field, value, message", [
    ("event_type", "Picnics", "event_type: 'Picnics' is not in the ACLED taxonomy"),
    ("sub_event_type", "Armed picnic", "sub_event_type: 'Armed picnic' is not in the ACLED taxonomy"),
    ("event_date", "2023-02-30", "event_date: '2023-02-30' is not a date"),
    ("event_date", "2999-01-01", "event_date: 2999-01-01 is impossible"),
    ("latitude", "48.85", "latitude: 48.85 is outside the region"),
    ("longitude", "2.35", "longitude: 2.35 is outside the region"),
    ("fatalities", "-3", "fatalities: -3 is negative"),
    ("arrests", "many", "arrests: 'many' is not a whole number"),
    ("actor2", "The Martians", "actor2: 'The Martians' is not in the actor dictionary"),
    ("grade", "Certain", "grade: 'Certain' is not a grade"),
    ("event_type", "Protests", "event_type: 'Change to group/activity' is not a sub-type of 'Protests'"),
])
def test_a_bad_edit_is_refused_naming_the_field_and_nothing_is_written(article_store, review_db, field, value,
                                                                        message):
    r = reviewer(article_store, review_db)
    e3 = pick(r.queue(), CURFEW)
    r.accept([e3])
    with pytest.raises(ReviewError) as refused:
        r.edit(e3, {"notes": "fine", field: value}, "a reason")
    assert str(refused.value).startswith(message)
    assert r.store.audit_count() == 1 and r.store.decision(e3).version == 1
    assert r.store.decision(e3).edits == {}


def test_reject_merge_and_restore(article_store, review_db):
    r = reviewer(article_store, review_db)
    rows = r.queue()
    e3, e6 = pick(rows, CURFEW), pick(rows, FOILED)
    with pytest.raises(ReviewError, match="--reason"):
        r.reject(e6, "  ")
    r.reject(e6, "not an event: a claim")
    assert [q["event_id"] for q in r.queue("rejected")] == [e6]
    kept, absorbed = r.merge([e3, e6], "one incident")
    assert (kept.status, absorbed.status, absorbed.merged_into) == ("accepted", "merged", e3)
    restored = r.restore(e6, "it is an event after all")
    assert (restored.status, restored.version) == ("pending", 3)
    assert [x["action"] for x in r.log(e6)] == ["reject", "merge", "restore"]
    with pytest.raises(ReviewError, match="no event art:nope"):
        r.accept(["art:nope"])


def test_a_second_editor_working_on_an_old_version_is_told_the_event_changed(article_store, review_db):
    first, second = reviewer(article_store, review_db, "amal"), reviewer(article_store, review_db, "omar")
    e3 = pick(first.queue(), CURFEW)
    seen_by_both = second.store.decision(e3).version  # both open the event (no decision yet: version 0)
    first.edit(e3, {"fatalities": "2"}, "two killed", expected_version=seen_by_both)
    with pytest.raises(ConflictError, match=f"event {e3} changed since you read it: it is now version 1") as lost:
        second.edit(e3, {"fatalities": "5"}, "five killed", expected_version=seen_by_both)
    assert lost.value.current.edits == {"fatalities": 2} and lost.value.current.updated_by == "amal"
    assert [x["user_name"] for x in first.log(e3)] == ["amal"]


def test_the_audit_trail_is_append_only(article_store, review_db):
    r = reviewer(article_store, review_db)
    r.accept([pick(r.queue(), CURFEW)])
    engine = sa.create_engine(review_db)
    for statement in ("UPDATE review_audit SET user_name = 'someone else'", "DELETE FROM review_audit"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            with engine.begin() as con:
                con.exec_driver_sql(statement)
    engine.dispose()
    assert [x["user_name"] for x in r.log()] == ["amal"]


_EDITOR = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from etl.config import get_settings
    from etl.review import Reviewer
    from etl.store.review import ConflictError
    r = Reviewer(get_settings(db={db!r}, review_db={url!r}, progress="no"), user=sys.argv[1])
    for n in range({edits}):
        while True:
            seen = r.store.decision({event!r})
            try:
                r.edit({event!r}, {{"fatalities": str(seen.version + 1)}}, "count " + sys.argv[1], seen.version)
                break
            except ConflictError:
                continue
""")


def test_concurrent_editors_lose_no_update(article_store, review_db):
    r = reviewer(article_store, review_db)
    e3 = pick(r.queue(), CURFEW)
    code = _EDITOR.format(root=str(ROOT), db=str(article_store), url=review_db, event=e3, edits=5)
    procs = [subprocess.Popen([sys.executable, "-c", code, f"editor{i}"], stderr=subprocess.PIPE, text=True)
             for i in range(3)]
    errors = [p.communicate(timeout=240)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    decision = r.store.decision(e3)
    log = r.log(e3)
    assert decision.version == 15 and len(log) == 15 and decision.edits == {"fatalities": 15}
    assert [x["version"] for x in log] == list(range(1, 16))  # every edit built on the one before
    assert sorted(x["user_name"] for x in log) == ["editor0"] * 5 + ["editor1"] * 5 + ["editor2"] * 5
    assert ReviewStore(review_db).audit_count() == 15


def test_a_review_store_made_by_an_older_marsad_gains_the_new_columns(article_store, tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = sa.create_engine(url)
    with engine.begin() as con:  # review_decisions as the first version created it (no split_from)
        con.exec_driver_sql("CREATE TABLE review_decisions (event_id VARCHAR(200) PRIMARY KEY, status VARCHAR(20) "
                            "NOT NULL, edits TEXT NOT NULL, grade VARCHAR(20), merged_into VARCHAR(200), reason TEXT, "
                            "fingerprint VARCHAR(64), version INTEGER NOT NULL, updated_by VARCHAR(200) NOT NULL, "
                            "updated_at DATETIME NOT NULL)")
        con.exec_driver_sql("INSERT INTO review_decisions VALUES ('art:x', 'accepted', '{}', NULL, NULL, NULL, NULL, 1, "
                            "'amal', '2026-01-01 00:00:00')")
    engine.dispose()
    assert ReviewStore(url).decision("art:x").version == 1
    r = reviewer(article_store, url)
    r.accept([pick(r.queue(), CURFEW)])
    assert len(r.store.decisions()) == 2

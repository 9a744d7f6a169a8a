"""The review queue's order: a changed source first, then events whose date is only estimated (an undated
article), then coarse dates and low confidence, then the newest."""

from __future__ import annotations

from etl.config import get_settings
from etl.review import Reviewer
from etl.store import snapshot
from etl.store.review import Change, Decision, ReviewStore

ROWS = [  # event_id, date_estimated, time_precision, confidence, event_date
    ("low-confidence", None, 1, 0.2, "2020-01-01"), ("estimated", True, 1, 0.9, "2020-01-01"),
    ("plain", None, 1, 0.9, "2020-01-01"), ("changed", None, 1, 0.9, "2020-01-01"),
    ("coarse", None, 3, 0.9, "2020-01-01"), ("newer", None, 1, 0.9, "2021-06-01"),
]


def test_estimated_dates_come_first_after_changed_sources(tmp_path):
    db = tmp_path / "m.duckdb"
    with snapshot.writing(db) as con:
        for event_id, estimated, precision, confidence, day in ROWS:
            con.execute("INSERT INTO events (event_id, event_date, time_precision, event_type, sub_event_type, origin, "
                        "confidence, date_estimated) VALUES (?, ?, ?, 'Battles', 'Armed clash', 'manual', ?, ?)",
                        [event_id, day, precision, confidence, estimated])
    url = f"sqlite:///{tmp_path / 'reviews.sqlite'}"
    ReviewStore(url).write_all([(Decision("changed", "accepted", fingerprint="the source as it was"),
                                 [Change("accept", "status", "pending", "accepted")], 0)], user="amal", reason=None)
    rev = Reviewer(get_settings(db=str(db), review_db=url), user="amal")
    assert [r["event_id"] for r in rev.queue()] == [
        "changed", "estimated", "coarse", "low-confidence", "newer", "plain"]
    assert [r["event_id"] for r in rev.queue("pending")][:2] == ["changed", "estimated"]
    # the first rows only (the page shows the first 200): the same rows in the same order, and the full count
    everything = rev.queue()
    for limit in (1, 3, 10):
        first = rev.queue(limit=limit)
        assert first == everything[:limit] and rev.total == len(ROWS)
    assert [r["event_id"] for r in rev.queue("accepted", limit=5)] == ["changed"] and rev.total == 1
    rev.close()

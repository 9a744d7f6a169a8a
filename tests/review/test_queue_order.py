"""The review queue's order: events whose date is only estimated (an undated article) come first, then coarse
dates, low confidence, then the newest."""

from __future__ import annotations

import datetime as dt

import duckdb

from etl.schema import EVENT_COLUMNS
from etl.store.reviewed import queue_rows
from etl.store.snapshot import migrate


def _event(event_id, *, estimated=None, precision=1, confidence=0.9):
    row = {c: None for c in EVENT_COLUMNS}
    row.update(event_id=event_id, event_date=dt.date(2020, 1, 1), time_precision=precision, event_type="Battles",
               sub_event_type="Armed clash", origin="article", confidence=confidence, date_estimated=estimated)
    return [row[c] for c in EVENT_COLUMNS]


def test_estimated_dates_come_first_in_the_queue():
    con = duckdb.connect()
    migrate(con)
    rows = [_event("low-confidence", confidence=0.2), _event("estimated", estimated=True, precision=3),
            _event("plain"), _event("coarse", precision=3)]
    con.executemany(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})",
                    rows)
    queue, total = queue_rows(con, {})
    assert total == 4
    assert [r["event_id"] for r in queue] == ["estimated", "coarse", "low-confidence", "plain"]
    assert queue[0]["date_estimated"] is True

"""The review queue's order: a changed source first, then events whose date is only estimated (an undated
article), then coarse dates and low confidence, then the newest."""

from __future__ import annotations

import datetime as dt

from etl.review import _worst_first


def _row(event_id, *, estimated=None, precision=1, confidence=0.9, changed=False, day="2020-01-01"):
    return {"event_id": event_id, "date_estimated": estimated, "time_precision": precision, "confidence": confidence,
            "source_changed": changed, "event_date": dt.date.fromisoformat(day)}


def test_estimated_dates_come_first_after_changed_sources():
    rows = [_row("low-confidence", confidence=0.2), _row("estimated", estimated=True), _row("plain"),
            _row("changed", changed=True), _row("coarse", precision=3)]
    assert [r["event_id"] for r in sorted(rows, key=_worst_first)] == [
        "changed", "estimated", "coarse", "low-confidence", "plain"]

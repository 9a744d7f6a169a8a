"""What the review page shows of one event: its row as reviewed now (the analysts' edits on top), its
decision, the reports merged into it with their article texts, its audit history, and other events that
may be the same incident (same type, close in time and place). Reads only."""

from __future__ import annotations

import datetime as dt

from etl.store import reviewed

CANDIDATE_DAYS = 7
CANDIDATE_DEGREES = 0.25


def event_detail(rev, event_id: str) -> dict:
    """{} when the event is not in the store."""
    rows = rev.queue()
    event = next((r for r in rows if r["event_id"] == event_id), None)
    if event is None:
        return {}
    with rev.reading() as con:
        sources = reviewed.event_sources(con, [event_id])
        article_ids = {s["article_id"] for s in sources if s["article_id"]} | ({event["article_id"]} - {None})
        articles = reviewed.article_texts(con, sorted(article_ids))
    return {"event": event, "decision": rev.store.decision(event_id), "sources": sources, "articles": articles,
            "history": rev.log(event_id), "candidates": candidates(rows, event)}


def candidates(rows: list[dict], event: dict, limit: int = 20) -> list[dict]:
    """Visible events of the same type within CANDIDATE_DAYS and CANDIDATE_DEGREES (or the same named place)."""
    day = _day(event["event_date"])
    return [r for r in rows if r["event_id"] != event["event_id"] and r["event_type"] == event["event_type"]
            and abs((_day(r["event_date"]) - day).days) <= CANDIDATE_DAYS and _close(r, event)
            and r["status"] not in ("rejected", "merged")][:limit]


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _close(a: dict, b: dict) -> bool:
    coords = (a.get("latitude"), a.get("longitude"), b.get("latitude"), b.get("longitude"))
    if any(c is None or c != c for c in coords):
        return (a.get("location") or "") == (b.get("location") or "")
    return abs(coords[0] - coords[2]) <= CANDIDATE_DEGREES and abs(coords[1] - coords[3]) <= CANDIDATE_DEGREES

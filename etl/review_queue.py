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
    found = rev.queue(event_ids=[event_id])
    if not found:
        return {}
    event = found[0]
    with rev.reading() as con:
        sources = reviewed.event_sources(con, [event_id])
        article_ids = {s["article_id"] for s in sources if s["article_id"]} | ({event["article_id"]} - {None})
        articles = reviewed.article_texts(con, sorted(article_ids))
    return {"event": event, "decision": rev.store.decision(event_id), "sources": sources, "articles": articles,
            "history": rev.log(event_id), "candidates": candidates(rev, event)}


def candidates(rev, event: dict, limit: int = 20) -> list[dict]:
    """Visible events of the same type within CANDIDATE_DAYS and CANDIDATE_DEGREES (or, without coordinates,
    at the same named place), not rejected or merged."""
    day = _day(event["event_date"])
    near = {"event_id": event["event_id"], "event_type": event["event_type"], "location": event.get("location"),
            "date_from": day - dt.timedelta(days=CANDIDATE_DAYS), "date_to": day + dt.timedelta(days=CANDIDATE_DAYS),
            "lat": event.get("latitude"), "lon": event.get("longitude"), "degrees": CANDIDATE_DEGREES}
    return [r for r in rev.queue(limit=limit * 2, near=near) if r["status"] not in ("rejected", "merged")][:limit]


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])

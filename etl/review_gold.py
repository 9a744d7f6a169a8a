"""`marsad review export-gold DIR`: the analysts' accepted article events in the gold format of
../shared/dev (one JSON per article: item, published, events with id, must, taxonomy, date window,
actors, place, admin1, coordinates, counts and evidence), so the extractor can be scored on them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from etl.dedup import date_window
from etl.errors import InputError
from etl.store import reviewed, snapshot


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def gold_events(rows: list[dict]) -> list[dict]:
    """Gold events of one article's accepted events (in evidence order)."""
    events = []
    for row in sorted(rows, key=lambda r: (r.get("evidence_start") or 0, r["event_id"])):
        window = date_window(row)
        events.append({
            "id": _slug(f"{row['sub_event_type']}-{row.get('location') or ''}-{row['event_id'][-6:]}"),
            "must": True,
            "event_type": row["event_type"],
            "sub_event_type": row["sub_event_type"],
            "date_window": [window[0].isoformat(), window[1].isoformat()] if window else None,
            "actor1": row.get("actor1"),
            "actor2": row.get("actor2"),
            "place": row.get("location"),
            "admin1": row.get("admin1"),
            "lat": row.get("latitude"),
            "lon": row.get("longitude"),
            "fatalities": row.get("fatalities"),
            "injuries": row.get("injuries"),
            "arrests": row.get("arrests"),
            "evidence": row.get("evidence"),
        })
    return events


def export_gold(reviewer, folder: Path) -> list[Path]:
    """Write one gold file per article that has accepted events; returns the files written."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    rows = [r for r in reviewer.queue("accepted") if r["origin"] == "article" and r.get("article_id")]
    by_article: dict[str, list[dict]] = {}
    for row in rows:
        by_article.setdefault(row["article_id"], []).append(row)
    con = snapshot.read_only(reviewer.db)
    try:
        articles = reviewed.article_texts(con, list(by_article))
    finally:
        con.close()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for article_id, events in sorted(by_article.items()):
        article = articles.get(article_id, {})
        item = Path(article.get("input_path") or "").name or f"{article_id.replace(':', '_')}.txt"
        published = article.get("published")
        record = {"item": item, "published": published.isoformat() if published else None,
                  "events": gold_events(events)}
        target = folder / f"{Path(item).stem}.json"
        target.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(target)
    return written

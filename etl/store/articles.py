"""Article rows and event sources in the store (the article side of etl.store.snapshot).

All SQL is in etl/store/sql/*.sql, run with bound parameters.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from etl.store.snapshot import sql_text



def _sources_of(event: dict) -> list[dict]:
    return event.get("merged_sources") or [
        {k: event.get(k) for k in ("source", "source_url", "article_id", "evidence", "evidence_start", "evidence_end")}
    ]


def upsert_articles(con: duckdb.DuckDBPyConnection, articles: list, events: list[dict], run_id: int) -> dict[str, int]:
    """Insert or refresh article rows; an article is 'updated' when its text, metadata or number of
    events changed. Events an earlier run extracted from a re-loaded article that this run no longer
    finds are removed, so a re-run after a rule change leaves no stale events."""
    event_ids: dict[str, set[str]] = {}
    for event in events:
        for src in _sources_of(event):
            if src.get("article_id"):
                event_ids.setdefault(src["article_id"], set()).add(event["event_id"])
    n_events = {article_id: len(ids) for article_id, ids in event_ids.items()}
    counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    seen: set[str] = set()
    for art in articles:
        if art.article_id in seen:
            counts["unchanged"] += 1
            continue
        seen.add(art.article_id)
        row = [art.article_id, art.url, art.title, art.published, art.source, art.language, art.text,
               art.input_path, n_events.get(art.article_id, 0), getattr(art, "ref", None)]
        found = con.execute(sql_text("article_get"), [art.article_id]).fetchall()  # fetchall: DuckDB 2 keeps
        old = found[0] if found else None  # a half-read result open and refuses the next statement
        if old is None:
            counts["inserted"] += 1
        elif tuple(old) == tuple(row[1:]):
            counts["unchanged"] += 1
            continue
        else:
            counts["updated"] += 1
        con.execute(sql_text("article_upsert"), row + [run_id])
        keep = sorted(event_ids.get(art.article_id, set()))
        con.execute(sql_text("article_stale_events_delete"), [art.article_id, keep])
    return counts


def replace_event_sources(con: duckdb.DuckDBPyConnection, events: list[dict]) -> None:
    """Write every report merged into each event (event_sources), replacing earlier rows."""
    rows = []
    for event in events:
        for src in _sources_of(event):
            rows.append((event["event_id"], src.get("source"), src.get("source_url"), src.get("article_id"),
                         src.get("evidence"), src.get("evidence_start"), src.get("evidence_end")))
    if not rows:
        return
    names = ["event_id", "source", "source_url", "article_id", "evidence", "evidence_start", "evidence_end"]
    types = [pa.string()] * 5 + [pa.int32()] * 2
    table = pa.table([pa.array([r[i] for r in rows], types[i]) for i in range(len(names))], names=names)
    con.register("_sources", table)
    try:
        con.execute(sql_text("event_sources_replace"))
    finally:
        con.unregister("_sources")


def stored_article_events(con: duckdb.DuckDBPyConnection, date_from, date_to, sub_event_types: list[str],
                          skip_articles: set[str]) -> list[dict]:
    """Article events already stored that a new batch may duplicate, each with `merged_sources` (its
    reports, less those of `skip_articles`, which are being re-extracted; an event left with no report
    is not returned)."""
    cur = con.execute(sql_text("article_events_near"), [date_from, date_to, sorted(set(sub_event_types))])
    names = [d[0] for d in cur.description]
    events = [dict(zip(names, row)) for row in cur.fetchall()]
    if not events:
        return []
    cur = con.execute(sql_text("event_sources_of"), [[e["event_id"] for e in events]])
    names = [d[0] for d in cur.description]
    sources: dict[str, list[dict]] = {}
    for row in cur.fetchall():
        src = dict(zip(names, row))
        if src["article_id"] not in skip_articles:
            sources.setdefault(src.pop("event_id"), []).append(src)
    kept = []
    for event in events:
        if event["event_id"] in sources:
            event["merged_sources"] = sources[event["event_id"]]
            kept.append(event)
    return kept

"""Article runs: read news articles, extract and deduplicate events, load articles + events atomically.

Shares validation, enrichment and run accounting with the dataset imports (etl.pipeline).
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from pathlib import Path
from typing import Callable

import pyarrow as pa

from etl import __version__
from etl.store import articles as article_store, events as event_store, runs as run_store, snapshot as store
from etl.config import Settings, get_settings
from etl.errors import InputError
from etl.pipeline import RunReport, canonical_table, enrich, validate_batch
from etl.extract.batch import extract_from_paths
from etl.schema import EVENT_COLUMNS

def _events_table(events: list[dict]) -> pa.Table:
    columns = {name: [e.get(name) for e in events] for name in EVENT_COLUMNS}
    table = pa.table({name: pa.array([None if v is None else str(v) if not isinstance(v, (int, float)) else v
                                      for v in values]) if any(v is not None for v in values)
                      else pa.nulls(len(values), pa.string())
                      for name, values in columns.items()})
    return table.append_column("record_no", pa.array(range(1, len(events) + 1), pa.int64())).append_column(
        "raw_record", pa.array([e.get("evidence") for e in events], pa.string()))


def load_articles(paths: list[Path | str], *, db: Path | None = None, settings: Settings | None = None,
                  published: dt.date | None = None, today: dt.date | None = None) -> RunReport:
    """Extract events from articles and load articles + events into the store as one atomic run.

    Accounting counts articles: read = inserted + updated + unchanged + quarantined (an article is
    'updated' when its text or its events changed); event counts are in the report's details.
    """
    settings = settings or get_settings()
    for path in paths:
        if not import_module("etl.sources.articles").is_url(str(path)) and not Path(path).exists():
            raise InputError(f"{path}: no such file or folder")
    articles, bad_articles, events = extract_from_paths(paths, settings=settings, published=published)
    return load_extracted(articles, bad_articles, events, command="articles",
                          label=", ".join(str(p) for p in paths), db=db, settings=settings, today=today)


def extract_articles(items: list, *, settings: Settings | None = None) -> tuple[list, list, list[dict]]:
    """(articles, quarantined, events) of Article objects already read (a poller's feed items), as
    etl.extract.batch.extract_from_paths gives them for files: each article's events, merged across
    the articles; an article no rule foresaw is quarantined (label, Quarantined) and the others go on."""
    from etl.dedup import merge_events
    from etl.extract.events import extract_events
    from etl.extract.mentions import load_knowledge
    from etl.schema import Quarantined

    settings = settings or get_settings()
    knowledge = load_knowledge(settings.knowledge_dir) if items else None
    articles, quarantined, events = [], [], []
    for item in items:
        try:
            found = extract_events(item, knowledge)
        except Exception as exc:  # noqa: BLE001 - a text no rule foresaw must not stop the other articles
            quarantined.append((item.input_path or "", Quarantined(1, item.text[:500], f"{item.ref or item.article_id}: "
                                f"events could not be extracted ({type(exc).__name__}: {exc})")))
            continue
        articles.append(item)
        events.extend(found)
    return articles, quarantined, merge_events(events, distance_km=settings.dedup_distance_km)


def load_extracted(articles: list, bad_articles: list, events: list[dict], *, command: str, label: str,
                   db: Path | None = None, settings: Settings | None = None, today: dt.date | None = None,
                   also: Callable | None = None) -> RunReport:
    """Load extracted articles + events (and the quarantined articles, as (label, Quarantined)) as one
    atomic run: the one article load of `marsad etl articles` and of a feed poll (etl.feeds).

    also(con, report): called inside the run's snapshot after the load, before the run is closed, so
    whatever it writes (a poll's seen items) is swapped in together with the articles, or not at all.
    """
    settings = settings or get_settings()
    db = Path(db or settings.db)
    events = _merge_with_stored(events, {a.article_id for a in articles}, db, settings)
    report = RunReport(None, command, label, read=len(articles) + len(bad_articles))
    table = _events_table(events) if events else None
    quarantined = [(q.record_no, q.raw, f"{src}: {q.reason}") for src, q in bad_articles]
    good = None
    if table is not None:
        good, bad_events = validate_batch(table, today)
        good = canonical_table(enrich(good, settings))
        report.details["events_quarantined"] = len(bad_events)
    else:
        bad_events = []
    with store.writing(db) as con:
        run_id = run_store.start_run(con, command, label, None, __version__)
        run_store.add_quarantine(con, run_id, label, quarantined + [(n, raw, f"event: {why}") for n, raw, why in bad_events])
        event_counts = event_store.upsert_events(con, good, run_id) if good is not None and good.num_rows else \
            {"inserted": 0, "updated": 0, "unchanged": 0}
        article_counts = article_store.upsert_articles(con, articles, events, run_id)
        article_store.replace_event_sources(con, events)
        report.run_id = run_id
        report.quarantined = len(quarantined)
        report.inserted, report.updated, report.unchanged = (
            article_counts["inserted"], article_counts["updated"], article_counts["unchanged"])
        report.details.update({f"events_{k}": v for k, v in event_counts.items()})
        report.message = (f"{len(events)} events: {event_counts['inserted']} new, {event_counts['updated']} updated, "
                          f"{event_counts['unchanged']} unchanged, {len(bad_events)} quarantined")
        if also is not None:
            also(con, report)
        report.details["review"] = import_module("etl.review").apply_to_snapshot(con, run_id, settings, db)
        report.details["alerts"] = import_module("etl.alerts.run").update_alerts(con, run_id, settings)
        run_store.finish_run(con, run_id, report.counts(), message=report.message)
    return report


def _merge_with_stored(events: list[dict], new_articles: set[str], db: Path, settings: Settings) -> list[dict]:
    """Reports of events already in the store (from articles loaded in earlier runs) merge into those
    events instead of duplicating them; the stored event keeps its id and gains the new sources."""
    if not events or not Path(db).exists():
        return events
    dates = [dt.date.fromisoformat(str(e["event_date"])[:10]) for e in events if e.get("event_date")]
    if not dates:
        return events
    window = dt.timedelta(days=366)  # the widest date window (year precision) a match may need
    con = store.read_only(db)
    try:
        # clamped: an event dated near 9999-12-31 (or 0001-01-01) must not overflow the window
        earliest = max(min(dates), dt.date.min + window) - window
        latest = min(max(dates), dt.date.max - window) + window
        stored = article_store.stored_article_events(con, earliest, latest,
                                             [e["sub_event_type"] for e in events], new_articles)
    finally:
        con.close()
    if not stored:
        return events
    merged = import_module("etl.dedup").merge_events(stored + events, distance_km=settings.dedup_distance_km)
    return [e for e in merged if any(src.get("article_id") in new_articles for src in e["merged_sources"])]

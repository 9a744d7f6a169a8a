"""Extraction over many articles: read them (files, folders, feeds), extract each one's events, and merge
reports of one event across articles (as the store keeps them) or not (as `marsad extract` prints them).

Light on purpose: no store, no Arrow, so `marsad extract` of one article starts fast.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from etl.config import Settings, get_settings
from etl.dedup import merge_events
from etl.extract.events import extract_events
from etl.extract.mentions import load_knowledge
from etl.schema import Quarantined
from etl.sources.articles import read_articles


def extract_from_paths(paths: list[Path | str], *, settings: Settings | None = None,
                       published: dt.date | None = None, across_articles: bool = True) -> tuple[list, list, list[dict]]:
    """Read articles and extract their events, without touching the store.

    Returns (articles, quarantined, events); each event carries `merged_sources`. Reports of one
    event in several articles are merged when `across_articles` (as the store keeps them), else each
    article keeps its own events (as `marsad extract` prints them).
    """
    settings = settings or get_settings()
    knowledge = None  # loaded at the first readable article
    articles, quarantined, events = [], [], []
    for path in paths:
        for item in read_articles(path):
            if not hasattr(item, "article_id"):
                quarantined.append((str(path), item))
                continue
            if published is not None:
                item = replace(item, published=published)
            knowledge = knowledge or load_knowledge(settings.knowledge_dir)
            try:
                found = extract_events(item, knowledge, background=settings.keep_background_events)
            except Exception as exc:  # a text no rule foresaw must not stop the other articles
                quarantined.append((str(path), Quarantined(1, item.text[:500], f"{item.ref or item.article_id}: events "
                                                           f"could not be extracted ({type(exc).__name__}: {exc})")))
                continue
            articles.append(item)
            events.extend(found)
    if not across_articles:
        return articles, quarantined, events
    merged = merge_events(events, distance_km=settings.dedup_distance_km)
    return articles, quarantined, merged

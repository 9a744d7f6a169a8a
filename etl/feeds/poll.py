"""One poll of one source: list its items, read the new ones, load them as one run.

A poll is a run in `runs` (command "watch", input "<source>: <url or path>") with its accounting in
feed_polls: items seen (in the feed, sitemap or folder), new (not in the seen record), loaded,
quarantined and deferred (new = loaded + quarantined + deferred). The articles go through the one article
load (etl.article_pipeline.load_extracted: extraction, deduplication against the store, validation,
admin areas, the review queue), and in that same snapshot swap the items are marked seen and the
source's state (conditional GET validators, when it was polled) is saved: a watcher killed at any point
has either loaded an item and marked it seen, or done neither, and the next poll reads it.

Deferred items (a page that timed out, items over settings.watch_max_items) are not marked seen; the
feed's validators are then not kept either, so the next poll reads the feed in full and takes them.
A source whose poll fails (down, timing out, garbage, an HTML page instead of the feed, refused XML)
is recorded as a failed run with the reason and polled again after settings.watch_retry_after seconds,
doubled after each further failure (never later than its interval).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from etl import __version__
from etl.config import Settings
from etl.errors import InputError
from etl.feeds.items import Deferred, Item, feed_items, file_items, read_item, sitemap_items
from etl.feeds.polite import Fetcher
from etl.feeds.sources_file import Source, format_interval
from etl.schema import Quarantined
from etl.sources.articles import Article
from etl.sources.url_fetch import Response
from etl.store import feeds as feed_store, runs as run_store, snapshot as store
from etl.store.feeds import SeenItem, SourceState

COUNTS = ("seen", "new", "loaded", "quarantined", "deferred")


@dataclass
class PollResult:
    source: str
    status: str  # loaded | not_modified | failed
    run_id: int | None = None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    error: str | None = None
    message: str = ""
    retry_in: int | None = None  # seconds, after a failure

    def line(self) -> str:
        head = f"{self.source}: run {self.run_id}: "
        if self.status == "failed":
            return head + f"failed: {self.error} (polled again in {format_interval(self.retry_in or 0)})"
        if self.status == "not_modified":
            return head + "not modified since the last poll (HTTP 304); nothing read"
        return head + self.message


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def retry_delay(source: Source, failures: int, settings: Settings) -> int:
    return int(min(source.interval_s, settings.watch_retry_after * 2 ** max(0, failures - 1)))


def due_at(source: Source, state: SourceState | None, settings: Settings) -> dt.datetime | None:
    """When the source is next due (None: now, it was never polled)."""
    if state is None or state.last_polled_at is None:
        return None
    wait = retry_delay(source, state.failures, settings) if state.failures else source.interval_s
    return state.last_polled_at + dt.timedelta(seconds=wait)


def list_items(source: Source, settings: Settings, fetcher: Fetcher,
               state: SourceState | None = None) -> tuple[list[Item], Response | None]:
    """The source's items, and the response of its feed or sitemap (status 304: unchanged, no items).
    With a state, the request is a conditional GET with its validators."""
    if source.kind in ("folder", "jsonl"):
        return file_items(source), None
    headers = {}
    if state is not None and state.etag:
        headers["If-None-Match"] = state.etag
    if state is not None and state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    response = fetcher.get(source.url, headers=headers)
    if response.status == 304:
        return [], response
    if not response.body.strip():
        raise InputError(f"{source.url}: empty response; nothing read")
    if source.kind == "sitemap":
        return sitemap_items(source, response.body, fetcher), response
    return feed_items(source, response.body, response.content_type, settings.watch_full_text_chars), response


def poll_source(source: Source, settings: Settings, fetcher: Fetcher, state: SourceState | None) -> PollResult:
    """Poll once and record the poll (see the module); never raises for a problem of the source."""
    from etl.article_pipeline import extract_articles, load_extracted

    started = utcnow()
    try:
        items, response = list_items(source, settings, fetcher, state)
    except InputError as exc:
        return record_poll(source, settings, state, started, "failed", error=str(exc))
    if response is not None and response.status == 304:
        return record_poll(source, settings, state, started, "not_modified", response=response)
    seen = feed_store.seen_keys(settings.db, source.name)
    new = [item for item in items if item.key not in seen]
    counts = {"seen": len(items), "new": len(new), "loaded": 0, "quarantined": 0,
              "deferred": max(0, len(new) - settings.watch_max_items)}
    records_of: dict[str, list] = {}
    for item in new[:settings.watch_max_items]:
        try:
            records_of[item.key] = read_item(item, source, fetcher, settings)
        except Deferred:
            counts["deferred"] += 1
    articles = [_in_language(r, source) for records in records_of.values() for r in records if isinstance(r, Article)]
    bad = [(source.name, r) for records in records_of.values() for r in records if isinstance(r, Quarantined)]
    articles, bad_extracted, events = extract_articles(articles, settings=settings)
    loaded_ids = {a.article_id for a in articles}
    marks = []
    for key, records in records_of.items():
        ids = [r.article_id for r in records if isinstance(r, Article)]
        loaded = any(i in loaded_ids for i in ids)
        counts["loaded" if loaded else "quarantined"] += 1
        marks.append(SeenItem(key, ids[0] if len(ids) == 1 else None, "loaded" if loaded else "quarantined"))
    keep = response is not None and counts["deferred"] == 0
    prefix = (f"{counts['seen']} items, {counts['new']} new: {counts['loaded']} loaded, "
              f"{counts['quarantined']} quarantined, {counts['deferred']} deferred; ")

    def also(con, report) -> None:
        feed_store.mark_seen(con, source.name, marks, report.run_id, started)
        feed_store.save_state(con, _state(source, settings, started, "ok", None, 0,
                                          response.etag if keep else None, response.last_modified if keep else None))
        feed_store.add_poll(con, report.run_id, source.name, "loaded", counts, None)
        report.message = prefix + (report.message or "")

    report = load_extracted(articles, bad + bad_extracted, events, command="watch", label=_label(source),
                            settings=settings, also=also)
    return PollResult(source.name, "loaded", report.run_id, counts, message=report.message)


def _in_language(article: Article, source: Source) -> Article:
    return article if source.language == "auto" else dataclasses.replace(article, language=source.language)


def _label(source: Source) -> str:
    return f"{source.name}: {source.where}"


def _state(source: Source, settings: Settings, when: dt.datetime, status: str, error: str | None, failures: int,
           etag: str | None, last_modified: str | None) -> SourceState:
    wait = retry_delay(source, failures, settings) if failures else source.interval_s
    return SourceState(source.name, etag, last_modified, when, status, error, failures,
                       when + dt.timedelta(seconds=wait))


def record_poll(source: Source, settings: Settings, state: SourceState | None, started: dt.datetime, status: str,
            *, error: str | None = None, response: Response | None = None) -> PollResult:
    """A poll that loads nothing (failed, or not modified) is still a run, with the source's new state."""
    failures = ((state.failures if state else 0) + 1) if status == "failed" else 0
    if status == "failed":
        etag, modified = (state.etag, state.last_modified) if state else (None, None)
    else:
        etag = response.etag or (state.etag if state else None)
        modified = response.last_modified or (state.last_modified if state else None)
    result = PollResult(source.name, status, error=error,
                        retry_in=retry_delay(source, failures, settings) if failures else None)
    with store.writing(settings.db) as con:
        run_id = run_store.start_run(con, "watch", _label(source), None, __version__)
        feed_store.save_state(con, _state(source, settings, started, status, error, failures, etag, modified))
        feed_store.add_poll(con, run_id, source.name, status, result.counts, error)
        message = error if status == "failed" else "not modified (HTTP 304); nothing read"
        run_store.finish_run(con, run_id, {}, status="failed" if status == "failed" else "ok", message=message)
    result.run_id = run_id
    return result

"""`marsad etl watch`: poll each due source on its schedule, for ever (or each source once).

The sources file is read again before each round, so an edit takes effect without a restart (a file
that has become invalid is reported and the last valid list is kept). Sources are polled one after the
other (one writer: each poll swaps its own snapshot in); one source failing, even in a way nobody
foresaw, is recorded as a failed run and the others go on. Between rounds the watcher sleeps until
the next source is due (at most a minute, so edits are seen).
"""

from __future__ import annotations

import sys
import time
from typing import Callable

from etl.config import Settings
from etl.errors import InputError, MarsadError
from etl.feeds.poll import PollResult, due_at, poll_source, utcnow, record_poll
from etl.feeds.polite import Fetcher
from etl.feeds.sources_file import Source, load_sources
from etl.store import feeds as feed_store

MAX_SLEEP_S = 60.0


def chosen_sources(settings: Settings, names: list[str] | None) -> list[Source]:
    """The enabled sources of the sources file (only `names`, when given: each must exist)."""
    sources = load_sources(settings.sources_file)
    if names:
        known = {s.name for s in sources}
        missing = [n for n in names if n not in known]
        if missing:
            raise InputError(f"{settings.sources_file}: no source named {', '.join(map(repr, missing))} "
                             f"(the sources are: {', '.join(sorted(known)) or 'none'})")
        return [s for s in sources if s.name in names]
    return [s for s in sources if s.enabled]


def poll_round(sources: list[Source], settings: Settings, fetcher: Fetcher, *, due_only: bool,
               say: Callable[[str], None]) -> list[PollResult]:
    """Poll each source (only those due, with due_only), the most overdue first."""
    states = feed_store.states(settings.db)
    now = utcnow()
    todo = []
    for source in sources:
        when = due_at(source, states.get(source.name), settings)
        if not due_only or when is None or when <= now:
            todo.append((when or now, source))
    results = []
    for _, source in sorted(todo, key=lambda t: t[0]):
        results.append(poll_one(source, settings, fetcher, states.get(source.name)))
        say(results[-1].line())
    return results


def poll_one(source: Source, settings: Settings, fetcher: Fetcher, state) -> PollResult:
    """poll_source, with any failure it did not foresee recorded as the source's failed poll."""
    try:
        return poll_source(source, settings, fetcher, state)
    except Exception as exc:  # noqa: BLE001 - one source must not stop the others
        if _interrupted():  # DuckDB turns a signal during a query into its own error: stop, record nothing
            raise
        reason = str(exc) if isinstance(exc, MarsadError) else f"{type(exc).__name__}: {exc}"
        try:
            return record_poll(source, settings, state, utcnow(), "failed", error=reason)
        except MarsadError as again:  # the store itself is busy or broken: say so, go on
            return PollResult(source.name, "failed", error=f"{reason}; not recorded: {again}", retry_in=0)


def _interrupted() -> bool:
    """Whether the command line received SIGINT/SIGTERM (etl.cli's handler notes it before raising)."""
    return bool(getattr(sys.modules.get("etl.cli"), "_received", None))


def watch(settings: Settings, *, once: bool, due_only: bool = False, names: list[str] | None = None,
          say: Callable[[str], None] = print) -> list[PollResult]:
    """Poll the sources: each once (with due_only, only those due) and return, or for ever."""
    fetcher = Fetcher(settings)
    sources = chosen_sources(settings, names)
    if once:
        return poll_round(sources, settings, fetcher, due_only=due_only, say=say)
    while True:
        poll_round(sources, settings, fetcher, due_only=True, say=say)
        try:
            sources = chosen_sources(settings, names)
        except MarsadError as exc:
            say(f"the sources file cannot be used ({exc}); polling the sources as they were")
        time.sleep(_until_next(sources, settings))


def _until_next(sources: list[Source], settings: Settings) -> float:
    states = feed_store.states(settings.db)
    now = utcnow()
    waits = []
    for source in sources:
        when = due_at(source, states.get(source.name), settings)
        waits.append(0.0 if when is None else (when - now).total_seconds())
    return min(MAX_SLEEP_S, max(1.0, min(waits, default=MAX_SLEEP_S)))

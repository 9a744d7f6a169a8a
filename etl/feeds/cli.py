"""`marsad sources list|add|check` and `marsad etl watch` (etl.feeds does the work).

Errors (a bad sources file, an unknown source) are one line and exit code 2, through etl.cli.run.
Text from the sources (titles, URLs, errors) is printed literally, never as Rich markup.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

sources_app = typer.Typer(help="The news sources `marsad etl watch` polls (data/sources.toml).", no_args_is_help=True)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

DbOption = typer.Option(None, "--db", help="Event store path (default: MARSAD_DB or data/marsad.duckdb).")
FileOption = typer.Option(None, "--file", help="Sources file (default: MARSAD_SOURCES_FILE or data/sources.toml).")


class Kind(str, Enum):
    feed = "feed"
    sitemap = "sitemap"
    folder = "folder"
    jsonl = "jsonl"


class Format(str, Enum):
    jsonl = "jsonl"
    table = "table"


def _settings(db: Optional[Path], sources_file: Optional[Path]):
    from etl.config import get_settings

    return get_settings(db=str(db) if db else None, sources_file=str(sources_file) if sources_file else None)


def _when(value) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


@sources_app.command("list")
def list_command(fmt: Format = typer.Option(Format.table, "--format", help="table or jsonl."),
                 sources_file: Optional[Path] = FileOption, db: Optional[Path] = DbOption) -> None:
    """Every source with its schedule, its last poll and the items read so far."""
    from etl.feeds.poll import due_at
    from etl.feeds.sources_file import format_interval, load_sources
    from etl.store.feeds import states

    settings = _settings(db, sources_file)
    sources = load_sources(settings.sources_file)
    known = states(settings.db)
    rows = []
    for s in sources:
        state = known.get(s.name)
        rows.append({"name": s.name, "kind": s.kind, "where": s.where, "language": s.language,
                     "interval": format_interval(s.interval_s), "enabled": s.enabled,
                     "last_poll": _when(state.last_polled_at) if state else "",
                     "status": (state.last_status or "") if state else "never polled",
                     "failures": state.failures if state else 0, "items_read": state.items_read if state else 0,
                     "next_poll": (_when(due_at(s, state, settings)) or "now") if s.enabled else "disabled",
                     "last_error": (state.last_error or "") if state else ""})
    if fmt is Format.jsonl:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return
    table = Table(title=f"{len(rows)} source(s) in {escape(str(settings.sources_file))}")
    for col in ("name", "kind", "url or path", "lang", "every", "enabled", "last poll", "status", "fail", "items",
                "next poll"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(*(escape(str(v)) for v in (r["name"], r["kind"], r["where"], r["language"], r["interval"],
                                                 "yes" if r["enabled"] else "no", r["last_poll"], r["status"],
                                                 r["failures"], r["items_read"], r["next_poll"])))
    Console(highlight=False, width=max(out.width, 160)).print(table)
    for r in rows:
        if r["last_error"]:
            out.print(f"{r['name']}: last error: {r['last_error']}", markup=False, soft_wrap=True)


@sources_app.command("add")
def add_command(
    name: str = typer.Argument(..., help="A unique name (letters, digits, . _ -)."),
    kind: Kind = typer.Option(..., "--kind", help="feed (RSS/Atom), sitemap, folder (article files), jsonl (drop)."),
    url: Optional[str] = typer.Option(None, "--url", help="The feed or sitemap URL (http or https)."),
    path: Optional[str] = typer.Option(None, "--path", help="The folder (or file) of a folder or jsonl source."),
    language: str = typer.Option("auto", "--language", help="ar, en or auto (detected per item)."),
    interval: str = typer.Option("1h", "--interval", help="How often to poll: 15m, 2h, 1d (at least 1m)."),
    disabled: bool = typer.Option(False, "--disabled", help="Add it switched off."),
    sources_file: Optional[Path] = FileOption,
) -> None:
    """Add a source to the sources file (validated; the file's comments are kept)."""
    from etl.feeds.sources_file import add_source, format_interval

    settings = _settings(None, sources_file)
    entry = {"name": name, "kind": kind.value, "url": url, "path": path, "language": language,
             "interval": interval, "enabled": not disabled}
    source = add_source(settings.sources_file, entry)
    out.print(f"added {source.name} ({source.kind}, {source.where}, every {format_interval(source.interval_s)}, "
              f"{'enabled' if source.enabled else 'disabled'}) to {settings.sources_file}", markup=False)


@sources_app.command("check")
def check_command(names: Optional[list[str]] = typer.Argument(None, help="Sources to check (default: the enabled ones)."),
                  limit: int = typer.Option(20, help="Most items listed per source."),
                  sources_file: Optional[Path] = FileOption, db: Optional[Path] = DbOption) -> None:
    """Fetch each source once and report what a poll would load; loads nothing, writes nothing."""
    from etl.errors import MarsadError
    from etl.feeds.poll import list_items
    from etl.feeds.polite import Fetcher
    from etl.feeds.watch import chosen_sources
    from etl.store.feeds import seen_keys

    settings = _settings(db, sources_file)
    fetcher = Fetcher(settings)
    failed = 0
    for source in chosen_sources(settings, names):
        try:
            items, _ = list_items(source, settings, fetcher)
        except MarsadError as exc:
            failed += 1
            out.print(f"{source.name}: cannot be read: {exc}", markup=False, soft_wrap=True)
            continue
        seen = seen_keys(settings.db, source.name)
        new = [i for i in items if i.key not in seen]
        take = min(len(new), settings.watch_max_items)
        out.print(f"{source.name}: {len(items)} items, {len(new)} new; a poll would read {take} "
                  f"({sum(1 for i in new[:take] if i.page_url)} by fetching the article page)"
                  + (f", the other {len(new) - take} at later polls" if len(new) > take else ""), markup=False)
        table = Table(show_header=True)
        for col in ("#", "new", "item", "text"):
            table.add_column(col, overflow="fold")
        for item in items[:limit]:
            text = ("article page to fetch: " + item.page_url) if item.page_url else _ready_text(item)
            table.add_row(str(item.no), "new" if item.key not in seen else "seen", escape(item.title or item.label),
                          escape(text))
        if items:
            out.print(table)
    if failed:
        raise typer.Exit(2)


def _ready_text(item) -> str:
    from etl.sources.articles import Article

    if item.path is not None:
        return f"file {item.path.name}"
    read = item.ready[0] if item.ready else None
    if isinstance(read, Article):
        return f"text in the feed ({len(read.text):,} characters)"
    return f"quarantined: {read.reason}" if read is not None else ""


def watch_command(
    once: bool = typer.Option(False, "--once", help="Poll each enabled source once and exit (cron, systemd timers)."),
    due: bool = typer.Option(False, "--due", help="With --once: only the sources whose interval has passed."),
    source: Optional[list[str]] = typer.Option(None, "--source", help="Only this source (repeatable)."),
    sources_file: Optional[Path] = FileOption,
    db: Optional[Path] = DbOption,
) -> None:
    """Poll the news sources on their schedules, for ever (or --once); each poll is a run."""
    from etl.feeds.watch import watch

    settings = _settings(db, sources_file)
    results = watch(settings, once=once, due_only=due, names=source,
                    say=lambda line: out.print(line, markup=False, soft_wrap=True))
    if once and any(r.status == "failed" for r in results):
        raise typer.Exit(1)

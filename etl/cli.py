"""The `marsad` command line. User errors print one clear line and exit 2, never a traceback."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

from importlib import import_module

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperCommand

from etl import __version__
from etl.config import SETTINGS, get_settings
from etl.errors import MarsadError
from etl.review_cli import review_app
from etl.feeds.cli import sources_app, watch_command
from etl.users_cli import users_app

app = typer.Typer(help="Marsad (مرصد): a counter-terrorism observatory — ETL and dashboard.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
etl_app = typer.Typer(help="Load events into the store and inspect it.", no_args_is_help=True)
app.add_typer(etl_app, name="etl")
app.add_typer(review_app, name="review")
app.add_typer(sources_app, name="sources")
app.add_typer(users_app, name="users")
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

DbOption = typer.Option(None, "--db", help="Store path (default: MARSAD_DB or data/marsad.duckdb).")


class PlainUsage(TyperCommand):
    """A command whose usage line reads `KIND PATH...` (Typer writes `{KIND} {PATH}...`) and whose bad-value
    messages have no "Value error," prefix (Typer's value coercion adds it)."""

    def collect_usage_pieces(self, ctx) -> list[str]:
        return [piece.replace("{", "").replace("}", "") for piece in super().collect_usage_pieces(ctx)]

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except typer.BadParameter as exc:
            exc.message = exc.message.replace("Value error, ", "")
            raise

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except typer.BadParameter as exc:
            exc.message = exc.message.replace("Value error, ", "")
            raise


class DatasetKind(str, Enum):
    ucdp = "ucdp"
    acled = "acled"
    csv = "csv"


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]Error:[/] {message}", soft_wrap=True)
    raise typer.Exit(code)


class Interrupted(BaseException):
    """SIGINT / SIGTERM during a command: unwinds (so a store snapshot is deleted) without being caught
    as an ordinary error; the exit code is 128 + the signal number."""


_received: list[int] = []


def _on_signal(signum, _frame):
    """The first SIGINT/SIGTERM interrupts the work; later ones only wait for the clean-up to finish."""
    if _received:
        return
    _received.append(signum)
    raise Interrupted(signum)


def _interrupted_line() -> str:
    from etl.store.snapshot import SWAPPED

    kept = [db for db in SWAPPED if db.exists()]  # a rebuild's staging store is deleted when it stops
    if not kept:
        return "Interrupted: the store is unchanged."
    return (f"Interrupted: the run in progress was undone; the store keeps the {len(kept)} run(s) "
            "that had completed.")


def run() -> None:
    """Console-script entry point: clear messages for user errors and interruptions.

    DuckDB turns an exception raised by the signal handler during a query into its own error ("Query
    interrupted"), so any exception after a signal counts as the interruption: one line, exit 130/143."""
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    try:
        app()
    except SystemExit as exc:
        if not _received and not exc.code:
            _ignore_late_signals()
        raise
    except MarsadError as exc:
        if _received:
            _exit_interrupted()
        err.print(f"[bold red]Error:[/] {exc}", soft_wrap=True)
        sys.exit(exc.exit_code)
    except (Interrupted, KeyboardInterrupt, Exception):
        if not _received:
            raise
        _exit_interrupted()


def _ignore_late_signals() -> None:
    """The command has finished and its work is stored: a Ctrl-C or `kill` arriving while Python shuts down
    changes nothing, so it is ignored (it would otherwise end the process by the signal, with no message,
    although the run completed)."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _exit_interrupted() -> None:
    code = 128 + _received[0]
    try:
        err.print(_interrupted_line(), soft_wrap=True)
    finally:
        sys.exit(code)


def _settings(db: Optional[Path]):
    return get_settings(db=str(db) if db else None)


def _progress(enabled: bool):
    if not enabled or not err.is_terminal:
        return None
    return lambda message: err.print(f"[dim]… {message}[/]")


def _report_table(reports) -> Table:
    table = Table(title="Runs", show_lines=False)
    for col in ("run", "input", "read", "inserted", "updated", "unchanged", "quarantined"):
        table.add_column(col, justify="right" if col not in ("input",) else "left")
    for r in reports:
        table.add_row(str(r.run_id), r.input_path, *(f"{v:,}" for v in r.counts().values()))
    return table


def _print_reports(reports) -> None:
    out.print(_report_table(reports))
    for r in reports:
        out.print(f"run {r.run_id}: read {r.read:,} = inserted {r.inserted:,} + updated {r.updated:,} + "
                  f"unchanged {r.unchanged:,} + quarantined {r.quarantined:,}"
                  + (f" — {r.message}" if r.message else ""))
        if r.quarantined:
            out.print(f"  {r.quarantined:,} quarantined: see `marsad etl quarantine --run {r.run_id}`")


@etl_app.command("import", cls=PlainUsage)
def import_command(
    kind: DatasetKind = typer.Argument(..., metavar="KIND", help="Dataset layout: ucdp (UCDP GED), acled (ACLED export), csv (canonical CSV/JSONL)."),
    paths: list[Path] = typer.Argument(..., metavar="PATH", help="One or more files (.csv, .csv.gz, .jsonl)."),
    db: Optional[Path] = DbOption,
) -> None:
    """Import curated event datasets; each file is one atomic run."""
    from etl.pipeline import import_dataset

    settings = _settings(db)
    reports = [import_dataset(kind.value, p, settings=settings, progress=_progress(settings.progress)) for p in paths]
    _print_reports(reports)


@etl_app.command("articles", cls=PlainUsage)
def articles_command(
    paths: list[str] = typer.Argument(..., metavar="PATH", help="Article files or folders (.txt .html .xml/.rss/.atom .jsonl) or feed URLs."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for articles that lack one."),
    db: Optional[Path] = DbOption,
) -> None:
    """Extract events from news articles and load articles and events (idempotent)."""
    from etl.article_pipeline import load_articles

    report = load_articles(paths, settings=_settings(db), published=_date_option(published))
    _print_reports([report])


def _date_option(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"--published {value!r} is not a date (YYYY-MM-DD)")


@etl_app.command("rebuild")
def rebuild_command(db: Optional[Path] = DbOption) -> None:
    """Build the store afresh from the bundled data (UCDP GED Syria + the example articles)."""
    from etl.rebuild import rebuild

    reports = rebuild(_settings(db), progress=_progress(True))
    _print_reports(reports)


@etl_app.command("status")
def status_command(db: Optional[Path] = DbOption) -> None:
    """Store size, events by origin, date range and the last runs."""
    from etl.store.snapshot import read_only, sql_text

    settings = _settings(db)
    con = read_only(settings.db)
    # never cut a path or a date with "…": wide when piped (rich assumes 80 columns), folded in a terminal
    wide = out if out.is_terminal else Console(highlight=False, width=max(out.width, 1000))
    try:
        size = Path(settings.db).stat().st_size
        wide.print(f"Store: {settings.db} ({size / 1e6:,.1f} MB)", markup=False)
        table = Table(title="Events by origin")
        for col in ("origin", "events", "first", "last", "fatalities"):
            table.add_column(col, overflow="fold")
        for row in con.execute(sql_text("status_by_origin")).fetchall():
            table.add_row(*(f"{v:,}" if isinstance(v, int) else str(v) for v in row))
        wide.print(table)
        runs = Table(title="Last runs")
        for col in ("run", "command", "input", "started", "status", "read", "ins", "upd", "same", "quar"):
            runs.add_column(col, overflow="fold")
        for row in con.execute(sql_text("status_last_runs"), [10]).fetchall():
            runs.add_row(*("" if v is None else str(v) for v in row))
        wide.print(runs)
    finally:
        con.close()


@etl_app.command("quarantine")
def quarantine_command(
    run: Optional[int] = typer.Option(None, "--run", help="Only this run (default: all)."),
    limit: int = typer.Option(50, help="Most rows to show."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
    db: Optional[Path] = DbOption,
) -> None:
    """Rows that could not be loaded, with the reason and the raw record."""
    from etl.store.snapshot import read_only, sql_text

    con = read_only(_settings(db).db)
    try:
        rows = con.execute(sql_text("quarantine_list"), [run, limit]).fetchall()
    finally:
        con.close()
    if as_json:
        for r in rows:
            out.print(json.dumps(dict(zip(("run", "input", "record", "reason", "raw"), r)), ensure_ascii=False),
                      markup=False, soft_wrap=True)
        return
    table = Table(title=f"Quarantine{f' (run {run})' if run else ''}: {len(rows)} row(s)")
    for col in ("run", "input", "record", "reason", "raw"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(str(r[0]), str(r[1]), str(r[2]), r[3], (r[4] or "")[:120])
    out.print(table)


@app.command("extract", cls=PlainUsage)
def extract_command(
    paths: list[str] = typer.Argument(..., metavar="PATH", help="Article files or folders, or feed URLs."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="jsonl (canonical fields) or table."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD (overrides the article's)."),
) -> None:
    """Print the events found in articles, without touching the store."""
    from etl.extract.batch import extract_from_paths

    articles, quarantined, events = extract_from_paths(paths, published=_date_option(published), across_articles=False)
    for src, q in quarantined:
        err.print(f"quarantined {src} #{q.record_no}: {q.reason}", markup=False, soft_wrap=True)
    if not articles:  # the rule of `marsad etl import`: exit 2 when nothing usable was read
        _fail(f"no readable article in {', '.join(map(str, paths))}"
              + (f" ({len(quarantined)} input(s) quarantined, reasons above)" if quarantined else ""))
    if fmt is OutputFormat.jsonl:
        from etl.schema import EVENT_COLUMNS

        for e in events:
            record = {k: e.get(k) for k in ("article_ref", *EVENT_COLUMNS)}  # the caller's id first
            print(json.dumps(record, ensure_ascii=False, default=str))
        return
    table = Table(title=f"{len(events)} event(s)", expand=False)
    for col in ("article", "date", "prec", "sub_event_type", "actor1", "actor2", "location", "fat", "arr", "conf"):
        table.add_column(col, overflow="fold")
    table.add_column("evidence", overflow="ellipsis", no_wrap=True, max_width=70)
    for e in events:
        estimated = " (estimated)" if e.get("date_estimated") else ""
        table.add_row(e.get("article_ref") or "", f"{e.get('event_date')}{estimated}", str(e.get("time_precision")), e.get("sub_event_type") or "",
                      e.get("actor1") or "", e.get("actor2") or "", e.get("location") or "",
                      _n(e.get("fatalities")), _n(e.get("arrests")), f"{e.get('confidence') or 0:.2f}",
                      (e.get("evidence") or "")[:160])
    Console(highlight=False, width=max(out.width, 200)).print(table)


def _n(value) -> str:
    return "" if value is None else str(value)


@app.command("config")
def config_command() -> None:
    """Every setting with its env var, current value and help."""
    settings = get_settings()
    table = Table(title="Settings")
    for col in ("env var", "value", "default", "help"):
        table.add_column(col, overflow="fold")
    for s in SETTINGS:
        table.add_row(s.env_var, str(getattr(settings, s.name)), str(s.default), s.help)
    out.print(table)


@app.command("dashboard")
def dashboard_command(port: int = typer.Option(8501, help="Port to serve on."),
                      address: str = typer.Option("127.0.0.1", help="Address to listen on. Beyond loopback "
                                                  "(e.g. 0.0.0.0) it needs sign-in: MARSAD_AUTH=accounts or oidc."),
                      db: Optional[Path] = DbOption) -> None:
    """Start the dashboard (Streamlit) on http://ADDRESS:PORT."""
    from etl.auth import public_bind_refusal

    refusal = public_bind_refusal(address, get_settings().auth)
    if refusal:
        _fail(refusal)
    env = dict(os.environ)
    if db:
        env["MARSAD_DB"] = str(db)
    app_path = Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py"
    raise typer.Exit(subprocess.call([sys.executable, "-m", "streamlit", "run", str(app_path),
                                      "--server.port", str(port), "--server.address", address], env=env))


etl_app.command("watch")(watch_command)


@app.command("version")
def version_command() -> None:
    """Print the Marsad version."""
    out.print(__version__)


app.command("alerts")(import_module("etl.alerts_cli").alerts_command)


if __name__ == "__main__":
    run()

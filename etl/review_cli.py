"""`marsad review ...`: the analysts' review from the command line (etl.review does the work).

Who acts: MARSAD_USER, else the OS user. Errors (bad value, unknown event, a concurrent change) are one
line and exit code 2, through etl.cli.run.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

review_app = typer.Typer(help="Review events: accept, edit, reject, merge, restore; the audit log; gold export.",
                         no_args_is_help=True)
out = Console(highlight=False)

DbOption = typer.Option(None, "--db", help="Event store path (default: MARSAD_DB or data/marsad.duckdb).")


class Status(str, Enum):
    pending = "pending"
    accepted = "accepted"
    rejected = "rejected"
    merged = "merged"


class Format(str, Enum):
    jsonl = "jsonl"
    table = "table"


def _reviewer(db: Optional[Path]):
    from etl.config import get_settings
    from etl.review import Reviewer

    return Reviewer(get_settings(db=str(db) if db else None))


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=_plain)


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


LIST_FIELDS = ("event_id", "status", "source_changed", "grade", "n_sources", "event_date", "time_precision",
               "event_type", "sub_event_type", "actor1", "actor2", "location", "latitude", "longitude", "fatalities",
               "injuries", "arrests", "confidence", "origin", "article_id", "evidence", "version", "reason",
               "merged_into", "reviewed_by")


@review_app.command("list")
def list_command(
    status: Optional[Status] = typer.Option(None, "--status", help="Only events with this status (pending also "
                                            "lists reviewed events whose source changed since)."),
    fmt: Format = typer.Option(Format.table, "--format", help="table or jsonl (one event per line)."),
    limit: int = typer.Option(50, help="Most rows in the table (jsonl prints all)."),
    db: Optional[Path] = DbOption,
) -> None:
    """Events and their review state, worst first (source changed, estimated dates, low confidence, newest)."""
    reviewer = _reviewer(db)
    try:
        rows = reviewer.queue(status.value if status else None)
    finally:
        reviewer.close()
    if fmt is Format.jsonl:
        for row in rows:
            print(_json({k: row.get(k) for k in LIST_FIELDS}))
        return
    table = Table(title=f"{len(rows):,} event(s)" + (f", first {limit}" if len(rows) > limit else ""))
    for col in ("event_id", "status", "grade", "date", "prec", "sub_event_type", "actor1", "location", "conf"):
        table.add_column(col, overflow="fold", no_wrap=col in ("event_id", "status", "date"))
    table.add_column("evidence", overflow="ellipsis", no_wrap=True, max_width=60)
    for row in rows[:limit]:
        flag = " (source changed)" if row["source_changed"] else ""
        table.add_row(*(escape(str(v)) for v in (
            row["event_id"], row["status"] + flag, row["grade"] or "", row["event_date"], row["time_precision"],
            row["sub_event_type"], row["actor1"] or "", row["location"] or "",
            "" if row["confidence"] is None else f"{row['confidence']:.2f}", (row["evidence"] or "")[:120])))
    Console(highlight=False, width=max(out.width, 200)).print(table)


def _done(decisions, verb: str) -> None:
    for d in decisions:
        out.print(escape(f"{d.event_id}: {verb} (version {d.version}, by {d.updated_by})"))


@review_app.command("accept")
def accept_command(event_ids: list[str] = typer.Argument(..., help="Event ids."),
                   reason: Optional[str] = typer.Option(None, help="Why (optional)."),
                   db: Optional[Path] = DbOption) -> None:
    """Accept events as extracted or imported."""
    reviewer = _reviewer(db)
    try:
        _done(reviewer.accept(event_ids, reason), "accepted")
    finally:
        reviewer.close()


@review_app.command("edit")
def edit_command(event_id: str = typer.Argument(..., help="Event id."),
                 assignments: list[str] = typer.Option(..., "--set", help="FIELD=VALUE (repeatable); grade=... too."),
                 reason: str = typer.Option(..., help="Why the change (kept in the audit log)."),
                 version: Optional[int] = typer.Option(None, help="Refuse if the event's decision is no longer at "
                                                       "this version (what you last saw)."),
                 db: Optional[Path] = DbOption) -> None:
    """Correct fields of an event (validated: taxonomy, dates, region, counts, actor dictionary)."""
    from etl.review import parse_assignments

    reviewer = _reviewer(db)
    try:
        _done([reviewer.edit(event_id, parse_assignments(assignments), reason, version)], "edited")
    finally:
        reviewer.close()


@review_app.command("reject")
def reject_command(event_id: str = typer.Argument(..., help="Event id."),
                   reason: str = typer.Option(..., help="Not an event / duplicate of X / out of scope..."),
                   db: Optional[Path] = DbOption) -> None:
    """Reject an event: hidden from the dashboard and exports, never deleted."""
    reviewer = _reviewer(db)
    try:
        _done([reviewer.reject(event_id, reason)], "rejected")
    finally:
        reviewer.close()


@review_app.command("merge")
def merge_command(event_ids: list[str] = typer.Argument(..., help="Two or more event ids; the first is kept."),
                  reason: Optional[str] = typer.Option(None, help="Why (optional)."),
                  db: Optional[Path] = DbOption) -> None:
    """Merge reports of one incident: the first event keeps its id and gains the others' sources."""
    reviewer = _reviewer(db)
    try:
        decisions = reviewer.merge(event_ids, reason)
    finally:
        reviewer.close()
    _done(decisions[:1], f"kept, {len(decisions) - 1} event(s) merged into it")
    _done(decisions[1:], f"merged into {decisions[0].event_id}")


@review_app.command("split")
def split_command(event_id: str = typer.Argument(..., help="Event id."),
                  parts: list[str] = typer.Option(..., "--part", help="A new event: FIELD=VALUE;FIELD=VALUE... "
                                                  "(repeatable; the other fields are copied from EVENT_ID)."),
                  reason: str = typer.Option(..., help="Why (kept in the audit log)."),
                  db: Optional[Path] = DbOption) -> None:
    """Split an event that reports several incidents: one new event per --part (this one stays for the first)."""
    from etl.review import parse_assignments

    reviewer = _reviewer(db)
    try:
        decisions = reviewer.split(event_id, [parse_assignments([x for x in part.split(";") if x.strip()])
                                              for part in parts], reason)
    finally:
        reviewer.close()
    _done(decisions, f"split from {event_id}; in the store after `marsad review apply` or the next load")


@review_app.command("restore")
def restore_command(event_id: str = typer.Argument(..., help="Event id."),
                    reason: Optional[str] = typer.Option(None, help="Why (optional)."),
                    db: Optional[Path] = DbOption) -> None:
    """Bring back a rejected or merged event (it returns to the queue)."""
    reviewer = _reviewer(db)
    try:
        _done([reviewer.restore(event_id, reason)], "restored")
    finally:
        reviewer.close()


@review_app.command("log")
def log_command(event_id: Optional[str] = typer.Argument(None, help="Only this event (default: all)."),
                fmt: Format = typer.Option(Format.table, "--format", help="table or jsonl."),
                db: Optional[Path] = DbOption) -> None:
    """The audit trail: who changed what, when, from what to what, and why (oldest first)."""
    from etl.store.review import decode

    reviewer = _reviewer(db)
    try:
        records = reviewer.log(event_id)
    finally:
        reviewer.close()
    if fmt is Format.jsonl:
        for r in records:
            print(_json({**r, "before": decode(r["before"]), "after": decode(r["after"])}))
        return
    table = Table(title=f"{len(records):,} change(s)")
    for col in ("when (UTC)", "user", "event", "action", "field", "before", "after", "reason"):
        table.add_column(col, overflow="fold")
    for r in records:
        table.add_row(*(escape("" if v is None else str(v)) for v in (
            r["at"].strftime("%Y-%m-%d %H:%M:%S"), r["user_name"], r["event_id"], r["action"], r["field"],
            decode(r["before"]), decode(r["after"]), r["reason"])))
    Console(highlight=False, width=max(out.width, 160)).print(table)


@review_app.command("apply")
def apply_command(db: Optional[Path] = DbOption) -> None:
    """Apply the decisions made since the last load to the event store now (loads always apply them)."""
    from etl.review import apply_decisions_now
    from etl.config import get_settings

    counts = apply_decisions_now(get_settings(db=str(db) if db else None))
    out.print(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in counts.items()))


@review_app.command("export-gold")
def export_gold_command(folder: Path = typer.Argument(..., help="Folder for one gold JSON per article."),
                        db: Optional[Path] = DbOption) -> None:
    """Write the accepted article events in the gold format of ../shared/dev (one JSON file per article)."""
    from etl.review_gold import export_gold

    reviewer = _reviewer(db)
    try:
        written = export_gold(reviewer, folder)
    finally:
        reviewer.close()
    out.print(escape(f"{len(written)} article file(s) written to {folder}"))

"""`marsad alerts`: the stored alerts, newest data day first, as text lines or JSON Lines."""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from etl.config import get_settings
from etl.errors import InputError

out = Console(highlight=False, soft_wrap=True)


class AlertFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"


def alerts_command(
    since: Optional[str] = typer.Option(None, "--since", help="Only alerts raised on this data day or later (YYYY-MM-DD)."),
    format: AlertFormat = typer.Option(AlertFormat.text, "--format", help="text: one sentence a line; jsonl: one JSON object a line with every figure."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Most alerts to list (default: all)."),
    db: Optional[Path] = typer.Option(None, "--db", help="Store path (default: MARSAD_DB or data/marsad.duckdb)."),
) -> None:
    """Surge alerts (computed at every load): areas and actors whose events or fatalities rose unusually,
    actors first seen in an area, new event types in an area, quiet areas active again."""
    from etl.alerts.deliver import alert_record, alert_sentence
    from etl.store.alerts import list_alerts
    from etl.store.snapshot import read_only

    day = None
    if since is not None:
        try:
            day = dt.date.fromisoformat(since.strip())
        except ValueError:
            raise InputError(f"--since {since!r} is not a date (YYYY-MM-DD)") from None
    settings = get_settings(db=str(db) if db else None)
    con = read_only(settings.db)
    try:
        rows = list_alerts(con, since=day, limit=limit).to_dict("records")
    finally:
        con.close()
    for row in rows:
        if format is AlertFormat.jsonl:
            out.print(json.dumps(alert_record(row), ensure_ascii=False), markup=False)
        else:
            out.print(f"{str(row['day'])[:10]}  {row['kind']:<11}  {alert_sentence(row)}", markup=False)
    if format is AlertFormat.text and not rows:
        out.print("no alerts" + (f" since {day}" if day else ""), markup=False)

"""Alerts in the event snapshot (etl/store/sql/006_alerts.sql): the events they are computed from, the data
days already evaluated, the alerts with their figures, and each delivery (Atom file, webhook) with its outcome.

Values are always bound parameters; column names come from this module only.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pyarrow as pa

from etl.store.snapshot import sql_text

ALERT_COLUMNS = ("alert_id", "day", "kind", "scope", "area_pcode", "area", "admin1_pcode", "admin1", "actor",
                 "event_type", "measure", "window_days", "observed", "expected", "baseline", "baseline_days",
                 "ratio", "p_value", "last_seen", "period_start", "period_end", "series")
_TYPES = {"day": pa.date32(), "last_seen": pa.date32(), "period_start": pa.date32(), "period_end": pa.date32(),
          "window_days": pa.int32(), "observed": pa.int32(), "baseline": pa.int32(), "baseline_days": pa.int32(),
          "expected": pa.float64(), "ratio": pa.float64(), "p_value": pa.float64(), "series": pa.list_(pa.int32())}


def events_frame(con: duckdb.DuckDBPyConnection, columns: tuple[str, ...]) -> pd.DataFrame:
    """The given columns of every event (names from etl.alerts.evaluate.EVENT_COLUMNS)."""
    return con.sql("SELECT " + ", ".join(f'"{c}"' for c in columns) + " FROM events").df()


def alert_inputs(con: duckdb.DuckDBPyConnection, days: list[dt.date], lo: dt.date, hi: dt.date,
                 quiet_days: int) -> dict:
    """What etl.alerts.evaluate needs, aggregated in DuckDB from the `events` table of `con` (the store's, or
    an events table registered under that name): the first day of the counted events (data_start), the
    daily counts of every area and actor from `lo` to `hi` (daily), the first sightings of an actor or event
    type in an area on one of `days` (firsts), each area's events on `days` when its previous day with events
    is more than `quiet_days` earlier or none (area_days), and the areas' names (names)."""
    con.execute(sql_text("alert_inputs"))
    params = {"days": list(days), "lo": lo, "hi": hi, "quiet_days": quiet_days}

    def frame(name: str) -> pd.DataFrame:
        sql = sql_text(name)
        return con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql}).df()

    return {"data_start": con.execute("SELECT min(day) FROM _alert_events").fetchone()[0],
            "daily": frame("alert_unit_daily"), "firsts": frame("alert_firsts"),
            "area_days": frame("alert_area_days"), "names": frame("alert_area_names")}


def frame_alert_inputs(events: pd.DataFrame, days: list[dt.date], lo: dt.date, hi: dt.date,
                       quiet_days: int) -> dict:
    """alert_inputs of an events table held in memory (the same SQL, in an in-memory DuckDB)."""
    con = duckdb.connect(":memory:")
    try:
        con.register("events", events)
        return alert_inputs(con, days, lo, hi, quiet_days)
    finally:
        con.close()


def days_to_evaluate(con: duckdb.DuckDBPyConnection, run_id: int | None) -> list[dt.date]:
    """The data days (dates with events) not evaluated yet, the days of the events this run inserted or changed
    (a late report of an old day), and the last day evaluated (its data may have grown)."""
    rows = con.execute("SELECT DISTINCT event_date FROM events WHERE event_date NOT IN (SELECT day FROM alert_days) "
                       "OR event_date = (SELECT max(day) FROM alert_days) OR run_id = $run_id ORDER BY 1",
                       {"run_id": run_id}).fetchall()
    return [r[0] for r in rows]


def last_surges(con: duckdb.DuckDBPyConnection, before: dt.date) -> dict[tuple, dt.date]:
    """(scope, key, measure, window) -> the last day a surge alert was raised before `before` (the cool-down)."""
    rows = con.execute("SELECT scope, CASE WHEN scope = 'area' THEN area_pcode ELSE actor END, measure, window_days, "
                       "max(day) FROM alerts WHERE kind = 'surge' AND day < $before GROUP BY ALL",
                       {"before": before}).fetchall()
    return {(s, k, m, w): d for s, k, m, w, d in rows}


def insert_alerts(con: duckdb.DuckDBPyConnection, alerts: list[dict], run_id: int | None) -> list[str]:
    """Insert the alerts not stored yet (by alert_id); return the ids inserted."""
    if not alerts:
        return []
    table = pa.table({c: pa.array([a.get(c) for a in alerts], _TYPES.get(c, pa.string())) for c in ALERT_COLUMNS})
    con.register("_new_alerts", table)
    try:
        cols = ", ".join(ALERT_COLUMNS)
        new = [r[0] for r in con.execute(
            "SELECT DISTINCT alert_id FROM _new_alerts WHERE alert_id NOT IN (SELECT alert_id FROM alerts)").fetchall()]
        con.execute(f"INSERT INTO alerts ({cols}, run_id) SELECT {cols}, $run_id FROM (SELECT *, row_number() OVER "
                    "(PARTITION BY alert_id) AS _n FROM _new_alerts) WHERE _n = 1 AND list_contains($new, alert_id)",
                    {"run_id": run_id, "new": new})
    finally:
        con.unregister("_new_alerts")
    return new


def mark_evaluated(con: duckdb.DuckDBPyConnection, days: list[dt.date], run_id: int | None) -> None:
    if days:
        con.execute("INSERT OR REPLACE INTO alert_days (day, run_id) SELECT unnest($days), $run_id",
                    {"days": list(days), "run_id": run_id})


def list_alerts(con: duckdb.DuckDBPyConnection, since: dt.date | None = None, limit: int | None = None,
                alert_ids: list[str] | None = None) -> pd.DataFrame:
    """Alerts, newest data day first (surges before novelties, smallest p first), from `since` on."""
    if not _has_alerts_table(con):
        return pd.DataFrame(columns=[*ALERT_COLUMNS, "run_id", "created_at"])
    return con.execute(
        "SELECT * FROM alerts WHERE ($since IS NULL OR day >= $since) "
        "AND ($ids IS NULL OR list_contains($ids, alert_id)) "
        "ORDER BY day DESC, kind = 'surge' DESC, p_value NULLS LAST, alert_id LIMIT $limit",
        {"since": since, "ids": alert_ids, "limit": limit}).df()


def record_delivery(con: duckdb.DuckDBPyConnection, run_id: int | None, target: str, n_alerts: int, status: str,
                    message: str | None) -> None:
    con.execute("INSERT INTO alert_deliveries (run_id, target, alerts, status, message) VALUES (?, ?, ?, ?, ?)",
                [run_id, target, n_alerts, status, message])


def deliveries(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("SELECT run_id, target, alerts, status, message FROM alert_deliveries ORDER BY delivered_at").fetchall()


def _has_alerts_table(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'alerts'").fetchone()[0])

"""Runs and quarantine in the event snapshot: each load's accounting and the rows it could not load.

All SQL is in etl/store/sql/*.sql, run with bound parameters.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from etl.store.snapshot import sql_text



def start_run(con: duckdb.DuckDBPyConnection, command: str, input_path: str | None,
              input_sha256: str | None, version: str) -> int:
    row = con.execute(sql_text("run_start"), [command, input_path, input_sha256, version]).fetchall()[0]
    return int(row[0])


def finish_run(con: duckdb.DuckDBPyConnection, run_id: int, counts: dict, status: str = "ok",
               message: str | None = None) -> None:
    con.execute(
        sql_text("run_finish"),
        [status, counts.get("read", 0), counts.get("inserted", 0), counts.get("updated", 0),
         counts.get("unchanged", 0), counts.get("quarantined", 0), message, run_id],
    )


def add_quarantine(con: duckdb.DuckDBPyConnection, run_id: int, input_path: str | None,
                   rows: list[tuple[int | None, str | None, str]]) -> None:
    """rows: (record_no, raw_record, reason)."""
    if not rows:
        return
    table = pa.table({
        "run_id": pa.array([run_id] * len(rows), pa.int32()),
        "input_path": pa.array([input_path] * len(rows), pa.string()),
        "record_no": pa.array([r[0] for r in rows], pa.int32()),
        "raw_record": pa.array([None if r[1] is None else str(r[1])[:20000] for r in rows], pa.string()),
        "reason": pa.array([r[2] for r in rows], pa.string()),
    })
    con.register("_quarantine_rows", table)
    try:
        con.execute("INSERT INTO quarantine SELECT run_id, input_path, record_no, raw_record, reason FROM _quarantine_rows")
    finally:
        con.unregister("_quarantine_rows")

"""Events in the event snapshot: insert new, update changed, leave identical ones (with the counts).

The statements assembled here only splice column *names* from etl.schema, never values (values are
always bound parameters).
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from etl.schema import EVENT_COLUMNS, VOLATILE_COLUMNS
from etl.store.snapshot import bound_params



def _event_insert(select_from: str) -> str:
    """INSERT INTO events of every canonical column (a missing timestamp = now) + run_id ($run_id)."""
    cols = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
    select_cols = ", ".join(
        "coalesce(i.timestamp, current_timestamp::TIMESTAMP)" if c == "timestamp" else f'i."{c}"'
        for c in EVENT_COLUMNS
    )
    return f"INSERT INTO events ({cols}, run_id) SELECT {select_cols}, $run_id FROM {select_from}"


def _upsert_relation(con: duckdb.DuckDBPyConnection, relation: str, run_id: int) -> dict[str, int]:
    """upsert_events for the events in `relation` (a table or view name of this module, not user input)."""
    compared = [c for c in EVENT_COLUMNS if c not in VOLATILE_COLUMNS and c != "event_id"]
    differs = " OR ".join(f'i."{c}" IS DISTINCT FROM e."{c}"' for c in compared)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _classified AS SELECT i.event_id, CASE "
        "WHEN e.event_id IS NULL THEN 'insert' "
        "WHEN i.origin = 'acled' AND i.timestamp IS NOT NULL AND e.timestamp IS NOT NULL "
        "AND i.timestamp < e.timestamp THEN 'stale' "
        f"WHEN {differs} THEN 'update' ELSE 'same' END AS action "
        f"FROM {relation} i LEFT JOIN events e USING (event_id)"
    )
    counts = dict(con.execute("SELECT action, count(*) FROM _classified GROUP BY action").fetchall())
    con.execute(
        "DELETE FROM events WHERE event_id IN (SELECT event_id FROM _classified WHERE action = 'update')"
    )
    con.execute(_event_insert(f"{relation} i JOIN _classified c USING (event_id) "
                              "WHERE c.action IN ('insert', 'update')"), {"run_id": run_id})
    con.execute("DROP TABLE _classified")
    return {
        "inserted": counts.get("insert", 0),
        "updated": counts.get("update", 0),
        "unchanged": counts.get("same", 0) + counts.get("stale", 0),
    }


def upsert_events(con: duckdb.DuckDBPyConnection, events: pa.Table, run_id: int) -> dict[str, int]:
    """Insert new events, update changed ones, leave identical ones; return the counts.

    `events` has the canonical columns (typed as in etl/store/sql/001_init.sql) and unique event_ids.
    An event whose dataset timestamp is older than the stored one (a stale ACLED row) is unchanged.
    """
    con.register("_incoming", events)
    try:
        return _upsert_relation(con, "_incoming", run_id)
    finally:
        con.unregister("_incoming")


def load_events(con: duckdb.DuckDBPyConnection, query: str, params: dict, run_id: int) -> dict[str, int]:
    """upsert_events for the rows of `query` (SQL from etl/store/sql files, canonical columns, unique event_ids,
    values bound from `params`), computed inside the store: straight into an empty store, else through
    a temporary table."""
    params = bound_params(query, params)
    if con.execute("SELECT count(*) FROM events").fetchall()[0][0] == 0:
        con.execute("SET preserve_insertion_order = false")  # the store has no row order; faster insert
        try:
            inserted = con.execute(_event_insert(f"({query}) i"), {**params, "run_id": run_id}).fetchall()[0][0]
        finally:
            con.execute("RESET preserve_insertion_order")
        return {"inserted": int(inserted), "updated": 0, "unchanged": 0}
    con.execute(f"CREATE OR REPLACE TEMP TABLE _incoming_rows AS {query}", params)
    try:
        return _upsert_relation(con, "_incoming_rows", run_id)
    finally:
        con.execute("DROP TABLE IF EXISTS _incoming_rows")

"""The polling record of news sources in the event snapshot (etl.feeds): items read, source state, polls.

All SQL is in etl/store/sql/*.sql (005_feeds.sql makes the tables), run with bound parameters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from etl.store.snapshot import read_only, sql_text


@dataclass(frozen=True)
class SourceState:
    source: str
    etag: str | None = None
    last_modified: str | None = None
    last_polled_at: dt.datetime | None = None
    last_status: str | None = None
    last_error: str | None = None
    failures: int = 0
    next_poll_at: dt.datetime | None = None
    items_read: int = 0


@dataclass(frozen=True)
class SeenItem:
    item_key: str
    article_id: str | None
    outcome: str  # loaded | quarantined


def _missing_tables(exc: duckdb.Error) -> bool:
    return isinstance(exc, duckdb.CatalogException)


def states(db: Path) -> dict[str, SourceState]:
    """Every source's polling state in the live store ({} when there is no store or no poll yet)."""
    if not Path(db).exists():
        return {}
    con = read_only(db)
    try:
        rows = con.execute(sql_text("feed_state_all")).fetchall()
    except duckdb.Error as exc:
        if _missing_tables(exc):  # a store written before migration 005 and not since
            return {}
        raise
    finally:
        con.close()
    return {row[0]: SourceState(*row) for row in rows}


def seen_keys(db: Path, source: str) -> set[str]:
    """The keys of the items of `source` already read, in the live store."""
    if not Path(db).exists():
        return set()
    con = read_only(db)
    try:
        return {row[0] for row in con.execute(sql_text("feed_seen_keys"), [source]).fetchall()}
    except duckdb.Error as exc:
        if _missing_tables(exc):
            return set()
        raise
    finally:
        con.close()


def mark_seen(con: duckdb.DuckDBPyConnection, source: str, items: list[SeenItem], run_id: int,
              when: dt.datetime) -> None:
    """Record items as read, inside the writer's snapshot (with the articles they loaded)."""
    if not items:
        return
    table = pa.table({
        "source": pa.array([source] * len(items), pa.string()),
        "item_key": pa.array([i.item_key for i in items], pa.string()),
        "article_id": pa.array([i.article_id for i in items], pa.string()),
        "outcome": pa.array([i.outcome for i in items], pa.string()),
        "run_id": pa.array([run_id] * len(items), pa.int32()),
        "seen_at": pa.array([when] * len(items), pa.timestamp("us")),
    })
    con.register("_feed_seen_rows", table)
    try:
        con.execute(sql_text("feed_seen_add"))
    finally:
        con.unregister("_feed_seen_rows")


def save_state(con: duckdb.DuckDBPyConnection, state: SourceState) -> None:
    con.execute(sql_text("feed_state_save"), [state.source, state.etag, state.last_modified, state.last_polled_at,
                                              state.last_status, state.last_error, state.failures,
                                              state.next_poll_at])


def add_poll(con: duckdb.DuckDBPyConnection, run_id: int, source: str, status: str, counts: dict[str, int],
             error: str | None) -> None:
    con.execute(sql_text("feed_poll_add"), [run_id, source, status, counts.get("seen", 0), counts.get("new", 0),
                                            counts.get("loaded", 0), counts.get("quarantined", 0),
                                            counts.get("deferred", 0), error])

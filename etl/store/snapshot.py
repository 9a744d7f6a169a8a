"""The DuckDB event snapshot: migrations, snapshot-swap writes, read-only reads, SQL files.

Its table families have their own modules: events.py (events), runs.py (runs and quarantine),
articles.py (articles and event sources).

Writers never touch the live file: `writing(db)` copies it to `<db>.tmp-<pid>`, yields a read-write
connection to the copy, and on success checkpoints, closes and atomically `os.replace`s it over the
live file. Any failure (exception, Ctrl-C, SIGTERM turned into SystemExit by the CLI) deletes the
copy, so the live store is exactly as before. Writers serialise on `<db>.lock`; readers open the
live file read-only and never see a half-written store.

All SQL lives in etl/store/sql/*.sql (values are always bound parameters).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import time
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterator

import duckdb
import pyarrow as pa

from etl.errors import StoreError

_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")
LOCK_TIMEOUT_S = 120.0


@lru_cache(maxsize=None)
def sql_text(name: str) -> str:
    """The text of etl/store/sql/<name>.sql."""
    return resources.files("etl.store").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")


def _quiet(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """No DuckDB progress bar on the user's terminal during ETL work; the macros of text_macros.sql."""
    con.execute("SET enable_progress_bar = false")
    con.execute(sql_text("text_macros"))
    return con


def transform(sql_name: str, params: list | dict | None = None, **tables: pa.Table) -> pa.Table:
    """Run etl/store/sql/<sql_name>.sql over Arrow tables (registered under their keyword names) in an
    in-memory DuckDB and return the result as an Arrow table."""
    con = _quiet(duckdb.connect(":memory:"))
    try:
        for name, table in tables.items():
            con.register(name, table)
        return con.sql(sql_text(sql_name), params=params or None).to_arrow_table()
    finally:
        con.close()


def transform_split(sql_name: str, params: dict | None = None, prepare: tuple[tuple[str, str], ...] = (),
                    **tables: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Run etl/store/sql/<sql_name>.sql (a query with a `reason` column) over Arrow tables and return
    (the rows without a reason, minus that column and raw_record; record_no, raw_record, reason of the rest).
    `prepare`: (table name, sql name) pairs run first, in order, each into a temporary table."""
    con = _quiet(duckdb.connect(":memory:"))
    try:
        for name, table in tables.items():
            con.register(name, table)
        for name, step in prepare:
            step_sql = sql_text(step).strip().rstrip(";")
            con.execute(f'CREATE TEMP TABLE "{name}" AS {step_sql}', bound_params(step_sql, params or {}))
        query = sql_text(sql_name).strip().rstrip(";")
        con.execute(f"CREATE TEMP TABLE _checked AS {query}", bound_params(query, params or {}))
        good = con.sql("SELECT * EXCLUDE (reason, raw_record) FROM _checked WHERE reason IS NULL").to_arrow_table()
        bad = con.sql("SELECT record_no, raw_record, reason FROM _checked WHERE reason IS NOT NULL "
                      "ORDER BY record_no").to_arrow_table()
        return good, bad
    finally:
        con.close()


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every numbered migration in etl/store/sql, in order."""
    found = []
    for entry in resources.files("etl.store").joinpath("sql").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the migrations the store has not seen; return the versions applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    known = migrations()
    newest = max((v for v, _, _ in known), default=0)
    if done and max(done) > newest:
        raise StoreError(
            f"the store has schema version {max(done)}, newer than this Marsad knows ({newest}); "
            "upgrade Marsad or rebuild the store"
        )
    applied = []
    for version, name, sql in known:
        if version in done:
            continue
        con.execute("BEGIN")
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
        con.execute("COMMIT")
        applied.append(version)
    return applied


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_snapshots(db: Path) -> None:
    """Delete temp copies left by writers that were killed (kill -9 cannot run cleanup)."""
    for tmp in db.parent.glob(f"{db.name}.tmp-*"):
        pid_text = tmp.name.rsplit("-", 1)[-1].split(".")[0]
        if pid_text.isdigit() and not _pid_alive(int(pid_text)):
            tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def _writer_lock(db: Path, timeout_s: float) -> Iterator[None]:
    lock_path = db.with_name(db.name + ".lock")
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"another Marsad run is writing to {db} (waited {timeout_s:.0f} s); try again later"
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def writing(db: Path, *, fresh: bool = False, lock_timeout_s: float = LOCK_TIMEOUT_S,
            growth: int = 0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a private copy of the store, swapped in atomically on success.

    fresh=True starts from an empty store instead of a copy (used by `marsad etl rebuild`).
    growth: the bytes the run is expected to add; the copy is not started unless the disk has room for
    the store and that growth ("disk full" otherwise). Every failure deletes the copy.
    """
    db = Path(db)
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the store folder {db.parent}: {exc.strerror}") from None
    with _writer_lock(db, lock_timeout_s):
        _remove_stale_snapshots(db)
        tmp = db.with_name(f"{db.name}.tmp-{os.getpid()}")
        tmp.unlink(missing_ok=True)
        con = None
        try:
            copy = db.exists() and not fresh
            _check_free_space(db, (db.stat().st_size if copy else 0) + growth)
            if copy:
                shutil.copyfile(db, tmp)
            try:
                con = _quiet(duckdb.connect(str(tmp)))
            except duckdb.Error as exc:
                raise StoreError(f"cannot open the store {db}: {exc}") from None
            migrate(con)
            yield con
            con.execute("CHECKPOINT")
            con.close()
            con = None
            os.replace(tmp, db)
            SWAPPED.append(db)
            _fsync_dir(db.parent)
        except (OSError, duckdb.Error) as exc:
            if _is_disk_full(exc):
                raise StoreError(f"disk full: no space left on the disk of {db.parent} while writing the store; "
                                 "the store is unchanged (free some space and run again)") from None
            raise
        finally:
            if con is not None:
                with contextlib.suppress(Exception):
                    con.close()
            tmp.unlink(missing_ok=True)
            tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
            shutil.rmtree(tmp.with_name(tmp.name + ".tmp"), ignore_errors=True)  # DuckDB's spill folder


SWAPPED: list[Path] = []  # stores this process replaced (for the CLI's message on an interruption)


def _check_free_space(db: Path, needed: int) -> None:
    """StoreError "disk full" when the store's disk has less than `needed` bytes free."""
    try:
        free = shutil.disk_usage(db.parent).free
    except OSError:
        return
    if free < needed:
        raise StoreError(f"disk full: {db.parent} has {free / 1e6:,.1f} MB free, this run needs about "
                         f"{needed / 1e6:,.1f} MB (a copy of the store and the new data); the store is unchanged")


def _is_disk_full(exc: BaseException) -> bool:
    """An OSError ENOSPC/EDQUOT, or a DuckDB error hiding one (e.g. inside a transaction error)."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return "no space left on device" in str(exc).lower() or "disk quota exceeded" in str(exc).lower()


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read_only(db: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the live store (many may be open while a writer works)."""
    db = Path(db)
    if not db.exists():
        raise StoreError(f"no store at {db}; build it with `marsad etl rebuild`")
    try:
        return duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        raise StoreError(f"cannot open the store {db} read-only: {exc}") from None


def create_store(db: Path) -> None:
    """Create an empty store with the current schema (no-op for an existing, current store)."""
    with writing(db):
        pass


def bound_params(sql: str, params: dict) -> dict:
    """The entries of `params` that `sql` uses as $name (DuckDB refuses unused named parameters)."""
    used = set(re.findall(r"\$([A-Za-z_]\w*)", sql))
    return {k: v for k, v in params.items() if k in used}


def file_version(db: Path) -> tuple[int, int] | None:
    """(inode, mtime_ns) of the live store: changes whenever a writer swaps in a new snapshot."""
    try:
        stat = Path(db).stat()
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns)

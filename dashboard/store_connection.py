"""The read-only DuckDB connection a dashboard process keeps per store file, reopened when the ETL swaps a new
snapshot in. Opens the store; queries it nowhere (the queries are dashboard.data's)."""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb


class StoreUnavailable(Exception):
    """The store file is missing or cannot be opened read-only."""


def store_version(path: str | Path) -> tuple[int, int] | None:
    """(inode, mtime_ns) of the store file, or None when it does not exist."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


class _Reader:
    """One read-only connection per store file, reopened when the file is swapped.

    DuckDB hands back the already-open database for a path while any connection to it lives, so
    the old connection is closed (once no query is using it) before the new file is opened."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.cond = threading.Condition()
        self.con: duckdb.DuckDBPyConnection | None = None
        self.version: tuple[int, int] | None = None
        self.users = 0

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.cond:
            current = store_version(self.path)
            if current is None:
                raise StoreUnavailable(f"no store file at {self.path}")
            if current != self.version or self.con is None:
                while self.users:
                    self.cond.wait(timeout=10)
                if self.con is not None:
                    self.con.close()
                    self.con = None
                try:
                    self.con = duckdb.connect(self.path, read_only=True)
                except duckdb.Error as exc:
                    raise StoreUnavailable(str(exc)) from exc
                self.version = current
            self.users += 1
            cur = self.con.cursor()
        try:
            yield cur
        finally:
            cur.close()
            with self.cond:
                self.users -= 1
                self.cond.notify_all()


_READERS: dict[str, _Reader] = {}
_READERS_LOCK = threading.Lock()


def reader(path: str | Path):
    """Context manager giving a read-only cursor on the live store file."""
    key = str(Path(path).resolve())
    with _READERS_LOCK:
        if key not in _READERS:
            _READERS[key] = _Reader(key)
        return _READERS[key].cursor()

"""A throwaway PostgreSQL server from Debian's `postgresql` package, for the review tests and the review
benchmark: `initdb` + `pg_ctl` in a temporary folder, on a free port of 127.0.0.1, as the `postgres` user when
run as root (PostgreSQL refuses to run as root), stopped and deleted afterwards."""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator


class PostgresUnavailable(RuntimeError):
    pass


def postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if not found:
        raise PostgresUnavailable("PostgreSQL is not installed: `make test` installs Debian's postgresql package")
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def throwaway_server() -> Iterator[tuple[str, int, str]]:
    """(host, port, user) of a running server; stopped and deleted on exit."""
    bindir = postgres_bin()
    as_root = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="marsad-pg-"))
    if as_root:
        shutil.chown(folder, "postgres", "postgres")
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    data, port = folder / "data", _free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise PostgresUnavailable(f"{Path(args[0]).name} failed: {done.stderr or done.stdout}")

    try:
        run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale")
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w", "-t", "60", "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start")
        yield ("127.0.0.1", port, "postgres")
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                       capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


_DB_NUMBERS = itertools.count(1)


def fresh_database(server: tuple[str, int, str]) -> str:
    """The SQLAlchemy URL of a new, empty database on the server."""
    import psycopg

    host, port, user = server
    name = f"marsad_review_{os.getpid()}_{next(_DB_NUMBERS)}"
    with psycopg.connect(host=host, port=port, user=user, dbname="postgres", autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://{user}@{host}:{port}/{name}"

"""Review-store fixtures: every review test runs against SQLite AND a real PostgreSQL server.

The server is Debian's `postgresql` (installed by `make test`): `initdb` + `pg_ctl` in a temporary folder, on a
free port of 127.0.0.1, as the `postgres` user when the tests run as root (PostgreSQL refuses to run as root),
started once per session and stopped after. Each test gets a fresh database on it."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_ARTICLE = ROOT / "data" / "samples" / "articles" / "raqqa-coalition-2023-02-18.ar.txt"
EXAMPLE_URL = "https://example.org/raqqa-coalition-2023-02-18"


def _postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if not found:
        pytest.fail("PostgreSQL is not installed: `make test` installs Debian's postgresql package")
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server():
    """(host, port, user) of a throwaway PostgreSQL server."""
    bindir = _postgres_bin()
    as_root = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="marsad-pg-"))
    if as_root:
        shutil.chown(folder, "postgres", "postgres")
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    data, port = folder / "data", _free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            pytest.fail(f"{args[0]} failed: {done.stderr or done.stdout}")

    run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale")
    run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w", "-t", "60", "-o",
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
    try:
        yield ("127.0.0.1", port, "postgres")
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                       capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


_DB_NUMBERS = itertools.count(1)


def fresh_postgres_url(server) -> str:
    import psycopg

    host, port, user = server
    name = f"marsad_review_{os.getpid()}_{next(_DB_NUMBERS)}"
    with psycopg.connect(host=host, port=port, user=user, dbname="postgres", autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://{user}@{host}:{port}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def review_db(request, tmp_path) -> str:
    """A review store URL: an empty SQLite file in a temp folder, or a fresh database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'reviews.sqlite'}"
    return fresh_postgres_url(request.getfixturevalue("postgres_server"))


@pytest.fixture(scope="session")
def article_store_template(tmp_path_factory) -> Path:
    """An event store holding the example article (loaded as `marsad etl articles` loads it), built once."""
    from etl.article_pipeline import load_articles
    from etl.config import get_settings

    folder = tmp_path_factory.mktemp("article-store")
    db = folder / "marsad.duckdb"
    load_articles([example_article(folder / "articles")], settings=get_settings(db=str(db), progress="no"))
    return db


def example_article(folder: Path, extra: str = "") -> Path:
    """The bundled example article as a news page arrives: with its URL (its identity when its text is
    edited) in front matter; `extra` is appended to its text."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / EXAMPLE_ARTICLE.name
    body = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    target.write_text(f"url: {EXAMPLE_URL}\npublished: 2023-02-18\n---\n{body.rstrip()}\n{extra}", encoding="utf-8")
    return folder


@pytest.fixture()
def article_store(article_store_template, tmp_path) -> Path:
    """A private copy of the example-article store."""
    db = tmp_path / "marsad.duckdb"
    shutil.copyfile(article_store_template, db)
    return db


def pick(rows: list[dict], evidence_part: str) -> str:
    """The id of the one event whose evidence contains `evidence_part` (a stable property of the event)."""
    found = [r["event_id"] for r in rows if evidence_part in (r.get("evidence") or "")]
    assert len(found) == 1, f"{len(found)} events with {evidence_part!r} in their evidence"
    return found[0]

"""Review-store fixtures: every review test runs against SQLite AND a real PostgreSQL server.

The server is Debian's `postgresql` (installed by `make test`), started once per session by
tests/review/postgres.py and stopped after. Each test gets a fresh database on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.review.postgres import PostgresUnavailable, fresh_database, throwaway_server

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_ARTICLE = ROOT / "data" / "samples" / "articles" / "raqqa-coalition-2023-02-18.ar.txt"
EXAMPLE_URL = "https://example.org/raqqa-coalition-2023-02-18"


@pytest.fixture(scope="session")
def postgres_server():
    """(host, port, user) of a throwaway PostgreSQL server (tests/review/postgres.py), for the whole session."""
    try:
        with throwaway_server() as server:
            yield server
    except PostgresUnavailable as exc:
        pytest.fail(str(exc))


def fresh_postgres_url(server) -> str:
    return fresh_database(server)


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

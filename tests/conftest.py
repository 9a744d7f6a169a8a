"""Shared fixtures: a store built like `make run` builds it (bundled UCDP + example article), plus two
hostile articles whose text carries <script> and <img onerror> to prove nothing from the news runs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOSTILE_ARTICLES = ROOT / "tests" / "fixtures" / "injection" / "hostile.jsonl"


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory) -> Path:
    """The bundled store (`marsad etl rebuild`) plus the hostile articles, built once per test session."""
    from etl.config import get_settings
    from etl.article_pipeline import load_articles
    from etl.rebuild import rebuild

    db = tmp_path_factory.mktemp("bundled") / "marsad.duckdb"
    settings = get_settings(db=str(db), progress="no")
    rebuild(settings)
    load_articles([HOSTILE_ARTICLES], settings=settings)
    return db


@pytest.fixture()
def bundled_store_env(bundled_store, monkeypatch) -> Path:
    """MARSAD_DB pointing at the bundled store (for AppTest and subprocesses)."""
    monkeypatch.setenv("MARSAD_DB", str(bundled_store))
    return bundled_store


def chromium_path() -> str:
    return os.environ.get("MARSAD_BROWSER_PATH", "/usr/bin/chromium")


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def chromium():
    """ONE headless Debian Chromium driven by Playwright for the whole session (never `playwright install`).

    Shared by every test that needs a real browser: Playwright's sync API allows one instance per thread."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()

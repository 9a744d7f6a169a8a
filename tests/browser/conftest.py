"""Real-browser fixtures: ONE Streamlit server over the bundled store, ONE headless Chromium (Debian's, never
`playwright install`), one browser context per language whose page is reused across tests.

Every request any page makes is recorded (`request_log`) and every JavaScript dialog is recorded and dismissed
(`dialogs`), so the safety tests can prove that nothing left localhost and that no news text ran as script.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import duckdb
import pytest

from tests.conftest import ROOT

SCREENSHOTS = ROOT / "tests" / "screenshots"
VIEWPORT = {"width": 1400, "height": 1000}
# (page key, url path) in the order of the sidebar; "" is the default page (Overview).
PAGES = (("overview", ""), ("timeline", "timeline"), ("actors", "actors"), ("map", "map"), ("events", "events"),
         ("news", "news"), ("data", "data"))
TITLES = {
    "en": {"overview": "Overview", "timeline": "Timeline", "actors": "Actors", "map": "Map", "events": "Events",
           "news": "News", "data": "Data"},
    "ar": {"overview": "نظرة عامة", "timeline": "الخط الزمني", "actors": "الفاعلون", "map": "الخريطة",
           "events": "الأحداث", "news": "الأخبار", "data": "البيانات"},
}
LOAD_TIMEOUT_S = 120


# ------------------------------------------------------------------------------------------------ store


MARKDOWN_EVENTS = ROOT / "tests" / "fixtures" / "injection" / "markdown_events.csv"
MARKDOWN_ARTICLES = ROOT / "tests" / "fixtures" / "injection" / "markdown_articles.jsonl"


@pytest.fixture(scope="session")
def browser_store(bundled_store, tmp_path_factory) -> Path:
    """A copy of the bundled store (with its hostile articles) plus events and an article whose fields carry
    Markdown that would make the browser fetch from another host (`![x](http://evil.example/q.png)` as event_id,
    actor, place, source, notes, evidence; plain URLs; links), loaded with the real importers."""
    from etl.article_pipeline import load_articles
    from etl.config import get_settings
    from etl.pipeline import import_dataset

    db = tmp_path_factory.mktemp("browser") / "marsad.duckdb"
    shutil.copyfile(bundled_store, db)
    settings = get_settings(db=str(db), progress="no")
    import_dataset("csv", MARKDOWN_EVENTS, settings=settings)
    load_articles([MARKDOWN_ARTICLES], settings=settings)
    return db


@pytest.fixture(scope="session")
def store_count(browser_store):
    """count(*) of events matching a WHERE clause, straight from the store (read-only, independent SQL)."""

    def count(where: str = "TRUE", params: list | None = None) -> int:
        with duckdb.connect(str(browser_store), read_only=True) as con:
            return int(con.execute(f"SELECT count(*) FROM events WHERE {where}", params or []).fetchone()[0])

    return count


@pytest.fixture(scope="session")
def store_value(browser_store):
    """The single value of a read-only query on the store."""

    def value(sql: str, params: list | None = None):
        with duckdb.connect(str(browser_store), read_only=True) as con:
            return con.execute(sql, params or []).fetchone()[0]

    return value


# ------------------------------------------------------------------------------------------------ server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(browser_store, tmp_path_factory) -> str:
    """One `streamlit run dashboard/streamlit_app.py` for the whole session; yields its base URL."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/streamlit_app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        env={**os.environ, "MARSAD_DB": str(browser_store)}, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log_path.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                    if resp.read().decode().strip() == "ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not become healthy:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


# ------------------------------------------------------------------------------------------------ browser


@pytest.fixture(scope="session")
def request_log() -> list[str]:
    """Every URL any page or frame of the session requested."""
    return []


@pytest.fixture(scope="session")
def dialogs() -> list[str]:
    """Every alert/confirm/prompt any page opened (there must be none)."""
    return []


@pytest.fixture(scope="session")
def browser(chromium):
    return chromium


def new_context(browser, request_log: list[str], dialogs: list[str], **kwargs):
    ctx = browser.new_context(viewport=VIEWPORT, accept_downloads=True, **kwargs)
    ctx.on("request", lambda req: request_log.append(req.url))

    def on_page(page):
        def on_dialog(dialog):
            dialogs.append(f"{dialog.type}: {dialog.message} (on {page.url})")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("websocket", lambda ws: request_log.append(ws.url))

    ctx.on("page", on_page)
    return ctx


@pytest.fixture(scope="session")
def contexts(browser, request_log, dialogs):
    made: dict[str, object] = {}

    def get(lang: str):
        if lang not in made:
            made[lang] = new_context(browser, request_log, dialogs)
        return made[lang]

    yield get
    for ctx in made.values():
        ctx.close()


@pytest.fixture(scope="session")
def pages(contexts):
    """The reused page of each language's context: pages('en') / pages('ar')."""
    made: dict[str, object] = {}

    def get(lang: str):
        if lang not in made or made[lang].is_closed():
            made[lang] = contexts(lang).new_page()
        return made[lang]

    return get


# ------------------------------------------------------------------------------------------------ helpers


def page_url(base: str, path: str, lang: str, **params) -> str:
    query = {"lang": lang, **params}
    return f"{base}/{path}?{urlencode(query, doseq=True)}"


_STATE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return [app ? app.getAttribute('data-test-script-state') : null,
          document.querySelectorAll('[data-testid="stSkeleton"]').length,
          document.querySelectorAll('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]').length];
}"""


def wait_idle(page, timeout_s: float = LOAD_TIMEOUT_S) -> None:
    """Wait until the app exists and its script run has finished and stayed finished (no skeletons, no running
    indicator) for three consecutive polls ~0.2 s apart: Streamlit may rerun right after a component mounts."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    stable = 0
    last = None
    while stable < 3:
        last = page.evaluate(_STATE_JS)
        stable = stable + 1 if last == ["notRunning", 0, 0] else 0
        if time.monotonic() > deadline:
            raise AssertionError(f"app not idle after {timeout_s} s (state, skeletons, running): {last}")
        page.wait_for_timeout(200)


VISITED: set[tuple[str, str]] = set()  # (url path, lang) opened so far in this session


def open_page(page, base: str, path: str, lang: str, **params):
    page.goto(page_url(base, path, lang, **params))
    wait_idle(page)
    VISITED.add((path, lang))
    return page


def assert_no_error(page, where: str) -> None:
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, f"{where}: Streamlit exception shown: {exceptions.all_inner_texts()}"
    errors = page.locator('.stAlert:has([data-testid="stAlertContentError"])')
    assert errors.count() == 0, f"{where}: error message shown: {errors.all_inner_texts()}"


def metric_value(page, key: str = "events") -> str:
    return page.locator(f'.st-key-metric-{key} [data-testid="stMetricValue"]').inner_text().strip()


def caption_text(page) -> str:
    return page.locator(".st-key-marsad-caption").inner_text().strip()


def full_screenshot(page, path: Path) -> None:
    """Streamlit scrolls inside its main block, so grow the viewport to the content before a full-page shot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("""() => Math.max(
        ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"],'
           + '[data-testid="stAppViewContainer"]')].map(e => e.scrollHeight), 0)""")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": int(min(max(height, VIEWPORT["height"]), 9000))})
    try:
        page.wait_for_timeout(400)
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(VIEWPORT)


def leaflet_frame(page, container_key: str):
    """The frame holding the folium map rendered inside the container with Streamlit key `container_key`
    (st_folium's component iframe; a nested srcdoc iframe if folium is rendered that way)."""
    iframe = page.locator(f".st-key-{container_key} iframe").first
    iframe.wait_for(state="attached", timeout=60_000)
    frame = iframe.element_handle().content_frame()
    assert frame is not None, f"{container_key}: map iframe has no frame"
    frame.wait_for_function("() => !!window.L", timeout=60_000)
    return frame


LEAFLET_JS = """() => {
  const maps = [...new Set(Object.keys(window).map(k => { try { return window[k] } catch (e) { return null } })
                          .filter(v => window.L && v instanceof L.Map))];
  const out = {maps: maps.length, polygons: 0, circles: 0, markers: 0, clusterGroups: 0, clustered: 0};
  for (const m of maps) m.eachLayer(l => {
    if (l instanceof L.Polygon) out.polygons++;
    else if (l instanceof L.CircleMarker) out.circles++;
    else if (l instanceof L.Marker) out.markers++;
    if (L.MarkerClusterGroup && l instanceof L.MarkerClusterGroup) { out.clusterGroups++; out.clustered += l.getLayers().length; }
  });
  out.svgPaths = document.querySelectorAll('path.leaflet-interactive').length;
  out.canvases = document.querySelectorAll('.leaflet-overlay-pane canvas').length;
  out.clusterIcons = document.querySelectorAll('.marker-cluster').length;
  out.circleDom = document.querySelectorAll('path.leaflet-interactive[fill-rule]').length;
  return out;
}"""

"""News text never runs: the hostile articles (tests/fixtures/injection/hostile.jsonl, with <script> and
<img src=x onerror=...>) are shown as literal text on the News page, in the event evidence and in the map
popups, with no dialog, no changed document.title and no request for the injected image. And no request of
the whole browser session leaves localhost (no CDN, no fonts, no tiles)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PAGES, VISITED, assert_no_error, leaflet_frame, open_page, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

PWNED = ("pwned", "pwned-img")


def assert_nothing_ran(page, dialogs: list[str], request_log: list[str], where: str) -> None:
    page.wait_for_timeout(300)  # give a (wrongly) created <img src=x> time to fail and fire onerror
    assert dialogs == [], f"{where}: news text opened a dialog: {dialogs}"
    for frame in page.frames:
        try:
            title = frame.evaluate("() => document.title")
        except Exception:  # a frame that went away while we looked
            continue
        assert title not in PWNED, f"{where}: document.title was changed by news text in {frame.url}"
    injected = [u for u in request_log if urlparse(u).path.rstrip("/").endswith("/x")]
    assert injected == [], f"{where}: an injected <img src=x> was requested: {injected}"
    assert page.locator('[data-testid="stMain"] img[src="x"], [data-testid="stMain"] img[onerror]').count() == 0


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_news_shows_hostile_markup_as_text(pages, server, dialogs, request_log, lang):
    page = open_page(pages(lang), server, "news", lang)
    assert_no_error(page, f"news ({lang})")
    main = page.locator('[data-testid="stMain"]')
    # the English hostile article: its title and text show the tags literally
    expect(main.get_by_text("<script>", exact=False).first).to_be_visible()
    expect(main.get_by_text("Gunmen attack checkpoint <script>alert('title')</script>", exact=False)).to_be_visible()
    expect(main.get_by_text("<script>document.title='pwned'</script>", exact=False).first).to_be_visible()
    expect(main.get_by_text("""<img src=x onerror="document.title='pwned-img'">""", exact=False).first).to_be_visible()
    # the Arabic one too (title with <img onerror>, source with <i>)
    expect(main.get_by_text("هجوم على حاجز <img src=x onerror=alert(1)>", exact=False)).to_be_visible()
    # markup from the source field is not rendered either
    assert main.locator("b:text-is('bold'), i:text-is('مثال')").count() == 0
    assert main.locator("script").count() == 0 or main.locator("script").evaluate_all(
        "els => els.every(e => !e.textContent.includes('pwned') && !e.textContent.includes('alert('))")
    assert_nothing_ran(page, dialogs, request_log, f"news ({lang})")


def _select_first_row(page, table_key: str) -> None:
    """Tick the first row of a selectable st.dataframe (glide-data-grid draws on a canvas: click its row marker)."""
    grid = page.locator(f".st-key-{table_key} [data-testid='stDataFrameResizable']").first
    expect(grid).to_be_visible(timeout=30_000)
    box = grid.bounding_box()
    assert box is not None
    rtl = page.evaluate("() => document.documentElement.dir === 'rtl' || "
                        "getComputedStyle(document.querySelector('[data-testid=\"stMain\"] .block-container')).direction"
                        " === 'rtl'")
    x = box["x"] + box["width"] - 15 if rtl else box["x"] + 15
    page.mouse.click(x, box["y"] + 35 + 17)  # header row 35 px, then the first row


def test_event_evidence_shows_hostile_markup_as_text(pages, server, dialogs, request_log):
    page = open_page(pages("en"), server, "events", "en", q="unidentified gunmen")
    assert_no_error(page, "events filtered to the hostile article")
    _select_first_row(page, "events-table")
    detail = page.locator(".st-key-event-detail")
    expect(detail).to_be_visible(timeout=60_000)
    wait_idle(page)
    evidence = page.locator(".st-key-event-evidence")
    expect(evidence).to_contain_text("<script>document.title='pwned'</script>")
    assert evidence.locator("script, img").count() == 0
    assert_nothing_ran(page, dialogs, request_log, "event detail")


POPUPS_JS = """async () => {
  const maps = [...new Set(Object.keys(window).map(k => { try { return window[k] } catch (e) { return null } })
                          .filter(v => window.L && v instanceof L.Map))];
  const texts = [];
  for (const m of maps) {
    const markers = [];
    m.eachLayer(l => { if (L.MarkerClusterGroup && l instanceof L.MarkerClusterGroup) markers.push(...l.getLayers()); });
    for (const marker of markers) {
      await new Promise(done => {
        let cluster = null;
        m.eachLayer(l => { if (L.MarkerClusterGroup && l instanceof L.MarkerClusterGroup && l.hasLayer(marker)) cluster = l; });
        if (cluster) cluster.zoomToShowLayer(marker, () => { marker.openPopup(); done(); });
        else { marker.openPopup(); done(); }
        setTimeout(done, 15000);  // a slow zoom animation on a loaded machine
      });
      // the open popup; where the zoom did not finish in time, the element Leaflet puts into the popup
      let el = document.querySelector('.leaflet-popup-content');
      const popup = marker.getPopup && marker.getPopup();
      if (!el && popup) { const c = popup.getContent(); el = (c instanceof HTMLElement) ? c : null; }
      if (el) texts.push({text: el.textContent, tags: [...el.querySelectorAll('*')].map(e => e.tagName.toLowerCase())});
      m.closePopup();
    }
  }
  return texts;
}"""


def test_map_popups_show_hostile_markup_as_text(pages, server, dialogs, request_log):
    page = open_page(pages("en"), server, "map", "en", q="unidentified gunmen")
    frame = leaflet_frame(page, "event-map")
    frame.wait_for_function("() => document.querySelectorAll('.marker-cluster, path.leaflet-interactive, "
                            ".leaflet-marker-icon').length > 0 || document.querySelector('.leaflet-overlay-pane canvas')",
                            timeout=60_000)
    popups = frame.evaluate(POPUPS_JS)
    assert popups, "no event popup could be opened"
    hostile = [p for p in popups if "<script>" in p["text"]]
    assert hostile, f"the hostile evidence should show literally in a popup: {popups}"
    for popup in popups:
        assert "script" not in popup["tags"] and "img" not in popup["tags"], popup
    assert_nothing_ran(page, dialogs, request_log, "map popups")


def test_no_request_leaves_localhost(pages, server, request_log):
    """Over the whole session: every page the other tests opened, and here every page in both languages
    that no test has opened yet."""
    for lang in ("en", "ar"):
        for _key, path in PAGES:
            if (path, lang) not in VISITED:
                open_page(pages(lang), server, path, lang)
    assert request_log, "no requests were recorded"
    outside = sorted({u for u in request_log
                      if not (u.startswith(("data:", "blob:", "about:"))
                              or urlparse(u).hostname in ("127.0.0.1", "localhost"))})
    assert outside == [], f"requests left localhost: {outside}"

"""With hostile data loaded, no page, popup, report or export makes the analyst's browser contact another host.

The browser store (conftest.browser_store) holds events and an article whose event_id, actor names, place,
source, title, notes and evidence carry `![x](http://evil.example/q.png)` (Markdown that makes a browser fetch
the image with no click), plain `http://` / `www.` addresses and Markdown links; the URL carries the same payload
in `q=` and in every other query parameter. Every request of every page and frame is recorded
(context.on("request")) and requests beyond localhost are aborted, so nothing leaves this machine either way.
Each check asserts: no request beyond 127.0.0.1/localhost, no image or link made from the data, and the payload
shown as the literal text it is."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (PAGES, SCREENSHOTS, assert_no_error, full_screenshot, leaflet_frame,
                                    new_context, open_page, wait_idle)
from tests.browser.test_safety import POPUPS_JS

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

PAYLOAD = "![x](http://evil.example/q.png)"
ACTOR = PAYLOAD + " Brigade"  # actor1 of the two hostile events (tests/fixtures/injection/markdown_events.csv)
SOURCE = PAYLOAD + " Agency http://evil.example/source-plain"
ARTICLE_TITLE = "Checkpoint attack ![x](http://evil.example/q.png) [details](http://evil.example/title-link)"
ARTICLE_SOURCE = "![x](http://evil.example/q.png) Wire http://evil.example/source-plain"
# the same payload through every other query parameter the dashboard reads
JUNK = {name: PAYLOAD for name in ("type", "sub", "adm1", "adm2", "origin", "from", "to", "minfat", "gran", "event")}

_LOCAL_SCHEMES = ("data:", "blob:", "about:", "file:")
INVISIBLE = dict.fromkeys(map(ord, "\u2060\u2068\u2069"))  # word joiner, bidi isolates (dashboard/literal.py)


def is_local(url: str) -> bool:
    return url.startswith(_LOCAL_SCHEMES) or urlparse(url).hostname in ("127.0.0.1", "localhost")


_DATA_MADE_JS = r"""() => {
  const made = [];
  for (const el of document.querySelectorAll('a[href], img, image, source, iframe[src], link[href], video, audio')) {
    const url = el.href && el.href.baseVal !== undefined ? el.href.baseVal : (el.href || el.src || el.getAttribute('src') || '');
    let host = '';
    try { host = new URL(String(url), location.href).hostname; } catch (e) { host = String(url); }
    if (/evil\.example/i.test(host) || /evil\.example/i.test(el.getAttribute('srcset') || ''))
      made.push(el.tagName.toLowerCase() + ' ' + url);
  }
  const text = document.body ? document.body.innerText.replace(/[\u2060\u2068\u2069]/g, '') : '';
  return {made, text};
}"""


@pytest.fixture()
def watched(browser):
    """A fresh page whose context records every request (and aborts those beyond localhost); yields
    (page, requests, dialogs)."""
    requests: list[str] = []
    dialogs: list[str] = []
    ctx = new_context(browser, requests, dialogs)
    ctx.route(lambda url: not is_local(url), lambda route: route.abort())
    page = ctx.new_page()
    yield page, requests, dialogs
    ctx.close()


def assert_nothing_outside(page, requests: list[str], dialogs: list[str], where: str) -> str:
    """No request beyond localhost, no element pointing at the payload's host in any frame, no dialog;
    returns the visible text of the page and its frames (word joiners removed)."""
    page.wait_for_timeout(300)  # an <img> made from the data would be requested by now
    outside = sorted({u for u in requests if not is_local(u)})
    assert outside == [], f"{where}: requests left localhost: {outside}"
    texts = []
    for frame in page.frames:
        try:
            found = frame.evaluate(_DATA_MADE_JS)
        except Exception:  # a frame that went away while we looked
            continue
        assert found["made"] == [], f"{where}: elements built from the data point at another host: {found['made']}"
        texts.append(found["text"])
    assert dialogs == [], f"{where}: a dialog opened: {dialogs}"
    return "\n".join(texts)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_news_shows_markdown_in_articles_as_text(watched, server, lang):
    page, requests, dialogs = watched
    open_page(page, server, "news", lang)
    assert_no_error(page, f"news ({lang})")
    text = assert_nothing_outside(page, requests, dialogs, f"news ({lang})")
    assert ARTICLE_TITLE in text, "the article title should show its Markdown literally"
    assert ARTICLE_SOURCE in text, "the article source should show its Markdown literally"
    assert "Masked gunmen killed two civilians in Raqqa on Friday " + PAYLOAD in text
    card = page.locator('[data-testid="stMain"] [class*="st-key-article-"]').filter(has_text="Checkpoint attack").first
    card.scroll_into_view_if_needed()
    card.screenshot(path=str(SCREENSHOTS / f"hostile_news_{lang}.png"))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_event_heading_link_label_place_and_evidence_show_markdown_as_text(watched, server, lang):
    page, requests, dialogs = watched
    open_page(page, server, "events", lang, event=PAYLOAD)
    detail = page.locator(".st-key-event-detail")
    expect(detail).to_be_visible(timeout=60_000)
    assert_no_error(page, f"event detail ({lang})")
    text = assert_nothing_outside(page, requests, dialogs, f"event detail ({lang})")
    heading = detail.locator("h3").first.inner_text().translate(INVISIBLE)
    assert heading.endswith(PAYLOAD), heading
    button = detail.locator('[data-testid="stLinkButton"] a').first
    assert button.get_attribute("href") == "https://example.org/news/md-event"  # the one link the product builds
    assert SOURCE in button.inner_text().translate(INVISIBLE)
    assert PAYLOAD + (" قرية" if lang == "ar" else " village") in text  # the place
    assert "Evidence " + PAYLOAD + ' <img src="http://evil.example/q.png">' in text
    detail.screenshot(path=str(SCREENSHOTS / f"hostile_event_{lang}.png"))


@pytest.mark.parametrize("path", ["map"])
def test_markdown_in_the_url_is_shown_as_text(watched, server, path):
    """The crafted link of the issue, `/map?q=![x](http://evil.example/q.png)`, and the payload in every other
    parameter: the filter caption shows the search text literally, nothing is fetched."""
    page, requests, dialogs = watched
    open_page(page, server, path, "en", q=PAYLOAD, **JUNK)
    assert_no_error(page, f"{path or 'overview'} with ?q=")
    caption = page.locator(".st-key-marsad-caption").inner_text().translate(INVISIBLE)
    assert PAYLOAD in caption, caption
    assert_nothing_outside(page, requests, dialogs, f"{path or 'overview'}?q={PAYLOAD}")


_SKIPPED = ("timeline", "data", "news")  # the caption only / the News tests above


@pytest.mark.parametrize("key,path", [p for p in PAGES if p[0] not in _SKIPPED],
                         ids=[key for key, _ in PAGES if key not in _SKIPPED])
def test_every_page_filtered_to_the_hostile_actor_fetches_nothing(watched, server, key, path):
    """The actor from the URL in the caption, its events in charts, tables, map and actor card (the timeline
    and data pages show no name from the data but the caption, which the pages here show; News has its own
    tests above)."""
    page, requests, dialogs = watched
    open_page(page, server, path, "en", actor=ACTOR, **JUNK)
    assert_no_error(page, f"{key} filtered to the hostile actor")
    caption = page.locator(".st-key-marsad-caption").inner_text().translate(INVISIBLE)
    assert ACTOR in caption, caption
    if key == "actors":
        card = page.locator(".st-key-actor-card")
        expect(card).to_be_visible(timeout=60_000)
        assert ACTOR in card.inner_text().translate(INVISIBLE)
    assert_nothing_outside(page, requests, dialogs, f"{key}?actor={ACTOR}")


@pytest.mark.parametrize("lang", ["ar"])
def test_map_popups_of_hostile_events_show_markdown_as_text(watched, server, lang):
    page, requests, dialogs = watched
    open_page(page, server, "map", lang, actor=ACTOR)
    frame = leaflet_frame(page, "event-map")
    frame.wait_for_function("() => document.querySelectorAll('.marker-cluster, path.leaflet-interactive, "
                            ".leaflet-marker-icon').length > 0", timeout=60_000)
    popups = frame.evaluate(POPUPS_JS)
    texts = [p["text"] for p in popups]
    assert len(popups) == 2, texts
    assert all(ACTOR in t for t in texts), texts
    assert any(PAYLOAD in t and "evil.example/evidence-plain" in t for t in texts), texts
    for popup in popups:
        assert "img" not in popup["tags"], popup
    assert_nothing_outside(page, requests, dialogs, f"map popups ({lang})")
    if lang == "ar":
        full_screenshot(page, SCREENSHOTS / "hostile_map_ar.png")


def _download(page, key: str) -> bytes:
    button = page.locator(f".st-key-{key} button")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=180_000) as info:
        button.click()
    with open(info.value.path(), "rb") as fh:
        return fh.read()


def test_report_and_map_exports_fetch_nothing(watched, server, tmp_path):
    """The HTML report, its PDF and the standalone map of the hostile events, each opened in the browser."""
    page, requests, dialogs = watched
    open_page(page, server, "", "en", actor=ACTOR)
    report = _download(page, "dl-report-html")
    pdf = _download(page, "dl-report-pdf")
    open_page(page, server, "map", "en", actor=ACTOR)
    saved_map = _download(page, "dl-map-html")
    assert_nothing_outside(page, requests, dialogs, "pages with the download buttons")

    assert pdf.startswith(b"%PDF") and b"evil.example" not in pdf, "the PDF report carries a link to the payload"

    for name, data in (("report.html", report), ("map.html", saved_map)):
        path = tmp_path / name
        path.write_bytes(data)
        requests.clear()
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        if name == "map.html":
            page.wait_for_function("() => !!window.L", timeout=60_000)
            # the event layer is built after the page's load event (the saved page holds one map now)
            page.wait_for_function("""() => { let n = 0;
                for (const v of Object.values(window)) { try { if (v instanceof L.Map) v.eachLayer(l => {
                    if (L.MarkerClusterGroup && l instanceof L.MarkerClusterGroup) n += l.getLayers().length; }); }
                    catch (e) {} }
                return n >= 2; }""", timeout=60_000)
            popups = page.evaluate(POPUPS_JS)
            for _ in range(3):  # a popup opened while the cluster still zooms is missed: open them again
                if len({p["text"] for p in popups}) >= 2:
                    break
                popups += page.evaluate(POPUPS_JS)
            assert len({p["text"] for p in popups}) == 2 and all(ACTOR in p["text"] for p in popups), popups
        text = assert_nothing_outside(page, requests, dialogs, f"the downloaded {name}")
        if name == "report.html":
            assert ACTOR in text, "the report should show the actor literally"

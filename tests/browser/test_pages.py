"""Every page in English and Arabic in a real Chromium: loads without an error, shows its title, the map draws
boundaries and markers, the timeline draws bars, filters change the counts the store gives, a shared URL
restores the filters, and Arabic is laid out right to left. Screenshots go to tests/screenshots/."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (LEAFLET_JS, PAGES, SCREENSHOTS, TITLES, assert_no_error, caption_text,
                                    full_screenshot, leaflet_frame, metric_value, open_page, wait_idle)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("key,path", PAGES, ids=[key for key, _ in PAGES])
def test_page_loads_with_title_and_no_error(pages, server, lang, key, path):
    page = open_page(pages(lang), server, path, lang)
    assert_no_error(page, f"{key} ({lang})")
    title = page.locator('[data-testid="stMain"] h1').first
    expect(title).to_be_visible()
    expect(title).to_have_text(TITLES[lang][key])
    # the attribution footer closes every page: the page ran to its end
    expect(page.locator(".st-key-marsad-footer")).to_be_visible()
    full_screenshot(page, SCREENSHOTS / f"{key}_{lang}.png")


def _map_state(frame, timeout_ms: int = 60_000) -> dict:
    frame.wait_for_function(f"() => {{ const s = ({LEAFLET_JS})(); return s.polygons > 0 && "
                            "(s.clusterIcons > 0 || s.circleDom > 0 || s.circles > 0); }", timeout=timeout_ms)
    return frame.evaluate(LEAFLET_JS)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_map_draws_boundaries_and_markers(pages, server, lang):
    page = open_page(pages(lang), server, "map", lang)
    state = _map_state(leaflet_frame(page, "event-map"))
    assert state["maps"] == 1, state
    # OCHA boundaries: polygons on the map, drawn (SVG paths, or the canvas renderer folium is told to prefer)
    assert state["polygons"] >= 14, state
    assert state["svgPaths"] > 0 or state["canvases"] > 0, state
    # events: cluster bubbles (or single circle markers) from a cluster group holding points, or, beyond
    # map_max_points (the bundled store has more), every event counted in grid cells drawn as circles
    clustered = state["clusterGroups"] >= 1 and state["clustered"] > 0 and (state["clusterIcons"] > 0
                                                                            or state["circleDom"] > 0)
    assert clustered or state["circles"] > 0, state


def test_overview_small_map_has_markers(pages, server):
    page = open_page(pages("en"), server, "", "en")
    state = _map_state(leaflet_frame(page, "overview-map"))
    # points in a cluster group, or (more events than the small map draws one by one) grid cells counting all
    assert state["polygons"] > 0 and ((state["clusterGroups"] >= 1 and state["clustered"] > 0)
                                      or state["circles"] > 0), state


def test_timeline_renders_stacked_bars(pages, server):
    page = open_page(pages("en"), server, "timeline", "en")
    plot = page.locator(".st-key-timeline-chart .js-plotly-plot").first
    expect(plot).to_be_visible(timeout=30_000)
    bars = plot.locator("g.trace.bars path, .bars path")
    expect(bars.first).to_be_attached(timeout=30_000)
    drawn = bars.evaluate_all("els => els.filter(e => (e.getAttribute('d') || 'M0,0Z') !== 'M0,0Z').length")
    assert drawn >= 10, f"only {drawn} bars drawn on the timeline"
    assert plot.locator("g.trace.bars").count() >= 2, "bars should be stacked by event type"


# ------------------------------------------------------------------------------------------------ filters


def _choose(page, widget_key: str, option: str) -> None:
    """Pick `option` in a selectbox/multiselect with Streamlit key `widget_key`."""
    widget = page.locator(f".st-key-{widget_key}")
    widget.locator("button[aria-haspopup='listbox']").click()
    widget.locator("input[role='combobox']").fill(option)  # the option list is virtualised: filter it first
    page.get_by_role("option", name=option, exact=True).click()
    if widget.locator("input[role='combobox']").get_attribute("aria-expanded") == "true":
        page.keyboard.press("Escape")


def _set_number(page, widget_key: str, value: int) -> None:
    box = page.locator(f".st-key-{widget_key} input")
    box.fill(str(value))
    box.press("Enter")


def _expect_events(page, expected: int) -> None:
    expect(page.locator('.st-key-metric-events [data-testid="stMetricValue"]')).to_have_text(f"{expected:,}",
                                                                                           timeout=60_000)
    wait_idle(page)


def test_filters_change_the_headline_count(pages, server, store_count, store_value):
    page = open_page(pages("en"), server, "", "en")
    total = store_count()
    assert total > 16_566  # the UCDP rows plus the article events
    assert metric_value(page) == f"{total:,}"

    latest = store_value("SELECT max(event_date) FROM events")  # presets count back from it
    start = latest - dt.timedelta(days=89)
    _choose(page, "flt_preset", "Last 90 days")
    _expect_events(page, store_count("event_date BETWEEN ? AND ?", [start, latest]))
    expect(page.locator(".st-key-marsad-caption")).to_contain_text(
        f"Events from {start.day} {start.strftime('%b')} {start.year} to", timeout=30_000)

    _choose(page, "flt_preset", "All dates")
    _expect_events(page, total)

    _set_number(page, "flt_minfat", 10)
    with_fatalities = store_count("coalesce(fatalities, 0) >= 10")
    assert 0 < with_fatalities < total
    _expect_events(page, with_fatalities)

    _choose(page, "flt_adm1", "Ar-Raqqa")
    _expect_events(page, store_count("coalesce(fatalities, 0) >= 10 AND admin1_pcode = 'SY11'"))
    assert_no_error(page, "overview after filtering")


@pytest.mark.parametrize("scenario", ["place-and-fatalities", "period"])
def test_shared_url_restores_the_filters(pages, contexts, server, store_count, store_value, scenario):
    page = open_page(pages("en"), server, "", "en")
    if scenario == "period":
        latest = store_value("SELECT max(event_date) FROM events")
        start = latest - dt.timedelta(days=89)
        _choose(page, "flt_preset", "Last 90 days")
        expected = store_count("event_date BETWEEN ? AND ?", [start, latest])
        in_url = (f"from={start.isoformat()}", f"to={latest.isoformat()}")
        in_caption = (f"Events from {start.day} {start.strftime('%b')} {start.year}",)
    else:
        _set_number(page, "flt_minfat", 5)
        _expect_events(page, store_count("coalesce(fatalities, 0) >= 5"))
        _choose(page, "flt_adm1", "Deir-ez-Zor")
        expected = store_count("coalesce(fatalities, 0) >= 5 AND admin1_pcode = 'SY09'")
        in_url = ("minfat=5", "adm1=SY09")
        in_caption = ("Deir-ez-Zor", "at least 5 fatalities")
    _expect_events(page, expected)
    caption = caption_text(page)
    assert all(part in caption for part in in_caption), caption
    page.wait_for_url(lambda url: all(part in url for part in in_url), timeout=30_000)
    shared = page.url
    widgets = {key: page.locator(f".st-key-{key} input").first.input_value()
               for key in ("flt_dates", "flt_minfat", "flt_adm1")}

    fresh = contexts("en").new_page()  # a new page is a new Streamlit session
    try:
        fresh.goto(shared)
        wait_idle(fresh)
        _expect_events(fresh, expected)
        assert caption_text(fresh) == caption
        for key, value in widgets.items():
            assert fresh.locator(f".st-key-{key} input").first.input_value() == value, key
        if scenario != "period":
            expect(fresh.locator(".st-key-flt_adm1")).to_contain_text("Deir-ez-Zor")
        assert_no_error(fresh, "shared URL")
    finally:
        fresh.close()


def test_arabic_is_right_to_left(pages, server):
    page = open_page(pages("ar"), server, "", "ar")
    direction = page.evaluate("() => getComputedStyle(document.querySelector("
                              "'[data-testid=\"stMain\"] .block-container, [data-testid=\"stMainBlockContainer\"]'"
                              ")).direction")
    assert direction == "rtl"
    sidebar = page.evaluate("() => getComputedStyle(document.querySelector("
                            "'[data-testid=\"stSidebarUserContent\"]')).direction")
    assert sidebar == "rtl"
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(TITLES["ar"]["overview"])
    expect(page.locator(".st-key-marsad-caption")).to_contain_text("الأحداث")
    # the navigation shows the Arabic page names
    nav = page.locator('[data-testid="stSidebarNav"]')
    for key in ("overview", "timeline", "map", "news"):
        expect(nav).to_contain_text(TITLES["ar"][key])


_VISUAL_ORDER_JS = """(needle) => {
  // the innermost element whose text contains the needle (markdown may split it over several text nodes)
  let host = null;
  for (const el of document.querySelectorAll('[data-testid="stMain"] *'))
    if (el.textContent.includes(needle) && (!host || host.contains(el))) host = el;
  if (!host) return {found: false};
  const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) { nodes.push([node, text.length]); text += node.data; }
  const at = text.indexOf(needle);
  const rect = (i) => {
    const [node, start] = nodes.filter(([n, s]) => s <= i && i < s + n.data.length)[0];
    const r = document.createRange(); r.setStart(node, i - start); r.setEnd(node, i - start + 1);
    return r.getBoundingClientRect();
  };
  const first = rect(at), last = rect(at + needle.length - 1);
  return {found: true, firstLeft: first.left, lastLeft: last.left, sameLine: Math.abs(first.top - last.top) < 4};
}"""


@pytest.mark.parametrize("path,latin", [
    ("data", "STORE_PATH"),
    ("news", "Gunmen attack checkpoint <script>alert('title')</script>"),
    ("news", "Example Wire <b>bold</b>"),
], ids=["data-store-path", "news-english-title", "news-english-source"])
def test_arabic_ui_keeps_latin_text_in_reading_order(pages, server, browser_store, path, latin):
    """Latin text (a file path, an English article title) inside the right-to-left Arabic UI must still read
    left to right: its first character is drawn left of its last (bidi must not move a leading '/' or a
    trailing '>' to the other end)."""
    latin = str(browser_store) if latin == "STORE_PATH" else latin
    page = open_page(pages("ar"), server, path, "ar")
    where = page.evaluate(_VISUAL_ORDER_JS, latin)
    assert where["found"], f"{latin!r} not shown on {path}"
    assert where["sameLine"], where
    assert where["firstLeft"] < where["lastLeft"], f"{latin!r} is drawn out of order in Arabic: {where}"


def test_clicking_a_timeline_bar_narrows_the_dates(pages, server, store_count):
    page = open_page(pages("en"), server, "timeline", "en")
    plot = page.locator(".st-key-timeline-chart .js-plotly-plot").first
    expect(plot).to_be_visible(timeout=30_000)
    # the 13th monthly bar of the first event type (a month of 2017)
    bar = plot.locator("g.trace.bars").first.locator("path").nth(12)
    bar.scroll_into_view_if_needed()
    bar.click(force=True)
    caption = page.locator(".st-key-marsad-caption")
    expect(caption).to_contain_text("Events from 1 ", timeout=60_000)
    wait_idle(page)
    text = caption.inner_text()
    found = re.search(r"Events from 1 (\w{3}) (\d{4}) to (\d+) (\w{3}) (\d{4})", text)
    assert found, text
    start = dt.datetime.strptime(f"1 {found[1]} {found[2]}", "%d %b %Y").date()
    end = dt.datetime.strptime(f"{found[3]} {found[4]} {found[5]}", "%d %b %Y").date()
    assert (start.year, start.month) == (end.year, end.month) and end.day >= 28, (start, end)
    assert page.url.count(f"from={start.isoformat()}") == 1 and f"to={end.isoformat()}" in page.url
    # the narrowed view counts the events of that month
    open_page(page, server, "", "en", **{"from": start.isoformat(), "to": end.isoformat()})
    expect(page.locator('.st-key-metric-events [data-testid="stMetricValue"]')).to_have_text(
        f"{store_count('event_date BETWEEN ? AND ?', [start, end]):,}")


def test_language_switch_and_sidebar_navigation_keep_the_filters(pages, server, store_count):
    page = open_page(pages("en"), server, "", "en", minfat="10")
    expected = f"{store_count('coalesce(fatalities, 0) >= 10'):,}"
    expect(page.locator('.st-key-metric-events [data-testid="stMetricValue"]')).to_have_text(expected)
    page.locator(".st-key-lang").get_by_role("radio", name="العربية").click()
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(TITLES["ar"]["overview"], timeout=60_000)
    wait_idle(page)
    page.wait_for_url(lambda url: "lang=ar" in url, timeout=30_000)
    assert page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=\"stMainBlockContainer\"]'))"
                         ".direction") == "rtl"
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=TITLES["ar"]["map"]).click()
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(TITLES["ar"]["map"], timeout=60_000)
    wait_idle(page)
    page.wait_for_url(lambda url: "/map" in url and "minfat=10" in url and "lang=ar" in url, timeout=30_000)
    assert_no_error(page, "map after switching language and page")
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=TITLES["ar"]["overview"]).click()
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(TITLES["ar"]["overview"], timeout=60_000)
    expect(page.locator('.st-key-metric-events [data-testid="stMetricValue"]')).to_have_text(expected)


_TEXT_COLUMNS = ("notes", "evidence", "location", "location_ar", "actor1", "actor2", "admin1", "admin2")


def test_events_search_box_filters_the_table_and_the_sidebar(pages, server, store_count):
    page = open_page(pages("en"), server, "events", "en")
    total_line = page.locator('[data-testid="stMain"]').get_by_text(re.compile(r"^[\d,]+ events? ·|^One event"))
    expect(total_line.first).to_contain_text(f"{store_count():,} events")
    box = page.locator(".st-key-ev_search input")
    box.fill("Tabqa")
    box.press("Enter")
    searched = " || ' ' || ".join(f"coalesce({c}, '')" for c in _TEXT_COLUMNS)
    expected = store_count(f"lower({searched}) LIKE '%tabqa%'")
    assert 0 < expected < store_count()
    expect(total_line.first).to_contain_text(f"{expected:,} events", timeout=60_000)
    wait_idle(page)
    assert page.locator(".st-key-flt_text input").input_value() == "Tabqa"
    page.wait_for_url(lambda url: "q=Tabqa" in url, timeout=30_000)
    expect(page.locator(".st-key-marsad-caption")).to_contain_text("Tabqa")


def test_an_arabic_search_finds_the_events_however_raqqa_is_spelled(pages, server, store_count):
    searched = " || ' ' || ".join(f"coalesce({c}, '')" for c in _TEXT_COLUMNS)
    expected = store_count(f"({searched}) LIKE '%الرقة%'")
    assert 0 < expected < store_count()
    for spelling in ("الرقه", "الرَّقة"):  # ة typed as ه; a shadda and a fatha
        page = open_page(pages("en"), server, "events", "en", q=spelling)
        total_line = page.locator('[data-testid="stMain"]').get_by_text(re.compile(r"^[\d,]+ events? ·|^One event"))
        expect(total_line.first).to_contain_text(f"{expected:,} event" if expected > 1 else "One event", timeout=60_000)
        expect(page.locator(".st-key-marsad-caption")).to_contain_text(spelling)


def test_clicking_an_actor_bar_filters_on_that_actor(pages, server, store_count):
    page = open_page(pages("en"), server, "actors", "en")
    plot = page.locator(".st-key-actors-top .js-plotly-plot").first
    expect(plot).to_be_visible(timeout=30_000)
    plot.locator("g.trace.bars path").first.click(force=True)
    expect(page.locator(".st-key-marsad-caption")).to_contain_text("actor ", timeout=60_000)
    wait_idle(page)
    page.wait_for_url(lambda url: "actor=" in url, timeout=30_000)
    actors = parse_qs(urlparse(page.url).query)["actor"]
    assert len(actors) == 1, actors
    expect(page.locator(".st-key-flt_actors [data-testid='stMultiSelectTagsContainer']")).to_contain_text(actors[0])
    open_page(page, server, "", "en", actor=actors[0])
    expect(page.locator('.st-key-metric-events [data-testid="stMetricValue"]')).to_have_text(
        f"{store_count('actor1 = ? OR actor2 = ?', [actors[0], actors[0]]):,}")

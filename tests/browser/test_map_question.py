"""The map follows the question, in a real Chromium: it opens on the filtered events, a click on an area or on
a cluster bubble filters the whole dashboard (sidebar and URL), bubbles and the folding legend look as meant,
and in Arabic the layer buttons and the sidebar's date range are not cut off."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, assert_no_error, caption_text, full_screenshot, leaflet_frame, open_page

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

MAP_JS = """() => Object.keys(window).map(k => { try { return window[k] } catch (e) { return null } })
                    .find(v => window.L && v instanceof L.Map)"""
CLUSTER_JS = """() => Object.keys(window).filter(k => k.startsWith('event_cluster_') && !k.endsWith('_payload'))
                    .map(k => window[k])[0]"""


def _ready(frame):
    frame.wait_for_function(f"() => {{ const m = ({MAP_JS})(); const c = ({CLUSTER_JS})();"
                            " return m && c && c.getLayers().length > 0; }", timeout=60_000)


def test_the_map_opens_on_the_filtered_governorate_with_every_event_in_view(pages, server):
    page = open_page(pages("en"), server, "map", "en", adm1="SY09")  # Deir-ez-Zor, far from Ar-Raqqa
    assert_no_error(page, "map, Deir-ez-Zor")
    frame = leaflet_frame(page, "event-map")
    _ready(frame)
    outside, total, centre = frame.evaluate(f"""() => {{
        const m = ({MAP_JS})(), b = m.getBounds(), layers = ({CLUSTER_JS})().getLayers();
        return [layers.filter(l => !b.contains(l.getLatLng())).length, layers.length, m.getCenter()]; }}""")
    assert total > 0 and outside == 0, f"{outside} of {total} events outside the opening view"
    assert 34.5 < centre["lat"] < 36.0 and 39.5 < centre["lng"] < 41.2, centre  # Deir-ez-Zor, not Ar-Raqqa
    # cluster bubbles in the slate of their own (not Leaflet's green/yellow/orange)
    colours = frame.evaluate("() => [...document.querySelectorAll('.marsad-cluster div')]"
                             ".map(d => getComputedStyle(d).backgroundColor)")
    assert colours and set(colours) == {"rgb(38, 50, 56)"}, colours
    # the legend folds away
    legend = frame.locator(".marsad-legend details")
    expect(legend.locator("div").first).to_be_visible()
    legend.locator("summary").click()
    expect(legend.locator("div").first).to_be_hidden()
    labels = frame.evaluate("() => [...document.querySelectorAll('.marsad-place-1')].map(e => e.textContent)")
    assert "Deir-ez-Zor" in labels
    full_screenshot(page, SCREENSHOTS / "map_fit_deir_en.png")


def _url_params(page) -> dict:
    return parse_qs(urlparse(page.url).query)


JUNE_2017 = {"from": "2017-06-01", "to": "2017-06-30"}  # a few hundred events, drawn one by one


def test_a_click_on_a_district_filters_the_dashboard_to_it(pages, server):
    page = open_page(pages("en"), server, "map", "en", **JUNE_2017)
    frame = leaflet_frame(page, "event-map")
    _ready(frame)
    page.locator(".st-key-event-map iframe").first.scroll_into_view_if_needed()
    # a district in view whose centre no bubble or marker covers
    target = frame.evaluate(f"""() => {{
        const m = ({MAP_JS})(), size = m.getSize(), icons = [...document.querySelectorAll('.marsad-cluster')]
            .map(e => e.getBoundingClientRect());
        const dots = ({CLUSTER_JS})().getLayers().map(l => m.latLngToContainerPoint(l.getLatLng()));
        let found = null;
        m.eachLayer(l => {{
            if (found || !(l.feature && l.feature.properties && l.feature.properties.adm2_pcode) || !l.getBounds) return;
            const c = l.getCenter ? l.getCenter() : l.getBounds().getCenter();
            if (!l.getBounds().contains(c)) return;
            const p = m.latLngToContainerPoint(c);
            if (p.x < 60 || p.y < 60 || p.x > size.x - 320 || p.y > size.y - 60) return;
            if (icons.some(r => Math.abs(r.left + r.width / 2 - p.x) < 50 && Math.abs(r.top + r.height / 2 - p.y) < 50)) return;
            if (dots.some(d => Math.abs(d.x - p.x) < 20 && Math.abs(d.y - p.y) < 20)) return;
            const r = m.getContainer().getBoundingClientRect();
            found = {{x: r.left + p.x, y: r.top + p.y, pcode: l.feature.properties.adm2_pcode, name: l.feature.properties.adm2_name}};
        }});
        return found; }}""")
    assert target, "no free district centre in view"
    iframe = page.locator(".st-key-event-map iframe").first
    iframe.scroll_into_view_if_needed()
    box = iframe.bounding_box()
    page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    page.wait_for_url(lambda url: "adm2=" in url, timeout=30_000)
    assert _url_params(page)["adm2"] == [target["pcode"]]
    assert _url_params(page)["adm1"] == [target["pcode"][:4]]
    expect(page.locator(".st-key-flt_adm2")).to_contain_text(target["name"], timeout=30_000)
    expect(page.locator(".st-key-marsad-caption")).to_contain_text(target["name"], timeout=30_000)
    assert_no_error(page, "map after a click on a district")


def test_a_click_on_a_cluster_bubble_filters_the_dashboard_to_its_districts(pages, server):
    page = open_page(pages("en"), server, "map", "en", **JUNE_2017)
    frame = leaflet_frame(page, "event-map")
    _ready(frame)
    page.locator(".st-key-event-map iframe").first.scroll_into_view_if_needed()  # the whole map in view
    bubble = frame.locator(".marsad-cluster").first
    expect(bubble).to_be_visible(timeout=30_000)
    bubble.click()
    page.wait_for_url(lambda url: "adm2=" in url, timeout=30_000)
    chosen = _url_params(page)["adm2"]
    assert chosen and all(p.startswith("SY") and len(p) == 6 for p in chosen)
    assert "in " in caption_text(page)
    assert_no_error(page, "map after a click on a bubble")


def test_arabic_map_buttons_and_sidebar_dates_are_not_cut_off(pages, server):
    page = open_page(pages("ar"), server, "map", "ar")
    assert_no_error(page, "map (ar)")
    for key in ("map_region", "map_layers", "map_level", "map_step"):
        overflow = page.evaluate("""key => {
            const box = document.querySelector('.st-key-' + key).getBoundingClientRect();
            return [...document.querySelectorAll('.st-key-' + key + ' button')]
                .map(b => b.getBoundingClientRect()).filter(r => r.left < box.left - 1 || r.right > box.right + 1).length;
        }""", key)
        assert overflow == 0, f"{key}: {overflow} buttons stick out of their column"
    cut = page.evaluate("""() => {
        const s = document.querySelector('section[data-testid="stSidebar"] [data-testid="stDateInputFieldsScroller"]');
        const box = s.getBoundingClientRect();
        return [...s.querySelectorAll('[role="spinbutton"]')].map(e => e.getBoundingClientRect())
            .filter(r => r.left < box.left - 1 || r.right > box.right + 1).length; }""")
    assert cut == 0, f"{cut} parts of the sidebar dates are cut off"
    full_screenshot(page, SCREENSHOTS / "map_question_ar.png")

"""Every download button gives a non-empty, valid file of its kind (clicked in the real browser, the file
caught with Playwright's download event): chart PNG/SVG/PDF, report HTML/PDF, events CSV/XLSX/GeoJSON and
the standalone map HTML, which must load nothing from another host."""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import SCREENSHOTS as SHOTS
from tests.browser.conftest import open_page

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

DOWNLOAD_TIMEOUT_MS = 180_000  # the first chart image starts kaleido's chromium; the PDF report starts another
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
_opened: dict[int, str] = {}


def download(page, server: str, path: str, key: str, lang: str = "en", **params) -> tuple[str, bytes]:
    """Open `path` (only if the page is not already there), click download button `key`, return
    (suggested file name, bytes)."""
    where = f"{path}?{lang}&{sorted(params.items())}"
    if _opened.get(id(page)) != where:
        open_page(page, server, path, lang, **params)
        _opened[id(page)] = where
    button = page.locator(f".st-key-{key} button")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as info:
        button.click()
    dl = info.value
    assert dl.failure() is None, f"{key}: download failed: {dl.failure()}"
    with open(dl.path(), "rb") as fh:
        data = fh.read()
    assert data, f"{key}: empty file"
    return dl.suggested_filename, data


def external_loads(html: str) -> list[str]:
    """What the page would fetch from another host: src=, <link href=>, xlink:href= and CSS url(...).
    (Plain <a href> links to a source are navigation, not loads, and are allowed.)"""
    url = r"""["']?\s*((?:https?:)?//[^"'\s>)]+)"""
    found = re.findall(r"""\bsrc\s*=\s*""" + url, html, re.I)
    found += re.findall(r"""<link\b[^>]*?\bhref\s*=\s*""" + url, html, re.I)
    found += re.findall(r"""xlink:href\s*=\s*""" + url, html, re.I)
    found += re.findall(r"""url\(\s*""" + url, html, re.I)
    return [u for u in found if urlparse(u if "://" in u else "http:" + u).hostname not in LOCAL_HOSTS]


# ------------------------------------------------------------------------------------------------ charts


@pytest.mark.parametrize("path,what", [("", "overview-timeline"), ("timeline", "timeline-month")])
def test_chart_images(pages, server, path, what):
    page = pages("en")
    name, png = download(page, server, path, f"dl-{what}-png")
    assert name.endswith(".png"), name
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 400 and height >= 300, (width, height)

    name, svg = download(page, server, path, f"dl-{what}-svg")
    assert name.endswith(".svg"), name
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    text = svg.decode("utf-8")
    assert "Events" in text, "the chart title/labels should be in the SVG"
    assert "UCDP" in text, "the data attribution should be drawn into the exported image"

    name, pdf = download(page, server, path, f"dl-{what}-pdf")
    assert name.endswith(".pdf"), name
    assert pdf.startswith(b"%PDF") and b"%%EOF" in pdf[-1024:]


# ------------------------------------------------------------------------------------------------ report


def test_report_html_and_pdf(pages, server):
    page = pages("en")
    name, html_bytes = download(page, server, "", "dl-report-html")
    assert name.endswith(".html"), name
    html = html_bytes.decode("utf-8")
    assert "<html" in html.lower() and "Marsad report" in html
    assert "<svg" in html, "the report should carry its charts inline"
    assert external_loads(html) == []
    assert "<script" not in html.lower(), "the report needs no script (and must not carry news script)"

    name, pdf = download(page, server, "", "dl-report-pdf")
    assert name.endswith(".pdf"), name
    assert pdf.startswith(b"%PDF") and b"%%EOF" in pdf[-1024:]
    assert len(pdf) > 5_000


def test_arabic_report_is_right_to_left(pages, server):
    page = pages("ar")
    _, html_bytes = download(page, server, "", "dl-report-html", lang="ar")
    html = html_bytes.decode("utf-8")
    assert re.search(r"""<html[^>]*dir=["']rtl""", html, re.I), html[:300]
    assert "lang=\"ar\"" in html or "lang='ar'" in html
    assert external_loads(html) == []


# ------------------------------------------------------------------------------------------------ events


def test_arabic_events_csv_has_arabic_headers_and_names(pages, server, store_count):
    page = pages("ar")
    name, raw = download(page, server, "events", "dl-events-csv", lang="ar", adm1="SY11", actor="Islamic State")
    assert "_Ar-Raqqa_Islamic-State_" in name, name
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert "التاريخ" in rows[0] and "event_date" not in rows[0], rows[0]
    assert "تنظيم الدولة الإسلامية (داعش)" in {cell for row in rows[1:] for cell in row}


def test_events_csv_xlsx_geojson(pages, server, store_count):
    """The downloads hold exactly the filtered events (filtered to Ar-Raqqa governorate: also keeps it quick)."""
    page = pages("en")
    total = store_count("admin1_pcode = 'SY11'")
    assert 0 < total < store_count()
    raqqa = {"adm1": "SY11"}

    name, raw = download(page, server, "events", "dl-events-csv", **raqqa)
    assert name.endswith(".csv") and "_Ar-Raqqa_" in name, name  # the file name says which area
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert "Event id" in header and "Date" in header, header  # the interface's language
    assert len(body) == total, f"CSV has {len(body)} rows, the store {total} events in Ar-Raqqa"
    assert all(len(r) == len(header) for r in body)

    name, raw = download(page, server, "events", "dl-events-csv-acled", **raqqa)
    acled = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert "event_id" in acled[0] and "event_date" in acled[0] and len(acled) - 1 == total, acled[0]

    name, raw = download(page, server, "events", "dl-events-xlsx", **raqqa)
    assert name.endswith(".xlsx"), name
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
    sheet = book.worksheets[0]
    xrows = list(sheet.iter_rows(values_only=True))
    assert "Event id" in xrows[0], xrows[0]
    assert len(xrows) - 1 == total
    about = {row[0]: row[1] for row in book.worksheets[1].iter_rows(values_only=True)}
    assert about["Filters"].endswith("in Ar-Raqqa") and "UCDP" in about["Sources and licences"], about

    name, raw = download(page, server, "events", "dl-events-geojson", **raqqa)
    assert name.endswith(".geojson"), name
    doc = json.loads(raw)
    assert doc["type"] == "FeatureCollection"
    features = doc["features"]
    assert features, "no features"
    with_coordinates = store_count("admin1_pcode = 'SY11' AND latitude IS NOT NULL AND longitude IS NOT NULL")
    assert len(features) == with_coordinates
    for feature in features:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert 35.0 <= lat <= 36.7 and 37.8 <= lon <= 39.9, (lon, lat)  # Ar-Raqqa governorate
    assert "event_id" in features[0]["properties"]


# ------------------------------------------------------------------------------------------------ map


def test_map_html_is_standalone(pages, server):
    page = pages("en")
    name, raw = download(page, server, "map", "dl-map-html")
    assert name.endswith(".html"), name
    html = raw.decode("utf-8")
    assert "<html" in html.lower() and html.count("L.map(") == 1, "the saved page shows the map once"
    assert html.count('class="folium-map"') == 1
    assert external_loads(html) == [], "the saved map must not load anything from another host"
    assert "/app/static/" not in html, "vendored Leaflet must be inlined, not referenced from the server"


# ------------------------------------------------------------------------------------------------ layout

_BOXES_JS = """() => {
  const union = sel => {
    const rs = [...document.querySelectorAll(sel)].map(e => e.getBoundingClientRect())
      .filter(r => r.width > 0 && r.height > 0);
    if (!rs.length) return null;
    return {l: Math.min(...rs.map(r => r.left)), t: Math.min(...rs.map(r => r.top)),
            r: Math.max(...rs.map(r => r.right)), b: Math.max(...rs.map(r => r.bottom))};
  };
  return {title: union('.g-gtitle .gtitle'), sub: union('.gtitle-subtitle'), note: union('.annotation text'),
          plot: union('.gridlayer path, .zerolinelayer path, .barlayer path, .scatterlayer path'), xticks: union('.xtick text'), xtitle: union('.g-xtitle text'),
          legend: union('.legend .legendtext, .legend .legendsymbols, .legend .legendtitletext')};
}"""


def _export_figures(lang: str):
    """The timeline of the Timeline page as exported: four types, the fatalities line, a "no source coverage"
    item, a note on imprecise dates, a long filter caption and the attribution of a store with UCDP, ACLED and
    news from several publishers."""
    import datetime as dt

    import pandas as pd

    from dashboard import charts, credits
    from dashboard.i18n import translator

    t = translator(lang)
    types = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments")
    rows = [(dt.date(2016, m, 1), ty, True, 40 * m % 97 + 3, 300 * m % 517) for m in range(1, 13) for ty in types]
    rows += [(dt.date(2016, 1, 1), "Battles", False, 7, 16533)]
    df = pd.DataFrame(rows, columns=["period", "event_type", "dated", "events", "fatalities"])
    coverage = pd.DataFrame({"origin": ["ucdp", "acled"], "start": [dt.date(2016, 1, 1), dt.date(2016, 9, 1)],
                             "end": [dt.date(2016, 5, 31), dt.date(2016, 12, 31)]})
    labels = {"title": t("timeline.chart_title"), "x": t("timeline.period"), "y": t("common.events"),
              "y2": t("common.fatalities"), "fatalities": t("common.fatalities"), "events": t("common.events"),
              "legend": t("col.event_type"), "undated": t("chartnotes.undated"),
              "no_coverage": t("chartnotes.no_coverage")}
    fig = charts.timeline_figure(df, granularity="month", labels=labels, type_names={k: t.event_type(k) for k in types},
                                 rtl=lang == "ar", coverage=coverage)
    found = {"origins": pd.DataFrame({"origin": ["ucdp", "acled", "article"], "events": [3, 2, 1]}),
             "publishers": ["Al Arabiya", "Enab Baladi", "North Press Agency", "SANA"], "more_publishers": 3,
             "files": [], "latest_event": dt.date(2016, 12, 30), "updated": dt.datetime(2026, 12, 3, 9, 0)}
    caption = {"en": "Showing: Events from 1 Jan 2016 to 31 Dec 2016, actor Islamic State, in Ar-Raqqa, Deir-ez-Zor, "
                     "Aleppo, type Battles, Explosions/Remote violence, sources UCDP GED, ACLED, News articles",
               "ar": "المعروض: الأحداث من 1 كانون الثاني 2016 إلى 31 كانون الأول 2016، الفاعل تنظيم الدولة "
                     "الإسلامية (داعش)، في الرقة، دير الزور، حلب، النوع معارك، المصادر UCDP GED، ACLED"}[lang]
    return fig, t("timeline.chart_title"), caption, credits.attribution_line(found, t)


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("width,height", [(1100, 600), (800, 450)])
def test_exported_chart_title_filters_attribution_plot_and_legend_do_not_overlap(browser, lang, width, height):
    from dashboard import exports

    fig, title, caption, attribution = _export_figures(lang)
    svg = exports.figure_bytes(fig, "svg", title=title, caption=caption, attribution=attribution, width=width,
                               height=height).decode("utf-8")
    assert ("ACLED" in svg and "acleddata.com" in svg and "2026-12-03" in svg), "attribution and data date drawn in"
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
        boxes = page.evaluate(_BOXES_JS)
        assert all(boxes[k] for k in ("title", "sub", "plot", "xticks", "xtitle", "legend")), boxes
        page.screenshot(path=str(SHOTS / f"chart-export-{lang}-{width}x{height}.png"))
    finally:
        page.close()
    top_block = [boxes["title"], boxes["sub"]] + ([boxes["note"]] if boxes["note"] else [])
    order = [*top_block, boxes["plot"], boxes["xticks"], boxes["xtitle"], boxes["legend"]]
    for upper, lower in zip(order, order[1:]):
        assert upper["b"] <= lower["t"] + 1, (lang, width, upper, lower, boxes)
    for name in ("title", "sub", "legend", "note"):
        box = boxes[name]
        if box:
            assert box["l"] >= 0 and box["r"] <= width and box["t"] >= 0 and box["b"] <= height, (name, box)

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


def test_events_csv_xlsx_geojson(pages, server, store_count):
    """The downloads hold exactly the filtered events (filtered to Ar-Raqqa governorate: also keeps it quick)."""
    page = pages("en")
    total = store_count("admin1_pcode = 'SY11'")
    assert 0 < total < store_count()
    raqqa = {"adm1": "SY11"}

    name, raw = download(page, server, "events", "dl-events-csv", **raqqa)
    assert name.endswith(".csv"), name
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert "event_id" in header and "event_date" in header, header
    assert len(body) == total, f"CSV has {len(body)} rows, the store {total} events in Ar-Raqqa"
    assert all(len(r) == len(header) for r in body)

    name, raw = download(page, server, "events", "dl-events-xlsx", **raqqa)
    assert name.endswith(".xlsx"), name
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
    sheet = book.worksheets[0]
    xrows = list(sheet.iter_rows(values_only=True))
    assert "event_id" in xrows[0], xrows[0]
    assert len(xrows) - 1 == total

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
    assert "<html" in html.lower() and "L.map(" in html
    assert external_loads(html) == [], "the saved map must not load anything from another host"
    assert "/app/static/" not in html, "vendored Leaflet must be inlined, not referenced from the server"

"""dashboard.exports / dashboard.report: the files a user downloads open, carry their context, keep Arabic."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import struct
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from dashboard import charts, exports, maps

TITLE = "Events per month"
CAPTION = "Ar-Raqqa, 2017-01-01 to 2017-12-31"
ATTRIBUTION = "Data: ACLED; boundaries: OCHA/UNCS via HDX"
XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def timeline():
    rows = [(dt.date(2017, m, 1), t, m * 3, m) for m in range(1, 7) for t in ("Battles", "Strategic developments")]
    df = pd.DataFrame(rows, columns=["period", "event_type", "events", "fatalities"])
    return charts.timeline_figure(df, granularity="month", labels={}, type_names={}, rtl=False)


@pytest.fixture()
def events():
    return pd.DataFrame({
        "event_id": ["a1", "a2", "a3"],
        "event_date": pd.to_datetime(["2017-06-12", "2017-06-13", "2017-07-01"]),
        "event_type": ["Battles", "Strategic developments", "Battles"],
        "actor1": ["قوات سوريا الديمقراطية", "Islamic State", None],
        "fatalities": [6, 0, None],
        "latitude": [35.95, None, 36.01],
        "longitude": [39.01, None, 38.99],
        "evidence": ["اشتباكات في الرقة أسفرت عن مقتل ستة", "=HYPERLINK(\"http://x\")", XSS],
    })


def test_png_export_has_the_requested_size(timeline):
    png = exports.figure_bytes(timeline, "png", title=TITLE, caption=CAPTION, attribution=ATTRIBUTION)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1100, 600)


def test_svg_export_carries_title_caption_and_attribution(timeline):
    svg = exports.figure_bytes(timeline, "svg", title=TITLE + " <b>", caption=CAPTION, attribution=ATTRIBUTION)
    root = ET.fromstring(svg)
    text = " ".join(t for t in root.itertext())
    assert TITLE + " <b>" in text and CAPTION in text and ATTRIBUTION in text


def test_pdf_export_and_arabic_chart(timeline):
    assert exports.figure_bytes(timeline, "pdf", title=TITLE, caption=CAPTION,
                                attribution=ATTRIBUTION).startswith(b"%PDF")
    rows = pd.DataFrame({"actor": ["داعش", "قسد"], "events": [5, 3], "fatalities": [1, 0]})
    fig = charts.top_actors_figure(rows, metric="events", labels={"title": "أبرز الفاعلين"}, rtl=True)
    svg = exports.figure_bytes(fig, "svg", title="أبرز الفاعلين", caption="الرقة", attribution="البيانات: ACLED")
    assert "أبرز الفاعلين" in svg.decode("utf-8") and "داعش" in svg.decode("utf-8")
    with pytest.raises(ValueError):
        exports.figure_bytes(timeline, "gif", title="", caption="", attribution="")


def test_csv_round_trips_with_arabic_and_a_bom(events):
    data = exports.events_csv(events)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns) == list(events.columns) and len(back) == 3
    assert back.actor1[0] == "قوات سوريا الديمقراطية"
    assert back.event_date.tolist() == ["2017-06-12", "2017-06-13", "2017-07-01"]
    assert back.evidence[1].startswith("'=HYPERLINK")  # shown, not run, by a spreadsheet
    assert back.evidence[2] == XSS


def test_xlsx_opens_with_openpyxl_and_stores_text_as_text(events):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(exports.events_xlsx(events, rtl=True)))
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == tuple(events.columns) and len(rows) == 4
    assert rows[1][3] == "قوات سوريا الديمقراطية"
    assert rows[1][1] == dt.datetime(2017, 6, 12) and ws.cell(row=2, column=2).number_format == "yyyy-mm-dd"
    assert ws.cell(row=3, column=8).data_type == "s"  # "=HYPERLINK(...)" is text, not a formula
    assert ws.cell(row=3, column=8).value == "'" + events.evidence[1]  # as in the CSV
    assert ws.sheet_view.rightToLeft


# OWASP CSV injection: what a spreadsheet would run as a formula, and what it would not.
FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1)", "=HYPERLINK(\"http://evil.example\")", "\t=1", "\r=1", "\n=1",
            "\t", "\rx", "\nx", " =1", "  \n=1", "\n\n@x", "\u00a0-1", "＝1+1", "＋1", "－1", "＠SUM(A1)",
            "\u3000＝1", " \n＋1"]
NOT_FORMULAS = ["plain text", "a=1", "", "الرقة", "1-2", " a", "(=1)"]


def _spreadsheet_cells(fmt: str, df: pd.DataFrame) -> list[tuple]:
    """The data rows as a spreadsheet reads them: csv module on the CSV, openpyxl on the XLSX."""
    if fmt == "csv":
        import csv

        rows = list(csv.reader(io.StringIO(exports.events_csv(df).decode("utf-8-sig"), newline="")))
        return [tuple(r) for r in rows[1:]]
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(exports.events_xlsx(df))).active
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
    return list(ws.iter_rows(min_row=2, values_only=True))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cells_that_start_like_a_formula_get_an_apostrophe_in_csv_and_xlsx(fmt):
    texts = FORMULAS + NOT_FORMULAS
    df = pd.DataFrame({"notes": texts, "fatalities": [-3] * len(FORMULAS) + [7] * len(NOT_FORMULAS),
                       "latitude": [-35.5] * len(texts)})
    cells = _spreadsheet_cells(fmt, df)
    assert len(cells) == len(texts)
    for text, (notes, fatalities, latitude) in zip(texts, cells):
        expected = "'" + text if text in FORMULAS else text
        if fmt == "xlsx" and text == "":
            expected = None  # an empty cell
        assert notes == expected, f"{fmt}: {text!r} exported as {notes!r}"
        # numbers stay numbers, negative ones too (no apostrophe)
        if fmt == "xlsx":
            assert fatalities in (-3, 7) and isinstance(fatalities, int) and latitude == -35.5
        else:
            assert fatalities in ("-3", "7") and latitude == "-35.5"


def test_geojson_has_points_and_counts_rows_without_coordinates(events):
    collection = json.loads(exports.events_geojson(events).decode("utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 2 and collection["skipped_without_coordinates"] == 1
    first = collection["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [39.01, 35.95]}
    assert first["properties"]["actor1"] == "قوات سوريا الديمقراطية"
    assert first["properties"]["event_date"] == "2017-06-12"
    assert collection["features"][1]["properties"]["fatalities"] is None


def test_export_filename_is_safe():
    assert exports.export_filename("timeline", dt.date(2017, 1, 1), dt.date(2017, 12, 31), "png") == \
        "marsad_timeline_2017-01-01_2017-12-31.png"
    name = exports.export_filename("../top actors/<x>", "2017-01-01", None, ".PDF")
    assert re.fullmatch(r"[A-Za-z0-9_-]+\.[a-z0-9]+", name) and name.endswith(".pdf") and ".." not in name


def test_standalone_map_html_has_no_external_reference():
    points = pd.DataFrame({"event_id": ["e1"], "event_date": ["2017-06-12"], "event_type": ["Battles"],
                           "latitude": [35.95], "longitude": [39.0], "evidence": [XSS], "source_url": [None]})
    page = exports.map_html(maps.build_event_map(points, labels={}, data_attribution="Data: ACLED <x>")).decode("utf-8")
    assert "Data: ACLED \\u0026lt;x\\u0026gt; | Boundaries: OCHA" in page  # attribution travels with the file
    markup = re.sub(r"<script>.*?</script>", "", page, flags=re.S)
    assert re.findall(r"""(?:src|href)\s*=\s*["'](?!#)([^"']*)""", markup) == []
    assert "<script>alert" not in page.lower()


def _report_kwargs(timeline, lang="ar"):
    return dict(title="تقرير مرصد " + XSS, caption="الرقة، 2017 <b>bold</b>", lang=lang,
                headline={"الأحداث": 1234, "<i>القتلى</i>": 56}, figures=[("الخط الزمني " + XSS, timeline)],
                top_events=pd.DataFrame({"evidence": [XSS, "اشتباكات"], "source_url": ["https://example.org/a",
                                                                                     "javascript:alert(1)"]}),
                attribution="البيانات: ACLED " + XSS)


def test_report_html_is_self_contained_escaped_and_rtl(timeline):
    page = exports.report_html(**_report_kwargs(timeline)).decode("utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    assert "<script" not in page.lower()
    unisolated = page.replace("\u2066", "").replace("\u2069", "")  # Latin runs in Arabic text are isolated
    assert unisolated.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4  # title, heading, table, attribution
    assert "<b>bold</b>" not in page and "<i>القتلى</i>" not in page
    assert "<svg" in page and "1,234" in page
    assert 'href="javascript:' not in page and 'href="https://example.org/a"' in page
    assert re.findall(r"""<(?:img|link|script|iframe)[^>]+(?:src|href)=["']https?:""", page) == []


def test_report_pdf_prints_title_with_arabic_fonts(timeline):
    pdf = exports.report_pdf(**_report_kwargs(timeline))
    assert pdf.startswith(b"%PDF")
    title_hex = re.search(rb"/Title <FEFF([0-9A-F]+)>", pdf).group(1)
    assert bytes.fromhex(title_hex.decode()).decode("utf-16-be").startswith("تقرير مرصد")
    assert b"Arabic" in pdf  # an Arabic font was embedded for the Arabic text

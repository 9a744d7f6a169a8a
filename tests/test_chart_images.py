"""Chart images (PNG/SVG/PDF) from the warm chromium (dashboard.kaleido_server): what the user opens carries the
title, the filters and the attribution, Arabic shaped and in reading order; one image never carries another's
text (the page is kept between images); exports keep working after chromium dies."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import struct
import time
import unicodedata

import pandas as pd
import plotly.graph_objects as go
import pytest
from pypdf import PdfReader

from dashboard import charts, exports, kaleido_server

CAPTION = "Showing: Events from 1 Jan 2017 to 31 Dec 2017, actor Islamic State, in Ar-Raqqa"
ATTRIBUTION = "Data: UCDP Georeferenced Event Dataset (CC BY 4.0) · ACLED (acleddata.com) · Data as of 2026-12-03"
AR_CAPTION = "المعروض: الأحداث في الرقة ودير الزور، الفاعل داعش"
AR_ATTRIBUTION = "البيانات: ACLED (acleddata.com) · البيانات محدّثة في 2026-12-03"


def _timeline(rtl: bool = False, undated: bool = True) -> go.Figure:
    rows = [(dt.date(2017, m, 1), ty, True, m * 3 + 1, m) for m in range(1, 13)
            for ty in ("Battles", "Explosions/Remote violence", "Strategic developments")]
    if undated:
        rows.append((dt.date(2017, 1, 1), "Battles", False, 7, 16533))
    df = pd.DataFrame(rows, columns=["period", "event_type", "dated", "events", "fatalities"])
    coverage = pd.DataFrame({"origin": ["ucdp"], "start": [dt.date(2017, 1, 1)], "end": [dt.date(2017, 5, 31)]})
    return charts.timeline_figure(df, granularity="month", labels={"title": "x"}, type_names={}, rtl=rtl,
                                  coverage=coverage)


def _actors(title: str) -> go.Figure:
    rows = pd.DataFrame({"actor": ["داعش", "قسد", "Islamic State"], "events": [5, 3, 2], "fatalities": [1, 0, 4]})
    return charts.top_actors_figure(rows, metric="events", labels={"title": title}, rtl=True)


def _pdf_text(pdf: bytes) -> str:
    """The PDF's text as a reader copies it: presentation forms folded (NFKC), blanks collapsed."""
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return " ".join(unicodedata.normalize("NFKC", reader.pages[0].extract_text()).split())


@pytest.mark.parametrize("rtl", [False, True])
@pytest.mark.parametrize("size", [(1100, 600), (800, 450)])
def test_the_figure_sent_to_chromium_is_the_annotated_figure(rtl, size):
    """The export path skips plotly's validators; what it sends is exactly the validated annotated figure."""
    width, height = size
    for fig in (_timeline(rtl), _actors("أبرز الفاعلين")):
        kwargs = dict(title="Events by type " + "and fatalities " * 4, caption=AR_CAPTION if rtl else CAPTION,
                      attribution=AR_ATTRIBUTION if rtl else ATTRIBUTION, width=width, height=height)
        sent = exports.annotated_dict(fig, **kwargs)
        assert json.loads(go.Figure(sent).to_json()) == json.loads(exports.annotated_figure(fig, **kwargs).to_json())
        assert (sent["layout"]["width"], sent["layout"]["height"]) == size


def test_pdf_carries_title_filters_and_attribution_as_text():
    pdf = exports.figure_bytes(_timeline(), "pdf", title="Events by type and fatalities", caption=CAPTION,
                               attribution=ATTRIBUTION, width=800, height=450)
    text = _pdf_text(pdf)
    for part in ("Events by type and fatalities", CAPTION, ATTRIBUTION, "Battles", "Strategic developments"):
        assert part in text, part


def test_arabic_pdf_has_shaped_arabic_in_reading_order():
    pdf = exports.figure_bytes(_actors("أبرز الفاعلين"), "pdf", title="أبرز الفاعلين", caption=AR_CAPTION,
                               attribution=AR_ATTRIBUTION)
    raw = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert any("\ufe70" <= ch <= "\ufefc" for ch in raw), "joined (shaped) Arabic letter forms"
    text = _pdf_text(pdf)
    for word in ("أبرز", "الفاعلين", "الرقة", "داعش", "قسد", "ACLED", "acleddata", "2026"):
        assert word in text, word


def test_images_in_a_row_each_carry_their_own_text():
    """The warm page is reused: an image must never show the text (or the size) of the one before it."""
    first = exports.figure_bytes(_timeline(), "pdf", title="First chart Alpha", caption=CAPTION,
                                 attribution=ATTRIBUTION)
    second = exports.figure_bytes(_actors("Second"), "pdf", title="Second chart Beta", caption=AR_CAPTION,
                                  attribution=AR_ATTRIBUTION, width=800, height=450)
    assert "First chart Alpha" in _pdf_text(first) and "Beta" not in _pdf_text(first)
    assert "Second chart Beta" in _pdf_text(second) and "Alpha" not in _pdf_text(second)
    assert "Alpha" not in _pdf_text(exports.figure_bytes(_timeline(undated=False), "pdf", title="Third Gamma",
                                                         caption="", attribution=""))
    svg = exports.figure_bytes(_timeline(), "svg", title="Fourth Delta", caption=CAPTION, attribution=ATTRIBUTION)
    assert b"Fourth Delta" in svg and b"Gamma" not in svg and b"Beta" not in svg
    png = exports.figure_bytes(_timeline(), "png", title="Fifth", caption=CAPTION, attribution=ATTRIBUTION,
                               width=800, height=450)
    assert struct.unpack(">II", png[16:24]) == (800, 450)


def test_a_failed_image_does_not_break_the_next_one():
    with pytest.raises(Exception):  # noqa: B017  (kaleido's own error: the figure is not a figure)
        exports.render_figure({"data": "not a list", "layout": []}, "svg", width=400, height=300)
    svg = exports.figure_bytes(_timeline(), "svg", title="After the failure", caption=CAPTION,
                               attribution=ATTRIBUTION)
    assert b"After the failure" in svg


def test_exports_keep_working_after_chromium_dies():
    exports.figure_bytes(_timeline(), "svg", title="Before", caption="", attribution="")
    process = kaleido_server._server.kaleido.subprocess  # the chromium this test session started
    os.kill(process.pid, signal.SIGKILL)
    for _ in range(100):
        if process.poll() is not None:
            break
        time.sleep(0.05)
    svg = exports.figure_bytes(_timeline(), "svg", title="After a crash", caption=CAPTION, attribution=ATTRIBUTION)
    assert b"After a crash" in svg
    assert kaleido_server._server.kaleido.subprocess.pid != process.pid


def test_a_browser_that_does_not_start_gives_a_one_line_error_then_the_next_export_works(monkeypatch):
    kaleido_server.stop()
    monkeypatch.setenv("MARSAD_BROWSER_PATH", "/bin/false")  # executable, but not a browser
    with pytest.raises(exports.ExportError) as failed:
        exports.figure_bytes(_timeline(), "png", title="t", caption="", attribution="")
    assert "/bin/false" in str(failed.value) and "\n" not in str(failed.value)
    monkeypatch.undo()
    assert b"Back again" in exports.figure_bytes(_timeline(), "svg", title="Back again", caption="", attribution="")

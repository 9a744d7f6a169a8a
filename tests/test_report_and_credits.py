"""What an analyst pastes into a report: the printed report (Arabic text in order, event ids on the page, the
period compared, a static map, headings kept with their content), credits built from the data actually shown
(an ACLED-only store credits ACLED with its terms and never UCDP) in the footer, the data page and every
export, and the XLSX About sheet."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pandas as pd
import pypdf
import pytest

from dashboard import charts, exports
from dashboard.filters import Filters
from tests.conftest import ROOT
from tests.report_context import make_context, overview_report

ACLED = ROOT / "tests" / "fixtures" / "datasets" / "acled_current.csv"
RAQQA_2017_IS = Filters(date_from=dt.date(2017, 1, 1), date_to=dt.date(2017, 12, 31), admin1=("SY11",),
                        actors=("Islamic State",))


def _squash(text: str) -> str:
    """PDF text without the spaces and line breaks the extraction puts between glyph runs."""
    return re.sub(r"\s+", "", text)


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def acled_store(tmp_path_factory):
    from etl.config import get_settings
    from etl.pipeline import import_dataset

    db = tmp_path_factory.mktemp("acled-only") / "marsad.duckdb"
    import_dataset("acled", ACLED, settings=get_settings(db=str(db), progress="no"))
    return db


# ------------------------------------------------------------------------------------------------ report


def test_arabic_report_pdf_keeps_numbers_and_english_notes_in_order():
    note = "85 people were killed in the explosion of a car bomb (IS), 12 of them children"
    event_id = "ucdp:252355-acled:SYR123456789-article:0f3a9c77e1d24b6c"
    pdf = exports.report_pdf(
        title="تقرير مرصد", caption="الأحداث من 1 كانون الثاني 2017 إلى 31 كانون الأول 2017، في الرقة", lang="ar",
        headline={"الأحداث": "1,029 (+766 (+291%))", "القتلى": "7,266 (+5,539 (+321%))"}, figures=[],
        top_events=pd.DataFrame({"التاريخ": ["2017-12-31"], "ملاحظات": [note], "معرف الحدث": [event_id]}),
        column_keys=["event_date", "notes", "event_id"], attribution="البيانات: ACLED (acleddata.com)",
        comparison="مقارنة بالفترة 2 كانون الثاني 2016 – 31 كانون الأول 2016")
    text = _squash(" ".join(_pages(pdf)))
    assert "1,029(+766(+291%))" in text and "7,266(+5,539(+321%))" in text
    assert _squash(note) in text
    assert _squash(event_id) in text


def test_english_report_states_the_compared_period_has_a_map_and_no_stranded_heading(bundled_store):
    ctx = make_context(bundled_store, "en", RAQQA_2017_IS)
    page = overview_report(ctx, "html").decode("utf-8")
    assert "compared with 2 Jan 2016 – 31 Dec 2016" in page
    # the static map: drawn from the bundled boundaries (many outline points), no tile or remote image
    map_section = page[page.index("<h2>Where</h2>"):]
    assert map_section.count("<path") > 5 and "tile" not in map_section.lower()
    pdf = overview_report(ctx, "pdf")
    pages = _pages(pdf)
    headings = ("Events per month", "Top actors by Events", "Where", "Latest events")
    for number, text in enumerate(pages[:-1], start=1):
        last_line = " ".join([line for line in text.splitlines() if line.strip()][-1].split())
        assert last_line not in headings, f"page {number} ends with the heading {last_line!r}"
    text = _squash(" ".join(pages))
    assert _squash("compared with 2 Jan 2016 – 31 Dec 2016") in text


@pytest.mark.parametrize("notes", [35, 36])  # without the rule, these push "Latest events" to page 1's last line
def test_a_heading_is_never_left_alone_at_a_page_foot(notes):
    rows = pd.DataFrame({"Date": ["2017-12-31"] * 20, "Notes": ["85 people were killed in a car bomb"] * 20})
    pdf = exports.report_pdf(title="Marsad report", caption="Events", lang="en", headline={"Events": "1"},
                             figures=[], top_events=rows, attribution="x", top_events_heading="Latest events",
                             notes=[f"Note line {i}" for i in range(notes)])
    first = [line for line in _pages(pdf)[0].splitlines() if line.strip()]
    assert " ".join(first[-1].split()) != "Latest events"


# ------------------------------------------------------------------------------------------------ credits


def test_an_acled_only_store_credits_acled_with_its_terms_and_never_ucdp(acled_store):
    from dashboard.layout import attribution, data_credits
    from dashboard.credits import credit_lines

    for lang, terms in (("en", "ACLED Terms of Use"), ("ar", "شروط استخدام ACLED")):
        ctx = make_context(acled_store, lang, Filters())
        line = attribution(ctx)
        assert terms in line and "UCDP" not in line
        lines = credit_lines(data_credits(ctx), ctx.t)
        assert any("acleddata.com" in x for x in lines) and not any("UCDP" in x for x in lines)
        svg = exports.figure_bytes(charts.timeline_figure(ctx.store.timeline(ctx.filters, "month"),
                                                          granularity="month", labels={}, type_names={},
                                                          rtl=ctx.rtl), "svg", title="t", caption="c",
                                   attribution=line).decode("utf-8")
        assert "acleddata.com" in svg and "UCDP" not in svg


def test_footer_and_data_page_credit_acled_in_an_acled_only_store(acled_store, monkeypatch):
    from dashboard.literal import shown_text
    from tests.dashboard_fixtures import open_page

    monkeypatch.setenv("MARSAD_DB", str(acled_store))
    at = open_page("data_sources", "en")
    footer = " ".join(shown_text(c.value) for c in at.caption)
    assert "ACLED (acleddata.com, ACLED Terms of Use)" in footer and "UCDP" not in footer
    licences = " ".join(shown_text(m.value) for m in at.markdown)
    assert "ACLED Terms of Use and Attribution Policy" in licences and "UCDP" not in licences


def test_xlsx_in_arabic_has_arabic_headers_and_an_about_sheet_with_filters_date_and_licences(acled_store):
    from openpyxl import load_workbook

    from dashboard.export_tables import events_download as _export  # the Events page's download

    ctx = make_context(acled_store, "ar", Filters())
    book = load_workbook(io.BytesIO(_export(str(acled_store), Filters(), "xlsx", "ar", ctx.names, ctx.caption())))
    events, about = book.worksheets
    headers = [c.value for c in events[1]]
    assert "التاريخ" in headers and "event_date" not in headers
    assert any(c.value == "انفجارات/عنف عن بُعد" for c in events["D"] + events["E"] + events["C"])
    info = {row[0].value: row[1].value for row in about.iter_rows()}
    assert info["المرشحات"] == ctx.caption()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", info["البيانات محدَّثة في"])
    assert any("acleddata.com" in str(row[1].value) for row in about.iter_rows())
    geojson = json.loads(_export(str(acled_store), Filters(), "geojson", "en", ctx.names, ctx.caption()))
    assert any("acleddata.com" in line for line in geojson["attribution"])
    assert not any("UCDP" in line for line in geojson["attribution"])
    acled_csv = _export(str(acled_store), Filters(), "csv_acled", "ar", ctx.names, ctx.caption()).decode("utf-8-sig")
    assert acled_csv.startswith("event_id,event_date,") and "Explosions/Remote violence" in acled_csv


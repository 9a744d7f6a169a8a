"""Every dashboard page in English and Arabic, run with Streamlit's AppTest on the fixture store."""

import datetime as dt

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.literal import shown_text
from tests.dashboard_fixtures import APP, build_fixture_store, open_page

PAGES = {"overview": "overview", "timeline": "timeline", "actors": "actors", "map": "map", "events": "events",
         "news": "news", "data_sources": "data"}
TITLES = {
    "en": {"overview": "Overview", "timeline": "Timeline", "actors": "Actors", "map": "Map", "events": "Events",
           "news": "News", "data": "Data"},
    "ar": {"overview": "نظرة عامة", "timeline": "الخط الزمني", "actors": "الفاعلون", "map": "الخريطة",
           "events": "الأحداث", "news": "الأخبار", "data": "البيانات"},
}
ALL = {"en": "Showing: All events", "ar": "المعروض: جميع الأحداث"}
NO_EVENTS = {"en": "No events match these filters.", "ar": "لا توجد أحداث تطابق عوامل التصفية هذه."}
ATTRIBUTION = {"en": "UCDP Georeferenced Event Dataset (CC BY 4.0)", "ar": "UCDP GED (CC BY 4.0)"}  # the store has UCDP


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = build_fixture_store(tmp_path_factory.mktemp("pages") / "marsad.duckdb")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MARSAD_DB", str(path))
        mp.setenv("MARSAD_LANGUAGE", "en")
        yield str(path)


def count(store, sql, *params):
    con = duckdb.connect(store, read_only=True)
    try:
        return con.execute(sql, list(params)).fetchone()[0]
    finally:
        con.close()



def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def html_markdown(at) -> list[str]:
    """HTML the page builds itself: st.html bodies (and any st.markdown allowed to carry HTML)."""
    return [m.value for m in at.markdown if m.proto.allow_html] + [h.proto.body for h in at.get("html")]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders_in_both_languages(store, page, lang):
    at = open_page(page, lang)
    assert at.title[0].value == TITLES[lang][PAGES[page]]
    shown = captions(at)
    assert ALL[lang] in shown  # the filter caption, in the page's language
    assert any(ATTRIBUTION[lang] in shown_text(c) for c in shown)  # attribution footer on every page
    assert not any("<script>" in m for m in html_markdown(at))
    total = count(store, "SELECT count(*) FROM events")
    if page == "overview":
        metrics = {m.label: m.value for m in at.metric}
        events_label = "Events" if lang == "en" else "الأحداث"
        assert metrics[events_label] == f"{total:,}"
    elif page == "timeline":
        assert at.get("plotly_chart")
    elif page == "actors":
        options = at.selectbox(key="act_card").options
        assert ("تنظيم الدولة الإسلامية (داعش)" if lang == "ar" else "Islamic State") in options
    elif page == "map":
        expected = {"en": f"Showing all {total} events with coordinates.",
                    "ar": f"تُعرض جميع الأحداث ذات الإحداثيات وعددها {total}."}[lang]
        assert any(c.startswith(expected) for c in shown)
    elif page == "events":
        assert any(c.startswith(f"{total} " + ("events" if lang == "en" else "حدثًا")) for c in shown)
        assert at.dataframe(key="events-table").value.shape[0] == 50
    elif page == "news":
        body = "\n".join(html_markdown(at))
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert "&lt;img src=x onerror=alert(1)&gt;" in body
        assert "<img" not in body
        assert '<mark class="actor">' in body  # actor names highlighted
    elif page == "data_sources":
        reason = {"en": "Reason", "ar": "السبب"}[lang]
        quarantined = [d.value for d in at.dataframe if reason in d.value.columns]
        assert len(quarantined[0]) == 2 and "not a valid date" in quarantined[0][reason].iloc[0]
        text = "\n".join(m.value for m in at.markdown)
        assert "CC BY 3.0 IGO" in text


@pytest.mark.parametrize("lang, caption", [
    ("en", "Showing: Events from 1 Jan 2017 to 31 Dec 2017, in Ar-Raqqa"),
    ("ar", "المعروض: الأحداث من 1 كانون الثاني 2017 إلى 31 كانون الأول 2017، في الرقة"),
])
def test_overview_metrics_equal_store_counts_for_a_filter(store, lang, caption):
    at = open_page("overview", lang, **{"from": "2017-01-01", "to": "2017-12-31", "adm1": "SY11"})
    assert caption in captions(at)
    where = "event_date BETWEEN '2017-01-01' AND '2017-12-31' AND admin1_pcode = 'SY11'"
    values = [m.value for m in at.metric]
    expected = [count(store, f"SELECT count(*) FROM events WHERE {where}"),
                count(store, f"SELECT coalesce(sum(fatalities), 0) FROM events WHERE {where}"),
                count(store, f"SELECT coalesce(sum(arrests), 0) FROM events WHERE {where}")]
    assert values[:3] == [f"{n:,}" for n in expected]
    prev = count(store, "SELECT count(*) FROM events WHERE event_date BETWEEN '2016-01-02' AND '2016-12-31'"
                        " AND admin1_pcode = 'SY11'")
    assert at.metric[0].delta.startswith(f"{expected[0] - prev:+,}")


@pytest.mark.parametrize("page", ["overview", "timeline", "actors", "map", "events"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_empty_result_message(store, page, lang):
    at = open_page(page, lang, q="no-such-words-anywhere")
    assert NO_EVENTS[lang] in [i.value for i in at.info]
    assert not at.get("plotly_chart")


def test_event_detail_shows_evidence_highlighted_and_escaped(store):
    at = open_page("events", "en", event="art:art-xss:0")
    body = "\n".join(html_markdown(at))
    assert '<mark class="evidence">Islamic State fighters attacked a checkpoint in Ar-Raqqa on Monday.</mark>' in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>" not in body
    assert any("Event art:art-xss:0" == shown_text(s.value) for s in at.subheader)
    # the merged reports of an event are listed
    at = open_page("events", "ar", event="art:art-ar:1")
    assert any("Enab Baladi" in set(d.value.iloc[:, 0].astype(str)) for d in at.dataframe)


def test_filters_widgets_write_the_url_and_a_shared_url_restores_them(store):
    at = open_page("overview", "en")
    at.multiselect(key="flt_adm1").set_value(["SY11"]).run()
    at.selectbox(key="flt_preset").set_value("last_30").run()
    assert at.query_params["adm1"] == "SY11"
    assert (at.query_params["from"], at.query_params["to"]) == ("2019-10-30", "2019-11-28")
    assert "Showing: Events from 30 Oct 2019 to 28 Nov 2019, in Ar-Raqqa" in captions(at)
    shared = open_page("overview", "en", **{k: v for k, v in at.query_params.items() if k != "lang"})
    assert shared.multiselect(key="flt_adm1").value == ["SY11"]
    assert shared.date_input(key="flt_dates").value == (dt.date(2019, 10, 30), dt.date(2019, 11, 28))
    assert "Showing: Events from 30 Oct 2019 to 28 Nov 2019, in Ar-Raqqa" in captions(shared)


def test_bad_url_values_do_not_break_the_page(store):
    at = open_page("events", "en", **{"from": "2017-99-01", "adm1": "<script>", "actor": "Nobody", "minfat": "x"})
    assert ALL["en"] in captions(at)


def test_language_switch_and_arabic_labels(store):
    at = open_page("overview", "en")
    at.segmented_control(key="lang").set_value("ar").run()
    assert at.title[0].value == "نظرة عامة"
    assert at.query_params["lang"] == "ar"
    assert at.multiselect(key="flt_types").label == "أنواع الأحداث"
    assert "معارك" in at.multiselect(key="flt_types").options
    at.segmented_control(key="lang").set_value(None).run()  # clicking the selected language keeps it
    assert not at.exception and at.title[0].value == "نظرة عامة"


def test_missing_store_gives_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_DB", str(tmp_path / "none.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "marsad etl rebuild" in at.warning[0].value


def test_url_with_only_an_end_date(store):
    at = open_page("overview", "en", to="2016-12-31")
    expected = count(store, "SELECT count(*) FROM events WHERE event_date <= '2016-12-31'")
    assert at.metric[0].value == f"{expected:,}"


def test_events_page_search_box_filters_the_table(store):
    at = open_page("events", "en")
    at.text_input(key="ev_search").input("checkpoint").run()
    assert at.query_params["q"] == "checkpoint"
    assert any(c.startswith("1 event ·") for c in captions(at))
    assert list(at.dataframe(key="events-table").value.iloc[:, -1]) == ["art:art-xss:0"]


def test_unreadable_store_gives_a_clear_message(tmp_path, monkeypatch):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a duckdb file" * 100)
    monkeypatch.setenv("MARSAD_DB", str(bad))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert shown_text(at.error[0].value).startswith(f"The store at {bad} could not be opened")


def test_clear_filters_button(store):
    at = open_page("timeline", "ar", adm1="SY11", minfat="2")
    assert "المعروض: جميع الأحداث" not in captions(at)
    at.button(key="flt_reset").click().run()
    assert "المعروض: جميع الأحداث" in captions(at)
    assert "adm1" not in at.query_params and "minfat" not in at.query_params


def test_arabic_event_table_keeps_the_key_columns_first_and_blank_cells(store):
    """The table grid has no right-to-left mode and opens scrolled to its first columns, so the date and
    type stay first in Arabic too (reversing the columns hid them off-screen); empty text cells are blank,
    not the word None."""
    en = open_page("events", "en").dataframe(key="events-table").value
    ar = open_page("events", "ar").dataframe(key="events-table").value
    assert en.columns[0] == "Date" and ar.columns[0] == "التاريخ"
    assert len(ar.columns) == len(en.columns)
    text = ar.select_dtypes(exclude="number")
    assert not (text.astype(str) == "None").any().any()


@pytest.mark.parametrize("lang, words", [("en", "The date is estimated"), ("ar", "التاريخ تقديري")])
def test_an_estimated_date_is_said_on_the_event_and_can_be_filtered(store, lang, words):
    estimated = open_page("events", lang, event="art:art-ar:2")
    assert any(words in w.value for w in estimated.warning)
    plain = open_page("events", lang, event="art:art-ar:1")
    assert not any(words in w.value for w in plain.warning)
    only = open_page("events", lang, dates="estimated")
    assert only.selectbox(key="flt_date_kind").value == "estimated"
    assert any(("1 event" if lang == "en" else "حدث واحد") in shown_text(c.value) for c in only.caption)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_review_filter_limits_every_page_and_says_so(store, lang):
    for page in ("overview", "events", "map", "actors", "timeline"):
        at = open_page(page, lang, review="fair")  # no exception on any page
        assert at.selectbox(key="flt_review").value == "fair"
    words = "graded Fair or Confirmed" if lang == "en" else "مقبول أو مؤكَّد"
    assert any(words in shown_text(c.value) for c in at.caption)

"""A shared link with values out of range, malformed or absurdly big (issue 9): every page still renders, with
no traceback, and says in a notice which value was dropped or cut (AppTest on the fixture store)."""

from __future__ import annotations


import pytest

from dashboard.literal import shown_text
from tests.dashboard_fixtures import build_fixture_store, open_page

PAGES = ("overview", "timeline", "actors", "map", "events", "news", "data_sources")
TITLES = {"overview": "Overview", "timeline": "Timeline", "actors": "Actors", "map": "Map", "events": "Events",
          "news": "News", "data_sources": "Data"}
ALL = "Showing: All events"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = build_fixture_store(tmp_path_factory.mktemp("url-limits") / "marsad.duckdb")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MARSAD_DB", str(path))
        mp.setenv("MARSAD_LANGUAGE", "en")
        yield str(path)



def notices(at) -> list[str]:
    return [shown_text(w.value) for w in at.warning]


def captions(at) -> list[str]:
    return [shown_text(c.value) for c in at.caption]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("param,value", [("from", "9999-12-31"), ("to", "0001-01-01")])
def test_dates_out_of_range_are_dropped_with_a_notice_on_every_page(store, page, param, value):
    at = open_page(page, **{param: value})
    assert at.title[0].value == TITLES[page]
    assert notices(at) == [f"The link's “{param}” date “{value}” is not a date between 1 Jan 1900 and "
                           "31 Dec 2099; it was ignored."]
    assert ALL in captions(at)  # the date was dropped: all events are shown


@pytest.mark.parametrize("params,notice,caption", [
    ({"from": "2017-13-45"}, "The link's “from” date “2017-13-45” is not a date", ALL),
    ({"to": "yesterday", "from": "2017-01-01"}, "The link's “to” date “yesterday” is not a date",
     "Showing: Events from 1 Jan 2017 to 28 Nov 2019"),
    ({"q": "raqqa " * 20_000}, "The link's search text has 119,999 characters; only the first 200 are used.",
     "Showing: All events, mentioning “" + ("raqqa " * 20_000)[:200].strip() + "”"),
    ({"minfat": "9" * 5000}, "is more than 1,000,000; 1,000,000 is used.",
     "Showing: All events, at least 1000000 fatalities"),
    ({"minfat": "-3"}, "The link's minimum fatalities “-3” is not a whole number; it was ignored.", ALL),
    ({"actor": [f"Nobody {i}" for i in range(999)]}, "The link gives 999 values for “actor”; only the first 200 "
     "are used.", ALL),
    ({"actor": ["Nobody", "Islamic State"]}, "1 of the link's values for “actor” are not known here and were ignored.",
     "Showing: All events, actor Islamic State"),
    ({"type": "x" * 100_000}, "1 of the link's values for “type” are not known here and were ignored.", ALL),
])
def test_malformed_and_huge_url_values_leave_a_working_page_and_a_notice(store, params, notice, caption):
    at = open_page("overview", **params)
    assert at.title[0].value == "Overview"
    assert any(notice in n for n in notices(at)), notices(at)
    assert caption in captions(at), captions(at)
    assert at.metric, "the headline figures should be drawn"


def test_a_list_of_10000_values_opens_the_page_unfiltered(store):
    """Beyond 1,000 URL parameters Streamlit ignores the whole query string (and logs it): no error, all events."""
    at = open_page("events", type=["Battles"] * 10_000, actor=["x" * 100] * 10_000)
    assert ALL in captions(at)
    assert at.dataframe(key="events-table").value.shape[0] == 50


@pytest.mark.parametrize("params", [{"from": "1900-01-01", "to": "2099-12-31"}, {"from": "2030-01-01"},
                                    {"to": "1950-06-01"}], ids=["widest", "after-the-store", "before-the-store"])
def test_extreme_but_valid_dates_give_no_error_and_no_notice(store, params):
    at = open_page("overview", **params)
    assert notices(at) == []
    assert at.metric


def test_the_notice_is_in_arabic_and_goes_once_a_filter_changes(store):
    at = open_page("timeline", "ar", **{"from": "9999-12-31"})
    assert notices(at) == ["تاريخ «from» في الرابط «9999-12-31» ليس تاريخًا بين 1 كانون الثاني 1900 و31 كانون الأول "
                           "2099؛ تم تجاهله."]
    at.number_input(key="flt_minfat").set_value(1).run()
    assert not at.exception
    assert notices(at) == []

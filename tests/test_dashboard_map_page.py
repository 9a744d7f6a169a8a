"""The Map and Overview pages in Streamlit's AppTest on the fixture store: beyond map_max_points every event is
counted (and the page says how), the time slider narrows the map to one month, and the Overview caption only
names layers it shows."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from tests.dashboard_fixtures import build_fixture_store, open_page


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = build_fixture_store(tmp_path_factory.mktemp("mappage") / "marsad.duckdb")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MARSAD_DB", str(path))
        mp.setenv("MARSAD_LANGUAGE", "en")
        yield str(path)


def located(store, where="TRUE", params=()):
    with duckdb.connect(store, read_only=True) as con:
        return con.execute(f"SELECT count(*) FROM events WHERE latitude IS NOT NULL AND {where}",
                           list(params)).fetchone()[0]


def notice(at) -> str:
    return " ".join(c.value for c in at.caption if "events" in c.value or "حدث" in c.value)


@pytest.mark.parametrize("lang, words", [("en", "too many to draw one by one"), ("ar", "أكثر من أن تُرسم")])
def test_beyond_the_point_budget_the_map_counts_every_event(store, monkeypatch, lang, words):
    monkeypatch.setenv("MARSAD_MAP_MAX_POINTS", "50")
    at = open_page("map", lang)
    total = located(store)
    assert total > 50
    assert words in notice(at) and f"{total:,}" in notice(at)


def test_overview_caption_names_no_heat_layer(store, monkeypatch):
    monkeypatch.setenv("MARSAD_MAP_MAX_POINTS", "50")
    at = open_page("overview", "en")
    shown = " ".join(c.value for c in at.caption)
    assert "heat" not in shown.lower()
    assert f"{located(store):,} events, each circle counting" in shown


def test_time_slider_shows_one_month_on_the_map(store):
    at = open_page("map", "en")
    slider = at.select_slider(key="map_period_month")
    assert slider.value == "all"
    slider.set_value(dt.date(2017, 3, 1)).run()
    n = located(store, "event_date BETWEEN ? AND ?", (dt.date(2017, 3, 1), dt.date(2017, 3, 31)))
    assert f"Period 1 Mar 2017 – 31 Mar 2017: Showing all {n:,} events" in notice(at)
    # the sidebar filters are untouched: the slider only moves the map
    assert at.session_state["flt_preset"] == "all"

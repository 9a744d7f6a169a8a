"""Charts that do not mislead: events dated only to the month or year are not piled on a period's first day,
periods no source covers are marked apart from periods without events, ticks are round integers and each axis
reaches its maximum; on the pages, the actor card follows the filters and says so, and a count an origin does
not record reads "not recorded" instead of 0 or None."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard import charts
from dashboard.filters import Filters
from dashboard.literal import shown_text
from tests.dashboard_fixtures import open_page


def _rows(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["period", "event_type", "dated", "events", "fatalities"])


def _line(fig):
    return next(t for t in fig.data if t.type == "scatter")


def test_events_dated_only_to_the_year_are_a_note_not_a_spike_on_1_january():
    df = _rows([(dt.date(2016, 1, 1), "Battles", True, 20, 40), (dt.date(2016, 1, 1), "Battles", False, 7, 16533),
                (dt.date(2016, 2, 1), "Battles", True, 25, 55)])
    fig = charts.timeline_figure(df, granularity="month", labels={}, type_names={}, rtl=False)
    bars = [t for t in fig.data if t.type == "bar"]
    assert list(bars[0].y) == [20, 25]
    assert list(_line(fig).y) == [40, 55]  # not 16,573 in January
    notes = [a.text for a in fig.layout.annotations if a.name == "undated"]
    assert notes == ["7 events (16,533 fatalities) dated less precisely than the period are not drawn"]


def test_periods_without_source_coverage_are_shaded_and_the_line_breaks_there():
    df = _rows([(dt.date(2019, m, 1), "Battles", True, 10, 3) for m in (10, 11)]
               + [(dt.date(2023, 2, 1), "Strategic developments", True, 1, 0)])
    coverage = pd.DataFrame({"origin": ["ucdp", "article"], "start": [dt.date(2016, 1, 1), dt.date(2023, 2, 1)],
                             "end": [dt.date(2019, 11, 30), dt.date(2023, 2, 28)]})
    fig = charts.timeline_figure(df, granularity="month", labels={"no_coverage": "No source coverage"},
                                 type_names={}, rtl=False, coverage=coverage)
    shaded = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(shaded) == 1
    assert pd.Timestamp(shaded[0].x0) == pd.Timestamp("2019-12-01")
    assert pd.Timestamp(shaded[0].x1) == pd.Timestamp("2023-02-01")
    line = _line(fig)
    values = dict(zip(pd.to_datetime(line.x), line.y))
    assert values[pd.Timestamp("2019-11-01")] == 3 and values[pd.Timestamp("2023-02-01")] == 0
    assert pd.isna(values[pd.Timestamp("2021-06-01")])  # no source: no value, not zero
    assert "No source coverage" in [t.name for t in fig.data]
    # without coverage information, nothing is shaded (the months read as months without events)
    plain = charts.timeline_figure(df, granularity="month", labels={}, type_names={}, rtl=False)
    assert not plain.layout.shapes


@pytest.mark.parametrize("events,fatalities", [(2, 518), (7, 259), (30, 1), (683, 3511)])
def test_ticks_are_round_integers_and_each_axis_reaches_its_maximum(events, fatalities):
    df = _rows([(dt.date(2017, 1, 1), "Battles", True, events, fatalities),
                (dt.date(2017, 2, 1), "Battles", True, 1, 0)])
    fig = charts.timeline_figure(df, granularity="month", labels={}, type_names={}, rtl=False)
    for axis, top in ((fig.layout.yaxis, events), (fig.layout.yaxis2, fatalities)):
        assert axis.tickmode == "linear" and axis.tick0 == 0
        assert float(axis.dtick).is_integer() and str(int(axis.dtick)).rstrip("0") in ("1", "2", "25", "5")
        assert axis.range[0] == 0 and axis.range[1] >= top
        assert axis.range[1] / axis.dtick == fig.layout.yaxis.range[1] / fig.layout.yaxis.dtick  # one grid


# ------------------------------------------------------------------------------------------------ pages


@pytest.fixture()
def bundled(bundled_store, monkeypatch):
    monkeypatch.setenv("MARSAD_DB", str(bundled_store))
    monkeypatch.setenv("MARSAD_LANGUAGE", "en")
    return bundled_store


def test_actor_card_follows_the_filters_and_says_so(bundled, store_count_bundled):
    at = open_page("actors", "en", **{"from": "2017-01-01", "to": "2017-12-31", "adm1": "SY11"})
    at.selectbox(key="act_card").set_value("Islamic State").run()
    scope = " ".join(shown_text(c.value) for c in at.caption)
    assert "Under the filters: Events from 1 Jan 2017 to 31 Dec 2017, in Ar-Raqqa" in scope
    card = {m.label: m.value for m in at.metric}
    expected = store_count_bundled("(actor1 = 'Islamic State' OR actor2 = 'Islamic State') AND admin1_pcode = 'SY11'"
                                   " AND event_date BETWEEN DATE '2017-01-01' AND DATE '2017-12-31'")
    all_time = store_count_bundled("actor1 = 'Islamic State' OR actor2 = 'Islamic State'")
    assert card["Events"] == f"{expected:,}" and expected < all_time


@pytest.mark.parametrize("lang,label,value", [("en", "Arrests", "not recorded"), ("ar", "المعتقلون", "غير مسجَّل")])
def test_ucdp_selection_shows_arrests_not_recorded_instead_of_zero(bundled, lang, label, value):
    at = open_page("overview", lang, origin="ucdp")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[label] == value
    table = at.dataframe[0].value
    assert "None" not in table.astype(str).to_numpy().ravel().tolist()


def test_mixed_selection_names_the_origin_left_out_of_the_arrests_total(bundled):
    at = open_page("overview", "en")
    notes = " ".join(shown_text(c.value) for c in at.caption)
    assert "UCDP GED do(es) not record this count: left out of the total" in notes


@pytest.fixture()
def store_count_bundled(bundled_store):
    import duckdb

    def count(where: str) -> int:
        with duckdb.connect(str(bundled_store), read_only=True) as con:
            return int(con.execute(f"SELECT count(*) FROM events WHERE {where}").fetchone()[0])

    return count


def test_filters_are_used_by_the_card_query(bundled_store):
    """dashboard.data.actor_card under filters counts only the filtered events (the page's query)."""
    from dashboard import data

    with data.reader(bundled_store) as con:
        everything = data.actor_card(con, "Islamic State")
        narrowed = data.actor_card(con, "Islamic State", Filters(date_from=dt.date(2017, 1, 1),
                                                                 date_to=dt.date(2017, 12, 31), admin1=("SY11",)))
    assert narrowed["events"] < everything["events"]
    assert narrowed["first_seen"] >= dt.date(2017, 1, 1) and narrowed["last_seen"] <= dt.date(2017, 12, 31)

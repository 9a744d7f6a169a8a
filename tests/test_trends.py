"""dashboard.trends and the Timeline page's trends: no gaps in the periods, rolling averages, the same period a
year earlier, groups side by side (each title over its own chart, also right to left), and a week-by-week table
that pastes as cells and adds up to the filtered total (AppTest on the fixture store)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from dashboard import trend_charts, trends
from tests.dashboard_fixtures import build_fixture_store, open_page

D = dt.date


def test_totals_fill_empty_periods_and_rolling_average_counts_from_the_start():
    rows = pd.DataFrame({"period": [D(2017, 1, 2), D(2017, 1, 2), D(2017, 1, 16)],
                         "event_type": ["Battles", "Riots", "Battles"], "events": [3, 1, 8], "fatalities": [5, 0, 1]})
    out = trends.with_rolling(trends.totals(rows, D(2017, 1, 4), D(2017, 1, 29), "week"), "week")
    assert out["period"].tolist() == [D(2017, 1, 2), D(2017, 1, 9), D(2017, 1, 16), D(2017, 1, 23)]
    assert out["events"].tolist() == [4, 0, 8, 0]  # the empty week is 0, not left out
    assert out["events_avg"].tolist() == [4.0, 2.0, 4.0, 3.0]


def test_same_period_a_year_earlier_and_the_change_said():
    assert trends.year_before(D(2017, 1, 1), D(2017, 12, 31)) == (D(2016, 1, 1), D(2016, 12, 31))
    assert trends.year_before(D(2016, 2, 29), D(2016, 3, 31)) == (D(2015, 2, 28), D(2015, 3, 31))
    assert trends.change(13, 10) == "+3 (+30%)" and trends.change(4, 0) == "+4"


def test_week_by_week_table_pastes_as_cells():
    weekly = trends.with_rolling(pd.DataFrame({"period": [D(2017, 1, 2), D(2017, 1, 9)], "events": [4, 6],
                                               "fatalities": [1, 0]}), "week")
    table = trends.weekly_table(weekly, {"week_start": "Week from", "events": "Events"})
    lines = trends.as_tsv(table).splitlines()
    assert lines[0].split("\t")[:3] == ["Week from", "week_end", "Events"]
    assert lines[2].split("\t")[:4] == ["2017-01-09", "2017-01-15", "6", "2"]


@pytest.mark.parametrize("rtl", [False, True])
def test_each_small_chart_has_its_own_title_above_it(rtl):
    groups = ["SY11", "SY09", "SY02", "SY04"]
    df = trends.side_by_side(pd.DataFrame({"period": [D(2017, 1, 1)] * 4, "group": groups, "events": [9, 5, 3, 1]}),
                             D(2017, 1, 1), D(2017, 3, 1), "month", groups)
    names = {"SY11": "Ar-Raqqa", "SY09": "Deir-ez-Zor", "SY02": "Aleppo", "SY04": "Homs <b>"}
    fig = trend_charts.multiples_figure(df, groups, names, labels={"title": "t"}, rtl=rtl)
    layout = fig.layout
    for trace in fig.data:
        axis = layout["xaxis" + trace.xaxis[1:]]
        centre = sum(axis.domain) / 2
        (title,) = [a for a in layout.annotations if abs(a.x - centre) < 0.01 and a.text
                    and abs(a.y - layout["yaxis" + trace.yaxis[1:]].domain[1]) < 0.01]
        assert title.text == trace.name
    first = fig.data[0]
    assert first.name == "Ar-Raqqa" and (layout["xaxis" + first.xaxis[1:]].domain[0] > 0.5) == rtl
    assert "Homs &lt;b&gt;" in [a.text for a in layout.annotations]  # a name from the data is text, not markup


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = build_fixture_store(tmp_path_factory.mktemp("trends") / "marsad.duckdb")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MARSAD_DB", str(path))
        yield str(path)


def count(store, sql, *params):
    with duckdb.connect(store, read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()[0][0]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_timeline_page_shows_the_year_before_and_a_week_by_week_table(store, lang):
    at = open_page("timeline", lang, **{"from": "2018-01-01", "to": "2018-12-31"})
    now = count(store, "SELECT count(*) FROM events WHERE event_date BETWEEN '2018-01-01' AND '2018-12-31'")
    then = count(store, "SELECT count(*) FROM events WHERE event_date BETWEEN '2017-01-01' AND '2017-12-31'")
    events = [m for m in at.metric if m.value == f"{now:,}"]
    assert events and events[0].delta == trends.change(now, then)
    week_from = {"en": "Week from", "ar": "الأسبوع من"}[lang]
    (table,) = [d.value for d in at.dataframe if week_from in d.value.columns]
    assert len(table) == 53  # every week touching 2018, empty ones too
    assert table.iloc[:, 2].sum() == now
    pasted = at.code[0].value.splitlines()
    assert len(pasted) == 54 and pasted[1].split("\t")[0] == "2018-01-01"

"""dashboard.charts: what a reader of the charts sees — stacking, colours, mirrored axes, empty states."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import charts
from dashboard.palette import EVENT_TYPE_COLOURS, FONT_RTL

TYPES_AR = {"Battles": "معارك", "Violence against civilians": "عنف ضد المدنيين"}


def _timeline_df() -> pd.DataFrame:
    rows = []
    for month in (1, 2, 3):
        rows.append((dt.date(2017, month, 1), "Battles", 10 * month, month))
        rows.append((dt.date(2017, month, 1), "Violence against civilians", 5, 2))
    rows.append((dt.date(2017, 2, 1), "Protests", 1, 0))
    return pd.DataFrame(rows, columns=["period", "event_type", "events", "fatalities"])


def _bars(fig: go.Figure) -> list:
    return [t for t in fig.data if t.type == "bar"]


def test_timeline_stacks_one_bar_trace_per_type_and_fatalities_on_second_axis():
    fig = charts.timeline_figure(_timeline_df(), granularity="month", labels={"title": "Events"},
                                 type_names={}, rtl=False)
    assert fig.layout.barmode == "stack"
    assert [t.name for t in _bars(fig)] == ["Battles", "Violence against civilians", "Protests"]
    battles = _bars(fig)[0]
    assert list(battles.y) == [10, 20, 30]
    lines = [t for t in fig.data if t.type == "scatter"]
    assert len(lines) == 1 and lines[0].yaxis == "y2"
    assert list(lines[0].y) == [1 + 2, 2 + 2, 3 + 2]  # fatalities summed over types per period
    assert fig.layout.yaxis2.overlaying == "y"
    # a click on a bar yields the period it stands for
    assert battles.customdata[0][0] == "2017-01-01"


def test_event_type_colours_are_fixed_and_independent_of_language_and_order():
    df = _timeline_df()
    en = charts.timeline_figure(df, granularity="month", labels={}, type_names={}, rtl=False)
    ar = charts.timeline_figure(df.iloc[::-1], granularity="month", labels={}, type_names=TYPES_AR, rtl=True)
    en_colours = {t.meta["event_type"]: t.marker.color for t in _bars(en)}
    ar_colours = {t.meta["event_type"]: t.marker.color for t in _bars(ar)}
    assert en_colours == ar_colours
    assert en_colours["Battles"] == EVENT_TYPE_COLOURS["Battles"]
    assert len(set(en_colours.values())) == len(en_colours)
    assert {t.name for t in _bars(ar)} >= {"معارك", "عنف ضد المدنيين"}


def test_rtl_mirrors_axes_legend_title_and_font():
    labels = {"title": "الأحداث حسب الشهر", "y": "الأحداث", "y2": "القتلى"}
    fig = charts.timeline_figure(_timeline_df(), granularity="month", labels=labels, type_names=TYPES_AR, rtl=True)
    assert fig.layout.xaxis.autorange == "reversed"
    assert fig.layout.yaxis.side == "right" and fig.layout.yaxis2.side == "left"
    # the legend sits below the plot, aligned to the reading side (beside it, it covered the y2 title)
    assert fig.layout.legend.xanchor == "right" and fig.layout.legend.x == 1 and fig.layout.legend.y < 0
    assert fig.layout.title.xanchor == "right" and fig.layout.title.text == "الأحداث حسب الشهر"
    assert fig.layout.font.family == FONT_RTL
    assert fig.layout.xaxis.tickformat == "%Y-%m"  # no English month names on an Arabic chart
    ltr = charts.timeline_figure(_timeline_df(), granularity="month", labels={}, type_names={}, rtl=False)
    assert ltr.layout.xaxis.autorange is True
    assert ltr.layout.yaxis.side == "left"
    assert ltr.layout.legend.xanchor == "left" and ltr.layout.legend.x == 0 and ltr.layout.legend.y < 0


def test_the_fatalities_line_drops_to_zero_in_months_without_events():
    df = pd.DataFrame({"period": pd.to_datetime(["2019-10-01", "2019-11-01", "2023-02-01"]),
                       "event_type": ["Battles"] * 3, "events": [5, 4, 1], "fatalities": [10, 7, 6]})
    fig = charts.timeline_figure(df, granularity="month", labels={}, type_names={}, rtl=False)
    line = next(t for t in fig.data if t.type == "scatter")
    assert len(line.x) == 41  # Oct 2019 .. Feb 2023, every month
    values = dict(zip(pd.to_datetime(line.x), line.y))
    assert values[pd.Timestamp("2019-11-01")] == 7 and values[pd.Timestamp("2021-06-01")] == 0
    assert values[pd.Timestamp("2023-02-01")] == 6


@pytest.mark.parametrize("build", [
    lambda lab, rtl: charts.timeline_figure(pd.DataFrame(columns=["period", "event_type", "events", "fatalities"]),
                                            granularity="month", labels=lab, type_names={}, rtl=rtl),
    lambda lab, rtl: charts.top_actors_figure(pd.DataFrame(columns=["actor", "events", "fatalities"]),
                                              metric="events", labels=lab, rtl=rtl),
    lambda lab, rtl: charts.interaction_matrix_figure(pd.DataFrame(columns=["actor1", "actor2", "events"]),
                                                      labels=lab, rtl=rtl),
    lambda lab, rtl: charts.actor_activity_figure(pd.DataFrame(columns=["period", "actor", "events"]),
                                                  labels=lab, rtl=rtl),
])
def test_empty_data_shows_a_centred_no_data_message(build):
    fig = build({"no_data": "لا توجد بيانات"}, True)
    assert len(fig.data) == 0
    (note,) = fig.layout.annotations
    assert note.text == "لا توجد بيانات" and (note.x, note.y) == (0.5, 0.5)


def test_top_actors_sorted_largest_on_top_and_metric_switch():
    df = pd.DataFrame({"actor": ["SDF", "Islamic State", "Civilians"], "events": [50, 80, 5],
                       "fatalities": [10, 3, 90]})
    by_events = charts.top_actors_figure(df, metric="events", labels={}, rtl=False)
    bar = by_events.data[0]
    assert bar.orientation == "h"
    assert list(bar.y)[-1] == "Islamic State"  # plotly draws the last category at the top
    by_deaths = charts.top_actors_figure(df, metric="fatalities", labels={}, rtl=True)
    assert list(by_deaths.data[0].y)[-1] == "Civilians"
    assert by_deaths.layout.yaxis.side == "right" and by_deaths.layout.xaxis.autorange == "reversed"
    assert by_deaths.data[0].customdata[-1][0] == "Civilians"
    with pytest.raises(ValueError):
        charts.top_actors_figure(df, metric="arrests", labels={}, rtl=False)


def test_interaction_matrix_rows_act_against_columns():
    df = pd.DataFrame({"actor1": ["Islamic State", "Islamic State", "SDF"],
                       "actor2": ["SDF", "Civilians", "Islamic State"], "events": [7, 3, 9]})
    fig = charts.interaction_matrix_figure(df, labels={"title": "Who against whom"}, rtl=False)
    heat = fig.data[0]
    assert heat.type == "heatmap"
    z = {(a1, a2): heat.z[i][j] for i, a1 in enumerate(heat.y) for j, a2 in enumerate(heat.x)}
    assert z[("Islamic State", "SDF")] == 7 and z[("SDF", "Islamic State")] == 9
    assert pd.isna(z[("SDF", "Civilians")])  # never met: blank, not 0
    assert heat.customdata[list(heat.y).index("SDF")][list(heat.x).index("Islamic State")] == ["SDF", "Islamic State"]


def test_actor_activity_one_line_per_actor_ordered_by_total():
    df = pd.DataFrame({"period": [dt.date(2017, 1, 1), dt.date(2017, 2, 1)] * 2,
                       "actor": ["SDF", "SDF", "Islamic State", "Islamic State"], "events": [1, 2, 10, 20]})
    fig = charts.actor_activity_figure(df, labels={}, rtl=True)
    assert [t.name for t in fig.data] == ["Islamic State", "SDF"]
    assert fig.layout.xaxis.autorange == "reversed"
    assert fig.data[0].line.color != fig.data[1].line.color


def test_labels_are_not_interpreted_as_hover_template_code():
    fig = charts.top_actors_figure(pd.DataFrame({"actor": ["A"], "events": [1], "fatalities": [0]}),
                                   metric="events", labels={"events": "%{x} <b>x</b>"}, rtl=False)
    assert "%{x} <b>" not in fig.data[0].hovertemplate


def test_compact_timeline_is_short_with_legend_below_and_no_title():
    fig = charts.timeline_figure(_timeline_df(), granularity="month", labels={"title": "Events"}, type_names={},
                                 rtl=True, compact=True)
    assert fig.layout.height == 260 and fig.layout.legend.orientation == "h" and fig.layout.legend.y < 0
    assert not (fig.layout.title and fig.layout.title.text)
    assert fig.layout.xaxis.autorange == "reversed"

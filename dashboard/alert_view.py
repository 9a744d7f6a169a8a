"""One alert on the Alerts page: which alerts the sidebar's filters keep, the events filter and link behind an
alert (the Events page's URL parameters, dashboard/filters.py), and its small chart: the 16 weekly counts stored
with the alert, the weeks of its window highlighted. Pure: no Streamlit import.

RTL (``rtl=True``): the chart's time axis reversed and its value axis on the right, as in dashboard/charts.py.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go

from dashboard.filters import Filters
from dashboard.palette import FONT_LTR, FONT_RTL

WINDOW_COLOUR = "#c0392b"
BEFORE_COLOUR = "#9aa5b1"


def window_weeks(window_days: int | None) -> int:
    """How many of the last weekly bars the alert's window covers (1 for a day or a 7-day window, 5 for 30 days)."""
    return max(1, -(-int(window_days or 1) // 7))


def alert_series_figure(series: list[int] | None, day: dt.date, window_days: int | None, labels: dict,
                        rtl: bool = False) -> go.Figure:
    """Bars of the weekly counts ending on `day` (oldest first); labels: title, x, y, window, before."""
    counts = [] if series is None else [int(v) for v in series]  # a list or the numpy array pandas gives
    ends = [day - dt.timedelta(days=7 * (len(counts) - 1 - i)) for i in range(len(counts))]
    recent = window_weeks(window_days)
    colours = [WINDOW_COLOUR if i >= len(counts) - recent else BEFORE_COLOUR for i in range(len(counts))]
    names = [labels.get("window", "") if i >= len(counts) - recent else labels.get("before", "")
             for i in range(len(counts))]
    fig = go.Figure(go.Bar(x=ends, y=counts, marker_color=colours, customdata=names,
                           hovertemplate="%{x|%Y-%m-%d}: %{y} (%{customdata})<extra></extra>"))
    fig.update_layout(
        template="plotly_white", height=190, showlegend=False, bargap=0.15,
        font={"family": FONT_RTL if rtl else FONT_LTR, "size": 11},
        margin={"l": 10, "r": 10, "t": 28, "b": 10},
        title={"text": labels.get("title", ""), "x": 0.98 if rtl else 0.02, "xanchor": "right" if rtl else "left",
               "font": {"size": 12}},
        xaxis={"title": None, "tickformat": "%d %b", "autorange": "reversed" if rtl else True},
        yaxis={"title": labels.get("y", ""), "side": "right" if rtl else "left", "rangemode": "tozero"},
    )
    return fig


def _day(value) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    return pd.Timestamp(value).date()


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def kept_alerts(alerts: pd.DataFrame, filters: Filters, kind: str = "all") -> pd.DataFrame:
    """The alerts of this kind whose day is within the filter's dates and whose area or actor is among the
    filter's areas and actors (when it names any)."""
    if alerts.empty:
        return alerts
    days = pd.to_datetime(alerts["day"]).dt.date
    keep = pd.Series(True, index=alerts.index)
    if kind != "all":
        keep &= alerts["kind"] == kind
    if filters.date_from:
        keep &= days >= filters.date_from
    if filters.date_to:
        keep &= days <= filters.date_to
    if filters.admin1:
        keep &= alerts["admin1_pcode"].isin(filters.admin1)
    if filters.admin2:
        keep &= alerts["area_pcode"].isin(filters.admin2)
    if filters.actors:
        keep &= alerts["actor"].isin(filters.actors)
    return alerts[keep]


def alert_filters(alert: dict) -> Filters:
    """The events behind an alert: its area and/or actor (and event type), over its window (or its day)."""
    return Filters(date_from=_day(alert.get("period_start")), date_to=_day(alert.get("period_end")),
                   admin2=(_text(alert.get("area_pcode")),) if _text(alert.get("area_pcode")) else (),
                   actors=(_text(alert.get("actor")),) if _text(alert.get("actor")) else (),
                   event_types=(_text(alert.get("event_type")),) if _text(alert.get("event_type")) else ())


def events_url(alert: dict, lang: str) -> str:
    """A link to the Events page filtered to the alert's events (the page reads it like any shared link)."""
    return "./events?" + urlencode({**alert_filters(alert).to_query_params(), "lang": lang}, doseq=True)

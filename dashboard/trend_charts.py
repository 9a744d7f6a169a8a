"""Plotly figures for the trends on the Timeline page (pure: frames from dashboard/trends.py and translated labels
-> go.Figure; no Streamlit). Right-to-left: time axes reversed, value axes on the right, Arabic-capable font.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts import _escape_template as safe_template
from dashboard.charts import _plotly_text as safe_text
from dashboard.palette import FONT_LTR, FONT_RTL, SERIES_COLOURS


def _layout(fig: go.Figure, rtl: bool, title: str, height: int) -> None:
    fig.update_layout(template="plotly_white", height=height,
                      font={"family": FONT_RTL if rtl else FONT_LTR, "size": 12},
                      title={"text": title, "x": 0.98 if rtl else 0.02, "xanchor": "right" if rtl else "left"},
                      margin={"l": 50, "r": 50, "t": 60, "b": 60}, hoverlabel={"align": "right" if rtl else "left"},
                      legend={"orientation": "h", "x": 1 if rtl else 0, "xanchor": "right" if rtl else "left",
                              "y": -0.15, "yanchor": "top"})


def rolling_figure(df: pd.DataFrame, *, labels: dict, rtl: bool) -> go.Figure:
    """Events per period (light bars) with their rolling average (a line). df: period, events, events_avg."""
    fig = go.Figure()
    x = pd.to_datetime(df["period"])
    fig.add_trace(go.Bar(x=x, y=df["events"], name=labels.get("events", "Events"), marker={"color": "#b0bec5"},
                         hovertemplate="%{x|%Y-%m-%d}: %{y:,}<extra></extra>"))
    fig.add_trace(go.Scatter(x=x, y=df["events_avg"], name=labels.get("average", "Rolling average"),
                             mode="lines", line={"color": "#263238", "width": 2.5},
                             hovertemplate="%{x|%Y-%m-%d}: %{y:,.1f}<extra></extra>"))
    _layout(fig, rtl, labels.get("title", ""), 380)
    fig.update_layout(xaxis={"type": "date", "tickformat": "%Y-%m", "autorange": "reversed" if rtl else True},
                      yaxis={"side": "right" if rtl else "left", "rangemode": "tozero",
                             "title": {"text": labels.get("y", "")}}, bargap=0.1)
    return fig


def multiples_figure(df: pd.DataFrame, groups: list[str], names: dict[str, str], *, labels: dict,
                     rtl: bool) -> go.Figure:
    """One small chart per group (same scale, so they compare), three to a row. df: group, period, events."""
    cols = 3
    rows = max(1, math.ceil(len(groups) / cols))
    titles = [safe_text(names.get(g, g)) for g in groups]  # names from the data: shown as written

    def cell(i: int) -> tuple[int, int]:  # (row, col); in right-to-left the first group sits top right
        return i // cols + 1, (cols - i % cols) if rtl else (i % cols + 1)

    grid = [""] * (rows * cols)  # subplot titles go by grid position, row by row from the left
    for i, title in enumerate(titles):
        r, c = cell(i)
        grid[(r - 1) * cols + c - 1] = title
    fig = make_subplots(rows=rows, cols=cols, shared_xaxes=True, shared_yaxes=True, subplot_titles=grid,
                        vertical_spacing=0.12 if rows > 1 else 0.2, horizontal_spacing=0.04)
    for i, g in enumerate(groups):
        part = df[df["group"] == g]
        row, col = cell(i)
        fig.add_trace(go.Scatter(x=pd.to_datetime(part["period"]), y=part["events"], name=titles[i], mode="lines",
                                 fill="tozeroy", line={"color": SERIES_COLOURS[i % len(SERIES_COLOURS)], "width": 1.8},
                                 hovertemplate=f"{safe_template(names.get(g, g))}<br>%{{x|%Y-%m-%d}}: %{{y:,}}<extra></extra>",
                                 showlegend=False), row=row, col=col)
    _layout(fig, rtl, labels.get("title", ""), 220 * rows + 80)
    fig.update_xaxes(type="date", tickformat="%Y-%m", autorange="reversed" if rtl else True)
    fig.update_yaxes(rangemode="tozero", side="right" if rtl else "left")
    return fig

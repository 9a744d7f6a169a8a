"""Plotly figures for the dashboard: pure functions from a small DataFrame (already aggregated by
`dashboard/data.py`) and already-translated labels to a `go.Figure`. No Streamlit import.

`labels` keys (all optional; English fallbacks are used for missing keys):
- every figure: ``title``, ``x``, ``y``, ``no_data`` (text of the centred annotation on empty data)
- timeline_figure: ``y2`` (fatalities axis), ``legend`` (legend title), ``fatalities`` (line trace name),
  ``events`` (hover label for counts)
- top_actors_figure: ``events``, ``fatalities`` (hover label of the metric)
- interaction_matrix_figure: ``colorbar`` (colour bar title), ``events`` (hover label)
- actor_activity_figure: ``legend``, ``events``

`type_names` maps the stored (English ACLED) event type to its display name; colours are keyed by the stored
type (dashboard.palette), so a type has the same colour in both languages and on the map.

RTL (``rtl=True``): time axes reversed (``autorange="reversed"``), value axes on the right (the secondary axis
on the left), legend on the left, right-aligned title, Arabic-capable font (palette.FONT_RTL).

Clicks: timeline bars carry ``customdata=[period ISO date]``; actor bars/lines carry ``customdata=[actor]``;
heatmap cells carry ``customdata=[actor1, actor2]``, so a page can narrow its filter from a selection.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.palette import FONT_LTR, FONT_RTL, SERIES_COLOURS, event_type_colour, ordered_event_types

_DEFAULTS = {
    "title": "",
    "x": "",
    "y": "Events",
    "y2": "Fatalities",
    "legend": "",
    "fatalities": "Fatalities",
    "events": "Events",
    "colorbar": "Events",
    "no_data": "No data for these filters",
}
# Tick / hover date formats per timeline granularity.
_DATE_FORMATS = {
    "day": ("%d %b %Y", "%Y-%m-%d"),
    "week": ("%d %b %Y", "%Y-%m-%d"),
    "month": ("%b %Y", "%Y-%m"),
    "quarter": ("%b %Y", "%Y-%m"),
    "year": ("%Y", "%Y"),
}


def _label(labels: dict | None, key: str, default: str | None = None) -> str:
    if labels and labels.get(key) is not None:
        return str(labels[key])
    return _DEFAULTS.get(key, "") if default is None else default


def _base_layout(fig: go.Figure, labels: dict | None, rtl: bool, *, compact: bool = False) -> None:
    """Title, font, margins and legend placement shared by every figure (mirrored for RTL)."""
    title = _label(labels, "title")
    fig.update_layout(
        template="plotly_white",
        font={"family": FONT_RTL if rtl else FONT_LTR, "size": 12 if compact else 13},
        title={
            "text": title,
            "x": 0.98 if rtl else 0.02,
            "xanchor": "right" if rtl else "left",
        } if title and not compact else None,
        margin={"l": 40, "r": 40, "t": 30 if compact or not title else 60, "b": 40},
        hoverlabel={"align": "right" if rtl else "left"},
        legend={
            "x": -0.08 if rtl else 1.08,
            "xanchor": "right" if rtl else "left",
            "y": 1,
            "yanchor": "top",
        },
    )
    if compact:
        fig.update_layout(
            height=260,
            legend={"orientation": "h", "x": 1 if rtl else 0, "xanchor": "right" if rtl else "left",
                    "y": -0.15, "yanchor": "top"},
        )


def _empty_figure(labels: dict | None, rtl: bool, *, compact: bool = False) -> go.Figure:
    fig = go.Figure()
    _base_layout(fig, labels, rtl, compact=compact)
    fig.update_layout(
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[{
            "text": _label(labels, "no_data"),
            "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
            "showarrow": False, "font": {"size": 16, "color": "#666666"},
        }],
    )
    return fig


_PERIOD_FREQ = {"day": "D", "week": "W-MON", "month": "MS"}


def timeline_figure(df: pd.DataFrame, *, granularity: str, labels: dict, type_names: dict, rtl: bool,
                    compact: bool = False) -> go.Figure:
    """Stacked bars of events per period and event type, fatalities as a line on a secondary y axis.

    df columns: period (date), event_type, events, fatalities (one row per period and type).
    Bars carry customdata = [period ISO date] for click-to-filter.
    """
    if df is None or df.empty:
        return _empty_figure(labels, rtl, compact=compact)
    data = df.copy()
    data["period"] = pd.to_datetime(data["period"])
    data["events"] = pd.to_numeric(data["events"], errors="coerce").fillna(0)
    data["fatalities"] = pd.to_numeric(data["fatalities"], errors="coerce").fillna(0)
    tick_format, hover_format = _DATE_FORMATS.get(granularity, _DATE_FORMATS["day"])
    if rtl:  # Plotly's month names are English: numeric dates read the same in Arabic
        tick_format = hover_format
    events_label = _label(labels, "events")
    fig = go.Figure()
    for event_type in ordered_event_types(data["event_type"].dropna().unique()):
        rows = data[data["event_type"] == event_type].sort_values("period")
        name = str((type_names or {}).get(event_type, event_type))
        fig.add_trace(go.Bar(
            x=rows["period"],
            y=rows["events"],
            name=name,
            legendgroup=event_type,
            marker={"color": event_type_colour(event_type)},
            customdata=[[p.date().isoformat()] for p in rows["period"]],
            hovertemplate=f"%{{x|{hover_format}}}<br>{_escape_template(name)}: %{{y:,}} "
                          f"{_escape_template(events_label)}<extra></extra>",
            meta={"event_type": event_type},
        ))
    per_period = data.groupby("period")["fatalities"].sum().sort_index()
    # periods with no event have no fatalities: zeros, so the line does not bridge a gap in the data
    freq = _PERIOD_FREQ.get(granularity)
    if freq and len(per_period) > 1:
        full = pd.date_range(per_period.index.min(), per_period.index.max(), freq=freq)
        if len(full) <= 20_000 and per_period.index.isin(full).all():
            per_period = per_period.reindex(full, fill_value=0)
    per_period = per_period.rename_axis("period").reset_index()
    fatalities_name = _label(labels, "fatalities")
    fig.add_trace(go.Scatter(
        x=per_period["period"],
        y=per_period["fatalities"],
        name=fatalities_name,
        mode="lines+markers",
        yaxis="y2",
        line={"color": "#222222", "width": 2},
        marker={"size": 4},
        customdata=[[p.date().isoformat()] for p in per_period["period"]],
        hovertemplate=f"%{{x|{hover_format}}}<br>{_escape_template(fatalities_name)}: %{{y:,}}<extra></extra>",
    ))
    _base_layout(fig, labels, rtl, compact=compact)
    fig.update_layout(
        barmode="stack",
        legend_title_text=_label(labels, "legend") or None,
        xaxis={"title": {"text": _label(labels, "x")}, "tickformat": tick_format, "type": "date",
               "autorange": "reversed" if rtl else True},
        yaxis={"title": {"text": _label(labels, "y")}, "side": "right" if rtl else "left", "rangemode": "tozero"},
        yaxis2={"title": {"text": _label(labels, "y2")}, "overlaying": "y", "side": "left" if rtl else "right",
                "rangemode": "tozero", "showgrid": False, "tickmode": "sync"},
    )
    if not compact:  # below the plot: beside it, the legend would cover the fatalities axis title
        fig.update_layout(legend={"orientation": "h", "x": 1 if rtl else 0, "xanchor": "right" if rtl else "left",
                                  "y": -0.18, "yanchor": "top"}, margin={"b": 90})
    return fig


def top_actors_figure(df: pd.DataFrame, *, metric: str = "events", labels: dict, rtl: bool) -> go.Figure:
    """Horizontal bars of the top actors by `metric` ('events' or 'fatalities'), largest at the top.

    df columns: actor, events, fatalities. Bars carry customdata = [actor].
    """
    if metric not in ("events", "fatalities"):
        raise ValueError(f"metric must be 'events' or 'fatalities', not {metric!r}")
    if df is None or df.empty:
        return _empty_figure(labels, rtl)
    data = df.copy()
    data[metric] = pd.to_numeric(data[metric], errors="coerce").fillna(0)
    data = data.sort_values(metric, ascending=True)  # plotly draws the first category at the bottom
    metric_label = _label(labels, metric)
    fig = go.Figure(go.Bar(
        x=data[metric],
        y=[_plotly_text(a) for a in data["actor"].astype(str)],
        orientation="h",
        marker={"color": "#b2182b" if metric == "fatalities" else "#2166ac"},
        customdata=[[a] for a in data["actor"].astype(str)],
        hovertemplate=f"%{{y}}<br>{_escape_template(metric_label)}: %{{x:,}}<extra></extra>",
        name=metric_label,
    ))
    _base_layout(fig, labels, rtl)
    fig.update_layout(
        showlegend=False,
        height=max(300, 28 * len(data) + 120),
        xaxis={"title": {"text": _label(labels, "x") or metric_label},
               "autorange": "reversed" if rtl else True, "rangemode": "tozero"},
        yaxis={"title": {"text": _label(labels, "y", "")}, "side": "right" if rtl else "left",
               "type": "category", "automargin": True, "ticklabelstandoff": 6},
    )
    return fig


def interaction_matrix_figure(df: pd.DataFrame, *, labels: dict, rtl: bool) -> go.Figure:
    """Heatmap of events by actor1 (rows: who acts) and actor2 (columns: against whom).

    df columns: actor1, actor2, events. Cells carry customdata = [actor1, actor2].
    """
    if df is None or df.empty:
        return _empty_figure(labels, rtl)
    data = df.copy()
    data["events"] = pd.to_numeric(data["events"], errors="coerce").fillna(0)
    data["actor1"] = data["actor1"].fillna("—").astype(str)
    data["actor2"] = data["actor2"].fillna("—").astype(str)
    rows = data.groupby("actor1")["events"].sum().sort_values(ascending=True).index.tolist()
    cols = data.groupby("actor2")["events"].sum().sort_values(ascending=False).index.tolist()
    matrix = data.pivot_table(index="actor1", columns="actor2", values="events", aggfunc="sum", fill_value=0)
    matrix = matrix.reindex(index=rows, columns=cols, fill_value=0)
    custom = [[[a1, a2] for a2 in cols] for a1 in rows]
    events_label = _label(labels, "events")
    z = matrix.to_numpy(dtype=float, copy=True)
    z[z == 0] = float("nan")  # blank cells for pairs that never met
    fig = go.Figure(go.Heatmap(
        z=z,
        x=[_plotly_text(c) for c in cols],
        y=[_plotly_text(r) for r in rows],
        customdata=custom,
        colorscale="Reds",
        hoverongaps=False,
        colorbar={"title": {"text": _label(labels, "colorbar")},
                  "x": -0.12 if rtl else 1.02, "xanchor": "right" if rtl else "left"},
        hovertemplate=f"%{{y}} → %{{x}}<br>{_escape_template(events_label)}: %{{z:,}}<extra></extra>",
    ))
    _base_layout(fig, labels, rtl)
    fig.update_layout(
        height=max(350, 30 * len(rows) + 180),
        xaxis={"title": {"text": _label(labels, "x", "Against (actor 2)")}, "type": "category", "tickangle": -35,
               "autorange": "reversed" if rtl else True, "automargin": True},
        yaxis={"title": {"text": _label(labels, "y", "Actor (actor 1)")}, "type": "category",
               "side": "right" if rtl else "left", "automargin": True, "ticklabelstandoff": 6},
    )
    return fig


def actor_activity_figure(df: pd.DataFrame, *, labels: dict, rtl: bool) -> go.Figure:
    """Lines of events per period for each actor (actors ordered by total events; stable colours by rank).

    df columns: period (date), actor, events. Points carry customdata = [actor].
    """
    if df is None or df.empty:
        return _empty_figure(labels, rtl)
    data = df.copy()
    data["period"] = pd.to_datetime(data["period"])
    data["events"] = pd.to_numeric(data["events"], errors="coerce").fillna(0)
    data["actor"] = data["actor"].astype(str)
    order = data.groupby("actor")["events"].sum().sort_values(ascending=False).index.tolist()
    events_label = _label(labels, "events")
    fig = go.Figure()
    for rank, actor in enumerate(order):
        rows = data[data["actor"] == actor].sort_values("period")
        fig.add_trace(go.Scatter(
            x=rows["period"],
            y=rows["events"],
            name=_plotly_text(actor),
            mode="lines+markers",
            line={"color": SERIES_COLOURS[rank % len(SERIES_COLOURS)], "width": 2},
            marker={"size": 4},
            customdata=[[actor]] * len(rows),
            hovertemplate=f"%{{x|%Y-%m-%d}}<br>%{{fullData.name}}: %{{y:,}} "
                          f"{_escape_template(events_label)}<extra></extra>",
        ))
    _base_layout(fig, labels, rtl)
    fig.update_layout(
        legend_title_text=_label(labels, "legend") or None,
        xaxis={"title": {"text": _label(labels, "x")}, "type": "date", "autorange": "reversed" if rtl else True,
               **({"tickformat": "%Y-%m"} if rtl else {})},
        yaxis={"title": {"text": _label(labels, "y")}, "side": "right" if rtl else "left", "rangemode": "tozero"},
    )
    return fig


def _plotly_text(text: str) -> str:
    """A name from the data as Plotly text: Plotly reads `<a href>`, `<b>`, `<br>` and entities in category
    labels, trace names and hover text, so `&`, `<` and `>` are escaped and the name shows as written."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_template(text: str) -> str:
    """Make a label safe inside a Plotly hovertemplate (no %{...} substitution, no HTML tags)."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("%{", "%&#123;"))

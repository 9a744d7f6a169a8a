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

import math

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
                    compact: bool = False, coverage: pd.DataFrame | None = None) -> go.Figure:
    """Stacked bars of events per period and event type, fatalities as a line on a secondary y axis.

    df columns: period (date), event_type, events, fatalities (one row per period and type), and optionally
    dated (False: the date is less precise than the period; such rows are left out of the bars and the line and
    counted in a note above the plot, never piled on the period's first day). `coverage` [origin, start, end]:
    the time the sources cover; periods outside every range are shaded as "no source coverage" (and the line
    breaks there) instead of reading as periods without events. Both axes have round integer ticks on the same
    grid, each reaching its maximum. Bars carry customdata = [period ISO date] for click-to-filter.
    """
    if df is None or df.empty:
        return _empty_figure(labels, rtl, compact=compact)
    data = df.copy()
    data["period"] = pd.to_datetime(data["period"])
    data["events"] = pd.to_numeric(data["events"], errors="coerce").fillna(0)
    data["fatalities"] = pd.to_numeric(data["fatalities"], errors="coerce").fillna(0)
    undated = data[~data["dated"].fillna(True).astype(bool)] if "dated" in data else data.iloc[0:0]
    data = data.drop(undated.index)
    tick_format, hover_format = _DATE_FORMATS.get(granularity, _DATE_FORMATS["day"])
    if rtl:  # Plotly's month names are English: numeric dates read the same in Arabic
        tick_format = hover_format
    events_label = _label(labels, "events")
    fig = go.Figure()
    for event_type in ordered_event_types(data["event_type"].dropna().unique()):
        rows = data[data["event_type"] == event_type].groupby("period", as_index=False)["events"].sum()
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
    gaps = _coverage_gaps(coverage, per_period.index, granularity)
    line = per_period.astype(float)
    for start, end in gaps:  # no source covers these periods: no value, not zero
        line[(line.index >= start) & (line.index < end)] = float("nan")
    line = line.rename_axis("period").reset_index()
    fatalities_name = _label(labels, "fatalities")
    fig.add_trace(go.Scatter(
        x=line["period"],
        y=line["fatalities"],
        name=fatalities_name,
        mode="lines+markers",
        yaxis="y2",
        line={"color": "#222222", "width": 2},
        marker={"size": 4},
        connectgaps=False,
        customdata=[[p.date().isoformat()] for p in line["period"]],
        hovertemplate=f"%{{x|{hover_format}}}<br>{_escape_template(fatalities_name)}: %{{y:,}}<extra></extra>",
    ))
    _base_layout(fig, labels, rtl, compact=compact)
    stacked = data.groupby("period")["events"].sum()
    events_axis, fatalities_axis = _shared_integer_ticks(stacked.max() if len(stacked) else 0,
                                                         per_period.max() if len(per_period) else 0)
    fig.update_layout(
        barmode="stack",
        legend_title_text=_label(labels, "legend") or None,
        xaxis={"title": {"text": _label(labels, "x")}, "tickformat": tick_format, "type": "date",
               "autorange": "reversed" if rtl else True},
        yaxis={"title": {"text": _label(labels, "y")}, "side": "right" if rtl else "left", **events_axis},
        yaxis2={"title": {"text": _label(labels, "y2")}, "overlaying": "y", "side": "left" if rtl else "right",
                "showgrid": False, **fatalities_axis},
    )
    if not compact:  # below the plot: beside it, the legend would cover the fatalities axis title
        fig.update_layout(legend={"orientation": "h", "x": 1 if rtl else 0, "xanchor": "right" if rtl else "left",
                                  "y": -0.18, "yanchor": "top"}, margin={"b": 90})
    _mark_gaps(fig, gaps, labels)
    _note_undated(fig, undated, labels, rtl)
    return fig


_NICE = (1, 2, 2.5, 5, 10)


def _nice_step(maximum: float, intervals: int) -> int:
    """The smallest round integer step (1, 2, 2.5, 5 x 10^k) with `intervals` steps reaching `maximum`."""
    raw = max(float(maximum), 1.0) / max(intervals, 1)
    if raw <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in _NICE:
        step = factor * magnitude
        if step >= raw and float(step).is_integer():
            return int(step)
    return int(10 * magnitude)


def _shared_integer_ticks(events_max: float, fatalities_max: float, intervals: int = 4) -> tuple[dict, dict]:
    """Axis settings for events and fatalities: integer round ticks from 0, the same number of intervals on
    both (so the grid lines of one serve the other), each range reaching its maximum."""
    counts = []
    for maximum in (events_max, fatalities_max):
        step = _nice_step(maximum, intervals)
        counts.append(max(1, math.ceil(max(float(maximum), 1.0) / step)))
    n = max(counts)
    axes = []
    for maximum in (events_max, fatalities_max):
        step = _nice_step(maximum, n)
        axes.append({"range": [0, step * n], "tickmode": "linear", "tick0": 0, "dtick": step,
                     "tickformat": ",d", "autorange": False})
    return axes[0], axes[1]


def _coverage_gaps(coverage: pd.DataFrame | None, periods: pd.Index, granularity: str) -> list:
    """[(start, end)] timestamps of the stretches between the first and last period that no source covers."""
    if coverage is None or coverage.empty or not len(periods):
        return []
    step = {"day": pd.Timedelta(days=1), "week": pd.Timedelta(days=7)}.get(granularity, pd.DateOffset(months=1))
    lo, hi = periods.min(), periods.max() + step
    spans = sorted((pd.Timestamp(a), pd.Timestamp(b) + pd.Timedelta(days=1))
                   for a, b in zip(coverage["start"], coverage["end"]) if not pd.isna(a) and not pd.isna(b))
    gaps, cursor = [], lo
    for start, end in spans:
        if start > cursor:
            gaps.append((cursor, min(start, hi)))
        cursor = max(cursor, end)
    if cursor < hi:
        gaps.append((cursor, hi))
    # only whole periods count as uncovered (a month half covered is covered)
    return [(a, b) for a, b in gaps if b > a and b - a >= pd.Timedelta(days=28 if granularity == "month" else 1)]


def _mark_gaps(fig: go.Figure, gaps: list, labels: dict | None) -> None:
    if not gaps:
        return
    for start, end in gaps:
        fig.add_vrect(x0=start, x1=end, fillcolor="#bbbbbb", opacity=0.35, line_width=0, layer="below")
    fig.add_trace(go.Bar(x=[None], y=[None], name=_label(labels, "no_coverage", "No source coverage"),
                         marker={"color": "rgba(187,187,187,0.6)"}, hoverinfo="skip", meta={"role": "no_coverage"}))


def _note_undated(fig: go.Figure, undated: pd.DataFrame, labels: dict | None, rtl: bool) -> None:
    if undated.empty:
        return
    template = _label(labels, "undated", "{events} events ({fatalities} fatalities) dated less precisely than "
                                         "the period are not drawn")
    text = template.format(events=f"{int(undated['events'].sum()):,}",
                           fatalities=f"{int(undated['fatalities'].sum()):,}")
    fig.add_annotation(text=_plotly_text(text), xref="paper", yref="paper", x=1 if rtl else 0, y=1.01,
                       xanchor="right" if rtl else "left", yanchor="bottom", showarrow=False,
                       font={"size": 11, "color": "#8a4b00"}, name="undated")


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

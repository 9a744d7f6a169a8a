"""Timeline: events per day/week/month stacked by type, fatalities on a second axis; clicking a bar
narrows the date filter to that period."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import charts
from dashboard.filters import period_range
from dashboard.layout import (chart_exports, context, coverage_text, no_events, page_header, show_chart,
                              timeline_options)
from dashboard.literal import literal_markdown

GRANULARITIES = ("day", "week", "month")


def _on_bar_click(granularity: str) -> None:
    """Runs before the next script run: narrow the sidebar dates to the clicked period."""
    state = st.session_state.get("timeline-chart")
    points = (state or {}).get("selection", {}).get("points", []) if state else []
    if not points:
        return
    point = points[0]
    raw = (point.get("customdata") or [point.get("x")])[0]
    try:
        start = dt.date.fromisoformat(str(raw)[:10])
    except ValueError:
        return
    st.session_state["flt_preset"] = "custom"
    st.session_state["flt_dates"] = period_range(start, granularity)


def render() -> None:
    ctx = context()
    t = ctx.t
    page_header(ctx, "timeline")
    if "tl_gran" not in st.session_state:
        wanted = st.query_params.get("gran", "month")
        st.session_state["tl_gran"] = wanted if wanted in GRANULARITIES else "month"
    gran = st.segmented_control(t("timeline.granularity"), GRANULARITIES, key="tl_gran",
                                format_func=lambda g: t(f"timeline.{g}")) or "month"
    st.query_params["gran"] = gran
    df = ctx.store.timeline(ctx.filters, gran)
    if df.empty:
        no_events(ctx)
        return
    labels = {"title": t("timeline.chart_title"), "x": t("timeline.period"), "y": t("common.events"),
              "y2": t("common.fatalities"), "fatalities": t("common.fatalities"), "events": t("common.events"),
              "legend": t("col.event_type"), "no_data": t("common.no_events")}
    honest = timeline_options(ctx)
    fig = charts.timeline_figure(df, granularity=gran, labels={**labels, **honest["labels"]},
                                 type_names=ctx.type_names(), rtl=ctx.rtl, coverage=honest["coverage"])
    st.caption(t("timeline.click_hint"))
    with st.container(key="timeline-coverage"):
        st.caption(literal_markdown(coverage_text(ctx, honest["coverage"])))
    show_chart(ctx, fig, key="timeline-chart", on_select=lambda: _on_bar_click(gran), selection_mode=("points",))
    chart_exports(ctx, fig, f"timeline-{gran}", t("timeline.chart_title"))


render()

"""Timeline: events per day/week/month stacked by type, fatalities on a second axis; clicking a bar
narrows the date filter to that period. Trends below it (dashboard/trends.py): the rolling average, this period
against the same period a year earlier, governorates or actors side by side, and a week-by-week table to paste."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import charts, trend_charts, trends
from dashboard.filters import period_range
from dashboard.layout import (chart_exports, context, coverage_text, export_filename, no_events, page_header,
                              show_chart, timeline_options)
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
    start, end = ctx.effective_period()
    rolling(ctx, df, gran, start, end)
    year_on_year(ctx, start, end)
    multiples(ctx, gran, start, end)
    weekly(ctx, start, end)


def rolling(ctx, df, gran: str, start, end) -> None:
    t = ctx.t
    st.subheader(t("trends.rolling_heading"), anchor=False)
    data = trends.with_rolling(trends.totals(df, start, end, gran), gran)
    n = trends.ROLLING[gran]
    title = t("trends.rolling_title", n=n, unit=t(f"trends.unit_{gran}"))
    fig = trend_charts.rolling_figure(data, rtl=ctx.rtl, labels={
        "title": title, "events": t("common.events"), "average": t("trends.average", n=n, unit=t(f"trends.unit_{gran}")),
        "y": t("common.events")})
    show_chart(ctx, fig, key="trend-rolling")
    chart_exports(ctx, fig, f"trend-rolling-{gran}", title)


def year_on_year(ctx, start, end) -> None:
    """This period (the filter's dates, else the store's) against the same dates a year earlier."""
    t = ctx.t
    if not (start and end):
        return
    before = trends.year_before(start, end)
    now = ctx.store.headline(ctx.filters.with_dates(start, end))
    then = ctx.store.headline(ctx.filters.with_dates(*before))
    st.subheader(t("trends.yoy_heading"), anchor=False)
    with st.container(key="trend-yoy"):
        st.caption(t("trends.yoy_caption", start=t.date(start), end=t.date(end), start0=t.date(before[0]),
                     end0=t.date(before[1])))
        for col, key in zip(st.columns(3), ("events", "fatalities", "arrests")):
            with col:
                st.metric(t(f"common.{key}"), t.number(now[key]), delta=trends.change(now[key], then[key]),
                          delta_color="off", help=t("trends.yoy_help", n=t.number(then[key])))


def multiples(ctx, gran: str, start, end) -> None:
    t = ctx.t
    st.subheader(t("trends.multiples_heading"), anchor=False)
    by = st.segmented_control(t("trends.by"), ("admin1", "actor"), key="trend_by", default="admin1",
                              format_func=lambda b: t(f"trends.by_{b}")) or "admin1"
    found = ctx.store.group_activity(ctx.filters, by, gran, 6)
    if not found["groups"]:
        st.caption(t("common.no_events"))
        return
    names = {g: (ctx.area_name(g) if by == "admin1" else ctx.actor_name(g)) for g in found["groups"]}
    side = trends.side_by_side(found["rows"], start, end, gran, found["groups"])
    title = t("trends.multiples_title", unit=t(f"trends.unit_{gran}"))
    fig = trend_charts.multiples_figure(side, found["groups"], names, rtl=ctx.rtl, labels={"title": title})
    show_chart(ctx, fig, key="trend-multiples")
    chart_exports(ctx, fig, f"trend-{by}-{gran}", title)


def weekly(ctx, start, end) -> None:
    """Week by week, as a table and as tab-separated text with a copy button (pastes as cells)."""
    t = ctx.t
    st.subheader(t("trends.weekly_heading"), anchor=False)
    weeks = trends.with_rolling(trends.totals(ctx.store.timeline(ctx.filters, "week"), start, end, "week"), "week")
    headers = {k: t(f"trends.col_{k}") for k in ("week_start", "week_end", "events", "change", "fatalities",
                                                 "events_avg", "fatalities_avg")}
    table = trends.weekly_table(weeks, headers)
    with st.container(key="trend-weekly"):
        st.dataframe(table, hide_index=True, key="trend-weekly-table", width="stretch", height=320)
        st.caption(t("trends.weekly_paste"))
        st.code(trends.as_tsv(table), language=None, height=160)
        st.download_button(t("trends.weekly_csv"), data=table.to_csv(index=False).encode("utf-8-sig"),
                           file_name=export_filename(ctx, "weekly", "csv"), mime="text/csv", key="dl-weekly-csv",
                           on_click="ignore", icon=":material/download:")


render()

"""Overview: headline figures with the change against the previous period, a small timeline, a small
map, the latest events and the report downloads."""

from __future__ import annotations

from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from dashboard import charts, maps
from dashboard.layout import (PAGE_COLUMNS, audited_export, chart_exports, context, display_events, export_filename,
                              map_labels, no_events, page_header, show_chart, table_config, timeline_options)
from dashboard.report_build import build_report as _report
from dashboard.report_build import headline_figures


def headline(ctx) -> dict:
    t = ctx.t
    cmp = ctx.store.headline_comparison(ctx.filters)
    help_text = (t("overview.change_help", start=t.date(cmp["previous_from"]), end=t.date(cmp["previous_to"]))
                 if cmp["previous"] else t("overview.no_previous"))
    cols = st.columns(4)
    for col, fig in zip(cols, headline_figures(ctx, cmp)):
        with col, st.container(key=f"metric-{fig['key']}"):
            st.metric(fig["label"], fig["value"], delta=fig["delta"], delta_color="off", help=help_text)
            if fig["note"]:
                st.caption(fig["note"])
    return cmp


def small_timeline(ctx):
    t = ctx.t
    df = ctx.store.timeline(ctx.filters, "month")
    labels = {"title": t("overview.small_timeline"), "y": t("common.events"), "y2": t("common.fatalities"),
              "fatalities": t("common.fatalities"), "events": t("common.events"), "no_data": t("common.no_events")}
    honest = timeline_options(ctx)
    fig = charts.timeline_figure(df, granularity="month", labels={**labels, **honest["labels"]},
                                 type_names=ctx.type_names(), rtl=ctx.rtl, compact=True, coverage=honest["coverage"])
    st.subheader(t("overview.small_timeline"), anchor=False)
    show_chart(ctx, fig, key="overview-timeline")
    chart_exports(ctx, fig, "overview-timeline", t("overview.small_timeline"))
    return fig


def small_map(ctx):
    """The filtered events on a small map that opens on them (fit to data); beyond 1,000 (or map_max_points)
    every event is counted in grid cells instead of drawn, so none is left out."""
    t = ctx.t
    st.subheader(t("overview.small_map"), anchor=False)
    data = ctx.store.map_data(ctx.filters, min(1000, ctx.settings.map_max_points))
    m = maps.build_event_map(ctx.with_arabic_places(data["points"]), grid_df=data["cells"], level="adm2", region="fit",
                             areas=ctx.filters.admin2 or ctx.filters.admin1, lang=ctx.lang, labels=map_labels(ctx),
                             layers=("points", "boundaries"), tile_url=ctx.settings.tile_url,
                             tile_attribution=ctx.settings.tile_attribution, static_base="/app/static",
                             type_names=ctx.type_names(), max_bytes=ctx.settings.map_max_bytes, compact=True)
    with st.container(key="overview-map"):
        st_folium(m, returned_objects=[], key="overview-map-widget", height=380, use_container_width=True)
    with st.container(key="overview-map-note"):
        if data["aggregated"]:
            st.caption(t("map.overview_aggregated", total=t.number(data["total"]),
                         km=t.number(round(data["cell_degrees"] * 111))))
        else:
            st.caption(t("map.all_points", total=t.number(data["total"])))


def reports(ctx, cmp, fig) -> None:
    t = ctx.t
    st.subheader(t("overview.report"), anchor=False)
    c1, c2 = st.columns(2)
    with c1:
        st.download_button(t("overview.report_html"), data=audited_export(partial(_report, ctx, "html", cmp, fig), export_filename(ctx, "report", "html")),
                           file_name=export_filename(ctx, "report", "html"), mime="text/html",
                           key="dl-report-html", on_click="ignore", icon=":material/description:")
    with c2:
        st.download_button(t("overview.report_pdf"), data=audited_export(partial(_report, ctx, "pdf", cmp, fig), export_filename(ctx, "report", "pdf")),
                           file_name=export_filename(ctx, "report", "pdf"), mime="application/pdf",
                           key="dl-report-pdf", on_click="ignore", icon=":material/picture_as_pdf:")


def render() -> None:
    ctx = context()
    t = ctx.t
    page_header(ctx, "overview")
    cmp = headline(ctx)
    if not cmp["current"]["events"]:
        no_events(ctx)
        return
    left, right = st.columns([3, 2])
    with left:
        fig = small_timeline(ctx)
    with right:
        small_map(ctx)
    st.subheader(t("overview.latest"), anchor=False)
    latest = ctx.store.latest_events(ctx.filters, 10)
    with st.container(key="box-overview-latest"):
        st.dataframe(display_events(ctx, latest, PAGE_COLUMNS), hide_index=True, key="overview-latest", width="stretch",
                     column_config=table_config(ctx))
    reports(ctx, cmp, fig)


render()

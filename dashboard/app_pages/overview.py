"""Overview: headline figures with the change against the previous period, a small timeline, a small
map, the latest events and the report downloads."""

from __future__ import annotations

from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from dashboard import charts, maps
from dashboard.layout import (chart_exports, context, display_events, export_filename, map_labels, no_events,
                              page_header, show_chart, timeline_options)


def _delta(current: int, previous: int | None) -> str | None:
    if previous is None:
        return None
    diff = current - previous
    if previous:
        return f"{diff:+,} ({diff / previous:+.0%})"
    return f"{diff:+,}"


HEADLINE = (("events", "common.events"), ("fatalities", "common.fatalities"), ("arrests", "common.arrests"),
            ("active_actors", "common.active_actors"))


def headline_figures(ctx, cmp: dict) -> list[dict]:
    """[{key, label, value, delta, note}] for the four headline figures: a count no filtered origin records
    reads "not recorded" (no delta); origins that do not record a count are named in its note."""
    t = ctx.t
    cur, prev = cmp["current"], cmp["previous"]
    recorded = ctx.store.headline_recorded(ctx.filters)
    out = []
    for key, label in HEADLINE:
        value, delta, note = t.number(cur[key]), _delta(cur[key], prev[key] if prev else None), ""
        known = recorded.get(key)
        if known and known["total"] is None:
            value, delta, note = t("chartnotes.not_recorded"), None, t("chartnotes.not_recorded_none")
        elif known and known["not_recorded_by"]:
            note = t("chartnotes.not_recorded_by", origins=", ".join(t.origin(o) for o in known["not_recorded_by"]))
        out.append({"key": key, "label": t(label), "value": value, "delta": delta, "note": note})
    return out


def compared_period(ctx, cmp: dict) -> str:
    t = ctx.t
    if not cmp["previous"]:
        return t("overview.no_previous")
    return t("chartnotes.compared_with", start=t.date(cmp["previous_from"]), end=t.date(cmp["previous_to"]))


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
    t = ctx.t
    st.subheader(t("overview.small_map"), anchor=False)
    pts = ctx.store.map_points(ctx.filters, min(1000, ctx.settings.map_max_points))
    m = maps.build_event_map(pts["points"], level="adm2", region="raqqa", lang=ctx.lang, labels=map_labels(ctx),
                             layers=("points", "boundaries"), tile_url=ctx.settings.tile_url,
                             tile_attribution=ctx.settings.tile_attribution, static_base="/app/static",
                             type_names=ctx.type_names(), max_bytes=ctx.settings.map_max_bytes, compact=True)
    with st.container(key="overview-map"):
        st_folium(m, returned_objects=[], key="overview-map-widget", height=380, use_container_width=True)
    if pts["truncated"]:
        st.caption(t("map.sampled", shown=t.number(len(pts["points"])), total=t.number(pts["total"])))


def _report(ctx, fmt: str, cmp: dict, fig) -> bytes:
    from dashboard import exports

    t = ctx.t
    figures = headline_figures(ctx, cmp)
    headline = {f["label"]: f["value"] + (f" ({f['delta']})" if f["delta"] else "") for f in figures}
    notes = [f"{f['label']}: {f['note']}" for f in figures if f["note"]]
    latest = display_events(ctx, ctx.store.latest_events(ctx.filters, 20))
    top = ctx.store.top_actors(ctx.filters, "events", 10)
    top = top.assign(actor=top["actor"].map(ctx.actor_name))
    actors_title = t("actors.top_title", metric=t("actors.by_events"))
    actors_fig = charts.top_actors_figure(top, metric="events", rtl=ctx.rtl, labels={
        "title": actors_title, "x": t("common.events"), "y": t("actors.actor"), "events": t("common.events"),
        "fatalities": t("common.fatalities"), "no_data": t("common.no_events")})
    build = exports.report_html if fmt == "html" else exports.report_pdf
    return build(title=t("overview.report_title"), caption=ctx.caption(), lang=ctx.lang, headline=headline,
                 figures=[(t("overview.small_timeline"), fig), (actors_title, actors_fig)], top_events=latest,
                 attribution=t("footer.attribution"), top_events_heading=t("overview.latest"))


def reports(ctx, cmp, fig) -> None:
    t = ctx.t
    st.subheader(t("overview.report"), anchor=False)
    c1, c2 = st.columns(2)
    with c1:
        st.download_button(t("overview.report_html"), data=partial(_report, ctx, "html", cmp, fig),
                           file_name=export_filename(ctx, "report", "html"), mime="text/html",
                           key="dl-report-html", on_click="ignore", icon=":material/description:")
    with c2:
        st.download_button(t("overview.report_pdf"), data=partial(_report, ctx, "pdf", cmp, fig),
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
        st.dataframe(display_events(ctx, latest), hide_index=True, key="overview-latest", width="stretch")
    reports(ctx, cmp, fig)


render()

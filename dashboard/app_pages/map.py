"""Map: opens on the filtered events (fit to data; Ar-Raqqa and all Syria as presets); clustered points coloured
by type, heat, events per district/sub-district, place names; beyond map_max_points every event is counted in
grid cells instead. A time slider steps through the period by week or month. A click on an area or a cluster
bubble filters the whole dashboard to its districts (sidebar and URL)."""

from __future__ import annotations

import json
from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from dashboard import maps
from dashboard.filters import period_range
from dashboard.layout import audited_export, context, export_filename, map_labels, no_events, page_header
from dashboard.map_extent import VIEWS, clicked_areas
from dashboard.sidebar import PENDING_AREAS
from dashboard.trends import period_starts

LAYERS = ("points", "heat", "choropleth")
_CLICK_SEEN = "_map_click_seen"


def _controls(ctx):
    t = ctx.t
    c1, c2 = st.columns([3, 2])
    with c1:
        region = st.segmented_control(t("map.region"), VIEWS, key="map_region", default="fit",
                                      format_func=lambda r: t(f"map.{r}")) or "fit"
    with c2:
        layers = st.pills(t("map.layers"), LAYERS, key="map_layers", default=["points", "choropleth"],
                          selection_mode="multi", format_func=lambda x: t(f"map.layer_{x}")) or []
    c3, c4 = st.columns([3, 2])
    with c4:
        level = st.segmented_control(t("map.level"), ("adm2", "adm3"), key="map_level", default="adm2",
                                     format_func=lambda lv: t(f"map.level_{'admin2' if lv == 'adm2' else 'admin3'}")) \
            or "adm2"
    return region, layers, level, c3


def _period(ctx, where):
    """The filters of the period the time slider stands on (all of them at 'all')."""
    t = ctx.t
    start, end = ctx.effective_period()
    c1, c2 = where.columns([1, 3])
    with c1:
        step = st.segmented_control(t("map.step"), ("month", "week"), key="map_step", default="month",
                                    format_func=lambda s: t(f"map.step_{s}")) or "month"
    steps = period_starts(start, end, step)
    if len(steps) < 2:
        return ctx.filters, None
    def fmt(d) -> str:
        if d == "all":
            return t("map.period_all")
        return t.date(d) if step == "week" else f"{t.month(d.month)} {d.year}"

    with c2, st.container(key="map-period"):
        chosen = st.select_slider(t("map.period"), options=["all", *steps], key=f"map_period_{step}", value="all",
                                  format_func=fmt)
    if chosen == "all":
        return ctx.filters, None
    lo, hi = period_range(chosen, step)
    lo, hi = max(lo, start), min(hi, end)
    return ctx.filters.with_dates(lo, hi), (lo, hi)


def _follow_click(result) -> None:
    """A click on an area or a cluster bubble (new since the last run) filters the dashboard to it."""
    if not result:
        return
    seen = json.dumps([result.get("last_active_drawing"), result.get("last_object_clicked")], sort_keys=True,
                      default=str)
    if st.session_state.get(_CLICK_SEEN) == seen:
        return
    first = _CLICK_SEEN not in st.session_state
    st.session_state[_CLICK_SEEN] = seen
    areas = clicked_areas(result.get("last_active_drawing"))
    if areas and not first:
        st.session_state[PENDING_AREAS] = areas
        st.rerun()


def render() -> None:
    ctx = context()
    t = ctx.t
    page_header(ctx, "map")
    region, layers, level, where = _controls(ctx)
    filters, period = _period(ctx, where)
    data = ctx.store.map_data(filters, ctx.settings.map_max_points)
    if data["total"] == 0:
        if ctx.store.headline(filters)["events"] == 0:
            no_events(ctx)
            return
        st.info(t("map.no_coords"))
    if data["aggregated"]:
        notice = t("map.aggregated", total=t.number(data["total"]), km=t.number(round(data["cell_degrees"] * 111)))
    else:
        notice = t("map.all_points", total=t.number(data["total"]))
    if period:
        notice = t("map.period_shown", start=t.date(period[0]), end=t.date(period[1])) + " " + notice
    with st.container(key="map-notice"):
        st.caption(notice + " " + ("" if ctx.settings.tile_url else t("map.offline_note")) + " " + t("map.click_hint"))
    areas = ctx.store.area_counts(filters, 2 if level == "adm2" else 3)
    build = partial(maps.build_event_map, ctx.with_arabic_places(data["points"]), grid_df=data["cells"],
                    area_counts_df=areas, level=level, region=region, areas=filters.admin2 or filters.admin1,
                    lang=ctx.lang, labels=map_labels(ctx), layers=(*layers, "boundaries"), tile_url=ctx.settings.tile_url,
                    tile_attribution=ctx.settings.tile_attribution, static_base="/app/static",
                    notice=notice if data["aggregated"] else None, type_names=ctx.type_names(),
                    max_bytes=ctx.settings.map_max_bytes)
    m = build()
    with st.container(key="event-map"):
        result = st_folium(m, returned_objects=["last_active_drawing", "last_object_clicked"],
                           key="event-map-widget", height=640, use_container_width=True)
    _follow_click(result)
    # the saved page is built afresh: st_folium renames the shown map's parts, and a page rendered from it would
    # draw the map twice and break its layers
    st.download_button(t("map.download_html"), data=audited_export(lambda: maps.map_html(build()),
                                                                    export_filename(ctx, f"map-{region}", "html")),
                       file_name=export_filename(ctx, f"map-{region}", "html"), mime="text/html",
                       key="dl-map-html", on_click="ignore", icon=":material/download:")


render()

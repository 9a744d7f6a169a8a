"""Map: opens on Ar-Raqqa governorate (switch to all Syria); clustered points coloured by type, heat,
events per district/sub-district; says when points are cut to the newest N."""

from __future__ import annotations

from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from dashboard import maps
from dashboard.layout import audited_export, context, export_filename, map_labels, no_events, page_header

LAYERS = ("points", "heat", "choropleth")


def render() -> None:
    ctx = context()
    t = ctx.t
    page_header(ctx, "map")
    c1, c2, c3 = st.columns([1.3, 2, 1.2])
    with c1:
        region = st.segmented_control(t("map.region"), ("raqqa", "syria"), key="map_region", default="raqqa",
                                      format_func=lambda r: t(f"map.{r}")) or "raqqa"
    with c2:
        layers = st.pills(t("map.layers"), LAYERS, key="map_layers", default=["points", "choropleth"],
                          selection_mode="multi", format_func=lambda x: t(f"map.layer_{x}")) or []
    with c3:
        level = st.segmented_control(t("map.level"), ("adm2", "adm3"), key="map_level", default="adm2",
                                     format_func=lambda lv: t(f"map.level_{'admin2' if lv == 'adm2' else 'admin3'}")) \
            or "adm2"
    pts = ctx.store.map_points(ctx.filters, ctx.settings.map_max_points)
    if pts["total"] == 0:
        if ctx.store.headline(ctx.filters)["events"] == 0:
            no_events(ctx)
            return
        st.info(t("map.no_coords"))
    if pts["truncated"]:
        notice = t("map.sampled", shown=t.number(len(pts["points"])), total=t.number(pts["total"]))
    else:
        notice = t("map.all_points", total=t.number(pts["total"]))
    with st.container(key="map-notice"):
        st.caption(notice + " " + ("" if ctx.settings.tile_url else t("map.offline_note")))
    areas = ctx.store.area_counts(ctx.filters, 2 if level == "adm2" else 3)
    build = partial(maps.build_event_map, pts["points"], area_counts_df=areas, level=level, region=region,
                    lang=ctx.lang, labels=map_labels(ctx), layers=(*layers, "boundaries"),
                    tile_url=ctx.settings.tile_url, tile_attribution=ctx.settings.tile_attribution,
                    static_base="/app/static", notice=notice if pts["truncated"] else None,
                    type_names=ctx.type_names(), max_bytes=ctx.settings.map_max_bytes)
    m = build()
    with st.container(key="event-map"):
        st_folium(m, returned_objects=[], key="event-map-widget", height=640, use_container_width=True)
    # the saved page is built afresh: st_folium renames the shown map's parts, and a page rendered from it would
    # draw the map twice and break its layers
    st.download_button(t("map.download_html"), data=audited_export(lambda: maps.map_html(build()),
                                                                    export_filename(ctx, f"map-{region}", "html")),
                       file_name=export_filename(ctx, f"map-{region}", "html"), mime="text/html",
                       key="dl-map-html", on_click="ignore", icon=":material/download:")


render()

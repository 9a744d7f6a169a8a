"""Events: sortable, paginated table of the filtered events (search with the sidebar text box);
selecting a row shows its evidence highlighted in the article text, the source link and every other
report merged into it. CSV / Excel / GeoJSON downloads of the filtered events."""

from __future__ import annotations

import math
from functools import partial

import pandas as pd
import streamlit as st

from dashboard.highlight import evidence_span, spans_html
from dashboard.literal import isolated, literal_markdown
from dashboard.export_tables import events_download
from dashboard.layout import (PAGE_COLUMNS, audited_export, context, display_events, export_filename, no_events,
                              page_header, table_config, translated_columns)

PAGE_SIZE = 50
SORTS = ("event_date", "fatalities", "arrests", "event_type", "actor1", "admin1", "location", "origin")


def downloads(ctx) -> None:
    t = ctx.t
    st.caption(t("events.exports"))
    mimes = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "geojson": "application/geo+json", "csv_acled": "text/csv"}
    labels = {"csv": t("events.download_csv"), "xlsx": t("events.download_xlsx"),
              "geojson": t("events.download_geojson"), "csv_acled": t("downloads.csv_acled")}
    for col, fmt in zip(st.columns(4), ("csv", "xlsx", "geojson", "csv_acled")):
        with col:
            ext = "csv" if fmt == "csv_acled" else fmt
            name = export_filename(ctx, "events-acled" if fmt == "csv_acled" else f"events-{ctx.lang}", ext)
            st.download_button(labels[fmt], data=audited_export(partial(events_download, ctx.store.path, ctx.filters, fmt,
                                                                        ctx.lang, ctx.names, ctx.caption()), name),
                               file_name=name, mime=mimes[fmt], key=f"dl-events-{fmt.replace('_', '-')}", on_click="ignore",
                               icon=":material/download:")


def detail(ctx, event_id: str) -> None:
    t = ctx.t
    info = ctx.store.event_detail(event_id)
    if not info:
        return
    ev, article = info["event"], info["article"]
    with st.container(border=True, key="event-detail"):
        st.subheader(literal_markdown(t("events.detail", event_id=isolated(event_id))), anchor=False)
        if ctx.lang == "ar" and not ev.get("location_ar") and ev.get("location"):
            ev["location_ar"] = ctx.with_arabic_places(pd.DataFrame([{"location": ev["location"]}]))["location_ar"][0]
        place = ev.get("location_ar") if ctx.lang == "ar" and ev.get("location_ar") else ev.get("location")
        st.text(" · ".join(isolated(x) for x in (
            t.date(ev["event_date"]), t.sub_event_type(ev["sub_event_type"]), ctx.actor_name(ev.get("actor1")),
            ctx.actor_name(ev.get("actor2")) if isinstance(ev.get("actor2"), str) else "", place or "") if x))
        if ev.get("fatalities_low") is not None or ev.get("fatalities_high") is not None:
            with st.container(key="event-fatality-range"):
                st.caption(t("events.fatality_range", best=t.number(ev.get("fatalities")),
                             low=t.number(ev.get("fatalities_low")), high=t.number(ev.get("fatalities_high"))))
        if ev.get("date_estimated") is True:
            st.warning(t("events.date_estimated"), icon=":material/event_busy:")
        url = ev.get("source_url")
        if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
            label = literal_markdown(f"{t('events.source_link')}: {isolated(ev.get('source') or url)}", max_chars=120)
            st.link_button(label, url, icon=":material/open_in_new:")
        st.caption(t("events.evidence"))
        if article and isinstance(article.get("text"), str):
            span = evidence_span(article["text"], ev.get("evidence_start"), ev.get("evidence_end"), ev.get("evidence"))
            st.caption(literal_markdown(f"{t('events.article')}: {isolated(article.get('title') or '')}"))
            with st.container(key="event-evidence"):
                st.html(spans_html(article["text"], [span] if span else [], lang=article.get("language")))
        elif isinstance(ev.get("evidence"), str) and ev["evidence"]:
            st.info(t("events.no_article"))
            with st.container(key="event-evidence"):
                st.html(spans_html(ev["evidence"], [(0, len(ev["evidence"]), "evidence")], lang=ev.get("language")))
        elif isinstance(ev.get("notes"), str) and ev["notes"].strip():
            # a dataset event (UCDP's source headline, ACLED's notes): its own words are the evidence
            st.caption(t("events.dataset_notes", origin=t.origin(ev.get("origin"))))
            with st.container(key="event-evidence"):
                st.text(ev["notes"])
        else:
            st.info(t("events.no_article") + " " + t("events.no_evidence"))
        st.caption(t("events.other_sources"))
        others = info["sources"]
        if others.empty:
            st.text(t("events.no_other_sources"))
        else:
            if "source_url" in others:  # only web addresses are links (no javascript:, data:, file:)
                others = others.assign(source_url=[u if isinstance(u, str) and u.lower().startswith(
                    ("http://", "https://")) else None for u in others["source_url"]])
            st.dataframe(translated_columns(ctx, others), hide_index=True, key="event-sources",
                         column_config={t("col.source_url"): st.column_config.LinkColumn()})


def _on_search() -> None:
    """The page's search box edits the shared text filter (sidebar, URL ?q=)."""
    st.session_state["flt_text"] = st.session_state.get("ev_search", "")


def render() -> None:
    ctx = context()
    t = ctx.t
    page_header(ctx, "events")
    st.session_state["ev_search"] = st.session_state.get("flt_text", "")
    st.text_input(t("filters.text"), key="ev_search", on_change=_on_search, help=t("filters.text_help"),
                  icon=":material/search:", max_chars=200)
    c1, c2, c3 = st.columns([2, 1, 1])
    with c1:
        sort = st.selectbox(t("events.sort_by"), SORTS, key="ev_sort", format_func=lambda c: t(f"col.{c}"))
    with c2:
        desc = st.toggle(t("events.descending"), value=True, key="ev_desc")
    result = ctx.store.events_page(ctx.filters, sort, desc, 1, 1)
    total = result["total"]
    if not total:
        no_events(ctx)
        return
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if st.session_state.get("ev_page", 1) > pages:
        st.session_state["ev_page"] = 1
    with c3:
        page = st.number_input(t("events.page"), min_value=1, max_value=pages, step=1, key="ev_page")
    rows = ctx.store.events_page(ctx.filters, sort, desc, int(page), PAGE_SIZE)["rows"]
    count_text = t("events.total_one") if total == 1 else t("events.total", total=t.number(total))
    st.caption(count_text + " · " + t("events.of_pages", page=page, pages=pages))
    shown = display_events(ctx, rows, PAGE_COLUMNS)
    with st.container(key="box-events-table"):
        selection = st.dataframe(shown, hide_index=True, key="events-table", on_select="rerun",
                                 column_config=table_config(ctx),
                                 selection_mode="single-row", width="stretch")
    chosen = selection.selection.rows if selection else []
    event_id = rows.iloc[chosen[0]]["event_id"] if chosen else st.query_params.get("event")
    if chosen:
        st.query_params["event"] = event_id  # a shareable link to this event
        st.session_state["_ev_selected"] = True
    elif st.session_state.pop("_ev_selected", False):  # the analyst cleared the selection
        st.query_params.pop("event", None)
        event_id = None
    if event_id:
        detail(ctx, str(event_id))
    else:
        st.caption(t("events.select_hint"))
    downloads(ctx)


render()

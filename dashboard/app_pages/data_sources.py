"""Data: ETL runs with their counts, quarantined rows with reasons, events by source type, licences and
attributions, where the store is and when it was last updated."""

from __future__ import annotations

import datetime as dt
import html
import os

import streamlit as st

from dashboard.credits import credit_lines
from dashboard.layout import context, data_credits, page_header, translated_columns
from dashboard.literal import literal_markdown


RUN_COLUMNS = ("run_id", "command", "status", "started_at", "finished_at", "rows_read", "rows_inserted", "rows_updated",
               "rows_unchanged", "rows_quarantined", "input_path", "message")


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return str(n)


def render() -> None:
    ctx = context()
    t = ctx.t
    page_header(ctx, "data")
    store = ctx.store

    st.subheader(t("data.by_origin"), anchor=False)
    origins = store.origin_counts(ctx.filters)
    origins = origins.assign(origin=origins["origin"].map(t.origin))
    with st.container(key="box-data-origins"):
        st.dataframe(translated_columns(ctx, origins), hide_index=True, key="data-origins")

    st.subheader(t("data.runs"), anchor=False)
    runs = store.runs()
    runs = runs[[c for c in RUN_COLUMNS if c in runs.columns]]
    if runs.empty:
        st.info(t("data.no_runs"))
    else:
        with st.container(key="box-data-runs"):
            st.dataframe(translated_columns(ctx, runs), hide_index=True, key="data-runs", width="stretch")

    st.subheader(t("data.quarantine"), anchor=False)
    st.caption(t("data.quarantine_help"))
    q = store.quarantine(500)
    if q["rows"].empty:
        st.info(t("data.no_quarantine"))
    else:
        with st.container(key="box-data-quarantine"):
            st.dataframe(translated_columns(ctx, q["rows"]), hide_index=True, key="data-quarantine",
                         width="stretch")

    st.subheader(t("data.licences"), anchor=False)
    with st.container(key="data-licences"):  # built from the origins of the filtered events, each with its licence
        for line in credit_lines(data_credits(ctx), t):
            st.markdown("- " + literal_markdown(line))

    st.subheader(t("data.store"), anchor=False)
    with st.container(key="data-store"):
        # the path is isolated left-to-right so its slashes stay in place inside Arabic text
        st.html("<p>" + html.escape(t("data.store_path", path="\x00")).replace(
            "\x00", f'<bdi dir="ltr">{html.escape(str(store.path))}</bdi>') + "</p>")
        try:
            stat = os.stat(store.path)
            st.text(t("data.size", size=_size(stat.st_size)))
            modified = dt.datetime.fromtimestamp(stat.st_mtime, dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        except OSError:
            modified = t("common.unknown")
        last = store.last_update()
        when = last.strftime("%Y-%m-%d %H:%M") if last else modified
        st.text(t("data.last_update", when=when))


render()

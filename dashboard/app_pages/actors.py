"""Actors: top actors by events or fatalities, who fights whom, activity of chosen actors over time, and
an actor card (first/last seen, counts, aliases, counterparts, places)."""

from __future__ import annotations

import streamlit as st

from dashboard import charts
from dashboard.layout import chart_exports, context, no_events, page_header, show_chart
from dashboard.literal import literal_markdown
from dashboard.names import actor_aliases


def _named(ctx, df, *cols):
    out = df.copy()
    for col in cols:
        out[col] = out[col].map(ctx.actor_name)
    return out


def _on_actor_click(canonical: dict) -> None:
    """Runs before the next script run: add the clicked actor to the sidebar's actor filter."""
    state = st.session_state.get("actors-top")
    points = state["selection"]["points"] if state and state.get("selection") else []
    if not points:
        return
    shown = (points[0].get("customdata") or [points[0].get("y")])[0]
    actor = canonical.get(shown, shown)
    st.session_state["flt_actors"] = sorted({*st.session_state.get("flt_actors", []), actor})


def top_actors(ctx):
    t = ctx.t
    metric = st.segmented_control(t("actors.metric"), ("events", "fatalities"), key="act_metric",
                                  default="events", format_func=lambda m: t(f"actors.by_{m}")) or "events"
    df = ctx.store.top_actors(ctx.filters, metric, 15)
    if df.empty:
        return None
    title = t("actors.top_title", metric=t(f"actors.by_{metric}"))
    labels = {"title": title, "x": t(f"actors.by_{metric}"), "y": t("actors.actor"), "events": t("common.events"),
              "fatalities": t("common.fatalities"), "no_data": t("common.no_events")}
    fig = charts.top_actors_figure(_named(ctx, df, "actor"), metric=metric, labels=labels, rtl=ctx.rtl)
    canonical = {ctx.actor_name(a): a for a in df["actor"]}
    st.caption(t("actors.click_hint"))
    show_chart(ctx, fig, key="actors-top", on_select=lambda: _on_actor_click(canonical), selection_mode=("points",))
    chart_exports(ctx, fig, f"top-actors-{metric}", title)
    return df


def interaction(ctx):
    t = ctx.t
    st.subheader(t("actors.interaction"), anchor=False)
    df = ctx.store.interaction_matrix(ctx.filters, 10)
    labels = {"title": t("actors.interaction_title"), "x": t("actors.actor2"), "y": t("actors.actor1"),
              "colorbar": t("common.events"), "events": t("common.events"), "no_data": t("common.no_events")}
    fig = charts.interaction_matrix_figure(_named(ctx, df, "actor1", "actor2"), labels=labels, rtl=ctx.rtl)
    show_chart(ctx, fig, key="actors-matrix")
    chart_exports(ctx, fig, "actor-interactions", t("actors.interaction_title"))


def activity(ctx, top):
    t = ctx.t
    st.subheader(t("actors.activity"), anchor=False)
    options = ctx.options["actors"]
    if "act_select" not in st.session_state:
        st.session_state["act_select"] = top["actor"].head(3).tolist()
    st.session_state["act_select"] = [a for a in st.session_state["act_select"] if a in options]
    chosen = st.multiselect(t("actors.select"), options, key="act_select", format_func=ctx.actor_name,
                            max_selections=8)
    if not chosen:
        return
    df = ctx.store.actor_activity(ctx.filters, chosen, "month")
    labels = {"title": t("actors.activity_title"), "x": t("timeline.period"), "y": t("common.events"),
              "legend": t("actors.actor"), "events": t("common.events"), "no_data": t("common.no_events")}
    fig = charts.actor_activity_figure(_named(ctx, df, "actor"), labels=labels, rtl=ctx.rtl)
    show_chart(ctx, fig, key="actors-activity")
    chart_exports(ctx, fig, "actor-activity", t("actors.activity_title"))


def card(ctx, top):
    t = ctx.t
    st.subheader(t("actors.card"), anchor=False)
    options = ctx.options["actors"]
    default = top["actor"].iloc[0] if not top.empty else options[0]
    if st.session_state.get("act_card") not in options:
        st.session_state["act_card"] = default
    actor = st.selectbox(t("actors.card_select"), options, key="act_card", format_func=ctx.actor_name)
    with st.container(key="actor-card-scope"):  # the card follows the filters, and says so
        st.caption(literal_markdown(t("chartnotes.card_follows", caption=ctx.caption())))
    info = ctx.store.actor_card(actor, ctx.filters)
    if not info:
        no_events(ctx)
        return
    with st.container(border=True, key="actor-card"):
        name = literal_markdown(ctx.actor_name(actor))
        st.markdown(f"**{name}**" if ctx.actor_name(actor) == actor else f"**{name}** · {literal_markdown(actor)}")
        with st.container(key="actor-card-seen"):
            st.markdown(f"**{t('actors.first_seen')}:** {t.date(info['first_seen'])} · "
                        f"**{t('actors.last_seen')}:** {t.date(info['last_seen'])}")
        cols = st.columns(4)
        cols[0].metric(t("common.events"), t.number(info["events"]))
        cols[1].metric(t("common.fatalities"), t.number(info["fatalities"]))
        cols[2].metric(t("actors.as_actor1"), t.number(info["as_actor1"]))
        cols[3].metric(t("actors.as_actor2"), t.number(info["as_actor2"]))
        aliases = list(dict.fromkeys([*info["aliases"], *actor_aliases(str(ctx.settings.knowledge_dir), actor)]))
        if aliases:
            st.caption(t("actors.aliases"))
            st.text(" · ".join(aliases[:30]))
        left, right = st.columns(2)
        with left:
            st.caption(t("actors.partners"))
            partners = info["partners"].assign(actor=lambda d: d["actor"].map(ctx.actor_name))
            st.dataframe(partners.rename(columns={"actor": t("actors.actor"), "events": t("common.events")}),
                         hide_index=True, key="actor-card-partners")
        with right:
            st.caption(t("actors.places"))
            places = info["places"].assign(admin1=[ctx.area_name(p, n) for p, n in
                                                   zip(info["places"]["pcode"], info["places"]["admin1"])])
            st.dataframe(places[["admin1", "events"]].rename(columns={"admin1": t("col.admin1"),
                                                                        "events": t("common.events")}),
                         hide_index=True, key="actor-card-places")


def render() -> None:
    ctx = context()
    page_header(ctx, "actors")
    st.subheader(ctx.t("actors.top"), anchor=False)
    top = top_actors(ctx)
    if top is None:
        no_events(ctx)
        return
    interaction(ctx)
    activity(ctx, top)
    card(ctx, top)


render()

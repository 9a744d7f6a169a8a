"""Alerts: the stored surge, first-seen actor, new event type and quiet-area alerts (computed at every load,
etl/alerts), newest first, each with the figures that raised it, a small weekly chart and a link to its events.
Names from the data are shown as literal text (dashboard/literal.py)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import alert_view
from dashboard.layout import context, page_header, show_chart
from dashboard.literal import isolated, literal_markdown

KINDS = ("all", "surge", "first_actor", "new_type", "reactivated")
MAX_SHOWN = 30


def _number(value, digits: int = 1) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value):,.{digits}f}"


def _texts(ctx, alert: dict) -> tuple[str, str]:
    """(title, figures) of one alert in the UI language; names from the data isolated, not yet made literal."""
    t = ctx.t
    area = isolated(ctx.names.get("admin2", {}).get(alert["area_pcode"], alert["area"] or alert["area_pcode"])) \
        if isinstance(alert.get("area_pcode"), str) else ""
    actor = isolated(ctx.actor_name(alert["actor"])) if isinstance(alert.get("actor"), str) else ""
    day = t.date(pd.Timestamp(alert["day"]).date())
    observed = t.number(alert.get("observed"))
    kind = alert["kind"]
    if kind == "surge":
        subject = t("alerts.subject_in", actor=actor, area=area) if actor and area else actor or area
        title = t("alerts.surge_title", measure=t(f"alerts.measure_{alert['measure']}"), subject=subject)
        figures = t("alerts.surge_figures", observed=observed, window=t.number(alert["window_days"]), day=day,
                    expected=_number(alert["expected"]), baseline_days=t.number(alert["baseline_days"]),
                    baseline=t.number(alert["baseline"]), ratio=_number(alert["ratio"]),
                    p=f"{float(alert['p_value']):.1e}")
    elif kind == "first_actor":
        title = t("alerts.first_actor_title", area=area, actor=actor)
        figures = t("alerts.first_actor_figures", observed=observed, day=day)
    elif kind == "new_type":
        title = t("alerts.new_type_title", area=area, event_type=t.event_type(alert["event_type"]))
        figures = t("alerts.new_type_figures", observed=observed, day=day)
    else:
        last = alert.get("last_seen")
        title = t("alerts.reactivated_title", area=area)
        figures = (t("alerts.reactivated_never", observed=observed, day=day) if last is None or pd.isna(last) else
                   t("alerts.reactivated_figures", observed=observed, day=day,
                     last_seen=t.date(pd.Timestamp(last).date())))
    return title, figures


def _show(ctx, alert: dict, i: int) -> None:
    t = ctx.t
    title, figures = _texts(ctx, alert)
    with st.container(border=True, key=f"marsad-alert-{i}"):
        left, right = st.columns([3, 2])
        with left:
            st.markdown(f"**{literal_markdown(title)}**")
            st.caption(literal_markdown(t(f"alerts.kind_{alert['kind']}")))
            st.markdown(literal_markdown(figures))
            st.link_button(t("alerts.open_events"), alert_view.events_url(alert, ctx.lang),
                           icon=":material/table_rows:")
        with right:
            labels = {"title": t("alerts.chart_title", day=t.date(pd.Timestamp(alert["day"]).date())),
                      "y": t(f"alerts.measure_{alert['measure']}") if isinstance(alert.get("measure"), str)
                      else t("alerts.chart_events"),
                      "window": t("alerts.chart_window"), "before": t("alerts.chart_before")}
            fig = alert_view.alert_series_figure(alert.get("series"), pd.Timestamp(alert["day"]).date(),
                                                 alert.get("window_days"), labels, rtl=ctx.rtl)
            show_chart(ctx, fig, key=f"alert-chart-{i}")


def render() -> None:
    ctx = context()
    t = ctx.t
    page_header(ctx, "alerts")
    st.caption(t("alerts.intro"))
    kind = st.segmented_control(t("alerts.kind"), KINDS, key="alerts_kind", default="all",
                                format_func=lambda k: t(f"alerts.kind_{k}")) or "all"
    alerts = alert_view.kept_alerts(ctx.store.alerts(), ctx.filters, kind)
    if alerts.empty:
        with st.container(key="marsad-alerts-none"):
            st.info(t("alerts.none"), icon=":material/notifications_off:")
        return
    shown = alerts.head(MAX_SHOWN)
    st.caption(t("alerts.shown", shown=t.number(len(shown)), total=t.number(len(alerts))))
    for i, alert in enumerate(shown.to_dict("records")):
        _show(ctx, alert, i)


render()

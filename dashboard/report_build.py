"""The Overview's headline figures and printed report, from the page context (dashboard.layout.Context):
the four figures with their change against the previous period (counts an origin does not record read "not
recorded", naming the origins left out), the period compared, and the report (HTML or PDF) with the charts, a
static map of the filtered events, the latest events and the licences of the data shown."""

from __future__ import annotations

from dashboard import charts
from dashboard.credits import credit_lines
from dashboard.layout import attribution, data_credits, display_events

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


def build_report(ctx, fmt: str, cmp: dict, fig) -> bytes:
    from dashboard import exports

    t = ctx.t
    figures = headline_figures(ctx, cmp)
    headline = {f["label"]: f["value"] + (f" ({f['delta']})" if f["delta"] else "") for f in figures}
    notes = [f"{f['label']}: {f['note']}" for f in figures if f["note"]]
    rows = ctx.store.latest_events(ctx.filters, 20)
    keys = [c for c in REPORT_COLUMNS if c in rows.columns]  # display_events keeps this order
    latest = display_events(ctx, rows, columns=REPORT_COLUMNS)
    top = ctx.store.top_actors(ctx.filters, "events", 10)
    top = top.assign(actor=top["actor"].map(ctx.actor_name))
    actors_title = t("actors.top_title", metric=t("actors.by_events"))
    actors_fig = charts.top_actors_figure(top, metric="events", rtl=ctx.rtl, labels={
        "title": actors_title, "x": t("common.events"), "y": t("actors.actor"), "events": t("common.events"),
        "fatalities": t("common.fatalities"), "no_data": t("common.no_events")})
    found = data_credits(ctx)
    build = exports.report_html if fmt == "html" else exports.report_pdf
    return build(title=t("overview.report_title"), caption=ctx.caption(), lang=ctx.lang, headline=headline,
                 figures=[(t("overview.small_timeline"), fig), (actors_title, actors_fig)], top_events=latest,
                 attribution=attribution(ctx), top_events_heading=t("overview.latest"),
                 comparison=compared_period(ctx, cmp), notes=notes, credits=credit_lines(found, ctx.t),
                 map_figure=(t("overview.small_map"), static_map(ctx)),
                 column_keys=keys)


REPORT_COLUMNS = ("event_date", "sub_event_type", "actor1", "actor2", "location", "fatalities", "notes", "event_id")


def static_map(ctx):
    from dashboard.maps import load_boundaries
    from dashboard.static_map import static_map_figure

    geo = str(ctx.settings.geo_dir)
    points = ctx.store.map_points(ctx.filters, min(5000, ctx.settings.map_max_points))["points"]
    return static_map_figure(points, adm1=load_boundaries(geo, "adm1"), adm2=load_boundaries(geo, "adm2"),
                             lang=ctx.lang, type_names=ctx.type_names(), labels={"legend": ctx.t("col.event_type")})

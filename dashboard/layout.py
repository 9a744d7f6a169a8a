"""What every page shares: the page context (language, store, filters, names), right-to-left CSS,
the filter caption, the empty-result message, chart export buttons and the attribution footer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial

import streamlit as st

from dashboard.data import CachedStore
from dashboard.filters import Filters
from dashboard.i18n import Translator
from dashboard.literal import literal_markdown

_CTX_KEY = "_marsad_context"

RTL_CSS = """
<style>
.stMain .block-container, section[data-testid="stSidebar"] > div { direction: rtl; text-align: right; }
.stMain, section[data-testid="stSidebar"], .stMarkdown, .stCaption, [data-testid="stMetric"],
[data-testid="stWidgetLabel"], .stSelectbox, .stMultiSelect, .stRadio, .stTextInput, .stExpander {
  font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Segoe UI", Tahoma, sans-serif; }
[data-testid="stMetricValue"], [data-testid="stMetricDelta"] { unicode-bidi: plaintext; text-align: right; }
.stMain li, .stMain ul, .stMain ol, .stMain [data-testid="stElementContainer"], .stMain h1, .stMain h2, .stMain h3, .stMain h4, .stMain p,
section[data-testid="stSidebar"] [data-testid="stElementContainer"] { text-align: right; }
[data-testid="stSidebarNav"] { direction: rtl; }
[data-testid="stDateInputField"] { direction: ltr; }
</style>
"""
COMMON_CSS = """
<style>
.marsad-article p { text-align: start !important; }
.marsad-article { line-height: 1.8; border-inline-start: 3px solid #ddd; padding-inline-start: 0.8rem; }
.marsad-article mark.evidence { background: #ffe58a; padding: 0 2px; }
.marsad-article mark.actor { background: #cfe3ff; padding: 0 2px; }
.marsad-article mark.place { background: #d6f5d6; padding: 0 2px; }
h4.marsad-title { font-size: 1.25rem; font-weight: 600; margin: 0; padding: 0.5rem 0 0.25rem; }
.marsad-meta { color: rgba(49, 51, 63, 0.6); font-size: 0.875rem; }
.marsad-footer { color: #666; font-size: 0.8rem; margin-top: 2rem; border-top: 1px solid #eee; padding-top: .5rem; }
</style>
"""


@dataclass
class Context:
    lang: str
    t: Translator
    store: CachedStore
    settings: object
    filters: Filters
    options: dict
    names: dict = field(default_factory=dict)
    notices: list = field(default_factory=list)  # about values of the opening URL that were dropped or cut

    @property
    def rtl(self) -> bool:
        return self.t.rtl

    def caption(self) -> str:
        return self.filters.caption(self.lang, names=self.names)

    def actor_name(self, actor: str | None) -> str:
        return self.names.get("actor", {}).get(actor, actor) if actor else ""

    def area_name(self, pcode: str | None, fallback: str | None = None) -> str:
        return self.names.get("admin1", {}).get(pcode, fallback or pcode or "") if pcode else (fallback or "")

    def with_arabic_places(self, df):
        """The rows with `location_ar` filled from the gazetteer where the source gave none (UCDP's places),
        when the interface is Arabic; unchanged otherwise."""
        if self.lang != "ar" or df is None or df.empty or "location" not in df:
            return df
        from dashboard.names import arabic_place_names

        given = df["location_ar"] if "location_ar" in df else [None] * len(df)
        missing = {loc for loc, ar in zip(df["location"], given) if isinstance(loc, str) and not
                   (isinstance(ar, str) and ar)}
        if not missing:
            return df
        found = arabic_place_names(str(self.settings.knowledge_dir), tuple(sorted(missing)))
        return df.assign(location_ar=[ar if isinstance(ar, str) and ar else found.get(loc)
                                      for loc, ar in zip(df["location"], given)])

    def type_names(self) -> dict[str, str]:
        from etl.schema import TAXONOMY

        return {name: self.t.event_type(name) for name in TAXONOMY}

    def effective_period(self) -> tuple[dt.date | None, dt.date | None]:
        return (self.filters.date_from or self.options.get("earliest"),
                self.filters.date_to or self.options.get("latest"))


def set_context(ctx: Context) -> None:
    st.session_state[_CTX_KEY] = ctx


def context() -> Context:
    """The context the entry script prepared for this run (pages call this first)."""
    return st.session_state[_CTX_KEY]


def inject_css(lang: str) -> None:
    st.html(COMMON_CSS + (RTL_CSS if lang == "ar" else ""))


def page_header(ctx: Context, page_key: str) -> None:
    """Translated page title, the filter caption (stable container key: marsad-caption) and, under it, a notice
    for each value of the opening URL that was dropped or cut (key: marsad-url-notice). The caption and notices
    hold text from the URL and the data (search text, actor and place names): shown as literal text."""
    st.title(ctx.t(f"page.{page_key}"), anchor=False)
    with st.container(key="marsad-caption"):
        st.caption(literal_markdown(ctx.t("common.page_caption", caption=ctx.caption())))
    if ctx.notices:
        with st.container(key="marsad-url-notice"):
            for notice in ctx.notices:
                st.warning(literal_markdown(notice), icon=":material/link_off:")


def no_events(ctx: Context) -> None:
    """The translated "No events match these filters." message (stable key: marsad-empty)."""
    with st.container(key="marsad-empty"):
        st.info(ctx.t("common.no_events"), icon=":material/filter_alt_off:")


def data_credits(ctx: Context) -> dict | None:
    """Origins, publishers, hand-made files and data date of the filtered events (dashboard.data_report)."""
    try:
        return ctx.store.credits(ctx.filters)
    except Exception:  # noqa: BLE001  (a footer never breaks a page: the generic credit line is shown)
        return None


def attribution(ctx: Context) -> str:
    """The attribution line built from the origins in the filtered data, with licences and the data's date."""
    from dashboard.credits import attribution_line

    found = data_credits(ctx)
    return attribution_line(found, ctx.t) if found is not None else ctx.t("footer.attribution")


def footer(ctx: Context) -> None:
    with st.container(key="marsad-footer"):
        st.caption(literal_markdown(attribution(ctx)))


def _figure_bytes(fig, fmt: str, title: str, caption: str, attribution: str) -> bytes:
    from dashboard import exports

    return exports.figure_bytes(fig, fmt, title=title, caption=caption, attribution=attribution)


def export_filename(ctx: Context, what: str, ext: str) -> str:
    """e.g. marsad_timeline-month_Ar-Raqqa_Islamic-State_2017-01-01_2017-12-31.png: what, areas, actors, dates
    (English names: a file name keeps Latin letters only)."""
    start, end = ctx.effective_period()
    admin = ctx.options.get("admin")
    english = {}
    if admin is not None and len(admin):
        english = {**dict(zip(admin["admin1_pcode"], admin["admin1"])), **dict(zip(admin["admin2_pcode"], admin["admin2"]))}
    areas = [english.get(p) or p for p in (*ctx.filters.admin1, *ctx.filters.admin2)]
    try:
        from dashboard.exports import export_filename as name_of

        return name_of(what, start, end, ext, areas=areas, actors=list(ctx.filters.actors))
    except ImportError:
        return f"marsad-{what}-{start or 'all'}-{end or 'all'}.{ext}"


def audited_export(data, file_name: str):
    """The export recorded with the signed-in user when it is made (dashboard.signin.audited)."""
    from dashboard.signin import audited

    return audited(data, file_name)


def chart_exports(ctx: Context, fig, what: str, title: str) -> None:
    """PNG / SVG / PDF download buttons for a chart; the image is made only when clicked."""
    mimes = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
    with st.container(horizontal=True, key=f"exports-{what}", gap="small"):
        for fmt in ("png", "svg", "pdf"):
            st.download_button(
                ctx.t(f"export.{fmt}"),
                data=audited_export(partial(_figure_bytes, fig, fmt, title, ctx.caption(), attribution(ctx)),
                                    export_filename(ctx, what, fmt)),
                file_name=export_filename(ctx, what, fmt), mime=mimes[fmt], key=f"dl-{what}-{fmt}",
                on_click="ignore", icon=":material/download:",
            )


def show_chart(ctx: Context, fig, key: str, **kwargs):
    """st.plotly_chart with a stable key and the theme off (the figure carries its own fonts)."""
    return st.plotly_chart(fig, key=key, theme=None, config={"displaylogo": False}, **kwargs)


DISPLAY_COLUMNS = ("event_date", "event_type", "sub_event_type", "actor1", "actor2", "admin1", "location",
                   "fatalities", "arrests", "origin", "notes", "event_id")


# The event tables on the pages (Overview, Events, News): the same columns in the same order in both languages,
# the place right after the type so it is in view without scrolling the grid (which opens on its first
# columns in Arabic too), the long text last.
PAGE_COLUMNS = ("event_date", "event_type", "location", "admin1", "actor1", "actor2", "fatalities", "arrests",
                "sub_event_type", "origin", "notes", "event_id")


def table_config(ctx: Context) -> dict:
    """Column widths for the page event tables: narrow date and counts, so the key columns fit the page."""
    small = {"event_date", "fatalities", "arrests", "origin"}
    return {ctx.t(f"col.{c}"): st.column_config.Column(width="small") for c in small}


def display_events(ctx: Context, df, columns=DISPLAY_COLUMNS):
    """Event rows with names in the UI language and translated column headers (for st.dataframe)."""
    out = ctx.with_arabic_places(df.copy())
    t = ctx.t
    if "event_type" in out:
        out["event_type"] = out["event_type"].map(t.event_type)
    if "sub_event_type" in out:
        out["sub_event_type"] = out["sub_event_type"].map(t.sub_event_type)
    for col in ("actor1", "actor2"):
        if col in out:
            out[col] = out[col].map(lambda a: ctx.actor_name(a) if isinstance(a, str) else "")
    if "admin1" in out and "admin1_pcode" in out:
        out["admin1"] = [ctx.area_name(p, n) if isinstance(p, str) else (n if isinstance(n, str) else "")
                         for p, n in zip(out["admin1_pcode"], out["admin1"])]
    if ctx.lang == "ar" and "location_ar" in out and "location" in out:
        out["location"] = [ar if isinstance(ar, str) and ar else en for ar, en in zip(out["location_ar"], out["location"])]
    if "origin" in out:
        out["origin"] = out["origin"].map(t.origin)
    for col in ("fatalities", "injuries", "arrests"):  # an unknown count reads "not recorded", never "None"
        if col in out:
            out[col] = [t("chartnotes.not_recorded") if gone else t.number(v)
                        for v, gone in zip(out[col], out[col].isna())]
    keep = [c for c in columns if c in out]
    out = out[keep]
    text_cols = [c for c in keep if out[c].dtype == object or str(out[c].dtype).startswith(("string", "str"))]
    out[text_cols] = out[text_cols].fillna("")  # an empty cell, not "None"
    return out.rename(columns={c: t(f"col.{c}") for c in keep})


def map_labels(ctx) -> dict:
    t = ctx.t
    return {"points": t("map.layer_points"), "heat": t("map.layer_heat"), "choropleth": t("map.layer_choropleth"),
            "boundaries": t("map.boundaries"), "legend": t("col.event_type"), "events": t("common.events"),
            "date": t("col.event_date"), "type": t("col.event_type"), "actors": t("filters.actors"),
            "fatalities": t("col.fatalities"), "location": t("col.location"), "evidence": t("events.evidence"),
            "source": t("events.source_link"), "event_id": t("col.event_id"),
            "boundaries_attribution": "OCHA / UNCS via HDX (CC BY 3.0 IGO)", "legend_box": t("map.legend"),
            "grid": t("map.grid")}


def timeline_options(ctx: Context) -> dict:
    """What a timeline figure needs to be honest (charts.timeline_figure): the labels of the "dated less
    precisely" note and of the "no source coverage" shading, and the coverage of the origins in the filters."""
    coverage = ctx.store.coverage()
    if ctx.filters.origins:
        coverage = coverage[coverage["origin"].isin(ctx.filters.origins)]
    return {"coverage": coverage, "labels": {"undated": ctx.t("chartnotes.undated"),
                                             "no_coverage": ctx.t("chartnotes.no_coverage")}}


def coverage_text(ctx: Context, coverage) -> str:
    """One sentence: the time each origin covers (datasets: first to last event; articles: months with articles)."""
    spans = []
    for origin, rows in coverage.groupby("origin", sort=True):
        start, end = min(rows["start"]), max(rows["end"])
        if origin == "article" and len(rows) > 1:
            months = sum((b.year - a.year) * 12 + b.month - a.month + 1 for a, b in zip(rows["start"], rows["end"]))
            spans.append(ctx.t("chartnotes.coverage_months", origin=ctx.t.origin(origin), months=months,
                               start=f"{start:%Y-%m}", end=f"{end:%Y-%m}"))
        else:
            spans.append(ctx.t("chartnotes.coverage_span", origin=ctx.t.origin(origin), start=start.isoformat(),
                               end=end.isoformat()))
    return ctx.t("chartnotes.coverage", spans="; ".join(spans)) if spans else ""


def translated_columns(ctx: Context, df):
    """The same table with column headers in the UI language (columns without a string keep their name)."""
    return df.rename(columns={c: ctx.t(f"col.{c}") for c in df.columns if ctx.t.has(f"col.{c}")})

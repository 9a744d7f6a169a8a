"""A dashboard page context (dashboard.layout.Context) built outside Streamlit, on a real store, so the
report, exports and credits can be made exactly as the Overview's buttons make them."""

from __future__ import annotations

import logging

from dashboard import charts, layout
from dashboard.data import CachedStore
from dashboard.filters import Filters
from dashboard.i18n import translator
from dashboard.names import display_names
from etl.config import get_settings


def make_context(db, lang: str, filters: Filters) -> layout.Context:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    settings = get_settings(db=str(db))
    store = CachedStore(db)
    options = store.filter_options()
    admin = options["admin"]
    fallback = {**dict(zip(admin["admin1_pcode"], admin["admin1"])), **dict(zip(admin["admin2_pcode"], admin["admin2"]))}
    names = display_names(lang, str(settings.geo_dir), str(settings.knowledge_dir), tuple(options["actors"]), fallback)
    return layout.Context(lang=lang, t=translator(lang), store=store, settings=settings, filters=filters,
                          options=options, names=names)


def overview_report(ctx: layout.Context, fmt: str) -> bytes:
    """The Overview's report download (dashboard.report_build.build_report with the page's small timeline)."""
    from dashboard.report_build import build_report

    t = ctx.t
    options = layout.timeline_options(ctx)
    labels = {"title": t("overview.small_timeline"), "y": t("common.events"), "y2": t("common.fatalities"),
              "fatalities": t("common.fatalities"), "events": t("common.events"), **options["labels"]}
    fig = charts.timeline_figure(ctx.store.timeline(ctx.filters, "month"), granularity="month", labels=labels,
                                 type_names=ctx.type_names(), rtl=ctx.rtl, compact=True,
                                 coverage=options["coverage"])
    return build_report(ctx, fmt, ctx.store.headline_comparison(ctx.filters), fig)

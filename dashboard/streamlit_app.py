"""Marsad dashboard entry point: `streamlit run dashboard/streamlit_app.py`.

Sets up language (sidebar switch, also ?lang=ar), right-to-left layout for Arabic, the store
connection (a clear message when it is missing), the sidebar filters mirrored in the URL, the
pages (st.navigation), and the attribution footer on every page.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import layout, sidebar, signin
from dashboard.data import CachedStore, StoreUnavailable
from dashboard.i18n import LANGUAGES, normalize_lang, translator
from dashboard.literal import literal_markdown
from dashboard.names import display_names
from etl.config import get_settings

PAGES = (
    ("overview", "app_pages/overview.py", ":material/dashboard:"),
    ("timeline", "app_pages/timeline.py", ":material/timeline:"),
    ("actors", "app_pages/actors.py", ":material/groups:"),
    ("map", "app_pages/map.py", ":material/map:"),
    ("events", "app_pages/events.py", ":material/table_rows:"),
    ("news", "app_pages/news.py", ":material/newspaper:"),
    ("data", "app_pages/data_sources.py", ":material/database:"),
    ("review", "app_pages/review.py", ":material/fact_check:"),
    ("alerts", "app_pages/alerts.py", ":material/notifications_active:"),
)
LANGUAGE_NAMES = {"en": "English", "ar": "العربية"}


def choose_language(default: str) -> str:
    """Sidebar switch bound to session state "lang", seeded from ?lang= (a click on the selected option
    would clear it: it is put back before the widget is drawn)."""
    if st.session_state.get("lang") not in LANGUAGES:
        st.session_state["lang"] = normalize_lang(st.query_params.get("lang", default))
    st.sidebar.segmented_control("Language · اللغة", LANGUAGES, key="lang", format_func=LANGUAGE_NAMES.get,
                                 selection_mode="single")
    return normalize_lang(st.session_state.get("lang"))


def store_problem(t, path: str, error: str | None) -> None:
    if error is None:
        st.title(t("store.missing_title"), anchor=False)
        with st.container(key="marsad-store-missing"):
            st.warning(t("store.missing_body", path=literal_markdown(path)), icon=":material/database_off:")
    else:
        st.title(t("store.error_title"), anchor=False)
        with st.container(key="marsad-store-error"):
            st.error(t("store.error_body", path=literal_markdown(path), error=literal_markdown(error)))
    st.caption(t("footer.attribution"))


def main() -> None:
    st.set_page_config(page_title="Marsad · مرصد", page_icon=str(Path(__file__).resolve().parent / "static" / "marsad-icon.png"), layout="wide")
    settings = get_settings()
    lang = choose_language(settings.language)
    t = translator(lang)
    layout.inject_css(lang)
    who = signin.gate(settings, t)
    pages = [st.Page(path, title=t(f"page.{key}"), icon=icon, url_path=key, default=(key == "overview"))
             for key, path, icon in PAGES]
    page = st.navigation(pages, position="sidebar" if who else "hidden")  # keeps the page asked for in the URL
    if who is None:  # the sign-in page (or a refusal) was drawn instead
        return

    store = CachedStore(settings.db)
    if not store.exists:
        store_problem(t, store.path, None)
        return
    try:
        options = store.filter_options()
    except StoreUnavailable as exc:
        store_problem(t, store.path, str(exc))
        return
    admin = options["admin"]
    fallback = {**dict(zip(admin["admin1_pcode"], admin["admin1"])), **dict(zip(admin["admin2_pcode"], admin["admin2"]))}
    names = display_names(lang, str(settings.geo_dir), str(settings.knowledge_dir), tuple(options["actors"]),
                          fallback)
    filters = sidebar.render_filters(t, options, names)
    ctx = layout.Context(lang=lang, t=t, store=store, settings=settings, filters=filters, options=options,
                         names=names, notices=[n.message(lang) for n in sidebar.url_notices(filters)])
    layout.set_context(ctx)
    page.run()
    layout.footer(ctx)
    sidebar.sync_url(ctx.filters, lang)


main()

"""News: articles newest first, each with the events extracted from it; actor and place names
highlighted in the text. Everything from the article is html-escaped and shown with st.html (never through
Markdown, which would turn `![x](url)` into an image the browser fetches, or a bare URL into a link)."""

from __future__ import annotations

import streamlit as st

from dashboard.highlight import escaped, spans_html, term_spans
from dashboard.layout import context, display_events, page_header, table_config

STEP = 10


def _actor_spans(ctx, text: str, language: str) -> list:
    try:
        from etl.actors import load_actors

        found = load_actors(str(ctx.settings.knowledge_dir)).find(text, language)
    except Exception:  # dictionary not available: no actor highlighting
        return []
    return [(m.start, m.end, "actor") for m in found if hasattr(m, "start") and hasattr(m, "end")]


def article_card(ctx, i: int, art, events) -> None:
    t = ctx.t
    with st.container(border=True, key=f"article-{i}"):
        # dir="auto": an English title keeps its reading order inside the right-to-left Arabic UI
        st.html(f'<h4 class="marsad-title" dir="auto">{escaped(art["title"] or art["article_id"])}</h4>')
        meta = [str(art["source"]) if isinstance(art["source"], str) else "",
                t("news.published", date=t.date(art["published"])) if art["published"] is not None else ""]
        # each piece isolated (bdi): an English source name keeps its order inside the Arabic UI
        st.html('<div class="marsad-meta">' + " · ".join(f"<bdi>{escaped(m)}</bdi>" for m in meta if m) + "</div>")
        text = art["text"] or ""
        language = art["language"] or ("ar" if ctx.lang == "ar" else "en")
        places = {*events["location"].dropna(), *events["location_ar"].dropna(), *events["admin1"].dropna()}
        spans = _actor_spans(ctx, text, language) + term_spans(text, places, "place")
        st.html(spans_html(text, spans, lang=language))  # escaped by spans_html; st.html: no Markdown
        url = art["url"]
        if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
            st.link_button(t("news.open_source"), url, icon=":material/open_in_new:")
        st.caption(t("news.events_in_article"))
        if events.empty:
            st.text(t("news.no_events_in_article"))
        else:
            st.dataframe(display_events(ctx, events, columns=("event_date", "event_type", "location", "admin1", "actor1",
                                                                "actor2", "fatalities", "arrests", "sub_event_type")),
                         hide_index=True, key=f"article-{i}-events", column_config=table_config(ctx))


def render() -> None:
    ctx = context()
    t = ctx.t
    page_header(ctx, "news")
    limit = st.session_state.get("news_limit", STEP)
    result = ctx.store.articles(ctx.filters, limit, 0)
    if result["rows"].empty:
        with st.container(key="marsad-empty"):
            st.info(t("news.no_articles"))
        return
    st.caption(t("news.shown", shown=t.number(len(result["rows"])), total=t.number(result["total"])))
    events = result["events"]
    for i, art in enumerate(result["rows"].to_dict("records")):
        article_card(ctx, i, art, events[events["article_id"] == art["article_id"]])
    if result["total"] > limit:
        if st.button(t("news.more"), key="news-more"):
            st.session_state["news_limit"] = limit + STEP
            st.rerun()


render()

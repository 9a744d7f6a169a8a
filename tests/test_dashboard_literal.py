"""Text from the data or the URL is shown as written, never as Markdown or HTML (issue 9): dashboard/literal.py
against a CommonMark renderer, the Plotly labels, and every Markdown-rendered element of the pages (AppTest) with
events whose event_id, actor, place, source and evidence carry `![x](http://evil.example/q.png)`.
The real-browser proof (no request beyond localhost) is tests/browser/test_outside_requests.py."""

from __future__ import annotations

import html
import re

import duckdb
import pandas as pd
import pytest
from markdown_it import MarkdownIt

from dashboard import charts
from dashboard.literal import WORD_JOINER, literal_markdown, shown_text
from tests.dashboard_fixtures import build_fixture_store, open_page

PAYLOAD = "![x](http://evil.example/q.png)"
HOSTILE = [
    PAYLOAD, "[click](http://evil.example/link)", "<img src=x onerror=alert(1)>", "**bold** _it_ `code` ~~s~~",
    "# heading", "- item", "1. item", "> quote", "| a | b |", "http://evil.example/plain and www.evil.example",
    "mail me@evil.example", "<http://evil.example/auto>", "&lt;b&gt; &amp;", "$x^2$", ":red[colour] :smile:",
    "line one\n\n# two\r\n![y](http://evil.example/y.png)", "    indented code", "\\![x](http://evil.example/e.png)",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_literal_markdown_renders_as_the_text_itself(text):
    rendered = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(literal_markdown(text))
    tags = set(re.findall(r"<\s*([a-zA-Z0-9]+)", rendered)) - {"p"}
    assert tags == set(), f"{text!r} became markup: {rendered!r}"
    shown = html.unescape(re.sub(r"</?p>", "", rendered)).strip().replace(WORD_JOINER, "")
    assert shown == re.sub(r"\s*[\r\n]+\s*", " ", text).strip()
    assert shown_text(literal_markdown(text)) == shown


def test_addresses_and_shortcodes_are_broken_for_the_autolinker():
    out = literal_markdown("see http://evil.example, www.evil.example, me@evil.example :smile: 10:30")
    assert "http://" not in out and "www." not in out and "@evil" not in out and ":smile" not in out
    assert out.replace(WORD_JOINER, "").replace("\\", "") == "see http://evil.example, www.evil.example, " \
                                                              "me@evil.example :smile: 10:30"
    assert literal_markdown("x" * 50, max_chars=10) == "x" * 9 + "\u2026"


def test_plotly_labels_from_actor_names_are_text():
    name = '<a href="http://evil.example/">Brigade</a> & co'
    df = pd.DataFrame({"actor": [name, "SDF"], "events": [5, 3], "fatalities": [1, 0]})
    fig = charts.top_actors_figure(df, metric="events", labels={}, rtl=False)
    assert "&lt;a href=\"http://evil.example/\"&gt;Brigade&lt;/a&gt; &amp; co" in list(fig.data[0].y)
    assert [name] in [list(c) for c in fig.data[0].customdata]  # a click still gives the real name
    matrix = charts.interaction_matrix_figure(pd.DataFrame({"actor1": [name], "actor2": ["SDF"], "events": [2]}),
                                              labels={}, rtl=False)
    assert not any("<a" in str(v) for v in [*matrix.data[0].x, *matrix.data[0].y])
    activity = charts.actor_activity_figure(pd.DataFrame({"period": ["2019-01-01"], "actor": [name], "events": [1]}),
                                            labels={}, rtl=False)
    assert "<a" not in activity.data[0].name and "<a" not in activity.data[0].hovertemplate


# ------------------------------------------------------------------------------------------------ pages


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The fixture store plus one event whose text fields all carry the payload (a copy of a real row)."""
    path = build_fixture_store(tmp_path_factory.mktemp("literal") / "marsad.duckdb")
    with duckdb.connect(str(path)) as con:
        con.execute("""INSERT INTO events SELECT * REPLACE (
                           $p AS event_id, $p || ' Brigade' AS actor1, '<img src=x> ' || $p AS actor2,
                           $p || ' village' AS location, $p || ' قرية' AS location_ar, $p || ' Agency' AS source,
                           'javascript:alert(1)' AS source_url, 'Evidence ' || $p AS evidence,
                           'Notes http://evil.example/plain' AS notes, NULL AS article_id)
                       FROM events WHERE article_id IS NULL ORDER BY event_id LIMIT 1""", {"p": PAYLOAD})
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MARSAD_DB", str(path))
        mp.setenv("MARSAD_LANGUAGE", "en")
        yield str(path)



def markdown_sources(at) -> list[str]:
    """The Markdown source of every element Streamlit renders as Markdown (text and labels)."""
    out = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "warning", "info", "error", "success"):
        out += [str(e.value) for e in at.get(kind)]
    for kind in ("metric", "button", "link_button", "selectbox", "multiselect", "text_input", "number_input"):
        out += [str(getattr(e, "label", "") or getattr(e.proto, "label", "")) for e in at.get(kind)]
    return out


def assert_no_raw_payload(at, where: str) -> None:
    leaks = [s for s in markdown_sources(at) if "![x](" in s or "](http" in s or "<img" in s]
    assert leaks == [], f"{where}: data reaches Markdown unescaped: {leaks}"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_event_detail_of_a_hostile_event_is_literal_text(store, lang):
    at = open_page("events", lang, event=PAYLOAD)
    assert_no_raw_payload(at, "event detail")
    heading = [shown_text(s.value) for s in at.subheader]
    assert any(h.endswith(PAYLOAD) for h in heading), heading
    bodies = "\n".join(h.proto.body for h in at.get("html"))
    assert "Evidence ![x](http://evil.example/q.png)" in bodies  # inside our escaped HTML, never Markdown
    assert "<img" not in bodies


@pytest.mark.parametrize("page", ["overview", "timeline", "actors", "map", "events", "news", "data_sources"])
def test_pages_filtered_by_hostile_url_values_keep_them_literal(store, page):
    at = open_page(page, "en", actor=PAYLOAD + " Brigade", q=PAYLOAD, type=PAYLOAD, event=PAYLOAD)
    assert_no_raw_payload(at, page)
    caption = shown_text(at.caption[0].value)
    assert caption == f"Showing: All events, actor {PAYLOAD} Brigade, mentioning “{PAYLOAD}”", caption


def test_actor_card_of_a_hostile_actor_is_literal_text(store):
    at = open_page("actors", "en", actor=PAYLOAD + " Brigade")
    at.selectbox(key="act_card").set_value(PAYLOAD + " Brigade").run()
    assert not at.exception
    assert_no_raw_payload(at, "actor card")
    assert any(shown_text(m.value).strip("*") == f"{PAYLOAD} Brigade" for m in at.markdown), \
        [m.value for m in at.markdown]

"""Feed text never runs as HTML in the dashboard (issue 12): a feed whose title and text carry markup, a script
and a Markdown image is polled by the watcher, and the News page (English and Arabic) shows that text as text."""

from __future__ import annotations

import pytest

from etl.config import get_settings
from etl.feeds.watch import watch
from tests.dashboard_fixtures import open_page
from tests.feeds.conftest import FILLER, REPORTS, rss, write_sources

TITLE = "Raid <img src=x onerror=alert(1)> ![x](http://evil.example/q.png)"
CONTENT = ("<p>&lt;script&gt;document.title='pwned'&lt;/script&gt; " + REPORTS[1]
           + " &lt;img src=x onerror=&quot;document.title='pwned-img'&quot;&gt; ![x](http://evil.example/t.png)</p>"
           "<script>document.title='ran'</script><p>" + FILLER + "</p>")  # escaped markup is text; a real script is dropped


@pytest.fixture(scope="module")
def polled_store(server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("literal")
    feed = server.serve("/lit/feed.rss", rss([{"guid": "lit-1", "link": server.url("/lit/1.html"), "title": TITLE,
                                              "content": CONTENT}]))
    write_sources(folder / "sources.toml", {"name": "hostile", "kind": "feed", "url": feed})
    with pytest.MonkeyPatch.context() as mp:
        for key, value in {"MARSAD_DB": str(folder / "marsad.duckdb"), "MARSAD_SOURCES_FILE": str(folder / "sources.toml"),
                           "MARSAD_FETCH_ALLOWED_HOSTS": "127.0.0.1", "MARSAD_WATCH_HOST_INTERVAL": "0"}.items():
            mp.setenv(key, value)
        [result] = watch(get_settings(), once=True, say=lambda _line: None)
        assert result.counts["loaded"] == 1, result.line()
        yield folder / "marsad.duckdb"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_news_page_shows_feed_text_as_text(polled_store, lang, monkeypatch):
    monkeypatch.setenv("MARSAD_DB", str(polled_store))
    at = open_page("news", lang)
    bodies = "\n".join(h.proto.body for h in at.get("html"))
    assert "Raid ![x](http://evil.example/q.png)</h4>" in bodies  # the title: its tag dropped, the rest as text
    assert "&lt;script&gt;document.title=" in bodies  # the article text, escaped inside our HTML
    assert "&lt;img src=x onerror=" in bodies
    assert "<img" not in bodies and "<script" not in bodies and "document.title='ran'" not in bodies
    markdown = [str(e.value) for kind in ("markdown", "caption", "title", "header", "subheader")
                for e in at.get(kind)]
    assert not [m for m in markdown if "<img" in m or "![x](" in m or "](http" in m]

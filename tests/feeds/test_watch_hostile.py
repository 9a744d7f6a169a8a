"""Hostile sources (issue 12, "Bad input and safety"): an entity bomb or an external entity refuses the feed;
an enormous item, a redirect loop, file:// and ftp:// links, a link to a loopback name that is not
allowed and an enormous article page are each refused with a message (quarantined) while the poll goes
on and the good item loads; a feed on a loopback address is refused unless the setting allows it."""

from __future__ import annotations

from etl.config import get_settings
from etl.feeds.watch import watch
from tests.feeds.conftest import FILLER, REPORTS, page, query, rss, write_sources

BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<rss version="2.0"><channel><title>Bomb</title><item><title>&e;</title><description>&e;</description>
<link>http://127.0.0.1/bomb</link></item></channel></rss>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>XXE</title><item><title>Leak</title>
<description>The SDF arrested 40 ISIS members in Deir ez-Zor on Tuesday. &secret;</description>
<link>http://127.0.0.1/xxe</link></item></channel></rss>"""


def poll():
    return {r.source: r for r in watch(get_settings(), once=True, say=lambda _line: None)}


def test_hostile_feeds_and_items_are_refused_with_a_message_and_the_poll_goes_on(server, env, monkeypatch):
    monkeypatch.setenv("MARSAD_ARTICLE_MAX_CHARS", "50000")
    monkeypatch.setenv("MARSAD_WATCH_ITEM_MAX_BYTES", "100000")
    monkeypatch.setenv("MARSAD_FETCH_MAX_REDIRECTS", "3")
    server.serve("/h/loop", "", location="/h/loop")  # redirects to itself for ever
    server.serve("/h/huge.html", page("Huge", REPORTS[0] + FILLER * 80), content_type="text/html")
    localhost = server.url("/h/ok.html").replace("127.0.0.1", "localhost")  # loopback by another name
    server.serve("/h/ok.html", page("Ok", REPORTS[1] + FILLER), content_type="text/html")
    summary = {"description": "A teaser."}
    items = [
        {"guid": "good", "link": server.url("/h/good.html"), "title": "Good", "content": REPORTS[5] + FILLER},
        {"guid": "enormous", "link": server.url("/h/enormous.html"), "title": "Enormous",
         "content": REPORTS[4] + FILLER * 120},
        {"guid": "file", "link": "file:///etc/passwd", "title": "File", **summary},
        {"guid": "ftp", "link": "ftp://127.0.0.1/article.txt", "title": "FTP", **summary},
        {"guid": "localhost", "link": localhost, "title": "Loopback name", **summary},
        {"guid": "loop", "link": server.url("/h/loop"), "title": "Loop", **summary},
        {"guid": "huge", "link": server.url("/h/huge.html"), "title": "Huge page", **summary},
    ]
    write_sources(env / "sources.toml",
                  {"name": "bomb", "kind": "feed", "url": server.serve("/h/bomb.rss", BOMB)},
                  {"name": "xxe", "kind": "feed", "url": server.serve("/h/xxe.rss", XXE)},
                  {"name": "mixed", "kind": "feed", "url": server.serve("/h/mixed.rss", rss(items))})
    db = env / "marsad.duckdb"

    results = poll()
    assert results["bomb"].status == "failed" and "refused: the XML declares entities" in results["bomb"].error
    assert results["xxe"].status == "failed" and "refused: the XML declares entities" in results["xxe"].error
    mixed = results["mixed"]
    assert (mixed.status, mixed.counts["new"], mixed.counts["loaded"], mixed.counts["quarantined"]) == ("loaded", 7, 1, 6)
    reasons = {r[0].split("(")[0].strip(): r[0] for r in
               query(db, "SELECT reason FROM quarantine WHERE input_path LIKE 'mixed:%'")}
    assert len(reasons) == 6, reasons
    joined = "\n".join(reasons.values())
    assert "more than the limit of 50,000 (MARSAD_ARTICLE_MAX_CHARS)" in joined
    assert "file URLs are not fetched" in joined
    assert "only http and https URLs are fetched" in joined
    assert "localhost is 127.0.0.1, a loopback address" in joined
    assert "more than 3 redirects" in joined
    assert "bytes, more than the limit of 100,000 (MARSAD_WATCH_ITEM_MAX_BYTES)" in joined
    assert server.hits["/h/ok.html"] == 0 and server.hits["/h/loop"] == 4
    assert query(db, "SELECT url FROM articles") == [(server.url("/h/good.html"),)]
    stored = "".join(str(r) for r in query(db, "SELECT * FROM articles") + query(db, "SELECT * FROM quarantine"))
    assert "root:" not in stored and "aaaaaaaaaa" * 20 not in stored
    # the refused items are not tried again; the refused feeds are (they may be fixed)
    assert poll()["mixed"].counts["new"] == 0
    assert server.hits["/h/loop"] == 4


def test_a_feed_on_a_loopback_address_is_refused_unless_the_setting_allows_it(server, env, monkeypatch):
    feed = server.serve("/h2/feed.rss", rss([{"guid": "h2", "link": server.url("/h2/a.html"), "title": "A",
                                             "content": REPORTS[3] + FILLER}]))
    write_sources(env / "sources.toml", {"name": "internal", "kind": "feed", "url": feed})
    monkeypatch.setenv("MARSAD_FETCH_ALLOWED_HOSTS", "")
    refused = poll()["internal"]
    assert refused.status == "failed"
    assert "127.0.0.1 is 127.0.0.1, a loopback address; only public addresses are fetched" in refused.error
    assert "MARSAD_FETCH_ALLOWED_HOSTS" in refused.error and server.hits["/h2/feed.rss"] == 0
    monkeypatch.setenv("MARSAD_FETCH_ALLOWED_HOSTS", "127.0.0.1")
    assert poll()["internal"].counts["loaded"] == 1

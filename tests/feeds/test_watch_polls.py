"""`marsad etl watch --once` against a real HTTP server on 127.0.0.1 (issue 12, part 2): new items load once,
a second poll loads nothing, an ETag-unchanged feed is not read again, a failing source does not stop the
others and is polled again later, items over the per-poll limit wait for the next poll."""

from __future__ import annotations

import socket

from etl.config import get_settings
from etl.feeds.watch import watch
from tests.feeds.conftest import FILLER, REPORTS, atom, page, query, rss, write_sources


def poll(**kw):
    return {r.source: r for r in watch(get_settings(), once=True, say=lambda _line: None, **kw)}


def test_new_items_load_once_and_a_second_poll_loads_nothing(server, env):
    feed = server.serve("/t1/feed.rss", rss([
        {"guid": "t1-a", "link": server.url("/t1/a.html"), "title": "Attack in Raqqa", "content": REPORTS[0] + FILLER},
        {"guid": "t1-b", "link": server.url("/t1/b.html"), "title": "Arrests in Deir ez-Zor",
         "content": REPORTS[1] + FILLER},
        {"guid": "t1-c", "link": server.url("/t1/c.html"), "title": "Civilians killed in Tabqa",
         "description": "Three civilians were killed, officials said."},  # a summary: the page is fetched
    ]))
    server.serve("/t1/c.html", page("Civilians killed in Tabqa", REPORTS[2] + FILLER),
                 content_type="text/html; charset=utf-8", fail_first=1)  # the first try fails: retried
    write_sources(env / "sources.toml", {"name": "wire", "kind": "feed", "url": feed, "interval": "15m"})
    db = env / "marsad.duckdb"

    first = poll()["wire"]
    assert first.status == "loaded", first.line()
    assert (first.counts["seen"], first.counts["new"], first.counts["loaded"], first.counts["quarantined"]) == (3, 3, 3, 0)
    texts = dict(query(db, "SELECT url, text FROM articles"))
    assert len(texts) == 3
    page_text = texts[server.url("/t1/c.html")]
    assert "Unidentified gunmen killed three civilians in Tabqa" in page_text  # the article page, cleaned
    assert "Subscribe to our newsletter" not in page_text and "Sport" not in page_text
    assert server.hits["/t1/c.html"] == 2  # one 503, one retry
    events = query(db, "SELECT sub_event_type, location FROM events WHERE origin = 'article'")
    assert {("Armed clash", "Ar-Raqqa"), ("Arrests", "Deir-ez-Zor"), ("Attack", "Al-Tabqa")} <= set(events), events
    n_events = len(events)

    second = poll()["wire"]
    assert (second.counts["seen"], second.counts["new"], second.counts["loaded"]) == (3, 0, 0)
    assert server.hits["/t1/c.html"] == 2  # an item's page is fetched once
    assert query(db, "SELECT count(*) FROM articles")[0][0] == 3
    assert len(query(db, "SELECT 1 FROM events WHERE origin = 'article'")) == n_events
    runs = query(db, "SELECT run_id, command, status, rows_read, rows_inserted FROM runs ORDER BY run_id")
    assert [(r[1], r[2], r[3], r[4]) for r in runs] == [("watch", "ok", 3, 3), ("watch", "ok", 0, 0)]
    polls = query(db, "SELECT run_id, items_seen, items_new, items_loaded, items_quarantined FROM feed_polls ORDER BY run_id")
    assert [p[1:] for p in polls] == [(3, 3, 3, 0), (3, 0, 0, 0)]


def test_an_etag_unchanged_feed_is_not_read_again_and_a_changed_one_gives_only_its_new_entry(server, env):
    entries = [{"guid": f"t2-{i}", "link": server.url(f"/t2/{i}.html"), "title": f"Report {i}",
                "content": REPORTS[i] + FILLER} for i in range(2)]
    feed = server.serve("/t2/feed.atom", atom(entries), content_type="application/atom+xml", etag='"v1"')
    write_sources(env / "sources.toml", {"name": "atom-wire", "kind": "feed", "url": feed})
    db = env / "marsad.duckdb"

    assert poll()["atom-wire"].counts["loaded"] == 2
    again = poll()["atom-wire"]
    assert again.status == "not_modified"
    assert server.not_modified["/t2/feed.atom"] == 1 and server.hits["/t2/feed.atom"] == 2
    assert query(db, "SELECT status, rows_read, message FROM runs ORDER BY run_id DESC LIMIT 1")[0] == \
        ("ok", 0, "not modified (HTTP 304); nothing read")

    entries.append({"guid": "t2-2", "link": server.url("/t2/2.html"), "title": "Report 2", "content": REPORTS[2] + FILLER})
    server.serve("/t2/feed.atom", atom(entries), content_type="application/atom+xml", etag='"v2"')
    changed = poll()["atom-wire"]
    assert (changed.status, changed.counts["new"], changed.counts["loaded"]) == ("loaded", 1, 1)
    assert query(db, "SELECT count(*) FROM articles")[0][0] == 3


def test_items_over_the_per_poll_limit_wait_for_the_next_poll_even_behind_an_etag(server, env, monkeypatch):
    monkeypatch.setenv("MARSAD_WATCH_MAX_ITEMS", "2")
    feed = server.serve("/t3/feed.rss", rss([{"guid": f"t3-{i}", "link": server.url(f"/t3/{i}.html"),
                                                "title": f"Report {i}", "content": REPORTS[i] + FILLER}
                                               for i in range(3)]), etag='"same"')
    write_sources(env / "sources.toml", {"name": "busy", "kind": "feed", "url": feed})
    first = poll()["busy"]
    assert (first.counts["new"], first.counts["loaded"], first.counts["deferred"]) == (3, 2, 1)
    second = poll()["busy"]  # the validators were not kept: the feed is read again, not answered 304
    assert (second.status, second.counts["new"], second.counts["loaded"], second.counts["deferred"]) == ("loaded", 1, 1, 0)
    assert server.not_modified["/t3/feed.rss"] == 0
    assert poll()["busy"].status == "not_modified"  # now that nothing waits, the ETag is used
    assert query(env / "marsad.duckdb", "SELECT count(*) FROM articles")[0][0] == 3


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_failing_source_does_not_stop_the_others_and_is_polled_again_later(server, env, monkeypatch):
    monkeypatch.setenv("MARSAD_WATCH_RETRIES", "1")
    good = server.serve("/t4/good.rss", rss([{"guid": "t4-g", "link": server.url("/t4/g.html"), "title": "Arrests",
                                              "content": REPORTS[3] + FILLER}]))
    error_page = server.serve("/t4/gone.rss", "<!DOCTYPE html><html><body><h1>Site maintenance</h1></body></html>",
                              content_type="text/html")
    garbage = server.serve("/t4/garbage.rss", b"\x00\x01\x02 not a feed at all \xff\xfe")
    broken = server.serve("/t4/500.rss", "", status=500)
    write_sources(env / "sources.toml",
                  {"name": "down", "kind": "feed", "url": f"http://127.0.0.1:{_closed_port()}/feed.rss"},
                  {"name": "error-page", "kind": "feed", "url": error_page},
                  {"name": "garbage", "kind": "feed", "url": garbage},
                  {"name": "broken", "kind": "feed", "url": broken},
                  {"name": "good", "kind": "feed", "url": good})
    db = env / "marsad.duckdb"

    results = poll()
    assert results["good"].status == "loaded" and results["good"].counts["loaded"] == 1
    assert {n: r.status for n, r in results.items() if n != "good"} == dict.fromkeys(
        ("down", "error-page", "garbage", "broken"), "failed")
    assert "cannot be fetched" in results["down"].error
    assert "serves an HTML page, not an RSS/Atom feed" in results["error-page"].error
    assert "not an RSS/Atom feed" in results["garbage"].error
    assert "HTTP 500" in results["broken"].error and "tried 2 times" in results["broken"].error
    assert server.hits["/t4/500.rss"] == 2  # one retry (MARSAD_WATCH_RETRIES=1)
    runs = query(db, "SELECT input_path, status, message FROM runs WHERE status = 'failed' ORDER BY run_id")
    assert [r[0].split(":")[0] for r in runs] == ["down", "error-page", "garbage", "broken"]
    assert all(r[2] for r in runs)
    assert query(db, "SELECT failures, last_status FROM feed_state WHERE source = 'error-page'")[0] == (1, "failed")

    # not due yet: a failed source waits MARSAD_WATCH_RETRY_AFTER (300 s by default), the good one its hour
    assert poll(due_only=True) == {}
    # the site is back; with no wait configured the failed sources are due again, the good one is not
    monkeypatch.setenv("MARSAD_WATCH_RETRY_AFTER", "0")
    server.serve("/t4/gone.rss", rss([{"guid": "t4-e", "link": server.url("/t4/e.html"), "title": "Back",
                                       "content": REPORTS[4] + FILLER}]))
    retried = poll(due_only=True)
    assert "good" not in retried and server.hits["/t4/good.rss"] == 1
    assert retried["error-page"].status == "loaded" and retried["error-page"].counts["loaded"] == 1
    assert query(db, "SELECT failures, last_status, last_error FROM feed_state WHERE source = 'error-page'")[0] == \
        (0, "ok", None)


def test_requests_to_one_host_are_spaced_by_the_per_host_interval(server, env, monkeypatch):
    monkeypatch.setenv("MARSAD_WATCH_HOST_INTERVAL", "0.4")
    feed = server.serve("/t5/feed.rss", rss([{"guid": f"t5-{i}", "link": server.url(f"/t5/{i}.html"),
                                              "title": f"Teaser {i}", "description": "Short."} for i in range(3)]))
    for i in range(3):
        server.serve(f"/t5/{i}.html", page(f"Page {i}", REPORTS[i] + FILLER), content_type="text/html")
    write_sources(env / "sources.toml", {"name": "paced", "kind": "feed", "url": feed})
    assert poll()["paced"].counts["loaded"] == 3
    times = [t for path, t in server.arrivals if path.startswith("/t5/")]
    assert len(times) == 4  # the feed and three pages, one after the other
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.4, gaps  # a request starts the interval after the last one to the host ended

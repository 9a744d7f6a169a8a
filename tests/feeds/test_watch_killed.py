"""A killed watcher loses nothing and resumes (issue 12): `marsad etl watch` (running for ever) is killed with
SIGKILL while a poll is in the middle of fetching article pages; the source polled before keeps what it
loaded, the interrupted poll left nothing half-done (no item marked seen without its article), and the
next watcher loads exactly the missing items, once (the other source is not due yet), then stops cleanly
on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.feeds.conftest import FILLER, REPORTS, page, query, rss, write_sources

MARSAD = str(Path(sys.executable).with_name("marsad"))


def _wait_for(condition, what: str, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


def _state(db: Path, source: str):
    if not db.exists():
        return None
    try:
        rows = query(db, "SELECT last_status FROM feed_state WHERE source = ?", [source])
    except Exception:  # noqa: BLE001 - the store may predate its tables, or be swapped in this instant
        return None
    return rows[0][0] if rows else None


def test_a_watcher_killed_mid_poll_loses_nothing_and_the_next_one_resumes(server, env):
    fast = server.serve("/k/fast.rss", rss([{"guid": f"k-f{i}", "link": server.url(f"/k/f{i}.html"),
                                             "title": f"Fast {i}", "content": REPORTS[i] + FILLER} for i in range(2)]),
                        etag='"fast-1"')
    slow = server.serve("/k/slow.rss", rss([{"guid": f"k-s{i}", "link": server.url(f"/k/s{i}.html"),
                                             "title": f"Slow {i}", "description": "A teaser."} for i in range(3)]))
    arrived, gate = threading.Event(), threading.Event()
    for i in range(3):
        server.serve(f"/k/s{i}.html", page(f"Slow {i}", REPORTS[2 + i] + FILLER), content_type="text/html",
                     **({"arrived": arrived, "gate": gate} if i == 1 else {}))
    write_sources(env / "sources.toml", {"name": "fast", "kind": "feed", "url": fast},
                  {"name": "slow", "kind": "feed", "url": slow})
    db = env / "marsad.duckdb"

    watcher = subprocess.Popen([MARSAD, "etl", "watch"], env=dict(os.environ), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert arrived.wait(90), "the watcher never asked for the second page of the slow source"
        watcher.send_signal(signal.SIGKILL)
        watcher.wait(30)
    finally:
        if watcher.poll() is None:
            watcher.kill()
        gate.set()
    assert watcher.returncode == -signal.SIGKILL
    # the fast source's poll was swapped in whole; the slow one's left nothing behind
    assert query(db, "SELECT source, count(*) FROM feed_seen GROUP BY source") == [("fast", 2)]
    assert sorted(r[0] for r in query(db, "SELECT title FROM articles")) == ["Fast 0", "Fast 1"]
    assert query(db, "SELECT count(*) FROM runs")[0][0] == 1
    assert server.hits["/k/s0.html"] == 1

    # its report goes to a file, unbuffered: the signal is sent once the report is written (the store is
    # swapped in a moment before the line is printed)
    report = db.with_name("second-watcher.out")
    line = "slow: run 2: 3 items, 3 new: 3 loaded, 0 quarantined, 0 deferred"
    with report.open("w", encoding="utf-8") as sink:
        again = subprocess.Popen([MARSAD, "etl", "watch"], env=dict(os.environ, PYTHONUNBUFFERED="1"), stdout=sink,
                                 stderr=subprocess.PIPE, text=True)
        try:
            _wait_for(lambda: _state(db, "slow") == "ok" and line in report.read_text(encoding="utf-8"),
                      "the second watcher to poll the slow source and report it")
            again.send_signal(signal.SIGTERM)
            _, err = again.communicate(timeout=60)
        finally:
            if again.poll() is None:
                again.kill()
    out = report.read_text(encoding="utf-8")
    assert again.returncode == 143, (out, err)
    assert "Interrupted" in err and "Traceback" not in err
    assert "slow: run 2: 3 items, 3 new: 3 loaded, 0 quarantined, 0 deferred" in out, out
    assert "fast:" not in out and server.hits["/k/fast.rss"] == 1  # polled an instant ago: due in an hour
    assert sorted(r[0] for r in query(db, "SELECT title FROM articles")) == \
        ["Fast 0", "Fast 1", "Slow 0", "Slow 1", "Slow 2"]
    assert query(db, "SELECT source, count(*) FROM feed_seen GROUP BY source ORDER BY source") == \
        [("fast", 2), ("slow", 3)]
    assert server.hits["/k/s0.html"] == 2 and server.hits["/k/s2.html"] == 1  # fetched again only when lost
    assert not list(env.glob("marsad.duckdb.tmp-*")), "the killed watcher's private copy was not cleaned up"
    loaded = query(db, "SELECT count(*) FROM events WHERE article_id IN (SELECT article_id FROM articles "
                       "WHERE title LIKE 'Slow%')")[0][0]
    assert loaded >= 3

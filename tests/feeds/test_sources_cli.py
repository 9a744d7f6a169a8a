"""Sources as data (issue 12, part 1): data/sources.toml is validated with one clear line naming the source and
the field (exit 2, never a traceback); `marsad sources add` appends a source and keeps the file's comments;
`marsad sources check` fetches once and says what a poll would load, loading nothing; `marsad sources list`
shows each source's state; the bundled file works offline; folder, JSON Lines drop and sitemap sources load
each file or page once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from etl.config import PROJECT_ROOT, get_settings
from etl.errors import InputError
from etl.feeds.sources_file import add_source, load_sources
from etl.feeds.watch import watch
from tests.feeds.conftest import FILLER, REPORTS, page, query, rss, write_sources

MARSAD = str(Path(sys.executable).with_name("marsad"))


def marsad(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([MARSAD, *args], env=dict(os.environ), capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("block, message", [
    ('name = "a"\nkind = "podcast"\nurl = "https://x.example/f"',
     "source 1 ('a'): field 'kind': 'podcast' is not a kind; use one of feed, sitemap, folder, jsonl"),
    ('name = "a"\nkind = "feed"\nurl = "file:///etc/passwd"',
     "source 1 ('a'): field 'url': 'file:///etc/passwd' is not an http(s) URL"),
    ('name = "a"\nkind = "feed"\nurl = "ftp://x.example/feed"', "field 'url': 'ftp://x.example/feed' is not an http(s) URL"),
    ('name = "a"\nkind = "folder"', "source 1 ('a'): field 'path': missing"),
    ('name = "a"\nkind = "feed"\nurl = "https://x.example/f"\ninterval = "5s"',
     "field 'interval': '5s' is shorter than the shortest interval, 1m"),
    ('name = "a"\nkind = "feed"\nurl = "https://x.example/f"\ninterval = "often"', "field 'interval': 'often' is not an interval"),
    ('name = "a"\nkind = "feed"\nurl = "https://x.example/f"\nintervall = "1h"',
     "source 1 ('a'): field 'intervall': unknown field"),
    ('name = "a"\nkind = "feed"\nurl = "https://x.example/f"\nenabled = "yes"', "field 'enabled': 'yes' is not true or false"),
    ('name = "a"\nkind = "feed"\nurl = "https://x.example/f"\nlanguage = "fr"', "field 'language': 'fr' is not one of auto, ar, en"),
    ('name = "a b"\nkind = "feed"\nurl = "https://x.example/f"', "source 1: field 'name': 'a b' is not a name"),
    ('kind = "feed"\nurl = "https://x.example/f"', "source 1: field 'name' is missing"),
    ('name = "a"\nkind = "feed"\nurl = "https://x.example/f"\n\n[[source]]\nname = "a"\nkind = "folder"\npath = "x"',
     "source 2: field 'name': 'a' is already the name of another source"),
    ('name = "a"\nkind = "feed\nurl = 1', "not valid TOML"),
])
def test_a_bad_sources_file_is_refused_naming_the_source_and_the_field(tmp_path, block, message):
    path = tmp_path / "sources.toml"
    path.write_text("[[source]]\n" + block + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_sources(path)
    assert message in str(caught.value) and str(path) in str(caught.value)


def test_the_cli_says_it_in_one_line_with_exit_2(env):
    (env / "sources.toml").write_text('[[source]]\nname = "x"\nkind = "feed"\nurl = "file:///etc/passwd"\n')
    done = marsad("etl", "watch", "--once")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"Error: {env / 'sources.toml'}: source 1 ('x'): field 'url': 'file:///etc/passwd' is not an http(s) URL "
        "(only http and https are fetched; a local file is a folder source)"]
    assert not (env / "marsad.duckdb").exists()


def test_the_bundled_sources_file_is_valid_and_its_enabled_sources_work_offline():
    sources = load_sources(PROJECT_ROOT / "data" / "sources.toml")
    enabled = [s for s in sources if s.enabled]
    assert enabled and all(s.kind in ("folder", "jsonl") and Path(s.path).exists() for s in enabled)
    assert {s.kind for s in sources} >= {"feed", "sitemap", "folder", "jsonl"}
    assert all(not s.enabled for s in sources if s.kind in ("feed", "sitemap"))


def test_add_check_and_list_through_the_command_line(server, env):
    path = env / "sources.toml"
    path.write_text("# our sources: keep this comment\n", encoding="utf-8")
    feed = server.serve("/c/feed.rss", rss([
        {"guid": "c-1", "link": server.url("/c/1.html"), "title": "Full", "content": REPORTS[0] + FILLER},
        {"guid": "c-2", "link": server.url("/c/2.html"), "title": "Teaser", "description": "Short."}]))
    added = marsad("sources", "add", "wire", "--kind", "feed", "--url", feed, "--interval", "30m", "--language", "en")
    assert added.returncode == 0, added.stderr
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# our sources: keep this comment\n") and 'name = "wire"' in text
    assert [(s.name, s.interval_s, s.language) for s in load_sources(path)] == [("wire", 1800, "en")]
    with pytest.raises(InputError, match="a source of that name exists"):
        add_source(path, {"name": "wire", "kind": "feed", "url": feed})
    with pytest.raises(InputError, match="field 'url'"):
        add_source(path, {"name": "other", "kind": "feed", "url": "ftp://x.example/feed"})
    assert path.read_text(encoding="utf-8") == text
    add_source(path, {"name": "down", "kind": "feed", "url": server.url("/c/missing.rss")})

    checked = marsad("sources", "check")
    assert checked.returncode == 2, checked.stderr  # one source cannot be read; the other is reported
    assert "wire: 2 items, 2 new; a poll would read 2 (1 by fetching the article page)" in checked.stdout
    assert "article page to fetch" in checked.stdout and "text in the feed" in checked.stdout
    assert "down: cannot be read:" in checked.stdout and "HTTP 404" in checked.stdout
    assert not (env / "marsad.duckdb").exists() and server.hits["/c/2.html"] == 0  # nothing loaded, no page read

    server.serve("/c/2.html", page("Teaser", REPORTS[1] + FILLER), content_type="text/html")
    polled = marsad("etl", "watch", "--once")
    assert polled.returncode == 1, polled  # a source failed, recorded; the other one loaded
    assert "wire: run 1: 2 items, 2 new: 2 loaded" in polled.stdout and "down: run 2: failed:" in polled.stdout
    listed = marsad("sources", "list", "--format", "jsonl")
    rows = {r["name"]: r for r in map(json.loads, listed.stdout.strip().splitlines())}
    assert (rows["wire"]["status"], rows["wire"]["items_read"], rows["wire"]["failures"]) == ("ok", 2, 0)
    assert (rows["down"]["status"], rows["down"]["failures"]) == ("failed", 1) and "HTTP 404" in rows["down"]["last_error"]


def test_folder_jsonl_drop_and_sitemap_sources_load_each_item_once(server, env):
    drop = env / "drop"
    drop.mkdir()
    (drop / "a.jsonl").write_text(json.dumps({"id": "d1", "title": "Drop 1", "published": "2024-03-08",
                                              "text": REPORTS[3]}) + "\n", encoding="utf-8")
    (drop / ".b.jsonl").write_text("{not complete", encoding="utf-8")  # still being written: hidden, not read
    news = "http://www.google.com/schemas/sitemap-news/0.9"
    sitemap = server.serve("/s/sitemap.xml", (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="{news}">'
        f'<url><loc>{server.url("/s/1.html")}</loc><lastmod>2024-03-07</lastmod></url>'
        f'<url><loc>{server.url("/s/2.html")}</loc><news:news><news:publication_date>2024-03-08</news:publication_date>'
        '<news:title>Second</news:title></news:news></url></urlset>'), content_type="application/xml")
    for i in (1, 2):
        server.serve(f"/s/{i}.html", page(f"Page {i}", REPORTS[3 + i] + FILLER), content_type="text/html")
    write_sources(env / "sources.toml", {"name": "drop", "kind": "jsonl", "path": str(drop)},
                  {"name": "map", "kind": "sitemap", "url": sitemap})
    db = env / "marsad.duckdb"

    def poll():
        return {r.source: r for r in watch(get_settings(), once=True, say=lambda _line: None)}

    first = poll()
    assert first["drop"].counts["loaded"] == 1 and first["map"].counts["loaded"] == 2
    assert sorted(r[0] for r in query(db, "SELECT title FROM articles")) == ["Drop 1", "Page 1", "Page 2"]
    (drop / ".b.jsonl").rename(drop / "b.jsonl")
    (drop / "b.jsonl").write_text(json.dumps({"id": "d2", "title": "Drop 2", "text": REPORTS[0]}) + "\n")
    second = poll()
    assert (second["drop"].counts["new"], second["drop"].counts["loaded"]) == (1, 1)
    assert second["map"].counts["new"] == 0 and server.hits["/s/1.html"] == 1
    assert query(db, "SELECT count(*) FROM articles")[0][0] == 4

"""A real HTTP server on 127.0.0.1 playing news sites (RSS/Atom feeds, sitemaps, article pages) for the
watcher tests, one per test module. Each test registers its own paths; the server counts every request
and every 304 Not Modified it answers, and can hold a request until the test lets it go."""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import http.server
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    etag: str | None = None
    location: str | None = None
    fail_first: int = 0  # answer 503 this many times first
    gate: threading.Event | None = None  # hold the request until set
    arrived: threading.Event | None = None  # set when the request comes in


class FeedServer:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.hits: Counter = Counter()
        self.not_modified: Counter = Counter()
        self.arrivals: list[tuple[str, float]] = []  # (path, time.monotonic()) of every request
        self.lock = threading.Lock()
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, body: bytes | str, **route) -> str:
        self.routes[path] = Route(body=body.encode() if isinstance(body, str) else body, **route)
        return self.url(path)


def _handler(server: FeedServer):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802 - http.server's name
            with server.lock:
                server.hits[self.path] += 1
                server.arrivals.append((self.path, time.monotonic()))
                hits = server.hits[self.path]
            route = server.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.arrived is not None:
                route.arrived.set()
            if route.gate is not None:
                route.gate.wait(60)
            if hits <= route.fail_first:
                self.send_error(503)
                return
            if route.location is not None:
                self.send_response(route.status if route.status in (301, 302, 303, 307, 308) else 302)
                self.send_header("Location", route.location)
                self.end_headers()
                return
            if route.etag is not None and self.headers.get("If-None-Match") == route.etag:
                with server.lock:
                    server.not_modified[self.path] += 1
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.etag is not None:
                self.send_header("ETag", route.etag)
            self.end_headers()
            try:
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):  # the client was killed (test_watch_killed)
                pass

    return Handler


@pytest.fixture(scope="module")
def server():
    feed_server = FeedServer()
    thread = threading.Thread(target=feed_server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield feed_server
    finally:
        feed_server.httpd.shutdown()
        feed_server.httpd.server_close()


@pytest.fixture()
def env(tmp_path, monkeypatch):
    """A private store and sources file; loopback allowed (127.0.0.1 only), no pauses between requests."""
    values = {"MARSAD_DB": str(tmp_path / "marsad.duckdb"), "MARSAD_SOURCES_FILE": str(tmp_path / "sources.toml"),
              "MARSAD_FETCH_ALLOWED_HOSTS": "127.0.0.1", "MARSAD_WATCH_HOST_INTERVAL": "0",
              "MARSAD_WATCH_RETRY_BACKOFF": "0.01", "MARSAD_FETCH_TIMEOUT": "10", "MARSAD_PROGRESS": "no"}
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return tmp_path


def write_sources(path: Path, *sources: dict) -> None:
    blocks = []
    for s in sources:
        lines = ["[[source]]"] + [f"{k} = {_toml(v)}" for k, v in s.items()]
        blocks.append("\n".join(lines))
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


# ---- news content ------------------------------------------------------------------------------------

FILLER = (" Shops in the old market opened as usual and traders spoke about the price of bread and fuel."
          " Teachers prepared for the new school term while farmers discussed the coming harvest season."
          " The municipality said that repairs to the water network would continue through the spring.") * 5

REPORTS = [
    "ISIS militants attacked an SDF checkpoint in Raqqa on Monday, killing six SDF fighters, local sources said.",
    "The SDF arrested 40 ISIS members in a security operation in Deir ez-Zor on Tuesday.",
    "Unidentified gunmen killed three civilians in Tabqa on Wednesday.",
    "The SDF arrested 12 ISIS suspects in a raid in Hasakah on Thursday.",
    "ISIS militants attacked a Syrian army post in Palmyra on Friday, killing four soldiers.",
    "The SDF arrested 25 ISIS members in Manbij on Saturday.",
]


def rss(items: list[dict], title: str = "Test Wire") -> str:
    """An RSS 2.0 feed; item keys: guid, link, title, description, content (content:encoded), date."""
    out = [f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
           f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>{title}</title>'
           '<link>http://127.0.0.1/</link><description>test</description>']
    for item in items:
        parts = ["<item>"]
        if "title" in item:
            parts.append(f"<title>{html.escape(item['title'])}</title>")
        if "link" in item:
            parts.append(f"<link>{html.escape(item['link'])}</link>")
        if "guid" in item:
            parts.append(f'<guid isPermaLink="false">{html.escape(item["guid"])}</guid>')
        date = item.get("date", dt.date(2024, 3, 8))
        parts.append(f"<pubDate>{email.utils.format_datetime(dt.datetime(date.year, date.month, date.day, 9, tzinfo=dt.UTC))}</pubDate>")
        if "description" in item:
            parts.append(f"<description>{html.escape(item['description'])}</description>")
        if "content" in item:
            parts.append(f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        parts.append("</item>")
        out.append("".join(parts))
    out.append("</channel></rss>")
    return "\n".join(out)


def atom(entries: list[dict], title: str = "Test Atom") -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
           f"<title>{title}</title><id>urn:test:{title}</id><updated>2024-03-08T09:00:00Z</updated>"]
    for e in entries:
        out.append(f"<entry><id>{html.escape(e['guid'])}</id><title>{html.escape(e['title'])}</title>"
                   f'<link href="{html.escape(e["link"])}"/><updated>2024-03-08T09:00:00Z</updated>'
                   f'<content type="html">{html.escape(e["content"])}</content></entry>')
    out.append("</feed>")
    return "\n".join(out)


def page(title: str, text: str) -> str:
    """An article page with navigation boilerplate around the article (what trafilatura removes)."""
    paragraphs = "".join(f"<p>{html.escape(p.strip())}.</p>" for p in text.split(".") if p.strip())
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            "<meta property='article:published_time' content='2024-03-08'></head><body>"
            "<nav><a href='/'>Home</a> | <a href='/world'>World</a> | <a href='/sport'>Sport</a></nav>"
            f"<article><h1>{html.escape(title)}</h1>{paragraphs}</article>"
            "<footer>Copyright Test Wire. All rights reserved. Subscribe to our newsletter.</footer></body></html>")


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()

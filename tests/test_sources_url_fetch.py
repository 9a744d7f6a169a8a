"""`marsad etl articles URL` fetches only http(s) from public addresses (issue 9): loopback, private,
link-local (169.254.169.254), multicast and reserved addresses are refused before connecting, on the
URL and on every redirect hop; a setting allows named internal hosts; redirects, size and time are
limited; file URLs are not fetched. A real HTTP server on 127.0.0.1 plays the feed (and the attacker)."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from etl.errors import InputError
from etl.sources.articles import Article, read_articles
from etl.sources.url_fetch import _not_public

FEED = (Path(__file__).resolve().parent / "fixtures" / "articles" / "feed.rss").read_bytes()


class _Handler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        self.requests.append(self.path)
        if self.path == "/feed.rss":
            self._send(FEED)
        elif self.path == "/to-metadata":
            self._redirect("http://169.254.169.254/latest/meta-data/")
        elif self.path == "/to-private":
            self._redirect("http://10.1.2.3/feed.rss")
        elif self.path == "/to-feed":
            self._redirect("/feed.rss")
        elif self.path.startswith("/loop"):
            self._redirect(f"/loop{len(self.requests)}")
        elif self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(FEED[:100])
                self.wfile.flush()
                time.sleep(0.1)
        else:
            self.send_error(404)

    def _send(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.end_headers()


@pytest.fixture()
def server():
    _Handler.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_loopback_is_refused_by_default_before_connecting(server):
    with pytest.raises(InputError, match=r"not fetched: 127\.0\.0\.1 is 127\.0\.0\.1, a loopback address"):
        read_articles(f"{server}/feed.rss")
    assert _Handler.requests == []  # the server was never contacted


def test_an_allowed_internal_host_is_fetched_and_redirects_are_followed(server, monkeypatch):
    monkeypatch.setenv("MARSAD_FETCH_ALLOWED_HOSTS", "intranet.example, 127.0.0.1")
    titles = [r.title for r in read_articles(f"{server}/to-feed") if isinstance(r, Article)]
    assert titles == ["SDF arrests 15 ISIS suspects in Tabqa", "قتلى بهجوم على حاجز في دير الزور"]
    assert _Handler.requests == ["/to-feed", "/feed.rss"]


@pytest.mark.parametrize(("path", "refusal"), [
    ("/to-metadata", r"169\.254\.169\.254 is 169\.254\.169\.254, a link-local address"),
    ("/to-private", r"10\.1\.2\.3 is 10\.1\.2\.3, a private address"),
])
def test_a_redirect_to_a_non_public_address_is_refused_before_connecting(server, monkeypatch, path, refusal):
    monkeypatch.setenv("MARSAD_FETCH_ALLOWED_HOSTS", "127.0.0.1")  # the first hop only
    monkeypatch.setenv("MARSAD_FETCH_TIMEOUT", "30")  # a connection attempt to that address would time out, not say this
    with pytest.raises(InputError, match=refusal):
        read_articles(f"{server}{path}")


def test_redirects_size_and_time_are_limited_by_settings(server, monkeypatch):
    monkeypatch.setenv("MARSAD_FETCH_ALLOWED_HOSTS", "127.0.0.1")
    monkeypatch.setenv("MARSAD_FETCH_MAX_REDIRECTS", "3")
    with pytest.raises(InputError, match=r"more than 3 redirects \(MARSAD_FETCH_MAX_REDIRECTS\)"):
        read_articles(f"{server}/loop")
    assert len(_Handler.requests) == 4
    monkeypatch.setenv("MARSAD_FETCH_MAX_BYTES", "1000")
    with pytest.raises(InputError, match=r"larger than the limit of 1,000 bytes \(MARSAD_FETCH_MAX_BYTES\)"):
        read_articles(f"{server}/feed.rss")
    monkeypatch.setenv("MARSAD_FETCH_MAX_BYTES", "1000000")
    monkeypatch.setenv("MARSAD_FETCH_TIMEOUT", "1")
    with pytest.raises(InputError, match=r"took longer than the limit \(MARSAD_FETCH_TIMEOUT\)"):
        read_articles(f"{server}/slow")


@pytest.mark.parametrize(("url", "refusal"), [
    ("file:///etc/passwd", "file URLs are not fetched"),
    ("FILE:///etc/passwd", "file URLs are not fetched"),
    ("ftp://example.org/feed.rss", "only http and https URLs are fetched"),
    ("gopher://127.0.0.1:25/", "only http and https URLs are fetched"),
    ("http://localhost:1/feed.rss", "a loopback address"),
    ("http://[::1]:1/feed.rss", "a loopback address"),
    ("http://0.0.0.0:1/feed.rss", "an unspecified address"),
])
def test_other_schemes_and_local_names_are_refused(url, refusal):
    with pytest.raises(InputError, match=refusal):
        read_articles(url)


@pytest.mark.parametrize(("address", "why"), [
    ("127.0.0.1", "a loopback address"), ("10.0.0.1", "a private address"), ("192.168.1.1", "a private address"),
    ("172.16.0.1", "a private address"), ("169.254.169.254", "a link-local address"),
    ("224.0.0.1", "a multicast address"), ("240.0.0.1", "a reserved address"), ("::1", "a loopback address"),
    ("::ffff:127.0.0.1", "a loopback address"), ("fe80::1", "a link-local address"), ("fc00::1", "a private address"),
    ("100.64.0.1", "not a public address"), ("8.8.8.8", None), ("2001:4860:4860::8888", None),
])
def test_which_addresses_are_public(address, why):
    assert _not_public(address) == why


def test_the_command_line_says_file_urls_are_not_fetched(tmp_path):
    done = subprocess.run([sys.executable, "-m", "etl.cli", "etl", "articles", "file:///etc/passwd",
                           "--db", str(tmp_path / "store.duckdb")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == "Error: file:///etc/passwd: file URLs are not fetched; give the file's path instead"
    assert not (tmp_path / "store.duckdb").exists()


def test_an_allowed_name_that_resolves_to_loopback_is_fetched(server, monkeypatch):
    """localhost may resolve to ::1 first while the server listens on 127.0.0.1: each checked address is tried."""
    monkeypatch.setenv("MARSAD_FETCH_ALLOWED_HOSTS", "LOCALHOST")
    port = server.rsplit(":", 1)[1]
    assert [r for r in read_articles(f"http://localhost:{port}/feed.rss") if isinstance(r, Article)]

"""Polite fetching for the poller: a per-host pause between requests and retries with backoff.

    fetcher = Fetcher(settings)
    response = fetcher.get(url, headers={"If-None-Match": etag})

Every request goes through etl.sources.url_fetch.fetch_response (http(s) only, public addresses only
unless the host is in MARSAD_FETCH_ALLOWED_HOSTS, limited redirects, size and time). A request is
tried again, after settings.watch_retry_backoff seconds doubled each time, at most
settings.watch_retries times, and only when the failure may pass (network, timeout, HTTP 5xx, 429);
a request to a host starts at least settings.watch_host_interval seconds after the last one to it ended.
"""

from __future__ import annotations

import time
import urllib.parse

from etl.config import Settings
from etl.sources.url_fetch import FetchFailed, Response, fetch_response


class Fetcher:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._last: dict[str, float] = {}  # host -> time.monotonic() of its last request
        self.requests = 0

    def get(self, url: str, *, headers: dict[str, str] | None = None, max_bytes: int | None = None,
            max_bytes_setting: str = "MARSAD_FETCH_MAX_BYTES") -> Response:
        delay = max(0.0, float(self.settings.watch_retry_backoff))
        attempts = max(0, int(self.settings.watch_retries)) + 1
        for attempt in range(attempts):
            host = self._pace(url)
            try:
                return fetch_response(url, self.settings, headers=headers, max_bytes=max_bytes,
                                      max_bytes_setting=max_bytes_setting)
            except FetchFailed as exc:
                if not exc.transient or attempt == attempts - 1:
                    if exc.transient and attempts > 1:
                        raise FetchFailed(f"{exc} (tried {attempts} times)", transient=True) from None
                    raise
            finally:
                self._done(host)
            time.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")

    def _pace(self, url: str) -> str:
        """Wait until the host's interval has passed since its last request ended; the host."""
        try:
            host = (urllib.parse.urlsplit(url).hostname or "").lower()
        except ValueError:
            host = ""
        last = self._last.get(host)
        if last is not None:
            wait = last + float(self.settings.watch_host_interval) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        self._last[host] = time.monotonic()
        self.requests += 1
        return host

    def _done(self, host: str) -> None:
        self._last[host] = time.monotonic()  # the interval counts from the end of the request

"""Fetching a feed URL without letting a hostile feed reach the machine's own network (SSRF).

    data, content_type = fetch("https://example.org/feed.rss", get_settings())

Only http and https. Every hop (the URL and each redirect) is resolved here, every address the name
resolves to is checked, and the connection goes to that checked address (a second DNS answer cannot
swap it): loopback, private, link-local (169.254.169.254, the cloud metadata address), multicast,
reserved and unspecified addresses are refused before connecting, unless the host name is listed in
settings.fetch_allowed_hosts (a team's internal feeds). Redirects (settings.fetch_max_redirects),
size (fetch_max_bytes) and time (fetch_timeout, for connecting, each read and the whole response) are
limited. Every refusal is an InputError naming the URL.

`fetch_response` is the same fetch for a poller (etl.feeds): it sends extra request headers (a
conditional GET's If-None-Match / If-Modified-Since), returns the status (304 Not Modified has no body),
the validators (ETag, Last-Modified) and the final URL, takes its own size limit, and raises
FetchFailed (an InputError) with `transient` set when trying again later may succeed (the network, a
timeout, HTTP 5xx or 429) and unset for a permanent answer (HTTP 4xx).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import urllib.parse
from dataclasses import dataclass

from etl.config import Settings
from etl.errors import InputError

REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024


class FetchFailed(InputError):
    """The URL could not be fetched; `transient`: trying again later may succeed."""

    def __init__(self, message: str, transient: bool):
        super().__init__(message)
        self.transient = transient


@dataclass(frozen=True)
class Response:
    status: int  # 200 (or another 2xx), or 304 when a conditional GET found the resource unchanged
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None
    url: str  # after the redirects


def fetch(url: str, settings: Settings) -> tuple[bytes, str]:
    """(body, Content-Type) of `url` after the checked redirects; see the module."""
    response = fetch_response(url, settings)
    return response.body, response.content_type


def fetch_response(url: str, settings: Settings, *, headers: dict[str, str] | None = None,
                   max_bytes: int | None = None, max_bytes_setting: str = "MARSAD_FETCH_MAX_BYTES") -> Response:
    """The response to GET `url` (extra request `headers`; body limited to `max_bytes`, the setting named
    `max_bytes_setting` in messages, else settings.fetch_max_bytes) after the checked redirects; see the module."""
    allowed = {h.strip().lower().rstrip(".") for h in str(settings.fetch_allowed_hosts).split(",") if h.strip()}
    deadline = time.monotonic() + settings.fetch_timeout
    limit = settings.fetch_max_bytes if max_bytes is None else max_bytes
    current = url
    for _ in range(settings.fetch_max_redirects + 1):
        scheme, host, port, target = _checked_url(current)
        addresses = _checked_addresses(current, host, port, allowed)
        connection = _connection(scheme, host, addresses, port, settings.fetch_timeout)
        try:
            try:
                connection.request("GET", target, headers={"User-Agent": "Marsad feed reader",
                                                           "Accept": "application/rss+xml, application/atom+xml, "
                                                                     "application/xml, text/xml, text/html, */*",
                                                           **(headers or {})})
                response = connection.getresponse()
                if response.status in REDIRECTS and response.getheader("Location"):
                    current = urllib.parse.urljoin(current, response.getheader("Location").strip())
                    continue
                if response.status >= 400:
                    raise FetchFailed(f"{url}: cannot be fetched (HTTP {response.status} {response.reason})",
                                      transient=response.status >= 500 or response.status in (408, 429))
                body = b"" if response.status == 304 else _body(url, response, limit, deadline, max_bytes_setting)
                return Response(response.status, body, response.getheader("Content-Type", ""),
                                response.getheader("ETag"), response.getheader("Last-Modified"), current)
            except (OSError, http.client.HTTPException) as exc:
                raise FetchFailed(f"{url}: cannot be fetched ({exc or type(exc).__name__})", transient=True) from None
        finally:
            connection.close()
    raise InputError(f"{url}: more than {settings.fetch_max_redirects} redirects (MARSAD_FETCH_MAX_REDIRECTS); "
                     "not fetched")


def _checked_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, request target) of an http(s) URL; InputError for anything else."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InputError(f"{url}: not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme == "file":
        raise InputError(f"{url}: file URLs are not fetched; give the file's path instead")
    if scheme not in ("http", "https"):
        raise InputError(f"{url}: only http and https URLs are fetched")
    if not parts.hostname:
        raise InputError(f"{url}: the URL has no host")
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80), target


def _checked_addresses(url: str, host: str, port: int, allowed: set[str]) -> list[str]:
    """The addresses to connect to: every address `host` resolves to must be public (or the host allowed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"{url}: cannot be fetched (the host {host} is not found: {exc})") from None
    addresses = [info[4][0] for info in infos]
    if host.lower().rstrip(".") not in allowed:
        for address in addresses:
            why = _not_public(address)
            if why:
                raise InputError(f"{url}: not fetched: {host} is {address}, {why}; only public addresses are "
                                 "fetched (list an internal feed's host name in MARSAD_FETCH_ALLOWED_HOSTS)")
    return list(dict.fromkeys(addresses))


def _not_public(address: str) -> str | None:
    """Why an IP address is not a public internet address, or None."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for test, name in (("is_loopback", "a loopback address"), ("is_link_local", "a link-local address"),
                       ("is_multicast", "a multicast address"), ("is_unspecified", "an unspecified address"),
                       ("is_reserved", "a reserved address"), ("is_private", "a private address")):
        if getattr(ip, test):
            return name
    return None if ip.is_global else "not a public address"


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to a checked address, with the URL's host in the Host header."""

    def __init__(self, host: str, addresses: list[str], port: int, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._addresses = addresses

    def connect(self) -> None:
        self.sock = _connect(self._addresses, self.port, self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """An HTTPS connection to a checked address; the certificate is checked for the URL's host."""

    def __init__(self, host: str, addresses: list[str], port: int, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._addresses = addresses

    def connect(self) -> None:
        sock = _connect(self._addresses, self.port, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _connect(addresses: list[str], port: int, timeout: float) -> socket.socket:
    """A socket connected to the first of the checked addresses that answers."""
    problem: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as exc:
            problem = exc
    raise problem or OSError("no address to connect to")


def _connection(scheme: str, host: str, addresses: list[str], port: int, timeout: float) -> http.client.HTTPConnection:
    kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    return kind(host, addresses, port, timeout)


def _body(url: str, response: http.client.HTTPResponse, limit: int, deadline: float,
          setting: str = "MARSAD_FETCH_MAX_BYTES") -> bytes:
    """The response body, refused past `limit` bytes or the deadline."""
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise InputError(f"{url}: the response has {int(declared):,} bytes, more than the limit of {limit:,} "
                         f"({setting}); not read")
    parts, size = [], 0
    while chunk := response.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise InputError(f"{url}: the response is larger than the limit of {limit:,} bytes "
                             f"({setting}); not read")
        if time.monotonic() > deadline:
            raise FetchFailed(f"{url}: the response took longer than the limit (MARSAD_FETCH_TIMEOUT); not read",
                              transient=True)
        parts.append(chunk)
    return b"".join(parts)

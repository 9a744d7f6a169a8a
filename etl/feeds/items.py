"""The items of a source, and reading one item into articles (etl.feeds.poll drives them).

An item is what the seen record remembers (etl.store.feeds): a feed entry (key: its id, else its link,
else a hash of its title and text), a sitemap URL (key: the URL), a file of a folder or JSON Lines
source (key: its name and a hash of its bytes, so a changed file is read again; its articles already
stored then count as unchanged).

A feed entry with less text than settings.watch_full_text_chars is a summary: its article page is
fetched (etl.feeds.polite, size-capped by settings.watch_item_max_bytes) and cleaned with trafilatura
(etl.sources.article_web.html_article); the feed's title, date and publisher are kept. XML that declares
entities (an entity bomb, an external entity) is refused whole (defusedxml); so is a feed URL serving
an HTML page (an error page).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from etl.config import Settings
from etl.errors import InputError
from etl.feeds.polite import Fetcher
from etl.feeds.sources_file import Source
from etl.schema import Quarantined
from etl.sources.articles import SUPPORTED_SUFFIXES, Article, excerpt, parse_published, read_articles
from etl.sources.text_decoding import decode_text
from etl.sources.url_fetch import FetchFailed

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
MAX_CHILD_SITEMAPS = 5


class Deferred(Exception):
    """The item could not be read now but may be later (network, timeout, HTTP 5xx): not marked seen."""


@dataclass
class Item:
    key: str
    no: int  # its place in the source (entry number, URL number, file number), for the quarantine
    page_url: str | None = None  # the article page to fetch, if any
    ready: list = field(default_factory=list)  # Article / Quarantined read already (or the feed's summary)
    path: Path | None = None  # a file of a folder / jsonl source
    title: str | None = None
    published: dt.date | None = None
    label: str = ""  # what the item is, for messages


def refuse_unsafe_xml(data: bytes, where: str) -> None:
    """InputError when the XML declares entities or external references (entity bombs, XXE)."""
    import xml.etree.ElementTree as ET

    import defusedxml
    import defusedxml.ElementTree as DET

    head = data[:65536]
    doctype = re.search(rb"<!DOCTYPE[^>\[]*\[", head, re.IGNORECASE)
    if doctype and re.search(rb"<!ENTITY", head[doctype.end():], re.IGNORECASE):
        raise InputError(f"{where}: refused: the XML declares entities (an entity bomb or an external entity?); "
                         "not read")
    try:
        DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise InputError(f"{where}: refused: the XML declares entities or external references "
                         f"({type(exc).__name__}); not read") from None
    except (ET.ParseError, ValueError):
        pass  # not well-formed: the feed reader says what it makes of it


def feed_items(source: Source, data: bytes, content_type: str, full_text_chars: int) -> list[Item]:
    """The entries of a feed; an entry with a link and less text than `full_text_chars` gets its page fetched."""
    from etl.sources.article_web import feed_entries

    where = source.url or ""
    start = data[:4096].lstrip().lower()
    if not re.search(rb"<(rss|feed|rdf:rdf)[\s>]", data[:8192].lower()) and (
            start.startswith((b"<!doctype html", b"<html")) or "html" in content_type.lower()):
        raise InputError(f"{where}: serves an HTML page, not an RSS/Atom feed (an error page?); nothing read")
    refuse_unsafe_xml(data, where)
    items, keys = [], set()
    for no, (entry, read) in enumerate(feed_entries(data, where), 1):
        link = (entry.get("link") or "").strip() or None
        key = (entry.get("id") or "").strip() or link or "sha:" + hashlib.sha256(
            json.dumps([entry.get("title"), entry.get("summary")], ensure_ascii=False).encode()).hexdigest()[:32]
        if key in keys:
            continue
        keys.add(key)
        item = Item(key=key, no=no, ready=[read], title=entry.get("title"), label=f"entry {no} ({link or key})")
        short = len(read.text) < full_text_chars if isinstance(read, Article) else read.reason.endswith("has no text")
        if link and short:
            item.page_url = link
            item.published = getattr(read, "published", None)
        items.append(item)
    return items


def sitemap_items(source: Source, data: bytes, fetcher: Fetcher) -> list[Item]:
    """The page URLs of a sitemap (and of up to MAX_CHILD_SITEMAPS sitemaps of a sitemap index), newest first."""
    root = _sitemap_root(data, source.url or "")
    entries = []
    if root.tag == SITEMAP_NS + "sitemapindex":
        children = sorted(root.findall(SITEMAP_NS + "sitemap"), key=lambda s: s.findtext(SITEMAP_NS + "lastmod") or "",
                          reverse=True)
        for child in children[:MAX_CHILD_SITEMAPS]:
            loc = (child.findtext(SITEMAP_NS + "loc") or "").strip()
            if loc:
                response = fetcher.get(loc)
                entries += _sitemap_root(response.body, loc).findall(SITEMAP_NS + "url")
    else:
        entries = root.findall(SITEMAP_NS + "url")
    found = []
    for element in entries:
        loc = (element.findtext(SITEMAP_NS + "loc") or "").strip()
        if not loc:
            continue
        news = element.find(NEWS_NS + "news")
        when = (news.findtext(NEWS_NS + "publication_date") if news is not None else None) \
            or element.findtext(SITEMAP_NS + "lastmod") or ""
        title = news.findtext(NEWS_NS + "title") if news is not None else None
        found.append((when.strip(), loc, title))
    found.sort(key=lambda f: f[0], reverse=True)
    items, keys = [], set()
    for no, (when, loc, title) in enumerate(found, 1):
        if loc in keys:
            continue
        keys.add(loc)
        try:
            published = parse_published(when[:10]) if when else None
        except ValueError:
            published = None
        items.append(Item(key=loc, no=no, page_url=loc, title=title, published=published, label=f"URL {no} ({loc})"))
    return items


def _sitemap_root(data: bytes, where: str):
    import xml.etree.ElementTree as ET

    import defusedxml.ElementTree as DET

    refuse_unsafe_xml(data, where)
    try:
        root = DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (ET.ParseError, ValueError) as exc:
        raise InputError(f"{where}: not a sitemap (the XML cannot be read: {exc}); nothing read") from None
    if root.tag not in (SITEMAP_NS + "urlset", SITEMAP_NS + "sitemapindex"):
        raise InputError(f"{where}: not a sitemap (its root element is {root.tag}, not urlset or sitemapindex); "
                         "nothing read")
    return root


def file_items(source: Source) -> list[Item]:
    """The files of a folder or JSON Lines source (one file when the path is a file), by name."""
    path = Path(source.path)
    suffixes = (".jsonl",) if source.kind == "jsonl" else SUPPORTED_SUFFIXES
    if path.is_file():
        files = [path]
    elif path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")
                       and p.suffix.lower() in suffixes)
    else:
        raise InputError(f"{path}: no such folder or file")
    items = []
    for no, file in enumerate(files, 1):
        try:
            digest = hashlib.sha256(file.read_bytes()).hexdigest()[:16]
        except OSError as exc:
            raise InputError(f"{file}: cannot be read ({exc.strerror or exc})") from None
        items.append(Item(key=f"{file.name}#{digest}", no=no, path=file, label=file.name))
    return items


def read_item(item: Item, source: Source, fetcher: Fetcher, settings: Settings) -> list[Article | Quarantined]:
    """The articles (or quarantined records) of one item; raises Deferred when it is worth trying later."""
    if item.path is not None:
        try:
            return list(read_articles(item.path))
        except InputError as exc:
            return [Quarantined(0, str(item.path), str(exc))]
    if item.page_url is None:
        return item.ready
    summary = next((r for r in item.ready if isinstance(r, Article)), None)
    page = _page_article(item, fetcher, settings)
    if isinstance(page, Quarantined):
        if summary is not None and page.reason.endswith("no article text found in the HTML page"):
            return [summary]  # the page has nothing better than the feed's summary
        return [page]
    keep = {"url": item.page_url}
    if summary is not None:
        keep.update(title=summary.title or page.title, published=summary.published or page.published,
                    source=summary.source or page.source, ref=summary.ref, input_path=summary.input_path)
        if len(summary.text) > len(page.text):
            keep["text"] = summary.text
    else:
        keep.update(title=page.title or item.title, published=item.published or page.published,
                    input_path=source.url)
    return [dataclasses.replace(page, **keep)]


def _page_article(item: Item, fetcher: Fetcher, settings: Settings) -> Article | Quarantined:
    from etl.sources.article_web import html_article

    url = item.page_url
    raw = json.dumps({"title": item.title, "link": url}, ensure_ascii=False)
    try:
        response = fetcher.get(url, max_bytes=settings.watch_item_max_bytes,
                               max_bytes_setting="MARSAD_WATCH_ITEM_MAX_BYTES")
    except FetchFailed as exc:
        if exc.transient:
            raise Deferred(str(exc)) from None
        return Quarantined(item.no, raw, f"{item.label}: article page: {exc}")
    except InputError as exc:  # refused: not http(s), a private address, too large, too many redirects
        return Quarantined(item.no, raw, f"{item.label}: article page refused: {exc}")
    content_type = response.content_type.lower()
    if content_type and "html" not in content_type and "xml" not in content_type:
        return Quarantined(item.no, raw, f"{item.label}: the article page is {response.content_type}, not HTML")
    charset = re.search(r"charset=([A-Za-z0-9_-]+)", response.content_type)
    text, problem = decode_text(response.body, charset.group(1) if charset else None)
    if problem:
        return Quarantined(item.no, excerpt(response.body), f"{item.label}: article page: {problem}")
    page = html_article(text, url, url)
    if isinstance(page, Quarantined):
        return Quarantined(item.no, page.raw, page.reason)
    return page

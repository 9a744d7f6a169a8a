"""HTML pages, RSS/Atom feeds and http(s) URLs for etl.sources.articles (trafilatura, feedparser, lxml).

Feed entries: the longest of content / summary, HTML stripped to text (html_to_text); the entry's
own date (published, else updated); source = the entry's source title, else the channel title;
language detected from each entry's text. A URL serving an HTML page is read as one HTML article.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from etl.errors import InputError
from etl.schema import Quarantined
from etl.sources.articles import Article, article_too_long, decode_text, excerpt, make_article, parse_published
from etl.text.dates import publication_date_in_text


def html_article(html: str, input_path: str, url: str | None) -> Article | Quarantined:
    import trafilatura

    name = Path(input_path).name if url is None else url
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # noqa: BLE001 - trafilatura raises many types on broken pages
        return Quarantined(1, excerpt(html), f"{name}: HTML could not be parsed ({type(exc).__name__})")
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        return Quarantined(1, excerpt(html), f"{name}: no article text found in the HTML page")
    if too_long := article_too_long(text):
        return Quarantined(1, excerpt(text), f"{name}: {too_long}")
    try:
        published = parse_published(getattr(doc, "date", None))
    except ValueError:
        published = None
    return make_article(text=text, url=url or getattr(doc, "url", None), title=getattr(doc, "title", None),
                        published=published or publication_date_in_text(text),
                        source=getattr(doc, "sitename", None) or getattr(doc, "hostname", None),
                        input_path=input_path)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed summaries): block elements become line breaks, scripts and
    styles are dropped, markup never survives."""
    import lxml.html

    if not re.search(r"<[A-Za-z!/]", fragment):
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - lxml raises ParserError / ValueError on odd input
        return re.sub(r"<[^>]*>", " ", fragment).strip()
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for el in root.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"):
        el.tail = "\n" + (el.tail or "")
    text = root.text_content()
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _entry_date(entry) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    for key in ("published", "updated"):
        try:
            return parse_published(entry.get(key))
        except ValueError:
            continue
    return None


def read_feed(data: bytes, input_path: str) -> list[Article | Quarantined]:
    return [item for _, item in feed_entries(data, input_path)]


def feed_entries(data: bytes, input_path: str) -> list[tuple[dict, Article | Quarantined]]:
    """(feedparser entry, its Article or Quarantined record) of every entry of a feed (read_feed keeps
    the second; a poller (etl.feeds) also needs the entry's id, link and whether it carries content)."""
    import feedparser

    feed = feedparser.parse(data)
    version = getattr(feed, "version", "")
    if not feed.entries and not version:
        reason = getattr(feed, "bozo_exception", None) or "no RSS/Atom channel or feed element"
        raise InputError(f"{input_path}: not an RSS/Atom feed ({reason})")
    feed_source = feed.feed.get("title")
    out: list[tuple[dict, Article | Quarantined]] = []
    for no, entry in enumerate(feed.entries, 1):
        bodies = [c.get("value", "") for c in entry.get("content", [])] + [entry.get("summary", "")]
        text = max((html_to_text(b) for b in bodies if b), key=len, default="")
        link = entry.get("link")
        if not text:
            raw = json.dumps({"title": entry.get("title"), "link": link}, ensure_ascii=False)
            out.append((entry, Quarantined(no, raw, f"{Path(input_path).name}: feed entry {no} has no text")))
            continue
        if too_long := article_too_long(text):
            out.append((entry, Quarantined(no, excerpt(text), f"{Path(input_path).name}: feed entry {no}: {too_long}")))
            continue
        source = (entry.get("source") or {}).get("title") or feed_source
        out.append((entry, make_article(text=text, url=link, title=html_to_text(entry.get("title", "")),
                                        published=_entry_date(entry), source=source, given_id=entry.get("id"),
                                        language=(entry.get("language") or "")[:2] or None,
                                        input_path=input_path)))
    return out


def read_url(url: str) -> list[Article | Quarantined]:
    """The articles of a feed (or an HTML page) at an http(s) URL, fetched safely (etl.sources.url_fetch)."""
    from etl.config import get_settings
    from etl.sources.url_fetch import fetch

    data, content_type = fetch(url, get_settings())
    if not data.strip():
        return [Quarantined(1, "", f"{url}: empty response")]
    if "html" in content_type and b"<rss" not in data[:2000] and b"<feed" not in data[:2000]:
        text, problem = decode_text(data)
        return [Quarantined(1, excerpt(data), f"{url}: {problem}")] if problem else [html_article(text, url, url)]
    return read_feed(data, url)

"""News articles from text, HTML, RSS/Atom and JSON Lines files (docs/spec/article-input.md).

`read_articles(path_or_url)` checks the input at once (a missing path or an unsupported suffix raise
`etl.errors.InputError`) and returns an iterator of `Article` or `Quarantined`: one bad article never
stops the others, and nothing is dropped silently.

- `.txt` (UTF-8, else Windows-1256): optional front matter of `key: value` lines (url, title,
  published, source, language; an opening `---` is allowed) ended by a line `---`. Without it the
  publication date is the full date standing on a short line near the end or the start
  (etl.text.dates.publication_date_in_text) and the publisher is a short line near the end marked with
  `*`, `©`, "المصدر:" / "Source:" or looking like a web name ("*العربية.نت").
- `.html`/`.htm`: trafilatura (main text without boilerplate, title, date, site name).
- `.xml`/`.rss`/`.atom` files and http(s) URLs: feedparser, one article per entry, HTML stripped.
  A URL that serves an HTML page instead of a feed is read as one HTML article. (Both in
  etl/sources/article_web.py.)
- `.jsonl`: one object per line (id, url, title, published, source, language, text); a bad line is
  quarantined with its line number.
- a directory: every supported file in it, sorted by name; a whole-file problem there becomes a
  Quarantined record (record_no 0, raw = the path) naming the file, so the other files still load.
Quarantined.record_no is the line of a .jsonl, the entry of a feed, 1 for a .txt/.html file.

Choices: `source` is the publisher's usual English name when it is a known outlet ("العربية.نت",
"alarabiya.net" -> "Al Arabiya"; table PUBLISHERS), else the publisher as written. `title` of a text
file without front matter is the first line of 4+ words that is not a sentence (site names like
"مرصد مكافحة الارهاب" are skipped), else the first line with letters. `language` is 'ar' when most
letters are Arabic, else 'en' (an explicit language wins). `article_id` is stable_id(url) when there
is a url, else stable_id of the given id, else stable_id of the text, all prefixed "art:".
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
import urllib.parse
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Iterable, Iterator

from etl.errors import InputError
from etl.schema import Quarantined, stable_id
from etl.sources.text_decoding import decode_text
from etl.text.dates import find_dates, publication_date_in_text
from etl.text.normalize import normalize_key

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
JSONL_SUFFIXES = (".jsonl",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES + JSONL_SUFFIXES
FRONT_MATTER_KEYS = ("url", "title", "published", "source", "language")
RAW_EXCERPT = 500

PUBLISHERS = {
    "Al Arabiya": "العربية.نت|العربية نت|العربية|alarabiya.net|english.alarabiya.net|al arabiya",
    "Al Jazeera": "الجزيرة|الجزيرة نت|الجزيرة.نت|aljazeera.net|aljazeera.com|al jazeera",
    "Asharq Al-Awsat": "الشرق الأوسط|aawsat.com|asharq al-awsat",
    "Sky News Arabia": "سكاي نيوز عربية|skynewsarabia.com|sky news arabia",
    "Enab Baladi": "عنب بلدي|enabbaladi.net|english.enabbaladi.net|enab baladi",
    "Syrian Observatory for Human Rights": "المرصد السوري لحقوق الإنسان|syriahr.com|sohr",
    "Reuters": "رويترز|reuters.com|reuters",
    "AFP": "فرانس برس|أ ف ب|afp|france 24|فرانس 24|france24.com",
    "SANA": "سانا|sana.sy|الوكالة العربية السورية للأنباء",
    "North Press Agency": "نورث برس|npasyria.com|north press",
    "Hawar News Agency": "هاوار|وكالة هاوار|hawarnews.com|anha",
    "Rudaw": "روداو|rudaw.net",
    "BBC": "بي بي سي عربي|bbc.com|bbc.co.uk|bbc arabic|bbc news",
    "Anadolu Agency": "الأناضول|aa.com.tr|anadolu agency",
    "Syria TV": "تلفزيون سوريا|syria.tv",
    "Associated Press": "أسوشيتد برس|apnews.com|associated press|ap",
}


@dataclass(frozen=True)
class Article:
    article_id: str
    url: str | None
    title: str | None
    published: dt.date | None
    source: str | None
    language: str
    text: str
    input_path: str | None
    ref: str | None = None  # the caller's id: the JSONL `id`, the front matter `id`, else the file's name stem


def read_articles(path_or_url: str | Path) -> Iterator[Article | Quarantined]:
    """Articles (or Quarantined records) from a file, a directory, or an RSS/Atom URL."""
    spec = str(path_or_url)
    if is_url(spec):  # only http(s) is fetched, and safely (etl.sources.url_fetch)
        from etl.sources.article_web import read_url

        return iter(read_url(spec))
    path = Path(path_or_url)
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                       and not p.name.startswith("."))
        if not files:
            raise InputError(f"{path}: no article files ({', '.join(SUPPORTED_SUFFIXES)}) in this folder")
        return _read_many(files)
    _check_suffix(path)
    return iter(_read_file(path))


def is_url(spec: str) -> bool:
    """Whether an input is given as a URL (scheme://...) rather than a path."""
    return re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", spec) is not None


def _check_suffix(path: Path) -> None:
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InputError(
            f"{path}: unsupported article file type {path.suffix or '(no suffix)'!r}; "
            f"expected one of {', '.join(SUPPORTED_SUFFIXES)}"
        )


def _read_many(files: Iterable[Path]) -> Iterator[Article | Quarantined]:
    for path in files:
        try:
            yield from _read_file(path)
        except InputError as exc:
            yield Quarantined(0, str(path), str(exc))


def _read_file(path: Path) -> list[Article | Quarantined]:
    if not path.is_file():  # a named pipe would block for ever, a device never end
        raise InputError(f"{path}: not a regular file (a pipe or a device?); give an article file")
    suffix = path.suffix.lower()
    limit = max_article_chars()
    try:
        size = path.stat().st_size
        if suffix not in JSONL_SUFFIXES + FEED_SUFFIXES and size > 4 * limit:  # UTF-8: 4 bytes a character at most
            return [Quarantined(1, "", f"{path.name}: the file has {size:,} bytes, more than an article may have "
                                       f"({limit:,} characters, MARSAD_ARTICLE_MAX_CHARS); not read")]
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        return [Quarantined(1, "", f"{path.name}: empty file")]
    if suffix in JSONL_SUFFIXES:
        return list(_read_jsonl(data, path))
    if suffix in FEED_SUFFIXES:
        from etl.sources.article_web import read_feed

        return read_feed(data, str(path))
    charset = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", data[:4096], re.IGNORECASE)
    text, problem = decode_text(data, charset.group(1).decode() if suffix in HTML_SUFFIXES and charset else None)
    if problem:
        return [Quarantined(1, excerpt(data), f"{path.name}: {problem}")]
    if suffix in HTML_SUFFIXES:
        from etl.sources.article_web import html_article

        return [html_article(text, str(path), url=None)]
    too_long = article_too_long(text)
    if too_long:
        return [Quarantined(1, excerpt(text), f"{path.name}: {too_long}")]
    return [_text_article(text, str(path))]


def max_article_chars() -> int:
    """The longest article text read (setting article_max_chars)."""
    from etl.config import get_settings

    return get_settings().article_max_chars


def article_too_long(text: str) -> str | None:
    """Why `text` is too long to be read as one article (setting article_max_chars), or None."""
    limit = max_article_chars()
    if len(text) <= limit:
        return None
    return (f"the article has {len(text):,} characters, more than the limit of {limit:,} "
            "(MARSAD_ARTICLE_MAX_CHARS)")


# --- decoding and small helpers -----------------------------------------------------------------

def excerpt(value: bytes | str) -> str:
    if isinstance(value, bytes):
        value = value[:RAW_EXCERPT].decode("utf-8", errors="replace")
    return value[:RAW_EXCERPT]


def detect_language(text: str) -> str:
    """'ar' when most letters are Arabic, else 'en'."""
    arabic = len(re.findall(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]", text))
    letters = sum(1 for c in text if c.isalpha())
    return "ar" if letters and arabic * 2 > letters else "en"


def parse_published(value: object) -> dt.date | None:
    """A publication date from a date, ISO text, RFC 2822, 18/02/2023 or "18 February 2023"; raises
    ValueError when the value is given but is not a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    for mention in find_dates(text, dt.date.today(), detect_language(text)):
        if mention.time_precision == 1 and mention.kind == "absolute" and re.search(r"\d{4}|[٠-٩]{4}", text):
            return mention.date_start
    raise ValueError(f"published {text!r} is not a date (use YYYY-MM-DD)")


def canonical_source(name: str | None) -> str | None:
    """The usual English name of a known outlet, else the name as written (None if empty)."""
    if not name or not name.strip():
        return None
    key = normalize_key(name).removeprefix("www.").strip(" *-–|©")
    return _publisher_index().get(key, name.strip().strip("*© ").strip())


@cache
def _publisher_index() -> dict[str, str]:
    index = {}
    for canonical, aliases in PUBLISHERS.items():
        for alias in aliases.split("|") + [canonical]:
            index[normalize_key(alias)] = canonical
    return index


def _source_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = (urllib.parse.urlparse(url).hostname or "").removeprefix("www.")
    if not host:
        return None
    index = _publisher_index()
    for candidate in (host, ".".join(host.split(".")[-2:]), ".".join(host.split(".")[-3:])):
        if candidate in index:
            return index[candidate]
    return host


_LANGUAGE_NAMES = {"arabic": "ar", "عربي": "ar", "العربيه": "ar", "ar-sy": "ar", "english": "en", "en-us": "en",
                   "en-gb": "en"}


def make_article(*, text: str, url: str | None = None, title: str | None = None,
                 published: dt.date | None = None, source: str | None = None, language: str | None = None,
                 given_id: str | None = None, input_path: str | None = None) -> Article:
    url = (url or "").strip() or None
    if url:
        article_id = stable_id(url, prefix="art:")
    elif given_id not in (None, ""):
        article_id = stable_id("id", given_id, prefix="art:")
    else:
        article_id = stable_id("text", text, prefix="art:")
    language = _LANGUAGE_NAMES.get(normalize_key(language or ""), (language or "").strip().lower()[:2])
    language = language if language.isalpha() else detect_language(text)
    ref = str(given_id).strip() if given_id not in (None, "") else None
    if ref is None and input_path and Path(input_path).suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES:
        ref = Path(input_path).stem
    return Article(article_id, url, (title or "").strip() or None, published,
                   canonical_source(source) or _source_from_url(url), language, text, input_path, ref)


# --- plain text -------------------------------------------------------------------------------

_FRONT_LINE = re.compile(r"^\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$")
_PUBLISHER_LINE = re.compile(r"^\s*(?:[*©]+\s*|(?:المصدر|source)\s*:\s*)(.+?)\s*$", re.IGNORECASE)
_WEB_NAME = re.compile(r"^\S+\.(?:نت|كوم|net|com|org|sy|tv|co\.uk)$", re.IGNORECASE)


def split_front_matter(text: str) -> tuple[dict[str, str] | None, str]:
    """({key: value}, body) when the text starts with `key: value` lines ended by `---`, else (None, text)."""
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines) and lines[i].strip() == "---":
        i += 1
    meta: dict[str, str] = {}
    for j in range(i, min(len(lines), i + 30)):
        line = lines[j]
        if line.strip() == "---":
            return (meta, "\n".join(lines[j + 1:])) if meta else (None, text)
        if not line.strip():
            continue
        m = _FRONT_LINE.match(line)
        if not m:
            return None, text
        meta[m.group(1).lower()] = m.group(2)
    return None, text


def _publisher_in_text(text: str) -> str | None:
    for line in [ln.strip() for ln in text.split("\n") if ln.strip()][-4:]:
        if len(line) > 40:
            continue
        m = _PUBLISHER_LINE.match(line)
        if m:
            return m.group(1)
        if _WEB_NAME.match(line):
            return line
    return None


def _title_in_text(text: str) -> str | None:
    lines = [ln.strip() for ln in text.split("\n") if re.search(r"\w", ln)]
    for line in lines[:10]:
        words = line.split()
        if 4 <= len(words) <= 30 and not line.endswith((".", "؟", "!", "?", "،", ",")):
            return line
    return lines[0] if lines else None


def _text_article(text: str, input_path: str) -> Article | Quarantined:
    meta, body = split_front_matter(text)
    body = body.strip()
    name = Path(input_path).name
    if not body:
        return Quarantined(1, excerpt(text), f"{name}: empty article (no text)")
    if meta is None:
        return make_article(text=body, title=_title_in_text(body), published=publication_date_in_text(body),
                            source=_publisher_in_text(body), input_path=input_path)
    unknown = sorted(set(meta) - set(FRONT_MATTER_KEYS) - {"id"})
    if unknown:
        return Quarantined(1, excerpt(text), f"{name}: unknown front matter key(s) {', '.join(unknown)}; "
                                              f"expected {', '.join(FRONT_MATTER_KEYS)}")
    try:
        published = parse_published(meta.get("published")) or publication_date_in_text(body)
    except ValueError as exc:
        return Quarantined(1, excerpt(text), f"{name}: {exc}")
    return make_article(text=body, url=meta.get("url"), title=meta.get("title") or _title_in_text(body),
                        published=published, source=meta.get("source") or _publisher_in_text(body),
                        language=meta.get("language"), given_id=meta.get("id"), input_path=input_path)


# --- JSON Lines -------------------------------------------------------------------------------

def _read_jsonl(data: bytes, path: Path) -> Iterator[Article | Quarantined]:
    for no, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        where = f"{path.name} line {no}"
        try:
            line = raw.decode("utf-8-sig").strip()
        except UnicodeDecodeError:
            yield Quarantined(no, excerpt(raw), f"{where}: not UTF-8")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Quarantined(no, excerpt(line), f"{where}: not valid JSON ({exc.msg})")
            continue
        except RecursionError:
            yield Quarantined(no, excerpt(line), f"{where}: JSON nested too deeply to read")
            continue
        if not isinstance(obj, dict):
            yield Quarantined(no, excerpt(line), f"{where}: expected a JSON object, got {type(obj).__name__}")
            continue
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            yield Quarantined(no, excerpt(line), f"{where}: no text")
            continue
        try:
            published = parse_published(obj.get("published"))
        except ValueError as exc:
            yield Quarantined(no, excerpt(line), f"{where}: {exc}")
            continue
        text = text.replace("\r\n", "\n").strip()
        if too_long := article_too_long(text):
            yield Quarantined(no, excerpt(line), f"{where}: {too_long}")
            continue
        yield make_article(text=text, url=obj.get("url"), title=obj.get("title"),
                           published=published or publication_date_in_text(text), source=obj.get("source"),
                           language=obj.get("language"), given_id=obj.get("id"), input_path=str(path))

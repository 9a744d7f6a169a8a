"""The news sources file (data/sources.toml, setting sources_file): read, validated, appended to.

    [[source]]
    name = "enab-baladi"          # unique: letters, digits, . _ -
    kind = "feed"                 # feed (RSS/Atom) | sitemap | folder (article files) | jsonl (JSON Lines drop)
    url = "https://www.enabbaladi.net/feed/"   # feed and sitemap: an http(s) URL
    # path = "data/samples/articles"           # folder and jsonl: a folder (or one file); relative to the project
    language = "ar"               # ar | en | auto (each item's language is detected); default auto
    interval = "30m"              # how often to poll: 90s, 15m, 2h, 1d (at least 1m); default 1h
    enabled = true                # default true

Every problem is an InputError naming the file, the source and the field (exit 2 at the command line).
Adding a source appends a block to the file, so the analyst's comments and order stay as they were.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from etl.config import PROJECT_ROOT
from etl.errors import InputError

KINDS = {"feed": "RSS or Atom feed", "sitemap": "XML sitemap of article pages",
         "folder": "folder of article files", "jsonl": "JSON Lines drop (a folder of .jsonl files, or one file)"}
URL_KINDS = ("feed", "sitemap")
LANGUAGES = ("auto", "ar", "en")
FIELDS = ("name", "kind", "url", "path", "language", "interval", "enabled")
MIN_INTERVAL_S = 60
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    url: str | None
    path: Path | None
    language: str
    interval_s: int
    enabled: bool

    @property
    def where(self) -> str:
        """The URL, or the path (relative to the project when it is inside it)."""
        if self.url is not None:
            return self.url
        try:
            return str(Path(self.path).relative_to(PROJECT_ROOT))
        except ValueError:
            return str(self.path)


def parse_interval(value: object) -> int:
    """Seconds of an interval given as 90, "90s", "15m", "2h" or "1d"; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not an interval")
    if isinstance(value, int):
        seconds = value
    else:
        match = re.fullmatch(r"\s*(\d+)\s*([smhd]?)\s*", str(value))
        if not match:
            raise ValueError(f"{value!r} is not an interval (write 90s, 15m, 2h or 1d)")
        seconds = int(match.group(1)) * _UNITS[match.group(2) or "s"]
    if seconds < MIN_INTERVAL_S:
        raise ValueError(f"{value!r} is shorter than the shortest interval, 1m (be polite to the sites)")
    return seconds


def format_interval(seconds: int) -> str:
    for unit in ("d", "h", "m"):
        if seconds % _UNITS[unit] == 0:
            return f"{seconds // _UNITS[unit]}{unit}"
    return f"{seconds}s"


def load_sources(path: Path) -> list[Source]:
    """Every source of the file, validated; InputError naming the source and the field otherwise."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no sources file (create it, or set MARSAD_SOURCES_FILE)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read ({exc})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    unknown = sorted(set(data) - {"source"})
    if unknown:
        raise InputError(f"{path}: unknown table(s) {', '.join(unknown)}; sources are [[source]] blocks")
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise InputError(f"{path}: write each source as a [[source]] block")
    sources, names = [], set()
    for no, entry in enumerate(entries, 1):
        source = validate_entry(entry, f"{path}: source {no}")
        if source.name in names:
            raise InputError(f"{path}: source {no}: field 'name': {source.name!r} is already the name of another "
                             "source; names must be unique")
        names.add(source.name)
        sources.append(source)
    return sources


def validate_entry(entry: object, where: str) -> Source:
    """A Source from one [[source]] table; InputError '<where> (<name>): field '<f>': <problem>' otherwise."""
    if not isinstance(entry, dict):
        raise InputError(f"{where}: not a table of fields")
    name = entry.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise InputError(f"{where}: field 'name': {name!r} is not a name (letters, digits, '.', '_', '-'; "
                         "at most 64)" if name is not None else f"{where}: field 'name' is missing")
    where = f"{where} ({name!r})"

    def bad(field: str, problem: str) -> InputError:
        return InputError(f"{where}: field '{field}': {problem}")

    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        raise bad(unknown[0], f"unknown field; the fields are {', '.join(FIELDS)}")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise bad("kind", f"{kind!r} is not a kind; use one of {', '.join(KINDS)}" if kind is not None else "missing")
    url, path = entry.get("url"), entry.get("path")
    if kind in URL_KINDS:
        if path is not None:
            raise bad("path", f"a {kind} source has a url, not a path")
        if not isinstance(url, str) or not url.strip():
            raise bad("url", "missing" if url is None else f"{url!r} is not a URL")
        url = url.strip()
        scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://[^/\s]+", url)
        if not scheme or scheme.group(1).lower() not in ("http", "https"):
            raise bad("url", f"{url!r} is not an http(s) URL (only http and https are fetched; a local file "
                             "is a folder source)")
    else:
        if url is not None:
            raise bad("url", f"a {kind} source has a path, not a url")
        if not isinstance(path, str) or not path.strip():
            raise bad("path", "missing" if path is None else f"{path!r} is not a path")
        path = Path(path.strip()).expanduser()
        path = path if path.is_absolute() else PROJECT_ROOT / path
    language = entry.get("language", "auto")
    if language not in LANGUAGES:
        raise bad("language", f"{language!r} is not one of {', '.join(LANGUAGES)}")
    try:
        interval = parse_interval(entry.get("interval", "1h"))
    except ValueError as exc:
        raise bad("interval", str(exc)) from None
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise bad("enabled", f"{enabled!r} is not true or false")
    return Source(name, kind, url if kind in URL_KINDS else None, path if kind not in URL_KINDS else None,
                  language, interval, enabled)


def add_source(path: Path, entry: dict) -> Source:
    """Validate a new source against the file and append it as a [[source]] block (comments kept)."""
    path = Path(path)
    existing = load_sources(path) if path.exists() else []
    source = validate_entry(entry, f"{path}: new source")
    if any(s.name == source.name for s in existing):
        raise InputError(f"{path}: new source ({source.name!r}): field 'name': a source of that name exists")
    lines = ["", "[[source]]"]
    for field in FIELDS:
        if field in entry and entry[field] is not None:
            value = entry[field]
            lines.append(f"{field} = {'true' if value is True else 'false' if value is False else json.dumps(value, ensure_ascii=False)}")
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = "\n".join(lines) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + ("" if not text or text.endswith("\n") else "\n") + block, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    load_sources(path)  # the file as written reads back
    return source

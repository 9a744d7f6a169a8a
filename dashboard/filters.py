"""The dashboard's filter: one frozen object <-> SQL (bound parameters) <-> URL query params <-> caption.

Pure: no Streamlit import, no store access. `dashboard/data.py` puts `Filters.to_sql()` into its
queries; `dashboard/sidebar.py` binds widgets to it and mirrors it in the URL.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Mapping

from dashboard import filter_fields
from dashboard.i18n import translator
from dashboard.search import text_search_pattern
from etl.schema import EVENT_TYPE_OF, ORIGINS, TAXONOMY

PRESETS = ("last_7", "last_30", "last_90", "this_year", "all")
_PRESET_DAYS = {"last_7": 7, "last_30": 30, "last_90": 90}
_ADMIN1 = re.compile(r"^[A-Z]{2}\d{2}$")
_ADMIN2 = re.compile(r"^[A-Z]{2}\d{4}$")
_MAX_TEXT = 200
_MAX_ITEMS = 200
MAX_FATALITIES = 1_000_000
# Dates a filter can hold: the date widget's range and what a URL may ask for (outside it: ignored, with a notice).
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2099, 12, 31)
_SHOWN_CHARS = 40  # of a bad URL value quoted back in a notice

# URL parameter name of each field.
PARAM_NAMES = {
    "date_from": "from",
    "date_to": "to",
    "actors": "actor",
    "event_types": "type",
    "sub_event_types": "sub",
    "admin1": "adm1",
    "admin2": "adm2",
    "origins": "origin",
    "min_fatalities": "minfat",
    "dates": "dates",
    "review": "review",
    "text": "q",
    **filter_fields.PARAM_NAMES,  # precision, civilians, disorder, actor type, associated actors
}
# which events to count: all; those an analyst accepted; those graded at least Fair or Confirmed (an event keeps
# the grade an analyst gave it, else the grade its origin warrants: UCDP, ACLED, GTD Fair, GDELT Weak; extracted
# events are ungraded until reviewed)
REVIEW_KINDS = ("all", "accepted", "fair", "confirmed")
_GRADES_AT_LEAST = {"fair": ["Fair", "Confirmed"], "confirmed": ["Confirmed"]}
# which event dates to show: every one, only those the report gives (or lets count from its publication
# date), or only those counted from an estimated anchor (an undated article: first in line for review)
DATE_KINDS = ("all", "reported", "estimated")
_LIST_FIELDS = ("actors", "event_types", "sub_event_types", "admin1", "admin2", "origins")


def _as_tuple(values: object) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    cleaned = {str(v).strip() for v in values if v is not None and str(v).strip()}
    return tuple(sorted(cleaned))


@dataclass(frozen=True)
class UrlNotice:
    """Something in the URL that could not be used as it was: i18n key `url.<kind>`, the URL parameter, the
    value (cut to 40 characters) and a count or bound for the message."""

    kind: str  # bad_date | bad_number | number_clamped | text_cut | too_many | unknown | too_long
    param: str
    value: str = ""
    n: int = 0

    def message(self, lang: str) -> str:
        """The notice as one plain sentence in `lang` (the value is data from the URL: show it as text)."""
        t = translator(lang)
        return t(f"url.{self.kind}", param=self.param, value=self.value, n=t.number(self.n),
                 max=t.number(_MAX_TEXT if self.kind == "text_cut" else _MAX_ITEMS if self.kind == "too_many"
                              else MAX_FATALITIES), start=t.date(DATE_MIN), end=t.date(DATE_MAX))


def _shown(value: str) -> str:
    return value if len(value) <= _SHOWN_CHARS else value[: _SHOWN_CHARS - 1] + "\u2026"


@dataclass(frozen=True)
class Filters:
    """What the analyst is looking at. Lists are stored as sorted tuples so equal filters are equal."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actors: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()  # P-codes (SY11)
    admin2: tuple[str, ...] = ()  # P-codes (SY1101)
    origins: tuple[str, ...] = ()
    min_fatalities: int = 0
    dates: str = "all"
    review: str = "all"
    text: str = ""
    time_precision: tuple[int, ...] = ()
    geo_precision: tuple[int, ...] = ()
    civilians: str = "all"
    disorder_types: tuple[str, ...] = ()
    actor_types: tuple[str, ...] = ()
    assoc_actors: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in (*_LIST_FIELDS, *filter_fields.LIST_FIELDS):
            object.__setattr__(self, name, _as_tuple(getattr(self, name)))
        object.__setattr__(self, "time_precision", filter_fields.as_ints(self.time_precision,
                                                                         filter_fields.TIME_PRECISIONS))
        object.__setattr__(self, "geo_precision", filter_fields.as_ints(self.geo_precision,
                                                                        filter_fields.GEO_PRECISIONS))
        object.__setattr__(self, "civilians",
                           self.civilians if self.civilians in filter_fields.CIVILIAN_KINDS else "all")
        object.__setattr__(self, "min_fatalities", max(0, int(self.min_fatalities or 0)))
        object.__setattr__(self, "text", (self.text or "").strip()[:_MAX_TEXT])
        object.__setattr__(self, "dates", self.dates if self.dates in DATE_KINDS else "all")
        object.__setattr__(self, "review", self.review if self.review in REVIEW_KINDS else "all")

    # ---- SQL -------------------------------------------------------------------------------
    def _dates_and_text(self, c: str, prefix: str, date_column: str,
                        text_columns: tuple[str, ...]) -> tuple[list[str], dict[str, object]]:
        """The parts both tables share: the date range on `date_column` and the free text (Arabic
        spelling variants, diacritics and case ignored: dashboard/search.py) in any of `text_columns`."""
        parts: list[str] = []
        params: dict[str, object] = {}
        if self.date_from:
            parts.append(f"{c}{date_column} >= ${prefix}date_from")
            params[f"{prefix}date_from"] = self.date_from
        if self.date_to:
            parts.append(f"{c}{date_column} <= ${prefix}date_to")
            params[f"{prefix}date_to"] = self.date_to
        if self.text:
            parts.append("(" + " OR ".join(f"regexp_matches({c}{col}, ${prefix}text)" for col in text_columns) + ")")
            params[f"{prefix}text"] = text_search_pattern(self.text)
        return parts, params

    def to_sql(self, alias: str = "") -> tuple[str, dict[str, object]]:
        """A WHERE fragment over the events table (column prefix `alias.` if given) and its
        named parameters (`$f_...`). Always valid SQL: no filter gives "TRUE"."""
        c = f"{alias}." if alias else ""
        parts, params = self._dates_and_text(
            c, "f_", "event_date", ("notes", "evidence", "location", "location_ar", "actor1", "actor2", "admin1", "admin2"))
        if self.actors:
            parts.append(f"(list_contains($f_actors, {c}actor1) OR list_contains($f_actors, {c}actor2))")
            params["f_actors"] = list(self.actors)
        for name, column in (
            ("event_types", "event_type"),
            ("sub_event_types", "sub_event_type"),
            ("admin1", "admin1_pcode"),
            ("admin2", "admin2_pcode"),
            ("origins", "origin"),
        ):
            values = getattr(self, name)
            if values:
                parts.append(f"list_contains($f_{name}, {c}{column})")
                params[f"f_{name}"] = list(values)
        if self.min_fatalities:
            parts.append(f"coalesce({c}fatalities, 0) >= $f_min_fatalities")
            params["f_min_fatalities"] = self.min_fatalities
        if self.dates == "reported":
            parts.append(f"NOT coalesce({c}date_estimated, FALSE)")
        elif self.dates == "estimated":
            parts.append(f"coalesce({c}date_estimated, FALSE)")
        if self.review == "accepted":
            parts.append(f"{c}event_id IN (SELECT event_id FROM event_reviews WHERE status = 'accepted')")
        elif self.review in _GRADES_AT_LEAST:
            from etl.store.reviewed import ORIGIN_GRADES

            grades = _GRADES_AT_LEAST[self.review]
            # graded so by an analyst, or never graded by one and from an origin that starts at such a grade
            parts.append(f"({c}event_id IN (SELECT event_id FROM event_reviews WHERE list_contains($f_grades, grade))"
                         f" OR ({c}event_id NOT IN (SELECT event_id FROM event_reviews WHERE grade IS NOT NULL)"
                         f" AND list_contains($f_graded_origins, {c}origin)))")
            params.update(f_grades=grades, f_graded_origins=[o for o, g in ORIGIN_GRADES.items() if g in grades])
        more, more_params = filter_fields.sql_parts(self, c)
        parts += more
        params.update(more_params)
        return (" AND ".join(parts) or "TRUE"), params

    def articles_sql(self, alias: str = "") -> tuple[str, dict[str, object]]:
        """WHERE fragment over `articles`: published within the dates, title/text containing the text."""
        parts, params = self._dates_and_text(f"{alias}." if alias else "", "a_", "published", ("title", "text"))
        return (" AND ".join(parts) or "TRUE"), params

    # ---- URL ---------------------------------------------------------------------------------
    def to_query_params(self) -> dict[str, str | list[str]]:
        """Only the fields that are set; lists stay lists (repeated URL keys)."""
        out: dict[str, str | list[str]] = {}
        if self.date_from:
            out["from"] = self.date_from.isoformat()
        if self.date_to:
            out["to"] = self.date_to.isoformat()
        for name in _LIST_FIELDS:
            values = getattr(self, name)
            if values:
                out[PARAM_NAMES[name]] = list(values)
        if self.min_fatalities:
            out["minfat"] = str(self.min_fatalities)
        if self.dates != "all":
            out["dates"] = self.dates
        if self.review != "all":
            out["review"] = self.review
        if self.text:
            out["q"] = self.text
        out.update(filter_fields.query_params(self))
        return out

    @classmethod
    def from_query_params(cls, params: Mapping[str, object]) -> "Filters":
        """Rebuild from URL params; values that make no sense are ignored, never raised (see parse_query_params)."""
        return cls.parse_query_params(params)[0]

    @classmethod
    def parse_query_params(cls, params: Mapping[str, object]) -> tuple["Filters", list[UrlNotice]]:
        """The filters a URL asks for and a notice for each value that could not be used as it was: dates that
        are not ISO dates between DATE_MIN and DATE_MAX are ignored; minfat is cut to 0..MAX_FATALITIES; the
        search text to 200 characters; a list to its first 200 values; unknown event types, sub-types, origins,
        P-codes and values longer than 200 characters are dropped. Never raises, whatever the size."""
        notices: list[UrlNotice] = []

        def values(key: str) -> list[str]:
            raw = params.get(key)
            if raw is None:
                return []
            items = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, (list, tuple)) else [raw]
            items = [str(v) for v in items if v is not None]
            if len(items) > _MAX_ITEMS:
                notices.append(UrlNotice("too_many", key, n=len(items)))
                items = items[:_MAX_ITEMS]
            return items

        def one_date(key: str) -> dt.date | None:
            """The last usable date given for `key` (a notice for each unusable one after it)."""
            for item in reversed(values(key)):
                item = item.strip()
                try:
                    day = dt.date.fromisoformat(item) if len(item) <= 10 else None
                except ValueError:
                    day = None
                if day is not None and DATE_MIN <= day <= DATE_MAX:
                    return day
                notices.append(UrlNotice("bad_date", key, _shown(item)))
            return None

        def known(key: str, ok) -> list[str]:
            found = values(key)
            kept = [v for v in found if len(v) <= _MAX_TEXT and ok(v)]
            if len(kept) < len(found):
                notices.append(UrlNotice("unknown", key, n=len(found) - len(kept)))
            return kept

        date_from, date_to = one_date("from"), one_date("to")
        if date_from and date_to and date_from > date_to:
            date_from, date_to = date_to, date_from
        min_fat = 0
        for item in values("minfat"):  # the last whole number wins
            item = item.strip()
            if not (item.isascii() and item.isdigit()):
                notices.append(UrlNotice("bad_number", "minfat", _shown(item)))
            elif len(item.lstrip("0")) > len(str(MAX_FATALITIES)) or int(item) > MAX_FATALITIES:
                notices.append(UrlNotice("number_clamped", "minfat", _shown(item)))
                min_fat = MAX_FATALITIES
            else:
                min_fat = int(item)
        def choice(key: str, kinds: tuple[str, ...]) -> str:  # the last known value wins; others noticed
            chosen = kinds[0]
            for item in values(key):
                if item in kinds:
                    chosen = item
                else:
                    notices.append(UrlNotice("unknown", key, n=1))
            return chosen

        dates, review = choice("dates", DATE_KINDS), choice("review", REVIEW_KINDS)
        text = next(iter(reversed(values("q"))), "")
        if len(text.strip()) > _MAX_TEXT:
            notices.append(UrlNotice("text_cut", "q", n=len(text.strip())))
        filters = cls(
            date_from=date_from,
            date_to=date_to,
            actors=known("actor", lambda a: bool(a.strip())),
            event_types=known("type", lambda v: v in TAXONOMY),
            sub_event_types=known("sub", lambda v: v in EVENT_TYPE_OF),
            admin1=known("adm1", lambda v: bool(_ADMIN1.match(v))),
            admin2=known("adm2", lambda v: bool(_ADMIN2.match(v))),
            origins=known("origin", lambda v: v in ORIGINS),
            min_fatalities=min_fat,
            dates=dates,
            review=review,
            text=text,
            **filter_fields.from_params(known, choice),
        )
        return filters, notices

    # ---- periods -----------------------------------------------------------------------------
    def with_dates(self, date_from: dt.date | None, date_to: dt.date | None) -> "Filters":
        return replace(self, date_from=date_from, date_to=date_to)

    def resolved(self, earliest: dt.date | None, latest: dt.date | None) -> "Filters":
        """Open ends of the date range filled with the store's date bounds."""
        return replace(self, date_from=self.date_from or earliest, date_to=self.date_to or latest)

    def previous_period(self) -> "Filters | None":
        """The same filters over the period of equal length just before (None if dates are open)."""
        if not (self.date_from and self.date_to):
            return None
        days = (self.date_to - self.date_from).days + 1
        try:
            end = self.date_from - dt.timedelta(days=1)
            return replace(self, date_from=end - dt.timedelta(days=days - 1), date_to=end)
        except OverflowError:  # a period that would start before year 1
            return None

    def is_empty(self) -> bool:
        return self == Filters()

    # ---- caption -----------------------------------------------------------------------------
    def caption(self, lang: str, names: Mapping[str, Mapping[str, str]] | None = None) -> str:
        """A sentence saying what is shown, e.g. "Events from 1 Jan 2017 to 31 Dec 2017, actor
        Islamic State, in Ar-Raqqa, at least 1 fatality". `names` maps kind ("actor", "admin1",
        "admin2") -> value -> display name in `lang`; event types and origins are translated here."""
        t = translator(lang)
        names = names or {}

        def show(kind: str, value: str) -> str:
            if kind == "event_type":
                return t.event_type(value)
            if kind == "sub_event_type":
                return t.sub_event_type(value)
            if kind == "origin":
                return t.origin(value)
            return names.get(kind, {}).get(value, value)

        def joined(kind: str, values: tuple[str, ...]) -> str:
            shown = [show(kind, v) for v in values]
            if len(shown) <= 1:
                return "".join(shown)
            return t("caption.list_sep").join(shown[:-1]) + t("caption.or") + shown[-1]

        if self.date_from and self.date_to:
            head = t("caption.from_to", start=t.date(self.date_from), end=t.date(self.date_to))
        elif self.date_from:
            head = t("caption.since", start=t.date(self.date_from))
        elif self.date_to:
            head = t("caption.until", end=t.date(self.date_to))
        else:
            head = t("caption.all")
        parts = [head]
        for name, kind, one, many in (
            ("actors", "actor", "caption.actor", "caption.actors"),
            ("event_types", "event_type", "caption.type", "caption.types"),
            ("sub_event_types", "sub_event_type", "caption.sub_type", "caption.sub_types"),
            ("origins", "origin", "caption.origin", "caption.origins"),
        ):
            values = getattr(self, name)
            if values:
                parts.append(t(one if len(values) == 1 else many, names=joined(kind, values)))
        places = self.admin2 or self.admin1
        if places:
            parts.append(t("caption.in", names=joined("admin2" if self.admin2 else "admin1", places)))
        if self.min_fatalities == 1:
            parts.append(t("caption.min_fatality_one"))
        elif self.min_fatalities > 1:
            parts.append(t("caption.min_fatalities", n=self.min_fatalities))
        if self.dates != "all":
            parts.append(t(f"caption.dates_{self.dates}"))
        if self.review != "all":
            parts.append(t(f"caption.review_{self.review}"))
        parts += filter_fields.caption_parts(self, t, joined)
        if self.text:
            parts.append(t("caption.text", text=self.text))
        return t("caption.sep").join(parts)


def preset_range(preset: str, latest: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """Date range of a preset, counted back from the latest event date in the store (not today)."""
    if preset == "all" or latest is None or preset not in PRESETS:
        return None, None
    if preset == "this_year":
        return dt.date(latest.year, 1, 1), latest
    return latest - dt.timedelta(days=_PRESET_DAYS[preset] - 1), latest


def period_range(start: dt.date, granularity: str) -> tuple[dt.date, dt.date]:
    """First and last day of the day/week/month that starts at `start` (a timeline bar)."""
    if granularity == "day":
        return start, start
    if granularity == "week":
        return start, start + dt.timedelta(days=6)
    first = start.replace(day=1)
    nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, nxt - dt.timedelta(days=1)


"""Stage 3 of extraction, slots: where and when one event unit happened (who and how many are in
etl.extract.roles).

Place and date come from the unit, else its sentence, else the previous sentence ("two days later"
counts from it), else the article (its dateline or most named place / the publication date with
precision 2, at lower confidence). A date window ending over a year before publication is background.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from etl.extract.mentions import ArticleScan, is_specific
from etl.text.numbers import parse_number

BACKGROUND_DAYS = 365  # a date window ending this long before publication is background
_LATER = re.compile(
    r"(?P<one>\b(?:the\s+(?:next|following)\s+day|a\s+day\s+later|one\s+day\s+later|the\s+day\s+after)\b"
    r"|(?:في\s+)?اليوم\s+التالي|غداة|غداه)"
    r"|(?P<two>\btwo\s+days\s+later\b|بعد\s+يومين)"
    r"|\b(?P<n_en>\w+)\s+days\s+later\b|بعد\s+(?P<n_ar>\S+)\s+(?:ايام|أيام)",
    re.IGNORECASE)


def _in(items: list, start: int, end: int) -> list:
    return [x for x in items if start <= x.start and x.end <= end]


def _nearest(items: list, pos: int) -> object:
    return min(items, key=lambda x: (abs(x.start - pos), x.start))


def _usable_places(mentions: list) -> list:
    return [m for m in mentions if m.place is not None]


def choose_place(scan, unit, sentence, frame_end: int, previous) -> tuple:
    """(PlaceMention | None, geo_precision, origin) where origin is unit/sentence/previous/article."""
    trigger_pos = unit[0]
    country = None  # "في سوريا", "شمال العراق": a place only when the article names nothing smaller
    for origin, (s, e) in (("unit", (max(unit[0], frame_end), unit[1])), ("sentence", sentence)):
        found = _usable_places(_in(scan.places, s, e))
        specific = [m for m in found if _admin1(m.place)]
        if specific:
            after = [m for m in specific if m.start >= trigger_pos]
            best = _agreeing(after[0] if after else specific[-1], specific)
            return best, _precision(best), origin
        if found and country is None:
            country = (found[-1], _precision(found[-1]), origin)
    if previous is not None and previous[0] is not None:
        return previous[0], max(previous[1] or 1, 1), "previous"
    if scan.default_place is not None:
        return scan.default_place, max(_precision(scan.default_place), 2), "article"
    return country or (None, None, "none")


def _agreeing(mention, others: list):
    """"حي الميدان في مدينة دمشق": of the places sharing the name, the one in the governorate the
    sentence's other places are in."""
    areas = {_admin1(m.place) for m in others if m is not mention}
    if not areas or _admin1(mention.place) in areas:
        return mention
    for candidate in getattr(mention, "candidates", ()) or ():
        if _admin1(candidate) in areas:
            return replace(mention, place=candidate)
    directed = [m for m in others if getattr(m, "direction", None)]
    if directed:  # "near Tal Tamr, west of Hasakah": the reference place settles the area
        return directed[0]
    if getattr(mention.place, "feature_type", "") == "neighbourhood":
        return next(m for m in others if m is not mention)  # a neighbourhood we do not know there
    return mention


def _admin1(place) -> str | None:
    return getattr(place, "admin1", None) or getattr(place, "admin1_en", None)


def _precision(mention) -> int:
    value = getattr(mention, "geo_precision", None)
    return int(value) if value else 1


def date_of_mention(d, published: dt.date | None, origin: str, report_date: bool = False) -> tuple:
    """(event_date, time_precision, origin, background, window) of a DateMention: the window's
    middle (cut at publication), background when it ended over a year before publication."""
    start, end = d.date_start, d.date_end
    if published is not None and end > published:
        end = max(start, published)
    best = start if start == end else start + (end - start) // 2
    precision = d.time_precision
    if report_date:  # "said on Saturday that ...": the event happened by then
        precision = max(precision, 2)
    background = published is not None and (published - end).days > BACKGROUND_DAYS
    return best, precision, origin, background, (start, end)


_SINCE_REACH = 60  # characters from "منذ" / "since" to the date it starts from


def choose_date(scan, unit, sentence, frame_end: int, previous, relative: bool,
                excluded: list | tuple = ()) -> tuple | None:
    """(event_date, time_precision, origin, background, window) or None without any date."""
    published = scan.published

    def from_mention(d, origin: str, report_date: bool = False) -> tuple:
        return date_of_mention(d, published, origin, report_date)

    # "the biggest attack since the army took the town in November 2017": a date after "since" is the
    # start of the comparison, not the day of the event
    since = [c.end for c in scan.cues if c.item.cue == "background" and sentence[0] <= c.start < sentence[1]
             and ("منذ" in scan.text[c.start:c.end] or scan.text[c.start:c.end].lower() == "since")]

    def not_since(dates):
        return [d for d in dates if not any(end <= d.start <= end + _SINCE_REACH for end in since)]

    event_dates = not_since(_in(scan.dates, max(unit[0], frame_end), unit[1]))
    if event_dates:
        d = _nearest(event_dates, unit[0])
        # "..., a monitor said on Thursday": the date of the report, the event happened by then
        reported = any(c.item.cue == "speech" and unit[0] <= c.start and 0 <= d.start - c.end <= 4
                       for c in scan.cues)
        return from_mention(d, "unit", report_date=reported)
    frame_dates = _in(scan.dates, unit[0], frame_end)
    if frame_dates:
        return from_mention(frame_dates[-1], "unit", report_date=True)
    if not relative:
        others = [d for d in not_since(_in(scan.dates, *sentence))
                  if not any(a <= d.start and d.end <= b for a, b in excluded)]
        if others:
            return from_mention(_nearest(others, unit[0]), "sentence")
    if previous is not None:
        best, precision, _origin, background, window = previous
        return best, precision, "previous", background, window
    if published is not None:  # always, from extract_events (the publication date or its estimate)
        return published, 2, "published", False, (published - dt.timedelta(days=7), published)
    return None



def days_later(text: str, unit: tuple[int, int]) -> int | None:
    """Days after the previous date: "two days later", "the next day", "في اليوم التالي", "غداة الهجوم",
    "بعد يومين"."""
    words = text[unit[0]:unit[1]].lower()
    if "later" not in words and "day" not in words and "التالي" not in words and "بعد" not in words \
            and "غدا" not in words:
        return None  # each form of _LATER holds one of these
    m = _LATER.search(text, unit[0], unit[1])
    if not m:
        return None
    if m.group("one"):
        return 1
    if m.group("two"):
        return 2
    words = m.group("n_en") or m.group("n_ar")
    return parse_number(words) if words else None



def sentence_context(scan: ArticleScan, context: dict, dates: list, sentence: tuple[int, int]) -> None:
    """What the next sentence inherits when this one reported no event: its last dated mention
    (not background, not future) and its last specific place."""
    if context["date"] is None:
        for d in reversed(dates):
            date = date_of_mention(d, scan.published, "previous")
            if not date[3] and (scan.published is None or date[0] <= scan.published):
                context["date"] = date
                break
    if context["place"] is None:
        for m in reversed(scan.places):
            if sentence[0] <= m.start < sentence[1] and m.place is not None and is_specific(m.place):
                context["place"] = (m, m.geo_precision or 1, "previous")
                break


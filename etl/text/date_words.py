"""Word tables for etl.text.dates: month, weekday and Hijri month names (Arabic and English), and the
regex fragments built from them. Tables are written in natural spelling and normalised on first use
(etl.text.normalize), so أ/ا, ة/ه, ى/ي variants all match. Also the small calendar arithmetic
(month windows, the latest past day, week starts) the resolver uses."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import cache

from etl.text.normalize import normalize_key, trie_regex

# Levantine (Syriac-derived) month names: Syria, Lebanon, Iraq, Jordan, Palestine.
LEVANTINE_MONTHS = {
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8,
    "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
}
# Gregorian transliterations (Egypt, Gulf) and Maghrebi French-derived forms.
GREGORIAN_AR_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "ابريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11,
    "ديسمبر": 12, "جانفي": 1, "فيفري": 2, "أفريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "أوت": 8,
}
ENGLISH_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
# Month names that are also common words ("آب" father, "ماي", "may"): only inside a full date.
AMBIGUOUS_MONTHS = frozenset({"اب", "ماي", "may", "mar", "jan"})

# Python weekday numbers: Monday = 0 ... Sunday = 6.
ARABIC_WEEKDAYS = {
    "الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5,
    "الأحد": 6,
}
ENGLISH_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}

HIJRI_MONTHS = {
    "محرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع الاول": 3, "ربيع الثاني": 4, "ربيع الآخر": 4,
    "جمادى الأولى": 5, "جمادى الأول": 5, "جمادى الثانية": 6, "جمادى الآخرة": 6, "جمادى الآخر": 6,
    "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعدة": 11, "ذي القعدة": 11, "ذو الحجة": 12,
    "ذي الحجة": 12,
}

# Part-of-period modifiers -> (first day fraction, last day fraction) of the period, as a name.
# Arabic and English words for the beginning, middle and end of a month or a year.
PART_WORDS = {
    "مطلع": "early", "بداية": "early", "أوائل": "early", "اوائل": "early", "أول": "early", "مستهل": "early",
    "منتصف": "mid", "أواسط": "mid", "وسط": "mid",
    "نهاية": "late", "أواخر": "late", "آخر": "late", "ختام": "late", "أخريات": "late",
    "early": "early", "the beginning of": "early", "the start of": "early", "beginning of": "early",
    "start of": "early", "mid": "mid", "the middle of": "mid", "middle of": "mid",
    "late": "late", "the end of": "late", "end of": "late",
}


ORDINAL_UNITS = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع")


@cache
def ordinal_days() -> dict[str, int]:
    """Arabic ordinal day words 1..31 ("الخامس", "الحادي عشر", "الثاني والعشرين") -> day number."""
    units = [normalize_key(w) for w in ORDINAL_UNITS]
    out = {u: i for i, u in enumerate(units, 1)}
    out.update({"العاشر": 10, "العشرين": 20, "الثلاثين": 30, "الحادي والثلاثين": 31})
    for i, unit in enumerate(["الحادي"] + units[1:], 1):
        out[f"{unit} عشر"] = 10 + i
        out[f"{unit} والعشرين"] = 20 + i
    return out


def _key_table(table: dict[str, int]) -> dict[str, int]:
    return {normalize_key(k): v for k, v in table.items()}


@cache
def month_numbers() -> dict[str, int]:
    """Every normalised month name (Levantine, Gregorian Arabic, English) -> month number."""
    out = _key_table(LEVANTINE_MONTHS)
    out.update(_key_table(GREGORIAN_AR_MONTHS))
    out.update(ENGLISH_MONTHS)
    return out


@cache
def weekday_numbers() -> dict[str, int]:
    out = _key_table(ARABIC_WEEKDAYS)
    out.update(ENGLISH_WEEKDAYS)
    return out


@cache
def hijri_month_numbers() -> dict[str, int]:
    return _key_table(HIJRI_MONTHS)


@cache
def part_of_period() -> dict[str, str]:
    return {normalize_key(k): v for k, v in PART_WORDS.items()}


def alternation(words) -> str:
    """A regex alternation of normalised words, longest first; spaces match any whitespace."""
    return trie_regex(set(words))


@cache
def month_fragment() -> str:
    """One month name, optionally paired with another ("كانون الاول/ديسمبر", "اكتوبر (تشرين الاول)")."""
    single = rf"(?:{alternation(month_numbers())})(?!\w)(?:(?<=[a-z])\.)?"
    return rf"{single}(?:\s*(?:/|\||-|\(|،)\s*{single}(?:\s*\))?)?"


def key_of(matched: str) -> str:
    """The normalised lookup key of a matched name (whitespace collapsed, final '.' dropped)."""
    return re.sub(r"\s+", " ", matched).strip().rstrip(".")


def first_month(matched: str) -> str:
    """The first month name of a (possibly paired) month match."""
    return key_of(re.split(r"\s*[/|(،]\s*|\s+-\s*|-", matched)[0])


# --- calendar arithmetic used by etl.text.dates -----------------------------------------------

def last_day(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def month(y: int, m: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, m, 1), last_day(y, m)


def shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def recent_day(pub: dt.date, m: int, d: int) -> dt.date | None:
    for y in (pub.year, pub.year - 1, pub.year - 2, pub.year - 3, pub.year - 4):
        day = safe_date(y, m, d)
        if day is not None and day <= pub:
            return day
    return None


def week_start(day: dt.date, language: str) -> dt.date:
    first = 5 if language == "ar" else 0  # Saturday / Monday
    return day - dt.timedelta(days=(day.weekday() - first) % 7)


def part_of_month(y: int, mo: int, part: str):
    first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, last_day(y, mo).day)}[part]
    return dt.date(y, mo, first), dt.date(y, mo, last), 2

"""Resolvers for etl.text.dates: each turns a regex match into (date_start, date_end, precision) against
the publication date, following the rules in the etl.text.dates docstring. Shared regex fragments too."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


from etl.text import date_words as W
from etl.text.normalize import NormalizedText
from etl.text.numbers import find_numbers, parse_number

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Ctx:
    norm: NormalizedText
    original: str
    published: dt.date
    language: str


B = r"(?<!\w)"
E = r"(?!\w)"
# before a digit: a word start, or after an attached و/ف/ب/ل or the article ("في ال15 من آذار", "الـ15")
DB = r"(?:(?<!\w)|(?<=(?<!\w)[وفبل])|(?<=(?<!\w)ال)|(?<=(?<!\w)[وفب]ال)|(?<=(?<!\w)لل))"
PRE = r"(?:[وف]?[بل]?)"  # attached و/ف/ب/ل before the first word
PAST = r"الماضي|الماضيه|المنصرم|المنصرمه|الفايت|الفايته|السابق|السابقه|last|past|previous"
NOW = r"الجاري|الجاريه|الحالي|الحاليه|هذا|هذه|this|current"
NEXT = r"المقبل|المقبله|القادم|القادمه|next|coming"
YEAR = r"(?P<y>(?:1[89]|20)\d\d)(?:\s*م(?!\w))?"
YEAR_WORDS = r"(?:\s+(?:من\s+)?(?:ال)?(?:عام|سنه)\s+|\s*,\s*|\s*)"


def _rel(word: str | None) -> int:
    """-1 past, 0 current/none, +1 next."""
    if not word:
        return 0
    word = word.strip()
    if re.fullmatch(PAST, word):
        return -1
    return 1 if re.fullmatch(NEXT, word) else 0


def g(m: re.Match[str], name: str) -> str | None:
    """A named group, or None when it did not match or the pattern has no such group."""
    return m.group(name) if name in m.re.groupindex else None


def _capitalized(ctx: Ctx, norm_index: int) -> bool:
    ch = ctx.original[ctx.norm.offsets[norm_index]]
    return not ch.isascii() or ch.isupper()


def _month_of(ctx: Ctx, m: re.Match[str], group: str = "mon") -> int | None:
    name = W.first_month(m.group(group))
    if name in W.ENGLISH_MONTHS and not _capitalized(ctx, m.start(group)):
        return None  # "may", "march" as words
    return W.month_numbers().get(name)


# --- handlers: (match, ctx) -> (date_start, date_end, precision) | None -------------------------

def numeric(m, ctx):
    d, mo, y = int(m.group("d")), int(m.group("m")), int(g(m, "y"))
    if mo > 12 and d <= 12 and "iso" not in m.re.groupindex:
        d, mo = mo, d
    day = W.safe_date(y, mo, d)
    return (day, day, 1) if day and y >= 1900 else None


def day_month(m, ctx):
    mo = _month_of(ctx, m)
    if mo is None:
        return None
    d = int(g(m, "d")) if g(m, "d") else W.ordinal_days()[W.key_of(m.group("ord"))]
    day = W.safe_date(int(g(m, "y")), mo, d) if g(m, "y") else W.recent_day(ctx.published, mo, d)
    return (day, day, 1) if day else None


def day_of_month(m, ctx):
    """"التاسع من الشهر الجاري" / "9 من الشهر الماضي": that day of the current / previous month."""
    d = int(g(m, "d")) if g(m, "d") else W.ordinal_days()[W.key_of(m.group("ord"))]
    y, mo = W.shift_month(ctx.published.year, ctx.published.month, _rel(g(m, "rel")))
    day = W.safe_date(y, mo, d)
    return (day, day, 1) if day else None


def month_year(m, ctx):
    mo = _month_of(ctx, m)
    return (*W.month(int(g(m, "y")), mo), 3) if mo else None


def month_alone(m, ctx):
    rel_word = g(m, "rel") or g(m, "erel")
    if not (rel_word or g(m, "ctx")):
        return None
    if W.first_month(m.group("mon")) in W.AMBIGUOUS_MONTHS and not rel_word:
        return None
    mo = _month_of(ctx, m)
    if mo is None:
        return None
    pub, rel = ctx.published, _rel(rel_word)
    if rel < 0:
        y = pub.year if mo < pub.month else pub.year - 1
    elif rel > 0:
        y = pub.year if mo > pub.month else pub.year + 1
    else:
        y = pub.year if mo <= pub.month else pub.year - 1
    return (*W.month(y, mo), 3)


def part(m, ctx):
    which = W.part_of_period().get(W.key_of(m.group("part")).replace("-", "").strip())
    pub = ctx.published
    if which is None:
        return None
    if m.group("mon"):
        mo = _month_of(ctx, m)
        if mo is None:
            return None
        if g(m, "y"):
            y = int(g(m, "y"))
        else:
            y = pub.year if mo < pub.month or (mo == pub.month and _rel(g(m, "mrel")) >= 0) else pub.year - 1
        return W.part_of_month(y, mo, which)
    unit = W.key_of(g(m, "unit") or g(m, "eunit") or "").removeprefix("the ")
    rel = _rel(g(m, "urel") or g(m, "erel"))
    if unit in ("الشهر", "month"):
        y, mo = W.shift_month(pub.year, pub.month, rel)
        return W.part_of_month(y, mo, which)
    y = int(g(m, "py")) if g(m, "py") else pub.year + rel
    return {"early": (dt.date(y, 1, 1), dt.date(y, 1, 15)), "mid": (dt.date(y, 6, 15), dt.date(y, 7, 15)),
            "late": (dt.date(y, 12, 15), dt.date(y, 12, 31))}[which] + (3,)


def period(m, ctx):
    unit, rel, pub = W.key_of(g(m, "unit")), _rel(g(m, "rel")), ctx.published
    if g(m, "rel") == "past" and unit == "week":
        return pub - 6 * ONE_DAY, pub, 2
    if unit in ("الاسبوع", "week"):
        start = W.week_start(pub, ctx.language) + rel * 7 * ONE_DAY
        return start, start + 6 * ONE_DAY, 2
    if unit in ("الشهر", "month"):
        return (*W.month(*W.shift_month(pub.year, pub.month, rel)), 3)
    y = pub.year + rel
    return dt.date(y, 1, 1), dt.date(y, 12, 31), 4


def recent_days(m, ctx):
    return ctx.published - 6 * ONE_DAY, ctx.published, 2


DAY_WORDS = {"اليوم": 0, "today": 0, "tonight": 0, "this morning": 0, "امس": -1, "البارحه": -1,
              "yesterday": -1, "last night": -1, "الليله الماضيه": -1, "اول امس": -2, "اول من امس": -2,
              "امس الاول": -2, "the day before yesterday": -2, "غدا": 1, "tomorrow": 1}


def day_word(m, ctx):
    day = ctx.published + DAY_WORDS[W.key_of(m.group("dw"))] * ONE_DAY
    return day, day, 1


AGO_UNITS = {"يوم": 1, "ايام": 1, "يوما": 1, "day": 1, "days": 1, "اسبوع": 7, "اسابيع": 7, "week": 7,
              "weeks": 7, "شهر": 30, "اشهر": 30, "شهور": 30, "month": 30, "months": 30, "عام": 365,
              "اعوام": 365, "سنوات": 365, "سنه": 365, "year": 365, "years": 365}
AGO_DUALS = {"يومين": ("يوم", 2), "اسبوعين": ("اسبوع", 2), "شهرين": ("شهر", 2), "عامين": ("عام", 2),
              "سنتين": ("سنه", 2)}


_PLURAL_UNITS = frozenset({"ايام", "days", "اسابيع", "weeks", "اشهر", "شهور", "months", "اعوام", "سنوات", "years"})


def ago(m, ctx):
    """"قبل 3 أيام" / "3 days ago"; with no count or a vague one ("قبل أيام", "قبل عدة أسابيع",
    "several days ago") a window: 2-7 days (2), 1-4 weeks (3), 1-12 months (4)."""
    unit, word = W.key_of(g(m, "unit")), g(m, "n")
    pub = ctx.published
    if unit in AGO_DUALS:
        unit, n = AGO_DUALS[unit]
    elif word in ("a", "an", None) and unit not in _PLURAL_UNITS:
        n = 1
    else:
        mention = find_numbers(word)[:1] if word else []
        if not mention or mention[0].vague:
            size = AGO_UNITS[unit]
            if size == 1:
                return pub - 7 * ONE_DAY, pub - 2 * ONE_DAY, 2
            if size == 7:
                return pub - 28 * ONE_DAY, pub - 7 * ONE_DAY, 3
            return (pub - 365 * ONE_DAY, pub - 30 * ONE_DAY, 4) if size == 30 else None
        n = parse_number(word)
    size = AGO_UNITS[unit]
    if not n or n * size > 100 * 365:
        return None
    if size == 1:
        day = pub - n * ONE_DAY
        return day, day, 1
    if size == 7:
        centre = pub - 7 * n * ONE_DAY
        return centre - 3 * ONE_DAY, centre + 3 * ONE_DAY, 2
    if size == 30:
        return (*W.month(*W.shift_month(pub.year, pub.month, -n)), 3)
    return dt.date(pub.year - n, 1, 1), dt.date(pub.year - n, 12, 31), 4


def weekday(m, ctx):
    name = W.key_of(m.group("wd"))
    wd = W.weekday_numbers()[name]
    if name in W.ENGLISH_WEEKDAYS and not _capitalized(ctx, m.start("wd")):
        return None
    tod = g(m, "tod")
    rel = _rel(g(m, "rel") or (tod if tod in ("last", "next") else None))
    if name == "الاثنين" and not (g(m, "yawm") or g(m, "rel") or g(m, "tod")):
        text = ctx.norm.text
        before = text[max(0, m.start() - 2):m.start()].strip()
        after = text[m.end():m.end() + 2].strip()
        if not ((not before or not before[-1].isalnum()) or (not after or not after[0].isalnum())):
            return None
    pub = ctx.published
    back = (pub.weekday() - wd) % 7
    if rel < 0 and back == 0:
        back = 7
    day = pub - back * ONE_DAY if rel <= 0 else pub + ((wd - pub.weekday() - 1) % 7 + 1) * ONE_DAY
    return day, day, 1


def year(m, ctx):
    y = int(g(m, "y"))
    if not 1900 <= y <= ctx.published.year + 5:
        return None
    return dt.date(y, 1, 1), dt.date(y, 12, 31), 4


def _from_hijri(y: int, m: int, d: int) -> dt.date:
    from hijridate import Hijri  # imported when a Hijri date is met (its import costs ~70 ms)

    g = Hijri(y, m, d).to_gregorian()
    return dt.date(g.year, g.month, g.day)


def hijri(m, ctx):
    from hijridate import Gregorian, Hijri

    try:
        hy = int(g(m, "hy")) if g(m, "hy") else None
        if g(m, "hm") is None:
            start = _from_hijri(hy, 1, 1)
            end = _from_hijri(hy, 12, Hijri(hy, 12, 1).month_length())
            return start, end, 4
        hm = W.hijri_month_numbers()[W.key_of(g(m, "hm"))]
        if hy is None:
            today = Gregorian(ctx.published.year, ctx.published.month, ctx.published.day).to_hijri()
            hy = today.year if (hm, int(g(m, "hd") or 1)) <= (today.month, today.day) else today.year - 1
        if g(m, "hd"):
            day = _from_hijri(hy, hm, int(g(m, "hd")))
            return day, day, 1
        first = Hijri(hy, hm, 1)
        return _from_hijri(hy, hm, 1), _from_hijri(hy, hm, first.month_length()), 3
    except (ValueError, OverflowError, KeyError):
        return None


def recent_hours(m, ctx):
    return ctx.published - ONE_DAY, ctx.published, 1

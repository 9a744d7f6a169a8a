"""Date expressions in Arabic and English news, resolved against the publication date.

`find_dates(text, published, language)` -> DateMention spans in the original text, each with a window
(date_start..date_end) and an ACLED time_precision (1 exact day, 2 within a week, 3 within a month,
4 year only). Both languages are searched whatever `language` says (it only picks the first day of the
week: Saturday for 'ar', Monday otherwise). Windows ending after `published` are cut at `published`.

Resolution rules (general, not fitted to one article):
- weekday (يوم السبت، الاثنين، "on Monday"): the latest such day on or before publication; with
  الماضي/"last" strictly before; with المقبل/"next" strictly after. الاثنين also means "the two", so
  bare الاثنين needs يوم, الماضي/المقبل, a time-of-day word, or punctuation/line edge beside it.
- اليوم/today = published; أمس/البارحة/yesterday/last night = -1; أول أمس/the day before yesterday = -2;
  غدا/tomorrow = +1; "قبل 3 أيام"/"3 days ago" = -3 (weeks: precision 2, months 3, years 4).
- الأسبوع الماضي / last week = the previous calendar week (precision 2); هذا الأسبوع = this week so far;
  الأيام الماضية / in recent days = the 7 days up to publication (precision 2).
- الشهر الماضي / last month = the previous calendar month (3); العام الماضي / last year (4).
- part of a period (مطلع/منتصف/نهاية/أواخر..., early/mid/late/the end of): of a month -> days 1-10,
  11-20, 21-end (precision 2); of a year -> Jan 1-15, Jun 15-Jul 15, Dec 15-31 (precision 3).
- day + month (Levantine, Gregorian Arabic, Maghrebi or English names, also paired "كانون الأول/ديسمبر")
  with a year: that day; without: the latest such day on or before publication (precision 1).
- month + year -> the month (3); a month alone after في/خلال/شهر/in/since... or with الماضي/last ->
  the latest such month on or before publication (strictly before with الماضي) (3).
- a year after عام/سنة/في/منذ/in/since... or followed by م -> the year (4); years before 1900 ignored.
- numeric dates: day first (18/02/2023, 18-2-2023, 18.02.2023) unless the month would exceed 12;
  ISO 2023-02-18 (1).
- Hijri: "15 رمضان 1444 هـ" (1), "رمضان 1444" (3), "1444 هـ" (4), converted with hijridate.
Overlapping candidates: the longest wins.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from hijridate import Gregorian, Hijri

from etl.text import date_words as W
from etl.text.normalize import NormalizedText, normalize
from etl.text.numbers import parse_number

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DateMention:
    start: int  # in the original text
    end: int
    date_start: dt.date
    date_end: dt.date
    time_precision: int
    kind: str  # absolute weekday relative month year hijri


@dataclass(frozen=True)
class _Ctx:
    norm: NormalizedText
    original: str
    published: dt.date
    language: str


_B = r"(?<!\w)"
_E = r"(?!\w)"
_DB = r"(?:(?<!\w)|(?<=(?<!\w)[وفبل]))"  # before a digit: a word start, or after an attached و/ف/ب/ل
_PRE = r"(?:[وف]?[بل]?)"  # attached و/ف/ب/ل before the first word
_PAST = r"الماضي|الماضيه|المنصرم|المنصرمه|الفايت|الفايته|السابق|السابقه|last|past|previous"
_NOW = r"الجاري|الجاريه|الحالي|الحاليه|هذا|هذه|this|current"
_NEXT = r"المقبل|المقبله|القادم|القادمه|next|coming"
_YEAR = r"(?P<y>(?:1[89]|20)\d\d)(?:\s*م(?!\w))?"
_YEAR_WORDS = r"(?:\s+(?:من\s+)?(?:ال)?(?:عام|سنه)\s+|\s*,\s*|\s*)"


def _rel(word: str | None) -> int:
    """-1 past, 0 current/none, +1 next."""
    if not word:
        return 0
    word = word.strip()
    if re.fullmatch(_PAST, word):
        return -1
    return 1 if re.fullmatch(_NEXT, word) else 0


def _g(m: re.Match[str], name: str) -> str | None:
    """A named group, or None when it did not match or the pattern has no such group."""
    return m.group(name) if name in m.re.groupindex else None


def _capitalized(ctx: _Ctx, norm_index: int) -> bool:
    ch = ctx.original[ctx.norm.offsets[norm_index]]
    return not ch.isascii() or ch.isupper()


def _month_of(ctx: _Ctx, m: re.Match[str], group: str = "mon") -> int | None:
    name = W.first_month(m.group(group))
    if name in W.ENGLISH_MONTHS and not _capitalized(ctx, m.start(group)):
        return None  # "may", "march" as words
    return W.month_numbers().get(name)


# --- handlers: (match, ctx) -> (date_start, date_end, precision) | None -------------------------

def _numeric(m, ctx):
    d, mo, y = int(m.group("d")), int(m.group("m")), int(_g(m, "y"))
    if mo > 12 and d <= 12 and "iso" not in m.re.groupindex:
        d, mo = mo, d
    day = W.safe_date(y, mo, d)
    return (day, day, 1) if day and y >= 1900 else None


def _day_month(m, ctx):
    mo = _month_of(ctx, m)
    if mo is None:
        return None
    d = int(_g(m, "d")) if _g(m, "d") else W.ordinal_days()[W.key_of(m.group("ord"))]
    day = W.safe_date(int(_g(m, "y")), mo, d) if _g(m, "y") else W.recent_day(ctx.published, mo, d)
    return (day, day, 1) if day else None


def _month_year(m, ctx):
    mo = _month_of(ctx, m)
    return (*W.month(int(_g(m, "y")), mo), 3) if mo else None


def _month_alone(m, ctx):
    rel_word = _g(m, "rel") or _g(m, "erel")
    if not (rel_word or _g(m, "ctx")):
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


def _part(m, ctx):
    part = W.part_of_period().get(W.key_of(m.group("part")).replace("-", "").strip())
    pub = ctx.published
    if part is None:
        return None
    if m.group("mon"):
        mo = _month_of(ctx, m)
        if mo is None:
            return None
        if _g(m, "y"):
            y = int(_g(m, "y"))
        else:
            y = pub.year if mo < pub.month or (mo == pub.month and _rel(_g(m, "mrel")) >= 0) else pub.year - 1
        return W.part_of_month(y, mo, part)
    unit = W.key_of(_g(m, "unit") or _g(m, "eunit") or "").removeprefix("the ")
    rel = _rel(_g(m, "urel") or _g(m, "erel"))
    if unit in ("الشهر", "month"):
        y, mo = W.shift_month(pub.year, pub.month, rel)
        return W.part_of_month(y, mo, part)
    y = int(_g(m, "py")) if _g(m, "py") else pub.year + rel
    return {"early": (dt.date(y, 1, 1), dt.date(y, 1, 15)), "mid": (dt.date(y, 6, 15), dt.date(y, 7, 15)),
            "late": (dt.date(y, 12, 15), dt.date(y, 12, 31))}[part] + (3,)


def _period(m, ctx):
    unit, rel, pub = W.key_of(_g(m, "unit")), _rel(_g(m, "rel")), ctx.published
    if _g(m, "rel") == "past" and unit == "week":
        return pub - 6 * ONE_DAY, pub, 2
    if unit in ("الاسبوع", "week"):
        start = W.week_start(pub, ctx.language) + rel * 7 * ONE_DAY
        return start, start + 6 * ONE_DAY, 2
    if unit in ("الشهر", "month"):
        return (*W.month(*W.shift_month(pub.year, pub.month, rel)), 3)
    y = pub.year + rel
    return dt.date(y, 1, 1), dt.date(y, 12, 31), 4


def _recent_days(m, ctx):
    return ctx.published - 6 * ONE_DAY, ctx.published, 2


_DAY_WORDS = {"اليوم": 0, "today": 0, "tonight": 0, "this morning": 0, "امس": -1, "البارحه": -1,
              "yesterday": -1, "last night": -1, "الليله الماضيه": -1, "اول امس": -2, "اول من امس": -2,
              "امس الاول": -2, "the day before yesterday": -2, "غدا": 1, "tomorrow": 1}


def _day_word(m, ctx):
    day = ctx.published + _DAY_WORDS[W.key_of(m.group("dw"))] * ONE_DAY
    return day, day, 1


_AGO_UNITS = {"يوم": 1, "ايام": 1, "يوما": 1, "day": 1, "days": 1, "اسبوع": 7, "اسابيع": 7, "week": 7,
              "weeks": 7, "شهر": 30, "اشهر": 30, "شهور": 30, "month": 30, "months": 30, "عام": 365,
              "اعوام": 365, "سنوات": 365, "سنه": 365, "year": 365, "years": 365}
_AGO_DUALS = {"يومين": ("يوم", 2), "اسبوعين": ("اسبوع", 2), "شهرين": ("شهر", 2), "عامين": ("عام", 2),
              "سنتين": ("سنه", 2)}


def _ago(m, ctx):
    unit = W.key_of(_g(m, "unit"))
    if unit in _AGO_DUALS:
        unit, n = _AGO_DUALS[unit]
    elif _g(m, "n"):
        n = parse_number(_g(m, "n")) if _g(m, "n") not in ("a", "an") else 1
    else:
        n = 1
    if not n:
        return None
    size, pub = _AGO_UNITS[unit], ctx.published
    if size == 1:
        day = pub - n * ONE_DAY
        return day, day, 1
    if size == 7:
        centre = pub - 7 * n * ONE_DAY
        return centre - 3 * ONE_DAY, centre + 3 * ONE_DAY, 2
    if size == 30:
        return (*W.month(*W.shift_month(pub.year, pub.month, -n)), 3)
    return dt.date(pub.year - n, 1, 1), dt.date(pub.year - n, 12, 31), 4


def _weekday(m, ctx):
    name = W.key_of(m.group("wd"))
    wd = W.weekday_numbers()[name]
    if name in W.ENGLISH_WEEKDAYS and not _capitalized(ctx, m.start("wd")):
        return None
    tod = _g(m, "tod")
    rel = _rel(_g(m, "rel") or (tod if tod in ("last", "next") else None))
    if name == "الاثنين" and not (_g(m, "yawm") or _g(m, "rel") or _g(m, "tod")):
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


def _year(m, ctx):
    y = int(_g(m, "y"))
    if not 1900 <= y <= ctx.published.year + 5:
        return None
    return dt.date(y, 1, 1), dt.date(y, 12, 31), 4


def _from_hijri(y: int, m: int, d: int) -> dt.date:
    g = Hijri(y, m, d).to_gregorian()
    return dt.date(g.year, g.month, g.day)


def _hijri(m, ctx):
    try:
        hy = int(_g(m, "hy")) if _g(m, "hy") else None
        if _g(m, "hm") is None:
            start = _from_hijri(hy, 1, 1)
            end = _from_hijri(hy, 12, Hijri(hy, 12, 1).month_length())
            return start, end, 4
        hm = W.hijri_month_numbers()[W.key_of(_g(m, "hm"))]
        if hy is None:
            today = Gregorian(ctx.published.year, ctx.published.month, ctx.published.day).to_hijri()
            hy = today.year if (hm, int(_g(m, "hd") or 1)) <= (today.month, today.day) else today.year - 1
        if _g(m, "hd"):
            day = _from_hijri(hy, hm, int(_g(m, "hd")))
            return day, day, 1
        first = Hijri(hy, hm, 1)
        return _from_hijri(hy, hm, 1), _from_hijri(hy, hm, first.month_length()), 3
    except (ValueError, OverflowError, KeyError):
        return None


def _recent_hours(m, ctx):
    return ctx.published - ONE_DAY, ctx.published, 1


# --- patterns (normalised, lowercased text) ------------------------------------------------------

@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str], object], ...]:
    mon = W.month_fragment()
    wd = W.alternation(W.weekday_numbers())
    hm = W.alternation(W.hijri_month_numbers())
    part = W.alternation(W.part_of_period())
    rel = f"{_PAST}|{_NOW}|{_NEXT}"
    hijri_y = r"(?P<hy>1[34]\d\d)(?:\s*(?:ه|هجري|هجريه|للهجره)(?!\w))?"
    hijri_year_words = r"\s+(?:من\s+)?(?:(?:ال)?(?:عام|سنه)\s+)?"
    day_words = "|".join(
        re.escape(w).replace(r"\ ", r"\s+") + (
            r"(?!\s+(?:التالي|نفسه|ذاته|الاول|الثاني|الثالث|الاخير|الوطني|العالمي|الدولي))" if w == "اليوم" else "")
        for w in sorted(_DAY_WORDS, key=len, reverse=True)
    )
    ago_units = W.alternation(list(_AGO_UNITS) + list(_AGO_DUALS))
    specs = [
        ("absolute", rf"(?<![\d/.\-])(?P<iso>)(?P<y>\d{{4}})([-/.])(?P<m>\d{{1,2}})\3(?P<d>\d{{1,2}})(?!\d)", _numeric),
        ("absolute", r"(?<![\d/.\-])(?P<d>\d{1,2})([-/.])(?P<m>\d{1,2})\2(?P<y>\d{4})(?!\d)", _numeric),
        ("absolute", rf"{_DB}(?<![/.\-])(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:من\s+)?(?:شهر\s+)?(?:of\s+)?"
                     rf"(?P<mon>{mon})(?:{_YEAR_WORDS}{_YEAR}|\s+(?:{_PAST}|{_NOW})(?!\w))?(?!\d)", _day_month),
        ("absolute", rf"{_B}{_PRE}(?P<ord>{W.alternation(W.ordinal_days())})\s+من\s+(?:شهر\s+)?"
                     rf"(?P<mon>{mon})(?:{_YEAR_WORDS}{_YEAR}|\s+(?:{_PAST}|{_NOW})(?!\w))?(?!\d)", _day_month),
        ("absolute", rf"{_B}(?P<mon>{mon})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d/])(?:,?\s*{_YEAR})?(?!\d)",
         _day_month),
        ("month", rf"{_B}{_PRE}(?:شهر\s+)?(?P<mon>{mon}){_YEAR_WORDS}{_YEAR}(?!\d)", _month_year),
        ("month", rf"{_B}(?:(?P<ctx>شهر|في|خلال|منذ|حتي|in|since|during|until)\s+|(?P<erel>last|next|this)\s+)?"
                  rf"(?P<mon>{mon})(?:\s+(?P<rel>{rel}))?{_E}", _month_alone),
        ("relative", rf"{_B}{_PRE}(?P<part>{part})(?:-|\s+)(?:من\s+)?(?:"
                     rf"(?:شهر\s+)?(?P<mon>{mon})(?:\s+(?P<mrel>{_PAST}|{_NOW}))?(?:{_YEAR_WORDS}{_YEAR})?"
                     rf"|(?P<unit>الشهر|العام|السنه|(?:the\s+)?month|(?:the\s+)?year)(?:\s+(?P<urel>{rel}))?"
                     rf"|(?P<erel>last|this|next)\s+(?P<eunit>month|year)"
                     rf"|(?:(?:ال)?(?:عام|سنه)\s+)?(?P<py>(?:1[89]|20)\d\d)){_E}", _part),
        ("relative", rf"{_B}{_PRE}(?P<unit>الاسبوع|الشهر|العام|السنه)\s+(?P<rel>{rel}){_E}", _period),
        ("relative", rf"{_B}(?P<rel>هذا|هذه)\s+(?P<unit>الاسبوع|الشهر|العام|السنه){_E}", _period),
        ("relative", rf"{_B}(?:the\s+)?(?P<rel>past|last|this|next|previous|coming)\s+(?P<unit>week|month|year){_E}",
         _period),
        ("relative", rf"{_B}{_PRE}(?:الايام\s+(?:القليله\s+)?(?:الماضيه|الاخيره|المنصرمه|الفايته)"
                     rf"|recent\s+days|the\s+(?:past|last)\s+(?:few\s+)?days){_E}", _recent_days),
        ("relative", rf"{_B}{_PRE}(?:الساعات\s+(?:القليله\s+)?(?:الماضيه|الاخيره|المنصرمه)"
                     rf"|the\s+(?:past|last)\s+(?:24|48|few)\s+hours){_E}", _recent_hours),
        ("relative", rf"{_B}{_PRE}(?P<dw>{day_words}){_E}", _day_word),
        ("relative", rf"{_B}{_PRE}قبل\s+(?:(?P<n>\d+|[^\s\d]+)\s+)?(?P<unit>{ago_units})(?!\w|\s*\d)", _ago),
        ("relative", rf"{_B}(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|several)\s+"
                     rf"(?P<unit>days?|weeks?|months?|years?)\s+ago{_E}", _ago),
        ("weekday", rf"{_B}(?:(?P<yawm>[وف]?[بل]?يوم)\s+|(?P<tod>صباح|مساء|ليل|ليله|فجر|ظهر|عصر|منذ|حتي|on|last|this|next)"
                    rf"\s+)?{_PRE}(?P<wd>{wd})(?:\s+(?P<rel>{_PAST}|{_NEXT}))?{_E}", _weekday),
        ("year", rf"{_B}{_PRE}(?:(?:ال)?(?:عام|سنه)|في|منذ|خلال|حتي|in|since|during|until|the\s+year)\s+{_YEAR}(?!\d)",
         _year),
        ("year", rf"{_DB}(?P<y>(?:1[89]|20)\d\d)\s*م{_E}", _year),
        ("hijri", rf"{_DB}(?P<hd>[0-3]?\d)\s+(?:من\s+)?(?:شهر\s+)?(?P<hm>{hm})(?:{hijri_year_words}{hijri_y})?{_E}",
         _hijri),
        ("hijri", rf"{_B}{_PRE}(?:شهر\s+)?(?P<hm>{hm}){hijri_year_words}{hijri_y}{_E}", _hijri),
        ("hijri", rf"{_B}{_PRE}شهر\s+(?P<hm>{hm}){_E}", _hijri),
        ("hijri", rf"{_DB}(?P<hy>1[34]\d\d)\s*(?:ه|هجري|هجريه|للهجره){_E}", _hijri),
    ]
    return tuple((kind, re.compile(rx), handler) for kind, rx, handler in specs)


@cache
def _trigger_re() -> re.Pattern[str]:
    """Words without which no date pattern can match: digits, month/weekday/Hijri names, keywords."""
    words = (list(W.month_numbers()) + list(W.weekday_numbers()) + list(W.hijri_month_numbers())
             + ["امس", "البارحه", "اليوم", "غدا", "الشهر", "العام", "السنه", "الاسبوع", "الايام", "الساعات",
                "قبل", "yesterday", "today", "tonight", "tomorrow", "night", "morning", "week", "month", "year",
                "days", "hours", "ago"])
    return re.compile(rf"\d+|{W.alternation(words)}")


def _windows(text: str) -> list[tuple[int, int]]:
    """Merged text windows around trigger words, cut at whitespace, where the patterns are run:
    much faster than running ~20 patterns over the whole article."""
    windows: list[tuple[int, int]] = []
    n = len(text)
    for m in _trigger_re().finditer(text):
        lo = max(0, m.start() - 40)
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        hi = min(n, m.end() + 50)
        while hi < n and not text[hi].isspace():
            hi += 1
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def _strip_clitics(text: str, start: int, end: int) -> int:
    """Move the start past attached و/ف/ب/ل letters that precede a word of the expression."""
    m = re.match(r"[وف]?[بل]?(?=(?:ال|يوم|عام|سنه|في|قبل|شهر|مطلع|منتصف|نهايه|بدايه|اواخر|اوايل|امس|غدا))", text[start:end])
    return start + (m.end() if m else 0)


_ANCHORS = (dt.date(2100, 1, 1), dt.date(2100, 7, 1))


def find_dates(text: str, published: dt.date | None, language: str = "ar") -> list[DateMention]:
    """Every date expression in `text`, resolved against `published` (see module docstring).

    Without a publication date only the expressions that do not need one are returned (full dates,
    month + year, years, Hijri dates with a year): those that resolve alike against two far-apart
    anchors."""
    if published is None:
        first, second = (_find_dates(text, anchor, language) for anchor in _ANCHORS)
        return [m for m in first if m in second]
    return _find_dates(text, published, language)


def _find_dates(text: str, published: dt.date, language: str) -> list[DateMention]:
    norm = normalize(text)
    ctx = _Ctx(norm, text, published, language)
    candidates = []
    windows = _windows(norm.text)
    for kind, rx, handler in _patterns():
        for lo, hi in windows:
            for m in rx.finditer(norm.text, lo, hi):
                resolved = handler(m, ctx)
                if resolved is None or resolved[0] is None:
                    continue
                start = _strip_clitics(norm.text, m.start(), m.end())
                candidates.append((start, m.end(), kind, resolved))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    chosen: list[tuple] = []
    for cand in candidates:
        if all(cand[1] <= c[0] or cand[0] >= c[1] for c in chosen):
            chosen.append(cand)
    chosen.sort()
    chosen = _merge_weekday_with_day(norm.text, chosen)
    out = []
    for start, end, kind, (d0, d1, precision) in chosen:
        if d0 <= published < d1:
            d1 = published
        s, e = norm.span_to_original(start, end)
        out.append(DateMention(s, e, d0, d1, precision, kind))
    return out


def _merge_weekday_with_day(text: str, chosen: list[tuple]) -> list[tuple]:
    """"السبت 18 شباط" / "Saturday, Feb. 18": one absolute mention starting at the weekday."""
    out: list[tuple] = []
    for cand in chosen:
        if (out and out[-1][2] == "weekday" and cand[2] == "absolute"
                and re.fullmatch(r"[\s,،]*", text[out[-1][1]:cand[0]])):
            cand = (out.pop()[0], *cand[1:])
        out.append(cand)
    return out


def publication_date_in_text(text: str) -> dt.date | None:
    """A full date (with a year) standing on its own short line near the end or the start of an
    article ("18/02/2023", "السبت 18 شباط 2023", "Published: Feb. 18, 2023"), else None."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    today = dt.date.today()
    for line in list(reversed(lines[-6:])) + lines[:6]:
        if len(line) > 80:
            continue
        for mention in find_dates(line, today, "ar"):
            matched = normalize(line[mention.start:mention.end]).text
            if mention.time_precision == 1 and mention.kind == "absolute" and re.search(r"\d{4}", matched):
                if mention.date_start <= today:
                    return mention.date_start
    return None

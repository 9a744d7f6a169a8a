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
  غدا/tomorrow = +1; "قبل 3 أيام"/"3 days ago" = -3 (weeks: precision 2, months 3, years 4);
  "قبل أيام"/"منذ أيام"/"قبل عدة أيام"/"days ago" = 2-7 days before (precision 2).
- الأسبوع الماضي / last week = the previous calendar week (precision 2); هذا الأسبوع = this week so far;
  الأيام الماضية / in recent days = the 7 days up to publication (precision 2).
- الشهر الماضي / last month = the previous calendar month (3); العام الماضي / last year (4).
- part of a period (مطلع/منتصف/نهاية/أواخر..., early/mid/late/the end of): of a month -> days 1-10,
  11-20, 21-end (precision 2); of a year -> Jan 1-15, Jun 15-Jul 15, Dec 15-31 (precision 3).
- day + month (Levantine, Gregorian Arabic, Maghrebi or English names, also paired "كانون الأول/ديسمبر";
  the day in digits or Arabic ordinals "الخامس من آذار") with a year: that day; without (or with
  الماضي): the latest such day on or before publication (precision 1). "التاسع من الشهر الجاري" /
  "9 من الشهر الماضي": that day of the current / previous month.
- month + year -> the month (3); a month alone after في/خلال/شهر/in/since... or with الماضي/last ->
  the latest such month on or before publication (strictly before with الماضي) (3).
- a year after عام/سنة/في/منذ/in/since... or followed by م -> the year (4); years before 1900 ignored.
- numeric dates: day first (18/02/2023, 18-2-2023, 18.02.2023) unless the month would exceed 12;
  ISO 2023-02-18 (1).
- Hijri: "15 رمضان 1444 هـ" (1), "رمضان 1444" (3), "1444 هـ" (4), converted with hijridate.
Overlapping candidates: the longest wins; a weekday right before its date merges into it.
With published=None only the expressions that need no anchor are returned.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from etl.text import date_resolve as R
from etl.text import date_words as W
from etl.text.normalize import normalize


@dataclass(frozen=True)
class DateMention:
    start: int  # in the original text
    end: int
    date_start: dt.date
    date_end: dt.date
    time_precision: int
    kind: str  # absolute weekday relative month year hijri


# --- patterns (normalised, lowercased text) ------------------------------------------------------

@cache
def _patterns() -> tuple[tuple[str, frozenset[str], str, object], ...]:
    """(kind, trigger categories of which one must be in the window, regex source, resolver). Each
    regex is compiled when a text first needs it (`_compiled`): most articles have no Hijri date."""
    mon = W.month_fragment()
    wd = W.alternation(W.weekday_numbers())
    hm = W.alternation(W.hijri_month_numbers())
    part = W.alternation(W.part_of_period())
    rel = f"{R.PAST}|{R.NOW}|{R.NEXT}"
    hijri_y = r"(?P<hy>1[34]\d\d)(?:\s*(?:ه|هجري|هجريه|للهجره)(?!\w))?"
    hijri_year_words = r"\s+(?:من\s+)?(?:(?:ال)?(?:عام|سنه)\s+)?"
    day_words = "|".join(
        re.escape(w).replace(r"\ ", r"\s+") + (
            r"(?!\s+(?:التالي|نفسه|ذاته|الاول|الثاني|الثالث|الاخير|الوطني|العالمي|الدولي))" if w == "اليوم" else "")
        for w in sorted(R.DAY_WORDS, key=len, reverse=True)
    )
    ago_units = W.alternation(list(R.AGO_UNITS) + list(R.AGO_DUALS))
    specs = [
        ("absolute", "D", rf"(?<![\d/.\-])(?P<iso>)(?P<y>\d{{4}})([-/.])(?P<m>\d{{1,2}})\3(?P<d>\d{{1,2}})(?!\d)", R.numeric),
        ("absolute", "D", r"(?<![\d/.\-])(?P<d>\d{1,2})([-/.])(?P<m>\d{1,2})\2(?P<y>\d{4})(?!\d)", R.numeric),
        ("absolute", "M", rf"{R.DB}(?<![/.\-])(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:من\s+)?(?:شهر\s+)?(?:of\s+)?"
                     rf"(?P<mon>{mon})(?:{R.YEAR_WORDS}{R.YEAR}|\s+(?:{R.PAST}|{R.NOW})(?!\w))?(?!\d)", R.day_month),
        ("absolute", "M", rf"{R.B}{R.PRE}(?P<ord>{W.alternation(W.ordinal_days())})\s+من\s+(?:شهر\s+)?"
                     rf"(?P<mon>{mon})(?:{R.YEAR_WORDS}{R.YEAR}|\s+(?:{R.PAST}|{R.NOW})(?!\w))?(?!\d)", R.day_month),
        ("absolute", "U", rf"{R.DB}(?:(?P<d>[0-3]?\d)|(?P<ord>{W.alternation(W.ordinal_days())}))\s+من\s+(?:هذا\s+|ذات\s+|نفس\s+)?"
                     rf"الشهر(?:\s+(?P<rel>{R.PAST}|{R.NOW}))?{R.E}", R.day_of_month),
        ("absolute", "M", rf"{R.B}(?P<mon>{mon})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d/])(?:,?\s*{R.YEAR})?(?!\d)",
         R.day_month),
        ("month", "M", rf"{R.B}{R.PRE}(?:شهر\s+)?(?P<mon>{mon}){R.YEAR_WORDS}{R.YEAR}(?!\d)", R.month_year),
        ("month", "M", rf"{R.B}(?:(?P<ctx>شهر|في|خلال|منذ|حتي|in|since|during|until)\s+|(?P<erel>last|next|this)\s+)?"
                  rf"(?P<mon>{mon})(?:\s+(?P<rel>{rel}))?{R.E}", R.month_alone),
        ("relative", "MUD", rf"{R.B}{R.PRE}(?P<part>{part})(?:-|\s+)(?:من\s+)?(?:"
                     rf"(?:شهر\s+)?(?P<mon>{mon})(?:\s+(?P<mrel>{R.PAST}|{R.NOW}))?(?:{R.YEAR_WORDS}{R.YEAR})?"
                     rf"|(?P<unit>الشهر|العام|السنه|(?:the\s+)?month|(?:the\s+)?year)(?:\s+(?P<urel>{rel}))?"
                     rf"|(?P<erel>last|this|next)\s+(?P<eunit>month|year)"
                     rf"|(?:(?:ال)?(?:عام|سنه)\s+)?(?P<py>(?:1[89]|20)\d\d)){R.E}", R.part),
        ("relative", "U", rf"{R.B}{R.PRE}(?P<unit>الاسبوع|الشهر|العام|السنه)\s+(?P<rel>{rel}){R.E}", R.period),
        ("relative", "U", rf"{R.B}(?P<rel>هذا|هذه)\s+(?P<unit>الاسبوع|الشهر|العام|السنه){R.E}", R.period),
        ("relative", "U", rf"{R.B}(?:the\s+)?(?P<rel>past|last|this|next|previous|coming)\s+(?P<unit>week|month|year){R.E}",
         R.period),
        ("relative", "R", rf"{R.B}{R.PRE}(?:الايام\s+(?:القليله\s+)?(?:الماضيه|الاخيره|المنصرمه|الفايته)"
                     rf"|recent\s+days|the\s+(?:past|last)\s+(?:few\s+)?days){R.E}", R.recent_days),
        ("relative", "S", rf"{R.B}{R.PRE}(?:الساعات\s+(?:القليله\s+)?(?:الماضيه|الاخيره|المنصرمه)"
                     rf"|the\s+(?:past|last)\s+(?:24|48|few)\s+hours){R.E}", R.recent_hours),
        ("relative", "Y", rf"{R.B}{R.PRE}(?P<dw>{day_words}){R.E}", R.day_word),
        ("relative", "A", rf"{R.B}{R.PRE}(?:قبل|منذ)\s+(?:(?P<n>\d+|[^\s\d]+)\s+)?(?P<unit>{ago_units})(?!\w|\s*\d)", R.ago),
        ("relative", "A", rf"{R.B}(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|several)?\s*"
                     rf"(?P<unit>days?|weeks?|months?|years?)\s+ago{R.E}", R.ago),
        ("weekday", "W", rf"{R.B}(?:(?P<yawm>[وف]?[بل]?يوم)\s+|(?P<tod>صباح|مساء|ليل|ليله|فجر|ظهر|عصر|منذ|حتي|on|last|this|next)"
                    rf"\s+)?{R.PRE}(?P<wd>{wd})(?:\s+(?P<rel>{R.PAST}|{R.NEXT}))?{R.E}", R.weekday),
        ("year", "D", rf"{R.B}{R.PRE}(?:(?:ال)?(?:عام|سنه)|في|منذ|خلال|حتي|in|since|during|until|the\s+year)\s+{R.YEAR}(?!\d)",
         R.year),
        ("year", "D", rf"{R.DB}(?P<y>(?:1[89]|20)\d\d)\s*م{R.E}", R.year),
        ("hijri", "H", rf"{R.DB}(?P<hd>[0-3]?\d)\s+(?:من\s+)?(?:شهر\s+)?(?P<hm>{hm})(?:{hijri_year_words}{hijri_y})?{R.E}",
         R.hijri),
        ("hijri", "H", rf"{R.B}{R.PRE}(?:شهر\s+)?(?P<hm>{hm}){hijri_year_words}{hijri_y}{R.E}", R.hijri),
        ("hijri", "H", rf"{R.B}{R.PRE}شهر\s+(?P<hm>{hm}){R.E}", R.hijri),
        ("hijri", "D", rf"{R.DB}(?P<hy>1[34]\d\d)\s*(?:ه|هجري|هجريه|للهجره){R.E}", R.hijri),
    ]
    return tuple((kind, frozenset(needs), rx, handler) for kind, needs, rx, handler in specs)


@cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)


_TRIGGER_WORDS = {
    "Y": "امس البارحه اليوم الليله غدا yesterday today tonight tomorrow night morning",
    "U": "الشهر العام السنه الاسبوع week weeks month months year years",
    "R": "الايام days", "S": "الساعات hours", "A": "قبل منذ ago",
}


@cache
def _trigger_re() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """Words without which no date pattern can match, by category: D four digits (every pattern that
    needs digits holds a year or a Hijri year), M month, W weekday, H Hijri month, Y day words, U period
    units, R days, S hours, A ago. (regex, word -> its categories): one trie for every word, so the
    scan tries one branch per character."""
    words = {"M": list(W.month_numbers()), "W": list(W.weekday_numbers()), "H": list(W.hijri_month_numbers())}
    words.update({k: v.split() for k, v in _TRIGGER_WORDS.items()})
    categories: dict[str, set[str]] = {}
    for category, listed in words.items():
        for word in listed:
            categories.setdefault(" ".join(word.split()), set()).add(category)
    regex = re.compile(rf"(?<!\d)(?P<D>\d{{4}})(?!\d)|(?<![^\W\dوفبلك])(?P<w>{W.alternation(categories)})(?!\w)")
    return regex, {word: tuple(sorted(found)) for word, found in categories.items()}


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """Text windows around trigger words, cut at whitespace and merged, per trigger category: a pattern
    runs only near one of its own triggers. Much faster than ~25 patterns over the whole article."""
    windows: dict[str, list[tuple[int, int]]] = {}
    n = len(text)
    regex, categories = _trigger_re()
    for m in regex.finditer(text):
        lo = max(0, m.start() - 40)
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        hi = min(n, m.end() + 50)
        while hi < n and not text[hi].isspace():
            hi += 1
        word = m.group("w")
        for category in ("D",) if word is None else categories[" ".join(word.split())]:
            spans = windows.setdefault(category, [])
            if spans and lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], hi)
            else:
                spans.append((lo, hi))
    return windows


def _union(windows: dict[str, list[tuple[int, int]]], needs: frozenset[str]) -> list[tuple[int, int]]:
    """The windows of any of the `needs` categories, overlapping ones merged."""
    spans = sorted(span for category in needs for span in windows.get(category, ()))
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def _strip_clitics(text: str, start: int, end: int) -> int:
    """Move the start past attached و/ف/ب/ل letters that precede a word of the expression."""
    m = re.match(r"[وف]?[بل]?(?=(?:ال|يوم|عام|سنه|في|قبل|شهر|مطلع|منتصف|نهايه|بدايه|اواخر|اوايل|امس|غدا))", text[start:end])
    return start + (m.end() if m else 0)


# two anchors years apart: any expression that needs an anchor (a weekday, a yearless day and month, "last
# year") resolves differently against them
_ANCHORS = (dt.date(2100, 1, 1), dt.date(2102, 12, 31))


def find_dates(text: str, published: dt.date | None, language: str = "ar") -> list[DateMention]:
    """Every date expression in `text`, resolved against `published` (see module docstring).

    Without a publication date only the expressions that do not need one are returned (full dates,
    month + year, years, Hijri dates with a year): those that resolve alike against two far-apart
    anchors."""
    if published is None:
        first, second = (_find_dates(text, anchor, language) for anchor in _ANCHORS)
        return [m for m in first if m in second]
    return _find_dates(text, published, language)


_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)([/_-])(\d{1,2})\2(\d{1,2})(?!\d)")


def date_in_url(url: str | None) -> dt.date | None:
    """The publication date many sites put in an article's path (/2015/2/24/, /2019-03-02-...)."""
    for m in _URL_DATE.finditer(url or ""):
        try:
            return dt.date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            continue
    return None


def _resolved_candidates(norm, text: str, anchor: dt.date, language: str,
                         kinds: tuple[str, ...] | None = None) -> list[tuple]:
    """(start, end, kind, (date_start, date_end, precision)) of every pattern match (of `kinds`) that
    resolves against `anchor`, in normalised coordinates (clitics stripped from the start)."""
    ctx = R.Ctx(norm, text, anchor, language)
    candidates = []
    windows = _windows(norm.text)
    unions: dict[frozenset[str], list[tuple[int, int]]] = {}
    for kind, needs, source, handler in _patterns():
        if kinds is not None and kind not in kinds:
            continue
        if needs not in unions:
            unions[needs] = _union(windows, needs)
        spans = unions[needs]
        if not spans:
            continue
        rx = _compiled(source)
        for lo, hi in spans:
            for m in rx.finditer(norm.text, lo, hi):
                try:
                    resolved = handler(m, ctx)
                except (OverflowError, ValueError):  # "yesterday" of 0001-01-01, "tomorrow" of 9999-12-31
                    continue
                if resolved is None or resolved[0] is None:
                    continue
                candidates.append((_strip_clitics(norm.text, m.start(), m.end()), m.end(), kind, resolved))
    return candidates


def _find_dates(text: str, published: dt.date, language: str) -> list[DateMention]:
    norm = normalize(text)
    candidates = _resolved_candidates(norm, text, published, language)
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    chosen: list[tuple] = []
    taken = bytearray(len(norm.text) + 1)  # characters a longer candidate already holds
    for cand in candidates:
        if taken.find(1, cand[0], cand[1]) == -1:
            chosen.append(cand)
            taken[cand[0]:cand[1]] = b"\x01" * (cand[1] - cand[0])
    chosen.sort()
    chosen = _merge_weekday_with_day(norm.text, chosen)
    out = []
    for start, end, kind, (d0, d1, precision) in chosen:
        shift = _day_shift(norm.text, start) if precision == 1 else 0
        if shift:  # "غداة يوم الجمعة" is the Saturday, "عشية 25 آذار" the 24th
            try:
                d0 = d1 = min(d0 + dt.timedelta(days=shift), published)
            except OverflowError:
                pass
        if d0 <= published < d1:
            d1 = published
        s, e = norm.span_to_original(start, end)
        out.append(DateMention(s, e, d0, d1, precision, kind))
    return out


_DAY_AFTER = re.compile(r"(?:غداه|the\s+day\s+after)\s+$")
_DAY_BEFORE = re.compile(r"(?:عشيه|(?:on\s+)?the\s+eve\s+of)\s+$")


def _day_shift(text: str, start: int) -> int:
    """+1 after "غداة" / "the day after", -1 after "عشية" / "the eve of", else 0."""
    before = text[max(0, start - 20):start]
    return 1 if _DAY_AFTER.search(before) else -1 if _DAY_BEFORE.search(before) else 0


def _merge_weekday_with_day(text: str, chosen: list[tuple]) -> list[tuple]:
    """"السبت 18 شباط" / "Saturday, Feb. 18": one absolute mention starting at the weekday."""
    out: list[tuple] = []
    for cand in chosen:
        if (out and out[-1][2] == "weekday" and cand[2] == "absolute"
                and re.fullmatch(r"[\s,،]*", text[out[-1][1]:cand[0]])):
            cand = (out.pop()[0], *cand[1:])
        out.append(cand)
    return out


def weekday_dated_day(text: str, before: dt.date, language: str = "ar") -> dt.date | None:
    """An undated article's "الثلاثاء 11 أيلول" / "Tuesday, Sept. 11" names its year: the latest year (up
    to `before`'s) in which that day and month fall on that weekday. The latest such day, or None."""
    norm = normalize(text)
    found: list[dt.date] = []
    candidates = sorted(_resolved_candidates(norm, text, before, language, ("weekday", "absolute")))
    for (s1, e1, k1, r1), (s2, e2, k2, r2) in zip(candidates, candidates[1:]):
        between = norm.text[e1:s2]
        if k1 != "weekday" or k2 != "absolute" or not re.fullmatch(r"[\s,،]*(?:\S+[\s,،]+)?", between):
            continue
        if re.search(r"\d{4}", norm.text[s2:e2]) or r2[0] != r2[1] and r2[2] != 1:
            continue  # the date has its year, or is not one day
        weekday, day = r1[0].weekday(), r2[0]
        for year in range(before.year, before.year - 40, -1):
            try:
                candidate = day.replace(year=year)
            except ValueError:
                continue
            if candidate <= before and candidate.weekday() == weekday:
                found.append(candidate)
                break
    return max(found) if found else None


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

"""Counts in Arabic and English news: digits, number words, duals and ACLED vague amounts.

`find_numbers(text, language)` returns NumberMention spans in the ORIGINAL text (the text is normalised
first, so hamza/alef/taa-marbuta spellings and Arabic-Indic digits all work). Both languages are always
searched (Arabic articles quote English numbers and vice versa); `language` is kept for the contract.

- digits: 210, ٢١٠, 5,000, ٥٬٠٠٠, "5 آلاف" / "1.5 million" (digit + multiplier). Digits that are part of
  a numeric date, a time or a range (18/02/2023, 10:30, 10-15) and bare decimals (2.5) are not counts;
  nor is a number followed by a unit of percentage, money, distance, clock time or duration
  ("50%", "5 دولار", "10 كلم", "3 أيام", "20 عاما", "5 years") or preceded by الساعة / $ / No. / رقم.
- Arabic words: units, teens (احد عشر ... تسعة عشر), tens, hundreds (مئة/مائة, مئتين, ثلاثمئة, ثلاث مئة),
  thousands (ألف, ألفين, خمسة آلاف) and millions, compounds joined by و (مئتين وعشرة, خمسة وعشرين,
  ثلاثة آلاف وخمسمئة). A compound is only continued when the order is grammatical, so "ثلاثة وخمسة"
  stays two numbers. Prefixes: و/ف on any word; ب/ل/ك only on words of 4+ letters ("لست" is not 6).
- Arabic duals: a noun from a curated list of countable nouns whose plural is NOT the sound ين form
  (عنصر→عنصرين, جندي→جنديين, شخص, طفل, سيارة→سيارتين, يوم→يومين ...) with the dual ending ين/ان is 2,
  unless a number word or digit directly precedes it (then that number is the count) — an "اثنين"
  right after it is absorbed into the same mention. Nouns whose dual and plural are spelt alike
  (مقاتلين, مدنيين, مسلحين) are never read as duals.
- English words: one..nineteen, twenty..ninety, hundred, thousand, million, "a hundred", "a dozen",
  "two hundred and ten", "twenty-five".
- ACLED vague amounts (vague=True): عدة/بضعة/عدد من/several/a few/a number of = 3,
  عشرات/dozens/scores/tens of = 12, مئات/hundreds = 100, آلاف/thousands = 1000 (also with ال: المئات);
  combined: عشرات الآلاف / tens of thousands = 12000, several hundred = 300, بضع عشرات / a few dozen = 12.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from etl.text.normalize import normalize, normalize_key, trie_regex

_AR_UNITS = {
    1: "واحد واحدة أحد إحدى", 2: "اثنان اثنين اثنتين اثنتان اثنا اثني اثنتا اثنتي", 3: "ثلاثة ثلاث",
    4: "أربعة أربع", 5: "خمسة خمس", 6: "ستة ست", 7: "سبعة سبع", 8: "ثمانية ثماني ثمان", 9: "تسعة تسع",
}
_AR_TEN = "عشرة عشر"
_AR_TENS = {
    20: "عشرون عشرين", 30: "ثلاثون ثلاثين", 40: "أربعون أربعين", 50: "خمسون خمسين", 60: "ستون ستين",
    70: "سبعون سبعين", 80: "ثمانون ثمانين", 90: "تسعون تسعين",
}
_AR_HUNDREDS = {
    100: "مئة مائة ميه", 200: "مئتين مائتين مئتان مائتان مئتي مائتي", 300: "ثلاثمئة ثلاثمائة",
    400: "أربعمئة أربعمائة", 500: "خمسمئة خمسمائة", 600: "ستمئة ستمائة", 700: "سبعمئة سبعمائة",
    800: "ثمانمئة ثمانمائة ثمانيمئة", 900: "تسعمئة تسعمائة",
}
_AR_MULT = {  # word -> (multiplier, own value when standing alone or None if it needs a count)
    "ألف": (1000, 1000), "ألفا": (1000, 1000), "ألفاً": (1000, 1000), "ألفين": (1000, 2000),
    "ألفان": (1000, 2000), "آلاف": (1000, None), "مليون": (10**6, 10**6), "مليونا": (10**6, 10**6),
    "مليونين": (10**6, 2 * 10**6), "ملايين": (10**6, None), "مليار": (10**9, 10**9), "مليارات": (10**9, None),
}
_AR_VAGUE = {
    3: "عدة بضعة بضع", 12: "عشرات", 100: "مئات", 1000: "آلاف",
}
_AR_DUAL_NOUNS = (
    "عنصر جندي شخص طفل رجل امرأة فتاة شاب عامل ضابط شرطي حارس قائد زعيم أمير سجين أسير عضو شقيق ابن ولد"
    " مسعف صبي هجوم تفجير انفجار سيارة عبوة طائرة مسيرة صاروخ قذيفة لغم مقر حاجز منزل قتيل جريح"
)
_EN_UNITS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
    " seventeen eighteen nineteen"
).split()
_EN_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_EN_MULT = {"thousand": 1000, "million": 10**6, "billion": 10**9}
_EN_VAGUE = {
    "several": 3, "a few": 3, "a number of": 3, "dozens": 12, "scores": 12, "tens of": 12,
    "hundreds": 100, "thousands": 1000,
}


@dataclass(frozen=True)
class NumberMention:
    start: int  # in the original text
    end: int
    value: int
    vague: bool = False


@dataclass(frozen=True)
class _Tok:
    start: int  # normalised coordinates, prefix included
    word_start: int  # where the number word itself starts (after و/ب/ال...)
    end: int
    kind: str  # unit ten tens hund mult vague dual digit dec
    value: float
    conj: bool  # joined to the previous word by و / and
    multiplier: int = 0


@cache
def _word_table() -> dict[str, tuple[str, int, int]]:
    """normalised word -> (kind, value, multiplier)."""
    table: dict[str, tuple[str, int, int]] = {}

    def add(words: str, kind: str, value: int, mult: int = 0) -> None:
        for w in words.split():
            table.setdefault(normalize_key(w), (kind, value, mult))

    for value, words in _AR_UNITS.items():
        add(words, "unit", value)
    add(_AR_TEN, "ten", 10)
    for value, words in _AR_TENS.items():
        add(words, "tens", value)
    for value, words in _AR_HUNDREDS.items():
        add(words, "hund", value)
    for word, (mult, own) in _AR_MULT.items():
        table[normalize_key(word)] = ("mult", own or 0, mult)
    for value, words in _AR_VAGUE.items():
        add(words, "vague", value)
    for i, w in enumerate(_EN_UNITS, 1):
        table[w] = ("unit", i, 0)
    for i, w in enumerate(_EN_TENS, 2):
        table[w] = ("tens", i * 10, 0)
    table["hundred"] = ("hund", 100, 0)
    table["dozen"] = ("unit", 12, 0)
    for w, m in _EN_MULT.items():
        table[w] = ("mult", m, m)
    for w, v in _EN_VAGUE.items():
        table[w] = ("vague", v, 0)
    table["عدد من"] = ("vague", 3, 0)
    return table


@cache
def _dual_forms() -> frozenset[str]:
    forms = set()
    for noun in _AR_DUAL_NOUNS.split():
        stem = normalize_key(noun)
        stem = stem[:-1] + "ت" if stem.endswith("ه") else stem
        forms.update((stem + "ين", stem + "ان"))
    return frozenset(forms)


@cache
def _token_re() -> re.Pattern[str]:
    alt = trie_regex(_word_table())
    duals = trie_regex(_dual_forms())
    # the characters a count can start with: the scan skips every other position at once
    first = "".join(sorted({w[0] for w in (*_word_table(), *_dual_forms())} | set("وفابلك")))
    return re.compile(
        rf"(?=[\d{re.escape(first)}])"
        r"(?:(?<![\d.,])(?P<num>\d+(?:[.,]\d+)*)(?!\d|[/:\-]\d)"
        rf"|(?<!\w)(?P<pre>(?:و\s?|ف|and\s+|a\s+)?(?:[بلك](?=\w{{4}}))?(?:ال)?)(?P<word>{alt})(?!\w)"
        rf"|(?<!\w)(?P<dpre>(?:[وف]?[بلك]?)(?:ال)?)(?P<dual>{duals})(?!\w))"
    )


def _tokens(norm: str) -> list[_Tok]:
    table = _word_table()
    toks: list[_Tok] = []
    for m in _token_re().finditer(norm):
        start, end = m.start(), m.end()
        if m.group("num") is not None:
            s = m.group("num")
            if start >= 2 and norm[start - 1] in "/:-" and norm[start - 2].isdigit():
                continue  # part of a date, a time or a range
            if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", s):
                toks.append(_Tok(start, start, end, "digit", int(s.replace(",", "")), False))
            elif re.fullmatch(r"\d+\.\d+", s):
                toks.append(_Tok(start, start, end, "dec", float(s), False))
            continue
        if m.group("dual") is not None:
            conj = m.group("dpre")[:1] in ("و", "ف")
            toks.append(_Tok(start, m.start("dual"), end, "dual", 2, conj))
            continue
        pre = m.group("pre")
        word = re.sub(r"\s+", " ", m.group("word"))
        word_start = m.start("word")
        if pre and pre + word in table:  # "واحد" is one word, not و + احد
            word, pre, word_start = pre + word, "", start
        kind, value, mult = table[word]
        if pre.endswith("ال") and kind not in ("vague", "mult"):
            continue  # الخمسة is rarely a count; الاثنين / الاحد are weekdays
        if pre.startswith("a ") and not (kind in ("hund", "mult") or word == "dozen"):
            continue
        if word == "one" and re.search(r"\bno\s+$", norm[max(0, start - 4):start]):
            continue  # "no one was hurt"
        if kind == "mult" and value == 0:  # آلاف / ملايين with no count before it
            kind, value = "plural_mult", mult
        word_start -= 2 if pre.endswith("ال") else 0  # keep ال: المئات
        if word in ("احد", "احدي"):
            kind = "ahad"  # only a number inside احد عشر; alone it is "anyone" / "one of"
        toks.append(_Tok(start, word_start, end, kind, value, pre.startswith(("و", "ف", "and")), mult))
    return toks


def _adjacent(norm: str, a: _Tok, b: _Tok, allow_of: bool = False) -> bool:
    gap = norm[a.end:b.start]
    if allow_of:
        gap = re.sub(r"\bof\b", "", gap)
    return len(gap) <= 4 and gap.strip(" -\t") == ""


def _combine(norm: str, toks: list[_Tok], i: int) -> tuple[int, int, bool] | None:
    """Parse the number starting at toks[i]: (index after it, value, vague) or None (not a count)."""
    tok = toks[i]
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    joined = nxt is not None and not nxt.conj and _adjacent(norm, tok, nxt, allow_of=tok.kind == "vague")
    if tok.kind in ("vague", "plural_mult"):
        if joined and nxt.kind in ("plural_mult", "vague", "mult") and nxt.multiplier + nxt.value >= 1000:
            return i + 2, int(tok.value * max(nxt.value, nxt.multiplier)), True  # عشرات الآلاف, several thousand
        if joined and nxt.kind == "hund" and nxt.value == 100:
            return i + 2, int(tok.value * 100), True  # several hundred
        if joined and (nxt.kind == "vague" or (nxt.kind == "unit" and nxt.value == 12)):
            return i + 2, int(nxt.value), True  # بضع عشرات / a few dozen: dozens
        return i + 1, int(tok.value), True
    if tok.kind == "dual":
        if i > 0 and toks[i - 1].kind != "dual" and _adjacent(norm, toks[i - 1], tok):
            return None  # a number before it is the count
        if joined and nxt.kind == "unit" and nxt.value == 2:
            return i + 2, 2, False
        return i + 1, 2, False
    if tok.kind in ("digit", "dec"):
        if joined and nxt.kind in ("mult", "plural_mult"):
            return i + 2, int(round(tok.value * nxt.multiplier)), False
        return (i + 1, int(tok.value), False) if tok.kind == "digit" else None
    total = h = u = t = 0
    last = ""
    j = i
    while j < len(toks):
        k = toks[j]
        if j > i and not _adjacent(norm, toks[j - 1], k):
            break
        first = j == i
        after_group = k.conj and (h > 0 or last == "mult") and u == 0 and t == 0
        if k.kind == "ahad" and first:
            u = 1
        elif k.kind == "unit" and (first or after_group or (last == "tens" and u == 0 and not k.conj)):
            u = int(k.value)
        elif k.kind == "ten" and last in ("unit", "ahad") and not k.conj and u < 10:
            u += 10
        elif k.kind == "ten" and (first or after_group):
            u = 10
        elif k.kind == "tens" and t == 0 and u < 10 and (first or (k.conj and (u > 0 or h > 0 or last == "mult"))):
            t = int(k.value)
        elif k.kind == "hund" and last == "unit" and not k.conj and h == 0 and t == 0 and u < 10:
            h, u = u * 100, 0
        elif k.kind == "hund" and (first or (k.conj and last == "mult")):
            h = int(k.value)
        elif k.kind == "mult" and first:
            total = int(k.value)
        elif k.kind in ("mult", "plural_mult") and not k.conj and last in ("unit", "ten", "tens", "hund"):
            if k.kind == "mult" and k.value != k.multiplier:  # ألفين after a count: not a compound
                break
            total, h, u, t = total + (h + u + t) * k.multiplier, 0, 0, 0
            last = "mult"
            j += 1
            continue
        else:
            break
        last = k.kind
        j += 1
    if last == "ahad":
        return None
    return j, total + h + u + t, False


def _parse_all(norm: str) -> list[tuple[int, int, int, bool]]:
    """(start, end, value, vague) in normalised coordinates."""
    toks = _tokens(norm)
    out = []
    i = 0
    while i < len(toks):
        parsed = _combine(norm, toks, i)
        if parsed is None:
            i += 1
            continue
        j, value, vague = parsed
        start, end = toks[i].word_start, toks[j - 1].end
        if not (_NOT_COUNT_AFTER().match(norm, end) or _NOT_COUNT_BEFORE().search(norm[max(0, start - 8):start])):
            out.append((start, end, value, vague))
        i = j
    return out


@cache
def _NOT_COUNT_AFTER() -> re.Pattern[str]:  # noqa: N802 - a cached constant
    """Units after a number that make it a percentage, money, a distance, a time or a duration."""
    return re.compile(
        r"[\s-]*(?:%|(?:في\s+|ب)ال(?:ميه|مايه)|per\s*cent|percent"
        r"|دولار|يورو|ليره|ليرات|جنيه|دينار|درهم|ريال|dollars?|euros?|pounds?|\$"
        r"|كيلو|كلم|كم|متر|امتار|ميل|km|kilomet|miles?|met(?:er|re)s?"
        r"|صباحا|مساء|ظهرا|عصرا|ليلا|بتوقيت|a\.?m\b|p\.?m\b|gmt|utc"
        r"|دقيقه|دقايق|ساعه|ساعات|يوما|ايام|اسبوعا|اسابيع|شهرا|اشهر|شهور|عاما|اعوام|سنه|سنوات"
        r"|minutes?|hours?|days?|weeks?|months?|years?)(?!\w)"
    )


@cache
def _NOT_COUNT_BEFORE() -> re.Pattern[str]:  # noqa: N802 - a cached constant
    return re.compile(r"(?:الساعه|[$€£]|us\$|no\.|رقم)\s*$")


def find_numbers(text: str, language: str = "ar") -> list[NumberMention]:
    """Every count in `text` (see module docstring), spans in the original text, in order."""
    norm = normalize(text)
    out = []
    for start, end, value, vague in _parse_all(norm.text):
        s, e = norm.span_to_original(start, end)
        out.append(NumberMention(s, e, value, vague))
    return out


def parse_number(words: str) -> int | None:
    """The value of a whole number expression ("خمسة آلاف", "210", "two hundred and ten",
    "عشرات" -> 12), or None if `words` is not exactly one number."""
    norm = normalize_key(words)
    if not norm:
        return None
    parsed = _parse_all(norm)
    if len(parsed) != 1:
        return None
    start, end, value, _vague = parsed[0]
    if norm[:start].strip() not in ("", "و", "ف", "a", "and") or norm[end:].strip():
        return None
    return value

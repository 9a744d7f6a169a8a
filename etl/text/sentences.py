"""Sentence and clause splitting for Arabic and English news, as (start, end) spans in the text.

Rules (general, not fitted to one article):

Arabic: a sentence ends at ؟ ? ! ؛ (any run of them), at a full stop or an ellipsis, and at every newline.
A full stop also ends a sentence when no space follows ("السورية.والاثنين"), except between digits
("2.5"), inside a web name ("العربية.نت", "example.com"), after a single letter ("أ.ف.ب", "د.محمد")
and after the titles د. / أ. followed by a name. Latin text inside Arabic follows the same rules.

English: a sentence ends at . ! ? (with closing quotes/brackets kept in the sentence) followed by
space and a capital, digit or quote, or by the end of text; not after titles and common abbreviations
("Mr.", "Gen.", "Dec.", "e.g."), single initials ("J. Smith"), or dotted acronyms ("U.S.") unless the
next word is a usual sentence opener ("U.S. The ..."). "word.Next" without a space is split when a
lowercase letter precedes the stop. A blank line always ends a sentence; a single newline does unless
the next line starts with a lowercase letter (hard-wrapped text).

Spans are trimmed of whitespace; spans without any letter or digit are dropped.
`split_clauses(text, start, end)` cuts a sentence at ، , ; ؛ (never a comma between digits: 5,000).
"""

from __future__ import annotations

import re
from functools import cache

_EN_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt cpt sgt cmdr adm brig gov sen rep st jr sr rev hon pres
    no nos vs etc al approx dept est fig inc ltd co corp bros mt ft
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    e.g i.e a.m p.m""".split()
)
_EN_OPENERS = frozenset(
    """the a an it he she they we i in on at but and this that these those there according however
    meanwhile after before when while if his her their its our officials police""".split()
)
_AR_TITLES = frozenset({"د", "أ", "ا"})  # د. (doctor), أ. (professor)
_WEB_SUFFIX = re.compile(r"(?:نت|كوم|com|net|org|gov|info|io|uk|fr|de|ly|sy|iq|tv)\b", re.IGNORECASE)


@cache
def _boundary_re() -> re.Pattern[str]:
    # A run of terminators with trailing closing quotes/brackets, or a newline run.
    return re.compile(r"(?:\.{2,}|…|[.!?؟؛]+)[\"'”’»)\]]*|\n\s*")


def _prev_word(text: str, dot: int) -> str:
    """The run of word characters and dots right before `dot` (at most 40 characters back)."""
    start, lo = dot, max(0, dot - 40)
    while start > lo and (text[start - 1].isalnum() or text[start - 1] in "._"):  # what \w matches, and "."
        start -= 1
    return text[start:dot]


@cache
def _next_word_re() -> re.Pattern[str]:
    return re.compile(r"\s*[\"'“‘«(]*(\w+)")


def _next_word(text: str, pos: int) -> str:
    m = _next_word_re().match(text, pos)
    return m.group(1) if m else ""


def _is_arabic_letter(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a" or "\u0671" <= ch <= "\u06d3"


def _ends_sentence(text: str, m: re.Match[str], language: str) -> bool:
    token = m.group(0)
    end = m.end()
    if token[0] in "\n\r":
        if "\n" in token[1:] or end >= len(text) or language == "ar":
            return True
        nxt = text[end]
        return not (nxt.isalpha() and nxt.islower())
    if end >= len(text):
        return True
    if token[0] in "!?؟؛" or token.startswith("..") or token[0] == "…":
        if language == "en" and token[0] in ".…" and text[end:end + 2].strip()[:1].islower():
            return False
        return True
    # a single full stop (possibly followed by closing quotes)
    dot = m.start()
    before = text[dot - 1] if dot > 0 else ""
    after = text[end]
    if after.isspace():
        word = _prev_word(text, dot)
        if language == "ar" or any(_is_arabic_letter(c) for c in word):
            return word not in _AR_TITLES
        return _en_space_boundary(text, word, end)
    # no space after the stop
    if before.isdigit() and after.isdigit():
        return False
    if token == "." and _WEB_SUFFIX.match(text, end):
        return False
    if _is_arabic_letter(after):  # "السورية.والاثنين" ends a sentence; "أ.ف.ب" and "د.محمد" do not
        return not (_is_arabic_letter(before) and (dot < 2 or not text[dot - 2].isalnum()))
    if language == "en" or after.isascii():
        return before.islower() and after.isupper()
    return False


def _en_space_boundary(text: str, word: str, end: int) -> bool:
    nxt = _next_word(text, end)
    rest = text[end:end + 3].lstrip()
    if not rest:
        return True
    first = rest[0]
    if first.islower():
        return False
    lowered = word.lower()
    if "." in word:  # dotted acronym or abbreviation: U.S. / e.g. / a.m.
        return lowered not in _EN_ABBREVIATIONS and nxt.lower() in _EN_OPENERS
    if lowered in _EN_ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isupper():  # an initial: J. Smith
        return False
    return True


def split_sentences(text: str, language: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in `text`, trimmed, in order. language: 'ar' or 'en'."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _boundary_re().finditer(text):
        if _ends_sentence(text, m, language):
            end = m.end() if m.group(0)[0] not in "\n\r" else m.start()
            _add_trimmed(text, start, end, spans)
            start = m.end()
    _add_trimmed(text, start, len(text), spans)
    return spans


@cache
def _has_word_re() -> re.Pattern[str]:
    return re.compile(r"\w")


def _add_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and _has_word_re().search(text, start, end):
        spans.append((start, end))


@cache
def _clause_re() -> re.Pattern[str]:
    return re.compile(r"[،;؛]|,(?!\d)|(?<!\d),")


def split_clauses(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Clause spans inside text[start:end], cut at ، , ; ؛ (commas between digits are kept)."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _clause_re().finditer(text, start, end):
        _add_trimmed(text, pos, m.start(), spans)
        pos = m.end()
    _add_trimmed(text, pos, end, spans)
    return spans

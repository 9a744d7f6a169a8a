"""Text normalisation for matching Arabic and English news, with offsets back to the original.

`normalize(text)` folds the spelling variation that does not change meaning for matching:

- Arabic hamza carriers: أ إ آ ٱ -> ا, ؤ -> و, ئ -> ي; alef maqsura ى -> ي; taa marbuta ة -> ه;
  Persian/Urdu letters ی -> ي, ک -> ك, ۀ -> ه; presentation forms (ﻻ, ﺍ...) -> their base letters.
- removed: tatweel, harakat, shadda, sukun, superscript alef, Quranic marks, zero-width and bidi
  marks (ZWNJ, ZWJ, LRM, RLM, ALM, embeddings, isolates), BOM, soft hyphen.
- Arabic-Indic (٠-٩) and Persian (۰-۹) digits -> 0-9; ٫ -> '.', ٬ -> ',', ٪ -> '%'; fullwidth ASCII -> ASCII.
- dashes (‐ ‑ ‒ – — ― −) -> '-'; double quotes (“ ” „ « » ″) -> '"'; single quotes (‘ ’ ‚ ‹ › ′) -> "'".
- NBSP and other Unicode spaces -> ' ' (newlines and tabs are kept); Latin (and all cased letters) lowercased.

Whitespace is not collapsed, so most characters map 1:1. `NormalizedText.offsets[i]` is the index
in the original text of normalised character i (offsets[len(text)] == len(original)).

Phrase matching (`compile_phrases`, `clitic_pattern`) is clitic-aware for Arabic: a phrase matches
with the attached prefixes و/ف (and, so), then ب/ل/ك (in, for, like), then the article ال, or لل
(ل + ال with the alef dropped): لداعش, بالرقه, والتحالف, وللتنظيم. A phrase that itself starts with
ال ("الرقه") must appear with its article (الرقه, بالرقه, للرقه). Single-letter prefixes are only
allowed on phrases of 3+ letters, so "سد" does not match "فسد". Matches return the whole token,
prefixes included, in normalised coordinates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Iterable, NamedTuple

_DELETE = (
    "\u0640"  # tatweel
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0656\u0657\u0658\u0659"
    "\u065a\u065b\u065c\u065d\u065e\u065f\u0670"  # harakat, shadda, sukun, madda/hamza marks, superscript alef
    "\u0610\u0611\u0612\u0613\u0614\u0615\u0616\u0617\u0618\u0619\u061a"  # honorific/Quranic marks
    "\u06d6\u06d7\u06d8\u06d9\u06da\u06db\u06dc\u06df\u06e0\u06e1\u06e2\u06e3\u06e4\u06e7\u06e8"
    "\u06ea\u06eb\u06ec\u06ed"  # Quranic annotation signs
    "\u200b\u200c\u200d\u200e\u200f\u061c"  # zero width space/non-joiner/joiner, LRM, RLM, ALM
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi embeddings / isolates
    "\ufeff\u00ad\u2060"  # BOM, soft hyphen, word joiner
)

_MAP_1TO1 = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه",
    "ی": "ي", "ي": "ي", "ې": "ي", "ک": "ك", "ۀ": "ه", "ە": "ه", "ھ": "ه", "ۃ": "ه",
    "٫": ".", "٬": ",", "٪": "%", "\u066d": "*",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "﹘": "-", "﹣": "-",
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"', "〃": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "‹": "'", "›": "'", "′": "'", "`": "'", "´": "'",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u205f": " ", "\u3000": " ", "\u1680": " ",
    "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ",
    "\u2006": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ",
    "\u2028": "\n", "\u2029": "\n", "\u0130": "i",
    "_": " ", "#": " ",  # hashtags: "#مخيم_الهول" reads as "مخيم الهول"
}


@cache
def _tables() -> tuple[dict[int, str], re.Pattern[str]]:
    """(translate table, regex of chars whose replacement is not exactly one char)."""
    table: dict[int, str] = {ord(k): v for k, v in _MAP_1TO1.items()}
    for ch in _DELETE:
        table[ord(ch)] = ""
    for i in range(10):
        table[0x0660 + i] = str(i)
        table[0x06F0 + i] = str(i)
    for cp in range(0xFF01, 0xFF5F):  # fullwidth ASCII
        table[cp] = chr(cp - 0xFEE0)
    for lo, hi in ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF)):  # Arabic presentation forms
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if cp in table or unicodedata.category(ch) == "Cn":
                continue
            base = unicodedata.normalize("NFKC", ch)
            if base != ch:
                folded = "".join(table.get(ord(c), c) for c in base if c not in _DELETE)
                table[cp] = folded
    irregular = "".join(chr(cp) for cp, rep in table.items() if len(rep) != 1)
    return table, re.compile("[" + re.escape(irregular) + "]")


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text plus offsets[i] = index in the original of normalised char i."""

    text: str
    offsets: tuple[int, ...]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) to the original text.

        The end includes marks removed after the last matched letter (a final shadda or tanween).
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) is outside 0..{len(self.text)}")
        if start == end:
            pos = self.offsets[start]
            return pos, pos
        return self.offsets[start], max(self.offsets[end], self.offsets[end - 1] + 1)

    def to_original(self, index: int) -> int:
        """The original index of normalised position `index` (0..len(text))."""
        return self.offsets[index]


@lru_cache(maxsize=8)  # one article's text is normalised by each finder (actors, places, dates, numbers)
def normalize(text: str) -> NormalizedText:
    """Normalise `text` for matching (see module docstring); offsets point back into `text`."""
    table, irregular = _tables()
    n = len(text)
    if not irregular.search(text):
        return NormalizedText(text.translate(table).lower(), tuple(range(n + 1)))
    pieces: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in irregular.finditer(text):
        i = m.start()
        if i > pos:
            pieces.append(text[pos:i].translate(table))
            offsets.extend(range(pos, i))
        rep = table[ord(text[i])]
        if rep:
            pieces.append(rep)
            offsets.extend([i] * len(rep))
        pos = i + 1
    if pos < n:
        pieces.append(text[pos:].translate(table))
        offsets.extend(range(pos, n))
    offsets.append(n)
    return NormalizedText("".join(pieces).lower(), tuple(offsets))


@cache
def spellings() -> tuple[dict[str, str], str]:
    """(normalised character -> every character that normalises to it, itself included; the characters
    normalisation deletes): what a search needs to find a text however it is spelled."""
    table, _ = _tables()
    groups: dict[str, set[str]] = {}
    for cp, rep in table.items():
        if len(rep) == 1:
            groups.setdefault(rep, {rep}).add(chr(cp))
    return {folded: "".join(sorted(chars)) for folded, chars in groups.items()}, _DELETE


_SPACES = re.compile(r"\s+")


def normalize_key(s: str) -> str:
    """A dictionary key: normalised, whitespace collapsed to single spaces, stripped."""
    return _SPACES.sub(" ", normalize(s).text).strip()


# --- clitic-aware phrase matching -------------------------------------------------------------

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_CONJ = "[وف]?"
_PREFIX_WITH_ARTICLE = f"{_CONJ}(?:[بك]?ال|لل)"  # the phrase's own ال, possibly reduced to لل
_PREFIX_ANY = f"{_CONJ}(?:[بكل]|[بك]?ال|لل)?"
_PREFIX_SHORT = "(?:[وف]?[بك]?ال|[وف]?لل)?"  # short phrases: only with the article
_BOUNDARY_L = r"(?<!\w)"
_BOUNDARY_R = r"(?!\w)"


def _phrase_kind(key: str) -> tuple[str, str]:
    """('A', stem) for Arabic phrases with their own ال, ('B', key) other Arabic (3+ letters),
    ('S', key) short Arabic, ('L', key) anything else (no clitics)."""
    if not key or not _ARABIC_LETTER.match(key):
        return "L", key
    if key.startswith("ال") and len(key) > 3:
        return "A", key[2:]
    if len(key.replace(" ", "")) >= 3:
        return "B", key
    return "S", key


def _literal(s: str) -> str:
    return r"\s+".join(re.escape(part) for part in s.split(" "))


def clitic_pattern(normalized_phrase: str) -> str:
    """A regex fragment (no groups) matching the phrase as a whole token with optional Arabic
    clitic prefixes, e.g. "داعش" also matches لداعش/والداعش, "الرقه" matches بالرقه/للرقه.

    Give it normalised text (normalize_key); search it in normalised text."""
    kind, stem = _phrase_kind(normalize_key(normalized_phrase))
    prefix = {"A": _PREFIX_WITH_ARTICLE, "B": _PREFIX_ANY, "S": _PREFIX_SHORT, "L": ""}[kind]
    return f"{_BOUNDARY_L}{prefix}{_literal(stem)}{_BOUNDARY_R}"


def trie_regex(words: Iterable[str]) -> str:
    """A regex alternation (no groups) over words built as a trie: fast, since the engine tries one
    branch per character instead of every word; the longest word wins. A space matches any whitespace."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        end = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            atom = r"\s+" if ch == " " else re.escape(ch)
            branches.append(atom + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:  # optional, greedy: the longer phrase wins, backtracks if its boundary fails
            return body + "?" if len(branches) == 1 and len(body) == 1 else "(?:" + body + ")?"
        return body

    return emit(trie)


class PhraseMatch(NamedTuple):
    start: int  # normalised coordinates, clitic prefixes included
    end: int
    phrase: str  # the phrase as given to compile_phrases (the first one with this key)


_TOKEN = re.compile(r"\w+")
# clitic prefixes a phrase of each kind may carry (as _PREFIX_WITH_ARTICLE / _PREFIX_ANY / _PREFIX_SHORT)
_CLITICS = {
    "A": tuple(c + a for c in ("", "و", "ف") for a in ("ال", "بال", "كال", "لل")),
    "B": tuple(c + a for c in ("", "و", "ف") for a in ("", "ب", "ك", "ل", "ال", "بال", "كال", "لل")),
    "S": tuple(c + a for c in ("", "و", "ف") for a in ("", "ال", "بال", "كال", "لل") if a or not c),
}


_HEAD_CACHE_SIZE = 200_000


class PhraseMatcher:
    """Finds many phrases in normalised text, token by token: at each token, each way of reading its
    clitic prefixes, the longest phrase (up to the longest one known to start with that word) is looked
    up in a dictionary. Building it costs a dictionary insert per phrase (no regex to compile), and
    matching is linear in the text."""

    def __init__(self, phrases: Iterable[str]):
        # per kind: stem -> phrase, and first word -> most words of a phrase starting with it
        self._by_key: dict[str, dict[str, str]] = {kind: {} for kind in "ABSL"}
        self._longest: dict[str, dict[str, int]] = {kind: {} for kind in "ABSL"}
        self._head_cache: dict[str, tuple[tuple[str, int, int], ...]] = {}
        for phrase in phrases:
            key = normalize_key(phrase)
            if not key:
                continue
            kind, stem = _phrase_kind(key)
            if stem not in self._by_key[kind]:
                self._by_key[kind][stem] = phrase
                words = _TOKEN.findall(stem)
                if words:
                    longest = self._longest[kind]
                    longest[words[0]] = max(longest.get(words[0], 0), len(words))

    def __getstate__(self) -> dict:
        return {"_by_key": self._by_key, "_longest": self._longest, "_head_cache": {}}

    def __len__(self) -> int:
        return sum(len(stems) for stems in self._by_key.values())

    def _heads(self, word: str) -> tuple[tuple[str, int, int], ...]:
        """(kind, prefix length, most words) for each reading of the token's clitic prefixes that starts
        a known phrase (cached per token: news repeats its words)."""
        heads = self._head_cache.get(word)
        if heads is None:
            found = []
            for kind in ("A", "B", "S") if _ARABIC_LETTER.match(word) else ("L",):
                for prefix in _CLITICS.get(kind, ("",)):
                    if len(word) > len(prefix) and word.startswith(prefix):
                        most = self._longest[kind].get(word[len(prefix):], 0)
                        if most:
                            found.append((kind, len(prefix), most))
            heads = tuple(found)
            if len(self._head_cache) > _HEAD_CACHE_SIZE:
                self._head_cache.clear()
            self._head_cache[word] = heads
        return heads

    def finditer(self, normalized: str) -> Iterable[PhraseMatch]:
        tokens = token_spans(normalized)
        head_cache, by_key = self._head_cache, self._by_key
        i, n = 0, len(tokens)
        while i < n:
            start, end = tokens[i]
            word = normalized[start:end]
            heads = head_cache.get(word)
            if heads is None:
                heads = self._heads(word)
            if not heads:  # most words start no phrase
                i += 1
                continue
            best: tuple[int, int, str] | None = None  # (end, tokens used, phrase)
            for kind, skip, most in heads:
                for k in range(min(most, n - i), 0, -1):
                    stop = tokens[i + k - 1][1]
                    if best is not None and stop <= best[0]:
                        break
                    stem = normalized[start + skip:stop]
                    if k > 1:
                        stem = " ".join(stem.split())  # whitespace runs as one space (what _SPACES.sub does)
                    phrase = by_key[kind].get(stem)
                    if phrase is not None:
                        best = (stop, k, phrase)
                        break
            if best is None:
                i += 1
                continue
            yield PhraseMatch(start, best[0], best[2])
            i += best[1]

    def find(self, normalized: str) -> list[PhraseMatch]:
        """Non-overlapping matches, leftmost first, the longest phrase at each position."""
        return list(self.finditer(normalized))


@lru_cache(maxsize=4)  # the actor and the place matchers read the same article
def token_spans(normalized: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every word of a normalised text."""
    return tuple([m.span() for m in _TOKEN.finditer(normalized)])


def compile_phrases(phrases: Iterable[str]) -> PhraseMatcher:
    """Compile phrases (any spelling; normalised here) into a clitic-aware matcher.

    `matcher.find(normalize(text).text)` -> [PhraseMatch(start, end, phrase)], normalised coordinates;
    map back with NormalizedText.span_to_original."""
    return PhraseMatcher(phrases)

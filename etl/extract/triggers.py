"""Trigger words and cue words for event extraction (data/knowledge/triggers.csv, casualty_words.csv,
cue_words.csv, nationality_adjectives.csv), compiled once and matched in normalised text.

Pattern syntax (analyst-editable): words separated by spaces; a trailing `*` lets a word take any
ending (اعتقل* -> اعتقلت, اعتقلوا; arrest* -> arrested); `...` allows up to four words in between
(ضبط* ... اسلح* -> ضبط كمية من الأسلحة). Arabic words also match with the clitic prefixes و/ف,
ب/ك/ل, ال, لل (as etl.text.normalize.clitic_pattern) and the short endings ا ه ات ين ون ها هم ي
(tanween alif, taa marbuta, plurals, pronouns). Matching is by token: each token (with its clitic
prefixes removed) looks up candidate patterns by its first three letters, so thousands of patterns
cost about as much as a few.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple
from pathlib import Path

from etl.errors import InputError
from etl.knowledge_csv import read_knowledge_rows
from etl.schema import EVENT_TYPE_OF
from etl.text.normalize import NormalizedText, normalize_key

TRIGGER_COLUMNS = ("sub_event_type", "language", "pattern", "kind", "role_hint", "weight", "notes", "concept")
_ARABIC = re.compile(r"[\u0621-\u064a]")
_TOKEN = re.compile(r"\w+(?:-\w+)*")
_AR_PREFIX = "(?:[وف]?(?:[بكل]|[بك]?ال|لل)?)"
_AR_PREFIX_ARTICLE = "(?:[وف]?(?:[بك]?ال|لل))"
_AR_SUFFIX = "(?:ا|ه|ات|ين|ون|ها|هم|هما|ي|يه|يا|وا)?"
_GAP = r"(?:\s+\S+){0,4}?"
# a taa marbuta word also matches its bare stem (مفخخة -> مفخخ), except where the stem is a word of its own
_STEMS_THAT_ARE_WORDS = frozenset({"مصادر", "ضرب", "غار", "حمل", "مظاهر", "وقف", "عاد", "عرض", "حال", "مراقب"})
_PREFIXES = tuple(
    sorted(
        {c + m for c in ("", "و", "ف") for m in ("", "ب", "ك", "ل", "ال", "بال", "كال", "لل")},
        key=len,
    )
)


@dataclass(frozen=True)
class Trigger:
    sub_event_type: str
    language: str
    pattern: str
    kind: str
    role_hint: str
    weight: float
    concept: str
    notes: str = ""


@dataclass(frozen=True)
class Cue:
    """A cue word: `cue` is its class (killed, injured, arrested, casualties, agent, claim, negation,
    intent, support, target, speech, complement, civilian, person_one, background)."""

    cue: str
    language: str
    pattern: str


class Match(NamedTuple):  # a tuple: made ~100 times an article, cheaper than a frozen dataclass
    start: int  # original-text coordinates
    end: int
    item: Trigger | Cue


def _word_regex(word: str) -> tuple[str, str]:
    """(regex, literal stem) of one pattern word: a matching token is a clitic prefix, the stem, then
    an ending."""
    star = word.endswith("*")
    word = word.rstrip("*")
    if _ARABIC.match(word):
        prefix, suffix = _AR_PREFIX, (r"\w*" if star else _AR_SUFFIX)
        if not star and word.endswith("ه") and len(word) > 3:
            # taa marbuta: طائرة -> طائرتين / طائرتان (dual), عبوتها, عبوات
            bare = "" if word[:-1] in _STEMS_THAT_ARE_WORDS else "?"  # مصادرة "seizure", not مصادر "sources"
            word, suffix = word[:-1], "(?:ه|ت(?:ين|ان|ي|ه|ها|هم)?|ات|ا)" + bare
        if word.startswith("ال") and len(word) > 3:
            word, prefix = word[2:], _AR_PREFIX_ARTICLE
        elif len(word) <= 2:  # لم, ان, اي: only و/ف before them and no ending (not لما, الان)
            prefix, suffix = "[وف]?", (r"\w*" if star else "")
        return prefix + re.escape(word) + suffix + r"(?!\w)", word
    suffix = r"[\w-]*" if star else ""
    return re.escape(word) + suffix + r"(?![\w-])", word


def pattern_regex(pattern: str) -> tuple[re.Pattern[str], str]:
    """Compile one pattern (normalised here) -> (regex to .match at a token start, literal stem of its
    first word, which a matching token holds right after its clitic prefix)."""
    words = normalize_key(pattern).split(" ")
    parts: list[str] = []
    key = ""
    for i, word in enumerate(words):
        if word == "...":
            parts.append(_GAP)
            continue
        regex, stem = _word_regex(word)
        if not key:
            key = stem
        if parts:
            parts.append(r"\s+")
        parts.append(regex)
    if not key:
        raise ValueError(f"pattern {pattern!r} has no word")
    return re.compile("".join(parts)), key


class PatternIndex:
    """Patterns indexed by the first three letters of their first word (two for shorter words;
    clitics removed). A token is tried only against the patterns whose first word's stem it holds."""

    def __init__(self, items: list[Trigger | Cue]):
        # regex sources, compiled on first use (a pickled cache then loads without compiling them all)
        self.by_key: dict[str, list[tuple[str, Trigger | Cue, str]]] = {}
        self._cache: dict[str, list[tuple[re.Pattern[str], Trigger | Cue, bool]]] = {}  # token -> candidates
        self._compiled: dict[str, re.Pattern[str]] = {}
        for item in items:
            regex, stem = pattern_regex(item.pattern)
            self.by_key.setdefault(stem[:3], []).append((regex.pattern, item, stem))

    def __getstate__(self) -> dict:
        return {"by_key": self.by_key, "_cache": {}, "_compiled": {}}

    def _regex(self, source: str) -> re.Pattern[str]:
        regex = self._compiled.get(source)
        if regex is None:
            regex = self._compiled[source] = re.compile(source)
        return regex

    def _candidates(self, token: str) -> list[tuple[re.Pattern[str], Trigger | Cue, bool]]:
        cached = self._cache.get(token)
        if cached is None:
            if len(self._cache) > 200_000:
                self._cache.clear()
            cached = self._cache[token] = self._lookup(token)
        return cached

    def _lookup(self, token: str) -> list[tuple[re.Pattern[str], Trigger | Cue, bool]]:
        """(regex, trigger or cue, is it a trigger) of the patterns that may match at this token."""
        found: list[tuple[re.Pattern[str], Trigger | Cue, bool]] = []
        seen: set[int] = set()  # entries already taken (through another reading of the prefixes)
        arabic = bool(_ARABIC.match(token))
        for prefix in _PREFIXES if arabic else ("",):
            rest = token[len(prefix):]
            if not token.startswith(prefix) or len(rest) < 2:
                continue
            for size in (2, 3):  # patterns are indexed by their first three letters (two if shorter)
                for entry in self.by_key.get(rest[:size], ()) if len(rest) >= size else ():
                    if id(entry) not in seen and rest.startswith(entry[2]):
                        seen.add(id(entry))
                        found.append((self._regex(entry[0]), entry[1], isinstance(entry[1], Trigger)))
        return found

    def matches(self, norm: NormalizedText) -> tuple[list[Match], list[Match]]:
        """(triggers, cues) in the text, one pass over its tokens. Triggers do not overlap: the
        longest (then heaviest) match at a position wins. Cues may overlap (a word can be both an
        arrest trigger and an arrest count cue)."""
        text = norm.text
        triggers: list[Match] = []
        cues: list[Match] = []
        covered_until = 0
        cache = self._cache
        for tok in _TOKEN.finditer(text):
            word = tok.group()
            candidates = cache.get(word)
            if candidates is None:
                candidates = self._candidates(word)
            if not candidates:
                continue
            pos = tok.start()
            best: tuple[int, float, Trigger] | None = None
            for regex, item, is_trigger in candidates:
                if is_trigger and pos < covered_until:
                    continue
                m = regex.match(text, pos)
                if not m:
                    continue
                if not is_trigger:
                    cues.append(Match(*norm.span_to_original(pos, m.end()), item))
                elif best is None or (m.end(), item.weight) > best[:2]:
                    best = (m.end(), item.weight, item)
            if best is not None:
                triggers.append(Match(*norm.span_to_original(pos, best[0]), best[2]))
                covered_until = best[0]
        return triggers, cues


@dataclass(frozen=True)
class TriggerSet:
    triggers: tuple[Trigger, ...]
    cues: tuple[Cue, ...]
    index: dict[str, PatternIndex]  # by language: triggers and cues together
    nationality_actor: dict[str, str]  # nationality cue pattern ("Turkish", "تركيه") -> actor name

    def find(self, norm: NormalizedText, language: str) -> tuple[list[Match], list[Match]]:
        """(trigger matches, cue matches) in normalised text, offsets in the original text."""
        index = self.index.get(language) or self.index.get("en")
        return index.matches(norm) if index else ([], [])

    def find_triggers(self, norm: NormalizedText, language: str) -> list[Match]:
        return self.find(norm, language)[0]

    def find_cues(self, norm: NormalizedText, language: str) -> list[Match]:
        return self.find(norm, language)[1]


def _rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    return _rows_with(path, required, "pattern")


def _rows_with(path: Path, required: tuple[str, ...], key: str) -> list[dict[str, str]]:
    if not path.is_file():
        raise InputError(f"{path} is missing (the extractor's knowledge files live in the knowledge folder)")
    return [row for _, row in read_knowledge_rows(path, required) if (row.get(key) or "").strip()]


def load_triggers(knowledge_dir: Path | str) -> TriggerSet:
    """Read triggers.csv, casualty_words.csv and cue_words.csv from the knowledge folder."""
    folder = Path(knowledge_dir)
    triggers: list[Trigger] = []
    for n, row in enumerate(_rows(folder / "triggers.csv", TRIGGER_COLUMNS[:6]), start=2):
        sub = row["sub_event_type"].strip()
        if sub not in EVENT_TYPE_OF:
            raise InputError(f"triggers.csv line {n}: {sub!r} is not an ACLED sub-event type")
        try:
            weight = float(row["weight"])
        except ValueError:
            raise InputError(f"triggers.csv line {n}: weight {row['weight']!r} is not a number") from None
        triggers.append(
            Trigger(
                sub, row["language"].strip(), row["pattern"].strip(), row["kind"].strip(),
                (row.get("role_hint") or "").strip(), weight,
                (row.get("concept") or "").strip() or sub, (row.get("notes") or "").strip(),
            )
        )
    cues = [
        Cue(r["count"].strip(), r["language"].strip(), r["pattern"].strip())
        for r in _rows(folder / "casualty_words.csv", ("count", "language", "pattern"))
    ]
    cues += [
        Cue(r["cue"].strip(), r["language"].strip(), r["pattern"].strip())
        for r in _rows(folder / "cue_words.csv", ("cue", "language", "pattern"))
    ]
    nationality_actor: dict[str, str] = {}
    path = folder / "nationality_adjectives.csv"
    if path.is_file():  # optional: "a Turkish drone strike" -> Military Forces of Turkey
        for row in _rows_with(path, ("adjective", "language", "actor"), "adjective"):
            cues.append(Cue("nationality", row["language"].strip(), row["adjective"].strip()))
            nationality_actor[row["adjective"].strip()] = row["actor"].strip()
    langs = {t.language for t in triggers} | {c.language for c in cues}
    return TriggerSet(
        tuple(triggers),
        tuple(cues),
        {lang: PatternIndex([x for x in (*triggers, *cues) if x.language == lang]) for lang in langs},
        nationality_actor,
    )

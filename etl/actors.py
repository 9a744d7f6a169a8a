"""The actor dictionary: canonical actors (ACLED-style names) with Arabic/English aliases.

Data: `<knowledge_dir>/actors.csv` (UTF-8, one row per actor, analyst-editable), columns
`actor, actor_ar, inter, country, aliases_ar, aliases_en, generic_ar, generic_en, parent` and optionally
`coded_as` (the actor ACLED codes this unit or militia as, with the unit as associated actor: "NDF" ->
"Military Forces of Syria") and `strikes` ("air": a force that strikes Syria and Iraq from the air, so its
"bombardment" (قصف) is an air strike);
list columns are `|`-separated.

- `load_actors(knowledge_dir) -> ActorDictionary` (cached per path + mtime).
- `ActorDictionary.canonical(name) -> Actor | None`: dataset names ("IS", "Islamic State (Syria)",
  "ISIS", "داعش", "Government of Syria") -> one actor. Exact after normalisation: case, hamza forms,
  diacritics, punctuation, a leading "the", then a trailing "(Syria)" / "(2000-)" qualifier.
- `ActorDictionary.find(text, language) -> list[ActorMention]`: aliases in running text, offsets in
  the original text. Arabic is clitic-aware (لداعش, بالتحالف, وقسد); English is word-bounded and
  short all-capitals aliases (IS, SDF, YPG, HTS, PKK, US) match case-sensitively only. The longest
  alias wins ("التحالف الدولي ضد داعش" is one coalition mention). Generic words ("التنظيم",
  "the group") come back with `generic=True`. Dataset-only aliases (UCDP coalitions such as
  "Ahrar al-Sham, HTS, Southern Front") are used by canonical() only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from etl.errors import InputError
from etl.knowledge_csv import read_knowledge_rows
from etl.text.normalize import PhraseMatcher, compile_phrases, normalize, normalize_key

ACTORS_FILE = "actors.csv"
ACTOR_COLUMNS = ("actor", "actor_ar", "inter", "country", "aliases_ar", "aliases_en",
                 "generic_ar", "generic_en", "parent")
INTER_TYPES = ("State forces", "Rebel group", "Political militia", "Identity militia", "Rioters",
               "Protesters", "Civilians", "External/Other forces")


@dataclass(frozen=True)
class Actor:
    name: str
    name_ar: str
    inter: str
    country: str
    aliases_ar: tuple[str, ...]
    aliases_en: tuple[str, ...]
    generic_ar: tuple[str, ...]
    generic_en: tuple[str, ...]
    parent: str | None
    coded_as: str | None = None
    strikes: str | None = None


@dataclass(frozen=True)
class ActorMention:
    start: int  # offsets in the original text, clitic prefixes included
    end: int
    actor: Actor
    alias: str  # the dictionary phrase that matched
    generic: bool


_PUNCT = re.compile(r"[^\w\s]")
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
_SHORT_CAPS = re.compile(r"^[A-Z][A-Z.\-]{0,4}$")


def _dataset_key(name: str) -> str:
    """Lookup key for dataset names: normalised, punctuation dropped ('-' -> space), no leading 'the'."""
    key = normalize_key(name).replace("-", " ").replace("/", " ")
    key = " ".join(_PUNCT.sub("", key).split())
    return key[4:] if key.startswith("the ") else key


def _without_qualifier(name: str) -> str:
    """'Islamic State (Syria)' -> 'Islamic State'; 'Military Forces of Syria (2000-)' -> '... of Syria'."""
    return _QUALIFIER.sub("", name.strip())


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (cell or "").split("|") if p.strip())


def _is_short_caps(alias: str) -> bool:
    """IS, SDF, YPG, U.S. ... : matched case-sensitively in English text."""
    return bool(_SHORT_CAPS.match(alias)) and sum(c.isalpha() for c in alias) <= 4


def _is_dataset_only(alias: str) -> bool:
    return ", " in alias  # UCDP multi-group sides


class ActorDictionary:
    """Canonical actors with alias lookup and text matching (see module docstring)."""

    def __init__(self, actors: Iterable[Actor], source: str = ACTORS_FILE):
        self._actors: dict[str, Actor] = {}
        for actor in actors:
            if actor.name in self._actors:
                raise InputError(f"{source}: actor {actor.name!r} is listed twice")
            self._actors[actor.name] = actor
        self._source = source
        self._keys: dict[str, Actor] = {}
        for actor in self._actors.values():
            if actor.parent and actor.parent not in self._actors:
                raise InputError(f"{source}: actor {actor.name!r} has unknown parent {actor.parent!r}")
            if actor.coded_as and actor.coded_as not in self._actors:
                raise InputError(f"{source}: actor {actor.name!r} is coded as unknown actor {actor.coded_as!r}")
            for name in (actor.name, actor.name_ar, *actor.aliases_ar, *actor.aliases_en):
                self._index(self._keys, _dataset_key(name), actor, name)
        self._matchers: dict[str, tuple[PhraseMatcher, dict[str, tuple[Actor, bool, str]], re.Pattern | None]] = {}

    def _index(self, index: dict[str, Actor], key: str, actor: Actor, name: str) -> None:
        if not key:
            return
        other = index.get(key)
        if other is not None and other is not actor:
            raise InputError(f"{self._source}: alias {name!r} belongs to both {other.name!r} and {actor.name!r}")
        index[key] = actor

    # --- lookups -------------------------------------------------------------------------------
    def all(self) -> list[Actor]:
        """Every actor, in file order."""
        return list(self._actors.values())

    def by_name(self, name: str) -> Actor | None:
        """The actor with exactly this canonical name."""
        return self._actors.get(name)

    def canonical(self, name: str | None) -> Actor | None:
        """The actor a dataset name refers to, or None."""
        if not isinstance(name, str) or not name.strip():
            return None  # None, "", pandas NaN
        key = _dataset_key(name)
        actor = self._keys.get(key)
        if actor is None:
            bare = _dataset_key(_without_qualifier(name))
            actor = self._keys.get(bare)
        if actor is None and _is_dataset_only(name):
            actor = self._common_ancestor(self.members(name))
        return actor

    def _lineage(self, actor: Actor) -> list[Actor]:
        """The actor, its parent, its parent's parent ... (cycles cut)."""
        chain = [actor]
        while chain[-1].parent and (parent := self._actors.get(chain[-1].parent)) and parent not in chain:
            chain.append(parent)
        return chain

    def _common_ancestor(self, members: list[Actor]) -> Actor | None:
        """An unlisted coalition ("Hamza Division, Sultan Murad Division") is the group all its members
        belong to (SNA), if there is one."""
        if len(members) < 2:
            return None
        shared = [a for a in self._lineage(members[0]) if all(a in self._lineage(m) for m in members[1:])]
        return shared[0] if shared else None

    def in_country(self, actor: Actor, country: str | None) -> Actor:
        """The same kind of actor in another country: Civilians (Syria) -> Civilians (Iraq) for an Iraqi
        place; `actor` itself when there is no such sibling ("Islamic State" stays)."""
        if not country or not actor.name.endswith(")"):
            return actor
        return self._actors.get(f"{_without_qualifier(actor.name)} ({country})", actor)

    def canonical_names(self, names: Iterable[str | None]) -> dict[str, str]:
        """name -> canonical name for every distinct non-empty name; unmapped names map to themselves."""
        result: dict[str, str] = {}
        for name in names:
            if not isinstance(name, str) or name in result:
                continue
            actor = self.canonical(name)
            result[name] = actor.name if actor else name
        return result

    def members(self, name: str) -> list[Actor]:
        """The actors of a dataset side naming several groups ("Ahrar al-Sham, HTS, Southern Front");
        a single name gives [its actor]. Unknown parts are skipped."""
        parts = [p for p in name.split(",") if p.strip()] if _is_dataset_only(name) else [name]
        found = [self.canonical(p) for p in parts]
        return list(dict.fromkeys(a for a in found if a is not None))

    # --- text matching -------------------------------------------------------------------------
    def _matcher(self, language: str) -> tuple[PhraseMatcher, dict[str, tuple[Actor, bool, str]], re.Pattern | None]:
        language = language if language in ("ar", "en") else "both"
        if language not in self._matchers:
            self._matchers[language] = self._build_matcher(language)
        return self._matchers[language]

    def _build_matcher(self, language: str):
        languages = ("ar", "en") if language not in ("ar", "en") else (language,)
        by_key: dict[str, tuple[Actor, bool, str]] = {}
        case_sensitive: dict[str, Actor] = {}
        for actor in self._actors.values():
            for lang in languages:
                names = (actor.name_ar,) if lang == "ar" else (actor.name,)
                aliases = actor.aliases_ar if lang == "ar" else actor.aliases_en
                generics = actor.generic_ar if lang == "ar" else actor.generic_en
                for phrase, generic in [(p, False) for p in (*names, *aliases)] + [(g, True) for g in generics]:
                    if _is_dataset_only(phrase) or "(" in phrase:
                        continue
                    if lang == "en" and _is_short_caps(phrase):
                        case_sensitive.setdefault(phrase, actor)
                        continue
                    key = normalize_key(phrase)
                    if key in by_key and by_key[key][0] is not actor:
                        raise InputError(f"{self._source}: phrase {phrase!r} belongs to both "
                                         f"{by_key[key][0].name!r} and {actor.name!r}")
                    by_key.setdefault(key, (actor, generic, phrase))
        matcher = compile_phrases(by_key)
        caps = None
        if case_sensitive:
            alts = "|".join(re.escape(p) for p in sorted(case_sensitive, key=len, reverse=True))
            caps = re.compile(rf"(?<![\w.\-])(?:{alts})(?![\w])")
            for phrase, actor in case_sensitive.items():
                by_key.setdefault(phrase, (actor, False, phrase))
        return matcher, by_key, caps

    def find(self, text: str, language: str | None = None) -> list[ActorMention]:
        """Actor mentions in `text` (language 'ar' or 'en'; None or anything else: both), in text order,
        non-overlapping, the longest alias at each place."""
        matcher, by_key, caps = self._matcher(language)
        normalized = normalize(text)
        candidates: list[tuple[int, int, str]] = []
        for m in matcher.finditer(normalized.text):
            if _added_article(normalized.text[m.start:m.end], m.phrase):
                continue  # "المدني" (civil) is not "مدني" (a civilian); aliases list their ال forms
            start, end = normalized.span_to_original(m.start, m.end)
            candidates.append((start, end, m.phrase))  # the matcher was given keys
        if caps is not None:
            candidates.extend((m.start(), m.end(), m.group()) for m in caps.finditer(text))
        return list(self._longest_first(candidates, by_key))

    @staticmethod
    def _longest_first(candidates: list[tuple[int, int, str]],
                       by_key: dict[str, tuple[Actor, bool, str]]) -> Iterator[ActorMention]:
        """Leftmost first; at one start the longest; overlapping later candidates dropped."""
        candidates.sort(key=lambda c: (c[0], c[0] - c[1]))
        taken_until = -1
        for start, end, key in candidates:
            if start >= taken_until:
                actor, generic, phrase = by_key[key]
                yield ActorMention(start, end, actor, phrase, generic)
                taken_until = end


def _added_article(surface: str, key: str) -> bool:
    """The matched Arabic token carries an ال its single-word alias does not have."""
    if key.startswith("ال") or " " in key or not surface or not "\u0621" <= surface[-1] <= "\u064a":
        return False
    prefix = surface[: len(surface) - len(key)]
    return prefix.endswith("ال") or prefix.rstrip("وف").startswith("لل")


def _read_actors(path: Path) -> list[Actor]:
    if not path.is_file():
        raise InputError(f"actor dictionary not found: {path}")
    actors = []
    for line_no, row in read_knowledge_rows(path, ACTOR_COLUMNS):
        name = (row["actor"] or "").strip()
        if not name:
            continue
        inter = (row["inter"] or "").strip()
        if inter not in INTER_TYPES:
            raise InputError(f"{path}:{line_no}: actor {name!r} has inter {inter!r}; "
                             f"use one of: {', '.join(INTER_TYPES)}")
        actors.append(Actor(
            name=name, name_ar=(row["actor_ar"] or "").strip(), inter=inter,
            country=(row["country"] or "").strip(),
            aliases_ar=_split(row["aliases_ar"]), aliases_en=_split(row["aliases_en"]),
            generic_ar=_split(row["generic_ar"]), generic_en=_split(row["generic_en"]),
            parent=(row["parent"] or "").strip() or None,
            coded_as=(row.get("coded_as") or "").strip() or None,
            strikes=(row.get("strikes") or "").strip() or None,
        ))
    return actors


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int) -> ActorDictionary:
    return ActorDictionary(_read_actors(Path(path)), source=path)


def load_actors(knowledge_dir: Path | str) -> ActorDictionary:
    """The actor dictionary in `<knowledge_dir>/actors.csv` (re-read when the file changes)."""
    path = Path(knowledge_dir) / ACTORS_FILE
    if not path.is_file():
        raise InputError(f"actor dictionary not found: {path}")
    return _load_cached(str(path.resolve()), path.stat().st_mtime_ns)

"""Stage 1 of extraction, mentions: everything the normalised text names, with offsets in the article.

`find_mentions(article, knowledge) -> (ArticleScan, group)`: trigger and cue words
(etl.extract.triggers), actor mentions with generic words ("التنظيم", "the group") resolved to the
group the article is about, "Turkish troops"-style national forces, places (gazetteer, with a
dateline's place as the article's default), dates (resolved against the publication date) and
numbers. A place inside an actor's name and an event word inside a group's name are dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from etl.extract.triggers import TriggerSet, load_triggers
from etl.schema import EVENT_TYPE_OF
from etl.text.normalize import normalize

ARMED_NON_STATE = ("Rebel group", "Political militia", "Identity militia")
_DATELINE = re.compile(r"\s*(?:,[^\n,]{0,20})?\s*(?:\([^)\n]{0,30}\)\s*)?[-–—:]")
_FORCES_BEFORE = re.compile(r"(?<!\w)[وف]?(?:[بل]?ال|لل|[بل])?(?:قوات|جنود|جيش|دوريات|دورية|طائرات|مقاتلات)\s+$")
_FORCES_AFTER = re.compile(r"\s+(?:forces|troops|soldiers|army|military|jets|warplanes|patrols?)\b", re.IGNORECASE)
_NAMED_BY_ACTOR = ("Explosions/Remote violence", "Violence against civilians", "Protests", "Riots")


@dataclass(frozen=True)
class Knowledge:
    actors: object  # etl.actors.ActorDictionary
    gazetteer: object  # etl.geo.gazetteer.Gazetteer
    triggers: TriggerSet


def load_knowledge(knowledge_dir: Path | str, cache: bool = True) -> Knowledge:
    """Actor dictionary, gazetteer and trigger/cue words from the knowledge folder (load once), through
    the cache next to the knowledge files (etl.extract.knowledge_cache) unless `cache` is False."""
    from etl.extract.knowledge_cache import cached_knowledge

    return cached_knowledge(knowledge_dir, _build_knowledge) if cache else _build_knowledge(Path(knowledge_dir))


def _build_knowledge(knowledge_dir: Path) -> Knowledge:
    from etl.actors import load_actors
    from etl.geo.gazetteer import load_gazetteer

    knowledge = Knowledge(load_actors(knowledge_dir), load_gazetteer(knowledge_dir), load_triggers(knowledge_dir))
    for lang in ("ar", "en"):  # build the matchers now, so the cache holds them
        knowledge.actors.find("", lang)
        knowledge.gazetteer.find("", lang)
    return knowledge


@dataclass
class ArticleScan:
    """Everything found in one article, offsets in article.text."""

    text: str
    language: str
    published: dt.date | None
    triggers: list
    cues: list
    actors: list  # (start, end, Actor), generic mentions resolved
    places: list  # resolved PlaceMention
    dates: list
    numbers: list
    default_place: object | None


def _main_group(mentions: list, cues: list) -> object | None:
    """The armed non-state group the article is about: the most named one, a mention marked as a
    target ("ضد X", "عناصر X", "members of X", "X cells") counting double (ties: first named)."""
    markers = [c for c in cues if c.item.cue in ("target", "member")]
    ends = sorted(c.end for c in markers)
    starts = sorted(c.start for c in markers)
    scores: Counter = Counter()
    first: dict[str, object] = {}
    for m in mentions:
        if m.actor.inter not in ARMED_NON_STATE or m.actor.name.startswith("Unidentified"):
            continue  # "مسلحون" is nobody's name: "التنظيم" never points at them
        # a marker ending up to 14 characters before the mention, or starting up to 2 after it
        marked = bisect_right(ends, m.start) > bisect_left(ends, m.start - 14) or \
            bisect_right(starts, m.end + 2) > bisect_left(starts, m.end)
        scores[m.actor.name] += (0.5 if m.generic else 1.0) + (1.0 if marked else 0.0)
        first.setdefault(m.actor.name, m.actor)
    if not scores:
        return None
    best = max(scores.values())
    return next(a for name, a in first.items() if scores[name] == best)


def _resolve_actors(mentions: list, cues: list = (), text: str = "") -> tuple[list, object | None]:
    """(start, end, actor) with generic words ("التنظيم", "the group") of armed groups pointing at the
    group the article names: their own actor when it is named, else the most named armed non-state
    group. "Islamic State gunmen": a generic "gunmen" right after a named actor is part of it;
    "مسلحون من التنظيم", "gunmen from the group": so are gunmen of a group named right after them."""
    named_names = {m.actor.name for m in mentions if not m.generic}
    main = _main_group(mentions, cues)
    resolved = []
    for m in mentions:
        actor = m.actor
        if m.generic and actor.inter in ARMED_NON_STATE and actor.name not in named_names and main is not None \
                and not actor.name.startswith("Unidentified"):  # "مسلحين" / "gunmen" stay unidentified
            actor = main
        resolved.append((m.start, m.end, actor))
    out = []
    for i, (start, end, actor) in enumerate(resolved):
        if actor.name.startswith("Unidentified") and out and start - out[-1][1] <= 1:
            continue
        if actor.name.startswith("Unidentified") and i + 1 < len(resolved) and _member_of(text, end, resolved[i + 1]):
            continue
        out.append((start, end, actor))
    group = main
    owners = [m.actor for m in mentions if m.generic and m.actor.name in named_names
              and m.actor.inter in ARMED_NON_STATE]
    if owners:
        group = owners[0]
    return out, group


_FROM_GROUP = re.compile(r"\s+(?:من|from|of)(?:\s+the)?\s+", re.IGNORECASE)


def _member_of(text: str, end: int, following: tuple) -> bool:
    """Is the next actor mention a named armed group the unidentified fighters ending at `end` come from?"""
    actor = following[2]
    return actor.inter in ARMED_NON_STATE and not actor.name.startswith("Unidentified") \
        and bool(_FROM_GROUP.fullmatch(text, end, following[0]))


def find_mentions(article, knowledge: Knowledge) -> tuple[ArticleScan, object | None]:
    from etl.text.dates import find_dates
    from etl.text.numbers import find_numbers

    text, lang = article.text, (article.language or "ar")
    norm = normalize(text)
    mentions = knowledge.actors.find(text, lang)
    places = knowledge.gazetteer.find(text, lang)
    if places:
        places = knowledge.gazetteer.resolve(places)
    # a place inside an actor's name ("Tahrir al-Sham", "مجلس دير الزور العسكري") is not a location
    in_actor = _span_owner(len(text), [(m.start, m.end) for m in mentions])
    places = [p for p in places if not _inside(in_actor, p.start, p.end)]
    dates = sorted(find_dates(text, article.published, lang), key=lambda d: d.start)
    in_date = bytearray(len(text) + 1)
    for d in dates:
        in_date[d.start:d.end] = b"\x01" * (d.end - d.start)
    numbers = [n for n in find_numbers(text, lang) if not in_date[n.start]]
    triggers, cues = knowledge.triggers.find(norm, lang)
    cues = [c for c in cues if not in_date[c.start]]
    actors, group = _resolve_actors(mentions, cues, text)
    actors = sorted(actors + _national_mentions(text, cues, actors, knowledge), key=lambda m: m[0])
    specific = [p for p in places if p.place is not None and is_specific(p.place)]
    default = None
    if specific:
        counts = Counter(p.place.name_en for p in specific)
        default = max(specific, key=lambda p: (counts[p.place.name_en], -p.start))
        first = specific[0]  # a dateline ("ERBIL, Iraq (AP) —", "دير الزور - المرصد") names the place
        if first.start <= 40 and _DATELINE.match(text, first.end):
            default = first
            places = [p for p in places if p is not first]  # where it was filed, not where it happened
    # "تحرير" in "هيئة تحرير الشام", "Liberation" in a group's name: not an event word (weapons and
    # attack words inside a name, "Israeli warplanes", "مسلحون مجهولون", still are)
    in_actor = _span_owner(len(text), [(m[0], m[1]) for m in actors])
    triggers = [t for t in triggers if EVENT_TYPE_OF[t.item.sub_event_type] in _NAMED_BY_ACTOR
                or not _inside(in_actor, t.start, t.end)]
    scan = ArticleScan(text, lang, article.published, triggers,
                       cues, actors, places, dates, numbers, default)
    return scan, group


def _span_owner(length: int, spans: list[tuple[int, int]]) -> list[int]:
    """For each character, the index of the span that covers it (-1: none): containment checks in one
    lookup instead of a scan of every span."""
    owner = [-1] * (length + 1)
    for i, (start, end) in enumerate(spans):
        owner[start:end] = [i] * (end - start)
    return owner


def _inside(owner: list[int], start: int, end: int) -> bool:
    """Is [start, end) inside one span (see _span_owner)?"""
    return end > start and owner[start] != -1 and all(owner[k] == owner[start] for k in range(start, end))


def _national_mentions(text: str, cues: list, actors: list, knowledge: Knowledge) -> list:
    """"قوات أمريكية", "Turkish troops", "Russian jets": a nationality beside a forces word is
    that state's forces (when the dictionary did not already name them there)."""
    found = []
    ordered = sorted(actors, key=lambda m: (m[0], m[1]))
    starts = [m[0] for m in ordered]
    for c in cues:
        if c.item.cue != "nationality":
            continue
        before = _FORCES_BEFORE.search(text, max(0, c.start - 12), c.start)
        after = _FORCES_AFTER.match(text, c.end)
        if not before and not after:
            continue
        start, end = (before.start(), c.end) if before else (c.start, after.end())
        i = bisect_left(starts, end)  # actor mentions do not overlap: only the last one starting before end can
        if any(m[0] < end and start < m[1] for m in ordered[max(0, i - 2):i]):
            continue
        name = knowledge.triggers.nationality_actor.get(c.item.pattern)
        actor = knowledge.actors.by_name(name) if name else None
        if actor is not None:
            found.append((start, end, actor))
    return found


def is_specific(place) -> bool:
    return bool(getattr(place, "admin1", None) or getattr(place, "admin1_pcode", None))


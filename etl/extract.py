"""Events from one news article: sentences -> event units -> canonical records.

`load_knowledge(knowledge_dir) -> Knowledge` reads the actor dictionary, gazetteer and trigger/cue
words once; `extract_events(article, knowledge) -> list[dict]` returns canonical candidate records
(every etl.schema.EVENT_COLUMNS key, origin "article", evidence with offsets into article.text, plus
`merged_sources` and `activity` — the trigger's concept, e.g. "curfew" — for etl.dedup), duplicates
inside the article already merged.

An event unit is a clause with a trigger word (data/knowledge/triggers.csv); a sentence with strong
triggers of different kinds in different clauses (or in a relative clause: الذي/التي, which/who/where)
gives one event per clause, weaker words in the same sentence describe the same event. Negation,
intent, habits, judicial acts and back-references are handled in etl.extract_discourse; roles and
counts in etl.extract_roles; place, date, confidence and the record in etl.extract_events_build.
Place and date come from the unit, else its sentence, else the previous sentence ("two days later"
counts from it), else the article (its dateline or most named place / the publication date with
precision 2, at lower confidence). Dates over a year before publication, "منذ ...", "months of
fighting" make background events (confidence < 0.5). "التنظيم" / "the group" is the group the
article is about.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from bisect import bisect_left
from dataclasses import dataclass, replace
from pathlib import Path

from etl.extract_discourse import (
    attribute_last, continues_reported, has_cue, is_blocked, is_habitual, national_forces, protests_met_with_force,
    refers_back, refers_to_reported,
)
from etl.dedup import absorb, merge_events
from etl.extract_events_build import build_event, choose_date, choose_place, date_of_mention
from etl.extract_roles import assign_counts, assign_roles, speech_frame_end
from etl.extract_triggers import TriggerSet, load_triggers
from etl.schema import EVENT_TYPE_OF
from etl.text.normalize import normalize
from etl.text.numbers import parse_number
from etl.text.sentences import split_clauses, split_sentences

ARMED_NON_STATE = ("Rebel group", "Political militia", "Identity militia")
_RELATIVE_WORDS = ("الذي", "التي", "الذين", "اللذين", "اللتين", " حيث ", " which ", " who ", " whom ",
                   " where ")
_OWN_EVENT_WEIGHT = 0.7  # a weaker trigger in a later clause describes the same event
_DATELINE = re.compile(r"\s*(?:,[^\n,]{0,20})?\s*(?:\([^)\n]{0,30}\)\s*)?[-–—:]")
_FORCES_BEFORE = re.compile(r"(?:ال)?(?:قوات|جنود|جيش|دوريات|دورية)\s+$")
_FORCES_AFTER = re.compile(r"\s+(?:forces|troops|soldiers|army|military|jets|warplanes|patrols?)\b", re.IGNORECASE)
_NAMED_BY_ACTOR = ("Explosions/Remote violence", "Violence against civilians", "Protests", "Riots")
_LATER = re.compile(
    r"(?P<one>\b(?:the\s+(?:next|following)\s+day|a\s+day\s+later|one\s+day\s+later)\b|(?:في\s+)?اليوم\s+التالي)"
    r"|(?P<two>\btwo\s+days\s+later\b|بعد\s+يومين)"
    r"|\b(?P<n_en>\w+)\s+days\s+later\b|بعد\s+(?P<n_ar>\S+)\s+(?:ايام|أيام)",
    re.IGNORECASE)
_MIN_SENTENCE_WORDS = 4  # shorter lines are headings / captions, not reports


@dataclass(frozen=True)
class Knowledge:
    actors: object  # etl.actors.ActorDictionary
    gazetteer: object  # etl.gazetteer.Gazetteer
    triggers: TriggerSet


def load_knowledge(knowledge_dir: Path | str) -> Knowledge:
    """Actor dictionary, gazetteer and trigger/cue words from the knowledge folder (load once)."""
    from etl.actors import load_actors
    from etl.gazetteer import load_gazetteer

    return Knowledge(load_actors(knowledge_dir), load_gazetteer(knowledge_dir), load_triggers(knowledge_dir))


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
    scores: Counter = Counter()
    first: dict[str, object] = {}
    for m in mentions:
        if m.actor.inter not in ARMED_NON_STATE:
            continue
        marked = any(0 <= m.start - c.end <= 14 or 0 <= c.start - m.end <= 2 for c in markers)
        scores[m.actor.name] += (0.5 if m.generic else 1.0) + (1.0 if marked else 0.0)
        first.setdefault(m.actor.name, m.actor)
    if not scores:
        return None
    best = max(scores.values())
    return next(a for name, a in first.items() if scores[name] == best)


def _resolve_actors(mentions: list, cues: list = ()) -> tuple[list, object | None]:
    """(start, end, actor) with generic words ("التنظيم", "the group") of armed groups pointing at the
    group the article names: their own actor when it is named, else the most named armed non-state
    group. "Islamic State gunmen": a generic "gunmen" right after a named actor is part of it."""
    named_names = {m.actor.name for m in mentions if not m.generic}
    main = _main_group(mentions, cues)
    out = []
    for i, m in enumerate(mentions):
        actor = m.actor
        if m.generic and actor.inter in ARMED_NON_STATE and actor.name not in named_names and main is not None:
            actor = main
        if actor.name.startswith("Unidentified") and out and m.start - out[-1][1] <= 1:
            continue
        out.append((m.start, m.end, actor))
    group = main
    owners = [m.actor for m in mentions if m.generic and m.actor.name in named_names
              and m.actor.inter in ARMED_NON_STATE]
    if owners:
        group = owners[0]
    return out, group


def _scan(article, knowledge: Knowledge) -> tuple[ArticleScan, object | None]:
    from etl.text.dates import find_dates
    from etl.text.numbers import find_numbers

    text, lang = article.text, (article.language or "ar")
    norm = normalize(text)
    mentions = knowledge.actors.find(text, lang)
    places = knowledge.gazetteer.find(text, lang)
    if places:
        places = knowledge.gazetteer.resolve(places)
    # a place inside an actor's name ("Tahrir al-Sham", "مجلس دير الزور العسكري") is not a location
    places = [p for p in places if not any(m.start <= p.start and p.end <= m.end for m in mentions)]
    dates = sorted(find_dates(text, article.published, lang), key=lambda d: d.start)
    in_date = bytearray(len(text) + 1)
    for d in dates:
        in_date[d.start:d.end] = b"\x01" * (d.end - d.start)
    numbers = [n for n in find_numbers(text, lang) if not in_date[n.start]]
    triggers, cues = knowledge.triggers.find(norm, lang)
    cues = [c for c in cues if not in_date[c.start]]
    actors, group = _resolve_actors(mentions, cues)
    actors = sorted(actors + _national_mentions(text, cues, actors, knowledge), key=lambda m: m[0])
    specific = [p for p in places if p.place is not None and _is_specific(p.place)]
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
    spans = [(m[0], m[1]) for m in actors]
    triggers = [t for t in triggers if EVENT_TYPE_OF[t.item.sub_event_type] in _NAMED_BY_ACTOR
                or not any(a <= t.start and t.end <= b for a, b in spans)]
    scan = ArticleScan(text, lang, article.published, triggers,
                       cues, actors, places, dates, numbers, default)
    return scan, group


def _national_mentions(text: str, cues: list, actors: list, knowledge: Knowledge) -> list:
    """"قوات أمريكية", "Turkish troops", "Russian jets": a nationality beside a forces word is
    that state's forces (when the dictionary did not already name them there)."""
    found = []
    for c in cues:
        if c.item.cue != "nationality":
            continue
        before = _FORCES_BEFORE.search(text, max(0, c.start - 12), c.start)
        after = _FORCES_AFTER.match(text, c.end)
        if not before and not after:
            continue
        start, end = (before.start(), c.end) if before else (c.start, after.end())
        if any(m[0] < end and start < m[1] for m in actors):
            continue
        name = knowledge.triggers.nationality_actor.get(c.item.pattern)
        actor = knowledge.actors.by_name(name) if name else None
        if actor is not None:
            found.append((start, end, actor))
    return found


def _is_specific(place) -> bool:
    return bool(getattr(place, "admin1", None) or getattr(place, "admin1_pcode", None))


def _days_later(text: str, unit: tuple[int, int]) -> int | None:
    """Days after the previous date: "two days later", "the next day", "في اليوم التالي", "بعد يومين"."""
    m = _LATER.search(text, unit[0], unit[1])
    if not m:
        return None
    if m.group("one"):
        return 1
    if m.group("two"):
        return 2
    words = m.group("n_en") or m.group("n_ar")
    return parse_number(words) if words else None


def _clause_before(text: str, start: int, trigger_start: int) -> str:
    """The words between the trigger and the last clause mark before it (within the unit)."""
    cut = max(text.rfind(mark, start, trigger_start) for mark in ("،", ",", "؛", ";"))
    return text[max(start, cut + 1):trigger_start]


def _sentence_context(scan: ArticleScan, context: dict, dates: list, sentence: tuple[int, int]) -> None:
    """What the next sentence inherits when this one reported no event: its last dated mention
    (not background, not future) and its last specific place."""
    if context["date"] is None:
        for d in reversed(dates):
            date = date_of_mention(d, scan.published, "previous")
            if not date[3] and (scan.published is None or date[0] <= scan.published):
                context["date"] = date
                break
    if context["place"] is None:
        for m in reversed(scan.places):
            if sentence[0] <= m.start < sentence[1] and m.place is not None and _is_specific(m.place):
                context["place"] = (m, m.geo_precision or 1, "previous")
                break


def _units(text: str, sentence: tuple[int, int], triggers: list, dates: list = (),
           after_refs: list = ()) -> list[tuple[tuple[int, int], object, bool]]:
    """(unit span, best trigger, is_relative) per event unit of the sentence."""
    s, e = sentence
    cuts = [c[0] for c in split_clauses(text, s, e)]
    segment = text[s:e]
    for word in _RELATIVE_WORDS:
        pos = segment.find(word)
        while pos != -1:
            cuts.append(s + pos + (1 if word.startswith(" ") else 0))
            pos = segment.find(word, pos + 1)
    cuts = sorted(set(c for c in cuts if s <= c < e) | {s})
    clauses = [(c, cuts[i + 1] if i + 1 < len(cuts) else e) for i, c in enumerate(cuts)]
    picked: list[list] = []  # [clause_index, trigger]
    for t in triggers:
        idx = max(i for i, c in enumerate(clauses) if c[0] <= t.start)
        if picked:
            prev_idx, prev = picked[-1]
            weak = any(x.item.role_hint == "fallback" for x in (t, prev)) or t.item.weight < _OWN_EVENT_WEIGHT
            dated_between = any(prev.end <= d.start and d.end <= t.start for d in dates)
            same_kind = prev.item.concept == t.item.concept and not dated_between
            after_ref = any(a.end <= t.start and t.start - a.end <= 3 for a in after_refs)
            if idx == prev_idx or weak or same_kind or after_ref:
                prev_rank = (prev.item.role_hint == "fallback", -prev.item.weight)
                better = prev_rank > (t.item.role_hint == "fallback", -t.item.weight)
                if better and not (after_ref and prev.item.role_hint != "fallback"):
                    picked[-1] = [idx, t]  # ("escaped ... after a riot": the riot is context)
                continue
        picked.append([idx, t])
    units = []
    for k, (idx, t) in enumerate(picked):
        # a unit runs from the clause after the previous event's trigger clause to the start of the
        # next event's trigger clause (clauses in between belong to both neighbours)
        u_start = s if k == 0 else clauses[min(picked[k - 1][0] + 1, idx)][0]
        u_end = clauses[picked[k + 1][0]][0] if k + 1 < len(picked) else e
        relative = any(text.startswith(w.strip(), clauses[idx][0]) for w in _RELATIVE_WORDS)
        units.append(((u_start, u_end), t, relative))
    return units


def extract_events(article, knowledge: Knowledge) -> list[dict]:
    """Canonical candidate events reported by one article (see module docstring)."""
    if not article.text or not article.text.strip():
        return []
    scan, group = _scan(article, knowledge)
    lang = scan.language
    sentences = split_sentences(scan.text, lang)
    candidates: list[dict] = []
    previous = {"place": None, "date": None, "actor1": None}
    seen_ids: set[str] = set()
    cue_starts = [c.start for c in scan.cues]
    trigger_starts = [t.start for t in scan.triggers]
    date_starts = [d.start for d in scan.dates]
    actor_starts = [m[0] for m in scan.actors]
    whole = scan
    for sentence in sentences:
        s, e = sentence
        # the sentence's own cues and actors (everything below looks inside the sentence)
        scan = replace(whole, cues=whole.cues[bisect_left(cue_starts, s):bisect_left(cue_starts, e)],
                       actors=whole.actors[bisect_left(actor_starts, s):bisect_left(actor_starts, e)])
        s_triggers = [t for t in whole.triggers[bisect_left(trigger_starts, s):bisect_left(trigger_starts, e)]
                      if t.end <= e and not refers_back(scan, t)]
        if s_triggers and len(scan.text[s:e].split()) < _MIN_SENTENCE_WORDS:
            s_triggers = []
        s_dates = [d for d in whole.dates[bisect_left(date_starts, s):bisect_left(date_starts, e)] if d.end <= e]
        s_refs = [c for c in scan.cues if c.item.cue == "after_ref" and s <= c.start < e]
        units = _units(scan.text, sentence, s_triggers, s_dates, s_refs) if s_triggers else []
        if not units and candidates:
            attribute_last(scan, candidates[-1])
            if not s_dates and not has_cue(scan, "background", s, e):
                # "More than 30 people were wounded." right after the event: its missing counts
                more = assign_counts(scan.text, scan.cues, scan.numbers, sentence,
                                     [(m[0], m[1]) for m in scan.actors])
                for name, value in more.items():
                    if value is not None and candidates[-1][name] is None:
                        candidates[-1][name] = value
        relative_spans = [u[0] for u in units if u[2]]
        context = {"place": None, "date": None, "actor1": None}
        prev_unit_roles = None
        for unit, trigger, relative in units:
            if is_blocked(scan, trigger, unit, s_triggers):
                continue
            frame_end, pronoun = speech_frame_end(scan.text, scan.cues, unit[0], trigger.start)
            speakers = [m for m in scan.actors if unit[0] <= m[0] and m[1] <= frame_end]
            speaker = speakers[0][2] if speakers else previous["actor1"]
            roles = assign_roles(scan.text, scan.actors, scan.cues, trigger, unit, frame_end,
                                 speaker, pronoun, trigger.item.kind == "verb", tuple(s_triggers))
            if roles.actor1 is None and prev_unit_roles is not None and not relative \
                    and prev_unit_roles.actor1 is not roles.actor2 \
                    and len(_clause_before(scan.text, unit[0], trigger.start).split()) <= 2:
                roles.actor1 = prev_unit_roles.actor1  # "..., detaining dozens": the same subject
            if relative and prev_unit_roles is not None:
                antecedent = [m for m in scan.actors if s <= m[0] and m[1] <= unit[0]]
                if roles.actor1 is None:
                    roles.actor1 = prev_unit_roles.actor1
                if roles.actor2 is None and antecedent and antecedent[-1][2] is not roles.actor1:
                    roles.actor2 = antecedent[-1][2]
            if roles.actor1 is None and trigger.item.role_hint in ("against_group", "territory") \
                    and previous["actor1"] is not None and previous["actor1"] is not roles.actor2:
                roles.actor1 = previous["actor1"]  # "وأعلنت أنها ..." / "وتم خلالها ضبط": the last subject
            if roles.actor1 is None:
                roles.actor1 = national_forces(scan, trigger, knowledge)
            if roles.actor2 is None and trigger.item.role_hint in ("against_group", "territory") and candidates \
                    and roles.actor1 is not None and candidates[-1]["actor1"] == roles.actor1.name \
                    and candidates[-1]["actor2"]:  # the same force, the same adversary as just before
                roles.actor2 = knowledge.actors.by_name(candidates[-1]["actor2"])
            prev_unit_roles = roles
            skip = [(m[0], m[1]) for m in scan.actors if unit[0] <= m[0] < unit[1]] + \
                [(d.start, d.end) for d in s_dates]
            counts = assign_counts(scan.text, scan.cues, scan.numbers, unit, skip)
            if is_habitual(scan, trigger, unit, counts):
                continue
            place = choose_place(scan, unit, sentence, frame_end, previous["place"])
            if trigger.item.role_hint == "fallback" and not any(v is not None for v in counts.values()) \
                    and not (place[2] == "unit" and _is_specific(place[0].place) and roles.actor1 is not None):
                continue  # a weak word ("هجمات", "explosion") alone, with nothing concrete, is no event
            date = choose_date(scan, unit, sentence, frame_end, previous["date"], relative,
                               [r for r in relative_spans if r != unit])
            if date is None or (scan.published is not None and date[0] > scan.published):
                continue  # no date at all, or a future one (a plan, not an event)
            later = _days_later(scan.text, unit)
            if later is not None and previous["date"] is not None and date[2] != "unit":
                # "Two days later ...", "في اليوم التالي": counted from the previous sentence's date
                base = previous["date"]
                day = base[0] + dt.timedelta(days=later)
                if scan.published is None or day <= scan.published:
                    date = (day, base[1], "unit", base[3], (base[4][0] + dt.timedelta(days=later),
                                                            base[4][1] + dt.timedelta(days=later)))
            if date[1] == 1 and has_cue(scan, "duration", unit[0], unit[1]):
                # "in an operation that lasted several days", reported on a day: within a week
                date = (date[0], 2, date[2], date[3], (date[0] - dt.timedelta(days=7), date[0]))
            if not date[3] and (
                    (date[2] != "unit" and has_cue(scan, "background", s, trigger.start))
                    or has_cue(scan, "background", max(s, trigger.start - 14), trigger.start)):
                date = (*date[:3], True, date[4])  # "ومنذ إعلانه ... سيطرته", "months of fighting"
            if refers_to_reported(scan, trigger, unit, date, counts, candidates, roles):
                continue
            event = build_event(article, scan, trigger, roles, counts, place, date, sentence, unit, group,
                                knowledge.actors)
            if continues_reported(scan, trigger, date, candidates):
                absorb(candidates[-1], event)  # more precise date/place, counts, actors; both sentences cited
                continue
            if event["event_id"] in seen_ids:
                event["event_id"] = f"{event['event_id']}-{unit[0]}"
            seen_ids.add(event["event_id"])
            candidates.append(event)
            if place[0] is not None and place[2] in ("unit", "sentence", "previous"):
                context["place"] = place  # a round-up's next sentence stays where it was
            if date[2] in ("unit", "sentence", "previous") and not date[3]:
                context["date"] = date
            if roles.actor1 is not None:
                context["actor1"] = roles.actor1
        _sentence_context(whole, context, s_dates, sentence)
        previous = context
        if previous["actor1"] is None:
            subjects = [m for m in scan.actors if s <= m[0] and m[1] <= e]
            previous["actor1"] = subjects[0][2] if subjects else None
    return merge_events(protests_met_with_force(candidates))

"""Events from one news article: the stages mentions -> units -> slots -> discourse -> record.

`extract_events(article, knowledge) -> list[dict]` returns canonical candidate records (every
etl.schema.EVENT_COLUMNS key, origin "article", evidence with offsets into article.text, plus
`merged_sources`, `article_ref`, `date_estimated` and `activity` — the trigger's concept, e.g.
"curfew" — for etl.dedup), duplicates inside the article already merged.

Stages (each module documents its rules): etl.extract.mentions finds what the text names;
etl.extract.units cuts sentences into clauses that carry an event word; etl.extract.roles and
etl.extract.slots fill who, against whom, how many, where and when; etl.extract.discourse decides
what a unit is in its context (negated, planned, habitual, a back-reference to a reported event, the
same incident as another unit); etl.extract.record builds the record and its confidence.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from functools import lru_cache
from dataclasses import replace

from etl.dedup import absorb, merge_events
from etl.extract.discourse import (
    as_seized_weapons, attribute_last, continues_reported, corrects_reported_day, earlier_kinds, has_cue, is_blocked,
    is_definite, is_habitual, names_no_event, national_forces, protests_met_with_force, refers_back,
    refers_to_reported,
)
from etl.extract.incidents import listed_places, merge_incidents, split_by_places
from etl.extract.mentions import ArticleScan, Knowledge, find_mentions, is_specific
from etl.extract.record import build_event, calibrated, name_unknown_perpetrators, place_fields, settle_types
from etl.extract.counts import assassination_toll, assign_counts
from etl.extract.roles import assign_roles, speech_frame_end
from etl.extract.slots import choose_date, choose_place, days_later, sentence_context
from etl.schema import EVENT_TYPE_OF
from etl.extract.units import MIN_SENTENCE_WORDS, clause_before, event_units
from etl.text.dates import date_in_url, find_dates, weekday_dated_day
from etl.text.sentences import split_sentences


_WEEK = 7
_ATTACKERS = re.compile(r"(?<!\w)[وف]?(?:ال|لل)مهاجم(?:ين|ون)(?!\w)|\bthe (?:attackers|assailants)\b", re.IGNORECASE)


def _last_attacker(text: str, unit: tuple[int, int], candidates: list, knowledge):
    """The named initiator of the last violent event when this unit speaks of "the attackers"
    ("المهاجمين", "the assailants"), else None."""
    if not candidates or not _ATTACKERS.search(text, unit[0], unit[1]):
        return None
    last = candidates[-1]
    if EVENT_TYPE_OF[last["sub_event_type"]] == "Strategic developments" or not last["actor1"] \
            or last["actor1"].startswith("Unidentified"):
        return None
    return knowledge.actors.by_name(last["actor1"])
# between "بعد"/"after" and the event it names: "بعد أيام من هجوم", "days after an attack" (English puts the
# span before "after"); up to 3 characters otherwise
_TIME_GAP = re.compile(r"\s{0,3}(?:(?:أيام|ايام|ساعات|أسابيع|اسابيع|يومين|يوم|ساعة|ساعه|أسبوع|اسبوع|شهر|أشهر|اشهر)"
                       r"(?:\s+قليلة|\s+قليله)?\s+(?:من|على)\s+)?")


@lru_cache(maxsize=4)  # an undated article asks twice: for its anchor, then for its events' own dates
def _fixed_by_text(text: str, language: str) -> tuple:
    """The dates the text fixes by itself, needing no publication date ("25 كانون الأول 2022")."""
    return tuple(find_dates(text, None, language))


def anchor_date(article, today: dt.date | None = None) -> tuple[dt.date, bool]:
    """(the date relative expressions count from, whether it is only estimated): the publication
    date, else the date in the article's URL path (/2015/2/24/), else (estimated) the week after the
    latest day the text dates by weekday and day ("الثلاثاء 11 أيلول" fell on a Tuesday in 2018) or, if
    none, by a full date ("25 كانون الأول 2022"), else the import date."""
    if article.published is not None:
        return article.published, False
    from_url = date_in_url(article.url)
    if from_url is not None:
        return from_url, False
    today = today or dt.date.today()
    named = weekday_dated_day(article.text, today, article.language or "ar")
    if named is None:  # "في 25 كانون الأول/ديسمبر 2022": news is reported within days of the latest day it dates
        days = [d.date_start for d in _fixed_by_text(article.text, article.language or "ar")
                if d.time_precision == 1 and d.kind == "absolute" and d.date_start <= today]
        named = max(days, default=None)
    return (min(today, named + dt.timedelta(days=_WEEK)) if named else today), True


def extract_events(article, knowledge: Knowledge, today: dt.date | None = None,
                   background: bool = False) -> list[dict]:
    """Canonical candidate events reported by one article (see module docstring). An article with no
    known publication date loses no event: dates count from `anchor_date`, and an event whose date
    depends on an estimated anchor gets time_precision >= 3 and date_estimated. Background mentions
    (an event over a year before the report, "since 2014", "months of fighting") are not the
    article's news and are left out; `background=True` keeps them, at confidence < 0.5."""
    if not article.text or not article.text.strip():
        return []
    anchor, estimated = anchor_date(article, today)
    fixed = _fixed_by_text(article.text, article.language or "ar") if estimated else ()
    events = _extract(replace(article, published=anchor), knowledge)
    for event in events:
        event["article_ref"] = article.ref
        event["date_estimated"] = estimated and not any(
            d.date_start <= event["event_date"] <= d.date_end for d in fixed)
        if event["date_estimated"]:
            event["time_precision"] = max(event["time_precision"], 3)
    return [calibrated(event) for event in events if background or not event["background"]]


def _extract(article, knowledge: Knowledge) -> list[dict]:
    scan, group = find_mentions(article, knowledge)
    lang = scan.language
    sentences = split_sentences(scan.text, lang)
    candidates: list[dict] = []
    previous = {"place": None, "date": None, "actor1": None}
    seen_ids: set[str] = set()
    cue_starts = [c.start for c in scan.cues]
    trigger_starts = [t.start for t in scan.triggers]
    date_starts = [d.start for d in scan.dates]
    actor_starts = [m[0] for m in scan.actors]
    place_starts = [m.start for m in scan.places]
    number_starts = [n.start for n in scan.numbers]
    earlier = earlier_kinds(scan.triggers)
    whole = scan
    for sentence in sentences:
        s, e = sentence
        # the sentence's own mentions (everything below looks inside the sentence; linear in the text)
        scan = ArticleScan(whole.text, whole.language, whole.published, whole.triggers,
                           cues=whole.cues[bisect_left(cue_starts, s):bisect_left(cue_starts, e)],
                           actors=whole.actors[bisect_left(actor_starts, s):bisect_left(actor_starts, e)],
                           places=whole.places[bisect_left(place_starts, s):bisect_left(place_starts, e)],
                           dates=whole.dates[bisect_left(date_starts, s):bisect_left(date_starts, e)],
                           numbers=whole.numbers[bisect_left(number_starts, s):bisect_left(number_starts, e)],
                           default_place=whole.default_place)
        first = bisect_left(trigger_starts, s)
        in_sentence = whole.triggers[first:bisect_left(trigger_starts, e)]
        s_triggers = [t for i, t in enumerate(in_sentence, first)
                      if t.end <= e and not refers_back(scan, t, earlier[i]) and not names_no_event(scan, t)]
        if s_triggers and len(scan.text[s:e].split()) < MIN_SENTENCE_WORDS:
            s_triggers = []
        s_dates = [d for d in whole.dates[bisect_left(date_starts, s):bisect_left(date_starts, e)] if d.end <= e]
        s_refs = [c for c in scan.cues if c.item.cue == "after_ref" and s <= c.start < e]
        outcomes = [c for c in scan.cues if c.item.cue in ("killed", "injured") and s <= c.start < e]
        units = event_units(scan.text, sentence, s_triggers, s_dates, s_refs, outcomes) if s_triggers else []
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
            trigger = as_seized_weapons(scan, trigger, unit)
            frame_end, pronoun = speech_frame_end(scan.text, scan.cues, unit[0], trigger.start)
            speakers = [m for m in scan.actors if unit[0] <= m[0] and m[1] <= frame_end]
            speaker = speakers[0][2] if speakers else previous["actor1"]
            roles = assign_roles(scan.text, scan.actors, scan.cues, trigger, unit, frame_end,
                                 speaker, pronoun, trigger.item.kind == "verb", tuple(s_triggers))
            if roles.actor1 is None and prev_unit_roles is not None and not relative \
                    and not any(c.start == unit[0] for c in s_refs) \
                    and prev_unit_roles.actor1 is not roles.actor2 \
                    and len(clause_before(scan.text, unit[0], trigger.start).split()) <= 2:
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
            national = national_forces(scan, trigger, knowledge)
            if national is not None and not roles.cues_found & {"agent", "claim", "speaker"}:
                if roles.actor1 is not None and roles.actor1 is not national and roles.actor2 is None:
                    roles.actor2 = roles.actor1  # "ضربة جوية روسية" on the group named before it
                roles.actor1 = national  # "غارة تركية", "a Turkish drone strike": that state's forces
            if roles.actor1 is None and group is not None and group is not roles.actor2 \
                    and trigger.item.concept in ("clash", "attack", "suicide") and is_definite(scan, trigger):
                roles.actor1 = group  # "قتل في الهجوم ...": the attack the article is about, by its group
            attacker = _last_attacker(scan.text, unit, candidates, knowledge) if roles.actor1 is None else None
            if attacker is not None and attacker is not roles.actor2:
                roles.actor1 = attacker  # "اشتباكات بين المهاجمين والأسايش": who attacked in the last event
            if roles.actor2 is None and trigger.item.role_hint in ("against_group", "territory") and candidates \
                    and roles.actor1 is not None and candidates[-1]["actor1"] == roles.actor1.name \
                    and candidates[-1]["actor2"]:  # the same force, the same adversary as just before
                roles.actor2 = knowledge.actors.by_name(candidates[-1]["actor2"])
            prev_unit_roles = roles
            skip = [(m[0], m[1]) for m in scan.actors if unit[0] <= m[0] < unit[1]] + \
                [(d.start, d.end) for d in s_dates]
            # "حظر تجوال بعد انفجار سيارة أودى بحياة 5": the toll after "بعد <event>" is that event's
            told_after = [c.start for c in s_refs if trigger.end <= c.start < unit[1] and any(
                c.end <= t.start and t.item.concept != trigger.item.concept and _TIME_GAP.fullmatch(scan.text, c.end, t.start)
                for t in in_sentence)]
            counts = assign_counts(scan.text, scan.cues, scan.numbers, (unit[0], min([unit[1], *told_after])), skip)
            if counts["fatalities"] is None:
                counts["fatalities"] = assassination_toll(scan.text, trigger, unit)
            if is_habitual(scan, trigger, unit, counts):
                continue
            place = choose_place(scan, unit, sentence, frame_end, previous["place"])
            if trigger.item.role_hint == "fallback" and not any(v is not None for v in counts.values()) \
                    and not (place[2] == "unit" and is_specific(place[0].place) and roles.actor1 is not None):
                continue  # a weak word ("هجمات", "explosion") alone, with nothing concrete, is no event
            date = choose_date(scan, unit, sentence, frame_end, previous["date"], relative,
                               [r for r in relative_spans if r != unit])
            if date is None or (scan.published is not None and date[0] > scan.published):
                continue  # no date at all, or a future one (a plan, not an event)
            later = days_later(scan.text, unit)
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
            if not date[3] and date[2] != "unit" and (  # a date of its own: only its age makes it background
                    has_cue(scan, "background", s, trigger.start)
                    or has_cue(scan, "background", max(s, trigger.start - 14), trigger.start)):
                date = (*date[:3], True, date[4])  # "ومنذ إعلانه ... سيطرته", "months of fighting"
            if refers_to_reported(scan, trigger, unit, date, counts, candidates, roles):
                continue
            event = build_event(article, scan, trigger, roles, counts, place, date, sentence, unit, group,
                                knowledge.actors)
            if corrects_reported_day(scan, trigger, unit, date, candidates):
                for key in ("event_date", "time_precision", "date_estimated", "date_origin"):  # the day it happened
                    candidates[-1][key] = event[key]
            if continues_reported(scan, trigger, date, candidates):
                absorb(candidates[-1], event)  # more precise date/place, counts, actors; both sentences cited
                continue
            if event["event_id"] in seen_ids:
                event["event_id"] = f"{event['event_id']}-{unit[0]}"
            seen_ids.add(event["event_id"])
            listed = listed_places(scan, unit) if place[2] == "unit" else []
            for one in split_by_places(event, listed, place_fields) if listed else [event]:
                seen_ids.add(one["event_id"])
                candidates.append(one)
            if place[0] is not None and place[2] in ("unit", "sentence", "previous"):
                context["place"] = place  # a round-up's next sentence stays where it was
            if date[2] in ("unit", "sentence", "previous") and not date[3]:
                context["date"] = date
            if roles.actor1 is not None:
                context["actor1"] = roles.actor1
        sentence_context(scan, context, s_dates, sentence)
        previous = context
        if previous["actor1"] is None:
            subjects = [m for m in scan.actors if s <= m[0] and m[1] <= e]
            previous["actor1"] = subjects[0][2] if subjects else None
    events = merge_incidents(merge_events(protests_met_with_force(candidates)))
    return name_unknown_perpetrators(settle_types(events), knowledge.actors)

"""Discourse rules of event extraction: what a sentence's wording says about its event word.

- negation, denial and intent ("نفى", "لم", "denied", "will", "ستشن", "قد تشن", "in the coming weeks")
  block an event word they govern (not one governed by another event word in between);
- habits and trends ("frequently", "عمليات اغتيال متكررة", "intensified") are not events unless dated
  and counted;
- back-references ("إثر الهجوم", "after the attack", "ISIS claimed the attack", "the attack killed six")
  add to the reported event instead of making a new one; a blaming/claiming sentence with no event
  word names the last event's initiator;
- "a Turkish drone strike" / "غارة تركية": the state's forces when nobody else is named;
- a protest met with force is one event (the intervention).
"""

from __future__ import annotations

import re
from dataclasses import replace

from etl.dedup import date_window
from etl.extract.roles import named_accuser
from etl.extract.units import names_definite
from etl.schema import EVENT_TYPE_OF

NEGATION_WINDOW_TOKENS = 3
AGAINST_PROTESTERS = ("Protest with intervention", "Excessive force against protesters")
_FUTURE = re.compile(r"مقبل|قادم|upcoming|coming|next")
_DEFINITE_AR = re.compile(r"^[وف]?[بلك]?(?:ال|لل)")
_BARE_END = re.compile(r"\s*[،,.;؛:]")
_HABIT_REACH = 40
_ONE_ADJECTIVE = re.compile(r"\s+(?:جوي|مدفعي|صاروخي|عنيف|مكثف|جديد)[ةه]?\s+")  # "غارات جوية روسية"
# a definite noun that may name back an event of another activity: "وتأتي الحملة" after raids and arrests
_ALSO_NAMED = {"campaign": ("raid", "arrest")}
_WEAPON_CONCEPTS = ("ied", "suicide", "grenade", "shelling", "chemical")
_SEIZURE_REACH = 45  # characters between a seizure word and the weapon it governs  # characters between a habit word and the event word it describes


def earlier_kinds(triggers: list) -> dict[int, bool]:
    """For each trigger (by position in the list), whether an event word of its kind (or a clash word)
    came before it in the article, strong enough to report an event: one pass, not one per trigger."""
    seen: set[str] = set()
    out = {}
    for i, t in enumerate(triggers):
        out[i] = t.item.concept in seen or "clash" in seen
        if t.item.role_hint != "fallback":
            seen.add(t.item.concept)
    return out


def refers_back(scan, trigger, earlier: bool) -> bool:
    """"إثر الهجوم" / "after the attack": a definite event noun after إثر/بعد/after names an event
    reported elsewhere (`earlier`: one of its kind came before), not a new one."""
    word = scan.text[trigger.start:trigger.end]
    before = scan.text[max(0, trigger.start - 24):trigger.start]
    definite = bool(_DEFINITE_AR.match(word)) or before.lower().rstrip().endswith("the")
    if not definite:
        return False
    bare = bool(_BARE_END.match(scan.text, trigger.end))  # "إثر الهجوم،": nothing said about it here
    if not earlier and not bare:  # "بعد السيطرة على الباغوز" with nothing reported before: the news
        return False
    return any(c.item.cue == "after_ref" and 0 <= trigger.start - c.end <= 6 for c in scan.cues) or any(
        c.item.cue == "after_ref" and c.end <= trigger.start and trigger.start - c.end <= 10
        and before.lower().rstrip().endswith("the") for c in scan.cues)


def is_definite(scan, trigger) -> bool:
    """The event word is definite: Arabic ال-form, or English "the <word>" (it refers back)."""
    return names_definite(scan.text, trigger)


def refers_to_reported(scan, trigger, unit, date, counts, candidates, roles) -> bool:
    """"ISIS claimed responsibility for the attack", "the attack killed six": a definite event noun
    with no date of its own tells more about the last reported event of that kind (its initiator,
    its counts) instead of reporting a new one."""
    if not candidates or date[2] == "unit" or not is_definite(scan, trigger):
        return False
    last = candidates[-1]
    generic_attack = trigger.item.concept == "clash" and trigger.item.weight <= 0.6
    if generic_attack:  # "الاستهداف تزامن مع ...": the last violent event, past a reinforcement or a curfew
        last = next((c for c in reversed(candidates[-3:])
                     if EVENT_TYPE_OF[c["sub_event_type"]] != "Strategic developments"), last)
    if not (generic_attack and EVENT_TYPE_OF[last["sub_event_type"]] != "Strategic developments") \
            and last.get("activity") != trigger.item.concept \
            and last.get("activity") not in _ALSO_NAMED.get(trigger.item.concept, ()):
        return False
    if last["actor1"] is None and roles.actor1 is not None and roles.actor1.name != last["actor2"]:
        _set_initiator(last, roles.actor1)
    if last["actor2"] is None and roles.actor2 is not None and roles.actor2.name != last["actor1"]:
        last["actor2"], last["inter2"] = roles.actor2.name, roles.actor2.inter
    for name, value in counts.items():
        if value is not None and (last[name] is None or value > last[name]):
            last[name] = value
    last["confidence"] = min(0.98, round(last["confidence"] + 0.03, 2))
    return True


def continues_reported(scan, trigger, date, candidates) -> bool:
    """"The SDF said the raid took place on Tuesday in Suwaydan": a definite event noun of the last
    reported event's kind, dated within its window, gives details of that event (merge, not new)."""
    if not candidates or date[2] != "unit" or not is_definite(scan, trigger):
        return False
    last = candidates[-1]
    window = date_window(last)
    return last.get("activity") == trigger.item.concept and window is not None \
        and window[0] <= date[0] <= window[1]


_PLUPERFECT = re.compile(r"(?<!\w)[وف]?(?:كان|كانت|كانوا)(?!\w)|\bhad\b", re.IGNORECASE)


def corrects_reported_day(scan, trigger, unit, date, candidates) -> bool:
    """"أعلنت مصادر اليوم الأحد مقتل ثلاثة بهجوم ... وأضافت أن الهجوم وقع ليلة السبت": a definite event noun of
    the last event's kind dated 1-3 days before it, when that event got the report's own day, tells the
    day it happened (the same event, an earlier day)."""
    if not candidates or date[2] != "unit" or scan.published is None or not is_definite(scan, trigger) \
            or trigger.item.role_hint == "territory":  # a town taken twice in three days is two events
        return False
    if _PLUPERFECT.search(scan.text, unit[0], trigger.start):
        return False  # "وكانت المواجهات اندلعت يوم الأحد": how it began, before the renewed fighting
    last = candidates[-1]
    window = date_window(last)
    return last.get("activity") == trigger.item.concept and window is not None \
        and window[0] == window[1] == scan.published and 1 <= (scan.published - date[0]).days <= 3


def protests_met_with_force(candidates: list[dict]) -> list[dict]:
    """ACLED codes a protest met with intervention or force once, as the intervention: a peaceful
    protest reported in the same sentence as one is dropped (its crowd becomes actor2)."""
    forced = {e["evidence_start"]: e for e in candidates if e["sub_event_type"] in AGAINST_PROTESTERS}
    out = []
    for event in candidates:
        other = forced.get(event["evidence_start"])
        if event["sub_event_type"] == "Peaceful protest" and other is not None:
            if other["actor2"] is None and event["actor1"]:
                other["actor2"], other["inter2"] = event["actor1"], event["inter1"]
            continue
        out.append(event)
    return out


def national_forces(scan, trigger, knowledge):
    """"a Turkish drone strike", "غارة تركية", "عدواناً جوياً إسرائيلياً": the state's forces, when the
    adjective is right before (English) or right after (Arabic) the trigger."""
    for c in scan.cues:
        if c.item.cue != "nationality":
            continue
        # not the forces that undergo the event ("تعرضت دورية للقوات الأمريكية لهجوم": the target's)
        # nor an adjective inside an actor's name ("Syrian rebels shelled": the rebels did)
        before = 0 <= trigger.start - c.end <= 8 and len(scan.text[c.end:trigger.start].split()) <= 1 \
            and not any(u.item.cue == "undergo" and 0 <= c.start - u.end <= 60 for u in scan.cues) \
            and not any(m[0] <= c.start and c.end <= m[1] for m in scan.actors)
        after = 0 <= c.start - trigger.end <= 2 or bool(_ONE_ADJECTIVE.fullmatch(scan.text, trigger.end, c.start))
        if before or after:
            name = knowledge.triggers.nationality_actor.get(c.item.pattern)
            actor = knowledge.actors.by_name(name) if name else None
            if actor is not None:
                return actor
    return None


def _set_initiator(event: dict, actor) -> None:
    event["actor1"], event["inter1"] = actor.name, actor.inter
    short = actor.name.split(":")[0]
    if event.get("notes"):
        event["notes"] = event["notes"].replace("unidentified actor", short, 1).replace(
            "Unidentified actor", short, 1)


def attribute_last(scan, last: dict) -> None:
    """"The government blamed Islamic State." / "وتبنى تنظيم داعش ...": a sentence with no event word
    that blames or claims names the initiator of the last reported event, if it had none."""
    if last["actor1"] is not None:
        return
    for c in scan.cues:
        if c.item.cue not in ("claim", "claim_by", "accuse") or (
                c.item.cue == "accuse" and not named_accuser(c, scan.cues)):
            continue
        for start, end, actor in scan.actors:  # "وتبنى تنظيم داعش", "Islamic State claimed ..."
            near = (c.item.cue != "claim" and 0 <= start - c.end <= 25) or (
                c.item.cue == "claim" and 0 <= c.start - end <= 10)
            if near and actor.inter != "Civilians" and actor.name != last["actor2"]:
                _set_initiator(last, actor)
                return


def is_habitual(scan, trigger, unit: tuple[int, int], counts: dict) -> bool:
    """"Turkey frequently carries out strikes", "عمليات اغتيال متكررة", "jets intensified their
    bombardment": a habit or a trend, unless the unit gives both a date and a count."""
    if not any(c.item.cue == "habitual" and unit[0] <= c.start < unit[1]
               and (abs(c.start - trigger.end) <= _HABIT_REACH or abs(trigger.start - c.end) <= _HABIT_REACH)
               for c in scan.cues):
        return False
    own_date = any(unit[0] <= d.start < unit[1] for d in scan.dates)
    return not (own_date and any(v is not None for v in counts.values()))


def names_no_event(scan, trigger) -> bool:
    """"الخاضعة لسيطرة", "ساحة التحرير", "للسيطرة على", "reconnaissance flights": an event word inside a
    phrase that reports no event (cue data: not_event). Such a word makes no event unit at all, so it
    never hides another event word of its clause."""
    return any(c.item.cue == "not_event" and c.start <= trigger.start < c.end for c in scan.cues)


def as_seized_weapons(scan, trigger, unit: tuple[int, int]):
    """"ضبطت ... قذائف هاون", "بحوزتهم أحزمة ناسفة", "found a cache of IEDs": weapons seized or found are
    disrupted weapons use, not an attack: the trigger recoded so (else the trigger as it is)."""
    if trigger.item.concept in _WEAPON_CONCEPTS and any(
            c.item.cue == "seizure" and unit[0] <= c.start and 0 <= trigger.start - c.end <= _SEIZURE_REACH
            for c in scan.cues):
        return trigger._replace(item=replace(trigger.item, sub_event_type="Disrupted weapons use",
                                             role_hint="against_group", concept="weapons"))
    return trigger


# "منذ" / "since" is background only before a long period or a year ("منذ 2014", "منذ سنوات", "since
# the war began in 2011"); "منذ الساعات الأولى", "منذ أسابيع", "since Friday" are the news itself
_LONG_PERIOD = re.compile(r"(?:1[89]|20)\d\d|عام|اعوام|أعوام|سنة|سنوات|سنين|years?\b|\bwar\b|الحرب|الثورة",
                          re.IGNORECASE)
_SINCE_REACH = 40
# "منذ إعلانه الخلافة", "منذ سيطرة قسد على المدينة", "منذ اندلاع الحرب": since a moment of the group's or
# the war's history, not a recent one
_SINCE_HISTORY = re.compile(r"\s+(?:[اإأ]علان|تاسيس|تأسيس|ظهور|نشا|نشأ|اندلاع|سيطر|تحرير)", re.IGNORECASE)


def has_cue(scan, cue: str, start: int, end: int) -> bool:
    return any(c.item.cue == cue and start <= c.start and c.end <= end and (cue != "background" or _long_ago(scan, c))
               for c in scan.cues)


def _long_ago(scan, c) -> bool:
    word = scan.text[c.start:c.end]
    if word.startswith("سابق"):  # "أحد قادة الفصيل سابقاً": a former leader, not a past event
        before = scan.text[max(0, c.start - 30):c.start].split()
        return not (before and before[-1].startswith(("ال", "وال")))
    if "منذ" not in word and word.lower() != "since":
        return True
    return bool(_LONG_PERIOD.search(scan.text, c.end, min(len(scan.text), c.end + _SINCE_REACH))
                or _SINCE_HISTORY.match(scan.text, c.end))


def is_blocked(scan, trigger, unit: tuple[int, int], others: list = ()) -> bool:
    """A denial, negation or statement of intent governs the trigger (not another event word
    between them: "suspected of planning attacks were arrested")."""
    start = unit[0]
    if has_cue(scan, "tally", unit[0], unit[1]) and has_cue(scan, "background", unit[0], unit[1]):
        return True  # "وبلغت حصيلة القتلى ... منذ مطلع العام": a cumulative tally
    if has_cue(scan, "scattered", unit[0], unit[1]):
        return True  # "مقتل 20 مدنياً في هجمات متفرقة": a sum of separate incidents
    claims = [c for c in scan.cues if c.item.cue in ("claim", "claim_by") and start <= c.start < trigger.start]
    results = [c for c in scan.cues if c.item.cue == "result"]
    if trigger.item.concept == "attack" and any(c.item.cue == "judicial" and unit[0] <= c.start < unit[1]
                                                for c in scan.cues):
        return True  # "executed 11 men convicted of terrorism": a judicial execution
    if is_definite(scan, trigger) and has_cue(scan, "funeral", unit[0], trigger.start):
        return True  # "شيع الآلاف جثامين ضحايا التفجير": the funeral of an event reported before
    for c in scan.cues:  # "خلال الأسابيع المقبلة", "in the coming weeks": a future plan
        if c.item.cue == "intent" and unit[0] <= c.start < unit[1] and _FUTURE.search(c.item.pattern):
            return True
    for c in scan.cues:
        if c.item.cue not in ("negation", "intent") or not (start <= c.start and c.end <= trigger.start):
            continue
        word = scan.text[c.start:c.end].lower()
        if word in ("denied", "denies", "نفى", "نفت", "ينفي", "تنفي") or word.endswith("نفى"):
            return True
        between = scan.text[c.end:trigger.start]
        if len(between.split()) > NEGATION_WINDOW_TOKENS:
            continue
        if any(c.end <= t.start < trigger.start for t in others):
            continue
        if any(c.end <= k.start for k in claims):
            continue  # "لم تتبن أي جهة مسؤولية الهجوم": about the claim, not the attack
        if any(c.end <= r.start < trigger.start for r in results):
            continue  # "لم يسفر الهجوم عن ..." negates the result
        return True
    return False

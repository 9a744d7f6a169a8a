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

from etl.dedup import PLACE_KEYS, absorb, date_window, haversine_km
from etl.extract.roles import named_accuser
from etl.schema import EVENT_TYPE_OF

NEGATION_WINDOW_TOKENS = 3
AGAINST_PROTESTERS = ("Protest with intervention", "Excessive force against protesters")
_FUTURE = re.compile(r"مقبل|قادم|upcoming|coming|next")
_DEFINITE_AR = re.compile(r"^[وف]?[بلك]?(?:ال|لل)")
_BARE_END = re.compile(r"\s*[،,.;؛:]")
_HABIT_REACH = 40
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
    word = scan.text[trigger.start:trigger.end]
    before = scan.text[max(0, trigger.start - 5):trigger.start].lower()
    return bool(_DEFINITE_AR.match(word)) or before.endswith("the ")


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
            and last.get("activity") != trigger.item.concept:
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
        before = 0 <= trigger.start - c.end <= 8 and len(scan.text[c.end:trigger.start].split()) <= 1 \
            and not any(u.item.cue == "undergo" and 0 <= c.start - u.end <= 60 for u in scan.cues)
        after = 0 <= c.start - trigger.end <= 2
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


# --- one incident, several reports in one article ------------------------------------------------

# ACLED: when tactics co-occur in one incident the higher type wins
_TYPE_RANK = {"Battles": 5, "Protests": 4, "Riots": 3, "Explosions/Remote violence": 2,
              "Violence against civilians": 1, "Strategic developments": 0}
_CO_OCCURRING = ("Armed clash", "Attack", "Air/drone strike", "Shelling/artillery/missile attack",
                 "Remote explosive/landmine/IED", "Suicide bomb", "Grenade")
_INCIDENT_KM = 10.0
_INCIDENT_WINDOW = 64  # events of an article an event is compared with (all of them in any real article)


def _unknown(actor: str | None) -> bool:
    return not actor or actor.startswith("Unidentified")


def _area_of(a: dict, b: dict) -> bool:
    """a's place is no place, or an area that holds b's place (its governorate or district named as
    the place, or a governorate-level mention)."""
    loc = a.get("location")
    if not loc or a.get("latitude") is None:
        return True
    if loc in (b.get("admin1"), b.get("admin2")) and a.get("admin1") == b.get("admin1"):
        return True
    return (a.get("geo_precision") or 1) >= 3 and a.get("admin1") == b.get("admin1")


def _own_place(event: dict) -> bool:
    return event.get("place_origin") in ("unit", "sentence") and event.get("latitude") is not None


def _same_spot(a: dict, b: dict) -> bool:
    if a.get("admin1") and b.get("admin1") and a["admin1"] != b["admin1"]:
        return False
    if a.get("location") == b.get("location"):
        return True
    if _own_place(a) and _own_place(b) and a.get("geo_precision") == b.get("geo_precision"):
        return False  # each report names its own place, as precisely: two places
    if _area_of(a, b) or _area_of(b, a):
        return True
    coords = (a.get("latitude"), a.get("longitude"), b.get("latitude"), b.get("longitude"))
    return all(c is not None for c in coords) and haversine_km(*coords) <= _INCIDENT_KM


def _compatible_actors(a: dict, b: dict) -> bool:
    """The same initiator, or one unknown; the same two sides in either order; or forces of one kind
    against the same target (an army and its militia)."""
    a1, b1 = a.get("actor1"), b.get("actor1")
    if _unknown(a1) or _unknown(b1) or a1 == b1:
        return True
    sides_a, sides_b = {a1, a.get("actor2")} - {None}, {b1, b.get("actor2")} - {None}
    if sides_a == sides_b:
        return True
    return bool(a.get("actor2")) and a.get("actor2") == b.get("actor2") and a.get("inter1") == b.get("inter1")


def same_incident(a: dict, b: dict) -> bool:
    """Two events of one article that report one incident (ACLED: same actors, place, day and type):
    a headline, the lead, a later detail, a quoted statement. Same sub-type, or co-occurring tactics
    of violence of which one is named by a generic word ("massacre", "attack", "explosion") and the
    other by a specific one (an air strike, a clash); places that
    agree (the same place, or one names the area that holds the other); overlapping dates; the same
    initiator where both name one."""
    if a.get("listed_from") and a.get("listed_from") == b.get("listed_from"):
        return False
    same_sub = a["sub_event_type"] == b["sub_event_type"]
    if not same_sub and not (a["sub_event_type"] in _CO_OCCURRING and b["sub_event_type"] in _CO_OCCURRING
                             and (a.get("generic") or b.get("generic"))):
        return False
    if a.get("activity") != b.get("activity") and same_sub and a["event_type"] == "Strategic developments":
        return False  # a curfew and a security campaign
    wa, wb = date_window(a), date_window(b)
    if wa is None or wb is None or wa[0] > wb[1] or wb[0] > wa[1]:
        return False
    if not _compatible_actors(a, b):
        return False
    return _same_spot(a, b)


def _vague(event: dict) -> bool:
    """A generic word that names no tactic ("هجوم", "attack"); "تفجير", "explosion" at least say how."""
    return bool(event.get("generic")) and event.get("activity") in ("attack", "clash")


def _take_place_and_type(kept: dict, other: dict) -> None:
    """The merged incident keeps the more precise place, the higher type and a named initiator."""
    if _area_of(kept, other) and not _area_of(other, kept):
        for k in PLACE_KEYS:
            kept[k] = other.get(k)
    if kept["sub_event_type"] != other["sub_event_type"] and (
            (kept.get("generic") and not other.get("generic"))
            or (kept.get("generic") and _vague(kept) and not _vague(other))
            or (kept.get("generic") == other.get("generic") and _vague(kept) == _vague(other)
                and _TYPE_RANK[other["event_type"]] > _TYPE_RANK[kept["event_type"]])):
        for k in ("event_type", "sub_event_type", "disorder_type", "activity", "generic"):
            kept[k] = other.get(k)
    for side, inter in (("actor1", "inter1"), ("actor2", "inter2")):
        if _unknown(kept.get(side)) and not _unknown(other.get(side)) \
                and other[side] not in (kept.get("actor1"), kept.get("actor2")):
            kept[side], kept[inter] = other[side], other.get(inter)


def merge_incidents(events: list[dict]) -> list[dict]:
    """One event per incident of the article (see same_incident); the first report keeps its id and
    every report's evidence is kept in merged_sources."""
    kept: list[dict] = []
    for event in events:
        # the reports of one incident stand close together: a very long text is compared within a window
        target = next((k for k in kept[-_INCIDENT_WINDOW:] if same_incident(k, event)), None)
        if target is None:
            kept.append(event)
            continue
        _take_place_and_type(target, event)
        absorb(target, event)
    return kept


# --- several incidents in one sentence: a list of places --------------------------------------------

_LIST_JOINER = re.compile(r"^[\s،,]*(?:و|and\s+|or\s+)?\s*$", re.IGNORECASE)
_LISTED_KINDS = ("village", "town", "city", "neighbourhood", "camp", None)
_LISTED_FEATURES = ("village", "town", "neighbourhood", "site")  # cities named bare often mean their province


def listed_places(scan, unit: tuple[int, int]) -> list:
    """The places of a list in the unit ("هاجم التنظيم نقاطاً في قرى أ وب وج", "the villages of A, B and
    C"): two or more villages, towns or neighbourhoods joined only by commas and and/و."""
    found = [m for m in scan.places if unit[0] <= m.start < unit[1] and m.place is not None
             and m.qualifier in _LISTED_KINDS and m.geo_precision == 1 and m.place.feature_type in _LISTED_FEATURES]
    best: list = []
    run: list = []
    for m in found:
        if run and _LIST_JOINER.match(scan.text[run[-1].end:m.start]):
            run.append(m)
        else:
            run = [m]
        if len(run) > len(best):
            best = list(run)
    return best if len(best) >= 2 else []


def split_by_places(event: dict, places: list, fields_of) -> list[dict]:
    """One event per listed place (ACLED: a list of separately attacked villages is one event per
    village); counts stay on the first, as the report does not split them."""
    out = []
    for i, mention in enumerate(places):
        copy = dict(event) if i else event
        copy.update(fields_of(mention.place))
        copy["geo_precision"] = 1
        copy["listed_from"] = event["event_id"]  # separate by the report's own words: never merged back
        if i:
            copy["event_id"] = f"{event['event_id']}-{i}"
            copy["fatalities"] = copy["injuries"] = copy["arrests"] = None
            copy["merged_sources"] = [dict(src) for src in event["merged_sources"]]
        out.append(copy)
    return out

"""Who did what to whom: actor roles inside one event unit.

Pure functions over the mentions found in an article (etl.extract gathers them). Rules, all general:

- a speech frame ("أعلن التحالف أن ...", "the coalition said that ...") holds the reporter, not a
  participant; a pronoun complement (أنها, "it", "they") makes the speaker the initiator; a trailing
  attribution ("..., according to X", "X said") names the reporter (for arrests: the arrester);
- the initiator (actor1) is, in order: the agent of a passive ("على يد X", "من قبل X", "by X",
  "برصاص X"), the claimant ("أعلن التنظيم مسؤوليته", "X claimed responsibility", "تبناه X"), the
  accused ("اتهمت ... X"), the first actor of the clause before the trigger (SVO), the actor right
  after it (VSO: "اعتقلت قوات الأمن ...", "هجوم لداعش", "غارة للطيران التركي"); civilians never;
- the target (actor2): "ضد X", a victim ("مقتل ستة عناصر من X", "two X fighters were killed"), a
  member noun in object position ("اعتقال عناصر من X", "X militants were arrested"), else the actor
  after the trigger, else one between actor1 and the trigger (V S O + instrument), else civilians;
  "X و/and Y (Z)" chains and "بدعم من X" / "backed by X" are associated actors; "X، التابع لـ Y"
  qualifies X; "بين X و Y" / "between X and Y" gives both;
- counts are etl.extract.counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PASSIVE_EN = re.compile(r"\b(?:was|were|been|being|is|are|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_JOINER = re.compile(r"^\s*(?:,|،|و|and|as well as|\(|\)|\s)*\s*$", re.IGNORECASE)
_WORD = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[A-Za-z]")
# "3 soldiers and 5" / "ثلاثة جنود و5": at most three words then and/و right before the next number
_OPPONENT = re.compile(r"(?:\bwith|\bagainst|مع|ضد)\s+(?:the\s+)?$", re.IGNORECASE)
# "قتيلان من قسد", "جرحى في صفوف قوات النظام": the dead and wounded of X
_FROM_RANKS = re.compile(r"\s*(?:(?:عدد|عشرات|العشرات|العديد|مئات|المئات)\s+)?(?:من|في\s+صفوف|من\s+صفوف|بين\s+صفوف|of)"
                         r"\s*[\"“”«»'(]*\s*(?:(?:قوات|عناصر|مقاتلي|مسلحي|جنود|أفراد|افراد)\s*[\"“”«»'(]*\s*)?")
_SUBORDINATE = re.compile(r"\b(?:when|as|after|while|because)\b|(?:عندما|حين|لدى|بعد|إثر|اثر)\s", re.IGNORECASE)
_PASSIVE_AFTER = re.compile(r"^[\w\s'-]{0,14}\b(?:was|were|have been|has been|had been)\s+$", re.IGNORECASE)
_COUNT_NAMES = {"killed": "fatalities", "injured": "injuries", "arrested": "arrests"}
_MEMBERS_COUNTED = re.compile(r"(?:\d+|[٠-٩]+)\s+من\s+(?:\S+\s+)?$")
# between an event noun and its owner: "كمين لتنظيم "داعش"", "هجوم لـ "قسد""
# an adjective may come between: "هجوم واسع لتنظيم داعش", "هجوم عنيف لخلايا التنظيم"
_GENITIVE_ADJ = r"(?:\s+(?:واسع|عنيف|مباغت|جديد|مماثل|ليلي|مسلح|مفاجئ|انتحاري|صاروخي|جوي|مدفعي)[هة]?)?"
_GENITIVE_GAP = re.compile(_GENITIVE_ADJ + r"\s+لـ?\s*(?:تنظيم|قوات|ميليشيا|ميليشيات|جماعه|جماعة|خلايا)?\s*[\"«“”']?\s*")
_GENITIVE_ADJ_GAP = re.compile(_GENITIVE_ADJ + r"\s*")  # before a mention that holds the ل ("لتنظيم داعش")
_GENITIVE_REACH = 16
_FINDER_REACH = 40  # characters between a finder and the finding word after it
_SOURCE_WORDS = ("بحسب", "وفق", "وفقا", "حسب", "بيان", "according to", "statement")
_LOSER = re.compile(r"(?:(?<!\w)من|\bfrom)\s+(?:(?:سيطرة|سيطره|قبضة|قبضه|أيدي|ايدي)\s+|(?:the\s+)?(?:control|grip|hands)"
                    r"\s+of\s+(?:the\s+)?)?(?:[\"«“']\s*)?$", re.IGNORECASE)
_TARGET_VERB = re.compile(r"استهدف|target", re.IGNORECASE)  # a verb: the actor right after it is its subject
_HEDGE_REACH = 16  # "يعتقد أنهم من " before the actor guessed at
_ARMED_STATES = ("State forces", "External/Other forces")  # who fly aircraft
_UNDERGO_REACH = 60  # characters between "تعرض" and the event noun its subject undergoes
_ACCUSER_REACH = 12  # characters between the accuser and the blaming word  # characters between a cue and its number


@dataclass
class Roles:
    actor1: object | None = None  # etl.actors.Actor
    actor2: object | None = None
    assoc1: list = field(default_factory=list)
    assoc2: list = field(default_factory=list)
    cues_found: set = field(default_factory=set)  # which role cues decided it (for confidence)


def gap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Characters between two spans (0 if they touch or overlap)."""
    if a_end <= b_start:
        return b_start - a_end
    if b_end <= a_start:
        return a_start - b_end
    return 0


def cues_of(cues: list, kind: str, start: int, end: int) -> list:
    return [c for c in cues if c.item.cue == kind and c.start >= start and c.end <= end]


def named_accuser(cue, cues: list) -> bool:
    """Blame counts unless anonymous sources blame ("اتهمت مصادر فصيلاً بالوقوف وراء الهجوم", "activists
    blamed ..."): that is hedged, and the perpetrator stays unidentified."""
    return not any(c.item.cue == "anonymous" and (0 <= c.start - cue.end <= _ACCUSER_REACH
                                                  or 0 <= cue.start - c.end <= _ACCUSER_REACH) for c in cues)


def speech_frame_end(text: str, cues: list, unit_start: int, trigger_start: int) -> tuple[int, bool]:
    """End of a reporting frame before the trigger ("X said that"), and whether its complement is a
    pronoun (أنها/أنه/"it"/"they"); (unit_start, False) when there is none."""
    speech = [c for c in cues if c.item.cue == "speech" and unit_start <= c.start < trigger_start]
    if not speech:
        return unit_start, False
    first = min(c.start for c in speech)
    comps = [c for c in cues if c.item.cue == "complement" and first < c.start and c.end <= trigger_start]
    if not comps:
        return unit_start, False
    comp = comps[0]
    word = text[comp.start:comp.end].strip().lower()
    pronoun = word in ("it", "they") or (len(word) > 2 and word[-1] in "هاهم" and word not in ("ان", "إن", "أن"))
    return comp.end, pronoun


def _marked(cue_list: list, m_start: int, m_end: int, before: int, after: int = -1) -> bool:
    """Is a cue within `before` chars before the mention (or within `after` chars after it)?"""
    for c in cue_list:
        if c.end <= m_start and m_start - c.end <= before:
            return True
        if after >= 0 and c.start >= m_end and c.start - m_end <= after:
            return True
    return False


def _head_end(text: str, trigger) -> int:
    """End of the trigger's first word: a gapped pattern ("فككت قوات الجيش عبوة") holds actors."""
    m = _WORD.match(text, trigger.start)
    return min(m.end(), trigger.end) if m else trigger.end


def assign_roles(text: str, mentions: list, cues: list, trigger, unit: tuple[int, int],
                 frame_end: int, speaker, pronoun: bool, verb_trigger: bool,
                 other_triggers: tuple = ()) -> Roles:
    """Roles of the actor mentions (already resolved: list of (start, end, actor))."""
    roles = Roles()
    start, end = unit
    t_start, t_end = trigger.start, _head_end(text, trigger)
    charges = cues_of(cues, "charge", frame_end, end)  # "بتهمة التعامل مع X": not a participant
    # "curfew after attacks by X": X belongs to the event referred to, not to this one
    refs = [c.start for c in cues_of(cues, "after_ref", trigger.end, end)]
    cut = min([end] + refs)
    # "..., according to X" / "..., X said": the reporter after the event is not its target
    attributions = [c.end for c in cues_of(cues, "speech", trigger.end, end)]
    reporters = [m for m in mentions if attributions and m[0] >= min(attributions) - 40
                 and any(0 <= m[0] - a <= 40 for a in attributions)]
    # "مجلس الرقة المدني، التابع للإدارة الذاتية": an affiliation right after an actor qualifies it
    affiliations = [c for c in cues_of(cues, "affiliation", frame_end, end)
                    if any(0 <= c.start - m[1] <= 4 for m in mentions)]
    # "بحسب بيان لجهاز X، «...»", "أعلنت وزارة الداخلية مقتل 6 أشخاص ... لانفجار": who reports the
    # event before it is named (by a source word, or reporting the deaths of people) is not its actor
    counts_before = [c for c in cues if c.item.cue in _COUNT_NAMES and c.start < t_start]

    def reports_deaths(m) -> bool:  # "announced the deaths of 6 people in ...", no other actor named in between
        return any(m[1] <= k.start and not any(k.end <= o[0] < t_start for o in mentions) for k in counts_before)
    # "وكانت قوى الأمن قد عثرت على جثة ...", "police found the body": who finds is not who did it
    finders = [c for c in cues if c.item.cue == "finder" and start <= c.start < end]
    reporters += [m for m in mentions if any(0 <= c.start - m[1] <= _FINDER_REACH or 0 <= m[0] - c.end <= 12
                                             for c in finders)]
    reporters += [m for m in mentions if start <= m[0] < t_start and any(
        0 <= m[0] - c.end <= 25 and c.start >= start and (c.item.pattern in _SOURCE_WORDS or reports_deaths(m))
        for c in cues if c.item.cue == "speech")]
    # "مسلحون يعتقد أنهم من داعش", "gunmen believed to be from IS": a guess at who they were, not a side
    hedges = [c.end for c in cues_of(cues, "hedge", start, end)]
    reporters += [m for m in mentions if any(0 <= m[0] - h <= _HEDGE_REACH for h in hedges)]
    inside = [m for m in mentions if frame_end <= m[0] and m[1] <= end and m not in reporters
              and not any(0 <= m[0] - c.end <= 6 for c in affiliations)
              and (m[1] <= cut or _OPPONENT.search(text[max(cut, m[0] - 8):m[0]]))
              and not any(c.end <= m[0] and m[0] - c.end <= 35 for c in charges)]
    planter = cues_of(cues, "planter", frame_end, end)  # "زرعها X", "planted by X", "مخلفات X"
    disrupting = trigger.item.role_hint == "against_group"
    agent = cues_of(cues, "agent", frame_end, end) + ([] if disrupting else planter)
    claim = cues_of(cues, "claim", frame_end, end)  # "X claimed responsibility", "أعلن X مسؤوليته"
    claim_by = cues_of(cues, "claim_by", frame_end, end)  # "تبناه X", "claimed by X"
    accuse = [c for c in cues_of(cues, "accuse", frame_end, end) if named_accuser(c, cues)]
    target = cues_of(cues, "target", frame_end, end) + (planter if disrupting else [])
    member = cues_of(cues, "member", frame_end, end)
    undergo = [c for c in cues_of(cues, "undergo", frame_end, end) if c.end <= trigger.start]
    support = cues_of(cues, "support", frame_end, end)
    counted = [c for c in cues if c.item.cue in _COUNT_NAMES and frame_end <= c.start < end]
    passive = bool(_PASSIVE_EN.search(text[max(start, t_start - 20):t_start]))
    passive_ar = any(c.item.cue == "passive" and 0 <= t_start - c.end <= 8 and c.start >= start
                     for c in cues)
    later_triggers = [t.start for t in other_triggers if t.start > trigger.end]
    trigger_starts = [t.start for t in other_triggers] + [trigger.start]

    def is_victim(m) -> bool:
        """"مقتل ستة عناصر من X", "killing three X fighters", "two X fighters were killed"."""
        for c in counted:
            if c.end <= m[0] and m[0] - c.end <= 25 and not any(c.end <= t < m[0] for t in trigger_starts) \
                    and not _SUBORDINATE.search(text[c.end:m[0]]) \
                    and (_DIGIT.search(text[c.end:m[0]]) or _FROM_RANKS.fullmatch(text[c.end:m[0]])
                         or _marked(member, m[0], m[1], 24,
                                                                    after=2 if _LATIN.match(text[m[0]:m[1]]) else -1)):
                return True
            if c.start >= m[1] and c.start - m[1] <= 25 and _PASSIVE_AFTER.match(text[m[1]:c.start]):
                return True
        # "نحو 40 من مسلحي داعش ... قتلوا": a number of the group's members, counted in the unit
        return bool(counted) and bool(_MEMBERS_COUNTED.search(text, max(start, m[0] - 24), m[0]))

    def is_target(m) -> bool:
        """Marked as the one acted upon: "ضد X", "against X", a victim; or a member noun
        ("عناصر من X", "X militants") in object position (after the trigger, or in a passive)."""
        if is_victim(m) or undergoes(m):
            return True
        for c in target:
            if c.end <= m[0] and m[0] - c.end <= 14:
                vso_subject = not text[c.end:m[0]].strip() and m[0] <= t_start and _TARGET_VERB.match(c.item.pattern)
                if not vso_subject:  # "استهدفت الميليشيات ... قاعدة بطائرتين": the militias did it
                    return True
        # after the trigger is the object's place for arrests and the like, or when a subject came
        # first; "نهب عناصر من الميليشيات المنازل" (V + member noun + X) is the subject
        if territory and m[0] >= t_end and _LOSER.search(text, max(t_end, m[0] - 24), m[0]):
            return True  # "تحرير الموصل من سيطرة داعش", "retook the town from IS": who lost it
        object_position = (m[0] >= t_end and (disrupting or territory or subject_before)) or passive or passive_ar
        latin = bool(_LATIN.match(text[m[0]:m[1]]))  # "X militants"; Arabic puts the noun first
        return object_position and _marked(member, m[0], m[1], 14, after=2 if latin else -1)

    def undergoes(m) -> bool:
        """"تعرضت دورية للقوات الأمريكية لهجوم", "a US patrol came under attack": who undergoes it."""
        return any((c.end <= m[0] and m[1] <= t_start and t_start - c.end <= _UNDERGO_REACH)
                   or (m[1] <= c.start and c.start - m[1] <= _UNDERGO_REACH // 2) for c in undergo)

    def is_support(m) -> bool:
        return _marked(support, m[0], m[1], 8)

    def is_agent(m) -> bool:
        for c in agent:
            if c.end <= m[0] and m[0] - c.end <= 22:
                # the agent of this trigger, not of a later event noun ("curfew after attacks by X"); a
                # body found "تعرضت للقتل على يد X": X killed that person
                return found or not any(t_end <= t < c.start for t in later_triggers)
        return False

    # "وجدت جثته", "the body of X was found": an actor around it is the victim's side, never the killer
    found = trigger.item.role_hint == "found"
    perpetrators = [m for m in inside if m[2].inter != "Civilians"]
    territory = trigger.item.role_hint == "territory"
    subject_before = any(m[1] <= t_start for m in perpetrators)
    chosen, why = None, ""
    # "بين X و Y" after the event word; "تبادلت X و Y القصف", "X and Y exchanged fire" before it
    betweens = [c for c in cues_of(cues, "between", frame_end, end) if c.start >= t_start] + [
        c for c in cues_of(cues, "mutual", frame_end, end) if c.end <= t_start]
    if betweens:
        pair = [m for m in inside if m[0] >= betweens[0].end]
        if len(pair) >= 2 and pair[0][2] is not pair[1][2]:
            roles.actor1, roles.actor2 = pair[0][2], pair[1][2]
            roles.cues_found.add("between")
            return roles
    # "طائرات حربية تابعة لطيران التحالف", "a drone belonging to the Turkish army": the owner flew it
    flying = [c.end for c in cues if c.item.cue == "aircraft" and frame_end <= c.start < end] + (
        [t_end] if trigger.item.concept == "air" else [])
    owned = [a.end for a in cues_of(cues, "affiliation", frame_end, end) if any(0 <= a.start - f <= 20 for f in flying)]
    owners = [m for m in mentions if owned and start <= m[0] < end and m[2].inter != "Civilians"
              and any(0 <= m[0] - a <= 6 for a in owned)]
    if owners:
        chosen, why = owners[0], "agent"
    for m in ([] if owners else perpetrators):
        if is_agent(m):
            chosen, why = m, "agent"
            break
        if _marked(claim, m[0], m[1], -1, after=20) or _marked(claim_by, m[0], m[1], 10) \
                or _marked(accuse, m[0], m[1], 25):
            chosen, why = m, "claim"
            break
    if chosen is None and not verb_trigger and not found:
        # "قصف للقوات التركية", "هجوم لداعش", "غارة للتحالف": the event noun's genitive ل names who did it
        owner = next((m for m in perpetrators if 0 <= m[0] - t_end <= _GENITIVE_REACH and not is_target(m) and (
            (text.startswith("ل", m[0]) and _GENITIVE_ADJ_GAP.fullmatch(text, t_end, m[0]))
            or _GENITIVE_GAP.fullmatch(text, t_end, m[0]))), None)
        if owner is not None:
            chosen, why = owner, "agent"
    if chosen is None and not passive and not passive_ar and not found:
        candidates = [m for m in perpetrators if not is_target(m) and not is_support(m)]
        # an actor holding the trigger ("Israeli warplanes", "مسلحون مجهولون") is its subject
        before = [m for m in candidates if m[0] <= t_start]
        after = [m for m in candidates if m[0] >= t_end and m not in before]
        if before:
            # the subject is the first actor of the clause ("أعلن مجلس الرقة المدني، التابع للإدارة
            # الذاتية، حالة طوارئ"); later ones are modifiers or joined to it
            chosen, why = before[0], "subject"
        elif after and after[0][0] - t_end <= (25 if verb_trigger else 12):
            chosen, why = after[0], "vso"  # "اعتقلت قوات الأمن", "هجوم لداعش", "غارة للطيران التركي"
    displaced = None
    if pronoun and speaker is not None and why not in ("agent", "claim") and speaker.inter != "Civilians":
        # "the SDF said they had killed X ...": the pronoun after "said" is the subject, X the object
        if chosen is not None and chosen[2] is not speaker:
            displaced, chosen = chosen, None
        roles.actor1, why = speaker, "speaker"
        roles.cues_found.add(why)
    elif chosen is None and disrupting and reporters and reporters[0][2].inter != "Civilians":
        roles.actor1 = reporters[0][2]  # "4 were arrested, police said": authorities report their arrests
    elif chosen is None and trigger.item.sub_event_type == "Air/drone strike" and (announcer := next(
            (m[2] for m in reporters if m[2].inter in _ARMED_STATES and m[1] <= t_start and reports_deaths(m)), None)):
        roles.actor1 = announcer  # "أعلنت خلية الإعلام الأمني مقتل 5 إرهابيين بضربة جوية": it flew its own strike
    elif chosen is not None:
        roles.actor1 = chosen[2]
        roles.cues_found.add(why)

    rest = [m for m in inside if m is not chosen and m[2] is not roles.actor1]
    targets = [m for m in rest if is_target(m) and not is_support(m)]
    if targets:
        roles.actor2 = targets[0][2]
        roles.cues_found.add("target")
    elif passive:
        before = [m for m in rest if m[1] <= t_start and not is_support(m)]
        if before:
            roles.actor2 = before[-1][2]
    if roles.actor2 is None:
        after = [m for m in rest if m[0] >= t_end and not is_support(m)]
        if after:
            roles.actor2 = after[0][2]
    joined: list = []  # "قوات قسد وقوات الأمن الكردية (الأسايش)": actors chained to actor1
    if chosen is not None:
        chain_end = chosen[1]
        for m in sorted(rest):
            if m[0] >= chain_end and _JOINER.match(text[chain_end:m[0]]):
                joined.append(m)
                chain_end = m[1]
            elif m[0] >= chain_end:
                break
    if roles.actor2 is None and chosen is not None:
        # V S O before an instrument word: "استهدفت الميليشيات قاعدة تضم قوات أمريكية بطائرتين"
        between = [m for m in rest if chosen[1] <= m[0] and m[1] <= t_start and not is_support(m)
                   and m not in joined and m[2] not in {j[2] for j in joined}]
        if between:
            roles.actor2 = between[0][2]
    if roles.actor2 is None and displaced is not None and displaced[2] is not roles.actor1:
        roles.actor2 = displaced[2]
    if roles.actor2 is None:
        civilians = [m for m in rest if m[2].inter == "Civilians"]
        if civilians:
            roles.actor2 = civilians[0][2]
    for m in rest:
        actor = m[2]
        if actor in (roles.actor1, roles.actor2) or actor in roles.assoc1 or actor in roles.assoc2:
            continue
        if is_support(m):
            roles.assoc1.append(actor)
        elif m in joined:
            roles.assoc1.append(actor)
    return roles

"""Stage 2 of extraction, units: the clauses of a sentence that carry an event word.

`event_units(text, sentence, triggers, dates, after_refs)` -> (unit span, trigger, is_relative) per
event unit. A sentence with strong triggers of different kinds in different clauses (or in a
relative clause: الذي/التي, which/who/where) gives one unit per clause; weaker words in the same
sentence, and a word of the same kind with no date between, describe the same event.
"""

from __future__ import annotations

import re

from etl.text.sentences import split_clauses

_RELATIVE_WORDS = ("الذي", "التي", "الذين", "اللذين", "اللتين", " حيث ", " which ", " who ", " whom ",
                   " where ")
_OWN_EVENT_WEIGHT = 0.7  # a weaker trigger in a later clause describes the same event
_DEFINITE_AR = re.compile(r"[وف]?[بلك]?(?:ال|لل)")
_SAME_KIND = {"raid": "arrest"}
# "شنت حملة أمنية اعتقلت خلالها ...": the arrests say what the campaign did (ACLED codes the arrests)
_MORE_SPECIFIC = {("campaign", "arrest"), ("campaign", "raid")}
MIN_SENTENCE_WORDS = 4  # shorter lines are headings / captions, not reports


def clause_before(text: str, start: int, trigger_start: int) -> str:
    """The words between the trigger and the last clause mark before it (within the unit)."""
    cut = max(text.rfind(mark, start, trigger_start) for mark in ("،", ",", "؛", ";"))
    return text[max(start, cut + 1):trigger_start]



def _kind(concept: str) -> str:
    """A raid and the arrests made in it ("شنت حملة مداهمات ... واعتقلت 9") are one event."""
    return _SAME_KIND.get(concept, concept)


def names_definite(text: str, trigger) -> bool:
    """The event word is definite (Arabic ال-form, English "the <word>"): it refers back to an event
    ("الهجوم", "the attack"), where "a car bomb", "انفجار سيارة" name a new one."""
    before = text[max(0, trigger.start - 5):trigger.start].lower()
    return bool(_DEFINITE_AR.match(text, trigger.start)) or before.endswith("the ")


def _rank(trigger) -> tuple[bool, float]:
    """Lower is better: a word that is not a fallback, then the heavier word."""
    return trigger.item.role_hint == "fallback", -trigger.item.weight


def event_units(text: str, sentence: tuple[int, int], triggers: list, dates: list = (),
                after_refs: list = (), outcomes: list = ()) -> list[tuple[tuple[int, int], object, bool]]:
    """(unit span, best trigger, is_relative) per event unit of the sentence; `outcomes` are the killed /
    injured cues (an event named after "after"/"بعد" with its own toll is an event of its own)."""
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
    picked: list[list] = []  # [clause_index, trigger, where its unit starts inside the clause or None]
    ref_named = None  # (trigger, its after_ref cue): the last event word named after "بعد"/"after"
    for t in triggers:
        idx = max(i for i, c in enumerate(clauses) if c[0] <= t.start)
        if picked:
            prev_idx, prev = picked[-1][:2]
            weak = any(x.item.role_hint == "fallback" for x in (t, prev)) or t.item.weight < _OWN_EVENT_WEIGHT
            dated_between = any(prev.end <= d.start and d.end <= t.start for d in dates)
            same_kind = (prev.item.concept == t.item.concept and not dated_between) or (
                prev.item.concept != t.item.concept and _kind(prev.item.concept) == _kind(t.item.concept))
            refs = [a for a in after_refs if a.end <= t.start and t.start - a.end <= 3]
            # "بعد تفجير سيارة مفخخة": every word of the event named after "بعد" belongs to it
            chained = not refs and ref_named is not None and 0 <= t.start - ref_named[0].end <= 3
            if refs and not same_kind and not names_definite(text, t) and any(t.end <= r.start < e for r in outcomes) \
                    and any(t.start <= d.start and d.end <= e for d in dates):
                # "a curfew after a car bomb killed five on Friday": an event of its own, told with its
                # outcome and its day (undated, it is background to the news)
                picked.append([idx, t, refs[-1].start])
                ref_named = (t, True)
                continue
            if chained:
                split = ref_named[1]
                ref_named = (t, split)
                if split:  # the unit of the event named after "after": its best word
                    if _rank(prev) > _rank(t):
                        picked[-1] = [idx, t, picked[-1][2]]
                    continue
            after_ref = bool(refs) or chained
            if refs:
                ref_named = (t, False)
            if idx == prev_idx or weak or same_kind or after_ref:
                better = _rank(prev) > _rank(t) or (prev.item.concept, t.item.concept) in _MORE_SPECIFIC
                if better and not (after_ref and prev.item.role_hint != "fallback"):
                    picked[-1] = [idx, t, picked[-1][2]]  # ("escaped ... after a riot": the riot is context)
                continue
        picked.append([idx, t, None])
    units = []
    for k, (idx, t, inner_start) in enumerate(picked):
        # a unit runs from the clause after the previous event's trigger clause to the start of the
        # next event's trigger clause (clauses in between belong to both neighbours)
        u_start = s if k == 0 else clauses[min(picked[k - 1][0] + 1, idx)][0]
        u_end = clauses[picked[k + 1][0]][0] if k + 1 < len(picked) else e
        if inner_start is not None:
            u_start = inner_start
        if k + 1 < len(picked) and picked[k + 1][2] is not None:
            u_end = picked[k + 1][2]
        relative = any(text.startswith(w.strip(), clauses[idx][0]) for w in _RELATIVE_WORDS)
        units.append(((u_start, u_end), t, relative))
    return units


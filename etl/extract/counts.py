"""How many: the killed / injured / arrested counts of one event unit (a slot of the record).

Every killed/injured/arrested cue takes the nearest number in the unit (each number once, closest pairs
first; numbers inside dates, actor names between do not count as distance; a passive cue takes the number
before it); "N1 X and N2 Y" on one side adds up; a negated cue ("لم يسفر عن إصابات", "no one was
injured") gives 0; a singular victim ("مقتل مدني", "killed a civilian", "a fighter was killed") gives 1, a
dual noun (راعيان) 2; "the death toll rose to N" gives N.
"""

from __future__ import annotations

import re

from etl.extract.roles import _COUNT_NAMES, _PASSIVE_EN, cues_of
from etl.text.normalize import normalize_key

MAX_COUNT_GAP = 40
_MEASURE = re.compile(r"\s*(?:[-–]\s*)?(?:عام|عاما|عامًا|عاماً|أعوام|اعوام|سنة|سنه|سنوات|سنين|شهر|شهرا|أشهر|اشهر|شهور|"
                      r"يوم|يوما|أيام|ايام|ساعة|ساعه|ساعات|دقيقة|دقائق|كم|كيلومتر|كيلومترات|متر|مترا|أمتار|"
                      r"years?|months?|days?|hours?|minutes?|km|kilomet|metres?|meters?|miles?|year-old)(?!\w)", re.IGNORECASE)
_AND_BEFORE = re.compile(r"(?:(?<!\w)و\s*|\band\s+)$", re.IGNORECASE)
_OTHERS = re.compile(r"آخرين|آخرون|اخرين|اخرون|\bothers\b", re.IGNORECASE)
# after one listed victim: up to three words (the noun and its adjectives, no clause mark), then و
_NEXT_ITEM = re.compile(r"(?:\s+[^\s\d،,.;؛:]+){0,3}?\s+(?:و(?=\S)|and\s+)")
_SUM_JOINER = re.compile(r"^(?:\s+[^\s\d،,.;؛]+){0,3}\s+(?:and\s+|و\s*)(?:at least\s+|more than\s+)?$", re.IGNORECASE)
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d|2100")
_SINGULAR_PASSIVE = re.compile(r"\b(?:was|has been|had been)\s+$", re.IGNORECASE)
_CLAUSE_MARK = re.compile(r"[،,;؛]")
# ", including 4 children," / "، بينهم 4 أطفال،": an aside between a count and its word, not another clause
_SUBSET_ASIDE = re.compile(r"[,،]\s*(?:(?:من\s+)?(?:بينهم|بينهن|منهم|منهن)|including|among them)\s+[^,،.]*[,،]",
                           re.IGNORECASE)
_SUBSET_BEFORE = re.compile(r"(?:(?<!\w)(?:من\s+)?(?:بينهم|بينهن|منهم|منهن|بني|بنو)|\bamong them|\bincluding)\s+$", re.IGNORECASE)
_WORDS = re.compile(r"\w{2,}")


def _without(text: str, start: int, end: int, skip: list) -> str:
    """text[start:end] with the skipped spans (actor names, dates) cut out."""
    pieces, pos = [], start
    for a, b in sorted(skip):
        if b <= pos or a >= end:
            continue
        pieces.append(text[pos:max(pos, a)])
        pos = max(pos, b)
    pieces.append(text[pos:end] if pos < end else "")
    return "".join(pieces)


def _looks_like_year(text: str, num) -> bool:
    """"2023" written bare as four digits, 1900-2100: a year the date reader did not take, not a count;
    a number with a unit of time or length after it ("18 عاماً", "3 أيام", "10 كم", "20 years old") is a
    measure, not a count of people."""
    return bool(_YEAR_DIGITS.fullmatch(text[num.start:num.end])) or bool(_MEASURE.match(text, num.end))


def _subset(text: str, num) -> bool:
    """"13 قتيلاً بينهم 4 أطفال", "including 4 children": a part of a count already given, never a count;
    nor is a number in a tribe's name ("عشيرة بني سبعة")."""
    return bool(_SUBSET_BEFORE.search(text, max(0, num.start - 16), num.start))


def _plus_others(text: str, num, value: int, c, count_cues: list) -> int:
    """"مقتل القيادي ... وثلاثة آخرين", "X and three others were killed": the others and the one named
    (not "two were killed and three others wounded": those others are beside the dead)."""
    if any(x is not c and x.end <= num.start and x.item.cue != c.item.cue for x in count_cues):
        return value
    if _AND_BEFORE.search(text[max(0, num.start - 6):num.start]) and _OTHERS.search(text, num.end, num.end + 30):
        return value + 1
    return value


def _enumerated(text: str, c, numbers: list, persons: list, end: int) -> int | None:
    """"قتل مدني وثلاثة ضباط وعنصر", "مقتل جنديين أمريكيين ومترجم": the victims listed right after the
    cue, each a number or a singular/dual person noun, joined by و / and: their sum (None if fewer
    than two items)."""
    pos, total, items = c.end, 0, 0
    while pos < end:
        gap_text = text[pos:min(end, pos + 4)]
        lead = len(gap_text) - len(gap_text.lstrip(" \u00a0"))
        at = pos + lead
        num = next((n for n in numbers if at <= n.start <= at + 1), None)
        person = next((p for p in persons if at <= p.start <= at + 1), None)
        if num is not None and not _looks_like_year(text, num):
            total, pos = total + num.value, num.end
        elif person is not None:
            total, pos = total + (2 if person.item.cue == "person_two" else 1), person.end
        else:
            break
        items += 1
        joint = _NEXT_ITEM.match(text, pos, end)
        if joint is None:
            break
        pos = joint.end() - 1 if text[joint.end() - 1] == "و" else joint.end()
    return total if items >= 2 else None


_ATTEMPT_BEFORE = re.compile(r"(?:محاول\w*|attempted|attempt\s+to)\s+$", re.IGNORECASE)
_PLURAL_ENDINGS = ("ين", "ون", "ان", "ات")  # "مدنيين", "عنصرين", "عاملات": many (or two), not one


def _singular(text: str, cue) -> bool:
    """A one-person noun as written: "مدني", "مدنياً", "طفله" (one); not "مدنيين", "عنصرين"."""
    surface, stem = normalize_key(text[cue.start:cue.end]), normalize_key(cue.item.pattern)
    at = surface.rfind(stem)
    return at < 0 or surface[at + len(stem):] not in _PLURAL_ENDINGS


def _anothers(item, c, count_words: list) -> bool:
    """"قتل طفلان وأصيبت امرأة": a number or person right after another kind of count word is that word's."""
    return any(x.item.cue != c.item.cue and 0 <= item.start - x.end <= 3 for x in count_words)


def assign_counts(text: str, cues: list, numbers: list, unit: tuple[int, int],
                  skip: list = ()) -> dict[str, int | None]:
    """fatalities / injuries / arrests found in the unit (None when not reported). Actor names and
    dates between a cue and a number (`skip` spans) do not count as distance."""
    start, end = unit
    counts: dict[str, int | None] = {"fatalities": None, "injuries": None, "arrests": None}
    count_words = [c for c in cues if c.item.cue in _COUNT_NAMES]
    # "محاولة اغتيال", "an attempted killing": the word names an attempt, no one is counted by it
    count_cues = [c for c in count_words if start <= c.start and c.end <= end
                  and not _ATTEMPT_BEFORE.search(text, max(start, c.start - 14), c.start)]
    negations = cues_of(cues, "negation", start, end)
    results = cues_of(cues, "result", start, end)
    negated_ranges = [(n.start, n.end) for n in negations]

    def negated(c) -> bool:
        for n_start, n_end in negated_ranges:
            if n_end <= c.start and c.start - n_end <= 22:
                return True
            # "لم يسفر الهجوم عن إصابات": a negated result verb zeroes the counts after it
            if n_end <= c.start and any(r.start >= n_end and r.start - n_end <= 3 for r in results) \
                    and c.start - n_end <= 45:
                return True
        return False

    for c in cues:
        if c.item.cue == "casualties" and start <= c.start and c.end <= end and negated(c):
            counts["fatalities"] = counts["fatalities"] or 0
            counts["injuries"] = counts["injuries"] or 0
    pairs = []
    for c in count_cues:
        if negated(c):
            counts[_COUNT_NAMES[c.item.cue]] = 0
            continue
        for k, num in enumerate(numbers):
            if not (start <= num.start and num.end <= end) or _looks_like_year(text, num) or _subset(text, num):
                continue
            if num.start < c.start and _anothers(num, c, count_words):
                continue
            between = _SUBSET_ASIDE.sub(" ", _without(text, min(c.end, num.end), max(c.start, num.start), skip))
            other_clause = _CLAUSE_MARK.search(between) and len(_WORDS.findall(between)) >= 3
            if len(between) <= MAX_COUNT_GAP and not other_clause:
                # "two others were injured": a passive cue takes its number from before it
                penalty = 25 if num.start >= c.end and _PASSIVE_EN.search(text[max(start, c.start - 16):c.start]) else 0
                pairs.append((len(between) + penalty, k, c))
    pairs.sort(key=lambda p: (p[0], p[1]))
    used: set[int] = set()
    for distance, k, c in pairs:
        name = _COUNT_NAMES[c.item.cue]
        if k in used or counts[name]:
            continue
        counts[name] = _plus_others(text, numbers[k], numbers[k].value, c, count_cues)
        used.add(k)
        # "killed 3 soldiers and 5 militants" / "154 IS fighters and 27 of its own had been killed":
        # a second number joined by "and"/"و" on the same side of the cue adds up (ACLED totals)
        ordered = [j for j in range(len(numbers)) if j not in used and start <= numbers[j].start < end
                   and not _subset(text, numbers[j])]
        for j in ordered:
            a, b = (numbers[k], numbers[j]) if numbers[j].start > numbers[k].start else (numbers[j], numbers[k])
            same_side = (a.start > c.start) == (b.start > c.start)
            joint = text[a.end:b.start]
            if same_side and _SUM_JOINER.match(joint) and not any(
                    a.end <= x.start < b.start for x in count_cues if x is not c):
                counts[name] += numbers[j].value
                used.add(j)
                break
    tolls = [c for c in cues if c.item.cue == "toll" and start <= c.start < end]
    if tolls:  # "the death toll from ... rose to 13", "ارتفعت حصيلة ضحايا ... إلى 13 قتيلاً"
        for to in (c for c in cues if c.item.cue == "toll_to" and tolls[0].end <= c.start < end):
            after = [n for n in numbers if 0 <= n.start - to.end <= 3]
            if after and (counts["fatalities"] is None or after[0].value > counts["fatalities"]):
                counts["fatalities"] = after[0].value
                break
    for c in count_cues:  # "A Peshmerga fighter was killed": one
        name = _COUNT_NAMES[c.item.cue]
        if counts[name] is None and _SINGULAR_PASSIVE.search(text[max(start, c.start - 12):c.start]):
            counts[name] = 1
    persons = cues_of(cues, "person_one", start, end) + cues_of(cues, "person_two", start, end)
    unit_numbers = [n for n in numbers if start <= n.start and n.end <= end]
    for c in count_cues:  # "قتل مدني وثلاثة ضباط وعنصر": the listed victims add up
        name = _COUNT_NAMES[c.item.cue]
        listed = None if negated(c) else _enumerated(text, c, unit_numbers, persons, end)
        if listed is not None and (counts[name] is None or listed > counts[name]):
            counts[name] = listed
    groups = cues_of(cues, "group_noun", start, end)
    for kind, value in (("person_two", 2), ("person_one", 1)):
        persons = [p for p in cues_of(cues, kind, start, end) if kind != "person_one" or _singular(text, p)]
        for c in count_cues:
            name = _COUNT_NAMES[c.item.cue]
            if any(0 <= g.start - c.end <= 30 for g in groups):
                continue  # "arrested an Islamic State cell": a group, not one person
            own = [p for p in persons if not _anothers(p, c, count_words)]
            if counts[name] is None and any(
                    len(_without(text, min(c.end, p.end), max(c.start, p.start), skip)) <= 12 for p in own):
                counts[name] = value
    return counts


_ASSASSINATION = re.compile(r"(?:[وف]?[بل]?ال)?اغتيال|[وف]?اغتال|assassinat", re.IGNORECASE)
_ATTEMPT = re.compile(r"محاول|نجا|نجاة|attempt|survived|failed", re.IGNORECASE)


def assassination_toll(text: str, trigger, unit: tuple[int, int]) -> int | None:
    """"اغتيال الشيخ X", "assassinated a commander": one person killed, unless the clause says it was an
    attempt or that the target survived (None then, and for every other trigger)."""
    if not _ASSASSINATION.match(text, trigger.start) or _ATTEMPT.search(text, min(unit[0], max(0, trigger.start - 30)),
                                                                         max(unit[1], trigger.end)):
        return None
    return 1


"""Incidents of one article: one incident reported several times is one event; several incidents in one
sentence ("هاجم التنظيم نقاطاً في قرى أ وب وج", a list of places) are one event each.

Pure functions over the candidate records of etl.extract.events (and the article's place mentions).
"""

from __future__ import annotations

import re

from etl.dedup import PLACE_KEYS, absorb, date_window, haversine_km


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

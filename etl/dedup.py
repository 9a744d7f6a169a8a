"""Merging reports of one event (ACLED's rule), inside one article and across articles.

Two records are the same event when they have the same sub_event_type, the same place (same
admin3_pcode, or within `distance_km` by haversine; records without coordinates match only the
same named place), overlapping dates (event_date ± a window from time_precision:
1 -> 0 days, 2 -> 7, 3 -> 31, 4 -> 366) and compatible actors (same actor1 or one of them empty;
actor2 likewise). Across articles, two reports both dated only to the month (or coarser) or with an
estimated date are never merged: a shared coarse date says too little.

The merged event keeps the most precise date (lowest time_precision; ties: the earliest report) and
the most precise place (lowest geo_precision), the largest count of each kind, every distinct
`source` joined with '; ', the highest confidence, and `merged_sources`: one dict (source,
source_url, article_id, evidence, evidence_start, evidence_end) per report merged into it. Its
event_id is the id of the earliest-reported member: the first one in the input order (callers pass
reports in reading/publication order, so re-runs keep the id).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Callable

WINDOW_DAYS = {1: 0, 2: 7, 3: 31, 4: 366}
COARSE_PRECISION = 3  # a month or coarser
_SOURCE_KEYS = ("source", "source_url", "article_id", "evidence", "evidence_start", "evidence_end")
PLACE_KEYS = ("country", "admin1", "admin2", "admin3", "admin1_pcode", "admin2_pcode", "admin3_pcode",
               "location", "location_ar", "latitude", "longitude", "geo_precision")
_DATE_KEYS = ("event_date", "time_precision")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(min(1.0, a)))


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def date_window(event: dict) -> tuple[dt.date, dt.date] | None:
    day = _as_date(event.get("event_date"))
    if day is None:
        return None
    days = WINDOW_DAYS.get(int(event.get("time_precision") or 1), 0)
    return day - dt.timedelta(days=days), day + dt.timedelta(days=days)


def _same_place(a: dict, b: dict, distance_km: float) -> bool:
    if a.get("admin3_pcode") and a.get("admin3_pcode") == b.get("admin3_pcode"):
        return True
    coords = [a.get("latitude"), a.get("longitude"), b.get("latitude"), b.get("longitude")]
    if all(isinstance(c, (int, float)) and not math.isnan(c) for c in coords):
        return haversine_km(*coords) <= distance_km
    if all(c is None for c in coords):  # no coordinates on either side: the same named place
        return (a.get("location") or "") == (b.get("location") or "") and \
            (a.get("admin1") or "") == (b.get("admin1") or "")
    return False


def _compatible(x: str | None, y: str | None) -> bool:
    return not x or not y or x == y


def _coarse_date(event: dict) -> bool:
    return bool(event.get("date_estimated")) or int(event.get("time_precision") or 1) >= COARSE_PRECISION


def same_event(a: dict, b: dict, distance_km: float = 10.0) -> bool:
    """ACLED's rule: same sub-type, same place, overlapping dates, compatible actors. Reports from two
    articles are not merged on a coarse or estimated date alone: one of them must date it to the week,
    and then their windows must overlap."""
    if a.get("sub_event_type") != b.get("sub_event_type"):
        return False
    if a.get("listed_from") and a.get("listed_from") == b.get("listed_from"):
        return False  # "قرى أ وب وج": the report lists separate places (an extractor's key)
    if a.get("article_id") != b.get("article_id") and _coarse_date(a) and _coarse_date(b):
        return False
    wa, wb = date_window(a), date_window(b)
    if wa is None or wb is None or wa[0] > wb[1] or wb[0] > wa[1]:
        return False
    if not (_compatible(a.get("actor1"), b.get("actor1")) and _compatible(a.get("actor2"), b.get("actor2"))):
        return False
    return _same_place(a, b, distance_km)


def _sources_of(event: dict) -> list[dict]:
    listed = event.get("merged_sources")
    if listed:
        return [dict(s) for s in listed]
    return [{k: event.get(k) for k in _SOURCE_KEYS}]


def absorb(kept: dict, other: dict) -> None:
    """Merge `other` into `kept` in place (kept keeps its event_id)."""
    if (other.get("time_precision") or 9) < (kept.get("time_precision") or 9):
        for k in _DATE_KEYS:
            kept[k] = other.get(k)
        for k in ("evidence", "evidence_start", "evidence_end", "language", "notes"):
            if other.get(k) is not None:
                kept[k] = other[k]
    other_geo, kept_geo = other.get("geo_precision") or 9, kept.get("geo_precision") or 9
    if other_geo < kept_geo or (kept.get("latitude") is None and other.get("latitude") is not None) \
            or (other_geo == kept_geo and not kept.get("admin1") and other.get("admin1")):
        for k in PLACE_KEYS:
            kept[k] = other.get(k)
    for k in ("fatalities", "injuries", "arrests"):
        values = [v for v in (kept.get(k), other.get(k)) if v is not None]
        kept[k] = max(values) if values else None
    for side, inter, opposite in (("actor1", "inter1", "actor2"), ("actor2", "inter2", "actor1")):
        if not kept.get(side) and other.get(side) and other[side] != kept.get(opposite):
            kept[side], kept[inter] = other[side], other.get(inter)
    for k in ("assoc_actor_1", "assoc_actor_2"):
        if not kept.get(k) and other.get(k):
            kept[k] = other[k]
    sources = [s for s in (kept.get("source") or "").split("; ") if s]
    for s in (other.get("source") or "").split("; "):
        if s and s not in sources:
            sources.append(s)
    kept["source"] = "; ".join(sources) or None
    if not kept.get("source_url") and other.get("source_url"):
        kept["source_url"] = other["source_url"]
    confidences = [c for c in (kept.get("confidence"), other.get("confidence")) if c is not None]
    kept["confidence"] = max(confidences) if confidences else None
    if kept.get("generic") and other.get("generic") is False:  # an extractor's flag: now named by a precise word
        kept["generic"] = False
    listed = kept["merged_sources"]
    for src in _sources_of(other):
        if src not in listed:
            listed.append(src)


def _activity(event: dict) -> object:
    return event.get("activity")


def merge_events(events: list[dict], distance_km: float = 10.0, *,
                 activity_key: Callable[[dict], object] | None = _activity) -> list[dict]:
    """Merge reports of the same event (see module docstring); input order decides event ids.

    `activity_key`: a label per record (default: the extractor's `activity` key, e.g. "curfew",
    "campaign"); records of one article whose labels differ (a curfew and a security campaign, both
    "Change to group/activity") are never merged. Pass None to ignore labels."""
    merged: list[dict] = []
    members: list[list[dict]] = []
    index: dict[tuple, list[int]] = {}
    cell = max(distance_km, 0.001) / 75.0  # degrees: one cell is at least distance_km wide below 47° N
    for event in events:
        target = None
        for i in _candidates(index, event, cell):
            kept = merged[i]
            if not same_event(kept, event, distance_km):
                continue
            if activity_key is not None and any(
                m.get("article_id") == event.get("article_id") and activity_key(m) != activity_key(event)
                for m in members[i]
            ):
                continue
            target = i
            break
        if target is None:
            copy = dict(event)
            copy["merged_sources"] = _sources_of(event)
            merged.append(copy)
            members.append([event])
            target = len(merged) - 1
        else:
            absorb(merged[target], event)
            members[target].append(event)
        for key in _place_keys(merged[target], cell):  # (re)index: absorbing may move the place
            bucket = index.setdefault(key, [])
            if not bucket or bucket[-1] != target:
                bucket.append(target)
    return merged


def _place_keys(event: dict, cell: float) -> list[tuple]:
    """Index keys of an event's place: its admin3 P-code, its grid cell, else its place name."""
    sub = event.get("sub_event_type")
    keys: list[tuple] = []
    if event.get("admin3_pcode"):
        keys.append((sub, "admin3", event["admin3_pcode"]))
    lat, lon = event.get("latitude"), event.get("longitude")
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)) and not (math.isnan(lat) or math.isnan(lon)):
        keys.append((sub, "cell", math.floor(lat / cell), math.floor(lon / cell)))
    else:
        keys.append((sub, "name", event.get("location") or "", event.get("admin1") or ""))
    return keys


def _candidates(index: dict[tuple, list[int]], event: dict, cell: float) -> list[int]:
    """Merged events that may be the same place as `event` (its admin3, the 3x3 grid cells around
    it, or its place name), earliest first."""
    found: set[int] = set()
    for key in _place_keys(event, cell):
        if key[1] == "cell":
            sub, _, y, x = key
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    found.update(index.get((sub, "cell", y + dy, x + dx), ()))
        else:
            found.update(index.get(key, ()))
    return sorted(found)

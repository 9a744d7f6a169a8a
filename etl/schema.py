"""The canonical event record (../shared/spec/event-schema.md), ACLED-aligned.

Pure data: field names, types, the ACLED taxonomy, and `validate_event`, which turns a
candidate record into a clean one or raises `InvalidRecord` with a reason a user can read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass

from etl.errors import InvalidRecord

# (name, duckdb type, required) in store column order.
EVENT_FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("event_id", "VARCHAR", True),
    ("event_date", "DATE", True),
    ("time_precision", "TINYINT", True),
    ("disorder_type", "VARCHAR", False),
    ("event_type", "VARCHAR", True),
    ("sub_event_type", "VARCHAR", True),
    ("actor1", "VARCHAR", False),
    ("actor2", "VARCHAR", False),
    ("assoc_actor_1", "VARCHAR", False),
    ("assoc_actor_2", "VARCHAR", False),
    ("inter1", "VARCHAR", False),
    ("inter2", "VARCHAR", False),
    ("country", "VARCHAR", False),
    ("admin1", "VARCHAR", False),
    ("admin2", "VARCHAR", False),
    ("admin3", "VARCHAR", False),
    ("admin1_pcode", "VARCHAR", False),
    ("admin2_pcode", "VARCHAR", False),
    ("admin3_pcode", "VARCHAR", False),
    ("location", "VARCHAR", False),
    ("location_ar", "VARCHAR", False),
    ("latitude", "DOUBLE", False),
    ("longitude", "DOUBLE", False),
    ("geo_precision", "TINYINT", False),
    ("fatalities", "INTEGER", False),
    ("injuries", "INTEGER", False),
    ("arrests", "INTEGER", False),
    ("source", "VARCHAR", False),
    ("source_url", "VARCHAR", False),
    ("notes", "VARCHAR", False),
    ("evidence", "VARCHAR", False),
    ("evidence_start", "INTEGER", False),
    ("evidence_end", "INTEGER", False),
    ("language", "VARCHAR", False),
    ("origin", "VARCHAR", True),
    ("article_id", "VARCHAR", False),
    ("confidence", "DOUBLE", False),
    ("timestamp", "TIMESTAMP", False),
)
EVENT_COLUMNS: tuple[str, ...] = tuple(f[0] for f in EVENT_FIELDS)
REQUIRED_COLUMNS: tuple[str, ...] = tuple(f[0] for f in EVENT_FIELDS if f[2])

# Columns that do not make an event "changed" when only they differ (re-load idempotency).
VOLATILE_COLUMNS: frozenset[str] = frozenset({"timestamp"})

ORIGINS = ("article", "acled", "ucdp", "gtd", "gdelt", "manual")

INTER_TYPES = (
    "State forces",
    "Rebel group",
    "Political militia",
    "Identity militia",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
)

TAXONOMY: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
EVENT_TYPE_OF: dict[str, str] = {sub: et for et, subs in TAXONOMY.items() for sub in subs}

DISORDER_OF_EVENT_TYPE: dict[str, str] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence; Demonstrations",
    "Strategic developments": "Strategic developments",
}

# ACLED vague amounts.
VAGUE_AMOUNTS = {"several": 3, "dozens": 12, "hundreds": 100}

_EARLIEST = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class Quarantined:
    """A record that could not be loaded: where it came from, what it was, and why."""

    record_no: int
    raw: str
    reason: str


def stable_id(*parts: object, prefix: str = "") -> str:
    """A short, stable hash id from parts (same parts -> same id, across runs and machines)."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return f"{prefix}{digest}"


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise InvalidRecord(f"event_date {value!r} is not a valid date (YYYY-MM-DD)") from None
    raise InvalidRecord(f"event_date {value!r} is not a date")


def _as_int(name: str, value: object, lo: int | None = None, hi: int | None = None) -> int | None:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        as_float = float(value)  # accepts "12", "12.0", 12
    except (TypeError, ValueError):
        raise InvalidRecord(f"{name} {value!r} is not a number") from None
    if not as_float.is_integer():
        raise InvalidRecord(f"{name} {value!r} is not a whole number")
    number = int(as_float)
    if lo is not None and number < lo:
        raise InvalidRecord(f"{name} {number} is below {lo}")
    if hi is not None and number > hi:
        raise InvalidRecord(f"{name} {number} is above {hi}")
    return number


def _as_float(name: str, value: object) -> float | None:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidRecord(f"{name} {value!r} is not a number") from None
    if math.isnan(number):
        return None
    return number


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip()
    return text or None


def validate_event(record: dict, *, today: dt.date | None = None) -> dict:
    """Return a clean canonical record (every column present) or raise InvalidRecord.

    Checks: required fields, a real date not in the future, the ACLED taxonomy, precision
    ranges, coordinates in range (and both or neither), non-negative counts, confidence 0-1.
    Fills event_type and disorder_type from sub_event_type when missing.
    """
    today = today or dt.date.today()
    out: dict = {c: None for c in EVENT_COLUMNS}
    for key in EVENT_COLUMNS:
        if key in record:
            out[key] = record[key]
    for key in EVENT_COLUMNS:
        if key not in ("event_date", "timestamp") and EVENT_FIELDS[EVENT_COLUMNS.index(key)][1] == "VARCHAR":
            out[key] = _as_text(out[key])

    if not out["event_id"]:
        raise InvalidRecord("event_id is missing")
    if out["event_date"] in (None, ""):
        raise InvalidRecord("event_date is missing")
    date = _as_date(out["event_date"])
    if date < _EARLIEST:
        raise InvalidRecord(f"event_date {date} is before {_EARLIEST}")
    if date > today:
        raise InvalidRecord(f"event_date {date} is in the future")
    out["event_date"] = date

    sub = out["sub_event_type"]
    if not sub:
        raise InvalidRecord("sub_event_type is missing")
    if sub not in EVENT_TYPE_OF:
        raise InvalidRecord(f"sub_event_type {sub!r} is not an ACLED sub-event type")
    if not out["event_type"]:
        out["event_type"] = EVENT_TYPE_OF[sub]
    elif out["event_type"] != EVENT_TYPE_OF[sub]:
        raise InvalidRecord(
            f"sub_event_type {sub!r} belongs to {EVENT_TYPE_OF[sub]!r}, not {out['event_type']!r}"
        )
    if not out["disorder_type"]:
        out["disorder_type"] = DISORDER_OF_EVENT_TYPE[out["event_type"]]

    out["time_precision"] = _as_int("time_precision", out["time_precision"], 1, 4) or 1
    out["geo_precision"] = _as_int("geo_precision", out["geo_precision"], 1, 3)
    for name in ("fatalities", "injuries", "arrests"):
        out[name] = _as_int(name, out[name], lo=0)
    for name in ("evidence_start", "evidence_end"):
        out[name] = _as_int(name, out[name], lo=0)

    lat = _as_float("latitude", out["latitude"])
    lon = _as_float("longitude", out["longitude"])
    if (lat is None) != (lon is None):
        raise InvalidRecord("latitude and longitude must both be given or both be empty")
    if lat is not None and lon is not None:
        if not -90 <= lat <= 90:
            raise InvalidRecord(f"latitude {lat} is out of range (-90..90)")
        if not -180 <= lon <= 180:
            raise InvalidRecord(f"longitude {lon} is out of range (-180..180)")
    out["latitude"], out["longitude"] = lat, lon

    conf = _as_float("confidence", out["confidence"])
    if conf is not None and not 0 <= conf <= 1:
        raise InvalidRecord(f"confidence {conf} is outside 0..1")
    out["confidence"] = conf

    if out["origin"] not in ORIGINS:
        raise InvalidRecord(f"origin {out['origin']!r} is not one of {', '.join(ORIGINS)}")
    for name in ("inter1", "inter2"):
        if out[name] and out[name] not in INTER_TYPES:
            raise InvalidRecord(f"{name} {out[name]!r} is not an ACLED actor type")
    return out

"""The canonical event record (../shared/spec/event-schema.md), ACLED-aligned.

Pure data: field names and types, the ACLED taxonomy, and stable ids. Rows are validated in one
vectorised pass by etl/store/sql/validate_events.sql (run by etl.pipeline.validate_batch), which gives
each bad row a reason a user can act on.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


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
    ("article_ref", "VARCHAR", False),  # the caller's id of the article (JSONL id, file name), articles only
    ("date_estimated", "BOOLEAN", False),  # the date counts from an estimated anchor (undated article)
    ("fatalities_low", "INTEGER", False),  # a source's low / high estimate beside its best (UCDP GED low, high)
    ("fatalities_high", "INTEGER", False),
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

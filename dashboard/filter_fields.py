"""The analyst's further filters, kept apart from dashboard/filters.py (which holds the core ones and calls these):
date precision, location precision, civilian targeting, disorder type, actor type (inter1/inter2) and associated
actors. Each: its SQL (bound parameters), its URL parameter, its caption words in both languages.

Pure: no Streamlit import, no store access.
"""

from __future__ import annotations

from etl.schema import DISORDER_OF_EVENT_TYPE, INTER_TYPES

TIME_PRECISIONS = (1, 2, 3, 4)  # exact day, within a week, within a month, year only (docs/spec/event-schema.md)
GEO_PRECISIONS = (1, 2, 3)  # the place itself, near it / its district, only a larger region
CIVILIAN_KINDS = ("all", "targeted", "not_targeted")
DISORDER_TYPES = tuple(sorted(set(DISORDER_OF_EVENT_TYPE.values()) | {"Political violence; Demonstrations"}))
ASSOC_SEP = "; "  # ACLED joins several associated actors with "; "

# field -> URL parameter
PARAM_NAMES = {
    "time_precision": "tprec",
    "geo_precision": "gprec",
    "civilians": "civ",
    "disorder_types": "disorder",
    "actor_types": "inter",
    "assoc_actors": "assoc",
}
LIST_FIELDS = ("disorder_types", "actor_types", "assoc_actors")
INT_FIELDS = ("time_precision", "geo_precision")


def civilian_targeting_sql(c: str) -> str:
    """Civilians are the target: the second side is civilians (ACLED inter2 7, UCDP one-sided violence) or the
    event is Violence against civilians. The store keeps no separate civilian_targeting column; this is the
    same test ACLED's column makes from its own coding."""
    return f"(coalesce({c}inter2, '') = 'Civilians' OR {c}event_type = 'Violence against civilians')"


def sql_parts(f, c: str) -> tuple[list[str], dict[str, object]]:
    """WHERE parts and parameters for the further filters of `f` (column prefix `c`)."""
    parts: list[str] = []
    params: dict[str, object] = {}
    for name, column in (("time_precision", "time_precision"), ("geo_precision", "geo_precision")):
        values = getattr(f, name)
        if values:
            parts.append(f"list_contains($f_{name}, {c}{column})")
            params[f"f_{name}"] = [int(v) for v in values]
    if f.civilians == "targeted":
        parts.append(civilian_targeting_sql(c))
    elif f.civilians == "not_targeted":
        parts.append(f"NOT {civilian_targeting_sql(c)}")
    if f.disorder_types:
        parts.append(f"list_contains($f_disorder_types, {c}disorder_type)")
        params["f_disorder_types"] = list(f.disorder_types)
    if f.actor_types:
        parts.append(f"(list_contains($f_actor_types, {c}inter1) OR list_contains($f_actor_types, {c}inter2))")
        params["f_actor_types"] = list(f.actor_types)
    if f.assoc_actors:
        parts.append(f"list_has_any(string_split(coalesce({c}assoc_actor_1, '') || '{ASSOC_SEP}' || "
                     f"coalesce({c}assoc_actor_2, ''), '{ASSOC_SEP}'), $f_assoc_actors)")
        params["f_assoc_actors"] = list(f.assoc_actors)
    return parts, params


def query_params(f) -> dict[str, str | list[str]]:
    out: dict[str, str | list[str]] = {}
    for name in INT_FIELDS:
        if getattr(f, name):
            out[PARAM_NAMES[name]] = [str(v) for v in getattr(f, name)]
    if f.civilians != "all":
        out["civ"] = f.civilians
    for name in LIST_FIELDS:
        if getattr(f, name):
            out[PARAM_NAMES[name]] = list(getattr(f, name))
    return out


def from_params(known, choice) -> dict[str, object]:
    """The further fields from URL values: `known(key, ok)` keeps the values `ok` accepts (noticing the others),
    `choice(key, kinds)` the last known kind."""
    return {
        "time_precision": [int(v) for v in known("tprec", lambda v: v.strip() in {str(p) for p in TIME_PRECISIONS})],
        "geo_precision": [int(v) for v in known("gprec", lambda v: v.strip() in {str(p) for p in GEO_PRECISIONS})],
        "civilians": choice("civ", CIVILIAN_KINDS),
        "disorder_types": known("disorder", lambda v: v in DISORDER_TYPES),
        "actor_types": known("inter", lambda v: v in INTER_TYPES),
        "assoc_actors": known("assoc", lambda v: bool(v.strip())),
    }


def as_ints(values, allowed) -> tuple[int, ...]:
    out = set()
    for v in values or ():
        try:
            n = int(v)
        except (TypeError, ValueError):
            continue
        if n in allowed:
            out.add(n)
    return tuple(sorted(out))


def caption_parts(f, t, joined) -> list[str]:
    """Caption words for the further filters (`joined(kind, values)` lists display names with "or")."""
    parts = []
    if f.time_precision:
        parts.append(t("caption.time_precision", names=joined("raw", tuple(t(f"filters.tprec_{p}")
                                                                          for p in f.time_precision))))
    if f.geo_precision:
        parts.append(t("caption.geo_precision", names=joined("raw", tuple(t(f"filters.gprec_{p}")
                                                                         for p in f.geo_precision))))
    if f.civilians != "all":
        parts.append(t(f"caption.civilians_{f.civilians}"))
    if f.disorder_types:
        parts.append(t("caption.disorder", names=joined("raw", tuple(t(f"filters.disorder_{disorder_key(d)}")
                                                                    for d in f.disorder_types))))
    if f.actor_types:
        parts.append(t("caption.actor_types", names=joined("raw", tuple(t(f"filters.inter_{inter_key(i)}")
                                                                       for i in f.actor_types))))
    if f.assoc_actors:
        parts.append(t("caption.assoc", names=joined("actor", f.assoc_actors)))
    return parts


def disorder_key(value: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in value.lower()).strip("_").replace("__", "_")


def inter_key(value: str) -> str:
    return disorder_key(value)

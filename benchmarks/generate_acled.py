"""Write a realistic ACLED-format CSV (the 31 current export columns) for benchmarks.

Places come from a fixed gazetteer of N_LOCATIONS named locations, as in real ACLED exports (each event
is geocoded to a named place with fixed coordinates, so many events share a point): OCHA sub-district
centres of Syria (data/geo) plus deterministic offsets, named "<sub-district> village <k>", the same for
every seed and chunk. Sub-event types span the whole ACLED taxonomy, actors are the ones ACLED uses for Syria.
Vectorised with numpy + pyarrow: 1,000,000 rows take a few seconds.

    python benchmarks/generate_acled.py OUT.csv N [SEED]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)

GEO_FILE = Path(__file__).resolve().parents[1] / "data" / "geo" / "syr_adm3_simplified.geojson"

# (sub_event_type, event_type, disorder_type, weight, verb used in notes)
SUB_TYPES = (
    ("Shelling/artillery/missile attack", "Explosions/Remote violence", "Political violence", 28, "shelled"),
    ("Air/drone strike", "Explosions/Remote violence", "Political violence", 14, "carried out air strikes on"),
    ("Remote explosive/landmine/IED", "Explosions/Remote violence", "Political violence", 6, "detonated an IED in"),
    ("Suicide bomb", "Explosions/Remote violence", "Political violence", 1, "carried out a suicide bombing in"),
    ("Grenade", "Explosions/Remote violence", "Political violence", 1, "threw a grenade in"),
    ("Chemical weapon", "Explosions/Remote violence", "Political violence", 0.2, "used chemical weapons in"),
    ("Armed clash", "Battles", "Political violence", 20, "clashed with opponents in"),
    ("Government regains territory", "Battles", "Political violence", 1, "regained control of"),
    ("Non-state actor overtakes territory", "Battles", "Political violence", 1, "took control of"),
    ("Attack", "Violence against civilians", "Political violence", 8, "attacked civilians in"),
    ("Abduction/forced disappearance", "Violence against civilians", "Political violence", 2, "abducted people in"),
    ("Sexual violence", "Violence against civilians", "Political violence", 0.2, "committed sexual violence in"),
    ("Peaceful protest", "Protests", "Demonstrations", 6, "demonstrated in"),
    ("Protest with intervention", "Protests", "Demonstrations", 1, "protested and were dispersed in"),
    ("Excessive force against protesters", "Protests", "Political violence", 0.2, "fired at protesters in"),
    ("Violent demonstration", "Riots", "Demonstrations", 0.5, "rioted in"),
    ("Mob violence", "Riots", "Political violence", 0.5, "attacked a person in"),
    ("Arrests", "Strategic developments", "Strategic developments", 3, "arrested people in"),
    ("Change to group/activity", "Strategic developments", "Strategic developments", 2, "imposed a curfew in"),
    ("Disrupted weapons use", "Strategic developments", "Strategic developments", 2, "defused an IED in"),
    ("Looting/property destruction", "Strategic developments", "Strategic developments", 1, "looted property in"),
    ("Headquarters or base established", "Strategic developments", "Strategic developments", 0.5, "set up a base in"),
    ("Non-violent transfer of territory", "Strategic developments", "Strategic developments", 0.3, "handed over"),
    ("Agreement", "Strategic developments", "Strategic developments", 0.3, "reached an agreement in"),
    ("Other", "Strategic developments", "Strategic developments", 0.3, "was reported in"),
)

# (actor, inter type)
ACTORS = (
    ("Military Forces of Syria (2000-2024)", "State forces"),
    ("Islamic State (Syria)", "Rebel group"),
    ("SDF: Syrian Democratic Forces", "Rebel group"),
    ("HTS: Hayat Tahrir al Sham", "Rebel group"),
    ("Military Forces of Russia (2000-)", "External/Other forces"),
    ("Military Forces of Turkey (2016-)", "External/Other forces"),
    ("Syrian National Army", "Rebel group"),
    ("Unidentified Armed Group (Syria)", "Political militia"),
    ("Military Forces of Israel (2022-)", "External/Other forces"),
    ("Civilians (Syria)", "Civilians"),
    ("Protesters (Syria)", "Protesters"),
    ("Rioters (Syria)", "Rioters"),
    ("Police Forces of Syria (2024-)", "State forces"),
    ("Tribal Militia (Syria)", "Identity militia"),
)
SOURCES = ("SOHR", "SANA", "North Press Agency", "Enab Baladi", "Syria Direct", "Step News Agency; SOHR")
SCALES = ("National", "Subnational", "Other-National", "New media", "Local partner-Other")
TAGS = ("", "", "", "crowd size=no report", "women targeted: candidates")
# Named locations in the gazetteer (Syria's ACLED data has on the order of 10^4 for 10^5-10^6 events).
N_LOCATIONS = 10_000
GAZETTEER_SEED = 760  # fixed: the gazetteer does not depend on the rows' seed


def _places() -> dict[str, np.ndarray]:
    """The gazetteer: N_LOCATIONS named locations with fixed coordinates and admin names."""
    features = json.loads(GEO_FILE.read_text(encoding="utf-8"))["features"]
    props = [f["properties"] for f in features]
    centre = np.arange(N_LOCATIONS) % len(props)  # every sub-district gets ~N_LOCATIONS / len(props) places
    rng = np.random.default_rng(GAZETTEER_SEED)
    lat = np.array([p["center_lat"] for p in props])[centre] + rng.normal(0, 0.03, N_LOCATIONS)
    lon = np.array([p["center_lon"] for p in props])[centre] + rng.normal(0, 0.03, N_LOCATIONS)
    return {
        "admin1": np.array([props[i]["adm1_name"] for i in centre], dtype=object),
        "admin2": np.array([props[i]["adm2_name"] for i in centre], dtype=object),
        "admin3": np.array([props[i]["adm3_name"] for i in centre], dtype=object),
        "location": np.array([f"{props[i]['adm3_name']} village {k + 1}" for k, i in enumerate(centre)], dtype=object),
        "lat": np.round(lat, 4),
        "lon": np.round(lon, 4),
    }


def _pick(values: tuple | np.ndarray, index: np.ndarray) -> pa.Array:
    """Strings of `values` at `index`, as an Arrow string array (via a dictionary, no Python loop)."""
    dictionary = pa.array(list(values), pa.string())
    return pa.DictionaryArray.from_arrays(pa.array(index.astype(np.int32)), dictionary).cast(pa.string())


def acled_table(n_rows: int, seed: int = 0, first_id: int = 1) -> pa.Table:
    """An Arrow table of `n_rows` ACLED-format events (all 31 current columns), ids from `first_id`."""
    rng = np.random.default_rng(seed)
    places = _places()
    weights = np.array([s[3] for s in SUB_TYPES], dtype=float)
    sub = rng.choice(len(SUB_TYPES), size=n_rows, p=weights / weights.sum())
    place = rng.integers(0, len(places["lat"]), n_rows)
    a1 = rng.integers(0, len(ACTORS), n_rows)
    a2 = rng.integers(0, len(ACTORS) + 1, n_rows)  # last index = no actor2
    a2 = np.where(a2 == a1, len(ACTORS), a2)
    days = rng.integers(np.datetime64("2017-01-01").astype(int), np.datetime64("2025-06-30").astype(int), n_rows)
    dates = pa.array(days.astype("datetime64[D]"))
    date_str = pc.strftime(dates, "%Y-%m-%d")
    fatalities = np.where(rng.random(n_rows) < 0.6, 0, rng.poisson(3, n_rows))
    lat = places["lat"][place]
    lon = places["lon"][place]

    actor_names = tuple(a[0] for a in ACTORS) + ("",)
    inter_names = tuple(a[1] for a in ACTORS) + ("",)
    actor1, actor2 = _pick(actor_names, a1), _pick(actor_names, a2)
    inter1, inter2 = _pick(inter_names, a1), _pick(inter_names, a2)
    location = _pick(places["location"], place)
    admin1 = _pick(places["admin1"], place)
    fatal_str = pc.cast(pa.array(fatalities), pa.string())
    notes = pc.binary_join_element_wise(
        "On ", date_str, ", ", actor1, " ", _pick(tuple(s[4] for s in SUB_TYPES), sub), " ", location,
        " (", admin1, "). ", fatal_str, " fatalities reported.", "",
    )
    ids = pc.binary_join_element_wise("SYR", pc.cast(pa.array(np.arange(first_id, first_id + n_rows)), pa.string()), "")
    timestamps = days * 86400 + 86400 * rng.integers(1, 30, n_rows)
    columns = {
        "event_id_cnty": ids,
        "event_date": date_str,
        "year": pc.cast(pc.year(dates), pa.string()),
        "time_precision": pa.array(rng.choice([1, 1, 1, 2, 3], n_rows)),
        "disorder_type": _pick(tuple(s[2] for s in SUB_TYPES), sub),
        "event_type": _pick(tuple(s[1] for s in SUB_TYPES), sub),
        "sub_event_type": _pick(tuple(s[0] for s in SUB_TYPES), sub),
        "actor1": actor1,
        "assoc_actor_1": _pick(("", "", "", "Kurdish Ethnic Group (Syria)", "Sunni Muslim Group (Syria)"), rng.integers(0, 5, n_rows)),
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": _pick(("", "", "", "Civilians (Syria)"), rng.integers(0, 4, n_rows)),
        "inter2": inter2,
        "interaction": pc.binary_join_element_wise(inter1, "-", inter2, ""),
        "civilian_targeting": pa.array(np.where(sub == 9, "Civilian targeting", "")),
        "iso": pa.array(np.full(n_rows, 760)),
        "region": pa.array(np.full(n_rows, "Middle East")),
        "country": pa.array(np.full(n_rows, "Syria")),
        "admin1": admin1,
        "admin2": _pick(places["admin2"], place),
        "admin3": _pick(places["admin3"], place),
        "location": location,
        "latitude": pa.array(lat),
        "longitude": pa.array(lon),
        "geo_precision": pa.array(rng.choice([1, 1, 2, 3], n_rows)),
        "source": _pick(SOURCES, rng.integers(0, len(SOURCES), n_rows)),
        "source_scale": _pick(SCALES, rng.integers(0, len(SCALES), n_rows)),
        "notes": notes,
        "fatalities": pa.array(fatalities),
        "tags": _pick(TAGS, rng.integers(0, len(TAGS), n_rows)),
        "timestamp": pa.array(timestamps),
    }
    return pa.table({name: columns[name] for name in ACLED_COLUMNS})


def write_acled_csv(path: str | Path, n_rows: int, seed: int = 0) -> Path:
    """Write `n_rows` realistic ACLED rows to `path` (written in chunks to bound memory)."""
    path = Path(path)
    chunk = 200_000
    writer = None
    try:
        for start in range(0, max(n_rows, 1), chunk):
            table = acled_table(min(chunk, n_rows - start), seed * 1_000 + start // chunk, first_id=start + 1)
            if writer is None:
                writer = pacsv.CSVWriter(path, table.schema)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    return path


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: python benchmarks/generate_acled.py OUT.csv N [SEED]")
    out = write_acled_csv(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) == 4 else 0)
    print(f"wrote {int(sys.argv[2]):,} ACLED rows to {out}")

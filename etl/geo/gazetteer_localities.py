"""Villages, towns and neighbourhoods from Who's On First (most records from GeoNames / NGA GNS) for the
gazetteer: the places below the admin capitals that real reports name ("قرية الحوايج", "بلدة الصبحة").

Sources: `wof_sy_localities.csv`, `wof_iq_localities.csv` in the sources folder (see PROVENANCE.md there;
CC0 for WOF, CC BY 4.0 for GeoNames). A locality whose Arabic name an existing row already has within
`_SAME_PLACE_KM` is skipped. Syrian rows take their OCHA admin areas by point-in-polygon; Iraqi rows take
their governorate from WOF's region. Their Arabic spellings are often renderings of romanised names,
and many are everyday words, so the gazetteer matches them only after a place word ("قرية X", "بلدة X",
"حي X"): see etl.geo.gazetteer (`needs_place_word`).
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

from etl.geo.gazetteer_curated import IRAQ_GOVERNORATES
from etl.text.normalize import normalize_key

SOURCE_LABEL = "Who's On First / GeoNames locality"
_SAME_PLACE_KM = 8.0
_MIN_KEY_LETTERS = 3
# "قرية الحوايج": the settlement word is context, not the name (the gazetteer wants it before the name)
_SETTLEMENT_WORD = re.compile(r"^(?:قرية|قريه|بلدة|بلده|مزرعة|مزرعه|حي|مخيم)\s+")


def _key(name: str) -> str:
    key = normalize_key(name)
    return key[2:] if key.startswith("ال") and len(key) > 4 else key


def _near(lat1: float, lon1: float, lat2: float, lon2: float) -> bool:
    dy = (lat2 - lat1) * 111.0
    dx = (lon2 - lon1) * 111.0 * math.cos(math.radians(lat1))
    return dx * dx + dy * dy <= _SAME_PLACE_KM ** 2


def locality_rows(sources_dir: Path, geo_dir: Path, existing: list[dict], new_row, add_variants) -> list[dict]:
    """Gazetteer rows (as etl.geo.gazetteer_build makes them) for the WOF localities not already there."""
    import numpy as np

    from etl.geo.admin_areas import load_admin_areas

    known: dict[str, list[tuple[float, float]]] = {}
    for row in existing:
        for name in [row["name_ar"], *row.get("_ar", [])]:
            if name:
                known.setdefault(_key(name), []).append((float(row["lat"]), float(row["lon"])))
    iraq = {normalize_key(ar): en for en, ar, _ in IRAQ_GOVERNORATES.values()}
    rows: list[dict] = []
    for country in ("sy", "iq"):
        path = Path(sources_dir) / f"wof_{country}_localities.csv"
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as f:
            records = list(csv.DictReader(f))
        kept = []
        for r in records:
            names = [n for n in dict.fromkeys(_SETTLEMENT_WORD.sub("", n).strip()
                                              for n in [r["name_ar"], *r["name_ar_all"].split("|")]) if n]
            keys = {_key(n) for n in names}
            if any(len(k.replace(" ", "")) < _MIN_KEY_LETTERS for k in keys):
                continue
            lat, lon = float(r["lat"]), float(r["lon"])
            if any(_near(lat, lon, *p) for k in keys for p in known.get(k, ())):
                continue
            if country == "iq" and normalize_key(r["region_ar"]) not in iraq:
                continue
            for k in keys:
                known.setdefault(k, []).append((lat, lon))
            kept.append((r, names, lat, lon))
        admin = None
        if country == "sy" and kept:
            areas = load_admin_areas(geo_dir)
            admin = areas.locate(np.array([k[2] for k in kept]), np.array([k[3] for k in kept])).to_pydict()
        for i, (r, names, lat, lon) in enumerate(kept):
            feature = "neighbourhood" if r["placetype"] == "neighbourhood" else (
                "site" if r["placetype"] == "campus" else "village")
            row = new_row(place_id=f"wof:{r['wof_id']}", name_en=r["name_en"] or r["name"], name_ar=names[0],
                          feature_type=feature, lat=lat, lon=lon,
                          country="Syria" if country == "sy" else "Iraq", source=SOURCE_LABEL)
            if admin is not None:
                if admin["admin1"][i] is None:
                    continue  # outside every Syrian area
                for level in ("1", "2", "3"):
                    row[f"admin{level}"] = admin[f"admin{level}"][i] or ""
                    row[f"admin{level}_pcode"] = admin[f"admin{level}_pcode"][i] or ""
            else:
                row["admin1"] = iraq[normalize_key(r["region_ar"])]
            add_variants(row, names, [n for n in dict.fromkeys((r["name_en"], r["name"])) if n])
            rows.append(row)
    return rows

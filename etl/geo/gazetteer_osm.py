"""Syrian villages and towns from OpenStreetMap (HOTOSM populated places matched to IOM DTM / OCHA
communities): the places of north-east Syria the other sources lack ("قرية الفيضات", "قرية الخمائل").

Source: `osm_iom_syria_points.csv` in the sources folder (see PROVENANCE.md there). Licence: ODbL (©
OpenStreetMap contributors), share-alike for derived databases, so these rows are kept in a file of their
own, `gazetteer_osm.csv`, beside gazetteer.csv (a collective database, not merged into it). A place whose
Arabic name a gazetteer row already has within a few kilometres is skipped. Like the WOF localities, they
are matched only after a place word ("قرية X"), or in a list after one: see etl.geo.gazetteer.
"""

from __future__ import annotations

import csv
from pathlib import Path

from etl.geo.gazetteer_localities import _MIN_KEY_LETTERS, _key, _near

SOURCE_LABEL = "OpenStreetMap (HOTOSM) / IOM DTM locality"
OSM_FILE = "gazetteer_osm.csv"
SOURCE_FILE = "osm_iom_syria_points.csv"
_FEATURE = {"city": "city", "town": "town", "village": "village", "hamlet": "village"}


def osm_rows(sources_dir: Path, existing: list[dict], new_row, add_variants) -> list[dict]:
    """Gazetteer rows (as etl.geo.gazetteer_build makes them) for the OSM places not already there."""
    path = Path(sources_dir) / SOURCE_FILE
    if not path.is_file():
        return []
    known: dict[str, list[tuple[float, float]]] = {}
    for row in existing:
        for name in [row["name_ar"], *row.get("_ar", []), *row.get("variants_ar", "").split("|")]:
            if name:
                known.setdefault(_key(name), []).append((float(row["lat"]), float(row["lon"])))
    rows: list[dict] = []
    with path.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            name = (r.get("hot_name") or "").strip()
            key = _key(name) if name else ""
            if len(key.replace(" ", "")) < _MIN_KEY_LETTERS or not r.get("adm1_name"):
                continue
            lat, lon = float(r["lat"]), float(r["lon"])
            if any(_near(lat, lon, *p) for p in known.get(key, ())):
                continue
            known.setdefault(key, []).append((lat, lon))
            row = new_row(place_id=f"osm:{r['hot_id'].removeprefix('node/')}", name_en=r["hot_name_en"] or r["hot_name_latin"]
                          or r["location_name"], name_ar=name, feature_type=_FEATURE.get(r["hot_place"], "village"),
                          lat=lat, lon=lon, country="Syria", source=SOURCE_LABEL)
            for level in ("1", "2", "3"):
                row[f"admin{level}"] = r[f"adm{level}_name"]
                row[f"admin{level}_pcode"] = r[f"adm{level}_pcode"]
            if r.get("total_population", "").isdigit():
                row["population"] = r["total_population"]
            add_variants(row, [], [n for n in dict.fromkeys((r["hot_name_latin"], r["location_name"])) if n])
            rows.append(row)
    return rows

"""Display names in the UI language: admin areas from the OCHA boundary files (English `admN_name`,
Arabic `admN_name1`), actors from the actor dictionary (`name_ar`). Pure; no Streamlit import."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=4)
def boundary_names(geo_dir: str) -> dict[str, dict[str, str]]:
    """{pcode: {"en": name, "ar": name}} for governorates, districts and sub-districts."""
    out: dict[str, dict[str, str]] = {}
    for level in (1, 2, 3):
        path = Path(geo_dir) / f"syr_adm{level}_simplified.geojson"
        if not path.is_file():
            continue
        for feature in json.loads(path.read_text(encoding="utf-8")).get("features", []):
            props = feature.get("properties") or {}
            pcode = props.get(f"adm{level}_pcode")
            if pcode:
                en = props.get(f"adm{level}_name") or pcode
                out[pcode] = {"en": en, "ar": props.get(f"adm{level}_name1") or en}
    return out


def actor_arabic_names(knowledge_dir: str, actors: tuple[str, ...]) -> dict[str, str]:
    """{canonical actor: Arabic name} for the actors the dictionary knows (others are left out)."""
    try:
        from etl.actors import load_actors

        dictionary = load_actors(knowledge_dir)
    except Exception:  # dictionary missing or unreadable: names stay in English
        return {}
    out: dict[str, str] = {}
    for name in actors:
        actor = dictionary.by_name(name) if hasattr(dictionary, "by_name") else None
        actor = actor or dictionary.canonical(name)
        name_ar = getattr(actor, "name_ar", None) if actor else None
        if name_ar:
            out[name] = name_ar
    return out


def actor_aliases(knowledge_dir: str, actor: str) -> list[str]:
    """Aliases of one actor from the dictionary (Arabic then English), or [] when unknown."""
    try:
        from etl.actors import load_actors

        found = load_actors(knowledge_dir).by_name(actor)
    except Exception:
        return []
    if not found:
        return []
    return [*getattr(found, "aliases_ar", ()), *getattr(found, "aliases_en", ())]


def display_names(lang: str, geo_dir: str, knowledge_dir: str, actors: tuple[str, ...],
                  admin_fallback: dict[str, str] | None = None) -> dict[str, dict[str, str]]:
    """{"actor": {...}, "admin1"/"admin2"/"admin3": {pcode: name}} in `lang`, for captions and widgets."""
    areas = boundary_names(geo_dir)
    admin = {pcode: names["ar" if lang == "ar" else "en"] for pcode, names in areas.items()}
    for pcode, name in (admin_fallback or {}).items():
        admin.setdefault(pcode, name)
    actor_names = actor_arabic_names(knowledge_dir, actors) if lang == "ar" else {}
    return {"actor": actor_names, "admin1": admin, "admin2": admin, "admin3": admin}


@lru_cache(maxsize=4)
def _place_table(gazetteer_csv: str, mtime_ns: int) -> dict[str, str]:
    """{lower-case English name or variant: Arabic name} from the gazetteer. A settlement's name wins over an
    admin area's ("Afrin" the town, not "مركز عفرين" the sub-district), a governorate's over a district's; a
    name two places of the same rank call differently in Arabic is left out (no guessing)."""
    import csv

    rank = {"city": 0, "town": 0, "village": 0, "site": 1, "governorate": 2, "district": 3, "subdistrict": 4}
    best: dict[str, tuple[int, str]] = {}
    clashes: set[tuple[str, int]] = set()
    with open(gazetteer_csv, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            arabic = (row.get("name_ar") or "").strip()
            if not arabic:
                continue
            level = rank.get(row.get("feature_type") or "", 5)
            for name in [row.get("name_en") or "", *(row.get("variants_en") or "").split("|")]:
                key = name.strip().lower()
                if not key:
                    continue
                held = best.get(key)
                if held is None or level < held[0]:
                    best[key] = (level, arabic)
                elif level == held[0] and arabic != held[1]:
                    clashes.add((key, level))
    return {k: v for k, (level, v) in best.items() if (k, level) not in clashes}


def arabic_place_names(knowledge_dir: str, places) -> dict[str, str]:
    """{place as stored: its Arabic name} for the places the gazetteer names in Arabic. UCDP's descriptive
    suffixes ("Arbin town", "Ein Terma suburb") and alternatives ("X (Y)", "X/Y": the first) are looked up
    without them."""
    import re

    path = Path(knowledge_dir) / "gazetteer.csv"
    try:
        table = _place_table(str(path), path.stat().st_mtime_ns)
    except OSError:
        return {}
    suffix = re.compile(r"\s+(?:village|town|city|suburb|area|neighbou?rhood|district|hamlet)s?$", re.I)
    out: dict[str, str] = {}
    for place in places:
        if not isinstance(place, str) or not place.strip():
            continue
        first = re.split(r"[/()]", place)[0].strip()
        for key in (place.strip(), first, suffix.sub("", first)):
            if key.lower() in table:
                out[place] = table[key.lower()]
                break
    return out

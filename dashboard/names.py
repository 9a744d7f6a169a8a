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

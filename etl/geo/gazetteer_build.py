"""Build the gazetteer rows (data/knowledge/gazetteer.csv) from the bundled sources.

Sources (see data/knowledge/sources/PROVENANCE.md, data/geo/PROVENANCE.md):
- OCHA COD-AB sub-districts/districts/governorates (`syr_adm{1,2,3}_simplified.geojson`): admin units with
  English/Arabic names, P-codes and label points.
- Open-Syria data-geography: Arabic/English aliases and 2016/2004 population of the same admin units.
- `syria_iraq_places.csv`: OCHA admin capitals, OCHA city neighbourhoods, GeoNames cities500 (Syria, Iraq).
- `ucdp_ged_syria_exact_locations.csv`: UCDP GED exact locations (English names only).
- `wof_{sy,iq}_localities.csv`: Who's On First / GeoNames villages and neighbourhoods (etl.geo.gazetteer_localities).
- `osm_iom_syria_points.csv`: OpenStreetMap villages (ODbL), written to their own gazetteer_osm.csv
  (`build_osm_rows`, etl.geo.gazetteer_osm).

A GeoNames place within 6 km of an OCHA admin capital with the same name is merged into it; a UCDP location
within 10 km of a town/village with a matching transliteration (consonant skeleton) becomes a variant of it.
Spelling variants are generated: Arabic with/without ال and with ة/ه; Latin folded to ASCII, '-' / ' ',
with/without the article (Ar-Raqqa, Raqqa, Al-Raqqa) and a final h (Raqqah).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
import unicodedata
from pathlib import Path

from etl.geo.gazetteer_localities import locality_rows
from etl.geo.gazetteer_curated import EXTRA_VARIANTS, IRAQ_GOVERNORATES, NAME_OVERRIDES, UCDP_CURATED
from etl.text.normalize import normalize_key

GAZETTEER_COLUMNS = (
    "place_id", "name_en", "name_ar", "variants_ar", "variants_en", "feature_type", "lat", "lon",
    "admin1", "admin2", "admin3", "admin1_pcode", "admin2_pcode", "admin3_pcode", "country", "population",
    "source",
)
_ARABIC_ONLY = re.compile(r"^[\u0621-\u063a\u0641-\u064a ]+$")
_LATIN_OK = re.compile(r"^[A-Za-z][A-Za-z' .\-]*[A-Za-z]$")
_ARTICLE = re.compile(r"^(?:a[lrsdtnz]|ath|ash|adh|el|es|ez|ed|et|en|er)[- ](?=[A-Za-z]{3})", re.I)
_UCDP_SUFFIX = re.compile(r"\s+(?:village|town|city|suburb|area|neighbou?rhood|district|hamlet)s?$", re.I)
_UCDP_SITE_WORDS = re.compile(
    r"\b(?:base|airbase|airport|checkpoint|camp|field|fields|farm|farms|brigade|division|complex|plant|dam|"
    r"prison|island|hill|hills|reservoir|project|plain|desert|mount|sector|factory|silos|castle|regiment|"
    r"battalion|station|bridge|hospital|school|crossing|company|oilfield|mine|academy)\b", re.I)

def _fold_latin(s: str) -> str:
    s = re.sub(r"[‘’ʿʾ`´]", "'", s)
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return " ".join(s.split())


def _skeleton(s: str) -> str:
    """Consonant skeleton of a Latin name for fuzzy same-place checks: 'Tall Abyad' ~ 'Tell Abiad'."""
    s = _ARTICLE.sub("", _fold_latin(s)).lower()
    s = re.sub(r"[^a-z]", "", s)
    body = re.sub(r"[aeiouyhw]", "", s) or s
    return re.sub(r"(.)\1+", r"\1", body)


def arabic_variants(name: str, without_article: bool = False) -> list[str]:
    """Arabic spellings: as given, ة written ه, and (for main towns) without ال: الرقة -> رقة."""
    name = " ".join(name.split())
    out = [name]
    if without_article and name.startswith("ال") and len(name) > 4 and " " not in name:
        out.append(name[2:])
    out += [v[:-1] + "ه" for v in list(out) if v.endswith("ة")]
    return [v for v in out if _ARABIC_ONLY.match(v) and len(v.replace(" ", "")) >= 3]


def latin_variants(name: str) -> list[str]:
    """Latin spellings: ASCII-folded, '-' or ' ', with/without the article, with/without a final h."""
    base = _fold_latin(name)
    forms = {name, base, base.replace("'", "")}
    for f in list(forms):
        forms |= {f.replace("-", " "), re.sub(r"(?i)^(a[lrsdtnz]|ath|ash|el|es|ez) ", r"\1-", f)}
    for f in list(forms):
        m = _ARTICLE.match(f)
        if m:
            rest = f[m.end():]
            forms |= {rest, "Al-" + rest, "Al " + rest}
    for f in list(forms):  # Tall / Tell / Tal Abyad; Busra Esh-Sham / Busra al-Sham
        m = re.match(r"(?i)(tall|tell|tal) ", f)
        if m:
            forms |= {w + f[m.end() - 1:] for w in ("Tal", "Tell", "Tall")}
        inner = re.sub(r"(?i)(?<= )(?:a[lrsdtnz]|ash|ath|esh|el|es|ez|ed|et|en|er)-(?=\w)", "al-", f)
        if inner != f:
            forms |= {inner, inner.replace("al-", "Al-")}
    for f in list(forms):
        if re.search(r"[^aeiou]ah$", f):
            forms.add(f[:-1])
        elif re.search(r"[^aeiou]a$", f) and len(f) >= 5:
            forms.add(f + "h")
    return sorted(f for f in forms if _LATIN_OK.match(f) and any(c.isupper() for c in f)
                  and not re.match(r"(?i)nah?iy", f) and sum(c.isalpha() for c in f) >= 3)


def _useful_alt_name(name: str) -> bool:
    """GeoNames alternate names worth matching: not airport/ICAO codes, single words of 5+ letters."""
    if not name or name.isupper():
        return False
    return " " in name or "-" in name or sum(c.isalpha() for c in name) >= 5


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(a))


def _new_row(**values) -> dict:
    row = {c: "" for c in GAZETTEER_COLUMNS}
    row.update(values)
    row["_ar"], row["_en"] = [], []
    return row


def _add_variants(row: dict, ar: list[str] | str = (), en: list[str] | str = ()) -> None:
    for v in (ar.split("|") if isinstance(ar, str) else ar):
        if v and v.strip():
            row["_ar"] += arabic_variants(v.strip())
    for v in (en.split("|") if isinstance(en, str) else en):
        if v and v.strip():
            row["_en"] += latin_variants(v.strip())


def _opensyria(sources_dir: Path) -> dict[str, dict]:
    out = {}
    for kind in ("governorates", "districts", "subdistricts"):
        for unit in json.loads((sources_dir / f"opensyria_data-geography_{kind}.json").read_text("utf-8")):
            out[unit["externalIds"]["ochaPcode"]] = unit
    return out


def _admin_rows(geo_dir: Path, sources_dir: Path) -> list[dict]:
    extra = _opensyria(sources_dir)
    rows = []
    feature = {1: "governorate", 2: "district", 3: "subdistrict"}
    for level in (1, 2, 3):
        geo = json.loads((geo_dir / f"syr_adm{level}_simplified.geojson").read_text("utf-8"))
        for f in sorted(geo["features"], key=lambda f: f["properties"][f"adm{level}_pcode"]):
            p = f["properties"]
            pcode = p[f"adm{level}_pcode"]
            unit = extra.get(pcode, {})
            row = _new_row(
                place_id=pcode, name_en=p[f"adm{level}_name"], name_ar=p[f"adm{level}_name1"],
                feature_type=feature[level], lat=p["center_lat"], lon=p["center_lon"], country="Syria",
                population=(unit.get("population") or {}).get("value", ""),
                source="OCHA COD-AB" + (" + Open-Syria" if unit else ""),
                **{f"admin{i}": p[f"adm{i}_name"] for i in range(1, level + 1)},
                **{f"admin{i}_pcode": p[f"adm{i}_pcode"] for i in range(1, level + 1)},
            )
            names = unit.get("name", {})
            aliases = unit.get("aliases", [])
            _add_variants(row, [p[f"adm{level}_name1"], names.get("ar", "")]
                          + [a["value"] for a in aliases if a["language"] == "ar"],
                          [p[f"adm{level}_name"], names.get("en", ""), p.get(f"adm{level}_ref_n", "")]
                          + [a["value"] for a in aliases if a["language"] == "en"])
            rows.append(row)
    return rows


def _town_type(capital_level: int | None, population: int) -> str:
    if capital_level == 1 or population >= 50_000:
        return "city"
    if capital_level in (2, 3) or population >= 10_000:
        return "town"
    return "village"


def _place_rows(sources_dir: Path) -> list[dict]:
    with (sources_dir / "syria_iraq_places.csv").open(encoding="utf-8") as f:
        src = list(csv.DictReader(f))
    towns: list[dict] = []
    for r in src:  # OCHA admin capitals first; GeoNames places merge into them
        if r["source"] != "ocha_codab_syr_admincapitals":
            continue
        level = int(r["feature_type"][5])
        name_en = re.sub(r"^Markaz\s+", "", r["name_en"])
        name_ar = re.sub(r"^مركز\s+", "", r["name_ar"])
        row = _new_row(place_id=f"ocha-capital:{r['source_id']}", name_en=name_en, name_ar=name_ar,
                       lat=float(r["lat"]), lon=float(r["lon"]), country="Syria", source="OCHA COD-AB capitals",
                       **{k: r[f"adm{i}_{s}"] for i in (1, 2, 3) for s, k in
                          (("en", f"admin{i}"), ("pcode", f"admin{i}_pcode"))})
        row["_level"], row["_pop"] = level, 0
        _add_variants(row, [name_ar], [name_en])
        towns.append(row)
    by_ar: dict[str, list[dict]] = {}
    for t in towns:
        by_ar.setdefault(normalize_key(t["name_ar"]), []).append(t)
    for r in src:
        if not r["source"].startswith("geonames"):
            continue
        lat, lon, pop = float(r["lat"]), float(r["lon"]), int(r["population"] or 0)
        alt_ar = [a for a in r["alt_names_ar"].split("|") if a]
        alt_en = [a for a in r["alt_names_other"].split("|") if _useful_alt_name(a)]
        keys = {normalize_key(a) for a in [r["name_ar"], *alt_ar]}
        match = next((t for k in keys for t in by_ar.get(k, []) if _km(lat, lon, t["lat"], t["lon"]) < 6), None)
        if match is None and r["country_code"] == "SY":
            sk = _skeleton(r["name_en"])
            match = next((t for t in towns if len(sk) >= 3 and t["country"] == "Syria"
                          and _km(lat, lon, t["lat"], t["lon"]) < 3 and _skeleton(t["name_en"]) == sk), None)
        if match is not None:
            match["_pop"] = max(match["_pop"], pop)
            match["source"] += " + GeoNames"
            match["_gn"] = r["source_id"]
            if _skeleton(match["name_en"]) != _skeleton(r["name_en"]):  # OCHA "Jebel Saman" is Aleppo city
                match["name_en"] = _fold_latin(r["name_en"])
            _add_variants(match, [r["name_ar"], *alt_ar], [r["name_en"], *alt_en])
            continue
        iraq = r["country_code"] == "IQ"
        admin1 = IRAQ_GOVERNORATES.get(r["geonames_admin1_code"], ("",))[0] if iraq else r["adm1_en"]
        row = _new_row(place_id=f"geonames:{r['source_id']}", name_en=_fold_latin(r["name_en"]),
                       name_ar=r["name_ar"], lat=lat, lon=lon, country="Iraq" if iraq else "Syria",
                       source="GeoNames cities500",
                       **({"admin1": admin1} if iraq else {k: r[f"adm{i}_{s}"] for i in (1, 2, 3) for s, k in
                                                           (("en", f"admin{i}"), ("pcode", f"admin{i}_pcode"))}))
        row["_level"], row["_pop"] = None, pop
        _add_variants(row, [r["name_ar"], *alt_ar], [r["name_en"], *alt_en])
        towns.append(row)
    for t in towns:
        t["feature_type"] = _town_type(t.pop("_level"), t["_pop"])
        t["population"] = t.pop("_pop") or ""
    neighbourhoods = []
    for r in src:
        if r["source"] != "ocha_codab_syr_neighborhoods":
            continue
        row = _new_row(place_id=f"ocha-neighbourhood:{r['source_id']}", name_en=r["name_en"].replace("- ", "-"),
                       name_ar=r["name_ar"], feature_type="neighbourhood", lat=float(r["lat"]),
                       lon=float(r["lon"]), country="Syria", source="OCHA COD-AB neighbourhoods",
                       **{k: r[f"adm{i}_{s}"] for i in (1, 2, 3) for s, k in
                          (("en", f"admin{i}"), ("pcode", f"admin{i}_pcode"))})
        _add_variants(row, [r["name_ar"]], [row["name_en"]])
        neighbourhoods.append(row)
    return towns + neighbourhoods


def _ucdp_rows(sources_dir: Path, places: list[dict]) -> list[dict]:
    with (sources_dir / "ucdp_ged_syria_exact_locations.csv").open(encoding="utf-8") as f:
        src = list(csv.DictReader(f))
    settled = [p for p in places if p["feature_type"] in ("city", "town", "village") and p["country"] == "Syria"]
    rows: list[dict] = []
    for r in src:
        raw = r["ucdp_where_coordinates"].strip()
        lat, lon = float(r["lat"]), float(r["lon"])
        kind = "site" if _UCDP_SITE_WORDS.search(raw) else (
            "town" if re.search(r"\btown$", raw, re.I) else "village")
        parts = [p.strip() for p in re.split(r"[/()]", raw) if p.strip()]
        names = [_UCDP_SUFFIX.sub("", p) if kind != "site" else p for p in parts]
        names = [n for n in names if sum(c.isalpha() for c in n) >= 3]
        if not names:
            continue
        skeletons = {_skeleton(n) for n in names} - {""}

        def same_place(p: dict) -> bool:  # short skeletons ("sl": Shuhayl, Salu) only very close by
            if p["feature_type"] == "site" or abs(lat - p["lat"]) > 0.1 or abs(lon - p["lon"]) > 0.12:
                return False
            km = _km(lat, lon, p["lat"], p["lon"])
            if km >= 10:
                return False
            shared = skeletons & {_skeleton(v) for v in [p["name_en"], *p["_en"]]}
            return any(km < 3 or len(sk) >= 3 for sk in shared)
        target = None if kind == "site" else next((p for p in settled + rows if same_place(p)), None)
        if target is not None:
            _add_variants(target, (), names)
            if names[0] in UCDP_CURATED:
                _add_variants(target, *UCDP_CURATED[names[0]])
            if "UCDP" not in target["source"]:
                target["source"] += " + UCDP GED"
            continue
        digest = hashlib.sha1(f"{raw}|{lat:.5f}|{lon:.5f}".encode()).hexdigest()[:10]
        row = _new_row(place_id=f"ucdp:{digest}", name_en=names[0], name_ar="", feature_type=kind, lat=lat,
                       lon=lon, country="Syria", source="UCDP GED exact locations",
                       **{k: r[f"adm{i}_{s}"] for i in (1, 2, 3) for s, k in
                          (("en", f"admin{i}"), ("pcode", f"admin{i}_pcode"))})
        _add_variants(row, (), names)
        if names[0] in UCDP_CURATED:
            arabic, english = UCDP_CURATED[names[0]]
            row["name_ar"] = arabic.split("|")[0]
            row["source"] += " (Arabic name curated)"
            _add_variants(row, arabic, english)
        rows.append(row)
    return rows


def _promote_seats(places: list[dict], admin: list[dict]) -> None:
    """A GeoNames place named like the district / sub-district it lies in is its seat: a town, not a village."""
    seat_names = {r["place_id"]: normalize_key(r["name_ar"]).removeprefix("مركز ") for r in admin}
    for p in places:
        if p["feature_type"] == "village" and p["country"] == "Syria" and normalize_key(p["name_ar"]) in {
                seat_names.get(p["admin2_pcode"]), seat_names.get(p["admin3_pcode"])}:
            p["feature_type"] = "town"


def _iraq_governorate_rows(sources_dir: Path) -> list[dict]:
    """Iraqi governorates (no OCHA data bundled): GeoNames admin1 codes, point = mean of their GeoNames places."""
    with (sources_dir / "syria_iraq_places.csv").open(encoding="utf-8") as f:
        points: dict[str, list[tuple[float, float]]] = {}
        for r in csv.DictReader(f):
            if r["country_code"] == "IQ" and r["geonames_admin1_code"] in IRAQ_GOVERNORATES:
                points.setdefault(r["geonames_admin1_code"], []).append((float(r["lat"]), float(r["lon"])))
    rows = []
    for code, (name_en, name_ar, others) in IRAQ_GOVERNORATES.items():
        if code not in points:
            continue
        lats, lons = zip(*points[code])
        row = _new_row(place_id=f"IQ-geonames-adm1-{code}", name_en=name_en, name_ar=name_ar,
                       feature_type="governorate", lat=sum(lats) / len(lats), lon=sum(lons) / len(lons),
                       admin1=name_en, country="Iraq",
                       source="GeoNames admin1 (names curated; point = mean of its GeoNames places)")
        _add_variants(row, [name_ar, f"محافظة {name_ar}"], [name_en, *others.split("|"), f"{name_en} Governorate",
                                                            f"{name_en} province"])
        rows.append(row)
    return rows


def _country_rows(geo_dir: Path, places: list[dict]) -> list[dict]:
    adm0 = json.loads((geo_dir / "syr_adm0_simplified.geojson").read_text("utf-8"))["features"][0]["properties"]
    syria = _new_row(place_id="SY", name_en="Syria", name_ar="سوريا", feature_type="country",
                     lat=adm0["center_lat"], lon=adm0["center_lon"], country="Syria", source="OCHA COD-AB adm0")
    _add_variants(syria, ["سوريا", "سورية", "الجمهورية العربية السورية"], ["Syria", "Syrian Arab Republic"])
    baghdad = next(p for p in places if p["place_id"] == "geonames:98182")
    iraq = _new_row(place_id="IQ", name_en="Iraq", name_ar="العراق", feature_type="country", lat=baghdad["lat"],
                    lon=baghdad["lon"], country="Iraq", source="representative point: Baghdad (GeoNames)")
    _add_variants(iraq, ["العراق", "جمهورية العراق"], ["Iraq", "Republic of Iraq"])
    return [syria, iraq]


def _apply_curated(rows: list[dict]) -> None:
    for row in rows:
        if row["feature_type"] not in ("city", "town", "village"):
            continue
        key = normalize_key(row["name_ar"])
        if key in NAME_OVERRIDES:
            old_ar = row["name_ar"]
            row["name_en"], row["name_ar"] = NAME_OVERRIDES[key]
            _add_variants(row, [old_ar], ())
            key = normalize_key(row["name_ar"])
        if key in EXTRA_VARIANTS:
            _add_variants(row, *EXTRA_VARIANTS[key])


def _finish(row: dict) -> dict:
    if row["feature_type"] in ("city", "governorate", "district"):
        row["_ar"] += [v for n in [row["name_ar"], *row["_ar"]] for v in arabic_variants(n, without_article=True)]
    for col, lang, name in (("variants_ar", "_ar", "name_ar"), ("variants_en", "_en", "name_en")):
        seen = {row[name]}
        out = []
        for v in row.pop(lang):
            if v not in seen:
                seen.add(v)
                out.append(v)
        row[col] = "|".join(out)
    row.pop("_gn", None)
    row["lat"], row["lon"] = f"{float(row['lat']):.6f}", f"{float(row['lon']):.6f}"
    return {c: row[c] for c in GAZETTEER_COLUMNS}


def build_gazetteer_rows(sources_dir: Path, geo_dir: Path) -> list[dict]:
    """Every gazetteer row (dicts with GAZETTEER_COLUMNS, values as CSV text), in a stable order."""
    sources_dir, geo_dir = Path(sources_dir), Path(geo_dir)
    admin = _admin_rows(geo_dir, sources_dir)
    places = _place_rows(sources_dir)
    _promote_seats(places, admin)
    _apply_curated(places)
    ucdp = _ucdp_rows(sources_dir, places)
    countries = _country_rows(geo_dir, places)
    iraq = _iraq_governorate_rows(sources_dir)
    localities = locality_rows(sources_dir, geo_dir, admin + iraq + places + ucdp, _new_row, _add_variants)
    return [_finish(r) for r in countries + admin + iraq + places + ucdp + localities]


def build_osm_rows(sources_dir: Path, rows: list[dict]) -> list[dict]:
    """The OpenStreetMap places (ODbL, kept in a file of their own) that `rows` lack."""
    from etl.geo.gazetteer_osm import osm_rows

    return [_finish(r) for r in osm_rows(Path(sources_dir), rows, _new_row, _add_variants)]


def write_gazetteer(rows: list[dict], path: Path) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=GAZETTEER_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

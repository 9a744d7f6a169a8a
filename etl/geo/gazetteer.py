"""The gazetteer: Syrian and Iraqi places with Arabic/English names, OCHA admin areas and coordinates.

Data: `<knowledge_dir>/gazetteer.csv` (built by `python -m etl.geo.gazetteer_cli build` from data/knowledge/sources and
data/geo, see etl/gazetteer_build.py; curated additions in etl/gazetteer_curated.py survive a rebuild, direct
edits of the CSV do not). `|` separates list values. Context words: etl/place_context.py.

- `load_gazetteer(knowledge_dir) -> Gazetteer` (cached per path + mtime).
- `Gazetteer.find(text, language) -> list[PlaceMention]`: place names in text with their context words:
  "مدينة الرقة" / "Raqqa city" -> the city (precision 1); "ريف الرقة الشمالي" / "rural Raqqa" -> the admin area
  the town is the seat of (governorate, district or sub-district), precision 2, qualifier 'countryside';
  "محيط X" / "near X" -> X, precision 2, 'near'; "محافظة الرقة" -> the governorate, precision 3;
  "شرق سوريا" / "شمال البلاد" / "eastern Syria" -> the country, precision 3, qualifier 'region' + direction.
  Neighbourhoods need "حي"/"neighbourhood"; names that are everyday words (الثورة, الكرامة, ...) need a
  place word before them ("مدينة الثورة"). Offsets are in the original text.
- `Gazetteer.resolve(mentions)`: a name shared by several places goes to the one in the same sub-district /
  district / governorate / country as the article's unambiguous places, else the most important one.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from etl.errors import InputError
from etl.knowledge_csv import read_knowledge_rows
from etl.geo.gazetteer_build import GAZETTEER_COLUMNS
from etl.geo.packed_rows import PackedRows
from etl.geo.gazetteer_osm import OSM_FILE, SOURCE_LABEL as OSM_SOURCE
from etl.geo.gazetteer_localities import SOURCE_LABEL as LOCALITY_SOURCE
from etl.geo.place_context import (AFTER_EN, KIND, added_article, context_patterns, direction_of, is_everyday_word,
                                kind_in_name, place_follows, settlement_word_before,
                                   trigger_kind)
from etl.text.normalize import PhraseMatcher, compile_phrases, normalize, normalize_key

GAZETTEER_FILE = "gazetteer.csv"
_SURROUNDINGS = frozenset({"محيط", "اطراف", "بمحيط", "باطراف", "في محيط", "في اطراف"})
FEATURE_TYPES = ("country", "governorate", "district", "subdistrict", "city", "town", "village",
                 "neighbourhood", "site")
_DEFAULT_ORDER = ("city", "town", "governorate", "district", "subdistrict", "village", "site", "neighbourhood",
                  "country")
_PRECISION = {"country": 3, "governorate": 3, "district": 2, "subdistrict": 2}
_SETTLEMENT_KINDS = ("village", "town", "city", "neighbourhood", "camp", "subdistrict", "district")
_SETTLEMENT_TYPES = ("village", "town", "neighbourhood")
_LIST_JOINER = re.compile(r"[\s،,]*(?:and\s+)?")  # the و of "وكباجب" is the next name's clitic
_COUNTRY_WORDS = {"البلاد": ("SY", "IQ"), "the country": ("SY", "IQ")}


@dataclass(frozen=True, slots=True)
class Place:
    place_id: str
    name_en: str
    name_ar: str
    variants_ar: tuple[str, ...]
    variants_en: tuple[str, ...]
    feature_type: str
    lat: float
    lon: float
    admin1: str
    admin2: str
    admin3: str
    admin1_pcode: str
    admin2_pcode: str
    admin3_pcode: str
    country: str
    population: int | None
    source: str


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int  # original-text span of the whole expression ("بريف الرقة الشمالي")
    end: int
    place: Place  # the place an event there is coded at
    candidates: tuple[Place, ...]  # every place sharing the name, best first
    geo_precision: int  # ACLED: 1 the place itself, 2 near / part of an area, 3 a larger region
    qualifier: str | None  # city, town, village, neighbourhood, governorate, district, subdistrict,
    #                        countryside, near, camp, region (a direction of a country) or None
    direction: str | None = None  # north, south, east, west, centre, north-east, ...
    name: str = ""  # the gazetteer name as matched


def needs_place_word(place: Place) -> bool:
    """Localities added from Who's On First / GeoNames (etl.geo.gazetteer_localities) count as a place only
    after a place word: their spellings are renderings and many are everyday words."""
    return place.source in (LOCALITY_SOURCE, OSM_SOURCE)


_VARIANT_FIELDS = ("variants_ar", "variants_en")


def astuple_place(place: Place) -> tuple:
    """A compact row for a Place (variants joined by '|'): rows pickle much faster than objects."""
    return tuple("|".join(getattr(place, f.name)) if f.name in _VARIANT_FIELDS else getattr(place, f.name)
                 for f in fields(Place))


def place_from_row(row: tuple) -> Place:
    values = dict(zip((f.name for f in fields(Place)), row))
    for name in _VARIANT_FIELDS:
        values[name] = tuple(v for v in values[name].split("|") if v)
    return Place(**values)


_AREA_WORD = "منطقه "  # "منطقة " normalised (ta marbuta as ha)


class Gazetteer:
    """Places with name lookup and text matching (see module docstring)."""

    def __init__(self, places: Sequence[Place]):
        # places are kept as rows and indices (a pickled cache loads fast); Place objects are made on use
        self._rows = PackedRows(astuple_place(p) for p in places)
        self._objects: dict[int, Place] = dict(enumerate(places))
        self._index_of = {p.place_id: i for i, p in enumerate(places)}
        self._by_pcode = {p.place_id: p for p in places if p.feature_type in ("governorate", "district",
                                                                               "subdistrict", "country")}
        self._governorate_of = {(p.country, p.admin1): p for p in places if p.feature_type == "governorate"}
        keys: dict[str, dict[str, list[int]]] = {"ar": {}, "en": {}}
        towns = {normalize_key(n) for p in places if p.feature_type in ("city", "town") for n in (p.name_ar, *p.variants_ar)}
        for i, p in enumerate(places):
            for lang, names in (("ar", (p.name_ar, *p.variants_ar)), ("en", (p.name_en, *p.variants_en))):
                for n in names:
                    key = normalize_key(n)
                    if lang == "ar" and p.feature_type == "district" and key.startswith(_AREA_WORD) \
                            and key[len(_AREA_WORD):] in towns:
                        continue  # "منطقة تدمر" in the news is the area around the town, not the district
                    if key:
                        bucket = keys[lang].setdefault(key, [])
                        if i not in bucket:
                            bucket.append(i)
        for lang, word in (("ar", "البلاد"), ("en", "the country")):
            keys[lang][word] = [self._index_of[i] for i in _COUNTRY_WORDS[word] if i in self._index_of]
        self._keys = {lang: {k: tuple(v) for k, v in by_key.items()} for lang, by_key in keys.items()}
        self._matchers: dict[str, PhraseMatcher] = {}
        # names only WOF/GeoNames villages have: a cheap look at the word before them comes first
        self._gap_fillers_only = {lang: frozenset(k for k, ids in by_key.items()
                                                  if all(needs_place_word(places[i]) for i in ids))
                                  for lang, by_key in self._keys.items()}

    def __getstate__(self) -> dict:
        """Each language's names and matcher are packed apart: an Arabic article never unpacks the
        English ones (a cold `marsad extract` loads half as much)."""
        state = dict(self.__dict__)
        state["_objects"] = {}  # rebuilt on use
        state.pop("_area_cache", None)
        packed = dict(state.pop("_packed", {}))
        for lang in self._keys:
            packed[lang] = pickle.dumps((self._keys[lang], self._matcher(lang), self._gap_fillers_only[lang]),
                                        protocol=pickle.HIGHEST_PROTOCOL)
        state.update(_packed=packed, _keys={}, _matchers={}, _gap_fillers_only={})
        return state

    def _unpack(self, lang: str) -> None:
        packed = self.__dict__.get("_packed", {}).pop(lang, None)
        if packed is not None:
            self._keys[lang], self._matchers[lang], self._gap_fillers_only[lang] = pickle.loads(packed)

    def _place(self, index: int) -> Place:
        place = self._objects.get(index)
        if place is None:
            place = self._objects[index] = place_from_row(self._rows[index])
        return place

    def _named(self, lang: str, key: str) -> list[Place]:
        if lang not in self._keys:
            self._unpack(lang)
        return [self._place(i) for i in self._keys[lang].get(key, ())]

    @property
    def places(self) -> tuple[Place, ...]:
        return tuple(self._place(i) for i in range(len(self._rows)))

    def by_pcode(self, pcode: str) -> Place | None:
        """The governorate / district / sub-district (or country: SY, IQ) with this P-code."""
        return self._by_pcode.get(pcode)

    def by_id(self, place_id: str) -> Place | None:
        index = self._index_of.get(place_id)
        return None if index is None else self._place(index)

    def lookup(self, name: str, language: str | None = None) -> list[Place]:
        """Places with this name in either language (or one), best first, no context."""
        key = normalize_key(name)
        found = [p for lang in ("ar", "en") if language in (None, lang) for p in self._named(lang, key)]
        return self._rank(list(dict.fromkeys(found)), None)

    def area_of(self, place: Place) -> Place:
        """The largest admin unit `place` is the seat of (Raqqa city -> Ar-Raqqa governorate), else itself
        (remembered per place: news names the same towns again and again)."""
        if place.feature_type not in ("city", "town", "village"):
            return place
        cache = self.__dict__.setdefault("_area_cache", {})
        if place.place_id not in cache:
            cache[place.place_id] = self._seat_area(place)
        return cache[place.place_id]

    def _seat_area(self, place: Place) -> Place:
        keys = {normalize_key(n) for n in (place.name_ar, *place.variants_ar, place.name_en, *place.variants_en)}
        keys |= {k.removeprefix("مركز ") for k in keys}
        units = [self._by_pcode.get(pcode) for pcode in (place.admin1_pcode, place.admin2_pcode,
                                                            place.admin3_pcode) if pcode]
        if not place.admin1_pcode:  # Iraq: governorates by name
            units = [self._governorate_of.get((place.country, place.admin1))]
        for unit in units:
            if unit is None:
                continue
            unit_keys = {normalize_key(n).removeprefix("مركز ") for n in (unit.name_ar, *unit.variants_ar,
                                                                            unit.name_en, *unit.variants_en)}
            if keys & unit_keys:
                return unit
        return place

    # --- matching ------------------------------------------------------------------------------
    def _matcher(self, lang: str) -> PhraseMatcher:
        if lang not in self._keys:
            self._unpack(lang)
        if lang not in self._matchers:
            self._matchers[lang] = compile_phrases(self._keys[lang])
        return self._matchers[lang]

    @staticmethod
    def _rank(places: list[Place], preferred: Sequence[str] | None) -> list[Place]:
        if len(places) < 2:
            return list(places)

        def score(p: Place):
            pref = preferred.index(p.feature_type) if preferred and p.feature_type in preferred else 99
            return pref, _DEFAULT_ORDER.index(p.feature_type), -(p.population or 0)
        return sorted(places, key=score)

    def find(self, text: str, language: str | None = None) -> list[PlaceMention]:
        """Place mentions in text order (language 'ar' or 'en'; None or anything else: both)."""
        langs = (language,) if language in ("ar", "en") else ("ar", "en")
        norm = normalize(text)
        mentions: list[PlaceMention] = []
        for lang in langs:
            listing = -1  # where the last settlement of a list ended ("قرى أ وب وج": each is a village)
            for m in self._matcher(lang).finditer(norm.text):
                between = norm.text[listing:m.start] if listing >= 0 else ""
                in_list = listing >= 0 and bool(_LIST_JOINER.fullmatch(between)) and (
                    norm.text.startswith("و", m.start) or any(mark in between for mark in ("،", ",", "and")))
                mention = self._mention(text, norm, m.start, m.end, m.phrase, lang, in_list)  # phrases are keys
                if mention is not None:
                    mentions.append(mention)
                    settled = mention.qualifier in _SETTLEMENT_KINDS or mention.place.feature_type in _SETTLEMENT_TYPES
                    listing = m.end if settled and mention.geo_precision == 1 else -1
        mentions.sort(key=lambda x: (x.start, -x.end))
        out: list[PlaceMention] = []
        for x in mentions:  # a context word never starts a second mention
            if not out or x.start >= out[-1].end:
                out.append(x)
        return out

    def _mention(self, text, norm, start: int, end: int, key: str, lang: str,
                 in_list: bool = False) -> PlaceMention | None:
        s, e = norm.span_to_original(start, end)
        surface = norm.text[start:end]
        if lang == "ar" and not key.startswith("ال") and added_article(surface, key):
            return None  # "السورية" is an adjective, not "سورية"
        if lang == "en" and not any(c.isupper() for c in text[s:e]):
            return None
        if key in self._gap_fillers_only.get(lang, ()) and not in_list \
                and not settlement_word_before(norm.text, start, lang):
            return None  # a village known only from WOF/GeoNames, with no settlement word before it
        before_re, after_re = context_patterns(lang)
        b = before_re.search(norm.text, max(0, start - 40), start)
        a = after_re.match(norm.text, end, min(len(norm.text), end + 40))
        bd = {k: v for k, v in (b.groupdict() if b else {}).items() if v}
        ad = {k: v for k, v in (a.groupdict() if a else {}).items() if v}
        kind = (trigger_kind(bd["trig"], lang) if "trig" in bd else None) or (
            AFTER_EN.get(ad["trig"].lower()) if "trig" in ad else None)
        kind = kind or kind_in_name(key, lang)
        if "outer" in bd and trigger_kind(bd["outer"], lang) in ("countryside", "near"):
            kind = trigger_kind(bd["outer"], lang)
        direction = direction_of(bd.get("dir") or ad.get("dir"), lang)
        if (lang == "en" and not kind and "dir" in bd and bd["dir"].endswith("ern")
                and not re.search(r"\bof\s", b.group(0))):
            kind = "region"  # "southern Idlib": a part of the area, not "south of Idlib" (near the town)
        places = self._named(lang, key)
        country_word = key in _COUNTRY_WORDS
        if country_word and not direction:
            return None
        if kind != "neighbourhood":
            places = [p for p in places if p.feature_type != "neighbourhood"]
        # villages known only from WOF/GeoNames fill gaps: never beside a curated place of that name, and
        # only after a place word ("قرية X", "بلدة X", "the village of X")
        settlement = in_list or ("trig" in bd and trigger_kind(bd["trig"], lang) in _SETTLEMENT_KINDS)
        if in_list and not kind:
            kind = "village"  # "قرى المتونة ودوما وتيما": every name of the list is a village (the area decides which)
        if not settlement or (not in_list and any(not needs_place_word(p) for p in places)):
            places = [p for p in places if not needs_place_word(p)]
        common = is_everyday_word(key, lang)
        # "محيط السجن", "أطراف المطار": the surroundings of a building, not of a place of that name
        lifted = "trig" in bd and not (common and normalize_key(bd["trig"]).strip() in _SURROUNDINGS)
        if not places or (common and kind in (None, "near") and not lifted and not in_list
                          and not place_follows(norm.text, end, lang)):
            return None
        qualifier, preferred, precision = KIND[kind] if kind else (None, None, None)
        ranked = self._rank(places, preferred)
        ms = min(b.start(g) for g in bd) if bd else start
        me = a.end() if ad else end
        span = (norm.span_to_original(ms, me)) if (ms != start or me != end) else (s, e)
        if not kind and direction:
            qualifier, precision = ("region", 3) if ranked[0].feature_type == "country" else ("near", 2)
        mention = PlaceMention(span[0], span[1], ranked[0], tuple(ranked), 0, qualifier, direction, key)
        return self._settle(mention, ranked[0], precision)

    def _settle(self, mention: PlaceMention, base: Place, precision: int | None) -> PlaceMention:
        """The mention coded at `base` (the countryside of a town is the area it is the seat of)."""
        place = self.area_of(base) if mention.qualifier in ("countryside", "region") else base
        if precision is None:
            precision = _PRECISION.get(place.feature_type, 1)
        if place.feature_type == "country":
            precision = 3
        elif place.feature_type == "governorate" and mention.qualifier not in ("countryside", "near", "region"):
            precision = 3
        return PlaceMention(mention.start, mention.end, place, mention.candidates, precision, mention.qualifier,
                            mention.direction, mention.name)  # (dataclasses.replace is slow in this loop)

    # --- disambiguation ------------------------------------------------------------------------
    def resolve(self, mentions: Iterable[PlaceMention]) -> list[PlaceMention]:
        """Settle names shared by several places using the article's other, unambiguous places."""
        mentions = list(mentions)
        votes: dict[str, float] = {}
        for m in mentions:
            if len({(c.admin1, c.country) for c in m.candidates}) == 1 and not needs_place_word(m.candidates[0]):
                p = m.candidates[0]
                for weight, value in ((3, p.admin3_pcode), (2, p.admin2_pcode), (1, p.admin1 + "|" + p.country),
                                      (0.5, p.country)):
                    if value and value != "|":
                        votes[value] = votes.get(value, 0) + weight
        out = []
        for m in mentions:
            if needs_place_word(m.candidates[0]):
                agreeing = [c for c in m.candidates if votes.get(c.admin1 + "|" + c.country)]
                if (votes and not agreeing) or (not votes and len(m.candidates) > 1):
                    continue  # a WOF village of that name in another area, or several and nothing to choose
                if agreeing and agreeing[0] is not m.candidates[0]:
                    m = self._settle(m, agreeing[0], None)
                out.append(m)
                continue
            if len(m.candidates) < 2 or not votes:
                out.append(m)
                continue
            types = list(dict.fromkeys(c.feature_type for c in m.candidates))

            def preference(c: Place) -> tuple:
                area = votes.get(c.admin1 + "|" + c.country, 0) + votes.get(c.country, 0)
                local = votes.get(c.admin2_pcode, 0) + votes.get(c.admin3_pcode, 0) if c.admin2_pcode else 0
                return area, -types.index(c.feature_type), local, -m.candidates.index(c)
            best = max(m.candidates, key=preference)
            if best is m.candidates[0]:
                out.append(m)
                continue
            precision = None if m.qualifier is None else KIND.get(m.qualifier, (None, None, None))[2]
            if m.qualifier == "region":
                precision = 3
            out.append(self._settle(m, best, precision))
        return out


def _read_places(path: Path) -> list[Place]:
    places = []
    for line_no, r in read_knowledge_rows(path, GAZETTEER_COLUMNS):
        if any("\x1e" in v or "\x1f" in v for v in r.values() if isinstance(v, str)):
            raise InputError(f"{path}:{line_no}: a control character (U+001E or U+001F) in a value")
        if r["feature_type"] not in FEATURE_TYPES:
            raise InputError(f"{path}:{line_no}: feature_type {r['feature_type']!r} is not one of "
                             f"{', '.join(FEATURE_TYPES)}")
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
            population = int(float(r["population"])) if r["population"] else None
        except ValueError as err:
            raise InputError(f"{path}:{line_no}: bad number ({err})") from None
        places.append(Place(
            place_id=r["place_id"], name_en=r["name_en"], name_ar=r["name_ar"],
            variants_ar=tuple(v for v in r["variants_ar"].split("|") if v),
            variants_en=tuple(v for v in r["variants_en"].split("|") if v),
            feature_type=r["feature_type"], lat=lat, lon=lon, admin1=r["admin1"], admin2=r["admin2"],
            admin3=r["admin3"], admin1_pcode=r["admin1_pcode"], admin2_pcode=r["admin2_pcode"],
            admin3_pcode=r["admin3_pcode"], country=r["country"], population=population, source=r["source"]))
    return places


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int, osm_path: str = "", osm_mtime_ns: int = 0) -> Gazetteer:
    return Gazetteer(_read_places(Path(path)) + (_read_places(Path(osm_path)) if osm_path else []))


def load_gazetteer(knowledge_dir: Path | str) -> Gazetteer:
    """The gazetteer in `<knowledge_dir>/gazetteer.csv` and, beside it, the OpenStreetMap places of
    `gazetteer_osm.csv` (ODbL, a file of its own); re-read when a file changes."""
    path = Path(knowledge_dir) / GAZETTEER_FILE
    if not path.is_file():
        raise InputError(f"gazetteer not found: {path} (build it with: python -m etl.geo.gazetteer_cli build)")
    osm = Path(knowledge_dir) / OSM_FILE
    osm_key = (str(osm.resolve()), osm.stat().st_mtime_ns) if osm.is_file() else ("", 0)
    return _load_cached(str(path.resolve()), path.stat().st_mtime_ns, *osm_key)

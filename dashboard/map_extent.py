"""Where the event map looks and what it names: the view that fits the filtered events (or the selected areas,
or a preset region), the offline place labels (governorate and district names from the bundled OCHA
boundaries, Arabic in Arabic) and the grid cell size used when the events are too many to draw one by one.

Pure: no Streamlit, no store access; the boundaries are read once per process (cached).
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

VIEWS = ("fit", "raqqa", "syria")  # fit-to-data default, then the presets
REGION_PCODES = {"raqqa": "SY11"}  # region -> adm1 pcode; "syria" = whole country
MIN_SPAN_DEG = 0.12  # a view is never narrower than ~13 km (one event alone is shown with its surroundings)
PAD_FRACTION = 0.08  # margin around the fitted events, so a point on the edge is not under the map frame


@functools.lru_cache(maxsize=8)
def _features(geo_dir: str, level: str) -> tuple[dict, ...]:
    path = Path(geo_dir) / f"syr_{level}_simplified.geojson"
    return tuple(json.loads(path.read_text(encoding="utf-8"))["features"])


def _bounds_of(features) -> list[list[float]] | None:
    lons, lats = [], []

    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            lons.append(coords[0])
            lats.append(coords[1])
        else:
            for c in coords:
                walk(c)

    for feature in features:
        walk(feature["geometry"]["coordinates"])
    if not lats:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def region_bounds(region: str, geo_dir: str) -> list[list[float]]:
    """[[south, west], [north, east]] of 'raqqa' (Ar-Raqqa governorate, SY11) or 'syria'."""
    if region == "syria":
        return _bounds_of(_features(geo_dir, "adm0"))
    if region not in REGION_PCODES:
        raise ValueError(f"region must be one of {VIEWS}, not {region!r}")
    return _bounds_of([f for f in _features(geo_dir, "adm1")
                       if f["properties"].get("adm1_pcode") == REGION_PCODES[region]])


def area_bounds(pcodes, geo_dir: str) -> list[list[float]] | None:
    """Bounds of the admin areas with these P-codes (any level: SY11, SY1101, SY110100), None if none known."""
    wanted = {str(p) for p in pcodes or ()}
    if not wanted:
        return None
    chosen = []
    for level in ("adm1", "adm2", "adm3"):
        key = f"{level}_pcode"
        chosen += [f for f in _features(geo_dir, level) if f["properties"].get(key) in wanted]
    return _bounds_of(chosen)


def padded(bounds: list[list[float]]) -> list[list[float]]:
    """Bounds grown by PAD_FRACTION on each side and to at least MIN_SPAN_DEG in each direction."""
    (south, west), (north, east) = bounds
    lat_pad = max((north - south) * PAD_FRACTION, (MIN_SPAN_DEG - (north - south)) / 2, 0.0)
    lon_pad = max((east - west) * PAD_FRACTION, (MIN_SPAN_DEG - (east - west)) / 2, 0.0)
    return [[round(south - lat_pad, 4), round(west - lon_pad, 4)], [round(north + lat_pad, 4), round(east + lon_pad, 4)]]


def points_bounds(latitudes, longitudes) -> list[list[float]] | None:
    """Bounds of the finite coordinates given (None when there is none)."""
    pairs = [(float(a), float(o)) for a, o in zip(latitudes, longitudes)
             if a is not None and o is not None and math.isfinite(float(a)) and math.isfinite(float(o))]
    if not pairs:
        return None
    lats, lons = zip(*pairs)
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def view_bounds(view: str, geo_dir: str, *, data_bounds=None, areas=()) -> list[list[float]]:
    """The bounds the map opens on. 'fit': the filtered events (padded), else the selected areas, else all
    Syria; 'raqqa' / 'syria': that region whatever the data."""
    if view not in VIEWS:
        raise ValueError(f"region must be one of {VIEWS}, not {view!r}")
    if view != "fit":
        return region_bounds(view, geo_dir)
    if data_bounds:
        return padded(data_bounds)
    chosen = area_bounds(areas, geo_dir)
    return chosen if chosen else region_bounds("syria", geo_dir)


@functools.lru_cache(maxsize=8)
def place_labels(geo_dir: str, lang: str) -> tuple[tuple[float, float, str, int], ...]:
    """(lat, lon, name, level) of every governorate (level 1) and district (level 2) at the centre OCHA gives,
    the name in Arabic when lang='ar' (English when a feature has no Arabic name)."""
    out = []
    for level in (1, 2):
        for feature in _features(geo_dir, f"adm{level}"):
            p = feature["properties"]
            name = (p.get(f"adm{level}_name1") if lang == "ar" else None) or p.get(f"adm{level}_name")
            lat, lon = p.get("center_lat"), p.get("center_lon")
            if name and lat is not None and lon is not None:
                out.append((round(float(lat), 4), round(float(lon), 4), str(name), level))
    return tuple(out)


def grid_cell_degrees(bounds: list[list[float]] | None, target_cells: int = 120) -> float:
    """A cell size (degrees, from a fixed ladder so nearby extents share one) giving about `target_cells`
    cells along the longer side of `bounds`."""
    if not bounds:
        return 0.05
    (south, west), (north, east) = bounds
    span = max(north - south, east - west, 0.01)
    for cell in (0.005, 0.01, 0.02, 0.05, 0.1, 0.2):
        if span / cell <= target_cells:
            return cell
    return 0.2


def clicked_areas(feature) -> dict | None:
    """The areas a click on the map asks to filter to, from the GeoJSON feature st_folium reports: an admin
    area (its district, or its governorate for a governorate) or a cluster bubble (the districts of its
    events). {"admin1": [...], "admin2": [...]} or None when the click was on nothing of the kind."""
    props = (feature or {}).get("properties") if isinstance(feature, dict) else None
    if not isinstance(props, dict):
        return None
    codes = props.get("marsad_areas")
    if isinstance(codes, list):
        adm2 = sorted({str(c) for c in codes if isinstance(c, str) and len(c) == 6 and c[:2].isalpha()})
    elif isinstance(props.get("adm2_pcode"), str):
        adm2 = [props["adm2_pcode"]]
    elif isinstance(props.get("adm1_pcode"), str):
        return {"admin1": [props["adm1_pcode"]], "admin2": []}
    else:
        return None
    if not adm2:
        return None
    return {"admin1": sorted({c[:4] for c in adm2}), "admin2": adm2}

"""OCHA admin areas of Syria for points: vectorised point-in-polygon with shapely 2 STRtree.

    areas = load_admin_areas(settings.geo_dir)          # reads syr_adm3_simplified.geojson
    table = areas.locate(lat_array, lon_array)          # admin1..3, *_pcode, *_ar per point
    areas.names(1, "ar")                                # {"SY11": "الرقة", ...}
    areas.looks_swapped(lat_array, lon_array)           # bool per point

The sub-district (admin3) polygons carry their district and governorate names and P-codes, so one
lookup gives all three levels. Points just outside every polygon (on the border, the coast, or in
a gap of the simplified boundaries) take the nearest sub-district within `max_distance_deg`;
farther points (e.g. in Iraq) and null/NaN coordinates get nulls.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pyarrow as pa
import shapely
from shapely import STRtree

from etl.errors import InputError

ADMIN3_FILE = "syr_adm3_simplified.geojson"
# Points outside every polygon take the nearest sub-district up to this far (degrees, ~111 km each).
# 0.05 (~5 km) covers every bundled UCDP point off the simplified boundaries (farthest 0.021) while
# keeping Iraqi border towns out (Al-Qaim is 0.09 away; at 0.25 it would be counted in Syria).
NEAREST_MAX_DISTANCE_DEG = 0.05
LEVELS = (1, 2, 3)
LOCATE_COLUMNS = (
    "admin1", "admin2", "admin3",
    "admin1_pcode", "admin2_pcode", "admin3_pcode",
    "admin1_ar", "admin2_ar", "admin3_ar",
)
# Many points (a big dataset) go through a grid first: a cell covered by exactly one sub-district and
# touching no other gives that sub-district, a cell farther than max_distance_deg from every polygon gives
# none; only points in the other cells take the exact STRtree lookup. Same answers, several times faster.
GRID_MIN_POINTS = 50_000
GRID_CELL_DEG = 0.02
GRID_EPS_DEG = 1e-9  # cells are tested slightly enlarged, so float rounding of a cell index cannot matter
# Syria + Iraq, roughly: the region a Marsad event is expected in (for swapped-coordinate checks).
REGION_LAT = (29.0, 38.5)
REGION_LON = (35.0, 49.0)


@dataclass(frozen=True)
class AdminAreas:
    """Sub-district polygons with their names at every level (index i = polygon i)."""

    polygons: np.ndarray  # shapely geometries
    attributes: dict[str, np.ndarray]  # LOCATE_COLUMNS -> object arrays (len = number of polygons)
    tree: STRtree
    max_distance_deg: float = NEAREST_MAX_DISTANCE_DEG

    def polygon_index(self, lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(index of the sub-district polygon per point or -1, whether it came from the nearest-area
        fallback). Points on a shared boundary take the first polygon that contains them."""
        lat = np.asarray(lat, dtype=float).ravel()
        lon = np.asarray(lon, dtype=float).ravel()
        if lat.shape != lon.shape:
            raise ValueError(f"lat has {lat.size} values, lon has {lon.size}")
        found = np.full(lat.size, -1, dtype=np.int64)
        nearest = np.zeros(lat.size, dtype=bool)
        usable = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
        if usable.size >= GRID_MIN_POINTS:
            settled = self._grid_lookup(lat[usable], lon[usable])
            known = settled != _GRID_UNKNOWN
            found[usable[known]] = settled[known]  # _GRID_NONE is -1: no area
            usable = usable[~known]
        if usable.size == 0:
            return found, nearest
        points = shapely.points(lon[usable], lat[usable])
        point_i, poly_i = self.tree.query(points, predicate="intersects")
        first = np.unique(point_i, return_index=True)[1]  # first hit per point (input order is kept)
        found[usable[point_i[first]]] = poly_i[first]
        outside = usable[found[usable] < 0]
        if outside.size and self.max_distance_deg > 0:
            point_i, poly_i = self.tree.query_nearest(
                shapely.points(lon[outside], lat[outside]), max_distance=self.max_distance_deg, all_matches=False)
            found[outside[point_i]] = poly_i
            nearest[outside[point_i]] = True
        return found, nearest

    @cached_property
    def _grid(self) -> tuple[float, float, int, int, np.ndarray]:
        """(x0, y0, columns, rows, answer per cell): a polygon index, _GRID_NONE or _GRID_UNKNOWN."""
        minx, miny, maxx, maxy = shapely.total_bounds(self.polygons)
        columns = int(np.ceil((maxx - minx) / GRID_CELL_DEG)) + 1
        rows = int(np.ceil((maxy - miny) / GRID_CELL_DEG)) + 1
        ix, iy = np.meshgrid(np.arange(columns), np.arange(rows), indexing="ij")
        x = minx + ix.ravel() * GRID_CELL_DEG
        y = miny + iy.ravel() * GRID_CELL_DEG
        cells = shapely.box(x - GRID_EPS_DEG, y - GRID_EPS_DEG, x + GRID_CELL_DEG + GRID_EPS_DEG,
                            y + GRID_CELL_DEG + GRID_EPS_DEG)
        answer = np.full(cells.size, _GRID_UNKNOWN, dtype=np.int64)
        cell_i, poly_i = self.tree.query(cells, predicate="intersects")
        hits = np.bincount(cell_i, minlength=cells.size)
        single = hits[cell_i] == 1
        cell_1, poly_1 = cell_i[single], poly_i[single]
        covered = shapely.covers(self.polygons[poly_1], cells[cell_1])
        answer[cell_1[covered]] = poly_1[covered]
        empty = np.flatnonzero(hits == 0)
        if self.max_distance_deg > 0 and empty.size:
            near_i, _ = self.tree.query(cells[empty], predicate="dwithin", distance=self.max_distance_deg)
            far = np.ones(empty.size, dtype=bool)
            far[near_i] = False
            answer[empty[far]] = _GRID_NONE
        return float(minx), float(miny), columns, rows, answer

    def _grid_lookup(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Per point: the polygon index, _GRID_NONE, or _GRID_UNKNOWN (take the exact lookup)."""
        x0, y0, columns, rows, answer = self._grid
        ix = np.floor((lon - x0) / GRID_CELL_DEG)
        iy = np.floor((lat - y0) / GRID_CELL_DEG)
        inside = (ix >= 0) & (ix < columns) & (iy >= 0) & (iy < rows)
        out = np.full(lat.size, _GRID_UNKNOWN, dtype=np.int64)
        out[inside] = answer[ix[inside].astype(np.int64) * rows + iy[inside].astype(np.int64)]
        return out

    def locate(self, lat: np.ndarray, lon: np.ndarray) -> pa.Table:
        """admin1, admin2, admin3, admin1_pcode, ..., admin1_ar, ... (strings, null where no area)
        for each (lat, lon); see the module docstring for the nearest-area rule."""
        index, _ = self.polygon_index(lat, lon)
        take = pa.array(index, mask=index < 0)  # null index -> null name
        return pa.table({name: pa.array(self.attributes[name], pa.string()).take(take) for name in LOCATE_COLUMNS})

    def names(self, level: int, language: str = "en") -> dict[str, str]:
        """P-code -> name of every area at `level` (1 governorate, 2 district, 3 sub-district) in
        `language` ('en' OCHA English spelling, 'ar' Arabic)."""
        if level not in LEVELS:
            raise ValueError(f"level must be 1, 2 or 3, not {level!r}")
        if language not in ("en", "ar"):
            raise ValueError(f"language must be 'en' or 'ar', not {language!r}")
        suffix = "_ar" if language == "ar" else ""
        codes = self.attributes[f"admin{level}_pcode"]
        labels = self.attributes[f"admin{level}{suffix}"]
        return {str(code): str(label) for code, label in sorted(zip(codes, labels))}

    def looks_swapped(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """True where (lat, lon) is outside the Syria+Iraq region but (lon, lat) is inside it."""
        lat = np.asarray(lat, dtype=float)
        lon = np.asarray(lon, dtype=float)
        return ~in_region(lat, lon) & in_region(lon, lat)


_GRID_NONE = -1
_GRID_UNKNOWN = -2


def in_region(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """True where the point is in the Syria+Iraq box (REGION_LAT x REGION_LON); False for NaN."""
    with np.errstate(invalid="ignore"):
        return ((lat >= REGION_LAT[0]) & (lat <= REGION_LAT[1])
                & (lon >= REGION_LON[0]) & (lon <= REGION_LON[1]))


def load_admin_areas(geo_dir: str | Path, max_distance_deg: float = NEAREST_MAX_DISTANCE_DEG) -> AdminAreas:
    """Read the OCHA sub-district boundaries (geo_dir/syr_adm3_simplified.geojson) into AdminAreas."""
    path = Path(geo_dir) / ADMIN3_FILE
    if not path.exists():
        raise InputError(f"admin boundaries not found: {path} (set MARSAD_GEO_DIR to the folder with {ADMIN3_FILE})")
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
    except (ValueError, KeyError) as exc:
        raise InputError(f"{path} is not a GeoJSON FeatureCollection: {exc}") from None
    polygons = shapely.from_geojson([json.dumps(f["geometry"]) for f in features])
    polygons = np.where(shapely.is_valid(polygons), polygons, shapely.make_valid(polygons))
    source_fields = {
        "admin1": "adm1_name", "admin2": "adm2_name", "admin3": "adm3_name",
        "admin1_pcode": "adm1_pcode", "admin2_pcode": "adm2_pcode", "admin3_pcode": "adm3_pcode",
        "admin1_ar": "adm1_name1", "admin2_ar": "adm2_name1", "admin3_ar": "adm3_name1",
    }
    attributes = {
        name: np.array([(f["properties"].get(key) or None) for f in features], dtype=object)
        for name, key in source_fields.items()
    }
    return AdminAreas(polygons, attributes, STRtree(polygons), max_distance_deg)

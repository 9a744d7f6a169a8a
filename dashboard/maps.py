"""The event map: OCHA boundaries as the (offline) base map, events clustered and as a heat layer, a choropleth
of events per district/sub-district, a legend and a notice. Pure functions data -> folium.Map; no Streamlit.

Every script and stylesheet comes from `static_base` (the vendored files in dashboard/static, served by
Streamlit at /app/static); `map_html` inlines them into a standalone page for download.

`labels` keys (optional, English fallbacks): points, heat, choropleth, boundaries (layer names), legend,
events (choropleth legend/tooltip), date, type, actors, fatalities, location, evidence, source, event_id
(popup field names), boundaries_attribution.
"""

from __future__ import annotations

import base64
import functools
import html
import json
import math
import re
from pathlib import Path

import folium
import numpy as np
import pandas as pd

from dashboard import map_extent
from dashboard.map_layers import (
    CLUSTER_COLOUR as GRID_COLOUR, STATIC_DIR, SWATCH_CSS, Attribution, CornerBox, EventCluster, EventHeat, GridCells, PlaceLabels, js_json,
    static_links,
)
from dashboard.palette import event_type_colour, ordered_event_types

_LABELS = {
    "points": "Events", "heat": "Heat map", "choropleth": "Events per area", "boundaries": "Boundaries",
    "legend": "Event type", "events": "events", "date": "Date", "type": "Type", "actors": "Actors",
    "fatalities": "Fatalities", "location": "Location", "evidence": "Evidence", "source": "Source",
    "event_id": "Event", "boundaries_attribution": "Boundaries: OCHA / UNCS via HDX (CC BY 3.0 IGO)",
    "legend_box": "Legend", "grid": "Events per cell", "places": "Place names",
}
REGION_PCODES = map_extent.REGION_PCODES
EVIDENCE_CHARS = 300
_CHOROPLETH_COLOURS = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
_BOUNDARY_STYLE = {
    "adm1": {"color": "#222222", "weight": 2.5, "fill": False},
    "adm2": {"color": "#666666", "weight": 1.0, "fillOpacity": 0.0},
    "adm3": {"color": "#999999", "weight": 0.6, "dashArray": "3 3", "fillOpacity": 0.0},
}


def _label(labels: dict | None, key: str) -> str:
    value = (labels or {}).get(key)
    return str(value) if value is not None else _LABELS.get(key, key)


def _default_geo_dir() -> Path:
    from etl.config import get_settings

    return Path(get_settings().geo_dir)


def _round_coords(coords, ndigits: int):
    if coords and isinstance(coords[0], (int, float)):
        return [round(coords[0], ndigits), round(coords[1], ndigits)]
    return [_round_coords(c, ndigits) for c in coords]


@functools.lru_cache(maxsize=8)
def load_boundaries(geo_dir: str, level: str) -> dict:
    """Features of syr_<level>_simplified.geojson with only names/pcodes kept and coordinates rounded to 3
    decimals (~100 m; the files are simplified at 0.002 deg), to keep the map payload small."""
    path = Path(geo_dir) / f"syr_{level}_simplified.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    keep = [f"{lvl}_{suffix}" for lvl in ("adm1", "adm2", "adm3") for suffix in ("name", "name1", "pcode")]
    features = []
    for feature in data["features"]:
        props = {k: v for k, v in feature["properties"].items() if k in keep}
        geometry = {"type": feature["geometry"]["type"],
                    "coordinates": _round_coords(feature["geometry"]["coordinates"], 3)}
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def region_bounds(region: str, geo_dir: str | Path | None = None) -> list[list[float]]:
    """[[south, west], [north, east]] of 'raqqa' (Ar-Raqqa governorate, SY11) or 'syria'."""
    if region not in ("raqqa", "syria"):
        raise ValueError(f"region must be 'raqqa' or 'syria', not {region!r}")
    return map_extent.region_bounds(region, str(geo_dir or _default_geo_dir()))


def _with_tips(collection: dict, level: str, lang: str, extra: dict | None = None) -> dict:
    """Copy of the features with a pre-escaped `tip` property: the area name in the UI language."""
    suffix = "name1" if lang == "ar" else "name"
    features = []
    for feature in collection["features"]:
        props = dict(feature["properties"])
        names = [props.get(f"{lvl}_{suffix}") or props.get(f"{lvl}_name") for lvl in ("adm3", "adm2", "adm1")
                 if int(lvl[-1]) <= int(level[-1])]
        tip = html.escape(" \u2014 ".join(str(n) for n in names if n))
        if extra is not None:
            tip += extra.get(props.get(f"{level}_pcode"), "")
        props["tip"] = tip
        features.append({"type": "Feature", "properties": props, "geometry": feature["geometry"]})
    return {"type": "FeatureCollection", "features": features}


def _boundary_levels(level: str, with_choropleth: bool) -> list[str]:
    """Levels drawn as plain lines. The choropleth already draws the `level` outlines, so they are not sent
    twice (the biggest saving in the map payload)."""
    levels = ["adm1", "adm2", "adm3"] if level == "adm3" else ["adm1", "adm2"]
    return [lvl for lvl in levels if not (with_choropleth and lvl == level)]


def _add_boundaries(m: folium.Map, geo: str, level: str, lang: str, labels: dict, with_choropleth: bool) -> None:
    group = folium.FeatureGroup(name=_label(labels, "boundaries"), show=True)
    levels = [lvl for lvl in _boundary_levels(level, with_choropleth) if lvl != "adm1"]
    for lvl in [*levels[::-1], "adm1"]:  # finest first so governorate lines are drawn on top
        style = _BOUNDARY_STYLE[lvl]
        data = _with_tips(load_boundaries(geo, lvl), lvl, lang)
        tooltip = None if lvl == "adm1" else folium.GeoJsonTooltip(
            fields=["tip"], labels=False, sticky=True, style="direction: rtl;" if lang == "ar" else None)
        folium.GeoJson(data, name=lvl, style_function=lambda _f, s=style: s, tooltip=tooltip,
                       control=False, interactive=lvl != "adm1").add_to(group)
    group.add_to(m)


def _choropleth_breaks(counts: pd.Series) -> list[float]:
    positive = counts[counts > 0]
    if positive.empty:
        return []
    qs = np.unique(np.ceil(np.quantile(positive, [0.2, 0.4, 0.6, 0.8])).astype(int))
    return [int(q) for q in qs if q < positive.max()]


def _add_choropleth(m, geo, level, lang, labels, area_counts_df) -> str:
    """Adds the choropleth layer; returns escaped legend HTML for its colour classes."""
    counts = (area_counts_df.dropna(subset=["pcode"]).groupby("pcode")["events"].sum()
              if area_counts_df is not None and not area_counts_df.empty else pd.Series(dtype=float))
    breaks = _choropleth_breaks(counts)
    colour_of = {}
    for pcode, n in counts.items():
        if n > 0:
            colour_of[pcode] = _CHOROPLETH_COLOURS[min(sum(n > b for b in breaks), len(_CHOROPLETH_COLOURS) - 1)]
    events_word = html.escape(_label(labels, "events"))
    extra = {p: f": {int(n):,} {events_word}" for p, n in counts.items()}
    data = _with_tips(load_boundaries(geo, level), level, lang, extra)
    key = f"{level}_pcode"

    def style(feature):
        colour = colour_of.get(feature["properties"].get(key))
        return {"color": "#555555", "weight": 0.5, "fillColor": colour or "#ffffff",
                "fillOpacity": 0.6 if colour else 0.0}

    folium.GeoJson(data, name=_label(labels, "choropleth"), style_function=style, show=True,
                   tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True,
                                                 style="direction: rtl;" if lang == "ar" else None)).add_to(m)
    if not breaks and counts.empty:
        return ""
    edges = [1, *[b + 1 for b in breaks]]
    tops = [*breaks, int(counts.max())]
    rows = [f'<div><span style="{SWATCH_CSS.format(radius="0", colour=_CHOROPLETH_COLOURS[i])}"></span>'
            f'<span dir="ltr">{lo:,}\u2013{hi:,}</span></div>' for i, (lo, hi) in enumerate(zip(edges, tops)) if lo <= hi]
    return f"<div><b>{html.escape(_label(labels, 'choropleth'))}</b></div>" + "".join(rows)


def _event_rows(points_df: pd.DataFrame, type_index: dict, evidence_bytes: int, lang: str = "en") -> tuple[list, list]:
    """Compact marker rows (dashboard.map_layers.ROW_FIELDS) and the shared string table; the Arabic place name
    (location_ar) is used when lang='ar' and known."""
    strings: list[str] = []
    index: dict[str, int] = {}

    def ref(value) -> int:
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            return -1
        text = str(value)
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    def text(value) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return ""
        return str(value)

    rows = []
    cols = [points_df[c].tolist() if c in points_df else [None] * len(points_df) for c in (
        "latitude", "longitude", "event_type", "event_date", "actor1", "actor2", "fatalities", "location",
        "evidence", "notes", "source", "source_url", "event_id", "location_ar", "admin2_pcode")]
    for lat, lon, etype, date, a1, a2, fat, loc, evid, notes, src, url, eid, loc_ar, area in zip(*cols):
        if lang == "ar" and text(loc_ar):
            loc = loc_ar
        evidence = text(evid) or text(notes)
        if len(evidence) > EVIDENCE_CHARS or len(evidence.encode("utf-8")) > evidence_bytes:
            cut = evidence[:EVIDENCE_CHARS].encode("utf-8")[:max(evidence_bytes - 3, 0)].decode("utf-8", "ignore")
            evidence = cut.rstrip() + "\u2026" if cut else ""
        url_text = text(url)
        if not url_text.lower().startswith(("http://", "https://")):
            url_text = ""
        fatalities = None if fat is None or fat is pd.NA or (isinstance(fat, float) and math.isnan(fat)) else int(fat)
        rows.append([round(float(lat), 5), round(float(lon), 5), type_index.get(text(etype), 0),
                     text(date)[:10], ref(a1), ref(a2), fatalities, ref(loc), evidence, ref(src),
                     ref(url_text or None), text(eid), ref(area)])
    return rows, strings


def _legend(types, names, layers, labels, choropleth_legend: str, grid: bool) -> str:
    legend = "".join(f'<div><span style="{SWATCH_CSS.format(radius="50%", colour=event_type_colour(t))}"></span>'
                     f"{html.escape(n)}</div>" for t, n in zip(types, names) if "points" in layers)
    if legend:
        legend = f"<div><b>{html.escape(_label(labels, 'legend'))}</b></div>{legend}"
    if grid:
        legend += (f'<div><span style="{SWATCH_CSS.format(radius="50%", colour=GRID_COLOUR)}"></span>'
                   f"{html.escape(_label(labels, 'grid'))}</div>")
    return legend + choropleth_legend


def build_event_map(points_df: pd.DataFrame, *, area_counts_df: pd.DataFrame | None = None, level: str = "adm2",
                    region: str = "fit", lang: str = "en", labels: dict,
                    layers=("points", "heat", "choropleth", "boundaries"), tile_url: str = "",
                    tile_attribution: str = "", static_base: str = "/app/static", notice: str | None = None,
                    type_names: dict | None = None, geo_dir: str | Path | None = None,
                    max_bytes: int = 2_000_000, data_attribution: str = "", compact: bool = False,
                    grid_df: pd.DataFrame | None = None, areas=(), place_labels: bool = True) -> folium.Map:
    """The event map (see module docstring). `region`: 'fit' (the default) opens on the events drawn (else on
    the selected `areas` P-codes, else all Syria); 'raqqa' / 'syria' are presets. `grid_df` ([latitude,
    longitude, events, fatalities] per cell, from the store) replaces the points when there are too many to
    draw one by one: every event is then on the map, counted in its cell. `type_names` translates event types
    in the legend and popups; evidence in popups is cut to 300 characters, and shorter when needed to keep the
    page under `max_bytes`. `data_attribution` (e.g. "Data: ACLED, UCDP") is shown, escaped, next to the
    boundaries attribution. `compact` (small maps) folds the layer control and the legend into their buttons
    so they do not cover the map. `place_labels` names governorates and districts (Arabic in Arabic)."""
    if level not in ("adm2", "adm3"):
        raise ValueError(f"level must be 'adm2' or 'adm3', not {level!r}")
    if region not in map_extent.VIEWS:
        raise ValueError(f"region must be one of {map_extent.VIEWS}, not {region!r}")
    geo = str(geo_dir or _default_geo_dir())
    rtl = lang == "ar"
    points = points_df.dropna(subset=["latitude", "longitude"]) if points_df is not None else pd.DataFrame()
    grid = grid_df if grid_df is not None and not grid_df.empty else None
    if grid is not None:
        points = pd.DataFrame()
        data_bounds = map_extent.points_bounds(grid["latitude"], grid["longitude"])
    else:
        data_bounds = (map_extent.points_bounds(points["latitude"], points["longitude"])
                       if not points.empty else None)
    bounds = map_extent.view_bounds(region, geo, data_bounds=data_bounds, areas=areas)
    m = folium.Map(location=[(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2], zoom_start=8,
                   tiles=None, prefer_canvas=True, control_scale=True,
                   **{"maxZoom": 18, "minZoom": 5})  # no tile layer to set them; MarkerCluster needs maxZoom
    m.default_js, m.default_css = static_links("map", static_base)
    m.marsad_static_base = static_base
    m.marsad_bounds = bounds
    if tile_url:
        folium.TileLayer(tiles=tile_url, attr=html.escape(tile_attribution or tile_url), name="Tiles",
                         control=False).add_to(m)
    credits = [c for c in (data_attribution, _label(labels, "boundaries_attribution")) if c]
    Attribution(" | ".join(html.escape(c) for c in credits)).add_to(m)
    if "boundaries" in layers:
        _add_boundaries(m, geo, level, lang, labels, with_choropleth="choropleth" in layers)
    choropleth_legend = ""
    if "choropleth" in layers:
        choropleth_legend = _add_choropleth(m, geo, level, lang, labels, area_counts_df)
    if place_labels:
        PlaceLabels(map_extent.place_labels(geo, lang)).add_to(m)

    types = ordered_event_types(points["event_type"].unique()) if not points.empty else []
    names = [str((type_names or {}).get(t, t)) for t in types]
    if grid is not None and ("points" in layers or "heat" in layers):
        rows = [[round(float(a), 4), round(float(o), 4), int(n), int(f)] for a, o, n, f in
                zip(grid["latitude"], grid["longitude"], grid["events"], grid["fatalities"])]
        if "points" in layers:
            GridCells(rows, name=_label(labels, "grid"), rtl=rtl,
                      labels={"events": _label(labels, "events"), "fatalities": _label(labels, "fatalities")}).add_to(m)
        if "heat" in layers:
            top = max(r[2] for r in rows)
            EventHeat([[r[0], r[1], round(0.2 + 0.8 * (r[2] / top) ** 0.5, 3)] for r in rows], static_base=static_base,
                      name=_label(labels, "heat"), show="points" not in layers).add_to(m)
    if not points.empty and ("points" in layers or "heat" in layers):
        # Budget: what is left of max_bytes after the boundaries and 12 KB of page, over the events.
        drawn = _boundary_levels(level, "choropleth" in layers) if "boundaries" in layers else []
        drawn += [level] if "choropleth" in layers else []
        # folium writes GeoJSON with ", " / ": " separators: ~1.2x the compact size.
        base = 12_000 + int(1.2 * sum(len(js_json(load_boundaries(geo, lvl))) for lvl in drawn))
        rows, strings = _event_rows(points, {t: i for i, t in enumerate(types)}, evidence_bytes=0, lang=lang)
        fixed = base + len(js_json(rows)) + len(js_json(strings))
        spare = max(0, int(max_bytes * 0.95) - fixed) // len(rows)
        if spare > 0:
            rows, strings = _event_rows(points, {t: i for i, t in enumerate(types)},
                                        evidence_bytes=min(spare, EVIDENCE_CHARS * 2), lang=lang)
        popup_labels = {k: _label(labels, k) for k in
                        ("date", "type", "actors", "fatalities", "location", "evidence", "source", "event_id")}
        cluster = None
        if "points" in layers:
            cluster = EventCluster(rows, strings=strings, type_names=names,
                                   type_colours=[event_type_colour(t) for t in types], labels=popup_labels,
                                   rtl=rtl, static_base=static_base, name=_label(labels, "points"))
            cluster.add_to(m)
        if "heat" in layers:
            EventHeat([r[:2] for r in rows], source=cluster, static_base=static_base, name=_label(labels, "heat"),
                      show="points" not in layers).add_to(m)

    legend = _legend(types, names, layers, labels, choropleth_legend, grid is not None and "points" in layers)
    if legend:
        # collapsible (a <details> box): open on the full map, folded on small maps
        box = (f"<details{'' if compact else ' open'}><summary style=\"cursor: pointer; font-weight: 600;\">"
               f"{html.escape(_label(labels, 'legend_box'))}</summary>{legend}</details>")
        CornerBox(box, position="bottomleft" if rtl else "bottomright", rtl=rtl,
                  css_class="marsad-legend").add_to(m)
    if notice:
        CornerBox(html.escape(notice), position="topright" if rtl else "topleft", rtl=rtl,
                  css_class="marsad-notice").add_to(m)
    folium.LayerControl(position="topleft" if rtl else "topright", collapsed=compact).add_to(m)
    m.fit_bounds(bounds)
    return m


def map_payload_bytes(m: folium.Map) -> int:
    """Size in bytes of the map page as rendered (what the browser receives, scripts linked not inlined)."""
    return len(m.get_root().render().encode("utf-8"))


_CSS_URL = re.compile(r"url\((?!['\"]?(?:data:|#))['\"]?([^'\")]+)['\"]?\)")


def _inline_css(path: Path) -> str:
    """CSS text with relative url(...) images turned into data: URIs."""
    css = path.read_text(encoding="utf-8")

    def data_uri(match: re.Match) -> str:
        target = (path.parent / match.group(1)).resolve()
        if not target.is_file() or STATIC_DIR not in target.parents:
            return match.group(0)
        mime = "image/png" if target.suffix == ".png" else "application/octet-stream"
        return f"url(data:{mime};base64,{base64.b64encode(target.read_bytes()).decode('ascii')})"

    return _CSS_URL.sub(data_uri, css)


def map_html(m: folium.Map) -> bytes:
    """A standalone HTML page of the map that works offline: the vendored scripts and styles are inlined
    (no src/href to anything outside the page)."""
    page = m.get_root().render()
    base = re.escape(getattr(m, "marsad_static_base", "/app/static").rstrip("/"))

    def local(rel: str) -> Path:
        target = (STATIC_DIR / rel).resolve()
        if STATIC_DIR not in target.parents or not target.is_file():
            raise FileNotFoundError(f"{rel} is not a vendored file in {STATIC_DIR}")
        return target

    def script(match: re.Match) -> str:
        code = local(match.group(1)).read_text(encoding="utf-8").replace("</script", "<\\/script")
        return f"<script>{code}</script>"

    def style(match: re.Match) -> str:
        return f"<style>{_inline_css(local(match.group(1)))}</style>"

    page = re.sub(rf'<script src="{base}/([^"]+)"></script>', script, page)
    page = re.sub(rf'<link rel="stylesheet" href="{base}/([^"]+)"/>', style, page)
    return page.encode("utf-8")

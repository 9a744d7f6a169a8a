"""A static map of the filtered events for the printed report: drawn offline from the bundled boundaries
(OCHA governorates and districts) with Plotly on plain longitude/latitude axes (no tiles, no web map
library, no topojson download), the points coloured by event type, framed on the events. Pure: data -> figure.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.palette import FONT_LTR, FONT_RTL, event_type_colour, ordered_event_types


def _rings(geometry: dict):
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def _outline(features: list[dict]) -> tuple[list, list]:
    """One trace's x/y for every ring of the features, rings separated by None."""
    xs, ys = [], []
    for feature in features:
        for ring in _rings(feature["geometry"]):
            xs += [p[0] for p in ring] + [None]
            ys += [p[1] for p in ring] + [None]
    return xs, ys


def _frame(lon: pd.Series, lat: pd.Series, min_span: float = 0.6) -> tuple[list, list]:
    """Longitude and latitude ranges around the points, padded, at least `min_span` degrees wide."""
    x0, x1, y0, y1 = float(lon.min()), float(lon.max()), float(lat.min()), float(lat.max())
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_x = max((x1 - x0) * 0.55, min_span / 2)
    half_y = max((y1 - y0) * 0.55, min_span / 2)
    return [cx - half_x, cx + half_x], [cy - half_y, cy + half_y]


def static_map_figure(points: pd.DataFrame, *, adm1: dict, adm2: dict, lang: str = "en",
                      type_names: dict | None = None, labels: dict | None = None, width: int = 1000,
                      height: int = 560) -> go.Figure:
    """The events of `points` (columns latitude, longitude, event_type) over governorate and district lines
    (GeoJSON FeatureCollections as dashboard.maps.load_boundaries gives them), with governorate names in the
    language. The frame fits the events (all of Syria when there is none)."""
    rtl = lang == "ar"
    labels = labels or {}
    fig = go.Figure()
    for collection, colour, width_px in ((adm2, "#c9c9c9", 0.6), (adm1, "#6f6f6f", 1.2)):
        xs, ys = _outline(collection.get("features", []))
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": colour, "width": width_px},
                                 hoverinfo="skip", showlegend=False))
    located = points.dropna(subset=["latitude", "longitude"]) if points is not None and len(points) else None
    if located is not None and len(located):
        x_range, y_range = _frame(located["longitude"], located["latitude"])
    else:
        x_range, y_range = [35.5, 42.5], [32.2, 37.5]
    names_x, names_y, names = [], [], []
    for feature in adm1.get("features", []):
        props = feature["properties"]
        ring = max(_rings(feature["geometry"]), key=len)
        lon = sum(p[0] for p in ring) / len(ring)
        lat = sum(p[1] for p in ring) / len(ring)
        if x_range[0] <= lon <= x_range[1] and y_range[0] <= lat <= y_range[1]:
            names_x.append(lon)
            names_y.append(lat)
            names.append(props.get("adm1_name1" if rtl else "adm1_name") or props.get("adm1_name") or "")
    fig.add_trace(go.Scatter(x=names_x, y=names_y, text=names, mode="text", hoverinfo="skip", showlegend=False,
                             textfont={"size": 12, "color": "#444444"}))
    if located is not None:
        for event_type in ordered_event_types(located["event_type"].unique()):
            rows = located[located["event_type"] == event_type]
            name = str((type_names or {}).get(event_type, event_type))
            fig.add_trace(go.Scatter(x=rows["longitude"], y=rows["latitude"], mode="markers",
                                     name=f"{name} ({len(rows):,})", hoverinfo="skip",
                                     marker={"color": event_type_colour(event_type), "size": 6, "opacity": 0.75,
                                             "line": {"width": 0.4, "color": "#ffffff"}}))
    mid_lat = math.radians((y_range[0] + y_range[1]) / 2)
    fig.update_layout(
        template="plotly_white", width=width, height=height, showlegend=True,
        font={"family": FONT_RTL if rtl else FONT_LTR, "size": 12},
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        legend={"orientation": "h", "x": 1 if rtl else 0, "xanchor": "right" if rtl else "left", "y": -0.02,
                "yanchor": "top", "title": {"text": labels.get("legend", "")}},
        xaxis={"range": x_range, "visible": False},
        yaxis={"range": y_range, "visible": False, "scaleanchor": "x", "scaleratio": 1 / math.cos(mid_lat)},
        plot_bgcolor="#f7f7f4",
    )
    return fig

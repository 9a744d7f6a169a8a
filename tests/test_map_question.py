"""The map follows the question: it opens on the filtered events (presets Ar-Raqqa / all Syria), counts every
event in grid cells beyond map_max_points, names places offline (Arabic in Arabic), keeps cluster bubbles
apart from the type colours and area shading, folds its legend, and turns a click into area filters."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd

from dashboard import map_extent, maps
from dashboard.trends import period_starts
from dashboard.map_layers import CLUSTER_COLOUR, EventCluster, GridCells, PlaceLabels
from dashboard.palette import EVENT_TYPE_COLOURS
from tests.test_maps import synthetic_points


def _fit(m) -> list[list[float]]:
    page = m.get_root().render()
    return json.loads(re.search(r"fitBounds\(\s*(\[\[.*?\]\])", page, re.S).group(1))


def _inside(bounds, lat, lon) -> bool:
    (s, w), (n, e) = bounds
    return s <= lat <= n and w <= lon <= e


def test_the_map_opens_on_the_filtered_events_not_on_ar_raqqa():
    deir = synthetic_points(30).assign(latitude=lambda d: 35.33 + (d.index % 7) * 0.05,
                                       longitude=lambda d: 40.14 + (d.index % 5) * 0.06)
    bounds = _fit(maps.build_event_map(deir, labels={}))
    assert all(_inside(bounds, a, o) for a, o in zip(deir["latitude"], deir["longitude"]))
    raqqa = maps.region_bounds("raqqa")
    assert not _inside(raqqa, 35.33, 40.14 + 0.24)  # the old fixed view left these events out
    # presets stay available; no events: the selected areas, else all Syria
    assert _fit(maps.build_event_map(deir, labels={}, region="raqqa")) == raqqa
    empty = synthetic_points(0)
    assert _fit(maps.build_event_map(empty, labels={})) == maps.region_bounds("syria")
    around = _fit(maps.build_event_map(empty, labels={}, areas=("SY09",)))
    assert _inside(around, 35.33, 40.14) and not _inside(around, 33.5, 36.3)  # Deir-ez-Zor, not Damascus


def test_one_event_opens_with_its_surroundings():
    (s, w), (n, e) = _fit(maps.build_event_map(synthetic_points(1), labels={}))
    assert n - s >= map_extent.MIN_SPAN_DEG - 1e-3 and e - w >= map_extent.MIN_SPAN_DEG - 1e-3


def test_every_event_is_counted_in_grid_cells_beyond_the_point_budget():
    cells = pd.DataFrame({"latitude": [35.95, 35.35, 33.5], "longitude": [39.0, 40.15, 36.3],
                          "events": [600_000, 399_000, 1_000], "fatalities": [10, 20, 30]})
    m = maps.build_event_map(synthetic_points(0), grid_df=cells, labels={"grid": "Per cell"})
    (grid,) = [c for c in m._children.values() if isinstance(c, GridCells)]
    assert sum(r[2] for r in grid.rows) == 1_000_000 and grid.layer_name == "Per cell"
    assert not [c for c in m._children.values() if isinstance(c, EventCluster)]
    assert all(_inside(_fit(m), a, o) for a, o in zip(cells["latitude"], cells["longitude"]))
    assert maps.map_payload_bytes(m) < 2_000_000


def test_cluster_bubbles_use_a_colour_of_their_own():
    shading = {c.lower() for c in maps._CHOROPLETH_COLOURS}
    assert CLUSTER_COLOUR.lower() not in {c.lower() for c in EVENT_TYPE_COLOURS.values()} | shading
    page = maps.build_event_map(synthetic_points(20), labels={}).get_root().render()
    assert "iconCreateFunction" in page and CLUSTER_COLOUR in page


def test_the_legend_folds_open_on_the_full_map_and_closed_on_small_ones():
    full = maps.build_event_map(synthetic_points(10), labels={"legend_box": "Key"}).get_root().render()
    small = maps.build_event_map(synthetic_points(10), labels={}, compact=True).get_root().render()
    assert "\\u003cdetails open\\u003e" in full and "Key" in full
    assert "\\u003cdetails\\u003e" in small and "\\u003cdetails open" not in small


def test_place_names_come_from_the_boundaries_in_the_interface_language():
    def labels(lang):
        m = maps.build_event_map(synthetic_points(3), labels={}, lang=lang)
        (layer,) = [c for c in m._children.values() if isinstance(c, PlaceLabels)]
        return {(r[2], r[3]) for r in layer.rows}

    en, ar = labels("en"), labels("ar")
    assert {("Ar-Raqqa", 1), ("Deir-ez-Zor", 1), ("Ath-Thawrah", 2)} <= en
    assert {("الرقة", 1), ("مركز الرقة", 2), ("الثورة", 2)} <= ar and not any(name == "Ar-Raqqa" for name, _ in ar)
    assert sum(1 for _, level in ar if level == 1) == 14 and sum(1 for _, level in ar if level == 2) == 62


def test_a_click_on_an_area_or_a_cluster_becomes_area_filters():
    assert map_extent.clicked_areas({"properties": {"adm2_pcode": "SY1101", "adm1_pcode": "SY11"}}) == \
        {"admin1": ["SY11"], "admin2": ["SY1101"]}
    assert map_extent.clicked_areas({"properties": {"marsad_areas": ["SY0903", "SY1101", "<b>"]}}) == \
        {"admin1": ["SY09", "SY11"], "admin2": ["SY0903", "SY1101"]}
    assert map_extent.clicked_areas({"properties": {"adm1_pcode": "SY09"}}) == {"admin1": ["SY09"], "admin2": []}
    for nothing in (None, {}, {"properties": {}}, {"type": "Feature", "properties": {"marsad_areas": []}}, "x"):
        assert map_extent.clicked_areas(nothing) is None


def test_time_slider_steps_by_week_or_month():
    months = period_starts(dt.date(2016, 11, 20), dt.date(2017, 2, 3), "month")
    assert months == [dt.date(2016, 11, 1), dt.date(2016, 12, 1), dt.date(2017, 1, 1), dt.date(2017, 2, 1)]
    weeks = period_starts(dt.date(2017, 1, 4), dt.date(2017, 1, 16), "week")
    assert weeks == [dt.date(2017, 1, 2), dt.date(2017, 1, 9), dt.date(2017, 1, 16)]
    assert period_starts(None, dt.date(2017, 1, 1), "week") == []

"""dashboard.maps: the offline event map — boundaries, clustered markers, escaping, size, no CDN."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard import maps
from dashboard.map_layers import EventCluster, EventHeat

XSS = "<script>alert(1)</script> <img src=x onerror=alert(2)>"
EV_EN = ("On 12 June 2017 the SDF announced that its fighters had clashed with ISIS militants near the eastern "
         "districts of Raqqa city, killing at least six and wounding several others, activists said.")
EV_AR = "أعلنت قوات سوريا الديمقراطية أن مقاتليها اشتبكوا مع عناصر تنظيم داعش قرب الأحياء الشرقية لمدينة الرقة"


def synthetic_points(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    types = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments"]
    return pd.DataFrame({
        "event_id": [f"{i:016x}" for i in range(n)],
        "event_date": pd.Timestamp("2017-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D"),
        "event_type": rng.choice(types, n), "sub_event_type": "Armed clash",
        "actor1": rng.choice(["Islamic State", "Syrian Democratic Forces", "قوات النظام"], n),
        "actor2": rng.choice(["Civilians", "Islamic State", None], n),
        "fatalities": rng.integers(0, 20, n),
        "latitude": 35.95 + rng.normal(0, 0.3, n), "longitude": 39.0 + rng.normal(0, 0.4, n),
        "location": rng.choice(["Ar-Raqqa", "Tabqa"], n), "location_ar": rng.choice(["الرقة", "الطبقة"], n),
        "admin1": "Ar-Raqqa",
        "evidence": [EV_AR if i % 2 else EV_EN for i in range(n)], "notes": None,
        "source": rng.choice(["SANA", "Enab Baladi", "Reuters"], n),
        "source_url": [f"https://example.org/news/{i}" for i in range(n)],
    })


def _cluster(m) -> EventCluster:
    (cluster,) = [c for c in m._children.values() if isinstance(c, EventCluster)]
    return cluster


def _external_refs(page: str, static_base: str = "") -> list[str]:
    """src/href values in markup (script bodies removed) that leave the page or static_base."""
    markup = re.sub(r"<script>.*?</script>", "", page, flags=re.S)
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", markup)
    return [r for r in refs if not (static_base and r.startswith(static_base)) and not r.startswith("#")]


def test_boundaries_are_the_base_map_and_no_tiles_offline():
    m = maps.build_event_map(synthetic_points(20), labels={})
    page = m.get_root().render()
    assert "tileLayer" not in page
    assert "SY11" in page and "Ar-Raqqa" in page  # governorate lines and district names
    assert "OCHA" in page  # boundaries attribution
    online = maps.build_event_map(synthetic_points(5), labels={}, tile_url="https://tile.example/{z}/{x}/{y}.png",
                                  tile_attribution="© Example <b>")
    page = online.get_root().render()
    assert "L.tileLayer" in page and "https://tile.example/{z}/{x}/{y}.png" in page
    assert "Example <b>" not in page and "Example \\u0026lt;b\\u0026gt;" in page  # escaped, then JSON-encoded


def test_every_event_with_coordinates_becomes_one_marker_row():
    df = synthetic_points(300)
    df.loc[[3, 7], "latitude"] = None
    m = maps.build_event_map(df, labels={})
    cluster = _cluster(m)
    assert len(cluster.data) == 298
    assert cluster.data[0][:2] == [round(df.latitude[0], 5), round(df.longitude[0], 5)]
    heat = [c for c in m._children.values() if isinstance(c, EventHeat)]
    assert heat and heat[0].source is cluster  # coordinates sent once, shared with the heat layer


def test_heat_layer_alone_carries_its_own_points():
    m = maps.build_event_map(synthetic_points(40), labels={}, layers=("heat", "boundaries"))
    page = m.get_root().render()
    assert "L.heatLayer(" in page and "markerClusterGroup" not in page
    (heat,) = [c for c in m._children.values() if isinstance(c, EventHeat)]
    assert heat.source is None and len(heat.data) == 40 and heat.show
    assert "Event type" not in page  # no marker colours to explain


def test_no_cdn_or_external_url_in_the_map_page():
    m = maps.build_event_map(synthetic_points(50), area_counts_df=pd.DataFrame({"pcode": ["SY1101"], "events": [9]}),
                             labels={}, static_base="/app/static", notice="Showing 50 of 50 events")
    page = m.get_root().render()
    assert _external_refs(page, "/app/static/") == []
    assert "cdn" not in page.lower() and "jquery" not in page.lower() and "bootstrap" not in page.lower()
    for ref in re.findall(r'(?:src|href)="/app/static/([^"]+)"', page):
        assert (Path(maps.STATIC_DIR) / ref).is_file(), ref


@pytest.mark.parametrize("region, level", [("raqqa", "adm2"), ("syria", "adm3")])  # adm3: the biggest base map
def test_payload_for_10000_events_is_under_2_mb(region, level):
    m = maps.build_event_map(synthetic_points(10_000), area_counts_df=pd.DataFrame(
        {"pcode": ["SY1101", "SY1102", "SY1103"], "events": [6000, 3000, 1000]}), labels={},
        notice="Showing the 10,000 most recent of 12,345 events", region=region, level=level, lang="ar")
    size = maps.map_payload_bytes(m)
    assert size < 2_000_000, size
    assert len(_cluster(m).data) == 10_000
    evidence = [row[8] for row in _cluster(m).data]
    assert all(evidence) and max(len(e) for e in evidence) <= 301  # cut, never dropped


def test_small_maps_keep_evidence_up_to_300_characters():
    df = synthetic_points(10)
    df.loc[0, "evidence"] = "x" * 1000
    rows = _cluster(maps.build_event_map(df, labels={})).data
    assert rows[0][8] == "x" * 300 + "…"
    assert rows[2][8] == EV_EN


def test_script_in_event_text_never_reaches_the_page_as_markup():
    df = synthetic_points(5)
    df.loc[0, ["evidence", "actor1", "location", "source"]] = [XSS, XSS, XSS, XSS]
    df.loc[0, "event_type"] = "<script>alert(3)</script>"
    df.loc[1, "source_url"] = "javascript:alert(1)"
    m = maps.build_event_map(df, labels={}, type_names={"<script>alert(3)</script>": XSS}, notice=XSS)
    page = m.get_root().render()
    assert "<script>alert" not in page.lower() and "<img src=x" not in page
    assert "\\u003cscript\\u003ealert(1)" in page  # kept as data, escaped for the script context
    assert "\\u0026lt;script\\u0026gt;alert(1)" in page  # legend / notice: escaped HTML, then JSON-encoded
    cluster = _cluster(m)
    assert cluster.data[1][10] == -1  # a javascript: URL is never linked
    assert "javascript:alert" not in cluster.strings


def test_arabic_names_and_right_to_left_when_lang_is_ar():
    df = synthetic_points(10)
    df.loc[0, "event_type"] = "Battles"
    ar = maps.build_event_map(df, labels={"points": "الأحداث"}, lang="ar", level="adm3",
                              type_names={"Battles": "معارك"})
    tips = [f["properties"]["tip"] for child in ar._children.values() for sub in child._children.values()
            if hasattr(sub, "data") and isinstance(sub.data, dict) for f in sub.data["features"]]
    tips += [f["properties"]["tip"] for child in ar._children.values()
             if hasattr(child, "data") and isinstance(child.data, dict) for f in child.data["features"]]
    assert any("الرقة" in t for t in tips)
    assert not any("Ar-Raqqa" in t for t in tips)
    cluster = _cluster(ar)
    assert cluster.rtl and cluster.layer_name == "الأحداث"
    assert {"الرقة", "الطبقة"} & set(cluster.strings)  # location_ar used for the popup place name
    assert "معارك" in cluster.type_names
    en = maps.build_event_map(df, labels={}, lang="en")
    assert "Ar-Raqqa" in _cluster(en).strings or "Tabqa" in _cluster(en).strings


def test_region_bounds_fit_raqqa_or_syria():
    (south, west), (north, east) = maps.region_bounds("raqqa")
    assert 34.5 < south < 35.5 and 36.5 < north < 37.0 and 37.5 < west < 38.5 and 39.5 < east < 40.5
    (s2, w2), (n2, e2) = maps.region_bounds("syria")
    assert s2 < 33 and n2 > 37 and w2 < 36 and e2 > 42
    page = maps.build_event_map(synthetic_points(3), labels={}, region="raqqa").get_root().render()
    assert re.search(r"fitBounds\(\s*\[\[" + re.escape(str(south)), page)
    with pytest.raises(ValueError):
        maps.build_event_map(synthetic_points(3), labels={}, region="mars")


def test_choropleth_colours_areas_with_events_only():
    counts = pd.DataFrame({"pcode": ["SY1101", "SY1102"], "events": [100, 2]})
    m = maps.build_event_map(synthetic_points(5), area_counts_df=counts, labels={"choropleth": "Per district"})
    (layer,) = [c for c in m._children.values() if getattr(c, "layer_name", "") == "Per district"]
    styles = {f["properties"]["adm2_pcode"]: layer.style_function(f) for f in layer.data["features"]}
    assert styles["SY1101"]["fillOpacity"] > 0 and styles["SY1102"]["fillOpacity"] > 0
    assert styles["SY1101"]["fillColor"] != styles["SY1102"]["fillColor"]
    assert styles["SY1103"]["fillOpacity"] == 0


def test_standalone_map_html_has_no_external_reference():
    m = maps.build_event_map(synthetic_points(20), labels={}, static_base="/app/static")
    page = maps.map_html(m).decode("utf-8")
    assert _external_refs(page) == []
    assert "<script src=" not in page and "<link rel=\"stylesheet\"" not in page
    assert "L.markerClusterGroup=function" in page  # the vendored library itself is inside
    assert "url(data:image/png;base64," in page  # leaflet.css images inlined


@pytest.mark.skipif(not shutil.which("chromium") and not Path("/usr/bin/chromium").exists(), reason="no chromium")
def test_map_runs_offline_in_chromium_and_popups_show_text_not_markup(tmp_path, chromium):
    df = synthetic_points(30)
    df.loc[0, "evidence"] = XSS
    path = tmp_path / "map.html"
    path.write_bytes(maps.map_html(maps.build_event_map(df, labels={}, lang="ar")))
    context = chromium.new_context()
    try:
        page = context.new_page()
        problems, requests = [], []
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("dialog", lambda d: (problems.append("dialog " + d.message), d.dismiss()))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(path.as_uri())
        page.wait_for_function("document.querySelectorAll('.marker-cluster, path.leaflet-interactive').length > 0")
        html_of_popup = page.evaluate("""() => {
            const name = Object.keys(window).find(k => k.startsWith('event_cluster_') && !k.endsWith('_payload'));
            const marker = window[name].getLayers().find(l => l.getPopup()._content(l).textContent.includes('onerror'));
            const el = marker.getPopup()._content(marker);
            return [el.dir, el.innerHTML, el.textContent, window[name].getLayers().length];
        }""")
    finally:
        context.close()
    direction, inner, text, n_markers = html_of_popup
    assert problems == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert direction == "rtl" and n_markers == 30
    assert "<script>alert(1)</script>" in text and "&lt;script&gt;" in inner and "<img" not in inner


def test_small_maps_fold_the_layer_control_so_it_does_not_cover_the_map():
    def control_options(m):
        html = m.get_root().render()
        return html.split("L.control.layers(", 1)[1].split(").addTo(", 1)[0]

    small = maps.build_event_map(synthetic_points(5), labels={}, compact=True)
    full = maps.build_event_map(synthetic_points(5), labels={})
    assert '"collapsed": true' in control_options(small)
    assert '"collapsed": false' in control_options(full)

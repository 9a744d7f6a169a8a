"""Folium elements for the event map that load only the vendored Leaflet files (dashboard/static) and keep the
page small: a FastMarkerCluster whose rows are compact arrays (strings de-duplicated into one table) with popups
built in the browser from text nodes, a HeatMap reading the same rows, and corner boxes for legend/notice.

Pure: no Streamlit import, no work at import time.
"""

from __future__ import annotations

import json
from pathlib import Path

from branca.element import MacroElement
from folium.map import Layer
from folium.plugins import FastMarkerCluster, HeatMap
from folium.template import Template

STATIC_DIR = Path(__file__).resolve().parent / "static"

# (name, path under static_base) of every script / stylesheet a Marsad map loads.
STATIC_JS = {
    "map": [("leaflet", "leaflet/leaflet.js")],
    "cluster": [("markerclusterjs", "leaflet.markercluster/leaflet.markercluster.js")],
    "heat": [("leaflet-heat.js", "leaflet.heat/leaflet-heat.js")],
}
STATIC_CSS = {
    "map": [("leaflet_css", "leaflet/leaflet.css")],
    "cluster": [
        ("markerclustercss", "leaflet.markercluster/MarkerCluster.css"),
        ("markerclusterdefaultcss", "leaflet.markercluster/MarkerCluster.Default.css"),
    ],
    "heat": [],
}


def static_links(kind: str, static_base: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(default_js, default_css) for `kind` ('map', 'cluster', 'heat') with URLs under static_base."""
    base = static_base.rstrip("/")
    return ([(n, f"{base}/{p}") for n, p in STATIC_JS[kind]], [(n, f"{base}/{p}") for n, p in STATIC_CSS[kind]])


def js_json(value: object) -> str:
    """JSON for embedding in a <script>: UTF-8 kept (Arabic stays 2 bytes/char), no `<`, `>`, `&`, `'`, so data
    can never close the script element or open a tag."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("'", "\\u0027").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# Row layout of the marker data, shared by the Python builder (maps.py) and the JS below.
ROW_FIELDS = ("lat", "lon", "type", "date", "actor1", "actor2", "fatalities", "location", "evidence", "source",
              "source_url", "event_id", "area")
# Cluster bubbles: a dark slate that none of the event type colours (dashboard/palette.py) nor the yellow-red
# area shading uses, white figures; the size (not the colour) grows with the count.
CLUSTER_COLOUR = "#263238"
CLUSTER_TEXT = "#ffffff"


class EventCluster(FastMarkerCluster):
    """FastMarkerCluster of circle markers coloured by event type; popups are DOM built with textContent.

    `rows` follow ROW_FIELDS; string columns other than date/evidence/event_id are indexes into `strings`
    (-1 = missing); `type` indexes `type_names` / `type_colours`.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }}_payload = {{ this.payload() }};
            var {{ this.get_name() }} = (function(){
                var P = {{ this.get_name() }}_payload, S = P.strings, LB = P.labels;
                function str(i) { return (i === null || i < 0) ? "" : S[i]; }
                function line(box, label, value) {
                    if (value === null || value === undefined || value === "") { return; }
                    var row = document.createElement("div");
                    var key = document.createElement("b");
                    key.textContent = label + ": ";
                    row.appendChild(key);
                    row.appendChild(document.createTextNode(String(value)));
                    box.appendChild(row);
                }
                function popup(r) {
                    var box = document.createElement("div");
                    box.className = "marsad-popup";
                    box.style.cssText = P.font_css;
                    box.dir = P.dir;
                    line(box, LB.date, r[3]);
                    line(box, LB.type, P.type_names[r[2]]);
                    line(box, LB.actors, [str(r[4]), str(r[5])].filter(Boolean).join(" \u2014 "));
                    line(box, LB.fatalities, r[6]);
                    line(box, LB.location, str(r[7]));
                    line(box, LB.evidence, r[8]);
                    var source = str(r[9]), url = str(r[10]);
                    if (/^https?:\\/\\//i.test(url)) {
                        var row = document.createElement("div"), key = document.createElement("b");
                        key.textContent = LB.source + ": ";
                        var link = document.createElement("a");
                        link.href = url; link.target = "_blank"; link.rel = "noopener noreferrer";
                        link.textContent = source || url;
                        row.appendChild(key); row.appendChild(link); box.appendChild(row);
                    } else {
                        line(box, LB.source, source);
                    }
                    line(box, LB.event_id, r[11]);
                    return box;
                }
                var options = {{ this.options|tojavascript }};
                options.iconCreateFunction = function (c) {
                    var n = c.getChildCount(), size = n < 10 ? 28 : n < 100 ? 34 : n < 1000 ? 40 : 46;
                    var inner = document.createElement("div");
                    inner.style.cssText = "font:600 12px sans-serif;width:" + size + "px;height:" + size +
                        "px;line-height:" + size + "px;margin:0;border-radius:50%;text-align:center;background:" +
                        P.cluster_colour + ";color:" + P.cluster_text + ";border:2px solid #ffffff;" +
                        "box-shadow:0 0 0 1px " + P.cluster_colour + ";opacity:0.9;";
                    inner.textContent = String(n);
                    return L.divIcon({html: inner, className: "marker-cluster marsad-cluster",
                                      iconSize: L.point(size, size)});
                };
                var cluster = L.markerClusterGroup(options);
                // A click on a bubble reports the areas of its events (read by the dashboard to filter to them).
                cluster.on("clusterclick", function (e) {
                    var codes = {};
                    e.layer.getAllChildMarkers().forEach(function (mk) {
                        var c = str(mk.options.marsadArea); if (c) { codes[c] = true; } });
                    var feature = {type: "Feature", geometry: {type: "Point",
                        coordinates: [e.latlng.lng, e.latlng.lat]},
                        properties: {marsad_areas: Object.keys(codes).sort()}};
                    cluster.fire("click", {latlng: e.latlng, layer: {toGeoJSON: function () { return feature; }}});
                });
                var markers = [];
                for (var i = 0; i < P.rows.length; i++) {
                    var r = P.rows[i];
                    var marker = L.circleMarker([r[0], r[1]], {radius: 6, weight: 1, color: "#333333",
                        fillColor: P.type_colours[r[2]], fillOpacity: 0.85, marsadArea: r[12]});
                    marker.bindPopup(popup.bind(null, r), {maxWidth: 360});
                    markers.push(marker);
                }
                cluster.addLayers(markers);
                cluster.addTo({{ this._parent.get_name() }});
                return cluster;
            })();
        {% endmacro %}"""
    )

    def __init__(self, rows: list[list], *, strings: list[str], type_names: list[str], type_colours: list[str],
                 labels: dict, rtl: bool, static_base: str, name: str | None = None, **kwargs):
        # FastMarkerCluster validates each row's [lat, lon] and keeps the rows as .data.
        super().__init__(rows, name=name, chunked_loading=True, max_cluster_radius=45, **kwargs)
        self._name = "EventCluster"
        self.strings = strings
        self.type_names = type_names
        self.type_colours = type_colours
        self.labels = labels
        self.rtl = rtl
        self.default_js, self.default_css = static_links("cluster", static_base)

    def payload(self) -> str:
        return js_json({
            "rows": self.data, "strings": self.strings, "type_names": self.type_names,
            "type_colours": self.type_colours, "labels": self.labels, "dir": "rtl" if self.rtl else "ltr",
            "font_css": FONT_CSS, "cluster_colour": CLUSTER_COLOUR, "cluster_text": CLUSTER_TEXT,
        })


class EventHeat(HeatMap):
    """HeatMap of event locations; reads the rows of `source` (an EventCluster on the same map) when given,
    so the coordinates are sent once."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.heatLayer(
                {%- if this.source is not none %}
                {{ this.source.get_name() }}_payload.rows.map(function (r) { return [r[0], r[1], 1]; }),
                {%- else %}
                {{ this.points_json() }},
                {%- endif %}
                {{ this.options|tojavascript }}
            );
        {% endmacro %}
        """
    )

    def __init__(self, points: list[list[float]], *, static_base: str, source: EventCluster | None = None,
                 name: str | None = None, **kwargs):
        super().__init__([] if source is not None else points, name=name, radius=14, blur=18, min_opacity=0.3,
                         **kwargs)
        self._name = "EventHeat"
        self.source = source
        self.default_js, self.default_css = static_links("heat", static_base)

    def points_json(self) -> str:
        return js_json([[p[0], p[1], p[2] if len(p) > 2 else 1] for p in self.data])


# Inline styles (not a <style> in the page header: streamlit-folium renders the header before the map, so
# header CSS added while rendering would be lost in the dashboard).
FONT_CSS = 'font: 12.5px/1.45 "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", sans-serif;'
BOX_CSS = ("background: rgba(255,255,255,0.92); padding: 6px 9px; border-radius: 4px; max-width: 300px; "
           "box-shadow: 0 1px 4px rgba(0,0,0,0.3); " + FONT_CSS)
SWATCH_CSS = ("display: inline-block; width: 11px; height: 11px; margin: 0 5px; border: 1px solid #333; "
              "vertical-align: middle; border-radius: {radius}; background: {colour};")


class CornerBox(MacroElement):
    """A Leaflet control showing pre-escaped HTML (built with html.escape by the caller) in a map corner."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
            {{ this.get_name() }}.onAdd = function () {
                var div = L.DomUtil.create("div", "marsad-box {{ this.css_class }}");
                div.style.cssText = {{ this.css_json() }};
                div.dir = {{ this.direction|tojson }};
                div.innerHTML = {{ this.html_json() }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, escaped_html: str, *, position: str, rtl: bool, css_class: str = ""):
        super().__init__()
        self._name = "CornerBox"
        self.escaped_html = escaped_html
        self.position = position
        self.direction = "rtl" if rtl else "ltr"
        self.css_class = "".join(c for c in css_class if c.isalnum() or c in "-_ ")

    def html_json(self) -> str:
        return js_json(self.escaped_html)

    def css_json(self) -> str:
        return js_json(BOX_CSS)


class Attribution(MacroElement):
    """Adds pre-escaped HTML to the map's attribution control; the Leaflet prefix becomes plain text (no link
    out of an offline page)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.attributionControl.setPrefix("Leaflet");
            {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.html_json() }});
        {% endmacro %}
        """
    )

    def __init__(self, escaped_html: str):
        super().__init__()
        self._name = "Attribution"
        self.escaped_html = escaped_html

    def html_json(self) -> str:
        return js_json(self.escaped_html)


class PlaceLabels(MacroElement):
    """Offline place names: governorates always, districts from zoom 8 on (rows: lat, lon, name, level), as
    non-interactive text markers built with textContent."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function(){
                var rows = {{ this.rows_json() }}, map = {{ this._parent.get_name() }};
                var governorates = L.layerGroup(), districts = L.layerGroup();
                rows.forEach(function (r) {
                    var el = document.createElement("span");
                    el.className = "marsad-place marsad-place-" + r[3];
                    el.dir = "auto";
                    el.textContent = r[2];
                    el.style.cssText = "white-space:nowrap;pointer-events:none;color:#263238;" +
                        "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff;font-family:" +
                        {{ this.font_json() }} + ";" + (r[3] === 1 ? "font-size:13px;font-weight:700;" :
                        "font-size:11px;font-style:italic;");
                    var icon = L.divIcon({html: el, className: "marsad-place-icon", iconSize: null});
                    L.marker([r[0], r[1]], {icon: icon, interactive: false, keyboard: false})
                        .addTo(r[3] === 1 ? governorates : districts);
                });
                governorates.addTo(map);
                function byZoom() {
                    if (map.getZoom() >= 8) { districts.addTo(map); } else { districts.remove(); }
                }
                map.on("zoomend", byZoom);
                byZoom();
                return {governorates: governorates, districts: districts};
            })();
        {% endmacro %}
        """
    )

    def __init__(self, rows):
        super().__init__()
        self._name = "PlaceLabels"
        self.rows = [list(r) for r in rows]

    def rows_json(self) -> str:
        return js_json(self.rows)

    def font_json(self) -> str:
        return js_json('"Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", sans-serif')


class GridCells(Layer):
    """Events counted per grid cell in the store, drawn as one canvas layer of circles whose area follows the
    count (rows: lat, lon, events, fatalities); the tooltip says the counts with the translated words."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function(){
                var P = {{ this.payload() }}, layer = L.featureGroup(), renderer = L.canvas({padding: 0.3});
                var top = 1;
                P.rows.forEach(function (r) { if (r[2] > top) { top = r[2]; } });
                P.rows.forEach(function (r) {
                    var c = L.circleMarker([r[0], r[1]], {renderer: renderer, radius: 2 + 10 * Math.sqrt(r[2] / top),
                        weight: 0.8, color: "#ffffff", fillColor: P.colour, fillOpacity: 0.6, className: "marsad-cell"});
                    c.bindTooltip(function () {
                        var el = document.createElement("div"); el.dir = P.dir;
                        el.textContent = r[2].toLocaleString(P.locale) + " " + P.events + " \u00b7 " +
                            r[3].toLocaleString(P.locale) + " " + P.fatalities;
                        return el;
                    }, {sticky: true});
                    c.addTo(layer);
                });
                layer.addTo({{ this._parent.get_name() }});
                return layer;
            })();
        {% endmacro %}
        """
    )

    def __init__(self, rows, *, name: str, labels: dict, rtl: bool, **kwargs):
        super().__init__(name=name, overlay=True, control=True, show=True, **kwargs)
        self._name = "GridCells"
        self.rows = [list(r) for r in rows]
        self.labels = labels
        self.rtl = rtl

    def payload(self) -> str:
        return js_json({"rows": self.rows, "colour": CLUSTER_COLOUR, "dir": "rtl" if self.rtl else "ltr",
                        "locale": "ar" if self.rtl else "en", "events": self.labels.get("events", "events"),
                        "fatalities": self.labels.get("fatalities", "fatalities")})

"""Downloads: chart images (PNG/SVG/PDF through kaleido and the system chromium), event tables (CSV, XLSX,
GeoJSON), standalone map pages and file names. Pure functions returning bytes; no Streamlit import.
The printable report (HTML/PDF) is in dashboard/report.py and re-exported here.

One headless chromium (dashboard.kaleido_server) is started on the first image export and kept warm, with
its page, for the next ones; the figure goes to it as a dict (annotated_dict), not validated again.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re

import pandas as pd
import plotly.graph_objects as go

from dashboard.kaleido_server import ExportError  # noqa: F401  (exports.ExportError: part of the interface)
from dashboard.maps import map_html  # noqa: F401  (exports.map_html is part of this module's interface)

IMAGE_FORMATS = ("png", "svg", "pdf")


# OWASP CSV injection: a spreadsheet runs a cell as a formula when it starts with one of these, also after
# leading blanks or line breaks, and with the full-width forms some spreadsheets read as the ASCII ones.
_FORMULA = re.compile(r"^(?:[\t\r\n]|[\s\u200b-\u200d\u2060\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20])")


def _is_rtl(fig: go.Figure) -> bool:
    """A figure made for Arabic (dashboard.charts: the Arabic font first, the title on the right). The
    left-to-right font list names Arabic fonts too, as fallbacks, so it is the first font that counts."""
    from dashboard.palette import FONT_RTL

    family = fig.layout.font.family or ""
    return family == FONT_RTL or fig.layout.title.xanchor == "right"


def annotated_figure(fig: go.Figure, *, title: str, caption: str, attribution: str, height: int = 600,
                     rtl: bool | None = None, width: int = 1100) -> go.Figure:
    """A copy of `fig` for images that travel without the dashboard around them. At the top, in one block: the
    chart title, the filters (caption) and the attribution with the date of the data, each wrapped to the
    width; the plot under it; the legend in rows at the foot of the image. Every margin is computed from the
    wrapped lines and the legend's rows, so nothing overlaps at 1100x600 or at 800x450."""
    out = go.Figure(fig)
    out.update_layout(_image_layout(fig, title=title, caption=caption, attribution=attribution, height=height,
                                    rtl=rtl, width=width))
    return out


def annotated_dict(fig: go.Figure, **kwargs) -> dict:
    """annotated_figure as a plain figure dict, without copying and validating the figure again (~25 ms of
    plotly's validators for a timeline): the figure's dict with the image layout merged in as update_layout
    would. This is what the image exports send to chromium."""
    spec = fig.to_dict()
    spec["layout"] = _merged(spec.get("layout") or {}, _image_layout(fig, **kwargs))
    return spec


def _merged(base: dict, patch: dict) -> dict:
    out = dict(base)
    for key, value in patch.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _image_layout(fig: go.Figure, *, title: str, caption: str, attribution: str, height: int = 600,
                  rtl: bool | None = None, width: int = 1100) -> dict:
    """The layout changes of annotated_figure (a dict for update_layout)."""
    rtl = _is_rtl(fig) if rtl is None else rtl
    usable = max(width - 70, 200)
    caption_lines = _wrapped(caption, int(usable / 6.6))
    attribution_lines = _wrapped(attribution, int(usable / 5.5))
    title_lines = _wrapped(title, int(usable / 9.5))
    heading = "<br>".join(_plotly_text(t, rtl) for t in title_lines)
    lines = [f"<span style='font-size:12px;color:#333333'>{_plotly_text(t, rtl)}</span>" for t in caption_lines]
    lines += [f"<span style='font-size:10px;color:#555555'>{_plotly_text(t, rtl)}</span>" for t in attribution_lines]
    note = 20 if any(a.name == "undated" for a in fig.layout.annotations or ()) else 0
    top = 14 + 22 * len(title_lines) + 17 * len(caption_lines) + 14 * len(attribution_lines) + 12 + note
    legend_h = _legend_height(fig, usable)
    axis_h = 58 if fig.layout.xaxis.visible is not False else 10
    return {
        "title": {"text": heading, "x": 0.985 if rtl else 0.015, "xanchor": "right" if rtl else "left",
                  "y": 1 - 10 / height, "yanchor": "top", "yref": "container", "xref": "container",
                  "font": {"size": 16}, "subtitle": {"text": "<br>".join(lines), "font": {"size": 12}}},
        "margin": {"t": top, "b": axis_h + legend_h + 8, "l": 60, "r": 60},
        "legend": {"orientation": "h", "x": 1 if rtl else 0, "xanchor": "right" if rtl else "left",
                   "xref": "paper", "y": 6 / height, "yanchor": "bottom", "yref": "container"},
        "width": width, "height": height,
    }


def _wrapped(text: str | None, chars: int) -> list[str]:
    import textwrap

    text = " ".join(str(text or "").split())
    return textwrap.wrap(text, max(chars, 20), break_on_hyphens=False) if text else []


def _legend_height(fig: go.Figure, usable: float) -> int:
    """Pixels the horizontal legend takes: items packed in rows of the usable width (~7 px a character)."""
    if fig.layout.showlegend is False:
        return 0
    items = [t.name for t in fig.data if t.name and t.showlegend is not False]
    if not items or (len(items) < 2 and fig.layout.showlegend is not True):
        return 0
    title = fig.layout.legend.title.text if fig.layout.legend and fig.layout.legend.title else None
    rows, x = 1, (7.0 * len(title) + 10 if title else 0.0)
    for name in items:
        w = 46 + 7.0 * len(str(name))
        if x and x + w > usable:
            rows, x = rows + 1, 0.0
        x += w
    return 22 * rows + 6


def _plotly_text(text: str | None, rtl: bool = False) -> str:
    """Plotly renders a small HTML subset in titles/annotations: escape user text so it shows literally.
    An RTL line is isolated right-to-left with each Latin/number run isolated inside it (dashboard.bidi): SVG
    text is laid out left-to-right, which scrambles mixed lines such as "البيانات: ACLED" and moves a final
    full stop to the start."""
    from dashboard.bidi import rtl_line

    plain = str(text or "")
    if rtl and plain:
        plain = rtl_line(plain)
    return plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_figure(fig: go.Figure | dict, fmt: str, *, width: int, height: int) -> bytes:
    """Raw export of a figure or figure dict (no title/caption added), drawn by kaleido's chromium
    (dashboard.kaleido_server: one browser kept warm between exports)."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"format must be one of {', '.join(IMAGE_FORMATS)}, not {fmt!r}")
    from dashboard import kaleido_server

    spec = fig if isinstance(fig, dict) else fig.to_dict()
    return kaleido_server.render(spec, fmt, width=width, height=height)


def figure_bytes(fig: go.Figure, fmt: str, *, title: str, caption: str, attribution: str, width: int = 1100,
                 height: int = 600, rtl: bool | None = None) -> bytes:
    """The chart as PNG, SVG or PDF bytes with its title, filter caption and data attribution drawn in."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"format must be one of {', '.join(IMAGE_FORMATS)}, not {fmt!r}")
    spec = annotated_dict(fig, title=title, caption=caption, attribution=attribution, height=height, rtl=rtl,
                          width=width)
    return render_figure(spec, fmt, width=width, height=height)


def _cell(value: object) -> object:
    """A plain Python value for CSV/XLSX/JSON (NaN/NA -> None, numpy scalars -> int/float, dates -> ISO)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) and value.tzinfo is None else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _xlsx_cell(value: object) -> object:
    """Like _cell, but dates stay dates (Excel sorts and filters them as dates); times become naive UTC."""
    if isinstance(value, (pd.Timestamp, dt.datetime)) and not pd.isna(value):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            stamp = stamp.tz_convert("UTC").tz_localize(None)
        return stamp.date() if stamp == stamp.normalize() else stamp.to_pydatetime()
    if isinstance(value, dt.date):
        return value
    return _cell(value)


def defuse_formula(value: object) -> object:
    """The one rule of the CSV and XLSX exports (OWASP's CSV injection guidance): text starting with = + - @,
    a tab, carriage return or line feed, or with full-width ＝ ＋ － ＠, also after leading blanks and line
    breaks, gets a leading apostrophe so a spreadsheet shows it instead of running it. Numbers, dates and
    other text are returned unchanged."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def events_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (Excel then reads Arabic correctly) and CRLF line ends. Text cells that
    start like a formula get a leading apostrophe (defuse_formula); numbers stay numbers."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(defuse_formula)
    # RFC 4180 line ends: the csv writer then quotes every cell holding a \r or \n, so a bare carriage return
    # in the text can never end the row early (and start the next one with a formula).
    return out.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\r\n").encode("utf-8-sig")


def events_xlsx(df: pd.DataFrame, *, sheet_name: str = "events", rtl: bool = False,
                about: list[tuple[str, str]] | None = None, about_name: str = "About") -> bytes:
    """An .xlsx workbook (openpyxl) with one sheet of events; every text cell is stored as text (never as a
    formula) and one that starts like a formula gets a leading apostrophe, as in the CSV (defuse_formula);
    numbers and dates stay numbers and dates. The sheet reads right-to-left when rtl=True. `about`: (label,
    value) rows of a second sheet (the filters, the data's date, the sources and their licences)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = re.sub(r"[\[\]:*?/\\]", "_", sheet_name)[:31] or "events"
    ws.sheet_view.rightToLeft = rtl
    ws.append([str(c) for c in df.columns])
    for row in df.itertuples(index=False, name=None):
        ws.append([defuse_formula(_xlsx_cell(v)) for v in row])
    for row in ws.iter_rows(min_row=1):
        for cell in row:
            if cell.data_type == "f":  # openpyxl treats any str starting with "=" as a formula
                cell.data_type = "s"
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    for i, col in enumerate(df.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(10, len(str(col)) + 2))
    if about:
        info = wb.create_sheet(re.sub(r"[\[\]:*?/\\]", "_", about_name)[:31] or "About")
        info.sheet_view.rightToLeft = rtl
        for label, value in about:
            info.append([defuse_formula(str(label)), defuse_formula(str(value))])
        for row in info.iter_rows():
            for cell in row:
                cell.data_type = "s"
        info.column_dimensions["A"].width = 24
        info.column_dimensions["B"].width = 120
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def events_geojson(df: pd.DataFrame, *, attribution: list[str] | None = None) -> bytes:
    """A GeoJSON FeatureCollection of points (UTF-8); every other column is a property. Rows without both
    coordinates are skipped and counted in the top-level `skipped_without_coordinates`; `attribution` (the
    sources of these events with their licences) is kept top-level too."""
    features = []
    skipped = 0
    columns = [c for c in df.columns if c not in ("latitude", "longitude")]
    lat_col = df["latitude"].tolist() if "latitude" in df else [None] * len(df)
    lon_col = df["longitude"].tolist() if "longitude" in df else [None] * len(df)
    values = [df[c].tolist() for c in columns]
    for i, (lat, lon) in enumerate(zip(lat_col, lon_col)):
        lat, lon = _cell(lat), _cell(lon)
        if lat is None or lon is None:
            skipped += 1
            continue
        props = {c: _cell(v[i]) for c, v in zip(columns, values)}
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                         "properties": props})
    collection = {"type": "FeatureCollection", "features": features,
                  "skipped_without_coordinates": skipped}
    if attribution:
        collection["attribution"] = list(attribution)
    return json.dumps(collection, ensure_ascii=False, default=str).encode("utf-8")


def export_filename(what: str, start: object, end: object, ext: str, *, areas: list | None = None,
                    actors: list | None = None) -> str:
    """e.g. marsad_timeline_Ar-Raqqa_Islamic-State_2017-01-01_2017-12-31.png: what, the areas and actors of the
    filters (two of each named, then "+N"), the dates. Letters, digits, '-', '_', '+' and one '.' only."""
    def safe(text: object) -> str:
        return re.sub(r"[^A-Za-z0-9_-]+", "-", str(text)).strip("-_")[:40].strip("-_")

    def day(value: object) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, (dt.date, pd.Timestamp)):
            return value.strftime("%Y-%m-%d")
        return safe(value)

    def named(values: list | None) -> str:
        names = [n for n in (safe(v) for v in values or []) if n]
        if len(names) > 2:
            return "+".join(names[:2]) + f"+{len(names) - 2}"
        return "+".join(names)

    parts = ["marsad", safe(what) or "export", named(areas), named(actors), day(start), day(end)]
    extension = re.sub(r"[^a-z0-9]", "", str(ext).lower().lstrip(".")) or "bin"
    return "_".join(p for p in parts if p) + "." + extension


def report_html(**kwargs) -> bytes:
    """See dashboard.report.report_html."""
    from dashboard.report import report_html as build

    return build(**kwargs)


def report_pdf(**kwargs) -> bytes:
    """See dashboard.report.report_pdf."""
    from dashboard.report import report_pdf as build

    return build(**kwargs)

"""The printable report: one self-contained HTML page (charts as inline SVG from kaleido, no external
reference, every piece of text escaped, dir="rtl" for Arabic) and the same page printed to PDF by headless
chromium. Pure functions returning bytes; no Streamlit import.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

_CSS = """
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", sans-serif; color: #1a1a1a;
       margin: 0 auto; max-width: 1040px; padding: 16px; font-size: 13px; line-height: 1.5; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 22px 0 6px; }
h2, h1 { break-after: avoid; page-break-after: avoid; }
section.figure { break-inside: avoid; page-break-inside: avoid; }
.caption { color: #444; margin: 0 0 14px; }
.headline { display: flex; flex-wrap: wrap; gap: 10px; margin: 10px 0 6px; }
.card { border: 1px solid #ccc; border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.card .value { font-size: 21px; font-weight: bold; unicode-bidi: isolate; direction: ltr; text-align: start; }
.card .label { color: #555; }
.compared, .notes { color: #444; margin: 4px 0; font-size: 12px; }
figure { margin: 0; break-inside: avoid; } figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 10.5px; table-layout: fixed; }
th, td { border: 1px solid #ccc; padding: 3px 5px; vertical-align: top; text-align: start;
         overflow-wrap: anywhere; }
td { unicode-bidi: plaintext; }
th { background: #f2f2f2; } tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
col.c-event_date { width: 9%; } col.c-event_type, col.c-sub_event_type { width: 11%; }
col.c-actor1, col.c-actor2 { width: 10%; } col.c-admin1, col.c-location { width: 8%; }
col.c-fatalities, col.c-arrests { width: 7%; } col.c-origin { width: 7%; } col.c-notes { width: 34%; }
col.c-event_id { width: 11%; }
td.c-event_id { font-size: 9px; word-break: break-all; direction: ltr; unicode-bidi: isolate; }
footer { margin-top: 20px; color: #555; font-size: 11px; border-top: 1px solid #ccc; padding-top: 6px; }
footer li { margin: 2px 0; }
"""


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, (int,)) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    return str(value)


def _svg(fig: go.Figure, width: int = 1000, height: int = 480) -> str:
    from dashboard.exports import render_figure

    svg = render_figure(fig, "svg", width=width, height=height).decode("utf-8")
    return re.sub(r"^\s*<\?xml[^>]*>\s*", "", svg)


def _esc(value: object, rtl: bool) -> str:
    """Escaped text; in an Arabic page each Latin/number run is isolated (dashboard.bidi) so mixed text reads
    in order ("1,029 (+766 (+291%))", "85 people were killed")."""
    from dashboard.bidi import isolate_ltr_runs

    text = _text(value)
    return html.escape(isolate_ltr_runs(text) if rtl else text)


def _table(df: pd.DataFrame, rtl: bool = False, keys: list[str] | None = None) -> str:
    if df is None or df.empty:
        return ""
    keys = [re.sub(r"[^a-z0-9_]", "", str(k)) for k in (keys or [])]
    keys = keys if len(keys) == len(df.columns) else [""] * len(df.columns)
    cols = "".join(f'<col class="c-{k}">' if k else "<col>" for k in keys)
    head = "".join(f"<th>{_esc(c, rtl)}</th>" for c in df.columns)
    rows = []
    for record in df.itertuples(index=False, name=None):
        cells = []
        for col, key, value in zip(df.columns, keys, record):
            text = _text(value.item() if hasattr(value, "item") else value)
            cls = f' class="c-{key}"' if key else ""
            if str(col) == "source_url" and text.lower().startswith(("http://", "https://")):
                cells.append(f'<td{cls}><a href="{html.escape(text, quote=True)}">{html.escape(text)}</a></td>')
            else:
                cells.append(f"<td{cls} dir=\"auto\">{_esc(text, rtl)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def report_html(*, title: str, caption: str, lang: str, headline: dict, figures: list[tuple[str, go.Figure]],
                top_events: pd.DataFrame, attribution: str, top_events_heading: str | None = None,
                generated_label: str | None = None, comparison: str | None = None, notes: list[str] | None = None,
                credits: list[str] | None = None, map_figure: tuple[str, go.Figure] | None = None,
                column_keys: list[str] | None = None) -> bytes:
    """A self-contained HTML report: title, filter caption, headline figures (label -> value) with the period
    they are compared with and notes, each (heading, figure) as inline SVG, the static map of the events
    (heading, figure), the top events table (`column_keys`: the stored column of each table column, for widths)
    and the attribution with every licence (`credits`). Works offline; Arabic pages isolate Latin runs."""
    rtl = lang == "ar"
    cards = "".join(
        f'<div class="card"><div class="value">{_esc(v, rtl)}</div>'
        f'<div class="label">{_esc(k, rtl)}</div></div>' for k, v in (headline or {}).items())
    extra = f'<p class="compared">{_esc(comparison, rtl)}</p>' if comparison else ""
    extra += "".join(f'<p class="notes">{_esc(n, rtl)}</p>' for n in notes or [])
    sections = "".join(f"<section class='figure'><h2>{_esc(heading, rtl)}</h2><figure dir='ltr'>{_svg(fig)}"
                       f"</figure></section>" for heading, fig in figures or [])
    if map_figure is not None:
        sections += (f"<section class='figure'><h2>{_esc(map_figure[0], rtl)}</h2><figure dir='ltr'>"
                     f"{_svg(map_figure[1], 1000, 560)}</figure></section>")
    events_heading = top_events_heading or ("أبرز الأحداث" if rtl else "Top events")
    table = _table(top_events, rtl, column_keys)
    if table:
        sections += f"<section><h2>{_esc(events_heading, rtl)}</h2>{table}</section>"
    generated = generated_label or ("أُنشئ بواسطة مرصد في" if rtl else "Generated by Marsad on")
    today = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    licences = "".join(f"<li>{_esc(line, rtl)}</li>" for line in credits or [])
    page = (
        f'<!DOCTYPE html>\n<html lang="{"ar" if rtl else "en"}" dir="{"rtl" if rtl else "ltr"}">\n<head>\n'
        f'<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(_text(title))}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>{_esc(title, rtl)}</h1>"
        f'<p class="caption">{_esc(caption, rtl)}</p></header>\n'
        f'<div class="headline">{cards}</div>\n{extra}\n{sections}\n'
        f"<footer><div>{_esc(attribution, rtl)}</div>" + (f"<ul>{licences}</ul>" if licences else "") +
        f'<div>{html.escape(generated)} <span dir="ltr">{html.escape(today)}</span></div></footer>\n</body>\n</html>\n'
    )
    return page.encode("utf-8")


def html_to_pdf(page: bytes, *, timeout: float = 90) -> bytes:
    """Print an HTML page to PDF with headless chromium (settings.browser_path), offline."""
    from dashboard.exports import ExportError
    from etl.config import get_settings

    browser = str(get_settings().browser_path)
    with tempfile.TemporaryDirectory(prefix="marsad-report-") as tmp:
        source = Path(tmp) / "report.html"
        target = Path(tmp) / "report.pdf"
        source.write_bytes(page)
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-extensions", "--no-pdf-header-footer", f"--user-data-dir={tmp}/profile",
                   f"--print-to-pdf={target}", source.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except FileNotFoundError:
            raise ExportError(f"chromium not found at {browser!r} (setting MARSAD_BROWSER_PATH)") from None
        except subprocess.TimeoutExpired:
            raise ExportError(f"chromium did not print the report within {timeout:.0f} s") from None
        if not target.is_file() or target.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace")[-400:]
            raise ExportError(f"chromium could not print the report (exit {done.returncode}): {tail}")
        return target.read_bytes()


def report_pdf(**kwargs) -> bytes:
    """The report of `report_html(**kwargs)` printed to PDF (A4) by headless chromium."""
    return html_to_pdf(report_html(**kwargs))

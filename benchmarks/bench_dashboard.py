"""Dashboard benchmark: page queries on a 1,000,000-event store, map payload, chart export times.

Writes its figures into BENCHMARKS.md (section between the bench_dashboard markers).

    python benchmarks/bench_dashboard.py [N_EVENTS]      # default 1,000,000 generated events

The store is generated with DuckDB in a temporary folder (etl/store/sql/001_init.sql + one INSERT ... SELECT over
range(N) with hash-derived values: real ACLED types, 30 actors, real OCHA sub-districts with their centres; one
article per 20 events).
Each page's plain (uncached) query functions from dashboard/data.py run once to warm the file, then are timed
after a filter change (new dates, governorate and event types: no result can be reused).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from benchmarks_report import replace_section  # noqa: E402
from etl.schema import EVENT_TYPE_OF  # noqa: E402

ACTORS = [f"Actor {i:02d}" for i in range(24)] + [
    "Islamic State", "Syrian Democratic Forces", "Government of Syria", "Civilians", "Hayat Tahrir al-Sham",
    "Military Forces of Turkey"]
EVIDENCE = ("Local sources said fighters clashed near the village at dawn; several people were killed and "
            "others were wounded, according to activists on the ground. ")


def _sql_list(values: list) -> str:
    return "[" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + "]"


def build_store(path: Path, n: int) -> float:
    """Create a store with `n` generated events; returns seconds taken."""
    start = time.perf_counter()
    geo = json.loads((ROOT / "data/geo/syr_adm3_simplified.geojson").read_text(encoding="utf-8"))
    places = [f["properties"] for f in geo["features"]]
    subs = sorted(EVENT_TYPE_OF)
    con = duckdb.connect(str(path))
    con.execute((ROOT / "etl/store/sql/001_init.sql").read_text(encoding="utf-8"))
    con.execute(f"""
        CREATE TEMP TABLE p AS SELECT * FROM (SELECT
            unnest({_sql_list([p['adm3_pcode'] for p in places])}) AS adm3_pcode,
            unnest({_sql_list([p['adm3_name'] for p in places])}) AS adm3,
            unnest({_sql_list([p['adm2_pcode'] for p in places])}) AS adm2_pcode,
            unnest({_sql_list([p['adm2_name'] for p in places])}) AS adm2,
            unnest({_sql_list([p['adm1_pcode'] for p in places])}) AS adm1_pcode,
            unnest({_sql_list([p['adm1_name'] for p in places])}) AS adm1,
            unnest({[float(p['center_lat']) for p in places]}) AS lat,
            unnest({[float(p['center_lon']) for p in places]}) AS lon);
        CREATE TEMP TABLE pn AS SELECT row_number() OVER () - 1 AS k, * FROM p;
    """)
    n_places = len(places)
    con.execute(f"""
        INSERT INTO events
        SELECT 'ev' || lpad(i::VARCHAR, 8, '0'),
               DATE '2012-01-01' + CAST(hash(i, 1) % 4700 AS INTEGER),
               1, NULL,
               t.et, t.sub,
               a1, CASE WHEN hash(i, 5) % 5 = 0 THEN NULL ELSE a2 END, NULL, NULL, NULL, NULL,
               'Syria', pn.adm1, pn.adm2, pn.adm3, pn.adm1_pcode, pn.adm2_pcode, pn.adm3_pcode,
               pn.adm3, NULL,
               CASE WHEN hash(i, 6) % 20 = 0 THEN NULL ELSE pn.lat + (CAST(hash(i, 7) % 1000 AS INTEGER) - 500) / 20000.0 END,
               CASE WHEN hash(i, 6) % 20 = 0 THEN NULL ELSE pn.lon + (CAST(hash(i, 8) % 1000 AS INTEGER) - 500) / 20000.0 END,
               2, CAST(hash(i, 9) % 7 AS INTEGER), NULL, CAST(hash(i, 10) % 3 AS INTEGER),
               'Source ' || (hash(i, 11) % 40)::VARCHAR, 'https://example.org/a/' || i::VARCHAR,
               NULL, '{EVIDENCE}' || i::VARCHAR, NULL, NULL, 'en',
               CASE WHEN i % 20 = 0 THEN 'article' WHEN hash(i, 12) % 3 = 0 THEN 'ucdp' ELSE 'acled' END,
               CASE WHEN i % 20 = 0 THEN 'ar' || (i // 20)::VARCHAR END, 0.9, NULL, 1
        FROM (SELECT range AS i,
                     {_sql_list(subs)}[1 + CAST(hash(range, 2) % {len(subs)} AS INTEGER)] AS sub,
                     {_sql_list(ACTORS)}[1 + CAST(hash(range, 3) % {len(ACTORS)} AS INTEGER)] AS a1,
                     {_sql_list(ACTORS)}[1 + CAST(hash(range, 4) % {len(ACTORS)} AS INTEGER)] AS a2,
                     CAST(hash(range, 13) % {n_places} AS INTEGER) AS k
              FROM range({n})) g
        JOIN (SELECT unnest({_sql_list(subs)}) AS sub,
                     unnest({_sql_list([EVENT_TYPE_OF[s] for s in subs])}) AS et) t USING (sub)
        JOIN pn USING (k)
    """)
    # One article per 20 events (every 20th event is extracted from one), published on varied dates.
    con.execute(f"""
        INSERT INTO articles (article_id, url, title, published, source, language, text, n_events, run_id)
        SELECT 'ar' || k::VARCHAR, 'https://example.org/news/' || k::VARCHAR, 'Report ' || k::VARCHAR,
               DATE '2012-01-01' + CAST(hash(k, 20) % 4700 AS INTEGER), 'Source ' || (k % 40)::VARCHAR, 'en',
               repeat('{EVIDENCE}', 4) || k::VARCHAR, 1, 1
        FROM range({max(n // 20, 1)}) t(k)
    """)
    con.execute("CHECKPOINT")
    con.close()
    return time.perf_counter() - start


def _timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def page_queries(data, filters_cls, con, f) -> dict[str, list[tuple[str, object]]]:
    """Per page, the (name, call) pairs the page runs when the filter changes."""
    def call(name, *args, label=None, **kwargs):
        fn = getattr(data, name, None)
        return (label or name, None if fn is None else (lambda: fn(con, *args, **kwargs)))

    top = getattr(data, "top_actors", None)
    top_names = top(con, f, "events", 5)["actor"].tolist() if top else []
    return {
        "Overview": [call("headline_comparison", f), call("timeline", f, "month"), call("latest_events", f, 10),
                     call("map_data", f, 1000)],
        "Timeline": [call("timeline", f, "month", label="timeline(month)"),
                     call("timeline", f, "week", label="timeline(week)")],
        "Actors": [call("top_actors", f, "events", 15), call("interaction_matrix", f, 10),
                   call("actor_activity", f, top_names, "month"), call("actor_card", "Islamic State")],
        "Map": [call("map_data", f, 5000), call("area_counts", f, 2), call("headline", f)],
        "Events": [call("events_page", f, "event_date", True, 1, 50, label="events_page(1, by date)"),
                   call("events_page", f, "fatalities", True, 3, 50, label="events_page(3, by fatalities)"),
                   call("events_page", replace(f, text="Raqqa"), "event_date", True, 1, 50,
                        label="events_page(1, text 'Raqqa')"),
                   call("events_page", replace(f, text="الرقه"), "event_date", True, 1, 50,
                        label="events_page(1, text 'الرقه')"),
                   call("event_detail", "ev00000040")],
        "News": [call("articles", f, 20, 0)],
        "Data sources": [call("runs"), call("quarantine"), call("origin_counts", f), call("last_update")],
        "Sidebar (filter options, every page)": [call("filter_options")],
    }


CHANGES = (  # three filter changes in a row; each page is timed after each (median reported)
    dict(date_from=dt.date(2016, 1, 1), date_to=dt.date(2018, 12, 31), admin1=("SY11", "SY09", "SY02"),
         event_types=("Battles", "Explosions/Remote violence", "Violence against civilians")),
    dict(date_from=dt.date(2013, 6, 1), date_to=dt.date(2020, 5, 31), actors=("Islamic State",)),
    dict(date_from=dt.date(2019, 1, 1), date_to=dt.date(2019, 12, 31), admin1=("SY11",), min_fatalities=1),
)


def bench_pages(db: Path) -> list[tuple[str, float | None, str]]:
    """Per page: median seconds of all its queries over the filter changes, and per-query medians."""
    try:
        from dashboard import data
        from dashboard.filters import Filters
    except ImportError as exc:
        return [("all pages", None, f"not measured: {exc}")]
    warm = Filters(date_from=dt.date(2014, 1, 1), date_to=dt.date(2014, 12, 31))
    totals: dict[str, list[float]] = {}
    per_query: dict[str, dict[str, list[float]]] = {}
    missing: dict[str, set[str]] = {}
    with data.reader(db) as con:
        for _page, calls in page_queries(data, Filters, con, warm).items():  # warm the file cache once
            for _name, fn in calls:
                try:
                    fn and fn()
                except Exception:  # noqa: BLE001  reported by the timed pass
                    pass
        for change in CHANGES:
            for page, calls in page_queries(data, Filters, con, Filters(**change)).items():
                total = 0.0
                for name, fn in calls:
                    if fn is None:
                        missing.setdefault(page, set()).add(name)
                        continue
                    try:
                        seconds, _ = _timed(fn)
                    except Exception as exc:  # noqa: BLE001  a failing query is reported, not fatal
                        missing.setdefault(page, set()).add(f"{name} (failed: {type(exc).__name__})")
                        continue
                    total += seconds
                    per_query.setdefault(page, {}).setdefault(name, []).append(seconds)
                totals.setdefault(page, []).append(total)
    out = []
    for page, values in totals.items():
        details = "; ".join(f"{name} {statistics.median(v) * 1000:.0f} ms"
                            for name, v in per_query.get(page, {}).items())
        if page in missing:
            details += f"; not measured: {', '.join(sorted(missing[page]))}"
        has_any = bool(per_query.get(page))
        out.append((page, statistics.median(values) if has_any else None,
                    f"max {max(values):.2f} s; {details}" if has_any else details))
    return out


def bench_map(n: int = 10_000) -> tuple[int, float, int]:
    """Bytes of the map page for n events, seconds to build + render, evidence chars kept per popup."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_maps import synthetic_points  # the same generator the size test uses

    from dashboard import maps

    points = synthetic_points(n)
    import pandas as pd

    areas = pd.DataFrame({"pcode": ["SY1101", "SY1102", "SY1103"], "events": [n // 2, n // 3, n // 6]})
    start = time.perf_counter()
    m = maps.build_event_map(points, area_counts_df=areas, labels={}, notice=f"Showing {n:,} events")
    size = maps.map_payload_bytes(m)
    seconds = time.perf_counter() - start
    cluster = [c for c in m._children.values() if c.__class__.__name__ == "EventCluster"][0]
    kept = int(statistics.median(len(r[8]) for r in cluster.data))
    return size, seconds, kept


def bench_map_all(db: Path, repeats: int = 3) -> dict:
    """The map page over every event of the store (no filter): seconds of its queries (median of `repeats`
    after a warm run), bytes of the page, and whether every event is on it (grid cell counts sum to the total)."""
    from dashboard import data, maps
    from dashboard.filters import Filters
    from etl.config import get_settings

    f, limit = Filters(), get_settings().map_max_points

    def queries(con):
        return data.map_data(con, f, limit), data.area_counts(con, f, 2), data.headline(con, f)

    with data.reader(db) as con:
        queries(con)
        runs = [_timed(queries, con) for _ in range(repeats)]
    seconds = statistics.median(r[0] for r in runs)
    found, areas, headline = runs[-1][1]
    start = time.perf_counter()
    m = maps.build_event_map(found["points"], grid_df=found["cells"], area_counts_df=areas, labels={},
                             notice=f"{found['total']:,} events")
    size = maps.map_payload_bytes(m)
    build = time.perf_counter() - start
    shown = int(found["cells"]["events"].sum()) if found["aggregated"] else len(found["points"])
    return {"seconds": seconds, "bytes": size, "build": build, "total": found["total"], "shown": shown,
            "cells": 0 if found["cells"] is None else len(found["cells"]), "cell": found["cell_degrees"],
            "events": headline["events"]}


def _export_figure(lang: str = "en"):
    """The Timeline chart as an analyst exports it: three types over a year, an imprecise-dates note, a coverage
    gap, a long filter caption and the attribution built from credits (dashboard.credits); in English or Arabic."""
    import pandas as pd

    from dashboard import charts, credits
    from dashboard.i18n import translator

    t = translator(lang)
    rows = [(dt.date(2017, m, 1), ty, True, m * 3 + 1, m) for m in range(1, 13)
            for ty in ("Battles", "Explosions/Remote violence", "Strategic developments")]
    rows.append((dt.date(2017, 1, 1), "Battles", False, 7, 16533))
    coverage = pd.DataFrame({"origin": ["ucdp", "acled"], "start": [dt.date(2017, 1, 1), dt.date(2017, 9, 1)],
                             "end": [dt.date(2017, 5, 31), dt.date(2017, 12, 31)]})
    labels = {"title": t("timeline.chart_title"), "undated": t("chartnotes.undated"), "y": t("common.events"),
              "no_coverage": t("chartnotes.no_coverage"), "y2": t("common.fatalities"), "legend": t("col.event_type")}
    fig = charts.timeline_figure(pd.DataFrame(rows, columns=["period", "event_type", "dated", "events", "fatalities"]),
                                 granularity="month", labels=labels, rtl=lang == "ar", coverage=coverage,
                                 type_names={ty: t.event_type(ty) for ty in set(r[1] for r in rows)})
    found = {"origins": pd.DataFrame({"origin": ["ucdp", "acled", "article"], "events": [3, 2, 1]}),
             "publishers": ["Al Arabiya", "Enab Baladi"], "more_publishers": 0, "files": [],
             "latest_event": dt.date(2017, 12, 30), "updated": dt.datetime(2026, 12, 3)}
    caption = {"en": "Showing: Events from 1 Jan 2017 to 31 Dec 2017, actor Islamic State, in Ar-Raqqa",
               "ar": "المعروض: الأحداث من 1 كانون الثاني 2017 إلى 31 كانون الأول 2017، الفاعل تنظيم الدولة "
                     "الإسلامية (داعش)، في الرقة"}[lang]
    return fig, dict(title=t("timeline.chart_title"), caption=caption, attribution=credits.attribution_line(found, t))


def bench_exports(repeats: int = 5) -> tuple[float, dict[str, tuple[float, float]], dict[str, float]]:
    """First export (starts chromium), then per format, size and language the median and max of `repeats` warm
    exports; `parts`: where the time of one warm export goes."""
    from dashboard import exports, kaleido_server

    figures = {lang: _export_figure(lang) for lang in ("en", "ar")}
    fig, kwargs = figures["en"]
    first, _ = _timed(exports.figure_bytes, fig, "png", **kwargs)  # starts chromium and loads plotly.js
    times = {}
    for fmt in ("png", "svg", "pdf"):
        for width, height in ((1100, 600), (800, 450)):
            for lang, (fig, kwargs) in figures.items():
                runs = [_timed(exports.figure_bytes, fig, fmt, width=width, height=height, **kwargs)[0]
                        for _ in range(repeats)]
                times[f"{fmt.upper()} {width}x{height} {lang}"] = (statistics.median(runs), max(runs))
    fig, kwargs = figures["en"]
    python = statistics.median(_timed(exports.annotated_dict, fig, **kwargs)[0] for _ in range(repeats))
    validated = statistics.median(_timed(exports.annotated_figure, fig, **kwargs)[0] for _ in range(repeats))
    server = kaleido_server._running()
    reload = statistics.median(_timed(server._call, kaleido_server._reload(server.kaleido), 30)[0] for _ in range(3))
    return first, times, {"python": python, "validated": validated, "reload": reload}


def export_lines(first: float, times: dict[str, tuple[float, float]], parts: dict[str, float]) -> list[str]:
    lines = [f"| first chart export (starts chromium, loads plotly.js) | {first:.2f} s | — |"]
    lines += [f"| chart export {what}, title/filters/attribution block, legend rows, chromium warm "
              f"(median of 5; max) | {s:.2f} s; {worst:.2f} s | <= 0.3 s {'met' if s <= 0.3 else '**missed**'} |"
              for what, (s, worst) in times.items()]
    lines += [f"| of one warm export: the figure dict with the title block (`annotated_dict`) | "
              f"{parts['python'] * 1000:.0f} ms | — |",
              f"| instead: copying and validating the figure (`annotated_figure`, the path before) | "
              f"{parts['validated'] * 1000:.0f} ms | — |",
              f"| instead: kaleido's page reload after every image (plotly.js parsed again; now after a failure "
              f"and every 100th image, in the background) | {parts['reload'] * 1000:.0f} ms | — |"]
    return lines


def main_exports() -> None:
    """`bench_dashboard.py --exports`: only the chart exports, in a section of their own."""
    first, times, parts = bench_exports()
    print(f"exports: first {first:.2f} s, then {times}, parts {parts}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = ["## Chart exports (`benchmarks/bench_dashboard.py --exports`)", "",
             f"Run {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, load average {load} (2 cores shared). "
             "Each export: `exports.figure_bytes` of the Timeline chart (English and Arabic) with the title, filter "
             "and attribution block and the legend rows, drawn by the one chromium of `dashboard/kaleido_server.py` "
             "(kaleido 1.x, page kept between images).",
             "", "| export | figure | target |", "|---|---|---|", *export_lines(first, times, parts)]
    replace_section("bench_dashboard_exports", "\n".join(lines))
    print("BENCHMARKS.md updated")


LOAD = "n/a"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    global LOAD
    LOAD = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
        db = Path(tmp) / "bench.duckdb"
        build_seconds = build_store(db, n)
        print(f"store: {n:,} events in {build_seconds:.1f} s")
        pages = bench_pages(db)
        whole = bench_map_all(db)
    print(f"map of all {whole['total']:,} located events: queries {whole['seconds']:.2f} s, {whole['bytes']:,} bytes, "
          f"{whole['shown']:,} events in {whole['cells']:,} cells of {whole['cell']} deg")
    for page, seconds, note in pages:
        print(f"{page}: {'not measured' if seconds is None else f'{seconds:.3f} s'} ({note})")
    size5, map_seconds5, kept5 = bench_map(5_000)
    size, map_seconds, kept = bench_map(10_000)
    print(f"map 5,000 events: {size5:,} bytes, {map_seconds5:.2f} s, evidence ~{kept5} chars")
    print(f"map 10,000 events: {size:,} bytes, {map_seconds:.2f} s, evidence ~{kept} chars")
    first, exports_times, parts = bench_exports()
    print(f"exports: first {first:.2f} s, then {exports_times}")

    lines = [
        "## Dashboard (`benchmarks/bench_dashboard.py`)",
        "",
        f"Run {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.node() or 'this machine'} "
        f"({os.cpu_count()} cores visible; the machine has 2 cores shared with other work), Python "
        f"{platform.python_version()}, DuckDB {duckdb.__version__}.",
        "",
        f"Store: {n:,} generated events (built in {build_seconds:.1f} s). Page queries are the plain functions of "
        "`dashboard/data.py` (no Streamlit cache, one read-only connection), timed after each of three filter "
        "changes (dates + governorates + types; dates + actor; one year + governorate + min fatalities); the table "
        "gives the median total per page, its max, and per-query medians. Target: < 1 s of queries per page. "
        f"Load average when the run started: {LOAD}.",
        "",
        "| page | queries after a filter change (median) | target | details |",
        "|---|---|---|---|",
    ]
    for page, seconds, note in pages:
        verdict = "not measured" if seconds is None else f"{seconds:.2f} s"
        ok = "" if seconds is None else ("met" if seconds < 1 else "**missed**")
        lines.append(f"| {page} | {verdict} | < 1 s {ok} | {note} |")
    lines += [
        "",
        "| map / export | figure | target |",
        "|---|---|---|",
        f"| map page for 10,000 events (`map_payload_bytes`) | {size:,} bytes | < 2,000,000 "
        f"{'met' if size < 2_000_000 else '**missed**'} |",
        f"| map build + render, 10,000 events | {map_seconds:.2f} s | — |",
        f"| evidence kept per popup at 10,000 events (median chars of a 150-200 char sentence) | {kept} | — |",
        f"| map page for 5,000 events (default `map_max_points`) | {size5:,} bytes, built in {map_seconds5:.2f} s, "
        f"evidence median {kept5} chars | < 2,000,000 |",
        f"| map page over all {n:,} events, queries (`map_data` + `area_counts` + `headline`, median of 3) "
        f"| {whole['seconds']:.2f} s | < 1 s {'met' if whole['seconds'] < 1 else '**missed**'} |",
        f"| map page over all {n:,} events, bytes (grid cells from the store beyond `map_max_points`) "
        f"| {whole['bytes']:,} bytes, built in {whole['build']:.2f} s | <= 2,000,000 "
        f"{'met' if whole['bytes'] <= 2_000_000 else '**missed**'} |",
        f"| events represented on that map (sum of the cell counts / located events) "
        f"| {whole['shown']:,} / {whole['total']:,} in {whole['cells']:,} cells of {whole['cell']} deg "
        f"| all {'met' if whole['shown'] == whole['total'] else '**missed**'} |",
    ]
    lines += export_lines(first, exports_times, parts)
    replace_section("bench_dashboard", "\n".join(lines))
    print("BENCHMARKS.md updated")


if __name__ == "__main__":
    if "--exports" in sys.argv[1:]:
        main_exports()
    else:
        main()

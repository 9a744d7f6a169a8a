"""The only module that queries the store (read-only), plus a thin Streamlit cache over it.

Plain query functions take a DuckDB cursor (`with reader(path) as con:`, from dashboard.store_connection) and
return pandas objects, aggregating in SQL with bound parameters and fetching through Arrow, so tests and
benchmarks can call them directly. `CachedStore(path)` exposes the same functions through `st.cache_data`, keyed on
the arguments and the store file's version (inode, mtime): a swapped-in snapshot is a new version.
The Review page reads through the review module instead (dashboard/review_reads.py, cached the same way).
"""

from __future__ import annotations

from functools import lru_cache, partial
from pathlib import Path

import pandas as pd

from dashboard.filters import Filters
from dashboard.store_connection import StoreUnavailable, reader, store_version

GRANULARITIES = ("day", "week", "month")
SORTABLE = ("event_date", "fatalities", "arrests", "event_type", "sub_event_type", "actor1", "actor2",
            "admin1", "location", "origin")
TABLE_COLUMNS = ("event_id", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "admin1",
                 "admin2", "location", "fatalities", "arrests", "origin", "source", "notes", "admin1_pcode",
                 "admin2_pcode", "location_ar")
MAP_COLUMNS = ("event_id", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "location",
               "location_ar", "admin1_pcode", "admin2_pcode", "admin3_pcode", "latitude", "longitude",
               "fatalities", "origin", "evidence", "notes", "source", "source_url")


def _df(con, sql: str, params: dict | None = None) -> pd.DataFrame:
    return con.sql(sql, params=params or {}).to_arrow_table().to_pandas()


def _filtered(f: Filters, alias: str = "") -> tuple[str, dict]:
    where, params = f.to_sql(alias)
    return f"SELECT * FROM events WHERE {where}", params


# ---- figures and aggregates ---------------------------------------------------------------------
def date_bounds(con) -> dict:
    row = _df(con, "SELECT min(event_date) AS earliest, max(event_date) AS latest, count(*) AS n FROM events")
    rec = row.iloc[0]
    return {"earliest": rec["earliest"], "latest": rec["latest"], "events": int(rec["n"])}


def headline(con, f: Filters) -> dict:
    """events, fatalities, arrests, active actors (distinct actor1/actor2) under the filters."""
    base, params = _filtered(f)
    sql = f"""WITH ev AS ({base})
        SELECT count(*) AS events, coalesce(sum(fatalities), 0) AS fatalities,
               coalesce(sum(arrests), 0) AS arrests,
               (SELECT count(DISTINCT a) FROM (SELECT actor1 AS a FROM ev UNION ALL SELECT actor2 FROM ev)
                WHERE a IS NOT NULL) AS active_actors
        FROM ev"""
    rec = _df(con, sql, params).iloc[0]
    return {k: int(rec[k]) for k in ("events", "fatalities", "arrests", "active_actors")}


def headline_comparison(con, f: Filters) -> dict:
    """Headline for `f` (open dates resolved to the store's bounds) and for the previous period."""
    bounds = date_bounds(con)
    current_f = f.resolved(bounds["earliest"], bounds["latest"])
    # An open date range ("all dates") has no meaningful previous period.
    prev_f = current_f.previous_period() if (f.date_from or f.date_to) else None
    return {
        "current": headline(con, current_f),
        "previous": headline(con, prev_f) if prev_f else None,
        "previous_from": prev_f.date_from if prev_f else None,
        "previous_to": prev_f.date_to if prev_f else None,
    }


def timeline(con, f: Filters, granularity: str = "month") -> pd.DataFrame:
    """[period, event_type, dated, events, fatalities], one row per period, type and `dated`: False for events
    whose date is less precise than the period (time_precision above day 1 / week 2 / month 3), which a chart
    must not pile on the period's first day."""
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {GRANULARITIES}")
    base, params = _filtered(f)
    sql = f"""SELECT date_trunc($g, event_date)::DATE AS period, event_type, time_precision <= $rank AS dated,
                     count(*) AS events, coalesce(sum(fatalities), 0) AS fatalities
              FROM ({base}) GROUP BY ALL ORDER BY period, event_type, dated"""
    return _df(con, sql, {**params, "g": granularity, "rank": GRANULARITIES.index(granularity) + 1})


def _sides(base: str) -> str:
    return f"""SELECT event_date, actor1 AS actor, actor2 AS other, fatalities FROM ({base}) WHERE actor1 IS NOT NULL
        UNION ALL SELECT event_date, actor2, actor1, fatalities FROM ({base})
        WHERE actor2 IS NOT NULL AND actor2 IS DISTINCT FROM actor1"""


def top_actors(con, f: Filters, metric: str = "events", limit: int = 15) -> pd.DataFrame:
    """[actor, events, fatalities]: an event counts for its actor1 and its actor2."""
    if metric not in ("events", "fatalities"):
        raise ValueError("metric must be 'events' or 'fatalities'")
    base, params = _filtered(f)
    sql = f"""SELECT actor, count(*) AS events, coalesce(sum(fatalities), 0) AS fatalities
              FROM ({_sides(base)}) GROUP BY actor ORDER BY {metric} DESC, actor LIMIT $limit"""
    return _df(con, sql, {**params, "limit": int(limit)})


def interaction_matrix(con, f: Filters, limit: int = 10) -> pd.DataFrame:
    """[actor1, actor2, events] among the `limit` most active actors."""
    top = top_actors(con, f, "events", limit)["actor"].tolist()
    base, params = _filtered(f)
    sql = f"""SELECT actor1, actor2, count(*) AS events FROM ({base})
              WHERE list_contains($top, actor1) AND list_contains($top, actor2)
              GROUP BY ALL ORDER BY events DESC, actor1, actor2"""
    return _df(con, sql, {**params, "top": top})


def actor_activity(con, f: Filters, actors: list[str], granularity: str = "month") -> pd.DataFrame:
    """[period, actor, events] for the chosen actors."""
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {GRANULARITIES}")
    base, params = _filtered(f)
    sql = f"""SELECT date_trunc($g, event_date)::DATE AS period, actor, count(*) AS events
              FROM ({_sides(base)}) WHERE list_contains($actors, actor) GROUP BY ALL ORDER BY period, actor"""
    return _df(con, sql, {**params, "g": granularity, "actors": list(actors)})


def group_activity(con, f: Filters, by: str = "admin1", granularity: str = "month", limit: int = 6) -> dict:
    """Side by side: {"groups": the `limit` governorates (P-codes) or actors with most events, most first;
    "rows": [period, group, events] for them}."""
    if granularity not in GRANULARITIES or by not in ("admin1", "actor"):
        raise ValueError("by must be 'admin1' or 'actor' and granularity one of " + ", ".join(GRANULARITIES))
    base, params = _filtered(f)
    source = (f"SELECT event_date, admin1_pcode AS grp FROM ({base}) WHERE admin1_pcode IS NOT NULL" if by == "admin1"
              else f"SELECT event_date, actor AS grp FROM ({_sides(base)})")
    top = _df(con, f"SELECT grp, count(*) AS n FROM ({source}) GROUP BY grp ORDER BY n DESC, grp LIMIT $limit",
              {**params, "limit": int(limit)})["grp"].tolist()
    rows = _df(con, f"""SELECT date_trunc($g, event_date)::DATE AS period, grp AS "group", count(*) AS events
                       FROM ({source}) WHERE list_contains($top, grp) GROUP BY ALL ORDER BY period""",
               {**params, "g": granularity, "top": top})
    return {"groups": top, "rows": rows}


def actor_card(con, actor: str, f: Filters | None = None) -> dict | None:
    """Profile of one actor under the filters `f` (the whole store when None): first/last seen, counts,
    aliases, counterparts, places."""
    base, params = _filtered(f) if f is not None else ("SELECT * FROM events", {})
    params = {**params, "a": actor}
    stats = _df(con, f"""SELECT min(event_date) AS first_seen, max(event_date) AS last_seen, count(*) AS events,
                              coalesce(sum(fatalities), 0) AS fatalities
                       FROM ({_sides(base)}) WHERE actor = $a""", params).iloc[0]
    if not int(stats["events"]):
        return None
    roles = _df(con, f"""SELECT count(*) FILTER (WHERE actor1 = $a) AS as_actor1,
                               count(*) FILTER (WHERE actor2 = $a) AS as_actor2 FROM ({base})""", params).iloc[0]
    partners = _df(con, f"""SELECT other AS actor, count(*) AS events FROM ({_sides(base)})
                           WHERE actor = $a AND other IS NOT NULL GROUP BY other ORDER BY events DESC, other LIMIT 5""",
                   params)
    places = _df(con, f"""SELECT admin1_pcode AS pcode, any_value(admin1) AS admin1, count(*) AS events FROM ({base})
                        WHERE (actor1 = $a OR actor2 = $a) AND admin1_pcode IS NOT NULL
                        GROUP BY admin1_pcode ORDER BY events DESC, pcode LIMIT 5""", params)
    aliases = _df(con, "SELECT alias, language FROM actor_aliases WHERE actor = $a ORDER BY language, alias",
                  {"a": actor})
    return {
        "actor": actor, "first_seen": stats["first_seen"], "last_seen": stats["last_seen"],
        "events": int(stats["events"]), "fatalities": int(stats["fatalities"]),
        "as_actor1": int(roles["as_actor1"]), "as_actor2": int(roles["as_actor2"]),
        "partners": partners, "places": places, "aliases": aliases["alias"].tolist(),
    }


# ---- map ----------------------------------------------------------------------------------------
def map_points(con, f: Filters, limit: int) -> dict:
    """Newest `limit` events with coordinates, the total with coordinates, and whether it was cut."""
    base, params = _filtered(f)
    located = f"SELECT * FROM ({base}) WHERE latitude IS NOT NULL AND longitude IS NOT NULL"
    total = int(_df(con, f"SELECT count(*) AS n FROM ({located})", params).iloc[0]["n"])
    points = _df(con, f"SELECT {', '.join(MAP_COLUMNS)} FROM ({located}) ORDER BY event_date DESC, event_id LIMIT $limit",
                 {**params, "limit": int(limit)})
    return {"points": points, "total": total, "truncated": total > len(points)}


def map_data(con, f: Filters, limit: int) -> dict:
    """What the map draws: every located event as a point when there are at most `limit`, else every one
    counted in grid cells (cell size from their extent, dashboard.map_extent.grid_cell_degrees), so all are
    represented. Keys: points (or None), cells (or None), total, aggregated, cell_degrees."""
    from dashboard.map_extent import grid_cell_degrees

    base, params = _filtered(f)
    ext = _df(con, f"""SELECT count(*) AS n, min(latitude) AS s, min(longitude) AS w, max(latitude) AS n_,
                              max(longitude) AS e FROM ({base}) WHERE latitude IS NOT NULL AND longitude IS NOT NULL""",
              params).iloc[0]
    total = int(ext["n"])
    if total <= limit:
        points = map_points(con, f, limit)["points"]
        return {"points": points, "cells": None, "total": total, "aggregated": False, "cell_degrees": None}
    cell = grid_cell_degrees([[float(ext["s"]), float(ext["w"])], [float(ext["n_"]), float(ext["e"])]])
    return {"points": None, "cells": grid_counts(con, f, cell), "total": total, "aggregated": True,
            "cell_degrees": cell}


def area_counts(con, f: Filters, level: int = 2) -> pd.DataFrame:
    """[pcode, events, fatalities] per admin area of `level` (1 governorate, 2 district, 3 sub-district)."""
    if level not in (1, 2, 3):
        raise ValueError("level must be 1, 2 or 3")
    base, params = _filtered(f)
    col = f"admin{level}_pcode"
    sql = f"""SELECT {col} AS pcode, count(*) AS events, coalesce(sum(fatalities), 0) AS fatalities
              FROM ({base}) WHERE {col} IS NOT NULL GROUP BY {col} ORDER BY events DESC, pcode"""
    return _df(con, sql, params)


def grid_counts(con, f: Filters, cell_degrees: float = 0.1) -> pd.DataFrame:
    """[latitude, longitude, events, fatalities]: events binned in square cells (cell centres)."""
    base, params = _filtered(f)
    sql = f"""SELECT (floor(latitude / $c) + 0.5) * $c AS latitude, (floor(longitude / $c) + 0.5) * $c AS longitude,
                     count(*) AS events, coalesce(sum(fatalities), 0) AS fatalities
              FROM ({base}) WHERE latitude IS NOT NULL AND longitude IS NOT NULL
              GROUP BY ALL ORDER BY events DESC"""
    return _df(con, sql, {**params, "c": float(cell_degrees)})


# ---- events -------------------------------------------------------------------------------------
def events_page(con, f: Filters, sort: str = "event_date", descending: bool = True, page: int = 1,
                page_size: int = 50) -> dict:
    """One page of the filtered events table, sorted by a whitelisted column, and the total."""
    if sort not in SORTABLE:
        sort = "event_date"
    base, params = _filtered(f)
    total = int(_df(con, f"SELECT count(*) AS n FROM ({base})", params).iloc[0]["n"])
    order = "DESC" if descending else "ASC"
    rows = _df(con, f"""SELECT {', '.join(TABLE_COLUMNS)} FROM ({base})
                       ORDER BY {sort} {order} NULLS LAST, event_id LIMIT $limit OFFSET $offset""",
               {**params, "limit": int(page_size), "offset": max(0, int(page) - 1) * int(page_size)})
    return {"rows": rows, "total": total}


def latest_events(con, f: Filters, limit: int = 10) -> pd.DataFrame:
    return events_page(con, f, "event_date", True, 1, limit)["rows"]


def events_export(con, f: Filters) -> pd.DataFrame:
    """Every filtered event with every canonical column (for CSV/XLSX/GeoJSON exports)."""
    base, params = _filtered(f)
    df = _df(con, f"SELECT * EXCLUDE (run_id) FROM ({base}) ORDER BY event_date DESC, event_id", params)
    rng = [c for c in ("fatalities_low", "fatalities_high") if c in df]  # beside the best estimate, not at the end
    if rng and "fatalities" in df:
        cols = [c for c in df.columns if c not in rng]
        at = cols.index("fatalities") + 1
        df = df[cols[:at] + rng + cols[at:]]
    return df


def _missing(value) -> bool:
    """True for None/NaN/NaT (pandas turns NULL into NaN, which is truthy)."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def event_detail(con, event_id: str) -> dict | None:
    """One event, its article (if any) and every report merged into it."""
    rows = _df(con, "SELECT * FROM events WHERE event_id = $id", {"id": event_id})
    if rows.empty:
        return None
    event = {k: (None if _missing(v) else v) for k, v in rows.iloc[0].to_dict().items()}
    article = None
    if event["article_id"]:
        art = _df(con, """SELECT article_id, url, title, published, source, language, text FROM articles
                         WHERE article_id = $a""", {"a": event["article_id"]})
        article = {k: (None if _missing(v) else v) for k, v in art.iloc[0].to_dict().items()} if not art.empty else None
    sources = _df(con, """SELECT s.source, s.source_url, s.article_id, s.evidence, a.title, a.published
                         FROM event_sources s LEFT JOIN articles a USING (article_id)
                         WHERE s.event_id = $id ORDER BY s.article_id, s.evidence_start""", {"id": event_id})
    return {"event": event, "article": article, "sources": sources}


# ---- choices for the sidebar --------------------------------------------------------------------
def filter_options(con) -> dict:
    """Choices for the sidebar: actors (most active first), types, areas, origins, date bounds."""
    actors = _df(con, f"SELECT actor, count(*) AS events FROM ({_sides('SELECT * FROM events')})"
                      " GROUP BY actor ORDER BY events DESC, actor")
    admin = _df(con, """SELECT admin1_pcode, any_value(admin1) AS admin1, admin2_pcode, any_value(admin2) AS admin2,
                               count(*) AS events FROM events WHERE admin1_pcode IS NOT NULL
                        GROUP BY admin1_pcode, admin2_pcode ORDER BY admin1_pcode, admin2_pcode""")
    types = _df(con, "SELECT DISTINCT event_type, sub_event_type FROM events ORDER BY 1, 2")
    origins = _df(con, "SELECT DISTINCT origin FROM events ORDER BY 1")
    disorder = _df(con, "SELECT DISTINCT disorder_type FROM events WHERE disorder_type IS NOT NULL ORDER BY 1")
    assoc = _df(con, """SELECT a AS actor, count(*) AS events FROM (
                           SELECT unnest(string_split(assoc_actor_1, '; ')) AS a FROM events WHERE assoc_actor_1 IS NOT NULL
                           UNION ALL SELECT unnest(string_split(assoc_actor_2, '; ')) FROM events
                           WHERE assoc_actor_2 IS NOT NULL) WHERE trim(a) <> '' GROUP BY a ORDER BY events DESC, a""")
    return {
        "disorder_types": disorder["disorder_type"].tolist(),
        "assoc_actors": assoc["actor"].tolist(),
        "actors": actors["actor"].tolist(),
        "event_types": sorted(types["event_type"].unique().tolist()),
        "sub_event_types": types["sub_event_type"].tolist(),
        "admin": admin,
        "origins": origins["origin"].tolist(),
        **date_bounds(con),
    }


QUERIES = {fn.__name__: fn for fn in (
    date_bounds, headline, headline_comparison, timeline, group_activity, top_actors, interaction_matrix, actor_activity,
    actor_card, map_points, map_data, area_counts, grid_counts, events_page, latest_events, events_export, event_detail,
    filter_options,
)}


# ---- the Streamlit cache layer ------------------------------------------------------------------
def _query(name: str):
    """A query of this module, of dashboard.data_provenance (articles, runs, quarantine, origins, alerts) or of
    dashboard.data_report (credits, coverage, recorded counts); None if none has it."""
    if name in QUERIES:
        return QUERIES[name]
    from dashboard.data_provenance import QUERIES as PROVENANCE_QUERIES
    from dashboard.data_report import QUERIES as REPORT_QUERIES

    return PROVENANCE_QUERIES.get(name) or REPORT_QUERIES.get(name)


def _run_query(name: str, db_path: str, version: tuple | None, *args, **kwargs):
    with reader(db_path) as con:
        return _query(name)(con, *args, **kwargs)


@lru_cache(maxsize=None)
def _cached_query(name: str):
    import streamlit as st

    from etl.config import get_settings

    settings = get_settings()

    def run(db_path: str, version: tuple | None, *args, **kwargs):
        return _run_query(name, db_path, version, *args, **kwargs)

    run.__name__ = run.__qualname__ = f"cached_{name}"  # one cache per query
    return st.cache_data(ttl=settings.cache_ttl, max_entries=settings.cache_max_entries,
                         show_spinner=False)(run)


class CachedStore:
    """`CachedStore(path).timeline(filters, "month")`: the query, cached on args + store version."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(Path(path).resolve())
        self.version = store_version(self.path)

    @property
    def exists(self) -> bool:
        return self.version is not None

    def __getattr__(self, name: str):
        if _query(name) is None:
            raise AttributeError(name)
        return partial(_cached_query(name), self.path, self.version)

"""What the Data and News pages read about where the events come from: articles with their events, the runs
and their quarantine, counts per origin, the last update, the stored alerts. Plain query functions over a
DuckDB cursor, like dashboard.data (whose CachedStore serves them cached too)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from dashboard.data import _df, _filtered
from dashboard.filters import Filters


def articles(con, f: Filters, limit: int = 20, offset: int = 0) -> dict:
    """Articles newest first (published within the dates, matching the text); when event filters are
    set, only articles with a matching event. Each with its extracted events."""
    art_where, art_params = f.articles_sql("a")
    needs_events = replace(f, date_from=None, date_to=None, text="")
    ev_where, ev_params = needs_events.to_sql("e")
    exists = "" if needs_events.is_empty() else (
        f" AND EXISTS (SELECT 1 FROM events e WHERE e.article_id = a.article_id AND {ev_where})")
    params = {**art_params, **ev_params}
    sql = f"FROM articles a WHERE {art_where}{exists}"
    total = int(_df(con, f"SELECT count(*) AS n {sql}", params).iloc[0]["n"])
    rows = _df(con, f"""SELECT a.article_id, a.url, a.title, a.published, a.source, a.language, a.text {sql}
                       ORDER BY a.published DESC NULLS LAST, a.article_id LIMIT $limit OFFSET $offset""",
               {**params, "limit": int(limit), "offset": int(offset)})
    events = _df(con, """SELECT article_id, event_id, event_date, event_type, sub_event_type, actor1, actor2,
                                location, location_ar, admin1, fatalities, arrests, evidence
                         FROM events WHERE list_contains($ids, article_id) ORDER BY event_date, event_id""",
                 {"ids": rows["article_id"].tolist()})
    return {"rows": rows, "total": total, "events": events}


def runs(con) -> pd.DataFrame:
    return _df(con, "SELECT * FROM runs ORDER BY run_id DESC")


def quarantine(con, limit: int = 500) -> dict:
    total = int(_df(con, "SELECT count(*) AS n FROM quarantine").iloc[0]["n"])
    rows = _df(con, """SELECT run_id, input_path, record_no, reason, raw_record FROM quarantine
                      ORDER BY run_id DESC, record_no LIMIT $limit""", {"limit": int(limit)})
    return {"rows": rows, "total": total}


def origin_counts(con, f: Filters) -> pd.DataFrame:
    base, params = _filtered(f)
    return _df(con, f"""SELECT origin, count(*) AS events, coalesce(sum(fatalities), 0) AS fatalities,
                              min(event_date) AS earliest, max(event_date) AS latest
                       FROM ({base}) GROUP BY origin ORDER BY events DESC, origin""", params)


def last_update(con) -> dt.datetime | None:
    rec = _df(con, "SELECT max(coalesce(finished_at, started_at)) AS t FROM runs").iloc[0]["t"]
    return None if pd.isna(rec) else pd.Timestamp(rec).to_pydatetime()


def alerts(con, limit: int | None = None) -> pd.DataFrame:
    """The stored alerts (etl/store/alerts.py), newest data day first; none in a store from before alerts."""
    from etl.store.alerts import list_alerts

    return list_alerts(con, limit=limit)


QUERIES = {fn.__name__: fn for fn in (articles, runs, quarantine, origin_counts, last_update, alerts)}

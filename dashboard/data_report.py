"""Store queries behind honest charts and credits (registered in dashboard.data's query table, so
`CachedStore(path).credits(filters)` works like the others): which origins, publishers and hand-made files the
filtered events come from, when the data was last updated, what each origin covers in time, and the headline
counts with what each origin records. SQL with bound parameters only; read-only cursor from dashboard.data.
"""

from __future__ import annotations

import pandas as pd

from dashboard.filters import Filters

# Curated datasets by codebook (etl/store/sql/map_*.sql): the counts each origin does not record at all.
NOT_RECORDED = {
    "arrests": ("ucdp", "acled", "gtd", "gdelt"),
    "injuries": ("ucdp", "acled", "gdelt"),
    "fatalities": ("gdelt",),
}
DATASET_ORIGINS = ("ucdp", "acled", "gtd", "gdelt")


def _data():
    from dashboard import data  # imported when a query runs: dashboard.data registers this module's queries

    return data


def _last_update(con):
    from dashboard.data_provenance import last_update

    return last_update(con)


def credits(con, f: Filters) -> dict:
    """Where the filtered events come from: origins [origin, events], article publishers [source, events]
    (the 12 largest, and how many more), hand-made files (input file names of the other origins' runs), the
    latest event date and the last store update."""
    data = _data()
    base, params = data._filtered(f)
    origins = data._df(con, f"""SELECT origin, count(*) AS events FROM ({base})
                               GROUP BY origin ORDER BY events DESC, origin""", params)
    publishers = data._df(con, f"""SELECT coalesce(nullif(trim(source), ''), '') AS source, count(*) AS events
                                  FROM ({base}) WHERE origin = 'article' GROUP BY 1
                                  ORDER BY events DESC, source""", params)
    files = data._df(con, f"""SELECT DISTINCT r.input_path FROM ({base}) e JOIN runs r ON r.run_id = e.run_id
                             WHERE NOT list_contains($datasets, e.origin) AND e.origin <> 'article'
                             ORDER BY 1""", {**params, "datasets": list(DATASET_ORIGINS)})
    latest = data._df(con, f"SELECT max(event_date) AS latest FROM ({base})", params).iloc[0]["latest"]
    named = publishers[publishers["source"] != ""]
    return {
        "origins": origins,
        "publishers": named.head(12)["source"].tolist(),
        "more_publishers": max(0, len(named) - 12),
        "files": [str(p).replace("\\", "/").rsplit("/", 1)[-1] for p in files["input_path"].dropna()],
        "latest_event": None if pd.isna(latest) else pd.Timestamp(latest).date(),
        "updated": _last_update(con),
    }


def coverage(con) -> pd.DataFrame:
    """[origin, start, end]: the time each origin covers in the store. A dataset covers from its first to its
    last event; news articles cover the months in which an article was published (one row per run of months)."""
    data = _data()
    datasets = data._df(con, """SELECT origin, min(event_date) AS start, max(event_date) AS "end" FROM events
                               WHERE origin <> 'article' GROUP BY origin ORDER BY origin""")
    months = data._df(con, """SELECT DISTINCT date_trunc('month', coalesce(published, e.event_date))::DATE AS m
                             FROM events e LEFT JOIN articles a USING (article_id)
                             WHERE e.origin = 'article' ORDER BY m""")
    rows = [datasets]
    if not months.empty:
        runs, start, prev = [], None, None
        for m in pd.to_datetime(months["m"]):
            if prev is not None and m == prev + pd.offsets.MonthBegin(1):
                prev = m
                continue
            if start is not None:
                runs.append((start, prev + pd.offsets.MonthEnd(0)))
            start = prev = m
        runs.append((start, prev + pd.offsets.MonthEnd(0)))
        rows.append(pd.DataFrame({"origin": "article", "start": [a.date() for a, _ in runs],
                                  "end": [b.date() for _, b in runs]}))
    return pd.concat(rows, ignore_index=True)


def headline_recorded(con, f: Filters) -> dict:
    """For each count (fatalities, injuries, arrests): its total over the origins that record it, and the
    filtered origins that do not record it (in NOT_RECORDED by their codebook, and no value of it in the
    filtered events); None as the total when no filtered origin records it."""
    data = _data()
    base, params = data._filtered(f)
    rows = data._df(con, f"""SELECT origin, count(*) AS events, sum(fatalities) AS fatalities,
                                    sum(injuries) AS injuries, sum(arrests) AS arrests,
                                    count(fatalities) AS fatalities_known, count(injuries) AS injuries_known,
                                    count(arrests) AS arrests_known
                             FROM ({base}) GROUP BY origin""", params)
    out = {}
    for count, origins in NOT_RECORDED.items():
        # an origin whose codebook has no such count, and no value of it in these events
        silent = rows["origin"].isin(origins) & (rows[f"{count}_known"] == 0)
        recording = rows[~silent]
        missing = sorted(rows.loc[silent, "origin"].tolist())
        total = None if recording.empty else int(pd.to_numeric(recording[count]).fillna(0).sum())
        out[count] = {"total": total, "not_recorded_by": missing}
    return out


QUERIES = {fn.__name__: fn for fn in (credits, coverage, headline_recorded)}

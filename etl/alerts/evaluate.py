"""Alerts for the data days to evaluate (the method: etl/alerts/__init__.py).

`evaluate(events, days, params, previous)` takes an events table and returns one dict per alert (the columns of
the `alerts` table, etl/store/sql/006_alerts.sql). The events are first aggregated by DuckDB
(etl.store.alerts.alert_inputs: daily counts per area and actor, first sightings, each area's previous active
day), the same SQL a load runs on the store itself (`evaluate_inputs`), so a million-event store is never
copied into Python; what follows is pure numpy over those small tables.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from etl.alerts.poisson import upper_tail

EVENT_COLUMNS = ("event_date", "time_precision", "event_type", "actor1", "actor2", "admin1_pcode", "admin1",
                 "admin2_pcode", "admin2", "fatalities")
KINDS = ("surge", "first_actor", "new_type", "reactivated")
MEASURES = ("events", "fatalities")
SERIES_WEEKS = 16  # weekly counts kept with each alert for its chart: the 16 weeks ending on its day


@dataclass(frozen=True)
class AlertParams:
    """The test's settings (etl/config.py alert_*)."""

    min_events: int = 5
    min_fatalities: int = 10
    p_value: float = 0.0001
    min_ratio: float = 2.0
    baseline_days: int = 84
    cooldown_days: int = 14
    quiet_days: int = 90
    windows: tuple[int, ...] = (7, 30)

    @classmethod
    def from_settings(cls, settings) -> "AlertParams":
        return cls(**{f.name: getattr(settings, f"alert_{f.name}") for f in fields(cls) if f.name != "windows"})

    def min_count(self, measure: str) -> int:
        return self.min_events if measure == "events" else self.min_fatalities

    def history_days(self) -> int:
        """Days of data before the first day evaluated that the counts need (baseline, window, cool-down, chart)."""
        return self.baseline_days + max(self.windows) + self.cooldown_days + 7 * SERIES_WEEKS


def alert_id(kind: str, scope: str, key: str, measure: str | None, window: int | None, day: dt.date,
             detail: str | None = None) -> str:
    """Stable id: the same alert computed again (a re-evaluated day, a rebuild) has the same id."""
    text = "|".join(str(v) for v in (kind, scope, key, measure, window, day.isoformat(), detail))
    return "alert:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def evaluate(events: pd.DataFrame, days: list[dt.date], params: AlertParams | None = None,
             previous: dict[tuple, dt.date] | None = None) -> list[dict]:
    """Every alert raised on the given data days, from an events table (EVENT_COLUMNS). `previous`: the last day
    each (scope, key, measure, window) raised a surge alert before these days (for the cool-down)."""
    from etl.store.alerts import frame_alert_inputs

    params = params or AlertParams()
    days = sorted(set(days))
    if events.empty or not days:
        return []
    lo = days[0] - dt.timedelta(days=params.history_days())
    return evaluate_inputs(frame_alert_inputs(events, days, lo, days[-1], params.quiet_days), days, params, previous)


def evaluate_inputs(inputs: dict, days: list[dt.date], params: AlertParams, previous: dict | None = None) -> list[dict]:
    """Every alert raised on `days` from the aggregates of etl.store.alerts.alert_inputs (computed for these
    days, from days[0] - params.history_days())."""
    days = sorted(set(days))
    if inputs["data_start"] is None or not days:
        return []
    lo = days[0] - dt.timedelta(days=params.history_days())
    names = {r.area: (r.admin2, r.admin1_pcode, r.admin1) for r in inputs["names"].itertuples(index=False)}
    matrix = _Daily(inputs["daily"], lo, days[-1], params)
    data_start = _as_date(inputs["data_start"])
    alerts = _surges(matrix, days, data_start, params, previous or {}, names)
    alerts += _novelties(inputs, matrix, data_start, params, names)
    return sorted(alerts, key=lambda a: (a["day"], a["kind"], a["scope"], a["area_pcode"] or "", a["actor"] or "",
                                         a["measure"] or "", a["window_days"] or 0, a["event_type"] or ""))


def _as_date(value) -> dt.date:
    return pd.Timestamp(value).date()


class _Daily:
    """Daily counts of each unit (area or actor) as dense arrays over lo..hi, with cumulative sums. Units that
    cannot reach a minimum count over the whole span are left out (an area always kept: its chart)."""

    def __init__(self, daily: pd.DataFrame, lo: dt.date, hi: dt.date, params: AlertParams) -> None:
        self.lo = lo
        n_days = (hi - lo).days + 1
        if not daily.empty:
            totals = daily.groupby(["scope", "key"])[["events", "fatalities"]].transform("sum")
            daily = daily[(daily["scope"] == "area") | (totals["events"] >= params.min_events)
                          | (totals["fatalities"] >= params.min_fatalities)]
        codes, uniques = pd.factorize(pd.MultiIndex.from_arrays([daily["scope"], daily["key"]]))
        self.units = list(uniques)
        self.index = {unit: i for i, unit in enumerate(self.units)}
        offset = (pd.to_datetime(daily["day"]).values.astype("datetime64[D]") - np.datetime64(lo, "D")).astype(np.int64)
        self.series = {}
        for name in (*MEASURES, "squares"):
            counts = np.zeros((len(self.units), n_days), np.int64)
            counts[codes, offset] = daily[name].to_numpy(dtype=np.int64)
            self.series[name] = counts
        self.cumulative = {name: np.concatenate([np.zeros((len(self.units), 1), np.int64), s.cumsum(axis=1)], axis=1)
                           for name, s in self.series.items()}

    def t(self, day: dt.date) -> int:
        return (day - self.lo).days

    def weekly(self, unit: tuple, measure: str, day: dt.date) -> list[int]:
        """Weekly sums over the SERIES_WEEKS weeks ending on `day` (oldest first)."""
        i = self.index.get(unit)
        if i is None:
            return [0] * SERIES_WEEKS
        t = self.t(day)
        window = self.series[measure][i, t + 1 - 7 * SERIES_WEEKS: t + 1]
        return [int(v) for v in window.reshape(SERIES_WEEKS, 7).sum(axis=1)]


def _base_alert(kind: str, scope: str, key: str, day: dt.date, names: dict, **figures) -> dict:
    area = key if scope == "area" else None
    admin2, admin1_pcode, admin1 = names.get(area, (None, None, None)) if area else (None, None, None)
    alert = {"kind": kind, "scope": scope, "day": day, "area_pcode": area, "area": admin2,
             "admin1_pcode": admin1_pcode, "admin1": admin1, "actor": key if scope == "actor" else None,
             "event_type": None, "measure": None, "window_days": None, "observed": None, "expected": None,
             "baseline": None, "baseline_days": None, "ratio": None, "p_value": None, "last_seen": None,
             "period_start": day, "period_end": day, "series": None}
    alert.update(figures)
    detail = alert["actor"] if kind == "first_actor" else alert["event_type"]
    alert["alert_id"] = alert_id(kind, scope, key, alert["measure"], alert["window_days"], day, detail)
    return alert


def _surges(matrix: _Daily, days: list[dt.date], data_start: dt.date, params: AlertParams, previous: dict,
            names: dict) -> list[dict]:
    if not matrix.units:
        return []
    last = dict(previous)
    alerts = []
    c, b = matrix.cumulative, params.baseline_days
    for day in days:
        t = matrix.t(day)
        for window in params.windows:
            if (day - data_start).days + 1 < window + b:  # the baseline must lie within the data
                continue
            for measure in MEASURES:
                observed = c[measure][:, t + 1] - c[measure][:, t + 1 - window]
                base = c[measure][:, t + 1 - window] - c[measure][:, t + 1 - window - b]
                expected = base / b * window
                candidate = np.flatnonzero((observed >= params.min_count(measure))
                                           & (observed >= params.min_ratio * expected))
                if not len(candidate):
                    continue
                scale = _dispersion(c, candidate, t, window, b) if measure == "fatalities" else 1.0
                rate = (base[candidate] + 1) / b * window  # one pseudo-event: an empty baseline is a low rate, not 0
                tail = upper_tail(observed[candidate] / scale, rate / scale)
                for u, p in zip(candidate, tail):
                    scope, key = matrix.units[u]
                    state = (scope, key, measure, window)
                    if p > params.p_value or state in last and (day - last[state]).days <= params.cooldown_days:
                        continue
                    p = float(p)
                    last[state] = day
                    alerts.append(_base_alert(
                        "surge", scope, key, day, names, measure=measure, window_days=window,
                        observed=int(observed[u]), expected=float(expected[u]), baseline=int(base[u]),
                        baseline_days=b, p_value=p, ratio=float(observed[u] / expected[u]) if expected[u] > 0 else None,
                        period_start=day - dt.timedelta(days=window - 1), series=matrix.weekly((scope, key), measure, day)))
    return alerts


def _dispersion(c: dict, units: np.ndarray, t: int, window: int, baseline_days: int) -> np.ndarray:
    """Deaths come in clusters: a count of fatalities is compound Poisson (Poisson events, each with Y deaths),
    its variance E[Y^2]/E[Y] times its mean. The factor, from the unit's events in the baseline and the window
    together (at least 1), divides observed and expected before the Poisson test (quasi-Poisson)."""
    start = t + 1 - window - baseline_days
    deaths = c["fatalities"][units, t + 1] - c["fatalities"][units, start]
    squares = c["squares"][units, t + 1] - c["squares"][units, start]
    return np.maximum(1.0, np.divide(squares, deaths, out=np.ones(len(units)), where=deaths > 0))


def _novelties(inputs: dict, matrix: _Daily, data_start: dt.date, params: AlertParams, names: dict) -> list[dict]:
    alerts: list[dict] = []
    for r in inputs["firsts"].itertuples(index=False):
        first, area_first = _as_date(r.first), _as_date(r.area_first)
        if (first - area_first).days < params.baseline_days:  # the area's events must go back the baseline
            continue
        kind = "first_actor" if r.detail == "actor" else "new_type"
        alerts.append(_base_alert(kind, "area", r.area, first, names, observed=int(r.n), **{r.detail: r.value},
                                  series=matrix.weekly(("area", r.area), "events", first)))
    for r in inputs["area_days"].itertuples(index=False):
        day = _as_date(r.day)
        previous = None if pd.isna(r.previous) else _as_date(r.previous)
        if previous is not None and (day - previous).days <= params.quiet_days:
            continue
        if previous is None and (day - data_start).days < params.quiet_days:  # the data must cover the quiet days
            continue
        alerts.append(_base_alert("reactivated", "area", r.area, day, names, observed=int(r.n), last_seen=previous,
                                  baseline_days=params.quiet_days, series=matrix.weekly(("area", r.area), "events", day)))
    return alerts

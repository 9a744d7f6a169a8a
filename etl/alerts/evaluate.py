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
    names = {r.area: (r.admin2, r.admin1_pcode, r.admin1) for r in inputs["names"].itertuples(index=False)}
    matrix = _Daily(inputs["daily"])
    data_start = _as_date(inputs["data_start"])
    alerts = _surges(matrix, days, data_start, params, previous or {}, names)
    alerts += _novelties(inputs, matrix, data_start, params, names)
    return sorted(alerts, key=lambda a: (a["day"], a["kind"], a["scope"], a["area_pcode"] or "", a["actor"] or "",
                                         a["measure"] or "", a["window_days"] or 0, a["event_type"] or ""))


def _as_date(value) -> dt.date:
    return pd.Timestamp(value).date()


DAY_ZERO = dt.date(1, 1, 1)
_SPAN = 1 << 22  # more days than 0001-01-01 .. 9999-12-31 (3,652,059)


def _day_numbers(values) -> np.ndarray:
    """Days since 0001-01-01 of dates (a pandas column, a list or an array)."""
    dates = pd.to_datetime(pd.Series(values)).values.astype("datetime64[D]").astype(np.int64)
    return dates - np.datetime64(DAY_ZERO, "D").astype(np.int64)


class _Daily:
    """The daily counts of every unit (area or actor) as one sparse table sorted by unit and day, with running
    sums: the count of a unit over any days is the difference of two running sums found by binary search. No
    dense unit-by-day matrix, so a store with 100,000 actors or dates over a century costs what its rows cost."""

    def __init__(self, daily: pd.DataFrame) -> None:
        daily = daily.sort_values(["scope", "key", "day"], kind="stable")
        codes, uniques = pd.factorize(pd.MultiIndex.from_arrays([daily["scope"], daily["key"]]))
        self.units = list(uniques)
        self.index = {unit: i for i, unit in enumerate(self.units)}
        self.code = codes.astype(np.int64)
        self.day = _day_numbers(daily["day"]) if len(daily) else np.zeros(0, np.int64)
        self.sort_key = self.code * _SPAN + self.day  # increasing: sorted by unit, then day
        self.running = {name: np.concatenate([[0], np.cumsum(daily[name].to_numpy(dtype=np.int64))])
                        for name in (*MEASURES, "squares")}

    def total(self, measure: str, codes: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
        """Each unit's sum of `measure` over its days first..last (day numbers, inclusive)."""
        start = np.searchsorted(self.sort_key, codes * _SPAN + np.clip(first, 0, _SPAN - 1), side="left")
        stop = np.searchsorted(self.sort_key, codes * _SPAN + np.clip(last, -1, _SPAN - 1), side="right")
        return self.running[measure][stop] - self.running[measure][start]

    def weekly(self, unit: tuple, measure: str, day: dt.date) -> list[int]:
        """Weekly sums over the SERIES_WEEKS weeks ending on `day` (oldest first)."""
        i = self.index.get(unit)
        if i is None:
            return [0] * SERIES_WEEKS
        ends = (day - DAY_ZERO).days - 7 * np.arange(SERIES_WEEKS - 1, -1, -1)
        return [int(v) for v in self.total(measure, np.full(SERIES_WEEKS, i), ends - 6, ends)]


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
    """Surges on the days a unit has events (a rise needs events): every unit-day of `days` at once per window and
    measure; then, day by day, the cool-down."""
    evaluated = np.isin(matrix.day, np.array([(d - DAY_ZERO).days for d in days], np.int64))
    b, found = params.baseline_days, []
    for window in params.windows:
        rows = np.flatnonzero(evaluated & (matrix.day - window - b + 1 >= (data_start - DAY_ZERO).days))
        codes, day = matrix.code[rows], matrix.day[rows]
        for measure in MEASURES:
            observed = matrix.total(measure, codes, day - window + 1, day)
            base = matrix.total(measure, codes, day - window - b + 1, day - window)
            expected = base / b * window
            keep = np.flatnonzero((observed >= params.min_count(measure)) & (observed >= params.min_ratio * expected))
            if not len(keep):
                continue
            scale = 1.0
            if measure == "fatalities":  # deaths come in clusters: quasi-Poisson (see _dispersion)
                first, last = day[keep] - window - b + 1, day[keep]
                scale = _dispersion(matrix.total("fatalities", codes[keep], first, last),
                                    matrix.total("squares", codes[keep], first, last))
            rate = (base[keep] + 1) / b * window  # one pseudo-event: an empty baseline is a low rate, not 0
            tail = upper_tail(observed[keep] / scale, rate / scale)
            for k, p in zip(keep, tail):
                if p <= params.p_value:
                    found.append((int(day[k]), int(codes[k]), measure, window, int(observed[k]), float(expected[k]),
                                  int(base[k]), float(p)))
    last = dict(previous)
    alerts = []
    for number, code, measure, window, observed, expected, base, p in sorted(found):
        scope, key = matrix.units[code]
        day = DAY_ZERO + dt.timedelta(days=number)
        state = (scope, key, measure, window)
        if state in last and (day - last[state]).days <= params.cooldown_days:
            continue
        last[state] = day
        alerts.append(_base_alert(
            "surge", scope, key, day, names, measure=measure, window_days=window, observed=observed,
            expected=expected, baseline=base, baseline_days=b, p_value=p,
            ratio=observed / expected if expected > 0 else None, period_start=day - dt.timedelta(days=window - 1),
            series=matrix.weekly((scope, key), measure, day)))
    return alerts


def _dispersion(deaths: np.ndarray, squares: np.ndarray) -> np.ndarray:
    """Deaths come in clusters: a count of fatalities is compound Poisson (Poisson events, each with Y deaths),
    its variance E[Y^2]/E[Y] times its mean. The factor, from the unit's events in the baseline and the window
    together (at least 1), divides observed and expected before the Poisson test (quasi-Poisson)."""
    return np.maximum(1.0, np.divide(squares, deaths, out=np.ones(len(deaths)), where=deaths > 0))


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

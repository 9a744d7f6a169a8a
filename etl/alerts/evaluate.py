"""Alerts for the data days to evaluate, from an events table (pure: no store, no I/O).

`evaluate(events, days, params, previous)` returns one dict per alert (the columns of the `alerts` table,
etl/store/sql/006_alerts.sql). The method is described in etl/alerts/__init__.py.
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
EPOCH = dt.date(1970, 1, 1)
MAX_TIME_PRECISION = 2  # exact day or within a week; month- and year-dated events are left out


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


def alert_id(kind: str, scope: str, key: str, measure: str | None, window: int | None, day: dt.date,
             detail: str | None = None) -> str:
    """Stable id: the same alert computed again (a re-evaluated day, a rebuild) has the same id."""
    text = "|".join(str(v) for v in (kind, scope, key, measure, window, day.isoformat(), detail))
    return "alert:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def usable_events(events: pd.DataFrame) -> pd.DataFrame:
    """The events alerts count: dated to the day or the week; dates as day numbers (days since 1970-01-01);
    0 for no fatalities."""
    frame = events.loc[:, list(EVENT_COLUMNS)]
    frame = frame[frame["time_precision"].fillna(1) <= MAX_TIME_PRECISION].copy()
    frame["event_date"] = pd.to_datetime(frame["event_date"]).values.astype("datetime64[D]").astype(np.int64)
    frame["fatalities"] = frame["fatalities"].fillna(0).astype("int64").clip(lower=0)
    return frame


def _units(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, unit it counts for): its area (admin2 P-code) and each distinct actor."""
    areas = frame[frame["admin2_pcode"].notna()].assign(scope="area", key=lambda f: f["admin2_pcode"])
    one = frame[frame["actor1"].notna()].assign(scope="actor", key=lambda f: f["actor1"])
    two = frame[frame["actor2"].notna() & (frame["actor2"] != frame["actor1"])].assign(
        scope="actor", key=lambda f: f["actor2"])
    return pd.concat([areas, one, two], ignore_index=True)


def _weekly(counts: np.ndarray, t: int) -> list[int]:
    """Weekly sums of a daily series over the SERIES_WEEKS weeks ending at index t (oldest first)."""
    start = t + 1 - 7 * SERIES_WEEKS
    window = counts[max(start, 0): t + 1]
    window = np.concatenate([np.zeros(max(-start, 0), dtype=counts.dtype), window])
    return [int(v) for v in window.reshape(SERIES_WEEKS, 7).sum(axis=1)]


def evaluate(events: pd.DataFrame, days: list[dt.date], params: AlertParams | None = None,
             previous: dict[tuple, dt.date] | None = None) -> list[dict]:
    """Every alert raised on the given data days. `previous`: the last day each (scope, key, measure, window)
    raised a surge alert before these days (for the cool-down)."""
    params = params or AlertParams()
    frame = usable_events(events)
    days = sorted(set(days))
    if frame.empty or not days:
        return []
    data_start = frame["event_date"].min()
    span = params.baseline_days + max(params.windows)
    lo = _day_number(days[0]) - span - params.cooldown_days - 7 * SERIES_WEEKS
    hi = _day_number(days[-1])
    recent = frame[(frame["event_date"] >= lo) & (frame["event_date"] <= hi)]
    names = _area_names(frame)
    alerts = _surges(_units(recent), days, lo, hi, data_start, params, previous or {}, names)
    alerts += _novelties(frame, days, data_start, params, names, lo, hi)
    return sorted(alerts, key=lambda a: (a["day"], a["kind"], a["scope"], a["area_pcode"] or "", a["actor"] or "",
                                         a["measure"] or "", a["window_days"] or 0, a["event_type"] or ""))


def _day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def _date(number) -> dt.date:
    return EPOCH + dt.timedelta(days=int(number))


def _area_names(frame: pd.DataFrame) -> dict[str, tuple]:
    """admin2 P-code -> (admin2 name, admin1 P-code, admin1 name)."""
    located = frame[frame["admin2_pcode"].notna()]
    first = located.groupby("admin2_pcode")[["admin2", "admin1_pcode", "admin1"]].first()
    return {code: tuple(row) for code, row in zip(first.index, first.itertuples(index=False))}


def _base_alert(kind: str, scope: str, key: str, day: dt.date, names: dict, **figures) -> dict:
    area = key if scope == "area" else figures.pop("area_pcode", None)
    admin2, admin1_pcode, admin1 = names.get(area, (None, None, None)) if area else (None, None, None)
    alert = {"kind": kind, "scope": scope, "day": day, "area_pcode": area, "area": admin2,
             "admin1_pcode": admin1_pcode, "admin1": admin1, "actor": key if scope == "actor" else None,
             "event_type": None, "measure": None, "window_days": None, "observed": None, "expected": None,
             "baseline": None, "baseline_days": None, "ratio": None, "p_value": None, "last_seen": None,
             "period_start": day, "period_end": day, "series": None}
    alert.update(figures)
    detail = alert["actor"] if scope == "area" else None
    alert["alert_id"] = alert_id(kind, scope, key if scope == "area" else f"{area}|{key}" if area else key,
                                 alert["measure"], alert["window_days"], day, detail or alert["event_type"])
    return alert


def _surges(units: pd.DataFrame, days: list[dt.date], lo, hi, data_start, params: AlertParams,
            previous: dict, names: dict) -> list[dict]:
    if units.empty:
        return []
    totals = units.groupby(["scope", "key"]).agg(n=("fatalities", "size"), f=("fatalities", "sum"))
    keep = totals[(totals["n"] >= params.min_events) | (totals["f"] >= params.min_fatalities)].index
    units = units.set_index(["scope", "key"]).loc[keep].reset_index()
    if units.empty:
        return []
    codes, uniques = pd.factorize(pd.MultiIndex.from_arrays([units["scope"], units["key"]]))
    n_days = hi - lo + 1
    offset = units["event_date"].values - lo
    series = {m: np.zeros((len(uniques), n_days), np.int64) for m in (*MEASURES, "squares")}
    np.add.at(series["events"], (codes, offset), 1)
    np.add.at(series["fatalities"], (codes, offset), units["fatalities"].values)
    np.add.at(series["squares"], (codes, offset), units["fatalities"].values ** 2)
    cumulative = {m: np.concatenate([np.zeros((len(uniques), 1), np.int64), s.cumsum(axis=1)], axis=1)
                  for m, s in series.items()}
    last = {k: _day_number(v) for k, v in previous.items()}
    alerts = []
    for day in days:
        t = _day_number(day) - lo
        for window in params.windows:
            if _day_number(day) - window - params.baseline_days + 1 < data_start:
                continue
            for measure in MEASURES:
                c = cumulative[measure]
                observed = c[:, t + 1] - c[:, t + 1 - window]
                base = c[:, t + 1 - window] - c[:, t + 1 - window - params.baseline_days]
                expected = base / params.baseline_days * window
                rate = (base + 1) / params.baseline_days * window
                spread = _dispersion(cumulative, t, window, params.baseline_days) if measure == "fatalities" else 1.0
                candidate = (observed >= params.min_count(measure)) & (observed >= params.min_ratio * expected)
                for u in np.flatnonzero(candidate):
                    scope, key = uniques[u]
                    state = (scope, key, measure, window)
                    if state in last and _day_number(day) - last[state] <= params.cooldown_days:
                        continue
                    scale = spread[u] if measure == "fatalities" else 1.0
                    p = float(upper_tail(observed[u:u + 1] / scale, rate[u:u + 1] / scale)[0])
                    if p > params.p_value:
                        continue
                    last[state] = _day_number(day)
                    alerts.append(_base_alert(
                        "surge", scope, key, day, names, measure=measure, window_days=window,
                        observed=int(observed[u]), expected=float(expected[u]), baseline=int(base[u]),
                        baseline_days=params.baseline_days, p_value=p,
                        ratio=float(observed[u] / expected[u]) if expected[u] > 0 else None,
                        period_start=day - dt.timedelta(days=window - 1), series=_weekly(series[measure][u], t)))
    return alerts


def _dispersion(cumulative: dict, t: int, window: int, baseline_days: int) -> np.ndarray:
    """Deaths come in clusters: a count of fatalities is compound Poisson (Poisson events, each with Y deaths),
    its variance E[Y^2]/E[Y] times its mean. The factor, from the unit's events in the baseline and the window
    together (at least 1), divides observed and expected before the Poisson test (quasi-Poisson)."""
    start = t + 1 - window - baseline_days
    deaths = cumulative["fatalities"][:, t + 1] - cumulative["fatalities"][:, start]
    squares = cumulative["squares"][:, t + 1] - cumulative["squares"][:, start]
    return np.maximum(1.0, np.divide(squares, deaths, out=np.ones(len(deaths)), where=deaths > 0))


def _novelties(frame: pd.DataFrame, days: list[dt.date], data_start, params: AlertParams, names: dict,
               lo, hi) -> list[dict]:
    wanted = {_day_number(d) for d in days}
    located = frame[frame["admin2_pcode"].notna()]
    if located.empty:
        return []
    area_first = located.groupby("admin2_pcode")["event_date"].min()
    daily = _area_daily(located, lo, hi)
    alerts: list[dict] = []

    def seasoned(area: str, day) -> bool:  # the area's events go back at least the baseline
        return day - area_first[area] >= params.baseline_days

    actors = pd.concat([located[["admin2_pcode", "event_date", "actor1"]].rename(columns={"actor1": "actor"}),
                        located[["admin2_pcode", "event_date", "actor2"]].rename(columns={"actor2": "actor"})])
    actors = actors[actors["actor"].notna()]
    for kind, detail, table in (("first_actor", "actor", actors),
                                ("new_type", "event_type", located[["admin2_pcode", "event_date", "event_type"]])):
        firsts = table.groupby(["admin2_pcode", detail])["event_date"].agg(["min", "size"]).reset_index()
        firsts = firsts[firsts["min"].isin(wanted)]
        for area, value, first, _ in firsts.itertuples(index=False):
            if not seasoned(area, first):
                continue
            day = _date(first)
            observed = int(((table["admin2_pcode"] == area) & (table[detail] == value)
                            & (table["event_date"] == first)).sum())
            alerts.append(_base_alert(kind, "area", area, day, names, observed=observed,
                                      **{detail: value}, series=_series_at(daily, area, first, lo)))
    for area, group in located.groupby("admin2_pcode"):
        dates = np.unique(group["event_date"].values)
        gaps = np.diff(dates)
        for i, date in enumerate(dates):
            if date not in wanted:
                continue
            prev = dates[i - 1] if i else None
            if prev is None and date - data_start < params.quiet_days:
                continue
            if prev is not None and gaps[i - 1] <= params.quiet_days:
                continue
            day = _date(date)
            alerts.append(_base_alert(
                "reactivated", "area", area, day, names, observed=int((group["event_date"] == date).sum()),
                last_seen=None if prev is None else _date(prev),
                baseline_days=params.quiet_days, series=_series_at(daily, area, date, lo)))
    return alerts


def _area_daily(located: pd.DataFrame, lo, hi) -> dict[str, np.ndarray]:
    recent = located[(located["event_date"] >= lo) & (located["event_date"] <= hi)]
    n_days = hi - lo + 1
    out = {}
    for area, group in recent.groupby("admin2_pcode"):
        counts = np.zeros(n_days, np.int64)
        np.add.at(counts, group["event_date"].values - lo, 1)
        out[area] = counts
    return out


def _series_at(daily: dict, area: str, date, lo) -> list[int]:
    counts = daily.get(area)
    t = int(date) - lo
    return _weekly(counts, t) if counts is not None else [0] * SERIES_WEEKS

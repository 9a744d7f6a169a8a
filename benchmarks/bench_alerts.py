"""Alert backtest: replay the bundled UCDP GED Syria data (2016-2019) week by week as a weekly load would see
it, and report how many alerts fire per week, how many days after the start of two known battles an alert fired
for their districts, and how often a surge alert fires in quiet district-weeks.

Replay: the bundled file is loaded once into a temporary store (the real import, which also computes its alerts
at once); then for every week (Monday-Sunday) the alerts of its days are computed from the events dated up to
its Sunday only (etl.alerts.evaluate, the surge cool-down carried from week to week), as `marsad etl watch` or a
weekly import would. The replay must give the same alerts as the one-shot load (checked and reported).

Battles (start: first day of the ground offensive):
- Raqqa campaign: 6 June 2017 (SDF enter Raqqa city) to 17 October 2017; district Ar-Raqqa (SY1101).
- Baghuz: 9 February 2019 (SDF's final assault) to 23 March 2019; Baghuz lies in Abu Kamal district (SY0902),
  Deir-ez-Zor governorate; the Deir-ez-Zor district (SY0901) is reported too.
"Days after start" is the first alert (any kind) for the district from 14 days before the start (a build-up
flagged early counts, as a negative number) to the battle's end.

Quiet periods: a district-week is quiet when the district recorded at most 13 events in the 13 weeks centred on
it (at most one a week on average, 6 weeks either side); a surge alert for that district in that week is counted
a false alarm (some may be real small bursts: the figure is an upper bound).

Writes its figures into BENCHMARKS.md (section between the bench_alerts markers).

    python benchmarks/bench_alerts.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from benchmarks_report import replace_section  # noqa: E402

BATTLES = (
    ("Raqqa campaign", dt.date(2017, 6, 6), dt.date(2017, 10, 17), (("SY1101", "Ar-Raqqa"),)),
    ("Baghuz", dt.date(2019, 2, 9), dt.date(2019, 3, 23), (("SY0902", "Abu Kamal"), ("SY0901", "Deir-ez-Zor"))),
)
LEAD_DAYS = 14
QUIET_HALF_WEEKS = 6
QUIET_MAX_EVENTS = 13


def load(workdir: Path):
    """The bundled UCDP file imported into a fresh store: (events frame, the alerts the load stored, seconds)."""
    import duckdb

    from etl.alerts.evaluate import EVENT_COLUMNS
    from etl.config import get_settings
    from etl.pipeline import import_dataset
    from etl.store.alerts import events_frame, list_alerts

    db = workdir / "marsad.duckdb"
    settings = get_settings(db=str(db), progress="no")
    ucdp = sorted((ROOT / "data" / "samples").glob("ucdp_*.csv*"))[0]
    started = time.perf_counter()
    import_dataset("ucdp", ucdp, settings=settings)
    seconds = time.perf_counter() - started
    with duckdb.connect(str(db), read_only=True) as con:
        return events_frame(con, EVENT_COLUMNS), list_alerts(con), seconds, settings


def replay(events, settings) -> tuple[list[dict], list[float]]:
    """Week by week: each week's days evaluated on the events dated up to its Sunday."""
    from etl.alerts.evaluate import AlertParams, evaluate

    params = AlertParams.from_settings(settings)
    dates = events["event_date"].dt.date if hasattr(events["event_date"], "dt") else events["event_date"]
    first, last = min(dates), max(dates)
    monday = first - dt.timedelta(days=first.weekday())
    alerts: list[dict] = []
    previous: dict = {}
    timings = []
    while monday <= last:
        sunday = monday + dt.timedelta(days=6)
        week_days = sorted({d for d in dates if monday <= d <= sunday})
        if week_days:
            started = time.perf_counter()
            known = events[(dates <= sunday).values]
            found = evaluate(known, week_days, params, previous)
            timings.append(time.perf_counter() - started)
            for a in found:
                if a["kind"] == "surge":
                    key = (a["scope"], a["area_pcode"] if a["scope"] == "area" else a["actor"], a["measure"],
                           a["window_days"])
                    previous[key] = max(previous.get(key, a["day"]), a["day"])
            alerts += found
        monday += dt.timedelta(days=7)
    return alerts, timings


def week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def battle_rows(alerts: list[dict]) -> list[str]:
    rows = []
    for name, start, end, districts in BATTLES:
        for pcode, label in districts:
            hits = sorted((a for a in alerts if a["area_pcode"] == pcode
                           and start - dt.timedelta(days=LEAD_DAYS) <= a["day"] <= end), key=lambda a: a["day"])
            after = [a for a in hits if a["day"] >= start]
            first = hits[0] if hits else None
            rows.append(
                f"| {name} ({start:%d %b %Y} – {end:%d %b %Y}) | {label} ({pcode}) | "
                + (f"{(first['day'] - start).days:+d} ({first['day']}, {_what(first)})" if first else "none")
                + " | " + (f"{(after[0]['day'] - start).days} ({after[0]['day']}, {_what(after[0])})" if after else "none")
                + f" | {len(hits)} |")
    return rows


def _what(alert: dict) -> str:
    if alert["kind"] == "surge":
        return f"{alert['measure']} surge, {alert['window_days']} days: {alert['observed']} vs {alert['expected']:.1f}"
    return alert["kind"].replace("_", " ")


def quiet_rate(events, alerts: list[dict]) -> tuple[int, int, int]:
    """(quiet district-weeks, surge alerts in them, district-weeks in all)."""
    located = events[events["admin2_pcode"].notna()]
    weeks = located["event_date"].map(lambda d: week_of(d.date() if hasattr(d, "date") else d))
    counts = Counter(zip(located["admin2_pcode"], weeks))
    all_weeks = []
    first = min(weeks)
    while first <= max(weeks):
        all_weeks.append(first)
        first += dt.timedelta(days=7)
    districts = sorted(set(located["admin2_pcode"]))
    surge_weeks = Counter((a["area_pcode"], week_of(a["day"])) for a in alerts
                          if a["kind"] == "surge" and a["scope"] == "area")
    quiet = alarms = 0
    span = QUIET_HALF_WEEKS
    for pcode in districts:
        series = [counts.get((pcode, w), 0) for w in all_weeks]
        for i in range(span, len(all_weeks) - span):
            if sum(series[i - span:i + span + 1]) <= QUIET_MAX_EVENTS:
                quiet += 1
                alarms += surge_weeks.get((pcode, all_weeks[i]), 0)
    return quiet, alarms, len(districts) * max(len(all_weeks) - 2 * span, 0)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="marsad-bench-alerts-") as tmp:
        events, stored, load_s, settings = load(Path(tmp))
    started = time.perf_counter()
    alerts, timings = replay(events, settings)
    replay_s = time.perf_counter() - started
    same = sorted(a["alert_id"] for a in alerts) == sorted(stored["alert_id"])
    per_week = Counter(week_of(a["day"]) for a in alerts)
    first_week = week_of(min(events["event_date"]).date())
    last_week = week_of(max(events["event_date"]).date())
    n_weeks = (last_week - first_week).days // 7 + 1
    weekly = [per_week.get(first_week + dt.timedelta(days=7 * i), 0) for i in range(n_weeks)]
    kinds = Counter(a["kind"] for a in alerts)
    surge_kinds = Counter((a["scope"], a["measure"], a["window_days"]) for a in alerts if a["kind"] == "surge")
    quiet, alarms, district_weeks = quiet_rate(events, alerts)
    busiest = sorted(per_week.items(), key=lambda kv: -kv[1])[:3]
    p = settings
    body = f"""## Alert backtest (`benchmarks/bench_alerts.py`)

The bundled UCDP GED Syria data ({len(events):,} events, {first_week} to {last_week}, {n_weeks} weeks) replayed
week by week: each week's data days evaluated on the events dated up to its Sunday, as weekly loads would. Test:
Poisson tail p <= {p.alert_p_value:g} against the previous {p.alert_baseline_days} days, at least {p.alert_min_events}
events or {p.alert_min_fatalities} fatalities and {p.alert_min_ratio:g}× the expected count, {p.alert_cooldown_days}-day
cool-down; fatalities tested quasi-Poisson (see `etl/alerts/__init__.py`). Replay gives the same alerts as the
one-shot load: **{"yes" if same else "NO"}** ({len(alerts):,} alerts vs {len(stored):,} stored). Run
{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on a shared 2-core machine.

**Alerts per week** (all of Syria, {len(set(events['admin2_pcode'].dropna()))} districts and {len(set(events['actor1'].dropna()) | set(events['actor2'].dropna()))} actors):
mean {statistics.mean(weekly):.1f}, median {statistics.median(weekly):.0f}, 90th percentile
{sorted(weekly)[int(0.9 * (len(weekly) - 1))]}, most {max(weekly)} ({", ".join(f"week of {w}: {n}" for w, n in busiest)});
weeks without any alert: {sum(1 for n in weekly if n == 0)} of {n_weeks} (the first {(p.alert_baseline_days + 30) // 7} or so
have no baseline yet). By kind: {", ".join(f"{k.replace('_', ' ')} {n:,}" for k, n in kinds.most_common())}. Surges by
scope, measure and window: {", ".join(f"{s} {m} {w} d: {n:,}" for (s, m, w), n in sorted(surge_kinds.items()))}.

**Battles**: days from the start to the first alert for the district (from {LEAD_DAYS} days before the start; negative:
the build-up was flagged before the start) and the first on or after the start.

| battle | district | first alert from start − {LEAD_DAYS} d (days) | first alert on/after start (days) | alerts start − {LEAD_DAYS} d … end |
|---|---|---|---|---|
{chr(10).join(battle_rows(alerts))}

**False alarms on quiet periods**: {quiet:,} quiet district-weeks (at most {QUIET_MAX_EVENTS} events in the
{2 * QUIET_HALF_WEEKS + 1} weeks centred on the week) of {district_weeks:,}; surge alerts in them: {alarms}
(**{100 * alarms / max(quiet, 1):.2f} per 100 quiet district-weeks**, an upper bound: some are real small bursts).

Speed: the one-shot import with its alerts {load_s:.1f} s; the replay {replay_s:.1f} s ({len(timings)} weekly
evaluations, median {statistics.median(timings) * 1000:,.0f} ms, slowest {max(timings) * 1000:,.0f} ms)."""
    replace_section("bench_alerts", body)
    print(body)


if __name__ == "__main__":
    main()

"""Trend logic for the Timeline page: totals per period with no gaps, rolling averages, this period against the
same period a year earlier, groups (governorates, actors) side by side, and a week-by-week table an analyst can
paste into a report. Pure functions on pandas frames; no Streamlit, no store access.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

ROLLING = {"day": 7, "week": 4, "month": 3}  # window of the rolling average, in periods


def period_starts(start: dt.date | None, end: dt.date | None, granularity: str, limit: int = 2000) -> list[dt.date]:
    """First day of every day, week (Monday) or month from the one holding `start` to the one holding `end`
    (at most `limit`, the latest kept)."""
    if not (start and end) or start > end:
        return []
    if granularity == "day":
        n = (end - start).days + 1
        return [start + dt.timedelta(days=i) for i in range(max(0, n - limit), n)]
    if granularity == "week":
        first = start - dt.timedelta(days=start.weekday())
        n = (end - first).days // 7 + 1
        return [first + dt.timedelta(weeks=i) for i in range(max(0, n - limit), n)]
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return [dt.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
            for i in range(max(0, months - limit), months)]


def totals(timeline_df: pd.DataFrame, start: dt.date | None, end: dt.date | None, granularity: str) -> pd.DataFrame:
    """[period, events, fatalities] for every period from start to end (a period with no event is 0, not
    missing), from the per-type rows of dashboard.data.timeline."""
    periods = period_starts(start, end, granularity)
    if timeline_df is None or timeline_df.empty:
        summed = pd.DataFrame({"events": [], "fatalities": []}, index=pd.Index([], name="period"))
    else:
        df = timeline_df.assign(period=pd.to_datetime(timeline_df["period"]).dt.date)
        summed = df.groupby("period")[["events", "fatalities"]].sum()
    out = summed.reindex(periods, fill_value=0) if periods else summed
    out.index.name = "period"
    return out.reset_index().astype({"events": "int64", "fatalities": "int64"})


def with_rolling(df: pd.DataFrame, granularity: str, window: int | None = None) -> pd.DataFrame:
    """The totals with the rolling mean of events and fatalities over `window` periods (ROLLING by default),
    counted from the first period (shorter windows at the start, never a gap)."""
    n = window or ROLLING[granularity]
    return df.assign(events_avg=df["events"].rolling(n, min_periods=1).mean().round(1),
                     fatalities_avg=df["fatalities"].rolling(n, min_periods=1).mean().round(1))


def year_before(date_from: dt.date, date_to: dt.date) -> tuple[dt.date, dt.date]:
    """The same calendar period one year earlier (29 February becomes 28 February)."""
    def back(d: dt.date) -> dt.date:
        try:
            return d.replace(year=d.year - 1)
        except ValueError:
            return d.replace(year=d.year - 1, day=28)

    return back(date_from), back(date_to)


def change(current: int, previous: int) -> str:
    """'+12 (+30%)' / '-3 (-50%)' / '+4' when there was none before."""
    diff = int(current) - int(previous)
    return f"{diff:+,} ({diff / previous:+.0%})" if previous else f"{diff:+,}"


def side_by_side(groups_df: pd.DataFrame, start: dt.date | None, end: dt.date | None, granularity: str,
                 groups: list[str]) -> pd.DataFrame:
    """[group, period, events] for each of `groups` over every period (zeros filled), in the order given, from
    rows [period, group, events]."""
    periods = period_starts(start, end, granularity)
    frames = []
    for g in groups:
        rows = groups_df[groups_df["group"] == g] if not groups_df.empty else groups_df
        series = (rows.assign(period=pd.to_datetime(rows["period"]).dt.date).groupby("period")["events"].sum()
                  if not rows.empty else pd.Series(dtype="int64"))
        series = series.reindex(periods, fill_value=0) if periods else series
        frames.append(pd.DataFrame({"group": g, "period": list(series.index), "events": series.astype(int).values}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["group", "period", "events"])


def weekly_table(df: pd.DataFrame, headers: dict[str, str]) -> pd.DataFrame:
    """A week-by-week table from weekly totals with their rolling average: week start, week end, events, the
    change on the week before, fatalities, the 4-week averages; column names from `headers` (UI language)."""
    out = pd.DataFrame({
        "week_start": [d.isoformat() for d in df["period"]],
        "week_end": [(d + dt.timedelta(days=6)).isoformat() for d in df["period"]],
        "events": df["events"].astype(int),
        "change": df["events"].diff().fillna(0).astype(int),
        "fatalities": df["fatalities"].astype(int),
        "events_avg": df["events_avg"],
        "fatalities_avg": df["fatalities_avg"],
    })
    return out.rename(columns=headers)


def as_tsv(table: pd.DataFrame) -> str:
    """Tab-separated text (headers first): pastes into a spreadsheet or a word processor table as cells."""
    return table.to_csv(sep="\t", index=False, lineterminator="\n")

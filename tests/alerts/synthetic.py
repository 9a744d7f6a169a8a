"""Constructed event histories for the alert tests: seeded Poisson noise, surges, newcomers."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

START = dt.date(2020, 1, 1)
RAQQA = ("SY1101", "Ar-Raqqa", "SY11", "Ar-Raqqa", 35.9528, 39.0079)
DEIR = ("SY0901", "Deir-ez-Zor", "SY09", "Deir-ez-Zor", 35.3359, 40.1408)
SUB_TYPES = {"Battles": "Armed clash", "Explosions/Remote violence": "Air/drone strike",
             "Strategic developments": "Arrests"}


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def noise(seed: int, days: int, rate: float, area=RAQQA, actor1: str = "Islamic State",
          actor2: str = "Syrian Democratic Forces", fatality_rate: float = 0.5) -> list[dict]:
    """Ordinary weekly noise: Poisson(rate) clashes a day, each with Poisson(fatality_rate) deaths."""
    rng = np.random.default_rng(seed)
    rows = []
    for n in range(days):
        for _ in range(rng.poisson(rate)):
            rows.append(event(n, area, actor1, actor2, fatalities=int(rng.poisson(fatality_rate))))
    return rows


def event(n: int, area=RAQQA, actor1: str | None = "Islamic State", actor2: str | None = "Syrian Democratic Forces",
          event_type: str = "Battles", fatalities: int = 0) -> dict:
    pcode, admin2, admin1_pcode, admin1, lat, lon = area
    return {"event_date": day(n), "time_precision": 1, "event_type": event_type, "actor1": actor1,
            "actor2": actor2, "admin1_pcode": admin1_pcode, "admin1": admin1, "admin2_pcode": pcode,
            "admin2": admin2, "fatalities": fatalities, "latitude": lat, "longitude": lon}


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows)


def all_days(rows: list[dict]) -> list[dt.date]:
    return sorted({r["event_date"] for r in rows})


def write_csv(rows: list[dict], path: Path, prefix: str = "test") -> Path:
    """The events as a canonical-events CSV (`marsad etl import csv`): the loader places them in their areas."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["event_id", "event_date", "sub_event_type", "actor1", "actor2", "latitude", "longitude",
                         "fatalities"])
        for i, r in enumerate(rows):
            writer.writerow([f"{prefix}:{i}-{r['event_date']}", r["event_date"].isoformat(), SUB_TYPES[r["event_type"]],
                             r["actor1"] or "", r["actor2"] or "", r["latitude"], r["longitude"], r["fatalities"]])
    return path

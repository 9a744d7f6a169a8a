"""English wire-style reports: does each credible FA-KES article get at least one event in the governorate
the dataset's annotators gave it? (issue target: >= 90% of articles.)

FA-KES (Salem, Al Feel, Elbassuoni, Jaber, Farah: "FA-KES: A Fake News Dataset around the Syrian War",
ICWSM 2019; Zenodo 10.5281/zenodo.2607278) is not bundled: its licence for redistribution is not stated in the
copies we found. Put `FA-KES-Dataset.csv` (columns unit_id, article_title, article_content, source, date,
location, labels) at `../shared/data/fa-kes/` or point `MARSAD_FAKES_CSV` at it; without it the measure is
reported as not taken. Only the articles labelled credible (labels = 1) count: a fabricated report may well
name the wrong place.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.90
# the dataset's location labels -> the OCHA governorates an event there may carry ("damascus" labels
# stories from the capital and from its countryside, Eastern Ghouta included)
GOVERNORATES = {
    "aleppo": {"Aleppo"}, "damascus": {"Damascus", "Rural Damascus"}, "idlib": {"Idleb"}, "raqqa": {"Ar-Raqqa"},
    "deir ezzor": {"Deir-ez-Zor"}, "homs": {"Homs"}, "hasakeh": {"Al-Hasakeh"}, "hama": {"Hama"},
    "daraa": {"Dar'a"}, "lattakia": {"Lattakia"}, "quneitra": {"Quneitra"}, "tartous": {"Tartous"},
}


def fakes_csv() -> Path | None:
    path = Path(os.environ.get("MARSAD_FAKES_CSV") or ROOT.parent / "shared" / "data" / "fa-kes" / "FA-KES-Dataset.csv")
    return path if path.is_file() else None


def measure(knowledge, path: Path) -> dict:
    """Counts over the credible articles: hits (an event in the labelled governorate), hits counting the
    capital alone for "damascus", articles without any event, total."""
    from etl.extract import extract_events
    from etl.sources.articles import make_article

    hits = strict_hits = empty = total = 0
    with path.open(encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.DictReader(f):
            if row.get("labels") != "1" or row.get("location") not in GOVERNORATES:
                continue
            published = dt.datetime.strptime(row["date"], "%m/%d/%Y").date()
            article = make_article(text=row["article_content"], title=row["article_title"], published=published,
                                   source=row["source"], language="en")
            found = {e.get("admin1") for e in extract_events(article, knowledge)}
            total += 1
            empty += not found
            hits += bool(found & GOVERNORATES[row["location"]])
            strict_hits += bool(found & ({"Damascus"} if row["location"] == "damascus" else GOVERNORATES[row["location"]]))
    return {"hits": hits, "strict_hits": strict_hits, "empty": empty, "total": total}


def section(knowledge) -> str:
    path = fakes_csv()
    if path is None:
        return ("\n### English wire reports (FA-KES)\n\nFA-KES-Dataset.csv is not on this machine (see "
                "benchmarks/english_wire.py for where to put it): not measured.\n")
    r = measure(knowledge, path)
    share, strict = r["hits"] / r["total"], r["strict_hits"] / r["total"]
    met = "met" if share >= TARGET else "NOT met"
    return f"""
### English wire reports (FA-KES)

{r['total']} English articles labelled credible in FA-KES (15 outlets: Al-Ahram, Al-Manar, SANA, Reuters, TRT and others, 2011-2018;
not bundled, read from `{path.name}`): **{share:.1%}** get at least one event in the governorate the dataset gives
(target >= {TARGET:.0%}: {met}); counting only the capital for the label "damascus" (not its countryside):
{strict:.1%}. {r['empty']} articles gave no event at all.
"""

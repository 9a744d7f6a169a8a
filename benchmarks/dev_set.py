"""Extraction measured on real news: the development set in ../shared/dev (real Arabic news excerpts with
analyst-annotated gold events and the scorer, kept outside the repository; see its README).

`dev_dir()` finds it (MARSAD_DEV_DIR, else ../shared/dev beside the repository); `predict()` runs
`extract_events` over its articles; `evaluate(predictions)` scores them with the set's own scorer and
adds per-field accuracy, the sub-type confusion table and the reliability table of the confidence.
Used by benchmarks/bench_extract.py and tests/extract/test_dev_set.py. Nothing here copies the texts.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIDENCE_BINS = ((0.8, 1.01, ">= 0.8"), (0.5, 0.8, "0.5 - 0.8"), (0.0, 0.5, "< 0.5"))
# the scorer's own view of a prediction: the canonical fields plus the caller's id
_KEEP = ("article_ref", "event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
         "actor2", "assoc_actor_1", "location", "location_ar", "admin1", "admin2", "admin3", "latitude", "longitude",
         "fatalities", "injuries", "arrests", "confidence", "date_estimated")


def dev_dir() -> Path | None:
    """The development set's folder, or None where it is not on this machine."""
    folder = Path(os.environ.get("MARSAD_DEV_DIR") or ROOT.parent / "shared" / "dev")
    return folder if (folder / "score.py").is_file() and (folder / "ar" / "articles.jsonl").is_file() else None


def load_scorer(folder: Path):
    spec = importlib.util.spec_from_file_location("marsad_dev_score", folder / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(folder: Path, knowledge, today: dt.date | None = None, background: bool = False) -> list[dict]:
    """Every event extracted from the set's articles (each article's own events, as `marsad extract`
    with its default settings; `background=True` as with MARSAD_KEEP_BACKGROUND_EVENTS)."""
    from etl.extract import extract_events
    from etl.sources.articles import read_articles

    out = []
    for article in read_articles(folder / "ar" / "articles.jsonl"):
        if hasattr(article, "article_id"):
            for event in extract_events(article, knowledge, today=today, background=background):
                out.append({k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in event.items() if k in _KEEP})
    return out


def _gold(folder: Path, scorer) -> dict[str, dict]:
    return {scorer.item_id(g.get("item") or f): g for f in sorted((folder / "ar" / "gold").glob("*.json"))
            for g in [json.loads(f.read_text(encoding="utf-8"))]}


def evaluate(folder: Path, predictions: list[dict]) -> dict:
    """The scorer's strict and loose P/R/F1 and component accuracies, plus place accuracy, the sub-type
    confusion (gold -> predicted, over pairs matched on type and place or on place alone) and the
    reliability of `confidence` (how often events in each band match a gold event, strictly)."""
    scorer = load_scorer(folder)
    with tempfile.TemporaryDirectory() as tmp:  # the scorer reads predictions from a JSON Lines file
        path = Path(tmp) / "predictions.jsonl"
        path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions), encoding="utf-8")
        scores = scorer.score(str(folder / "ar" / "gold"), str(path), articles=str(folder / "ar" / "articles.jsonl"))
    gold = _gold(folder, scorer)
    by_article: dict[str, list[dict]] = {}
    for p in predictions:
        by_article.setdefault(scorer.item_id(p.get("article_ref") or ""), []).append(p)
    confusion: Counter = Counter()
    place_hits = place_total = 0
    bands = {label: [0, 0] for _, _, label in CONFIDENCE_BINS}
    for aid, g in gold.items():
        preds = by_article.get(aid, [])
        for ge in g["events"]:
            same_place = [p for p in preds if scorer.place_ok(ge, p)]
            if same_place:
                best = next((p for p in same_place if p["event_type"] == ge["event_type"]), same_place[0])
                confusion[(ge["sub_event_type"], best["sub_event_type"])] += 1
            if ge.get("must"):
                same_type = [p for p in preds if p["event_type"] == ge["event_type"]]
                if same_type:
                    place_total += 1
                    place_hits += any(scorer.place_ok(ge, p) for p in same_type)
        for p in preds:
            hit = any(scorer.match(ge, p, True) for ge in g["events"])
            label = next(lbl for lo, hi, lbl in CONFIDENCE_BINS if lo <= (p.get("confidence") or 0) < hi)
            bands[label][0] += hit
            bands[label][1] += 1
    return {"scores": scores, "confusion": confusion, "place": (place_hits, place_total), "reliability": bands,
            "articles": len(gold), "predictions": len(predictions)}

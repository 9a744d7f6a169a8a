"""Golden cases for etl.extract: short Arabic and English news texts and the FULL events an analyst
codes from them (tests/golden/extract_cases.json). One test per case.

Each expected event gives sub_event_type, event_date, time_precision, actor1, actor2, admin1 (and
location where it matters), fatalities / injuries / arrests (null = not reported), a phrase its
evidence must contain and, for background events, an upper bound on confidence. A case with no
events (denials, threats, statements) must yield none.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from etl.extract import extract_events, load_knowledge
from etl.schema import EVENT_COLUMNS, EVENT_TYPE_OF
from etl.sources.articles import Article

ROOT = Path(__file__).resolve().parents[2]
CASES = json.loads((ROOT / "tests/golden/extract_cases.json").read_text(encoding="utf-8"))
FIELDS = ("sub_event_type", "event_date", "time_precision", "actor1", "actor2", "admin1",
          "fatalities", "injuries", "arrests")


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge(ROOT / "data/knowledge")


def _article(case: dict) -> Article:
    return Article(article_id=f"golden:{case['id']}", url=f"https://example.org/{case['id']}", title=None,
                   published=dt.date.fromisoformat(case["published"]), source="Golden", language=case["language"],
                   text=case["text"], input_path=None)


def _row(event: dict) -> dict:
    row = {k: event.get(k) for k in FIELDS}
    row["event_date"] = row["event_date"].isoformat() if row["event_date"] else None
    return row


def test_the_golden_set_is_big_and_balanced():
    assert len(CASES) >= 60
    languages = [c["language"] for c in CASES]
    assert abs(languages.count("ar") - languages.count("en")) <= len(CASES) // 5
    covered = {e["sub_event_type"] for c in CASES for e in c["events"]}
    assert len(covered) >= 22
    assert sum(1 for c in CASES if not c["events"]) >= 5  # negatives
    assert sum(1 for c in CASES if len(c["events"]) >= 3) >= 2  # round-ups


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_case(case, knowledge):
    article = _article(case)
    # background mentions are kept (MARSAD_KEEP_BACKGROUND_EVENTS) so the cases can check their confidence
    events = extract_events(article, knowledge, background=True)
    got = sorted(events, key=lambda e: e["evidence_start"])
    expected = case["events"]
    summary = [(_row(e), e["evidence"][:50]) for e in got]
    assert len(got) == len(expected), f"{case['covers']}: expected {len(expected)} events, got {summary}"
    remaining = list(got)
    for want in expected:
        match = next((e for e in remaining if e["sub_event_type"] == want["sub_event_type"]
                      and want["evidence"] in e["evidence"]), None)
        assert match is not None, f"no {want['sub_event_type']} event with {want['evidence']!r}: {summary}"
        remaining.remove(match)
        assert _row(match) == {k: want[k] for k in FIELDS}, f"{case['covers']}: {match['notes']}"
        assert match["event_type"] == EVENT_TYPE_OF[want["sub_event_type"]]
        if "location" in want:
            assert match["location"] == want["location"]
        if "confidence_below" in want:
            assert match["confidence"] < want["confidence_below"]
        else:
            assert match["confidence"] >= 0.5
        assert set(EVENT_COLUMNS) <= set(match)
        assert match["evidence"] == article.text[match["evidence_start"]:match["evidence_end"]]
        assert match["language"] == case["language"] and match["origin"] == "article"
        assert match["source"] == "Golden" and match["source_url"] == article.url
        assert match["notes"]

"""The bundled example article (docs/spec/raqqa-coalition-2023-02-18.expected.md) yields events 1-4."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from etl.extract import extract_events, load_knowledge
from etl.schema import EVENT_COLUMNS, EVENT_TYPE_OF
from etl.sources.articles import Article, read_articles

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "data/samples/articles/raqqa-coalition-2023-02-18.ar.txt"
SDF = "SDF: Syrian Democratic Forces"
IS = "Islamic State"


@pytest.fixture(scope="module")
def article() -> Article:
    items = list(read_articles(ARTICLE))
    assert len(items) == 1 and isinstance(items[0], Article)
    return items[0]


@pytest.fixture(scope="module")
def events(article) -> list[dict]:
    return extract_events(article, load_knowledge(ROOT / "data/knowledge"))


def _one(events, sub_event_type, phrase):
    found = [e for e in events if e["sub_event_type"] == sub_event_type and phrase in e["evidence"]]
    assert found, f"no {sub_event_type} event with {phrase!r} in its evidence: " + \
        "; ".join(f"{e['sub_event_type']}: {e['evidence'][:60]}" for e in events)
    return found[0]


def _in_raqqa(event):
    assert event["admin1"] == "Ar-Raqqa" and event["admin1_pcode"] == "SY11"
    assert event["location"] == "Ar-Raqqa" and event["country"] == "Syria"
    assert event["latitude"] == pytest.approx(35.95, abs=0.05) and event["longitude"] == pytest.approx(39.01, abs=0.05)


def _evidence_points_into_text(event, article):
    assert event["evidence"] == article.text[event["evidence_start"]:event["evidence_end"]]


def _between(event, lo, hi):
    assert dt.date.fromisoformat(lo) <= event["event_date"] <= dt.date.fromisoformat(hi), event["event_date"]


def test_every_event_is_a_valid_canonical_record_with_its_source(events, article):
    assert events
    for event in events:
        assert set(EVENT_COLUMNS) <= set(event)
        assert EVENT_TYPE_OF[event["sub_event_type"]] == event["event_type"]
        assert isinstance(event["event_date"], dt.date) and event["event_date"] <= article.published
        assert event["time_precision"] in (1, 2, 3, 4) and event["geo_precision"] in (1, 2, 3)
        assert event["event_id"].startswith("art:") and event["origin"] == "article"
        assert event["article_id"] == article.article_id and event["language"] == "ar"
        assert event["source"] == article.source
        assert 0 < event["confidence"] <= 1
        _evidence_points_into_text(event, article)
        assert event["merged_sources"] and event["merged_sources"][0]["article_id"] == article.article_id
    assert len({e["event_id"] for e in events}) == len(events)


def test_event_1_sdf_detained_210_islamic_state_members_in_raqqa(events, article):
    event = _one(events, "Arrests", "اعتقلت 210")
    assert event["event_type"] == "Strategic developments"
    _between(event, "2023-02-04", "2023-02-18")
    assert event["time_precision"] >= 2  # a multi-day operation reported on Saturday
    assert (event["actor1"], event["actor2"]) == (SDF, IS)
    assert event["arrests"] == 210 and event["fatalities"] is None
    _in_raqqa(event)
    _evidence_points_into_text(event, article)
    assert "210" in event["notes"] and "SDF" in event["notes"]


def test_event_2_sdf_imposed_a_curfew_in_raqqa(events, article):
    event = _one(events, "Change to group/activity", "حظر تجوال")
    assert event["event_type"] == "Strategic developments"
    _between(event, "2022-12-25", "2023-02-18")
    assert event["actor1"] == SDF
    _in_raqqa(event)
    _evidence_points_into_text(event, article)


def test_event_3_islamic_state_attack_killed_six_on_25_december(events, article):
    event = _one(events, "Armed clash", "25 كانون الأول")
    assert event["event_type"] == "Battles"
    assert event["event_date"] == dt.date(2022, 12, 25) and event["time_precision"] == 1
    assert event["actor1"] == IS
    assert event["actor2"] in (SDF, "Asayish")
    assert event["fatalities"] == 6
    _in_raqqa(event)
    _evidence_points_into_text(event, article)
    assert event["confidence"] >= 0.5


def test_event_4_sdf_launched_a_security_campaign_against_islamic_state(events, article):
    event = _one(events, "Change to group/activity", "حملة")
    assert event["event_type"] == "Strategic developments"
    _between(event, "2022-12-25", "2023-02-18")
    assert (event["actor1"], event["actor2"]) == (SDF, IS)
    _in_raqqa(event)
    _evidence_points_into_text(event, article)


def test_the_2017_capture_of_raqqa_is_not_reported_as_news(events):
    assert not [e for e in events if e["event_date"].year == 2017]


def test_kept_on_request_the_2017_capture_is_a_low_confidence_background_event(article):
    events = extract_events(article, load_knowledge(ROOT / "data/knowledge"), background=True)
    background = [e for e in events if e["event_date"].year == 2017]
    assert background
    assert all(e["confidence"] < 0.5 for e in background)
    capture = [e for e in background if e["sub_event_type"] == "Non-state actor overtakes territory"]
    assert capture and capture[0]["actor1"] == SDF and capture[0]["actor2"] == IS


def test_statements_of_support_are_not_events(events):
    for event in events:
        assert "بلينكن" not in event["evidence"]  # Blinken's warning about a Turkish incursion
        assert "غرانغر" not in event["evidence"]  # the US envoy's statements of support


def test_extraction_is_stable_across_runs(article):
    knowledge = load_knowledge(ROOT / "data/knowledge")
    first = extract_events(article, knowledge)
    again = extract_events(article, knowledge)
    assert [e["event_id"] for e in first] == [e["event_id"] for e in again]

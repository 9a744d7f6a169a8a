"""ACLED's duplicate rule in etl.dedup.merge_events: what merges, what stays apart, what is kept."""

from __future__ import annotations

import datetime as dt

from etl.dedup import haversine_km, merge_events
from etl.schema import EVENT_COLUMNS

RAQQA = dict(admin1="Ar-Raqqa", admin1_pcode="SY11", admin3="Ar-Raqqa", admin3_pcode="SY110000",
             location="Ar-Raqqa", latitude=35.9528, longitude=39.0079)
TABQA = dict(admin1="Ar-Raqqa", admin1_pcode="SY11", admin3="Ath-Thawrah", admin3_pcode="SY110200",
             location="Tabqa", latitude=35.8367, longitude=38.5481)
# a Raqqa neighbourhood point in another admin3 code, 3 km from the city centre
RAQQA_EDGE = dict(admin1="Ar-Raqqa", admin1_pcode="SY11", admin3="Al-Karama", admin3_pcode="SY110001",
                  location="Ar-Raqqa east", latitude=35.9528, longitude=39.0410)


def _event(eid: str, sub="Arrests", date="2023-02-18", precision=1, place=RAQQA, geo=1, actor1="SDF",
           actor2="Islamic State", source="Al Arabiya", article="a1", confidence=0.7, **counts) -> dict:
    event = {c: None for c in EVENT_COLUMNS}
    event.update(place)
    event.update(event_id=eid, sub_event_type=sub, event_date=dt.date.fromisoformat(date),
                 time_precision=precision, geo_precision=geo, actor1=actor1, actor2=actor2, source=source,
                 source_url=f"https://example.org/{article}", article_id=article, evidence=f"evidence {eid}",
                 evidence_start=0, evidence_end=10, confidence=confidence, origin="article")
    event.update(counts)
    return event


def test_same_subtype_place_and_date_merge_into_one_event_with_every_source():
    a = _event("art:1", arrests=200, source="Al Arabiya", article="a1", confidence=0.6)
    b = _event("art:2", arrests=210, source="Reuters", article="a2", confidence=0.9)
    merged = merge_events([a, b])
    assert len(merged) == 1
    event = merged[0]
    assert event["event_id"] == "art:1"  # the earliest-reported member's id
    assert event["arrests"] == 210
    assert event["source"] == "Al Arabiya; Reuters"
    assert event["confidence"] == 0.9
    assert [s["article_id"] for s in event["merged_sources"]] == ["a1", "a2"]
    assert set(event["merged_sources"][0]) == {"source", "source_url", "article_id", "evidence",
                                                 "evidence_start", "evidence_end"}


def test_different_admin3_beyond_10_km_stays_apart():
    assert haversine_km(RAQQA["latitude"], RAQQA["longitude"], TABQA["latitude"], TABQA["longitude"]) > 10
    merged = merge_events([_event("art:1"), _event("art:2", place=TABQA)])
    assert [e["event_id"] for e in merged] == ["art:1", "art:2"]


def test_different_admin3_within_10_km_merges():
    merged = merge_events([_event("art:1"), _event("art:2", place=RAQQA_EDGE)])
    assert len(merged) == 1


def test_incompatible_actors_stay_apart_but_an_empty_actor_is_compatible():
    apart = merge_events([_event("art:1", actor1="SDF"), _event("art:2", actor1="Asayish")])
    assert len(apart) == 2
    together = merge_events([_event("art:1", actor2=None), _event("art:2", actor2="Islamic State")])
    assert len(together) == 1
    assert together[0]["actor2"] == "Islamic State"


def test_different_sub_event_types_stay_apart():
    merged = merge_events([_event("art:1", sub="Arrests"), _event("art:2", sub="Armed clash")])
    assert len(merged) == 2


def test_dates_must_overlap_within_the_precision_window():
    exact_apart = merge_events([_event("art:1", date="2023-02-18"), _event("art:2", date="2023-02-17")])
    assert len(exact_apart) == 2
    week = merge_events([_event("art:1", date="2023-02-18", precision=2), _event("art:2", date="2023-02-13")])
    assert len(week) == 1
    month_apart = merge_events([_event("art:1", date="2023-02-18", precision=3),
                                _event("art:2", date="2023-04-30", precision=1)])
    assert len(month_apart) == 2


def test_highest_precision_date_and_place_are_kept():
    vague = _event("art:1", date="2023-02-18", precision=2, geo=2, confidence=0.5)
    vague["latitude"], vague["longitude"] = 35.96, 39.01
    exact = _event("art:2", date="2023-02-13", precision=1, geo=1, confidence=0.4)
    merged = merge_events([vague, exact])
    assert len(merged) == 1
    event = merged[0]
    assert event["event_id"] == "art:1"
    assert event["event_date"] == dt.date(2023, 2, 13) and event["time_precision"] == 1
    assert event["geo_precision"] == 1 and event["latitude"] == RAQQA["latitude"]
    assert event["evidence"] == "evidence art:2"  # the evidence of the precise report
    assert event["confidence"] == 0.5


def test_a_chain_of_three_reports_keeps_three_sources_and_the_max_count():
    reports = [_event(f"art:{i}", article=f"a{i}", source=f"S{i}", fatalities=n)
               for i, n in enumerate([3, None, 6])]
    merged = merge_events(reports)
    assert len(merged) == 1
    assert merged[0]["fatalities"] == 6
    assert merged[0]["source"] == "S0; S1; S2"
    assert len(merged[0]["merged_sources"]) == 3


def test_activity_key_keeps_different_activities_of_one_article_apart():
    curfew = _event("art:1", sub="Change to group/activity", actor2=None)
    campaign = _event("art:2", sub="Change to group/activity", actor2=None)
    curfew["_kind"], campaign["_kind"] = "curfew", "campaign"
    assert len(merge_events([curfew, campaign], activity_key=None)) == 1
    assert len(merge_events([curfew, campaign], activity_key=lambda e: e["_kind"])) == 2
    curfew["activity"], campaign["activity"] = "curfew", "campaign"  # as etl.extract labels them
    assert len(merge_events([curfew, campaign])) == 2
    other_article = dict(campaign, article_id="a2", evidence="another report")
    assert len(merge_events([curfew, other_article])) == 1  # across articles the ACLED rule alone


def test_merge_is_stable_across_runs():
    reports = [_event("art:1"), _event("art:2", article="a2", source="Reuters")]
    assert merge_events(reports) == merge_events([dict(r) for r in reports])


def test_reports_from_two_articles_are_not_merged_on_a_coarse_or_estimated_date_alone():
    month_a = _event("art:1", date="2023-02-10", precision=3, article="a1")
    month_b = _event("art:2", date="2023-02-20", precision=3, article="a2")
    assert len(merge_events([month_a, month_b])) == 2
    estimated_a = dict(_event("art:3", article="a3"), date_estimated=True, time_precision=3)
    estimated_b = dict(_event("art:4", article="a4"), date_estimated=True, time_precision=3)
    assert len(merge_events([estimated_a, estimated_b])) == 2


def test_a_precise_report_merges_with_a_coarse_one_and_keeps_both_articles_and_evidence():
    coarse = _event("art:1", date="2023-02-10", precision=3, article="a1")
    precise = _event("art:2", date="2023-02-18", precision=1, article="a2")
    (event,) = merge_events([coarse, precise])
    assert event["event_date"] == dt.date(2023, 2, 18) and event["time_precision"] == 1
    assert {s["article_id"] for s in event["merged_sources"]} == {"a1", "a2"}
    assert {s["evidence"] for s in event["merged_sources"]} == {"evidence art:1", "evidence art:2"}

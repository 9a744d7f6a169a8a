"""Background mentions are not the article's news; confidence follows how often such events are right
(calibrated on the development set: see BENCHMARKS.md). Invented sentences, one per class."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from etl.extract import extract_events, load_knowledge
from etl.sources.articles import make_article

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = dt.date(2019, 6, 10)


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge(ROOT / "data" / "knowledge")


def _events(knowledge, text, language=None, **options):
    return extract_events(make_article(text=text, published=PUBLISHED, language=language), knowledge, **options)


def test_a_capture_years_before_the_report_is_left_out_unless_background_is_kept(knowledge):
    text = "سيطرت قوات سوريا الديمقراطية على مدينة الرقة في تشرين الأول 2017."
    assert _events(knowledge, text) == []
    kept = _events(knowledge, text, background=True)
    assert [e["sub_event_type"] for e in kept] == ["Non-state actor overtakes territory"]
    assert kept[0]["confidence"] < 0.5


def test_since_the_early_hours_is_the_news_itself_not_background(knowledge):
    events = _events(knowledge, "منذ ساعات الصباح الأولى تقصف قوات النظام بلدة كفرنبل بريف إدلب الجنوبي بالمدفعية الثقيلة.")
    assert [(e["sub_event_type"], e["actor1"], e["event_date"]) for e in events] == [
        ("Shelling/artillery/missile attack", "Military Forces of Syria", PUBLISHED)]


def test_what_happened_since_the_group_declared_itself_is_its_history_not_the_news(knowledge):
    text = ("ومنذ إعلانه الخلافة وسيطرته على مناطق واسعة، شهدت مدينة الميادين إعدامات وحشية نفذها التنظيم. "
            "وقتل مسلحون من التنظيم ثلاثة مدنيين في بلدة الشحيل أمس.")
    events = _events(knowledge, text)
    assert [(e["sub_event_type"], e["location"]) for e in events] == [("Attack", "Shuhayl")]
    assert len(_events(knowledge, text, background=True)) > len(events)


def test_the_date_after_since_is_the_comparison_not_the_day_of_the_attack(knowledge):
    events = _events(knowledge, "قال المرصد إن هجوم التنظيم على مدينة البوكمال هو الأكبر منذ سيطرة قوات النظام عليها "
                                "في تشرين الثاني 2017.")
    assert [(e["actor1"], e["location"], e["event_date"]) for e in events] == [("Islamic State", "Abu Kamal", PUBLISHED)]


def test_a_former_commander_is_no_past_event(knowledge):
    events = _events(knowledge, "قُتل أحد قادة الفصيل سابقاً بانفجار عبوة ناسفة استهدفت سيارته في ريف درعا.")
    assert [(e["sub_event_type"], e["event_date"]) for e in events] == [("Remote explosive/landmine/IED", PUBLISHED)]
    assert events[0]["confidence"] >= 0.5  # the article's news, not background


def test_the_agent_in_a_relative_clause_carries_out_the_strikes(knowledge):
    events = _events(knowledge, "قتل خمسة مدنيين في الغارات التي تشنها طائرات النظام على بلدة كفرنبل جنوبي إدلب أمس.")
    assert [(e["sub_event_type"], e["actor1"], e["fatalities"]) for e in events] == [
        ("Air/drone strike", "Military Forces of Syria", 5)]


def test_a_defence_ministry_announcing_its_strikes_is_their_author(knowledge):
    events = _events(knowledge, "أعلنت وزارة الدفاع الروسية أنها شنت 64 غارة على مواقع التنظيم في تدمر أمس.")
    assert [(e["actor1"], e["actor2"]) for e in events] == [("Military Forces of Russia", "Islamic State")]


def test_an_unknown_side_where_reports_name_it_is_below_one_half(knowledge):
    unknown = _events(knowledge, "A drone strike hit a car near the town of al-Bab on Saturday, killing two men.", "en")
    assert [e["actor1"] for e in unknown] == ["Unidentified Armed Group (Syria)"]
    assert unknown[0]["confidence"] < 0.5
    named = _events(knowledge, "قتل خمسة مدنيين في الغارات التي تشنها طائرات النظام على بلدة كفرنبل جنوبي إدلب أمس.")
    assert named[0]["confidence"] >= 0.5

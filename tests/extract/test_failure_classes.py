"""One test (or a few) per class of extraction error seen on real news (issue: "Extraction analysts can trust").
Every sentence here is invented for the test; none comes from the development set."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from etl.extract import extract_events, load_knowledge
from etl.extract.events import anchor_date
from etl.sources.articles import make_article
from etl.text.dates import date_in_url, find_dates, weekday_dated_day

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge(ROOT / "data" / "knowledge")


def _events(knowledge, text, published=None, url=None, language=None, ref="case"):
    article = make_article(text=text, url=url, published=published, language=language, given_id=ref)
    return extract_events(article, knowledge, today=TODAY)


def _one(events, sub_event_type=None):
    found = [e for e in events if sub_event_type in (None, e["sub_event_type"])]
    assert len(found) == 1, [(e["sub_event_type"], e["location"], e["evidence"][:60]) for e in events]
    return found[0]


# 1. Undated text keeps its events -------------------------------------------------------------------

def test_undated_article_keeps_its_event_with_an_estimated_date(knowledge):
    events = _events(knowledge, "قتل ثلاثة مدنيين أمس الخميس بانفجار عبوة ناسفة في مدينة الرقة.")
    event = _one(events)
    assert event["date_estimated"] is True and event["time_precision"] >= 3
    assert event["event_date"] <= TODAY and event["fatalities"] == 3 and event["admin1"] == "Ar-Raqqa"


def test_the_date_in_the_url_path_anchors_an_undated_article(knowledge):
    url = "https://news.example.org/2019/03/02/raqqa-blast"
    assert date_in_url(url) == dt.date(2019, 3, 2)
    event = _one(_events(knowledge, "قتل ثلاثة مدنيين أمس بانفجار عبوة ناسفة في مدينة الرقة.", url=url))
    assert event["event_date"] == dt.date(2019, 3, 1) and event["date_estimated"] is False


def test_an_english_undated_report_is_kept_and_never_dated_after_its_anchor(knowledge):
    event = _one(_events(knowledge, "Islamic State militants attacked an army checkpoint near Palmyra on Tuesday, "
                                    "killing four soldiers.", language="en"))
    assert event["date_estimated"] is True and event["event_date"] <= TODAY
    assert event["sub_event_type"] == "Armed clash" and event["actor1"] == "Islamic State"


def test_yearless_dates_need_an_anchor_and_never_land_in_2099():
    assert find_dates("هاجم التنظيم القرية في 15 تموز وقتل اثنين", None) == []
    (mention,) = find_dates("هاجم التنظيم القرية في ال15 من آذار وقتل اثنين", dt.date(2020, 6, 1))
    assert mention.date_start == dt.date(2020, 3, 15)


def test_a_weekday_with_day_and_month_names_the_year_of_an_undated_article():
    text = "وكانت القوات بدأت هجوما جديدا، الثلاثاء 11 أيلول الحالي، في ريف حمص."
    assert weekday_dated_day(text, TODAY) == dt.date(2018, 9, 11)
    anchor, estimated = anchor_date(make_article(text=text), TODAY)
    assert estimated and dt.date(2018, 9, 11) <= anchor <= dt.date(2018, 9, 18)


def test_an_undated_article_that_names_a_full_date_is_anchored_near_it_not_on_the_import_day(knowledge):
    text = ("هاجم مسلحون حاجزاً لقوات النظام في مدينة الميادين في 25 كانون الأول 2022. "
            "وقتل مدني أمس بانفجار لغم في بلدة البصيرة.")
    anchor, estimated = anchor_date(make_article(text=text), TODAY)
    assert estimated and dt.date(2022, 12, 25) <= anchor <= dt.date(2023, 1, 1)
    events = {e["location"]: e for e in _events(knowledge, text)}
    assert events["Al Mayadin"]["event_date"] == dt.date(2022, 12, 25)
    assert not events["Al Mayadin"]["date_estimated"]  # the text dates it
    assert dt.date(2022, 12, 25) <= events["Basira"]["event_date"] <= dt.date(2023, 1, 1)
    assert events["Basira"]["date_estimated"]


def test_the_day_after_the_attack_is_one_day_after_its_date(knowledge):
    text = ("هاجم مسلحون حاجزاً لقوات النظام في مدينة الميادين يوم الجمعة 1 أيار. "
            "وغداة الهجوم قتل مدني بانفجار لغم في بلدة البصيرة.")
    events = {e["location"]: e["event_date"] for e in _events(knowledge, text, published=dt.date(2020, 5, 5))}
    assert events == {"Al Mayadin": dt.date(2020, 5, 1), "Basira": dt.date(2020, 5, 2)}


def test_an_impossible_publication_date_does_not_break_relative_dates(knowledge):
    events = _events(knowledge, "قتل مدني أمس بانفجار لغم في مدينة الرقة.", published=dt.date(9999, 12, 31))
    assert events and all(e["event_date"] <= dt.date(9999, 12, 31) for e in events)
    assert find_dates("غدا", dt.date(9999, 12, 31)) == []


# 2. The actor is outside the clause, or is only a reporter or a victim ------------------------------------

def test_hedged_blame_from_anonymous_sources_leaves_the_perpetrator_unidentified(knowledge):
    event = _one(_events(knowledge, "قتل شاب برصاص مسلحين في بلدة الصور بريف دير الزور أمس، واتهمت مصادر محلية "
                                    "تنظيم داعش بالوقوف وراء الهجوم.", published=dt.date(2023, 6, 20)))
    assert event["actor1"] == "Unidentified Armed Group (Syria)"


def test_a_ministry_announcing_deaths_is_the_reporter_not_the_perpetrator(knowledge):
    event = _one(_events(knowledge, "أعلنت وزارة الداخلية السورية، اليوم الجمعة، مقتل خمسة أشخاص وإصابة عشرة آخرين "
                                    "في حصيلة أولية لانفجار عبوة ناسفة في مدينة حمص.",
                         published=dt.date(2025, 3, 7)))
    assert event["actor1"] == "Unidentified Armed Group (Syria)" and event["fatalities"] == 5


def test_counted_members_of_a_group_are_the_victims_and_a_state_adjective_names_the_attacker(knowledge):
    event = _one(_events(knowledge, "أفادت وزارة الدفاع بأن نحو 30 من مسلحي داعش قتلوا قرب مدينة الميادين في ضربة "
                                    "جوية روسية أمس.", published=dt.date(2017, 10, 4)))
    assert event["sub_event_type"] == "Air/drone strike"
    assert event["actor1"] == "Military Forces of Russia" and event["actor1"] != "Islamic State"


def test_a_definite_attack_with_no_agent_is_by_the_group_the_article_is_about(knowledge):
    events = _events(knowledge, "سيطر تنظيم داعش على قاعدة عسكرية في ريف الرقة يوم الأحد.\n\n"
                                "وقتل في الهجوم على القاعدة أكثر من 40 جنديا.", published=dt.date(2014, 8, 26))
    clash = [e for e in events if e["event_type"] == "Battles"]
    assert clash and all(e["actor1"] == "Islamic State" for e in clash)


def test_unknown_perpetrators_are_coded_as_an_unidentified_armed_group(knowledge):
    event = _one(_events(knowledge, "Gunmen shot dead a tribal elder in the town of Hajin in Deir ez-Zor on Monday.",
                         published=dt.date(2021, 5, 11), language="en"))
    assert event["actor1"] == "Unidentified Armed Group (Syria)"


def test_a_militia_coded_as_its_state_keeps_its_own_name_as_associated_actor(knowledge):
    event = _one(_events(knowledge, "اشتبكت قوات الدفاع الوطني مع مسلحي داعش في ريف الحسكة الجنوبي يوم السبت.",
                         published=dt.date(2016, 8, 22)))
    assert event["actor1"] == "Military Forces of Syria"
    assert "NDF: National Defence Forces" in (event["assoc_actor_1"] or "")



def test_local_fighters_and_revolutionaries_are_the_insurgents(knowledge):
    event = _one(_events(knowledge, "اندلعت اشتباكات بين مقاتلين محليين وعناصر الفرقة الرابعة في حي المنشية بمدينة درعا أمس.",
                         published=dt.date(2021, 8, 10)))
    assert (event["actor1"], event["actor2"]) == ("Syrian insurgents", "Military Forces of Syria")


def test_gunmen_from_the_group_are_the_group_and_the_civilians_they_kill_its_victims(knowledge):
    for text, language in (("قتل مسلحون من التنظيم ثلاثة مدنيين في بلدة الشحيل أمس.", "ar"),
                           ("Gunmen from the Islamic State killed three civilians in the town of Shuhayl yesterday.", "en")):
        event = _one(_events(knowledge, text, published=dt.date(2019, 6, 10), language=language))
        assert (event["sub_event_type"], event["actor1"], event["actor2"]) == (
            "Attack", "Islamic State", "Civilians (Syria)"), language


def test_one_named_victim_counts_one_and_an_attempt_counts_none(knowledge):
    cases = [("قُتل لاجئ عراقي برصاص مسلحين داخل مخيم الهول أمس.", "ar", 1, "Civilians (Syria)"),
             ("قتل مدنيون في هجوم لمسلحين على بلدة الشحيل أمس.", "ar", None, "Civilians (Syria)"),
             ("اغتال مسلحون مجهولون الشيخ علي في بلدة الشحيل أمس.", "ar", 1, None),
             ("نجا قيادي من محاولة اغتيال في بلدة الشحيل أمس.", "ar", None, None),
             ("Gunmen assassinated a tribal elder in the town of Shuhayl yesterday.", "en", 1, None),
             ("A refugee was shot dead by gunmen in al-Hol camp yesterday.", "en", 1, "Civilians (Syria)")]
    for text, language, fatalities, victims in cases:
        event = _one(_events(knowledge, text, published=dt.date(2020, 5, 5), language=language))
        assert event["sub_event_type"] == "Attack", text
        assert event["fatalities"] == fatalities, text
        if victims:
            assert event["actor2"] == victims, text


def test_a_number_of_a_forces_members_killed_are_its_victims(knowledge):
    event = _one(_events(knowledge, "قتل عدد من قوات أسايش وأصيب آخرون بجروح إثر انفجار دراجة نارية مفخخة في مدينة القامشلي أمس.",
                         published=dt.date(2016, 9, 6)))
    assert (event["actor1"], event["actor2"]) == ("Unidentified Armed Group (Syria)", "Asayish")


def test_the_dead_of_a_force_in_a_headline_are_its_victims_and_count(knowledge):
    event = _one(_events(knowledge, "قتيلان من قوات سوريا الديمقراطية بتفجير سيارة في مدينة الحسكة",
                         published=dt.date(2024, 11, 12)))
    assert (event["sub_event_type"], event["actor2"], event["fatalities"]) == (
        "Remote explosive/landmine/IED", "SDF: Syrian Democratic Forces", 2)
    assert event["actor1"] == "Unidentified Armed Group (Syria)"


def test_a_generic_attack_word_does_not_turn_a_bombing_into_a_clash(knowledge):
    text = ("هجوم على سيارة لقوات سوريا الديمقراطية في الحسكة\n\n"
            "قتل عنصران من قوات سوريا الديمقراطية بتفجير استهدف سيارتهما في مدينة الحسكة، اليوم الثلاثاء.")
    events = _events(knowledge, text, published=dt.date(2024, 11, 12))
    assert [e["sub_event_type"] for e in events] == ["Remote explosive/landmine/IED"]


def test_aircraft_belonging_to_a_force_are_that_forces_strike(knowledge):
    event = _one(_events(knowledge, "شنت طائرات حربية تابعة لطيران التحالف الدولي سلسلة غارات ليلية على مواقع داعش "
                                    "في ريف كركوك.", published=dt.date(2021, 2, 23)))
    assert (event["sub_event_type"], event["actor1"], event["actor2"]) == (
        "Air/drone strike", "International Coalition", "Islamic State")


@pytest.mark.parametrize("text, fatalities, injuries", [
    ("قتل مدني وثلاثة ضباط وعنصر من قوات النظام في هجوم لخلايا داعش في ريف الرقة أمس.", 5, None),
    ("لقي قائد فوج الطوارئ العقيد سالم الحمد، وعشرة مدنيين آخرين مصرعهم أمس في انفجار سيارة مفخخة في بلدروز.", 11, None),
    ("A commander and four others were killed in an air strike near Hajin on Monday.", 5, None),
    ("قتل 5 عناصر من قوات النظام وأصيب 7 آخرون بهجوم لداعش في بادية حمص أمس.", 5, 7),
    ("قتل شاب يبلغ من العمر 18 عاما برصاص مسلحين مجهولين في مدينة درعا أمس.", 1, None),
])
def test_listed_victims_add_up_and_ages_are_no_counts(knowledge, text, fatalities, injuries):
    event = _one(_events(knowledge, text, published=dt.date(2023, 6, 10)))
    assert (event["fatalities"], event["injuries"]) == (fatalities, injuries)

# 3. One incident reported several times is one event -----------------------------------------------------

def test_headline_lead_and_detail_of_one_attack_are_one_event(knowledge):
    text = ("هجوم لداعش على حاجز لقسد في ريف دير الزور\n\n"
            "قتل ثلاثة عناصر من قوات سوريا الديمقراطية، يوم الاثنين، في هجوم شنه تنظيم داعش على حاجز في بلدة ذيبان "
            "بريف دير الزور الشرقي.\n\n"
            "وأوضحت مصادر محلية أن الهجوم استهدف الحاجز بالأسلحة الرشاشة وأسفر أيضا عن إصابة عنصرين.")
    events = [e for e in _events(knowledge, text, published=dt.date(2023, 6, 27)) if e["event_type"] == "Battles"]
    assert len(events) == 1, [(e["sub_event_type"], e["evidence"][:50]) for e in events]
    assert len(events[0]["merged_sources"]) >= 2 and events[0]["fatalities"] == 3


# 4. Several incidents in one sentence are several events ---------------------------------------------------

def test_a_list_of_attacked_villages_is_one_event_per_village(knowledge):
    events = _events(knowledge, "هاجم مسلحو داعش فجر الأحد نقاطا للجيش في قرى الشولا والتبني والسوسة بريف دير الزور.",
                     published=dt.date(2018, 9, 17))
    places = {e["location"] for e in events if e["event_type"] == "Battles"}
    assert len(places) == 3, places



def test_a_listed_village_sharing_a_citys_name_is_the_village_of_the_area(knowledge):
    events = _events(knowledge, "هاجم تنظيم داعش فجر اليوم قرى المتونة ودوما وتيما بريف السويداء الشرقي.",
                     published=dt.date(2018, 7, 25))
    assert sorted((e["location"], e["admin1"]) for e in events) == [
        ("Al Matunah", "As-Sweida"), ("Douma", "As-Sweida"), ("Tayma", "As-Sweida")]

# 5. Type confusions ---------------------------------------------------------------------------------------

def test_seized_shells_are_not_a_shelling_attack(knowledge):
    events = _events(knowledge, "ضبطت قوى الأمن الداخلي مستودعا يحوي قذائف هاون وعبوات ناسفة في مدينة الطبقة أمس.",
                     published=dt.date(2022, 4, 3))
    assert events and not any(e["event_type"] == "Explosions/Remote violence" for e in events)
    assert any(e["sub_event_type"] == "Disrupted weapons use" for e in events)


def test_an_attack_on_soldiers_is_a_battle_and_a_car_bomb_is_an_ied(knowledge):
    clash = _one(_events(knowledge, "ISIS fighters attacked an army post near Sukhnah on Sunday, killing five soldiers "
                                    "and a civilian.", published=dt.date(2019, 4, 15), language="en"))
    assert clash["sub_event_type"] == "Armed clash"
    bomb = _one(_events(knowledge, "انفجرت سيارة مفخخة في سوق مدينة الباب يوم الخميس ما أدى إلى مقتل ستة مدنيين.",
                        published=dt.date(2020, 10, 10)))
    assert bomb["sub_event_type"] == "Remote explosive/landmine/IED"


def test_an_attack_to_take_a_town_is_no_capture_and_a_withdrawal_is_no_transfer(knowledge):
    events = _events(knowledge, "شن مقاتلو المعارضة هجوما للسيطرة على بلدة خان العسل غرب حلب يوم الأحد، "
                                "وانسحبت قوات النظام من نقطتين بعد اشتباكات عنيفة.", published=dt.date(2018, 2, 26))
    subs = {e["sub_event_type"] for e in events}
    assert "Non-state actor overtakes territory" not in subs and "Non-violent transfer of territory" not in subs
    assert "Armed clash" in subs


def test_aircraft_bombardment_is_an_air_strike(knowledge):
    event = _one(_events(knowledge, "قام الطيران الحربي التابع للنظام بقصف قرية اللطامنة بريف حماة الشمالي يوم الأربعاء.",
                         published=dt.date(2019, 5, 30)))
    assert event["sub_event_type"] == "Air/drone strike"


# 6. Words that are not events ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "وتظاهر أحد الجرحى بالموت حتى انسحب المسلحون من قرية الكسرة بريف دير الزور يوم الاثنين.",
    "وحلقت طائرات الاستطلاع فوق مدينة الرقة طوال يوم الاثنين.",
    "وتقع البلدة ضمن المناطق الخاضعة لسيطرة قوات سوريا الديمقراطية في ريف الحسكة.",
    "Reconnaissance flights were seen over Raqqa on Monday.",
])
def test_words_that_name_no_event_make_none(knowledge, text):
    assert _events(knowledge, text, published=dt.date(2020, 1, 7)) == []



def test_a_court_building_as_the_scene_does_not_make_a_shooting_judicial(knowledge):
    event = _one(_events(knowledge, "أطلق مسلحون مجهولون النار على قيادي في تنظيم داعش أمام مبنى المحكمة الشرعية في مدينة "
                                    "الرقة فأردوه قتيلاً.", published=dt.date(2014, 1, 10)))
    assert (event["actor1"], event["fatalities"]) == ("Unidentified Armed Group (Syria)", 1)

# 7. Background is not news ------------------------------------------------------------------------------

def test_a_cumulative_toll_since_the_start_of_the_year_is_no_event(knowledge):
    events = _events(knowledge, "وبلغت حصيلة القتلى خلال العمليات العسكرية في البادية منذ مطلع العام الجاري 329 قتيلا.",
                     published=dt.date(2024, 4, 19))
    assert events == []



def test_a_day_of_the_same_month_is_a_date(knowledge):
    event = _one(_events(knowledge, "أعلن التحالف الدولي يوم الجمعة أنه قصف، في 17 من ذات الشهر، مسجدا يستخدمه تنظيم داعش "
                                    "في بلدة الصفافية بريف دير الزور.", published=dt.date(2019, 1, 25)))
    assert event["event_date"] == dt.date(2019, 1, 17)

# 8. Place ------------------------------------------------------------------------------------------------

def test_a_village_missing_from_the_old_gazetteer_is_found_after_a_settlement_word(knowledge):
    event = _one(_events(knowledge, "قتل مدنيان بانفجار لغم أرضي في قرية الحوايج بريف دير الزور الشرقي يوم السبت.",
                         published=dt.date(2020, 8, 2)))
    assert event["location"] != "Deir-ez-Zor" and event["admin1"] == "Deir-ez-Zor" and event["geo_precision"] == 1


def test_a_country_beside_the_event_yields_to_the_place_the_article_names(knowledge):
    events = _events(knowledge, "مقتل 4 قياديين من داعش بضربة جوية في سوريا\n\nوقالت الوزارة إن الضربة الجوية "
                                "استهدفت اجتماعا لقادة التنظيم قرب مدينة دير الزور يوم الثلاثاء.",
                     published=dt.date(2017, 9, 8))
    strikes = [e for e in events if e["sub_event_type"] == "Air/drone strike"]
    assert strikes and all(e["admin1"] == "Deir-ez-Zor" for e in strikes)


def test_hashtags_read_as_place_names(knowledge):
    event = _one(_events(knowledge, "اغتال مجهولون لاجئا عراقيا داخل #مخيم_الهول فجر اليوم.", published=dt.date(2020, 5, 28)))
    assert event["admin1"] == "Al-Hasakeh"



def test_the_area_of_a_town_is_near_the_town_not_the_district_centroid(knowledge):
    event = _one(_events(knowledge, "قتل جنديان أمريكيان في هجوم نفذته خلايا داعش في منطقة تدمر بالبادية السورية أمس.",
                         published=dt.date(2025, 12, 21)))
    assert event["location"] == "Tadmor" and event["geo_precision"] == 2
    assert abs(event["latitude"] - 34.56) < 0.05 and abs(event["longitude"] - 38.28) < 0.05  # the town, not 50 km east

# 9. Triggers that were missed ----------------------------------------------------------------------------

def test_seizing_a_place_is_a_territorial_event(knowledge):
    event = _one(_events(knowledge, "استولى مسلحو التنظيم على مطار الطبقة العسكري في محافظة الرقة يوم الأحد.",
                         published=dt.date(2014, 8, 25)))
    assert event["event_type"] == "Battles" and event["admin1"] == "Ar-Raqqa"


def test_shooting_at_people_with_no_outcome_stated_is_an_attack(knowledge):
    event = _one(_events(knowledge, "أطلق مسلحون مجهولون النار على سيارة مدنية في بلدة نصيب بريف درعا مساء الثلاثاء.",
                         published=dt.date(2023, 6, 7)))
    assert event["event_type"] == "Violence against civilians"



@pytest.mark.parametrize("text, expected", [
    ("عثرت قوى الأمن الداخلي على جثة رجل مقتول بطلق ناري قرب قرية الكسرة بريف دير الزور الغربي.",
     ("Attack", "Unidentified Armed Group (Syria)", 1)),
    ("نفذت قوات التحالف الدولي عملية إنزال جوي في بلدة أطمة شمالي إدلب استهدفت قيادياً في تنظيم داعش.",
     ("Armed clash", "International Coalition", None)),
    ("أعلنت خلية الإعلام الأمني مقتل ثلاثة إرهابيين بضربة جوية نفذتها طائرات القوة الجوية العراقية في وادي حوران بالأنبار.",
     ("Air/drone strike", "Military Forces of Iraq", 3)),
    ("سلم عشرة من عناصر داعش أنفسهم لقوات سوريا الديمقراطية في ريف دير الزور الشرقي.",
     ("Agreement", None, None)),
])
def test_shootings_airborne_raids_air_forces_and_surrenders(knowledge, text, expected):
    event = _one(_events(knowledge, text, published=dt.date(2024, 5, 15)))
    got = (event["sub_event_type"], event["actor1"], event["fatalities"])
    assert got[0] == expected[0] and (expected[1] is None or got[1] == expected[1]) and got[2] == expected[2]


def test_the_count_right_after_another_count_word_is_not_shared(knowledge):
    event = _one(_events(knowledge, "قتل طفلان وأصيبت امرأة بجروح إثر انفجار لغم أرضي في قرية الجرنية بريف الرقة أمس.",
                         published=dt.date(2024, 5, 15)))
    assert (event["fatalities"], event["injuries"]) == (2, 1)

# 11. The caller's ids ------------------------------------------------------------------------------------

def test_events_carry_the_callers_article_id(knowledge):
    events = _events(knowledge, "قتل مدني بانفجار لغم في مدينة الرقة أمس.", published=dt.date(2021, 1, 2), ref="feed-42")
    assert events and {e["article_ref"] for e in events} == {"feed-42"}


def test_who_finds_a_body_is_not_who_killed(knowledge):
    events = _events(knowledge, "وكانت قوى الأمن الداخلي قد عثرت أمس على جثة امرأة في مخيم الهول تعرضت للقتل على يد "
                                "عناصر من تنظيم داعش.", published=dt.date(2020, 7, 30))
    event = _one(events)
    assert event["actor1"] == "Islamic State" and event["actor1"] != "Asayish"


def test_the_owner_of_an_ambush_is_its_perpetrator_even_after_the_victims(knowledge):
    event = _one(_events(knowledge, 'وقعت دورية من جيش النظام في كمين لتنظيم "داعش" قرب مدينة السخنة يوم السبت.',
                         published=dt.date(2018, 9, 15)))
    assert event["sub_event_type"] == "Armed clash" and event["actor1"] == "Islamic State"


def test_a_bombardment_or_attack_by_a_force_that_strikes_from_the_air_is_an_air_strike(knowledge):
    coalition = _one(_events(knowledge, "قتل عشرات المدنيين جراء هجوم للتحالف الدولي على مسجد في بلدة هجين بريف "
                                        "دير الزور يوم السبت.", published=dt.date(2018, 12, 16)))
    assert coalition["sub_event_type"] == "Air/drone strike" and coalition["actor1"] == "International Coalition"
    drone = _one(_events(knowledge, "قتل عنصران من قسد بقذيفة من طائرة مسيرة تركية قرب مدينة القامشلي يوم الأحد.",
                         published=dt.date(2022, 11, 21)))
    assert drone["sub_event_type"] == "Air/drone strike"

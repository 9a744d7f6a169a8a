import csv
import gzip
import shutil
from pathlib import Path

import pytest

from etl.actors import INTER_TYPES, load_actors
from etl.config import DATA_DIR
from etl.errors import InputError

KNOWLEDGE = DATA_DIR / "knowledge"
UCDP = DATA_DIR / "samples" / "ucdp_ged_syria_2016-01_2019-11.csv.gz"
ARTICLE = DATA_DIR / "samples" / "articles" / "raqqa-coalition-2023-02-18.ar.txt"


@pytest.fixture(scope="module")
def actors():
    return load_actors(KNOWLEDGE)


def _found(actors, text, language):
    return [(text[m.start:m.end], m.actor.name, m.generic) for m in actors.find(text, language)]


def test_dictionary_has_enough_typed_actors_with_arabic_names(actors):
    everyone = actors.all()
    assert len(everyone) >= 45
    for actor in everyone:
        assert actor.inter in INTER_TYPES
        assert actor.name_ar and any("\u0621" <= c <= "\u064a" for c in actor.name_ar), actor.name
        assert actor.parent is None or actors.by_name(actor.parent) is not None


def test_every_ucdp_side_name_maps_to_a_canonical_actor(actors):
    with gzip.open(UCDP, "rt", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    names = {r["side_a"] for r in rows} | {r["side_b"] for r in rows}
    assert len(names) == 94
    unmapped = sorted(n for n in names if actors.canonical(n) is None)
    assert unmapped == []
    mapping = actors.canonical_names(names)
    assert mapping["Government of Syria"] == "Military Forces of Syria"
    assert mapping["IS"] == "Islamic State"
    assert mapping["SDF"] == "SDF: Syrian Democratic Forces"
    assert mapping["Syrian insurgents"] == "Syrian insurgents"
    assert mapping["Government of Turkey"] == "Military Forces of Turkey"
    assert mapping["Civilians"] == "Civilians (Syria)"
    assert mapping["HTS"] == "HTS: Hay'at Tahrir al-Sham"
    assert mapping["Tanzim Hurras ad-Din"] == "Hurras al-Din"
    assert mapping["al-Qaida"] == "Al-Qaeda"
    assert mapping["Jaysh al-Asha’er"] == "Jaysh al-Asha'er"
    assert mapping["National Front for Liberation, SNA"] == "SNA: Syrian National Army"
    assert mapping["Ahrar al-Sham, HTS, Southern Front"] == "Syrian insurgents"


def test_canonical_folds_case_punctuation_qualifiers_and_hamza(actors):
    islamic_state = actors.by_name("Islamic State")
    for name in ("IS", "Islamic State (Syria)", "ISIS", "isil", "Daesh", "داعش", "الدولة الإسلامية",
                 "الدولة الاسلامية في العراق والشام", "the Islamic State", "Islamic State (Iraq)"):
        assert actors.canonical(name) is islamic_state, name
    assert actors.canonical("Government of Russia (Soviet Union)").name == "Military Forces of Russia"
    assert actors.canonical("Military Forces of Syria (2000-)").name == "Military Forces of Syria"
    assert actors.canonical("Hay’at Tahrir al-Sham").name == "HTS: Hay'at Tahrir al-Sham"
    assert actors.canonical("قوات سوريا الديموقراطية").name == "SDF: Syrian Democratic Forces"
    assert actors.canonical("Civilians (Iraq)").name == "Civilians (Iraq)"
    assert actors.canonical("Nobody Brigade") is None
    assert actors.canonical("") is None and actors.canonical(None) is None
    assert actors.canonical_names(["Nobody Brigade", "IS", None, float("nan")]) == {
        "Nobody Brigade": "Nobody Brigade", "IS": "Islamic State"}
    assert actors.canonical(float("nan")) is None


def test_members_splits_a_ucdp_coalition(actors):
    names = [a.name for a in actors.members("Ahrar al-Sham, HTS, Southern Front")]
    assert names == ["Ahrar al-Sham", "HTS: Hay'at Tahrir al-Sham", "Southern Front"]
    assert [a.name for a in actors.members("IS")] == ["Islamic State"]
    # a coalition not listed in the dictionary maps to the group all its members belong to, if any
    assert actors.canonical("Hamza Division, Sham Legion").name == "SNA: Syrian National Army"
    assert actors.canonical("HTS, Hurras al-Din") is None


def test_actor_card_shows_both_languages_and_type(actors):
    sdf = actors.by_name("SDF: Syrian Democratic Forces")
    assert sdf.name_ar == "قوات سوريا الديمقراطية (قسد)"
    assert sdf.inter == "Rebel group" and sdf.country == "Syria"
    assert {"قسد", "قوات سوريا الديمقراطية", "قوات سوريا الديموقراطية"} <= set(sdf.aliases_ar)
    assert "SDF" in sdf.aliases_en
    asayish = actors.by_name("Asayish")
    assert asayish.parent == "Autonomous Administration of North and East Syria"
    assert asayish.name_ar == "قوى الأمن الداخلي (الأسايش)"
    assert actors.by_name("YPG: People's Protection Units").parent == "SDF: Syrian Democratic Forces"
    assert actors.by_name("Military Forces of Syria").inter == "State forces"
    assert actors.by_name("Civilians (Syria)").inter == "Civilians"
    assert actors.by_name("Islamic State").generic_ar[0] == "التنظيم"


def test_arabic_clitics_quotes_and_longest_match():
    actors = load_actors(KNOWLEDGE)
    text = 'أعلن التحالف الدولي ضد داعش أن "قسد" وقسد والتحالف اعتقلوا عناصر لداعش بالتحالف مع الأسايش.'
    assert _found(actors, text, "ar") == [
        ("التحالف الدولي ضد داعش", "International Coalition", False),
        ("قسد", "SDF: Syrian Democratic Forces", False),
        ("وقسد", "SDF: Syrian Democratic Forces", False),
        ("والتحالف", "International Coalition", True),
        ("لداعش", "Islamic State", False),
        ("بالتحالف", "International Coalition", True),
        ("الأسايش", "Asayish", False),
    ]


def test_arabic_generic_group_word_is_flagged_generic():
    actors = load_actors(KNOWLEDGE)
    text = "وأضاف أن العملية أعاقت قدرة التنظيم على تنفيذ هجمات، وقتل مسلحون مجهولون مدنيين."
    assert _found(actors, text, "ar") == [
        ("التنظيم", "Islamic State", True),
        ("مسلحون مجهولون", "Unidentified Armed Group (Syria)", False),
        ("مدنيين", "Civilians (Syria)", False),
    ]


def test_diacritics_and_hamza_variants_match_with_original_offsets():
    actors = load_actors(KNOWLEDGE)
    text = "هاجمت قواتُ النظام مواقع الدولة الاسلامية وقوات الحشد الشعبي في العراق"
    assert _found(actors, text, "ar") == [
        ("قواتُ النظام", "Military Forces of Syria", False),
        ("الدولة الاسلامية", "Islamic State", False),
        ("وقوات الحشد الشعبي", "Popular Mobilization Forces", False),
    ]


def test_english_short_aliases_are_case_sensitive_and_word_bounded():
    actors = load_actors(KNOWLEDGE)
    text = ("This is what the US-led coalition said: the SDF, backed by U.S. forces, arrested ISIS members. "
            "IS claimed it; the group said Turkish drones hit Kurdish forces in Syria. Thesdf is this.")
    assert _found(actors, text, "en") == [
        ("US-led coalition", "International Coalition", False),
        ("SDF", "SDF: Syrian Democratic Forces", False),
        ("U.S. forces", "Military Forces of the United States", False),
        ("ISIS", "Islamic State", False),
        ("IS", "Islamic State", False),
        ("the group", "Islamic State", True),
        ("Turkish drones", "Military Forces of Turkey", False),
        ("Kurdish forces", "SDF: Syrian Democratic Forces", True),
    ]


def test_strikes_named_by_their_owner_are_mentions_of_that_force():
    actors = load_actors(KNOWLEDGE)
    text = "أفاد مصدر بأن عدواناً جوياً إسرائيلياً استهدف مطار حلب، وقصف تركي طال عين عيسى، وقتل راعيان"
    assert _found(actors, text, "ar") == [
        ("عدواناً جوياً إسرائيلياً", "Military Forces of Israel", False),
        ("وقصف تركي", "Military Forces of Turkey", False),
        ("راعيان", "Civilians (Syria)", False),
    ]
    text = "Three members of the Kurdistan Workers' Party died in a Turkish drone strike; a coalition airstrike hit Hajin."
    assert _found(actors, text, "en") == [
        ("Kurdistan Workers' Party", "PKK", False),
        ("Turkish drone strike", "Military Forces of Turkey", False),
        ("coalition airstrike", "International Coalition", False),
    ]


def test_english_short_aliases_in_compounds():
    actors = load_actors(KNOWLEDGE)
    text = "IS-held villages fell to US-backed SDF units; the anti-IS coalition said this is over."
    assert _found(actors, text, "en") == [
        ("IS", "Islamic State", False),
        ("US", "Military Forces of the United States", False),
        ("SDF", "SDF: Syrian Democratic Forces", False),
        ("anti-IS coalition", "International Coalition", False),
    ]


def test_english_long_names_are_case_insensitive_and_longest_wins():
    actors = load_actors(KNOWLEDGE)
    text = "Fighters of hay'at tahrir al-sham and the Free Syrian Army fought the Syrian Army near Idlib."
    assert _found(actors, text, "en") == [
        ("hay'at tahrir al-sham", "HTS: Hay'at Tahrir al-Sham", False),
        ("Free Syrian Army", "FSA: Free Syrian Army", False),
        ("Syrian Army", "Military Forces of Syria", False),
    ]


def test_example_article_mentions_the_expected_actors():
    actors = load_actors(KNOWLEDGE)
    text = ARTICLE.read_text(encoding="utf-8")
    mentions = actors.find(text, "ar")
    named = {m.actor.name for m in mentions if not m.generic}
    assert {"International Coalition", "SDF: Syrian Democratic Forces", "Islamic State", "Asayish",
            "Raqqa Civil Council", "Autonomous Administration of North and East Syria",
            "Military Forces of the United States"} <= named
    first = mentions[1]
    assert text[first.start:first.end] == "قسد" and first.start == 45
    assert all(text[m.start:m.end].strip() == text[m.start:m.end] for m in mentions)


def test_bad_dictionary_gives_a_clear_error(tmp_path: Path):
    shutil.copy(KNOWLEDGE / "actors.csv", tmp_path / "actors.csv")
    with (tmp_path / "actors.csv").open("a", encoding="utf-8") as f:
        f.write("Another IS,داعش آخر,Rebel group,Syria,داعش,,,,\n")
    with pytest.raises(InputError, match="'داعش' belongs to both 'Islamic State' and 'Another IS'"):
        load_actors(tmp_path)
    (tmp_path / "actors.csv").write_text("actor,inter\nX,Rebel group\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        load_actors(tmp_path)
    with pytest.raises(InputError, match="not found"):
        load_actors(tmp_path / "nowhere")


def test_victims_are_civilians_and_country_siblings():
    actors = load_actors(KNOWLEDGE)
    text = "خطف مسلحون مجهولون طفلاً وقتل مدني وامرأة ورعاة أغنام في البادية"
    assert _found(actors, text, "ar") == [
        ("مسلحون مجهولون", "Unidentified Armed Group (Syria)", False),
        ("طفلاً", "Civilians (Syria)", False),
        ("مدني", "Civilians (Syria)", False),
        ("وامرأة", "Civilians (Syria)", False),
        ("ورعاة أغنام", "Civilians (Syria)", False),
    ]
    text = "Israeli warplanes struck Iranian-backed militia positions; gunmen abducted two engineers."
    assert _found(actors, text, "en") == [
        ("Israeli warplanes", "Military Forces of Israel", False),
        ("Iranian-backed militia", "Iran-backed militias", False),
        ("gunmen", "Unidentified Armed Group (Syria)", True),
        ("engineers", "Civilians (Syria)", False),
    ]
    text = "قال الدفاع المدني إن مدنياً قتل، ودعا المجتمع المدني إلى حماية الطفل"
    assert _found(actors, text, "ar") == [
        ("الدفاع المدني", "Syria Civil Defence (White Helmets)", False),
        ("مدنياً", "Civilians (Syria)", False),
    ]
    civilians = actors.by_name("Civilians (Syria)")
    assert actors.in_country(civilians, "Iraq").name == "Civilians (Iraq)"
    uag = actors.by_name("Unidentified Armed Group (Syria)")
    assert actors.in_country(uag, "Iraq").name == "Unidentified Armed Group (Iraq)"
    assert actors.in_country(civilians, "Syria") is civilians
    islamic_state = actors.by_name("Islamic State")
    assert actors.in_country(islamic_state, "Iraq") is islamic_state

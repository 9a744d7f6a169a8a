"""The analyst-editable trigger and cue word lists (data/knowledge/triggers.csv, casualty_words.csv,
cue_words.csv): coverage of the ACLED taxonomy, clitic-aware matching, and clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl.errors import InputError
from etl.extract.triggers import load_triggers
from etl.schema import EVENT_TYPE_OF
from etl.text.normalize import normalize

KNOWLEDGE = Path(__file__).resolve().parents[2] / "data/knowledge"


@pytest.fixture(scope="module")
def triggers():
    return load_triggers(KNOWLEDGE)


def _subtypes(triggers, text: str, language: str) -> list[str]:
    return [m.item.sub_event_type for m in triggers.find_triggers(normalize(text), language)]


def test_every_acled_sub_type_has_arabic_and_english_triggers(triggers):
    for language in ("ar", "en"):
        covered = {t.sub_event_type for t in triggers.triggers if t.language == language}
        # "Non-state actor overtakes territory" shares the territory words: the actor decides
        missing = set(EVENT_TYPE_OF) - covered - {"Non-state actor overtakes territory"}
        assert not missing, f"{language}: no trigger for {sorted(missing)}"
        territory = [t for t in triggers.triggers if t.language == language and t.role_hint == "territory"]
        assert territory


@pytest.mark.parametrize("text, language, expected", [
    ("والاعتقالات طالت العشرات", "ar", "Arrests"),  # و + ال + plural
    ("ألقت القوات القبض على مطلوب", "ar", "Arrests"),  # القبض على: the article before the phrase
    ("قُتل جنديان بانفجار عبوةٍ ناسفةٍ", "ar", "Remote explosive/landmine/IED"),  # diacritics, clitic ب
    ("استهدفت الطائرات المسيّرة التركية سيارة", "ar", "Air/drone strike"),
    ("فرضت السلطات حظراً للتجول", "ar", "Change to group/activity"),
    ("Gunmen kidnapped two engineers", "en", "Abduction/forced disappearance"),
    ("A roadside bomb struck a bus", "en", "Remote explosive/landmine/IED"),
    ("Police dispersed the protesters with tear gas", "en", "Protest with intervention"),
])
def test_triggers_match_inflected_and_cliticised_forms(triggers, text, language, expected):
    assert expected in _subtypes(triggers, text, language)


def test_the_longest_trigger_wins_at_one_place(triggers):
    assert _subtypes(triggers, "قصف جوي على القرية", "ar") == ["Air/drone strike"]  # not قصف (shelling)
    assert _subtypes(triggers, "a drone strike hit the car", "en") == ["Air/drone strike"]


def test_casualty_and_role_cues_are_found_alongside_triggers(triggers):
    cues = {m.item.cue for m in triggers.find_cues(normalize("اعتقلت قسد 5 على يد"), "ar")}
    assert {"arrested", "agent"} <= cues


def test_an_analyst_added_trigger_takes_effect(tmp_path):
    for name in ("triggers.csv", "casualty_words.csv", "cue_words.csv"):
        shutil.copy(KNOWLEDGE / name, tmp_path / name)
    with (tmp_path / "triggers.csv").open("a", encoding="utf-8") as fh:
        fh.write("Looting/property destruction,en,carjack*,verb,,0.9,test word,looting\n")
    assert "Looting/property destruction" in _subtypes(load_triggers(tmp_path), "Gunmen carjacked a truck", "en")


def test_a_wrong_sub_event_type_is_a_clear_error(tmp_path):
    for name in ("triggers.csv", "casualty_words.csv", "cue_words.csv"):
        shutil.copy(KNOWLEDGE / name, tmp_path / name)
    with (tmp_path / "triggers.csv").open("a", encoding="utf-8") as fh:
        fh.write("Bombing,en,bomb*,noun,,0.9,,x\n")
    with pytest.raises(InputError, match="'Bombing' is not an ACLED sub-event type"):
        load_triggers(tmp_path)


def test_a_missing_word_list_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="triggers.csv is missing"):
        load_triggers(tmp_path)

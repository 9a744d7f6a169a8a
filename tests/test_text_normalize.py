import re

import pytest

from etl.text.normalize import (
    NormalizedText,
    clitic_pattern,
    compile_phrases,
    normalize,
    normalize_key,
)


def test_hamza_forms_alef_maqsura_and_taa_marbuta_fold():
    assert normalize("أإآٱ ؤ ئ ى ة").text == "اااا و ي ي ه"
    assert normalize("الرقة").text == "الرقه"
    assert normalize("مستشفى").text == "مستشفي"


def test_diacritics_tatweel_and_marks_are_removed_with_offsets_back_to_original():
    original = "التحالفُ الدوليّ ضـــد\u200fداعشٌ"
    n = normalize(original)
    assert n.text == "التحالف الدولي ضدداعش"
    assert len(n.offsets) == len(n.text) + 1
    assert n.offsets[-1] == len(original)
    start = n.text.index("الدولي")
    s, e = n.span_to_original(start, start + len("الدولي"))
    assert original[s:e] == "الدوليّ"  # the final shadda comes with the word
    start = n.text.index("داعش")
    s, e = n.span_to_original(start, start + 4)
    assert original[s:e] == "داعشٌ"


def test_digits_dashes_quotes_and_spaces_are_unified():
    assert normalize("٢١٠ و۵۰۰ و٥٬٠٠٠ و٢٫٥").text == "210 و500 و5,000 و2.5"
    assert normalize("a\u2013b\u2014c \u201cx\u201d \u00abq\u00bb \u2018y\u2019").text == 'a-b-c "x" "q" \'y\''
    assert normalize("a\u00a0b\u202fc\nd").text == "a b c\nd"


def test_latin_is_lowercased_without_changing_length():
    n = normalize("ISIS in İstanbul")
    assert n.text == "isis in istanbul"
    assert n.offsets == tuple(range(len("ISIS in İstanbul") + 1))


def test_presentation_form_ligature_expands_and_maps_back():
    original = "ﻻ بد"
    n = normalize(original)
    assert n.text == "لا بد"
    assert n.span_to_original(0, 1) == (0, 1)  # half of the ligature still covers the ligature
    assert n.span_to_original(0, 2) == (0, 1)


def test_span_to_original_rejects_out_of_range():
    with pytest.raises(ValueError):
        normalize("abc").span_to_original(2, 9)


def test_normalize_key_collapses_whitespace():
    assert normalize_key("  قوات  سوريا\nالديمقراطيّة ") == "قوات سوريا الديمقراطيه"
    assert isinstance(normalize("x"), NormalizedText)


@pytest.mark.parametrize(
    "token",
    ["داعش", "لداعش", "بداعش", "وداعش", "فداعش", "والداعش", "ولداعش"],
)
def test_clitic_pattern_matches_prefixed_forms(token):
    assert re.fullmatch(clitic_pattern("داعش"), token)


@pytest.mark.parametrize("token", ["الرقه", "بالرقه", "للرقه", "والرقه", "وللرقه", "فبالرقه"])
def test_clitic_pattern_keeps_the_phrase_article(token):
    assert re.fullmatch(clitic_pattern("الرقة"), token)


@pytest.mark.parametrize("text", ["رقه", "داعشي", "الداعشيون", "مداعش"])
def test_clitic_pattern_needs_word_boundaries(text):
    pattern = clitic_pattern("داعش") if "داعش" in text else clitic_pattern("الرقة")
    assert not re.search(pattern, text)


def test_compile_phrases_finds_many_phrases_longest_first_with_clitics():
    original = "أعلن التحالفُ الدولي ضد داعش لداعش، بالرقة، والتحالف، وللتنظيم في ISIS"
    n = normalize(original)
    matcher = compile_phrases(["داعش", "الرقة", "التحالف الدولي", "التحالف", "التنظيم", "isis"])
    found = [(n.text[s:e], p) for s, e, p in matcher.find(n.text)]
    assert found == [
        ("التحالف الدولي", "التحالف الدولي"),
        ("داعش", "داعش"),
        ("لداعش", "داعش"),
        ("بالرقه", "الرقة"),
        ("والتحالف", "التحالف"),
        ("وللتنظيم", "التنظيم"),
        ("isis", "isis"),
    ]
    s, e, _ = matcher.find(n.text)[0]
    assert original[slice(*n.span_to_original(s, e))] == "التحالفُ الدولي"


def test_compile_phrases_multiword_phrase_across_line_break_and_short_phrase_guard():
    matcher = compile_phrases(["قوات سوريا الديمقراطية", "سد"])
    text = normalize("وقوات سوريا\nالديمقراطية عند السد وفسد").text
    found = [(text[s:e], p) for s, e, p in matcher.find(text)]
    # "سد" (two letters) takes the article but not a bare one-letter prefix: "فسد" is another word.
    assert found == [("وقوات سوريا\nالديمقراطيه", "قوات سوريا الديمقراطية"), ("السد", "سد")]


def test_compile_phrases_empty_list_finds_nothing():
    assert compile_phrases([]).find("anything") == []

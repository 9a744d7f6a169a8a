from pathlib import Path

import pytest

from etl.text.numbers import NumberMention, find_numbers, parse_number

EXAMPLE = Path(__file__).parent.parent / "data/samples/articles/raqqa-coalition-2023-02-18.ar.txt"


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("210", 210), ("٢١٠", 210), ("۲۱۰", 210), ("5,000", 5000), ("٥٬٠٠٠", 5000), ("5 آلاف", 5000),
        ("واحد", 1), ("اثنان", 2), ("اثنين", 2), ("اثنتين", 2), ("ثلاثة", 3), ("ثلاث", 3), ("أربعة", 4),
        ("اربع", 4), ("ستة", 6), ("عشرة", 10), ("أحد عشر", 11), ("إحدى عشرة", 11), ("اثنا عشر", 12),
        ("تسعة عشر", 19), ("عشرون", 20), ("عشرين", 20), ("تسعين", 90), ("خمسة وعشرين", 25),
        ("مئة", 100), ("مائة", 100), ("مئتين", 200), ("مائتين", 200), ("مئتان", 200),
        ("ثلاثمئة", 300), ("ثلاثمائة", 300), ("ثلاث مئة", 300), ("مئتين وعشرة", 210),
        ("مئتين وخمسة وعشرين", 225), ("ألف", 1000), ("الف", 1000), ("ألفين", 2000),
        ("خمسة آلاف", 5000), ("خمسة الاف", 5000), ("ثلاثة آلاف وخمسمئة", 3500), ("عشرون ألفا", 20000),
        ("مئة ألف", 100000), ("ثلاثةُ", 3),
        ("one", 1), ("twelve", 12), ("twenty", 20), ("twenty-five", 25), ("a hundred", 100),
        ("two hundred and ten", 210), ("five thousand", 5000), ("1.5 million", 1500000), ("a dozen", 12),
    ],
)
def test_parse_number_exact(words, value):
    assert parse_number(words) == value


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("عدة", 3), ("بضعة", 3), ("عدد من", 3), ("عشرات", 12), ("العشرات", 12), ("مئات", 100),
        ("المئات", 100), ("آلاف", 1000), ("several", 3), ("a few", 3), ("a number of", 3),
        ("dozens", 12), ("hundreds", 100), ("عشرات الآلاف", 12000), ("tens of thousands", 12000),
        ("hundreds of thousands", 100000), ("several hundred", 300), ("بضعة آلاف", 3000), ("بضع عشرات", 12),
        ("a few dozen", 12),
    ],
)
def test_parse_number_vague_amounts_use_acled_values(words, value):
    assert parse_number(words) == value
    [mention] = find_numbers(words, "ar" if words[0] > "z" else "en")
    assert mention.vague is True


@pytest.mark.parametrize("words", ["", "قسد", "ثلاثة وخمسة", "أحد", "hello", "5 قتلى", "no one"])
def test_parse_number_rejects_non_numbers(words):
    assert parse_number(words) is None


def test_duals_count_two_only_for_listed_nouns_in_count_position():
    assert parse_number("عنصرين") == 2
    assert parse_number("جنديين") == 2
    assert parse_number("سيارتين") == 2
    # plural and dual look the same for these nouns: never read as 2
    assert parse_number("مقاتلين") is None
    assert parse_number("مدنيين") is None
    text = "اعتقل عنصرين اثنين و٣ جنديين"
    found = [(text[m.start:m.end], m.value) for m in find_numbers(text, "ar")]
    assert found == [("عنصرين اثنين", 2), ("٣", 3)]


def test_find_numbers_spans_and_compound_boundaries():
    text = "قتل ثلاثة وخمسة جرحى، ولست أدري وستة من الاف المقاتلين"
    found = [(text[m.start:m.end], m.value, m.vague) for m in find_numbers(text, "ar")]
    assert found == [("ثلاثة", 3, False), ("خمسة", 5, False), ("ستة", 6, False), ("الاف", 1000, True)]


def test_find_numbers_skips_dates_times_ranges_and_decimals():
    text = "ISIS killed two hundred and ten people on 18/02/2023 at 10:30; 10-15 wounded, 2.5 percent, 5,000 fled"
    found = [(text[m.start:m.end], m.value) for m in find_numbers(text, "en")]
    assert found == [("two hundred and ten", 210), ("5,000", 5000)]


def test_find_numbers_in_english_text():
    text = "Several civilians and a dozen soldiers died; dozens were hurt and twenty-five arrested."
    found = [(text[m.start:m.end], m.value, m.vague) for m in find_numbers(text, "en")]
    assert found == [
        ("Several", 3, True), ("dozen", 12, False), ("dozens", 12, True), ("twenty-five", 25, False)
    ]


def test_example_article_numbers():
    text = EXAMPLE.read_text(encoding="utf-8")
    found = {text[m.start:m.end]: m for m in find_numbers(text, "ar")}
    assert found["210"] == NumberMention(found["210"].start, found["210"].end, 210, False)
    assert found["ستة"].value == 6
    assert found["اثنين"].value == 2
    assert found["اثنان"].value == 2
    assert found["خمسة آلاف"].value == 5000
    assert (found["المئات"].value, found["المئات"].vague) == (100, True)
    assert "عدة" not in found  # "استمرت عدة أيام": a duration, not a count
    assert "أحد" not in found  # "ليس في مصلحة أحد": anyone, not one


def test_percentages_money_distances_times_and_durations_are_not_counts():
    text = ("ارتفع بنسبة 50% و20 في المئة، بكلفة 5 دولار، على بعد 10 كلم، الساعة 9 صباحاً، لمدة 3 أيام، "
            "عمره 20 عاما. Prices rose 7 percent, 12 miles away, at 5 pm, 4 years ago, a 20-year-old. قتل 6 مدنيين.")
    assert [(text[m.start:m.end], m.value) for m in find_numbers(text, "ar")] == [("6", 6)]

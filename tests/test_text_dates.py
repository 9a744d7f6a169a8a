"""Date expressions resolved against a fixed publication date: Saturday 18 February 2023."""

from datetime import date
from pathlib import Path

import pytest

from etl.text.dates import DateMention, find_dates, publication_date_in_text

PUB = date(2023, 2, 18)  # a Saturday
EXAMPLE = Path(__file__).parent.parent / "data/samples/articles/raqqa-coalition-2023-02-18.ar.txt"
D = date


def _only(text, language):
    mentions = find_dates(text, PUB, language)
    assert len(mentions) == 1, [(text[m.start:m.end], m) for m in mentions]
    m = mentions[0]
    return text[m.start:m.end], m.date_start, m.date_end, m.time_precision, m.kind


ARABIC = [
    # weekdays: the latest such day on or before publication
    ("وأضاف التحالف، يوم السبت، أن", "يوم السبت", D(2023, 2, 18), D(2023, 2, 18), 1, "weekday"),
    ("قال قيادي، الاثنين، إن", "الاثنين", D(2023, 2, 13), D(2023, 2, 13), 1, "weekday"),
    ("السورية.والاثنين، صدت", "الاثنين", D(2023, 2, 13), D(2023, 2, 13), 1, "weekday"),
    ("وقعت الاشتباكات يوم الإثنين في", "يوم الإثنين", D(2023, 2, 13), D(2023, 2, 13), 1, "weekday"),
    ("هاجموا القرية مساء الخميس", "مساء الخميس", D(2023, 2, 16), D(2023, 2, 16), 1, "weekday"),
    ("قتل يوم الجمعة الماضي", "يوم الجمعة الماضي", D(2023, 2, 17), D(2023, 2, 17), 1, "weekday"),
    ("منذ السبت الماضي", "منذ السبت الماضي", D(2023, 2, 11), D(2023, 2, 11), 1, "weekday"),
    ("يوم الأحد المقبل", "يوم الأحد المقبل", D(2023, 2, 19), D(2023, 2, 19), 1, "weekday"),
    # days relative to publication
    ("قتل أمس ثلاثة", "أمس", D(2023, 2, 17), D(2023, 2, 17), 1, "relative"),
    ("وقع الهجوم البارحة", "البارحة", D(2023, 2, 17), D(2023, 2, 17), 1, "relative"),
    ("اعتقل أول أمس", "أول أمس", D(2023, 2, 16), D(2023, 2, 16), 1, "relative"),
    ("أعلنت اليوم الوزارة", "اليوم", D(2023, 2, 18), D(2023, 2, 18), 1, "relative"),
    ("قبل ثلاثة أيام قتل", "قبل ثلاثة أيام", D(2023, 2, 15), D(2023, 2, 15), 1, "relative"),
    ("قبل يومين", "قبل يومين", D(2023, 2, 16), D(2023, 2, 16), 1, "relative"),
    ("قبل أيام", "قبل أيام", D(2023, 2, 11), D(2023, 2, 16), 2, "relative"),
    ("منذ أيام", "منذ أيام", D(2023, 2, 11), D(2023, 2, 16), 2, "relative"),
    ("منذ شهر رمضان", "شهر رمضان", D(2022, 4, 2), D(2022, 5, 1), 3, "hijri"),
    ("قبل عدة أيام", "قبل عدة أيام", D(2023, 2, 11), D(2023, 2, 16), 2, "relative"),
    ("قبل أسبوع", "قبل أسبوع", D(2023, 2, 8), D(2023, 2, 14), 2, "relative"),
    # windows
    ("خلال الأسبوع الماضي", "الأسبوع الماضي", D(2023, 2, 11), D(2023, 2, 17), 2, "relative"),
    ("في الأيام الماضية", "الأيام الماضية", D(2023, 2, 12), D(2023, 2, 18), 2, "relative"),
    ("الشهر الماضي", "الشهر الماضي", D(2023, 1, 1), D(2023, 1, 31), 3, "relative"),
    ("العام الماضي", "العام الماضي", D(2022, 1, 1), D(2022, 12, 31), 4, "relative"),
    ("السنة الماضية", "السنة الماضية", D(2022, 1, 1), D(2022, 12, 31), 4, "relative"),
    ("أحبطت نهاية العام الماضي هجوماً", "نهاية العام الماضي", D(2022, 12, 15), D(2022, 12, 31), 3, "relative"),
    ("في مطلع الشهر", "مطلع الشهر", D(2023, 2, 1), D(2023, 2, 10), 2, "relative"),
    ("منتصف الشهر الجاري", "منتصف الشهر الجاري", D(2023, 2, 11), D(2023, 2, 18), 2, "relative"),
    ("أواخر الشهر الماضي", "أواخر الشهر الماضي", D(2023, 1, 21), D(2023, 1, 31), 2, "relative"),
    ("في أواخر كانون الثاني", "أواخر كانون الثاني", D(2023, 1, 21), D(2023, 1, 31), 2, "relative"),
    ("مطلع عام 2017", "مطلع عام 2017", D(2017, 1, 1), D(2017, 1, 15), 3, "relative"),
    # day + month: Levantine, Gregorian, paired; no year -> the latest past one
    ("الذي أودى في 25 كانون الأول/ديسمبر بحياة", "25 كانون الأول/ديسمبر", D(2022, 12, 25), D(2022, 12, 25), 1,
     "absolute"),
    ("في 15 شباط", "15 شباط", D(2023, 2, 15), D(2023, 2, 15), 1, "absolute"),
    ("في 20 شباط", "20 شباط", D(2022, 2, 20), D(2022, 2, 20), 1, "absolute"),
    ("وفي 20 آذار الماضي، قتل", "20 آذار الماضي", D(2022, 3, 20), D(2022, 3, 20), 1, "absolute"),
    ("في 3 آذار 2021", "3 آذار 2021", D(2021, 3, 3), D(2021, 3, 3), 1, "absolute"),
    ("في 5 يونيو", "5 يونيو", D(2022, 6, 5), D(2022, 6, 5), 1, "absolute"),
    ("في 7 يوليه من العام 2019", "7 يوليه من العام 2019", D(2019, 7, 7), D(2019, 7, 7), 1, "absolute"),
    ("١٢ تشرين الثاني ٢٠٢٢", "١٢ تشرين الثاني ٢٠٢٢", D(2022, 11, 12), D(2022, 11, 12), 1, "absolute"),
    ("في الخامس من آذار الماضي", "الخامس من آذار الماضي", D(2022, 3, 5), D(2022, 3, 5), 1, "absolute"),
    ("في الحادي والعشرين من شهر كانون الثاني 2020", "الحادي والعشرين من شهر كانون الثاني 2020", D(2020, 1, 21),
     D(2020, 1, 21), 1, "absolute"),
    ("في التاسع من الشهر الجاري", "التاسع من الشهر الجاري", D(2023, 2, 9), D(2023, 2, 9), 1, "absolute"),
    ("في 28 من الشهر الماضي", "28 من الشهر الماضي", D(2023, 1, 28), D(2023, 1, 28), 1, "absolute"),
    ("في 9 أبريل/نيسان", "9 أبريل/نيسان", D(2022, 4, 9), D(2022, 4, 9), 1, "absolute"),
    # month + year, month alone, year alone
    ("في أكتوبر/تشرين الأول 2017.", "أكتوبر/تشرين الأول 2017", D(2017, 10, 1), D(2017, 10, 31), 3, "month"),
    ("في آب 2014", "آب 2014", D(2014, 8, 1), D(2014, 8, 31), 3, "month"),
    ("في شهر آذار الماضي", "شهر آذار الماضي", D(2022, 3, 1), D(2022, 3, 31), 3, "month"),
    ("منذ ديسمبر الماضي", "منذ ديسمبر الماضي", D(2022, 12, 1), D(2022, 12, 31), 3, "month"),
    ("خلال يناير", "خلال يناير", D(2023, 1, 1), D(2023, 1, 31), 3, "month"),
    ("استعادت منه المدينة عام 2017.", "عام 2017", D(2017, 1, 1), D(2017, 12, 31), 4, "year"),
    ("في العام 2015", "العام 2015", D(2015, 1, 1), D(2015, 12, 31), 4, "year"),
    ("لعام 2016", "عام 2016", D(2016, 1, 1), D(2016, 12, 31), 4, "year"),
    ("منذ 2011 م", "منذ 2011 م", D(2011, 1, 1), D(2011, 12, 31), 4, "year"),
    # numeric, day first; Arabic-Indic and Persian digits
    ("18/02/2023", "18/02/2023", PUB, PUB, 1, "absolute"),
    ("١٨/٠٢/٢٠٢٣", "١٨/٠٢/٢٠٢٣", PUB, PUB, 1, "absolute"),
    ("۱۸/۰۲/۲۰۲۳", "۱۸/۰۲/۲۰۲۳", PUB, PUB, 1, "absolute"),
    ("بتاريخ 2023-02-18", "2023-02-18", PUB, PUB, 1, "absolute"),
    ("بتاريخ 18-2-2023", "18-2-2023", PUB, PUB, 1, "absolute"),
    ("بتاريخ 3.1.2023", "3.1.2023", D(2023, 1, 3), D(2023, 1, 3), 1, "absolute"),
    # Hijri
    ("في 15 رجب 1444 هـ", "15 رجب 1444 هـ", D(2023, 2, 6), D(2023, 2, 6), 1, "hijri"),
    ("خلال رمضان 1443", "رمضان 1443", D(2022, 4, 2), D(2022, 5, 1), 3, "hijri"),
    ("في 1443 هـ", "1443 هـ", D(2021, 8, 9), D(2022, 7, 29), 4, "hijri"),
]


@pytest.mark.parametrize(("text", "span", "start", "end", "precision", "kind"), ARABIC)
def test_arabic_date_forms(text, span, start, end, precision, kind):
    assert _only(text, "ar") == (span, start, end, precision, kind)


ENGLISH = [
    ("The attack on Monday killed", "on Monday", D(2023, 2, 13), D(2023, 2, 13), 1, "weekday"),
    ("said on Saturday.", "on Saturday", PUB, PUB, 1, "weekday"),
    ("arrested last Saturday", "last Saturday", D(2023, 2, 11), D(2023, 2, 11), 1, "weekday"),
    ("killed yesterday", "yesterday", D(2023, 2, 17), D(2023, 2, 17), 1, "relative"),
    ("the day before yesterday", "the day before yesterday", D(2023, 2, 16), D(2023, 2, 16), 1, "relative"),
    ("said today", "today", PUB, PUB, 1, "relative"),
    ("several days ago", "several days ago", D(2023, 2, 11), D(2023, 2, 16), 2, "relative"),
    ("three days ago", "three days ago", D(2023, 2, 15), D(2023, 2, 15), 1, "relative"),
    ("last week", "last week", D(2023, 2, 6), D(2023, 2, 12), 2, "relative"),
    ("in recent days", "recent days", D(2023, 2, 12), PUB, 2, "relative"),
    ("last month", "last month", D(2023, 1, 1), D(2023, 1, 31), 3, "relative"),
    ("last year", "last year", D(2022, 1, 1), D(2022, 12, 31), 4, "relative"),
    ("at the end of last year", "the end of last year", D(2022, 12, 15), D(2022, 12, 31), 3, "relative"),
    ("in mid-December", "mid-December", D(2022, 12, 11), D(2022, 12, 20), 2, "relative"),
    ("since the start of the year", "the start of the year", D(2023, 1, 1), D(2023, 1, 15), 3, "relative"),
    ("early 2017", "early 2017", D(2017, 1, 1), D(2017, 1, 15), 3, "relative"),
    ("on 25 December", "25 December", D(2022, 12, 25), D(2022, 12, 25), 1, "absolute"),
    ("on 25th December 2021", "25th December 2021", D(2021, 12, 25), D(2021, 12, 25), 1, "absolute"),
    ("on December 25, 2022,", "December 25, 2022", D(2022, 12, 25), D(2022, 12, 25), 1, "absolute"),
    ("on Dec. 25 the", "Dec. 25", D(2022, 12, 25), D(2022, 12, 25), 1, "absolute"),
    ("in December 2022", "December 2022", D(2022, 12, 1), D(2022, 12, 31), 3, "month"),
    ("in March", "in March", D(2022, 3, 1), D(2022, 3, 31), 3, "month"),
    ("in 2017", "in 2017", D(2017, 1, 1), D(2017, 12, 31), 4, "year"),
    ("on 12/25/2022", "12/25/2022", D(2022, 12, 25), D(2022, 12, 25), 1, "absolute"),
]


@pytest.mark.parametrize(("text", "span", "start", "end", "precision", "kind"), ENGLISH)
def test_english_date_forms(text, span, start, end, precision, kind):
    assert _only(text, "en") == (span, start, end, precision, kind)


@pytest.mark.parametrize(
    "text",
    [
        "قتل الاثنين معا",  # "the two", not Monday
        "اليوم التالي للهجوم",  # "the next day": relative to another event
        "مارست الضغوط",  # a verb that starts like a month name
        "ISIS may attack again in the march to the city",  # lowercase English month words
        "كان أبي هناك",  # آب/أب (father) without a date
        "killed 25 people and wounded 2017 others",
        "قبل هجوم الرقة",
    ],
)
def test_words_that_only_look_like_dates(text):
    assert find_dates(text, PUB, "ar" if text[0] > "z" else "en") == []


def test_weekday_next_to_its_date_is_one_mention():
    text = "السبت 18 شباط 2023"
    [m] = find_dates(text, PUB, "ar")
    assert (text[m.start:m.end], m.date_start, m.kind) == ("السبت 18 شباط 2023", PUB, "absolute")


def test_example_article_dates():
    text = EXAMPLE.read_text(encoding="utf-8")
    found = [(text[m.start:m.end], m.date_start, m.date_end, m.time_precision) for m in find_dates(text, PUB, "ar")]
    assert found == [
        ("يوم السبت", PUB, PUB, 1),
        ("الاثنين", D(2023, 2, 13), D(2023, 2, 13), 1),
        ("الاثنين", D(2023, 2, 13), D(2023, 2, 13), 1),
        ("عام 2017", D(2017, 1, 1), D(2017, 12, 31), 4),
        ("نهاية العام الماضي", D(2022, 12, 15), D(2022, 12, 31), 3),
        ("25 كانون الأول/ديسمبر", D(2022, 12, 25), D(2022, 12, 25), 1),
        ("أكتوبر/تشرين الأول 2017", D(2017, 10, 1), D(2017, 10, 31), 3),
        ("18/02/2023", PUB, PUB, 1),
    ]
    assert all(isinstance(m, DateMention) for m in find_dates(text, PUB, "ar"))


def test_publication_date_in_text():
    assert publication_date_in_text(EXAMPLE.read_text(encoding="utf-8")) == PUB
    assert publication_date_in_text("Published: Feb. 18, 2023\n\nISIS attacked a checkpoint.") == PUB
    assert publication_date_in_text("السبت ١٨ شباط ٢٠٢٣\nقتل ستة") == PUB
    assert publication_date_in_text("قتل ستة عناصر يوم السبت") is None
    assert publication_date_in_text("") is None


def test_without_publication_date_only_self_contained_dates_are_returned():
    text = "قتل ستة يوم الاثنين، وفي 25 كانون الأول/ديسمبر 2022 وأمس، وفي أكتوبر 2017 وعام 2015 و15 رمضان 1444 هـ"
    found = [(text[m.start:m.end], m.date_start, m.time_precision) for m in find_dates(text, None, "ar")]
    assert found == [
        ("25 كانون الأول/ديسمبر 2022", D(2022, 12, 25), 1),
        ("أكتوبر 2017", D(2017, 10, 1), 3),
        ("عام 2015", D(2015, 1, 1), 4),
        ("15 رمضان 1444 هـ", D(2023, 4, 6), 1),
    ]


LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
             "تشرين الثاني", "كانون الأول"]
GREGORIAN = [["يناير"], ["فبراير"], ["مارس"], ["أبريل", "ابريل"], ["مايو"], ["يونيو", "يونيه"], ["يوليو", "يوليه"],
             ["أغسطس", "اغسطس"], ["سبتمبر"], ["أكتوبر"], ["نوفمبر"], ["ديسمبر"]]
ENGLISH_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December"]


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_name_with_a_day_and_a_year(month):
    names = [LEVANTINE[month - 1], *GREGORIAN[month - 1], ENGLISH_MONTHS[month - 1]]
    for name in names:
        text = f"وقع الهجوم في 7 {name} 2020 قرب المدينة"
        [m] = find_dates(text, PUB, "ar")
        assert (text[m.start:m.end], m.date_start, m.time_precision) == (f"7 {name} 2020", D(2020, month, 7), 1)


@pytest.mark.parametrize(
    ("text", "day"),
    [("يوم السبت", PUB), ("السبت", PUB), ("الأحد", D(2023, 2, 12)), ("الثلاثاء،", D(2023, 2, 14)),
     ("الأربعاء", D(2023, 2, 15)), ("الخميس", D(2023, 2, 16)), ("الجمعة", D(2023, 2, 17)),
     ("Sunday", D(2023, 2, 12)), ("on Friday", D(2023, 2, 17))],
)
def test_every_weekday_is_the_latest_on_or_before_publication(text, day):
    [m] = find_dates(text, PUB, "ar")
    assert (m.date_start, m.date_end, m.time_precision, m.kind) == (day, day, 1, "weekday")


def test_hijri_day_month_year_and_year_alone():
    [day] = find_dates("15 رمضان 1444", PUB, "ar")
    assert (day.date_start, day.time_precision, day.kind) == (D(2023, 4, 6), 1, "hijri")
    [year] = find_dates("عام 1444 هـ", PUB, "ar")
    assert (year.date_start, year.date_end, year.time_precision) == (D(2022, 7, 30), PUB, 4)  # cut at publication


@pytest.mark.parametrize("text, day", [
    ("غداة يوم الجمعة", date(2020, 5, 2)),  # the day after Friday
    ("عشية 25 آذار الماضي", date(2020, 3, 24)),  # the eve of 25 March
    ("the day after Friday's attack", date(2020, 5, 2)),
    ("on the eve of March 25", date(2020, 3, 24)),
])
def test_the_day_after_and_the_eve_of_a_date_move_it_by_one_day(text, day):
    found = find_dates(text, date(2020, 5, 5), "en" if text.isascii() else "ar")
    assert [(m.date_start, m.date_end) for m in found] == [(day, day)]

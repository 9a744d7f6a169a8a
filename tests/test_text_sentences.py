from pathlib import Path

from etl.text.sentences import split_clauses, split_sentences

EXAMPLE = Path(__file__).parent.parent / "data/samples/articles/raqqa-coalition-2023-02-18.ar.txt"


def _texts(text, language):
    return [text[s:e] for s, e in split_sentences(text, language)]


def test_arabic_sentences_end_at_stops_question_marks_semicolons_and_newlines():
    text = "قتل ستة عناصر. هل انتهى التنظيم؟ لا! قال المصدر؛ ثم غادر\nعنوان آخر"
    assert _texts(text, "ar") == ["قتل ستة عناصر.", "هل انتهى التنظيم؟", "لا!", "قال المصدر؛", "ثم غادر", "عنوان آخر"]


def test_arabic_run_on_full_stop_without_space_is_split_but_decimals_and_web_names_are_not():
    text = "فرض حظر تجوال في مدينة الرقة السورية.والاثنين، صدت القوات هجوما بنسبة 2.5 بالمئة. المصدر: العربية.نت"
    assert _texts(text, "ar") == [
        "فرض حظر تجوال في مدينة الرقة السورية.",
        "والاثنين، صدت القوات هجوما بنسبة 2.5 بالمئة.",
        "المصدر: العربية.نت",
    ]


def test_arabic_dotted_abbreviations_do_not_end_sentences():
    text = "قال د.محمد لوكالة أ.ف.ب إن الهجوم انتهى. ثم غادر"
    assert _texts(text, "ar") == ["قال د.محمد لوكالة أ.ف.ب إن الهجوم انتهى.", "ثم غادر"]


def test_arabic_ellipsis_ends_a_sentence():
    assert _texts("والاثنين، صدت...قيادي في قسد", "ar") == ["والاثنين، صدت...", "قيادي في قسد"]


def test_spans_are_trimmed_and_empty_or_symbol_only_lines_are_dropped():
    text = "×\n\n   أعلن التحالف الدولي.   \n \n"
    spans = split_sentences(text, "ar")
    assert [text[s:e] for s, e in spans] == ["أعلن التحالف الدولي."]
    s, e = spans[0]
    assert not text[s].isspace() and not text[e - 1].isspace()


def test_english_abbreviations_initials_decimals_and_acronyms():
    text = (
        "Mr. Smith met Gen. J. Allen in the U.S. on Dec. 25. The toll rose 2.5 percent! "
        'Was it? "Yes." Officials in the U.S. The end'
    )
    assert _texts(text, "en") == [
        "Mr. Smith met Gen. J. Allen in the U.S. on Dec. 25.",
        "The toll rose 2.5 percent!",
        "Was it?",
        '"Yes."',
        "Officials in the U.S.",
        "The end",
    ]


def test_english_run_on_and_line_breaks():
    text = "He said.ISIS attacked Raqqa.\nHeadline here\nThe attack\nkilled six. Visit example.com today."
    assert _texts(text, "en") == [
        "He said.",
        "ISIS attacked Raqqa.",
        "Headline here",
        "The attack\nkilled six.",
        "Visit example.com today.",
    ]


def test_example_article_sentences():
    text = EXAMPLE.read_text(encoding="utf-8")
    sentences = _texts(text, "ar")
    assert sentences[0] == "مرصد مكافحة الارهاب"
    assert any(s.startswith("أعلن التحالف الدولي ضد داعش") and s.endswith("في الرقة شرق سوريا.") for s in sentences)
    assert any(s.endswith("في مدينة الرقة السورية.") for s in sentences)
    assert any(s.startswith("والاثنين، صدت") for s in sentences)
    assert "وقال إن اثنين من مقاتليه نفّذاه، وتمكن أحدهما من الفرار." in sentences
    assert sentences[-2:] == ["*العربية.نت", "18/02/2023"]


def test_clauses_split_at_arabic_and_latin_commas_but_not_inside_numbers():
    text = "وأضاف التحالف في بيان، يوم السبت، أن 5,000 مقاتل شاركوا; وقال, إن"
    assert [text[s:e] for s, e in split_clauses(text)] == [
        "وأضاف التحالف في بيان",
        "يوم السبت",
        "أن 5,000 مقاتل شاركوا",
        "وقال",
        "إن",
    ]


def test_clauses_within_a_sentence_span():
    text = "أولى. ثم، ثانية، ثالثة. أخيرة"
    s, e = split_sentences(text, "ar")[1]
    assert [text[a:b] for a, b in split_clauses(text, s, e)] == ["ثم", "ثانية", "ثالثة."]

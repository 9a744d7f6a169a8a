"""dashboard.highlight: article text becomes safe HTML; only our own <mark>/<p> tags are markup."""

from dashboard.highlight import evidence_span, spans_html, term_spans

TEXT = "Intro.\n\nISIS attacked <b>Raqqa</b> <script>alert(1)</script> today.\nMore."


def test_everything_is_escaped_and_marks_are_ours():
    span = evidence_span(TEXT, 8, 34, TEXT[8:34])
    out = spans_html(TEXT, [span], lang="en")
    assert "<script>" not in out and "<b>" not in out
    assert '<mark class="evidence">ISIS attacked &lt;b&gt;Raqqa&lt;/b&gt;</mark>' in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert out.count("<p>") == 2 and "<br>" in out


def test_evidence_found_by_text_when_offsets_are_stale():
    assert evidence_span(TEXT, 0, 4, "ISIS attacked") == (8, 21, "evidence")
    assert evidence_span(TEXT, None, None, "not in the text") is None
    assert evidence_span(TEXT, 500, 600, None) is None


def test_overlapping_spans_keep_the_first_longest():
    spans = term_spans("Raqqa city, Raqqa", ["Raqqa", "Raqqa city"], "place")
    out = spans_html("Raqqa city, Raqqa", spans)
    assert out.count("<mark") == 2 and '<mark class="place">Raqqa city</mark>' in out


def test_arabic_direction():
    assert 'dir="rtl"' in spans_html("الرقة", [], lang="ar")
    assert 'dir="auto"' in spans_html("Raqqa", [], lang="en")


def test_css_class_is_escaped():
    assert '<mark class="a&quot;b">' in spans_html("abc", [(0, 1, 'a"b')])

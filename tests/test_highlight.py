"""dashboard.highlight: article text becomes safe HTML; only our own <mark>/<p> tags are markup."""

import pytest

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


@pytest.mark.parametrize("breaks", ["\r\r", "\r\n\r\n", "\u2028\u2028", "\u2029", "\n\n", "\r \r"])
def test_article_html_is_one_line_that_markdown_never_reads(breaks):
    """A bare carriage return is a line ending to Markdown: two of them used to end the raw HTML block, and the
    rest of the article was read as Markdown (an image fetched from the author's host)."""
    from markdown_it import MarkdownIt

    text = f"Gunmen attacked a checkpoint.{breaks}![x](http://evil.example/q.png) and http://evil.example/plain"
    out = spans_html(text, [(0, 6, "actor")])
    assert "\r" not in out and "\n" not in out and "\u2028" not in out and "\u2029" not in out
    rendered = MarkdownIt("commonmark", {"html": True}).render(out)
    assert "<img" not in rendered and "<a " not in rendered
    assert "![x](http://evil.example/q.png)" in rendered

"""Safe HTML for article text: every piece of source text goes through html.escape; the only markup
is our own <mark>/<p>/<br> tags, and the result is one line (every line break of the text, \r and U+2028/9
included, becomes <p> or <br>), so even passed through Markdown it stays one raw HTML block that Markdown never
reads (show it with st.html all the same). Pure; no Streamlit import."""

from __future__ import annotations

import html
import re
from typing import Iterable

Span = tuple[int, int, str]  # start, end (in the text), css class


_LINE_BREAK = re.compile(r"\r\n|\r|\u2028|\u2029|\x85|\x0b|\x0c")


def _paragraphs(escaped: str) -> str:
    escaped = _LINE_BREAK.sub("\n", escaped)
    parts = [p.strip() for p in re.split(r"\n\s*\n", escaped) if p.strip()]
    return "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in parts)


def spans_html(text: str, spans: Iterable[Span], *, lang: str | None = None) -> str:
    """The text as HTML with each span wrapped in <mark class=...>; overlapping spans keep the first
    (longest at a position). Out-of-range spans are ignored."""
    text = text or ""
    chosen: list[Span] = []
    for start, end, css in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if not (0 <= start < end <= len(text)):
            continue
        if chosen and start < chosen[-1][1]:
            continue
        chosen.append((start, end, css))
    out, pos = [], 0
    for start, end, css in chosen:
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark class="{html.escape(css, quote=True)}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    direction = ' dir="rtl"' if lang == "ar" else ' dir="auto"'
    return f'<div class="marsad-article"{direction}>{_paragraphs("".join(out))}</div>'


def evidence_span(text: str, start: object, end: object, evidence: str | None) -> Span | None:
    """Where the evidence is in the article: the stored offsets when they match the evidence text,
    otherwise the first place the evidence occurs, otherwise None."""
    text = text or ""
    try:
        s, e = int(start), int(end)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        s = e = -1
    if 0 <= s < e <= len(text) and (not evidence or text[s:e].strip() == str(evidence).strip()):
        return s, e, "evidence"
    if evidence:
        found = text.find(str(evidence).strip())
        if found >= 0:
            return found, found + len(str(evidence).strip()), "evidence"
    if 0 <= s < e <= len(text):
        return s, e, "evidence"
    return None


def term_spans(text: str, terms: Iterable[str], css: str) -> list[Span]:
    """Every occurrence of each term (case-insensitive), as spans."""
    text = text or ""
    lowered = text.lower()
    spans: list[Span] = []
    for term in {t.strip() for t in terms if t and len(t.strip()) >= 3}:
        for match in re.finditer(re.escape(term.lower()), lowered):
            spans.append((match.start(), match.end(), css))
    return spans


def escaped(text: object) -> str:
    """html.escape for any value (None -> empty)."""
    return html.escape("" if text is None else str(text))

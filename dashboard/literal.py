"""Text from the data or from the URL, shown exactly as written: never as Markdown, HTML or a link.

Streamlit renders every caption, heading, st.markdown, widget label, metric label, help text and alert as
GitHub-flavoured Markdown: `![x](http://host/q.png)` becomes an image the browser fetches at once (telling
that host who is reading), `<b>` may become markup, bare `http://...`, `www.` and e-mail addresses become
links (remark-gfm finds them in the *text* after escapes are resolved), `:red[..]` / `:smile:` / `$..$`
become colour, emoji and maths. `literal_markdown()` turns any text into Markdown source that Streamlit shows
as that very text; HTML that the dashboard builds itself goes through `st.html` (no Markdown at all) with every
piece of data passed through `html.escape` (dashboard/highlight.py).

Pure: no Streamlit import.
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"  # invisible, zero width, no line break: splits what the autolinker and emoji look for

# Markdown syntax on one line: inline (image, link, HTML, emphasis, code, strike, maths, entity, table cell) and,
# at the start of the line, heading, quote, list item (`-`, `+`, `1.`, `1)`).
_INLINE = re.compile(r"([\\`*_\[\]()!<>~$&|#])")
_LINE_START = re.compile(r"^([-+]|\d+[.)])")
_LINE_BREAKS = re.compile(r"[ \t]*(?:\r\n|\r|\n|\u2028|\u2029)\s*")
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|xmpp|www)(?=[:.])|(@)")
_SHORTCODE = re.compile(r":(?=[\w+-])")


def literal_markdown(value: object, *, max_chars: int | None = None) -> str:
    """Markdown source that Streamlit renders as exactly `value` (str() of it; None -> ""), on one line.

    The characters of Markdown syntax are backslash-escaped (no image, link, HTML, emphasis, code, heading,
    list, quote, table, strike-through or maths survives), line breaks become spaces (a caption or label is one
    line), and an invisible word joiner (U+2060) is put after `http`/`https`/`ftp`/`www`/`mailto`/`xmpp`, after
    `@` and after a `:` that starts a word, so no address becomes a link and no `:name:` an emoji or icon.
    `max_chars` cuts the text first (with "…")."""
    text = "" if value is None else str(value)
    if max_chars is not None and len(text) > max_chars:
        text = text[: max(max_chars - 1, 0)] + "\u2026"
    text = _LINE_BREAKS.sub(" ", text).strip()
    text = _AUTOLINK.sub(lambda m: (m.group(1) or m.group(2)) + WORD_JOINER, text)
    text = _SHORTCODE.sub(":" + WORD_JOINER, text)
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)


def isolated(value: object) -> str:
    """`value` between Unicode first-strong isolate and pop (U+2068 … U+2069): a Latin id or source inside an
    Arabic sentence keeps its own reading order (put it in a sentence before literal_markdown)."""
    return f"\u2068{'' if value is None else value}\u2069"


def shown_text(markdown: str) -> str:
    """What `literal_markdown` output reads as (escapes and word joiners removed): for tests and logs."""
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)
    return text.replace(WORD_JOINER, "").replace("\u2068", "").replace("\u2069", "")

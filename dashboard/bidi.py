"""Mixed Arabic / Latin / number text laid out by renderers that give the line one base direction (SVG text in
chart exports, table cells and cards in the printed report): each left-to-right run (Latin words, numbers with
their signs, percentages and brackets) is isolated so the Unicode bidi algorithm cannot reorder it against the
Arabic around it ("1,029 (+766 (+291%))" stays as written, not "((291%+) 766+) 1,029")."""

from __future__ import annotations

import re

LRI, RLI, PDI = "\u2066", "\u2067", "\u2069"
# A run that starts and ends with a Latin letter or digit (or a sign/bracket glued to one), holding Latin
# letters, digits, spaces and the punctuation of names, numbers and dates.
_LTR_RUN = re.compile(r"[(\[+\-−]*[A-Za-z0-9À-ɏ][A-Za-z0-9À-ɏ .,:;/&'’()\[\]%+\-−_@#]*[A-Za-z0-9À-ɏ%)\]]|"
                      r"[A-Za-z0-9]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def has_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text or ""))


def isolate_ltr_runs(text: str) -> str:
    """`text` with every left-to-right run wrapped in LRI ... PDI (nothing changes in text without Arabic)."""
    if not has_arabic(text):
        return text
    return _LTR_RUN.sub(lambda m: _isolated(m.group(0)), text)


def _isolated(run: str) -> str:
    """A run isolated, split at a bracket it does not both open and close (that bracket belongs to the Arabic
    text around it: "ACLED (acleddata.com، ..." isolates "ACLED" and "acleddata.com", not the bracket)."""
    unmatched, opened = set(), []
    for i, ch in enumerate(run):
        if ch in "([":
            opened.append(i)
        elif ch in ")]":
            if opened:
                opened.pop()
            else:
                unmatched.add(i)
    unmatched.update(opened)
    out, piece = [], ""
    for i, ch in enumerate(run):
        if i in unmatched:
            out.append(_wrap(piece) + ch)
            piece = ""
        else:
            piece += ch
    out.append(_wrap(piece))
    return "".join(out)


def _wrap(piece: str) -> str:
    core = piece.strip()
    if not re.search(r"[A-Za-z0-9À-ɏ]", core):
        return piece
    lead = piece[:len(piece) - len(piece.lstrip())]
    tail = piece[len(piece.rstrip()):]
    return f"{lead}{LRI}{core}{PDI}{tail}"


def rtl_line(text: str) -> str:
    """A whole line for an RTL reader in a renderer whose base direction is left-to-right: an RTL isolate
    around it (so a final full stop stays at the end, on the left) and its LTR runs isolated inside."""
    if not text:
        return text
    return f"{RLI}{isolate_ltr_runs(text)}{PDI}"

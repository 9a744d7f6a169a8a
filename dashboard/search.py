"""Free-text search as an RE2 pattern for DuckDB's regexp_matches: what an analyst types finds the text
however it is spelled in Arabic or cased in English. Pure; no Streamlit import.

- Letter case is ignored (English and other cased scripts).
- Arabic spelling variants match each other: ا أ إ آ ٱ; ه ة; ي ى ئ; و ؤ. So الرقه finds الرقة and
  ادلب finds إدلب.
- Arabic diacritics (fatha, damma, kasra, tanween, shadda, sukun, dagger alef) and tatweel are ignored on
  both sides: مسلحو finds مُسلّحو and مُسلّحو finds مسلحو.
- Western and Arabic-Indic digits match each other: 210 finds ٢١٠.
- Any run of blanks matches any run of blanks. Everything else matches itself (no wildcards: the
  pattern escapes every character, and it is a bound parameter, never SQL).
"""

from __future__ import annotations

import re

_MARKS = "\u064b-\u0652\u0670\u0640"  # tanween .. sukun, dagger alef, tatweel
_STRIP_MARKS = re.compile(f"[{_MARKS}]")
_VARIANTS = ("اأإآٱ", "هة", "يىئ", "وؤ") + tuple(f"{d}{chr(0x0660 + int(d))}" for d in "0123456789")
_CLASS_OF = {char: f"[{group}]" for group in _VARIANTS for char in group}


def _is_arabic_letter(char: str) -> bool:
    return "\u0621" <= char <= "\u064a" or char in "\u0671\u067e\u0686\u06a4\u06af\u06cc"


def text_search_pattern(text: str) -> str:
    """The case-insensitive RE2 pattern that finds `text` (see the module's rules), or '' for no text."""
    text = _STRIP_MARKS.sub("", text or "").strip()
    pieces: list[str] = []
    for char in text:
        if char.isspace():
            if pieces and pieces[-1] != r"\s+":
                pieces.append(r"\s+")
            continue
        pieces.append(_CLASS_OF.get(char) or re.escape(char))
        if _is_arabic_letter(char):
            pieces.append(f"[{_MARKS}]*")
    return "(?i)" + "".join(pieces) if pieces else ""

"""Free-text search as an RE2 pattern for DuckDB's regexp_matches: what an analyst types finds the text
however it is spelled, by the folding rules the extractor matches with (etl.text.normalize). Pure; no
Streamlit import.

- Letter case is ignored (English and other cased scripts); Latin letters and punctuation match only
  themselves, not the fullwidth forms normalize folds too.
- Arabic spelling variants match each other: ا أ إ آ ٱ; ه ة; ي ى ئ; و ؤ (and the Persian letters and
  presentation forms normalize folds). So الرقه finds الرقة and ادلب finds إدلب.
- Arabic diacritics (harakat, tanween, shadda, sukun, dagger alef), tatweel and the invisible marks
  normalize deletes are ignored on both sides: مسلحو finds مُسلّحو and مُسلّحو finds مسلحو.
- Western, Arabic-Indic and Persian digits match each other: 210 finds ٢١٠.
- Any run of blanks (Unicode spaces included) matches any run of blanks. Everything else matches
  itself (no wildcards: the pattern escapes every character, and it is a bound parameter, never SQL).
"""

from __future__ import annotations

import re

from etl.text.normalize import normalize, spellings


def _char_class(chars: str) -> str:
    return "[" + "".join("\\" + c if c in "\\]^-[" else c for c in chars) + "]"


def text_search_pattern(text: str) -> str:
    """The case-insensitive RE2 pattern that finds `text` (see the module's rules), or '' for no text."""
    groups, deleted = spellings()
    ignorable = _char_class(deleted) + "*"
    pieces: list[str] = []
    for char in normalize(text or "").text.strip():
        if char.isspace():
            if not pieces or not pieces[-1].startswith("(?:"):
                pieces.append(r"(?:\s|" + _char_class(groups[" "]) + ")+")
            continue
        # Latin letters and punctuation stay literal (RE2 finds a literal run several times faster; the
        # fullwidth forms normalize also folds do not occur in the news); digits and Arabic take their class
        variants = char if char.isascii() and not char.isdigit() else groups.get(char, char)
        pieces.append(_char_class(variants) if len(variants) > 1 else re.escape(char))
        if "\u0600" <= char <= "\u06ff":  # marks may follow an Arabic letter in the text
            pieces.append(ignorable)
    return "(?i)" + "".join(pieces) if pieces else ""

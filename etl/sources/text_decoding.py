"""Article bytes to text: the declared encoding (an HTML meta charset), UTF-8, or Windows-1256 when all of
the text is in it; a text mixing UTF-8 with another encoding is refused (it would be read garbled)."""

from __future__ import annotations

import re


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """(text, None) for text in the declared encoding (an HTML meta charset), UTF-8 or Windows-1256,
    else ("", reason)."""
    if b"\x00" in data[:4096]:
        return "", "binary file (NUL bytes), not text"
    text = None
    for encoding in (declared, "utf-8-sig"):
        try:
            text = data.decode(encoding) if encoding else None
        except (LookupError, UnicodeDecodeError):
            continue
        if text is not None:
            break
    if text is None:
        if _utf8_share(data) > 0.5:  # mostly UTF-8, some of it not: Windows-1256 would garble the UTF-8 part
            return "", "mixed encodings: most of the text is UTF-8 but some of it is not (Windows-1256?)"
        text = data.decode("cp1256", errors="replace")
        letters = [c for c in text if c.isalpha()]
        good = sum(1 for c in letters if c.isascii() or "\u0600" <= c <= "\u06ff")
        if "\ufffd" in text or not letters or good < 0.9 * len(letters):
            return "", "undecodable: neither UTF-8 nor Windows-1256 text"
    controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 4096):
        return "", "binary file (control characters), not text"
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _utf8_share(data: bytes) -> float:
    """The share of the non-ASCII bytes of `data` that form well-made UTF-8 sequences (Windows-1256 Arabic
    rarely does: its letters are not followed by the bytes 0x80-0xBF)."""
    high = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    if not high:
        return 0.0
    return sum(len(m) for m in _UTF8_SEQUENCE.findall(data)) / high

"""Rows of plain values (str, float, int, None) packed into one string: a knowledge cache that holds the
gazetteer's tens of thousands of places loads in a few milliseconds instead of unpickling every value
(a cold `marsad extract` reads one article and touches a handful of places)."""

from __future__ import annotations

from array import array
from typing import Iterable

_FIELD, _ROW = "\x1f", "\x1e"  # ASCII unit and record separators: never in a place name


def _encoded(value) -> str:
    if value is None:
        return "n"
    if isinstance(value, bool):
        raise TypeError("booleans are not packed")
    if isinstance(value, int):
        return f"i{value}"
    if isinstance(value, float):
        return f"f{value!r}"
    text = str(value)
    if _FIELD in text or _ROW in text:
        raise ValueError(f"a value holds a separator character: {text!r}")
    return "s" + text


def _decoded(field: str):
    tag, body = field[:1], field[1:]
    if tag == "s":
        return body
    if tag == "f":
        return float(body)
    if tag == "i":
        return int(body)
    return None


class PackedRows:
    """A read-only sequence of tuples, stored as one string and the offset of each row."""

    __slots__ = ("_text", "_starts")

    def __init__(self, rows: Iterable[tuple]):
        parts: list[str] = []
        starts = array("q")
        pos = 0
        for row in rows:
            line = _FIELD.join(_encoded(v) for v in row) + _ROW
            starts.append(pos)
            parts.append(line)
            pos += len(line)
        starts.append(pos)
        self._text = "".join(parts)
        self._starts = starts

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, index: int) -> tuple:
        if not 0 <= index < len(self):
            raise IndexError(index)
        line = self._text[self._starts[index]:self._starts[index + 1] - 1]
        return tuple(_decoded(f) for f in line.split(_FIELD))

    def __getstate__(self) -> tuple:
        return self._text, self._starts.tobytes()

    def __setstate__(self, state: tuple) -> None:
        self._text = state[0]
        self._starts = array("q")
        self._starts.frombytes(state[1])

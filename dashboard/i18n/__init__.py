"""UI strings in English and Arabic (dashboard/i18n/{en,ar}.toml).

`translator(lang)` returns a callable `t(key, **kwargs)`: the string for `key` in `lang`, formatted with
kwargs; a key missing in Arabic falls back to English, so a raw key is never shown for a missing Arabic
string. Event types, sub-types and origins are translated through `t.event_type(...)` etc., and
unknown names are shown as they are. Pure: no Streamlit import.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

LANGUAGES = ("en", "ar")
RTL_LANGUAGES = frozenset({"ar"})


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, f"{name}."))
        else:
            out[name] = str(value)
    return out


@lru_cache(maxsize=None)
def strings(lang: str) -> dict[str, str]:
    """Every string of one language, keyed by dotted key ("page.overview", "event_types.Battles")."""
    text = resources.files("dashboard.i18n").joinpath(f"{lang}.toml").read_text(encoding="utf-8")
    return _flatten(tomllib.loads(text))


def normalize_lang(lang: object) -> str:
    """'ar' or 'en' (anything else, e.g. from a URL, becomes 'en')."""
    value = str(lang or "").strip().lower()[:2]
    return value if value in LANGUAGES else "en"


class Translator:
    """t(key, **kwargs) -> text in the chosen language (English fallback)."""

    def __init__(self, lang: str) -> None:
        self.lang = normalize_lang(lang)
        self.rtl = self.lang in RTL_LANGUAGES
        self._own = strings(self.lang)
        self._fallback = strings("en")

    def __call__(self, key: str, **kwargs: object) -> str:
        text = self._own.get(key)
        if text is None:
            text = self._fallback.get(key, key)
        if kwargs:
            try:
                return text.format(**kwargs)
            except (KeyError, IndexError, ValueError):
                return text
        return text

    def has(self, key: str) -> bool:
        return key in self._own or key in self._fallback

    def _named(self, section: str, name: str | None) -> str:
        if not name:
            return ""
        key = f"{section}.{name}"
        return self(key) if self.has(key) else name

    def event_type(self, name: str | None) -> str:
        return self._named("event_types", name)

    def sub_event_type(self, name: str | None) -> str:
        return self._named("sub_event_types", name)

    def origin(self, name: str | None) -> str:
        return self._named("origins", name)

    def month(self, number: int) -> str:
        return self(f"months.m{number}")

    def date(self, value) -> str:
        """A readable date: '1 Jan 2017' / '1 كانون الثاني 2017'."""
        return f"{value.day} {self.month(value.month)} {value.year}"

    def number(self, value: object) -> str:
        if value is None:
            return "–"
        try:
            return f"{int(value):,}"
        except (TypeError, ValueError):
            return str(value)


@lru_cache(maxsize=None)
def translator(lang: str) -> Translator:
    """The translator for `lang` ('en' or 'ar'; anything else gives English)."""
    return Translator(normalize_lang(lang))

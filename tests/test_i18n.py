"""dashboard.i18n: English and Arabic have the same keys and placeholders; fallbacks never show raw keys."""

import re
import string
from pathlib import Path

import pytest

from dashboard.i18n import strings, translator
from etl.schema import ORIGINS, TAXONOMY

ROOT = Path(__file__).resolve().parents[1]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_same_keys_in_both_languages():
    assert set(strings("en")) == set(strings("ar"))


def test_same_placeholders_in_both_languages():
    en, ar = strings("en"), strings("ar")
    mismatched = {k: (placeholders(en[k]), placeholders(ar[k])) for k in en if placeholders(en[k]) != placeholders(ar[k])}
    assert mismatched == {}


def test_arabic_strings_are_arabic():
    ar = strings("ar")
    arabic = re.compile(r"[\u0600-\u06FF]")
    # Everything but format names / acronyms is written in Arabic.
    latin_only = {k for k, v in ar.items() if not arabic.search(v)}
    allowed = {"export.png", "export.svg", "export.pdf", "events.download_csv", "events.download_xlsx",
               "events.download_geojson", "origins.acled", "origins.ucdp", "origins.gdelt"}
    assert latin_only <= allowed


def test_every_event_type_sub_type_and_origin_is_translated():
    t = translator("ar")
    for event_type, subs in TAXONOMY.items():
        assert t.event_type(event_type) != event_type
        for sub in subs:
            assert t.sub_event_type(sub) != sub
    for origin in ORIGINS:
        assert t.has(f"origins.{origin}")


def test_missing_arabic_key_falls_back_to_english(monkeypatch):
    t = translator("ar")
    monkeypatch.delitem(t._own, "common.no_events")
    assert t("common.no_events") == "No events match these filters."


def test_formatting_and_unknown_language():
    assert translator("ar")("events.total", total="1,234") == "1,234 حدثًا"
    assert translator("xx")("page.map") == "Map"
    assert translator("ar").event_type("Not a type") == "Not a type"


def test_arabic_dates():
    import datetime as dt

    assert translator("ar").date(dt.date(2017, 10, 17)) == "17 تشرين الأول 2017"
    assert translator("en").date(dt.date(2017, 10, 17)) == "17 Oct 2017"


KEY_CALL = re.compile(r"""\bt\(\s*["']([a-z_0-9]+\.[a-z_0-9]+)["']""")


def test_every_literal_key_used_by_the_dashboard_exists():
    known = set(strings("en"))
    used = set()
    for path in (ROOT / "dashboard").rglob("*.py"):
        used |= set(KEY_CALL.findall(path.read_text(encoding="utf-8")))
    assert used, "no t('...') calls found"
    assert sorted(used - known) == []


@pytest.mark.parametrize("page", ["overview", "timeline", "actors", "map", "events", "news", "data"])
def test_page_titles_translated(page):
    assert translator("ar")(f"page.{page}") != translator("en")(f"page.{page}")


def test_keys_built_at_run_time_exist():
    from dashboard.data import SORTABLE
    from dashboard.filters import PRESETS

    keys = [f"filters.preset_{p}" for p in ("custom", *PRESETS)]
    keys += [f"map.layer_{x}" for x in ("points", "heat", "choropleth")] + ["map.raqqa", "map.syria"]
    keys += [f"actors.by_{m}" for m in ("events", "fatalities")] + [f"timeline.{g}" for g in ("day", "week", "month")]
    keys += [f"export.{f}" for f in ("png", "svg", "pdf")] + [f"events.download_{f}" for f in ("csv", "xlsx", "geojson")]
    keys += [f"col.{c}" for c in SORTABLE] + [f"months.m{i}" for i in range(1, 13)]
    assert [k for k in keys if k not in strings("en")] == []

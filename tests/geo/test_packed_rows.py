"""The knowledge cache stores the gazetteer's places packed in one string: every place must come back
from the cache exactly as built (names, variants, coordinates, population), in both languages."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from etl.extract import load_knowledge
from etl.geo.packed_rows import PackedRows

ROOT = Path(__file__).resolve().parents[2]


def test_places_read_back_from_the_cache_are_the_places_built_from_the_csvs():
    built = load_knowledge(ROOT / "data" / "knowledge", cache=False).gazetteer
    cached = pickle.loads(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
    assert cached.places == built.places
    raqqa = cached.lookup("الرقة")[0]
    assert (raqqa.name_en, raqqa.lat, raqqa.lon, raqqa.population) == ("Ar-Raqqa", 35.953075, 39.006062, 531952)
    text, english = "قصف مدفعي على مدينة الرقة وبلدة الشحيل", "Shelling hit Raqqa and the town of Shuhayl"
    for gazetteer in (built, cached):  # each language unpacked on first use finds the same places
        found = [m.place.place_id for m in gazetteer.find(text, "ar")] + [m.place.place_id for m in gazetteer.find(english, "en")]
        assert found == [m.place.place_id for m in built.find(text, "ar")] + [m.place.place_id for m in built.find(english, "en")]
        assert len(found) == 4


def test_packed_rows_keep_each_value_and_its_type():
    rows = [("id-1", "", None, 35.5, 12, "name|variant"), ("id-2", "Raqqa", "الرقة", -0.1, 0, "")]
    packed = pickle.loads(pickle.dumps(PackedRows(rows)))
    assert len(packed) == 2 and [packed[0], packed[1]] == rows
    with pytest.raises(IndexError):
        packed[2]


def test_a_value_holding_a_separator_is_refused_not_garbled():
    with pytest.raises(ValueError, match="separator"):
        PackedRows([("a\x1fb",)])

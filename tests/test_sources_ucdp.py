"""etl.sources.ucdp: real UCDP GED rows mapped per docs/spec/event-schema.md "Mapping UCDP GED"."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

from etl.config import DATA_DIR
from etl.errors import InputError
from etl.sources import ucdp

DATASETS = Path(__file__).parent / "fixtures" / "datasets"
BUNDLED = DATA_DIR / "samples" / "ucdp_ged_syria_2016-01_2019-11.csv.gz"


@pytest.fixture(scope="module")
def sample() -> dict[str, dict]:
    batch = ucdp.read(DATASETS / "ucdp_syria_sample.csv")
    assert batch.rows_read == 12 and batch.quarantined == []
    return {row["event_id"]: row for row in batch.table.to_pylist()}


def test_first_real_row_maps_field_by_field(sample):
    row = sample["ucdp:214797"]
    assert row["event_date"] == "2016-01-01"
    assert row["time_precision"] == "1"
    assert row["actor1"] == "Government of Syria"
    assert row["actor2"] == "Syrian insurgents"
    assert (row["inter1"], row["inter2"]) == ("State forces", "Rebel group")
    assert row["fatalities"] == "4"  # best
    assert row["location"] == "Teir Maaleh village"  # where_coordinates
    assert (row["latitude"], row["longitude"]) == ("34.802462", "36.707602")
    assert row["geo_precision"] == "1"
    assert row["country"] == "Syria"
    assert row["source"] == "SOHR"
    assert row["notes"] == "14 shells hit Dahya al-Assad an clashes continue around Ter Ma’la"
    assert row["source_url"] == "https://ucdp.uu.se/event/214797"
    assert (row["origin"], row["confidence"], row["language"]) == ("ucdp", "1.0", "en")
    # UCDP's own adm_1/adm_2 ("Homs Governorate") are not used: the pipeline assigns OCHA areas
    assert row["admin1"] is None and row["admin2"] is None
    assert row["raw_record"].startswith("214797,2016,1,1,299,Syria: Government")


@pytest.mark.parametrize("event_id, event_type, sub_event_type", [
    ("ucdp:214808", "Battles", "Armed clash"),  # "Clashes on many fronts of Aleppo"
    ("ucdp:214797", "Explosions/Remote violence", "Shelling/artillery/missile attack"),  # "14 shells hit ..."
    ("ucdp:216907", "Explosions/Remote violence", "Air/drone strike"),  # "Raids by warplanes around al-Tabaqa"
    ("ucdp:224325", "Explosions/Remote violence", "Suicide bomb"),  # "7 suicide attacks target SDF"
    ("ucdp:234914", "Explosions/Remote violence", "Chemical weapon"),  # barrel bombs containing chlorine gas
    ("ucdp:216595", "Explosions/Remote violence", "Remote explosive/landmine/IED"),  # landmine explosion
    ("ucdp:216510", "Violence against civilians", "Attack"),  # type 3: IS beheads a man in Raqqa
    ("ucdp:216705", "Battles", "Armed clash"),  # failed IS attack on Tal Abyad
])
def test_type_of_violence_and_headline_give_the_acled_sub_type(sample, event_id, event_type, sub_event_type):
    row = sample[event_id]
    assert (row["event_type"], row["sub_event_type"]) == (event_type, sub_event_type)
    assert row["disorder_type"] == "Political violence"


def test_one_sided_violence_is_against_civilians(sample):
    row = sample["ucdp:216510"]
    assert (row["actor1"], row["actor2"], row["inter2"]) == ("IS", "Civilians", "Civilians")


@pytest.mark.parametrize("event_id, time_precision, geo_precision", [
    ("ucdp:216705", "2", "2"),   # date_prec 2, where_prec 2
    ("ucdp:223796", "3", "2"),   # date_prec 4 (month)
    ("ucdp:219264", "4", "2"),   # date_prec 5 (year), where_prec 3
    ("ucdp:233200", "4", "3"),   # where_prec 6 (country)
])
def test_precision_codes_are_translated(sample, event_id, time_precision, geo_precision):
    row = sample[event_id]
    assert (row["time_precision"], row["geo_precision"]) == (time_precision, geo_precision)


def test_global_ged_layout_with_extra_columns_and_datetime_dates():
    batch = ucdp.read(DATASETS / "ucdp_global_layout.csv")
    rows = batch.table.to_pylist()
    assert [r["event_id"] for r in rows] == ["ucdp:214797", "ucdp:216510"]
    assert [r["event_date"] for r in rows] == ["2016-01-01", "2016-02-16"]  # from "2016-01-01 00:00:00.000"
    assert rows[1]["sub_event_type"] == "Attack"


def test_bundled_release_loads_completely():
    batch = ucdp.read(BUNDLED)
    assert batch.rows_read == 16_566
    assert batch.table.num_rows == 16_566 and batch.quarantined == []
    ids = batch.table.column("event_id").to_pylist()
    assert len(set(ids)) == 16_566
    subs = Counter(batch.table.column("sub_event_type").to_pylist())
    assert subs["Attack"] == 482  # every one-sided event (type_of_violence 3)
    assert sum(subs.values()) == 16_566 and None not in subs
    assert subs["Armed clash"] > 5_000 and subs["Air/drone strike"] > 3_000
    dates = batch.table.column("event_date").to_pylist()
    assert min(dates) == "2016-01-01" and max(dates) == "2019-11-30"


def test_gzipped_header_only_file_names_the_users_file(tmp_path):
    path = tmp_path / "ged_empty.csv.gz"
    with gzip.open(BUNDLED, "rt", encoding="utf-8") as src:
        header = src.readline()
    with gzip.open(path, "wt", encoding="utf-8") as dst:
        dst.write(header)
    with pytest.raises(InputError) as caught:
        ucdp.read(path)
    assert str(caught.value) == f"{path}: the file has a header but no data rows"


def test_acled_file_given_as_ucdp_names_the_missing_columns():
    with pytest.raises(InputError, match=r"required column\(s\) missing: id, type_of_violence, side_a, side_b"):
        ucdp.read(DATASETS / "acled_current.csv")

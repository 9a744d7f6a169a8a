"""etl.sources.acled: current and older ACLED exports mapped to the canonical record."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.errors import InputError
from etl.schema import EVENT_COLUMNS
from etl.sources import acled
from etl.sources.csv_input import source_batch_schema

DATASETS = Path(__file__).parent / "fixtures" / "datasets"


def records(name: str) -> list[dict]:
    return acled.read(DATASETS / name).table.to_pylist()


def test_current_export_maps_every_field_a_user_sees():
    batch = acled.read(DATASETS / "acled_current.csv")
    assert batch.table.schema == source_batch_schema()
    assert batch.rows_read == 3 and batch.quarantined == []
    first = batch.table.to_pylist()[0]
    assert first["event_id"] == "acled:SYR12345"
    assert first["event_date"] == "2019-06-15"
    assert first["time_precision"] == "1"
    assert first["disorder_type"] == "Political violence"
    assert first["event_type"] == "Explosions/Remote violence"
    assert first["sub_event_type"] == "Remote explosive/landmine/IED"
    assert first["actor1"] == "Unidentified Armed Group (Syria)"
    assert first["actor2"] == "SDF: Syrian Democratic Forces"
    assert (first["inter1"], first["inter2"]) == ("Political militia", "Rebel group")
    assert (first["country"], first["admin1"], first["location"]) == ("Syria", "Ar-Raqqa", "Ar-Raqqa")
    assert (first["latitude"], first["longitude"], first["geo_precision"]) == ("35.9528", "39.0079", "1")
    assert first["fatalities"] == "2"
    assert first["source"] == "SOHR; North Press Agency"
    assert first["notes"].startswith("On 15 June 2019, an IED exploded near an SDF patrol")
    assert (first["origin"], first["confidence"], first["language"]) == ("acled", "1.0", "en")
    assert first["timestamp"] == "2019-06-24 18:13:20"  # unix 1561400000, UTC
    assert first["source_url"] == acled.DATASET_URL
    assert first["record_no"] == 1


def test_zero_fatalities_are_kept_as_written():
    assert [r["fatalities"] for r in records("acled_current.csv")] == ["2", "0", "0"]


def test_older_export_with_numeric_actor_types_and_day_month_dates():
    rows = records("acled_old_format.csv")
    assert [r["event_id"] for r in rows] == ["acled:SYR12345", "acled:SYR12346", "acled:SYR12347"]
    # "15 June 2019", "16-06-2019" (dd-mm-yyyy), "2019-06-17"
    assert [r["event_date"] for r in rows] == ["2019-06-15", "2019-06-16", "2019-06-17"]
    assert [(r["inter1"], r["inter2"]) for r in rows] == [
        ("Political militia", "Rebel group"), ("State forces", "Civilians"), ("Rebel group", None)]
    assert rows[2]["actor2"] is None
    assert rows[0]["sub_event_type"] == "Remote explosive/landmine/IED"


def test_bom_crlf_and_cp1256_files_give_the_same_events():
    expected = [r["event_id"] for r in records("acled_current.csv")]
    for name in ("acled_bom.csv", "acled_crlf.csv", "acled_cp1256.csv"):
        assert [r["event_id"] for r in records(name)] == expected, name
    arabic = records("acled_cp1256.csv")[0]
    assert arabic["notes"] == "انفجار عبوة ناسفة قرب دورية لقسد في مدينة الرقة، مقتل عنصرين"


def test_quoted_newline_in_notes_is_one_event():
    rows = records("acled_quoted_newline.csv")
    assert len(rows) == 3
    assert rows[1]["notes"].endswith('Second paragraph: "no casualties", per SOHR.')
    assert rows[2]["event_id"] == "acled:SYR12347"


def test_ragged_row_is_quarantined_and_the_others_load():
    batch = acled.read(DATASETS / "acled_ragged_row.csv")
    assert batch.rows_read == 3
    assert [r["event_id"] for r in batch.table.to_pylist()] == ["acled:SYR12345", "acled:SYR12347"]
    assert [(q.record_no, q.reason) for q in batch.quarantined] == [(2, "row has 12 fields, header has 31")]


@pytest.mark.parametrize("name, field, kept", [
    ("acled_bad_date.csv", "event_date", "2019-02-30"),
    ("acled_impossible_date.csv", "event_date", "31-13-2019"),
    ("acled_coordinates_out_of_range.csv", "latitude", "135.4411"),
    ("acled_negative_fatalities.csv", "fatalities", "-3"),
])
def test_values_for_the_validation_to_judge_are_kept_raw(name, field, kept):
    """The mapping never silently drops a bad value: validation quarantines it with a reason."""
    rows = records(name)
    assert len(rows) == 3
    assert rows[1][field] == kept
    assert rows[1]["record_no"] == 2


def test_swapped_coordinates_and_duplicate_ids_reach_the_validation_unchanged():
    swapped = records("acled_swapped_coordinates.csv")[1]
    assert (swapped["latitude"], swapped["longitude"]) == ("39.0079", "35.9528")
    ids = [r["event_id"] for r in records("acled_duplicate_ids.csv")]
    assert ids == ["acled:SYR12345", "acled:SYR12346", "acled:SYR12345"]


def test_output_has_exactly_the_canonical_columns_then_record_no_and_raw_record():
    batch = acled.read(DATASETS / "acled_old_format.csv")
    assert batch.table.column_names == list(EVENT_COLUMNS) + ["record_no", "raw_record"]


@pytest.mark.parametrize("name, message", [
    ("acled_missing_column.csv", "required column(s) missing: event_date"),
    ("acled_header_only.csv", "the file has a header but no data rows"),
    ("empty.csv", "the file is empty (0 bytes)"),
    ("not_csv.png", "not a CSV file, it is a PNG image"),
    ("ucdp_syria_sample.csv", "required column(s) missing: event_id_cnty, event_date, sub_event_type"),
])
def test_unusable_files_raise_input_error(name, message):
    with pytest.raises(InputError) as caught:
        acled.read(DATASETS / name)
    assert message in str(caught.value)


def test_generated_benchmark_file_reads_back(tmp_path):
    from benchmarks.generate_acled import write_acled_csv

    path = write_acled_csv(tmp_path / "acled.csv", 500, seed=3)
    batch = acled.read(path)
    assert batch.rows_read == 500 and batch.quarantined == []
    rows = batch.table.to_pylist()
    assert rows[0]["event_id"] == "acled:SYR1" and rows[-1]["event_id"] == "acled:SYR500"
    assert all(r["country"] == "Syria" and r["timestamp"] for r in rows)
    assert len({r["sub_event_type"] for r in rows}) >= 12

"""etl.sources.events_csv: canonical events from CSV, JSON Lines and JSON arrays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.errors import InputError
from etl.schema import EVENT_COLUMNS
from etl.sources import events_csv

DATASETS = Path(__file__).parent / "fixtures" / "datasets"


def test_csv_with_some_canonical_columns_loads_and_origin_defaults_to_manual():
    batch = events_csv.read(DATASETS / "events_canonical.csv")
    assert batch.rows_read == 3 and batch.quarantined == []
    assert batch.table.column_names == list(EVENT_COLUMNS) + ["record_no", "raw_record"]
    rows = batch.table.to_pylist()
    assert [r["event_id"] for r in rows] == [
        "manual:raqqa-curfew-2019-06-20", "manual:tabqa-arrests-2019-06-21", "gtd:201906220001"]
    assert [r["origin"] for r in rows] == ["manual", "manual", "gtd"]
    assert rows[1]["arrests"] == "210" and rows[1]["fatalities"] == "0"
    assert rows[0]["fatalities"] is None  # empty = not reported
    assert rows[0]["sub_event_type"] == "Change to group/activity"
    assert rows[2]["record_no"] == 3
    assert rows[0]["injuries"] is None  # absent column


def test_jsonl_bad_line_is_quarantined_and_the_rest_loads():
    batch = events_csv.read(DATASETS / "events_with_bad_line.jsonl")
    rows = batch.table.to_pylist()
    assert [r["event_id"] for r in rows] == ["manual:raqqa-curfew-2019-06-20", "manual:tabqa-arrests-2019-06-21"]
    assert [r["record_no"] for r in rows] == [1, 3]  # line numbers
    assert [(q.record_no, q.reason) for q in batch.quarantined] == [
        (2, "line 2 is not valid JSON (Expecting value at column 77)"),
        (5, "line 5 is not a JSON object"),
    ]
    assert batch.quarantined[0].raw.startswith('{"event_id": "manual:broken"')
    assert batch.rows_read == 4  # the blank line 4 is not a record
    second = rows[1]
    assert second["actor1"] == "قسد"
    assert (second["latitude"], second["arrests"]) == ("35.8356", "210")  # JSON numbers as text
    assert second["origin"] == "manual"
    assert json.loads(second["raw_record"])["notes"] == "قسد تعتقل 210 من عناصر داعش في ريف الرقة"


def test_json_array_of_events(tmp_path):
    path = tmp_path / "events.json"
    path.write_text(json.dumps([
        {"event_id": "m1", "event_date": "2019-06-20T10:00:00Z", "sub_event_type": "Arrests", "arrests": 5},
        {"event_id": "m2", "event_date": "2019-06-21", "sub_event_type": "Attack", "origin": "article"},
    ]), encoding="utf-8")
    rows = events_csv.read(path).table.to_pylist()
    assert [(r["event_id"], r["event_date"], r["origin"]) for r in rows] == [
        ("m1", "2019-06-20", "manual"), ("m2", "2019-06-21", "article")]


def test_unparseable_date_is_kept_for_the_validation(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("event_id,event_date,sub_event_type\nm1,2019-02-30,Arrests\n", encoding="utf-8")
    assert events_csv.read(path).table.column("event_date").to_pylist() == ["2019-02-30"]


def test_missing_required_column_is_named():
    with pytest.raises(InputError, match=r"required column\(s\) missing: sub_event_type"):
        events_csv.read(DATASETS / "events_missing_required.csv")


def test_jsonl_without_a_required_field_anywhere_is_refused(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_text('{"event_id": "m1", "event_date": "2019-06-20"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"required field\(s\) missing in every record: sub_event_type"):
        events_csv.read(path)


@pytest.mark.parametrize("name, message", [
    ("empty.csv", "the file is empty (0 bytes)"),
    ("not_csv.png", "not a CSV file, it is a PNG image"),
])
def test_unusable_csv_files(name, message):
    with pytest.raises(InputError) as caught:
        events_csv.read(DATASETS / name)
    assert message in str(caught.value)


def test_empty_jsonl_file(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="no records"):
        events_csv.read(path)


def test_pretty_printed_json_object_is_not_taken_for_json_lines():
    with pytest.raises(InputError, match="one JSON object spread over several lines"):
        events_csv.read(DATASETS / "not_csv.json")


def test_csv_renamed_to_jsonl_is_refused_not_quarantined_line_by_line(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_bytes((DATASETS / "events_canonical.csv").read_bytes())
    with pytest.raises(InputError, match="not JSON Lines, none of its 4 lines is a JSON object"):
        events_csv.read(path)


def test_json_array_item_that_is_not_an_object_is_quarantined_by_position(tmp_path):
    path = tmp_path / "events.json"
    path.write_text(json.dumps([{"event_id": "m1", "event_date": "2019-06-20", "sub_event_type": "Arrests"},
                                "oops"]), encoding="utf-8")
    batch = events_csv.read(path)
    assert batch.rows_read == 2 and batch.table.num_rows == 1
    assert [(q.record_no, q.reason) for q in batch.quarantined] == [(2, "item 2 is not a JSON object")]


def test_line_separator_inside_a_json_string_does_not_split_the_record(tmp_path):
    path = tmp_path / "events.jsonl"
    record = {"event_id": "m1", "event_date": "2019-06-20", "sub_event_type": "Arrests", "notes": "a\u2028b"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\r\n", encoding="utf-8")
    batch = events_csv.read(path)
    assert batch.quarantined == [] and batch.table.column("notes").to_pylist() == ["a\u2028b"]

"""etl.sources.csv_input: encodings, line endings, quoted newlines, ragged rows, whole-file errors."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from etl.errors import InputError
from etl.schema import Quarantined
from etl.sources.csv_input import read_csv_rows

DATASETS = Path(__file__).parent / "fixtures" / "datasets"
ACLED_REQUIRED = ("event_id_cnty", "event_date", "sub_event_type")


def rows_of(name: str, optional=()):
    return read_csv_rows(DATASETS / name, ACLED_REQUIRED, optional, kind="an ACLED CSV export")


def test_plain_file_reads_every_column_as_text_with_record_numbers():
    rows = rows_of("acled_current.csv")
    assert rows.rows_read == 3 and rows.quarantined == []
    assert rows.encoding == "utf-8"
    table = rows.table
    assert table.column("record_no").to_pylist() == [1, 2, 3]
    assert table.column("event_id_cnty").to_pylist() == ["SYR12345", "SYR12346", "SYR12347"]
    # numbers stay text: the pipeline's validation decides what they mean
    assert table.column("latitude").to_pylist()[0] == "35.9528"
    assert table.column("fatalities").to_pylist() == ["2", "0", "0"]
    assert table.column("assoc_actor_1").to_pylist() == [None, None, None]  # empty cell -> null
    # raw_record is the line as written in the file
    first_line = (DATASETS / "acled_current.csv").read_text(encoding="utf-8").splitlines()[1]
    assert table.column("raw_record").to_pylist()[0] == first_line


def test_bom_is_not_part_of_the_first_column_name():
    rows = rows_of("acled_bom.csv")
    assert rows.header[0] == "event_id_cnty"
    assert rows.table.column("event_id_cnty").to_pylist()[0] == "SYR12345"


def test_crlf_line_endings_leave_no_carriage_returns():
    rows = rows_of("acled_crlf.csv")
    assert rows.table.column("timestamp").to_pylist() == ["1561400000", "1561500000", "1561600000"]
    assert not any("\r" in raw for raw in rows.table.column("raw_record").to_pylist())


def test_windows_1256_file_is_decoded_to_arabic():
    rows = rows_of("acled_cp1256.csv")
    assert rows.encoding == "cp1256"
    assert rows.table.column("notes").to_pylist()[0] == "انفجار عبوة ناسفة قرب دورية لقسد في مدينة الرقة، مقتل عنصرين"
    assert rows.table.column("location").to_pylist()[0] == "الرقة"


def test_cp1256_bytes_after_a_utf8_looking_start_fall_back_to_cp1256(tmp_path):
    path = tmp_path / "late.csv"
    head = "event_id_cnty,event_date,sub_event_type,notes\n" + "SYR1,2019-01-01,Arrests,plain ascii\n" * 5000
    path.write_bytes(head.encode("ascii") + "SYR2,2019-01-02,Arrests,الرقة\n".encode("cp1256"))
    rows = read_csv_rows(path, ACLED_REQUIRED)
    assert rows.encoding == "cp1256"
    assert rows.table.column("notes").to_pylist()[-1] == "الرقة"
    assert rows.table.column("record_no").to_pylist()[-1] == 5001


def test_quoted_newline_stays_inside_the_field_and_rows_keep_their_numbers():
    rows = rows_of("acled_quoted_newline.csv")
    assert rows.rows_read == 3 and rows.quarantined == []
    notes = rows.table.column("notes").to_pylist()[1]
    assert notes == 'On 16 June 2019, regime forces shelled Khan Shaykhun.\nSecond paragraph: "no casualties", per SOHR.'
    assert rows.table.column("record_no").to_pylist() == [1, 2, 3]
    # the reconstruction of a multi-line record is valid CSV that reads back to the same values
    assert '"On 16 June 2019, regime forces shelled Khan Shaykhun.\nSecond paragraph: ""no casualties"", per SOHR."' \
        in rows.table.column("raw_record").to_pylist()[1]


def test_ragged_row_is_quarantined_with_its_record_number_and_field_counts():
    rows = rows_of("acled_ragged_row.csv")
    assert rows.rows_read == 3
    assert rows.table.column("record_no").to_pylist() == [1, 3]
    assert rows.table.column("event_id_cnty").to_pylist() == ["SYR12345", "SYR12347"]
    assert len(rows.quarantined) == 1
    bad = rows.quarantined[0]
    assert isinstance(bad, Quarantined)
    assert bad.record_no == 2
    assert bad.reason == "row has 12 fields, header has 31"
    assert bad.raw.startswith("SYR12346,2019-06-16,2019,1,Political violence")


def test_ragged_rows_after_blank_lines_and_quoted_newlines_get_data_row_numbers(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text('event_id_cnty,event_date,sub_event_type\nA,2019-01-01,"x\ny"\n\nB,2019-01-02\n'
                    'C,2019-01-03,Arrests\nD,1,2,3\nE,2019-01-05,Arrests\n', encoding="utf-8")
    rows = read_csv_rows(path, ACLED_REQUIRED)
    assert [(q.record_no, q.raw, q.reason) for q in rows.quarantined] == [
        (2, "B,2019-01-02", "row has 2 fields, header has 3"),
        (4, "D,1,2,3", "row has 4 fields, header has 3"),
    ]
    assert rows.table.column("record_no").to_pylist() == [1, 3, 5]
    assert rows.table.column("event_id_cnty").to_pylist() == ["A", "C", "E"]
    assert rows.rows_read == 5


def test_missing_optional_columns_are_added_as_nulls_and_names_are_lower_cased(tmp_path):
    path = tmp_path / "upper.csv"
    path.write_text(" Event_ID_Cnty ,EVENT_DATE,Sub_Event_Type\nSYR1,2019-01-01,Arrests\n", encoding="utf-8")
    rows = read_csv_rows(path, ACLED_REQUIRED, optional=("fatalities",))
    assert rows.table.column("event_id_cnty").to_pylist() == ["SYR1"]
    assert rows.table.column("fatalities").to_pylist() == [None]


@pytest.mark.parametrize("name, message", [
    ("does_not_exist.csv", "does_not_exist.csv: file not found"),
    ("empty.csv", "empty.csv: the file is empty (0 bytes)"),
    ("acled_header_only.csv", "acled_header_only.csv: the file has a header but no data rows"),
    ("not_csv.png", "not_csv.png: not a CSV file, it is a PNG image"),
    ("not_csv.json", "not_csv.json: not a CSV file, it looks like JSON"),
    ("not_csv.txt", "not_csv.txt: not a CSV file, its first line has no columns separated by commas, semicolons, tabs or '|' (found 'Dear analyst')"),
    ("acled_missing_column.csv", "acled_missing_column.csv: required column(s) missing: event_date"),
])
def test_whole_file_problems_raise_input_error_naming_the_problem(name, message):
    with pytest.raises(InputError) as caught:
        rows_of(name)
    assert message in str(caught.value)
    assert "an ACLED CSV export" in str(caught.value) or "missing" in message or "header" in message


def test_binary_file_with_nul_bytes_is_not_csv(tmp_path):
    path = tmp_path / "data.bin"
    path.write_bytes(b"event_id_cnty,event_date\x00\x01\x02\x00")
    with pytest.raises(InputError, match="not a CSV file, it is a binary file"):
        read_csv_rows(path, ACLED_REQUIRED)


def test_several_missing_columns_are_all_named(tmp_path):
    path = tmp_path / "few.csv"
    path.write_text("event_id_cnty,notes\nSYR1,x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"required column\(s\) missing: event_date, sub_event_type"):
        read_csv_rows(path, ACLED_REQUIRED)


def test_unclosed_quote_quarantines_the_row_that_swallowed_the_rest_of_the_file(tmp_path):
    path = tmp_path / "unclosed.csv"
    path.write_text('event_id_cnty,event_date,sub_event_type,notes\nA,2019-01-01,Arrests,"ok"\n'
                    'B,2019-01-02,Arrests,"unterminated\nC,2019-01-03,Arrests,x\n', encoding="utf-8")
    rows = read_csv_rows(path, ACLED_REQUIRED)
    assert rows.table.column("event_id_cnty").to_pylist() == ["A"]
    assert rows.rows_read == 2
    [bad] = rows.quarantined
    assert bad.record_no == 2
    assert bad.reason == ("field 'notes' opens a quote that is never closed: "
                          "the rest of the file (1 more line(s)) was read into it")
    assert "C,2019-01-03,Arrests,x" in bad.raw  # nothing is lost: the swallowed line is in the raw text


def test_leading_blank_lines_and_a_header_without_line_break(tmp_path):
    path = tmp_path / "blank_first.csv"
    path.write_text("\n\nevent_id_cnty,event_date,sub_event_type\nA,2019-01-01,Arrests\n", encoding="utf-8")
    rows = read_csv_rows(path, ACLED_REQUIRED)
    assert rows.table.column("record_no").to_pylist() == [1]
    path = tmp_path / "header_no_newline.csv"
    path.write_text("event_id_cnty,event_date,sub_event_type", encoding="utf-8")
    with pytest.raises(InputError, match="the file has a header but no data rows"):
        read_csv_rows(path, ACLED_REQUIRED)


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_spreadsheet_exports_separated_by_semicolons_tabs_or_bars_read_like_commas(tmp_path, delimiter):
    rows = [["event_id_cnty", "event_date", "sub_event_type", "notes"],
            ["A", "2019-01-01", "Arrests", f"Raqqa{delimiter} 3 \"held\", later freed"],
            ["B", "2019-01-02", "Attack", "plain"],
            ["C", "2019-01-03", "Attack"]]  # ragged: quarantined with its line as written
    path = tmp_path / "excel.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    read = read_csv_rows(path, ACLED_REQUIRED)
    assert read.table.column("event_id_cnty").to_pylist() == ["A", "B"]
    assert read.table.column("notes").to_pylist() == [f"Raqqa{delimiter} 3 \"held\", later freed", "plain"]
    assert read.table.column("raw_record").to_pylist()[1] == delimiter.join(rows[2])
    assert [(q.record_no, q.raw, q.reason) for q in read.quarantined] == [
        (3, delimiter.join(rows[3]), "row has 3 fields, header has 4")]


def test_a_single_column_file_is_refused_naming_what_it_found(tmp_path):
    path = tmp_path / "one_column.csv"
    path.write_text("event_id_cnty:event_date:sub_event_type\nA:2019-01-01:Arrests\n", encoding="utf-8")
    with pytest.raises(InputError, match="no columns separated by commas, semicolons, tabs or '[|]' "
                                         "[(]found 'event_id_cnty:event_date:sub_event_type'[)]"):
        read_csv_rows(path, ACLED_REQUIRED)


def test_files_own_record_no_and_raw_record_columns_do_not_clash(tmp_path):
    path = tmp_path / "exported.csv"
    path.write_text("event_id_cnty,event_date,sub_event_type,record_no,raw_record\nA,2019-01-01,Arrests,7,x\n",
                    encoding="utf-8")
    rows = read_csv_rows(path, ACLED_REQUIRED)
    assert rows.table.column("record_no").to_pylist() == [1]
    assert rows.table.column("record_no_in_file").to_pylist() == ["7"]
    assert rows.table.column("raw_record").to_pylist() == ["A,2019-01-01,Arrests,7,x"]


def test_utf16_file_is_named_as_such(tmp_path):
    path = tmp_path / "unicode.csv"
    path.write_bytes("event_id_cnty,event_date\n".encode("utf-16"))
    with pytest.raises(InputError, match="it is UTF-16 text"):
        read_csv_rows(path, ACLED_REQUIRED)

"""Out-of-range numbers in a dataset (issue 9): a fatality count or an ACLED timestamp that does not fit is
quarantined with its raw value, never stored as NULL ("not reported"), as the load time or as a date in
1200 BC; the good rows of the file load."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.store import snapshot as store
from etl.config import get_settings
from etl.pipeline import import_dataset

HEADER = "event_id_cnty,event_date,sub_event_type,latitude,longitude,fatalities,timestamp\n"
GOOD = "SYR1,2024-05-05,Armed clash,35.95,39.01,3,1717171717\n"
BAD = {  # event id -> (fatalities, timestamp, the reason's words)
    "SYR2": ("99999999999999999999", "1717171717", "fatalities 99999999999999999999 is out of range"),
    "SYR3": ("2147483648", "1717171717", "fatalities 2147483648 is out of range"),
    "SYR4": ("1e400", "1717171717", "fatalities 1e400 is out of range"),
    "SYR5": ("1", "1e30", "timestamp 1e30 is not a date-time"),
    "SYR6": ("1", "-99999999999", "timestamp -99999999999 is not a date-time"),
}


@pytest.mark.parametrize("delimiter", [",", ";"], ids=["duckdb-reads", "pyarrow-reads"])
def test_out_of_range_values_are_quarantined_with_their_raw_value(tmp_path, delimiter):
    lines = [HEADER, GOOD] + [f"{eid},2024-05-05,Armed clash,35.95,39.01,{fat},{ts}\n"
                              for eid, (fat, ts, _) in BAD.items()]
    path = tmp_path / "acled.csv"
    path.write_text("".join(line.replace(",", delimiter) for line in lines), encoding="utf-8")
    db = tmp_path / "store.duckdb"
    report = import_dataset("acled", path, settings=get_settings(db=str(db), progress="no"))
    assert (report.read, report.inserted, report.quarantined) == (6, 1, 5)
    con = store.read_only(db)
    try:
        quarantined = con.execute("SELECT raw_record, reason FROM quarantine ORDER BY record_no").fetchall()
        stored = con.execute("SELECT event_id, fatalities, CAST(timestamp AS VARCHAR) FROM events").fetchall()
    finally:
        con.close()
    assert stored == [("acled:SYR1", 3, "2024-05-31 16:08:37")]
    for (raw, reason), (eid, (_, _, words)) in zip(quarantined, BAD.items()):
        assert raw.startswith(eid) and words in reason, (raw, reason)

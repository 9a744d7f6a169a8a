"""ACLED CSV export importer: the current 31-column export and older layouts.

    batch = read(Path("acled_syria.csv"))

Mapping is etl/store/sql/map_acled.sql: event_id `acled:<event_id_cnty>`, numeric inter codes (old
exports) -> actor type names, dates in any ACLED format -> ISO, `timestamp` from ACLED's unix
timestamp (the pipeline updates a stored row when the same id comes with a newer timestamp).
Fatalities are kept as written (ACLED writes 0 for none reported).
"""

from __future__ import annotations

from pathlib import Path

from etl.schema import INTER_TYPES
from etl.sources.csv_direct import DirectCsv, direct_csv
from etl.sources.csv_input import SourceBatch, mapped_batch, read_csv_rows

REQUIRED_COLUMNS = ("event_id_cnty", "event_date", "sub_event_type")
OPTIONAL_COLUMNS = (
    "time_precision", "disorder_type", "event_type", "actor1", "assoc_actor_1", "inter1", "actor2",
    "assoc_actor_2", "inter2", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "notes", "fatalities", "timestamp",
)
DATASET_URL = "https://acleddata.com/data-export-tool/"
KIND = "an ACLED CSV export"


def _params() -> dict:
    return {"dataset_url": DATASET_URL, "inter_names": list(INTER_TYPES)}


def read(path: Path) -> SourceBatch:
    """Read an ACLED CSV export into canonical columns; see etl.sources.csv_input.SourceBatch."""
    rows = read_csv_rows(Path(path), REQUIRED_COLUMNS, OPTIONAL_COLUMNS, kind=KIND)
    return mapped_batch(rows, "map_acled", _params())


def direct(path: Path) -> DirectCsv | None:
    """The same mapping with DuckDB reading the file itself (None: use read); see csv_direct.direct_csv."""
    return direct_csv(Path(path), REQUIRED_COLUMNS, OPTIONAL_COLUMNS, KIND, "map_acled", _params())

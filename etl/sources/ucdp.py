"""UCDP GED CSV importer: the Syria release bundled in data/samples and the global GED layout.

    batch = read(Path("data/samples/ucdp_ged_syria_2016-01_2019-11.csv.gz"))

Mapping (docs/spec/event-schema.md "Mapping UCDP GED") is etl/store/sql/map_ucdp.sql. Gzipped files
(.csv.gz) are decompressed to a temporary file first, within the gzip size and ratio limits
(etl.sources.gzip_input). The global GED's extra columns (relid,
code_status, where_description, gwnoa, ...) are accepted and ignored.
"""

from __future__ import annotations

from pathlib import Path

from etl.config import get_settings
from etl.errors import InputError
from etl.sources.csv_direct import DirectCsv, direct_csv
from etl.sources.csv_input import SourceBatch, mapped_batch, read_csv_rows
from etl.sources.gzip_input import plain_file

REQUIRED_COLUMNS = ("id", "type_of_violence", "side_a", "side_b", "date_start", "latitude", "longitude", "best")
OPTIONAL_COLUMNS = ("source_headline", "source_office", "where_prec", "where_coordinates", "country", "date_prec",
                    "low", "high")
EVENT_URL_PREFIX = "https://ucdp.uu.se/event/"


def read(path: Path) -> SourceBatch:
    """Read a UCDP GED CSV (or .csv.gz) into canonical columns; see etl.sources.csv_input.SourceBatch."""
    path = Path(path)
    if path.suffix.lower() != ".gz":
        rows = read_csv_rows(path, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, kind="a UCDP GED CSV")
        return mapped_batch(rows, "map_ucdp", {"url_prefix": EVENT_URL_PREFIX})
    if not path.exists():
        raise InputError(f"{path}: file not found (expected a UCDP GED CSV)")
    settings = get_settings()
    with plain_file(path, max_bytes=settings.gzip_max_bytes, max_ratio=settings.gzip_max_ratio) as plain:
        try:
            rows = read_csv_rows(plain, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, kind="a UCDP GED CSV")
        except InputError as exc:  # name the file the user gave, not the temporary copy
            raise InputError(str(exc).replace(str(plain), str(path))) from None
        return mapped_batch(rows, "map_ucdp", {"url_prefix": EVENT_URL_PREFIX})


def direct(path: Path) -> DirectCsv | None:
    """The same mapping with DuckDB reading a plain (not gzipped) file itself (None: use read)."""
    path = Path(path)
    if path.suffix.lower() == ".gz":
        return None
    return direct_csv(path, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, "a UCDP GED CSV", "map_ucdp",
                      {"url_prefix": EVENT_URL_PREFIX})

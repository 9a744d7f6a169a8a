"""The DuckDB event store: migrations, snapshot-swap writes, read-only reads, SQL files.

All SQL lives in etl/sql/*.sql; this module loads it by name and runs it with bound parameters.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import duckdb
import pyarrow as pa


@lru_cache(maxsize=None)
def sql_text(name: str) -> str:
    """The text of etl/sql/<name>.sql."""
    return resources.files("etl").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")


def transform(sql_name: str, params: list | dict | None = None, **tables: pa.Table) -> pa.Table:
    """Run etl/sql/<sql_name>.sql over Arrow tables (registered under their keyword names) in an
    in-memory DuckDB and return the result as an Arrow table."""
    con = duckdb.connect(":memory:")
    try:
        for name, table in tables.items():
            con.register(name, table)
        result = con.execute(sql_text(sql_name), params or [])
        return result.to_arrow_table()
    finally:
        con.close()

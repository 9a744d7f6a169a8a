"""ETL runs: read an input, validate, enrich, load into the store — with run accounting.

Every run reconciles: rows read = inserted + updated + unchanged + quarantined. A run writes into a
private snapshot of the store (etl.store.snapshot.writing), so a failure leaves the live store untouched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Callable

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from etl import __version__
from etl.store import events as event_store, runs as run_store, snapshot as store
from etl.config import Settings, get_settings
from etl.errors import InputError, MarsadError
from etl.sources.gzip_input import plain_file
from etl.schema import DISORDER_OF_EVENT_TYPE, EVENT_COLUMNS, EVENT_FIELDS, INTER_TYPES, ORIGINS, TAXONOMY

DATASET_SOURCES = {"ucdp": "etl.sources.ucdp", "acled": "etl.sources.acled", "csv": "etl.sources.events_csv"}
ADMIN_COLUMNS = ("admin1", "admin2", "admin3", "admin1_pcode", "admin2_pcode", "admin3_pcode")
ARROW_TYPES = {
    "VARCHAR": pa.string(), "DATE": pa.date32(), "TINYINT": pa.int8(), "INTEGER": pa.int32(),
    "DOUBLE": pa.float64(), "TIMESTAMP": pa.timestamp("us"), "BOOLEAN": pa.bool_(),
}
Progress = Callable[[str], None]
STORE_GROWTH = 0.25  # store bytes added per input byte, at most (1M ACLED rows: 517 MB of CSV, +82 MB)


@dataclass
class RunReport:
    """What one run did: the counts a user sees and that are stored in `runs`."""

    run_id: int | None
    command: str
    input_path: str
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    message: str | None = None
    details: dict = field(default_factory=dict)

    @property
    def reconciles(self) -> bool:
        return self.read == self.inserted + self.updated + self.unchanged + self.quarantined

    def counts(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("read", "inserted", "updated", "unchanged", "quarantined")}


def file_sha256(path: Path, stop: threading.Event | None = None) -> str:
    """The file's SHA-256 (hex); '' when `stop` is set meanwhile (the run was interrupted)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            if stop is not None and stop.is_set():
                return ""
            digest.update(chunk)
    return digest.hexdigest()


def _with_all_columns(table: pa.Table) -> pa.Table:
    """Add any canonical column the source did not produce, as nulls."""
    for name in EVENT_COLUMNS:
        if name not in table.column_names:
            table = table.append_column(name, pa.nulls(table.num_rows, pa.string()))
    for name, kind in (("record_no", pa.int64()), ("raw_record", pa.string())):
        if name not in table.column_names:
            values = pa.array(range(1, table.num_rows + 1), kind) if name == "record_no" else pa.nulls(table.num_rows, kind)
            table = table.append_column(name, values)
    return table


def _validation_params(today: dt.date | None) -> dict:
    from etl.geo.admin_areas import REGION_LAT, REGION_LON

    pairs = [(et, sub) for et, subs in TAXONOMY.items() for sub in subs]
    return {"today": today or dt.date.today(), "lat_min": REGION_LAT[0], "lat_max": REGION_LAT[1],
            "lon_min": REGION_LON[0], "lon_max": REGION_LON[1],
            "sub_event_types": [sub for _, sub in pairs], "event_types_of": [et for et, _ in pairs],
            "disorder_types_of": [DISORDER_OF_EVENT_TYPE[et] for et, _ in pairs],
            "inter_types": list(INTER_TYPES), "origins": sorted(ORIGINS)}


def validate_batch(table: pa.Table, today: dt.date | None = None) -> tuple[pa.Table, list[tuple]]:
    """Split a batch into typed good rows (canonical columns + record_no) and quarantined rows
    (record_no, raw_record, reason), in one vectorised pass (etl/store/sql/validate_events.sql)."""
    params = _validation_params(today)
    steps = (("unchecked", "clean_events"), ("duplicates", "duplicate_events"), ("batch", "batch_with_duplicates"))
    good, bad = store.transform_split("validate_events", params, prepare=steps, incoming=_with_all_columns(table))
    quarantined = list(zip(bad.column("record_no").to_pylist(), bad.column("raw_record").to_pylist(),
                           bad.column("reason").to_pylist()))
    return good, quarantined


_ADMIN_CACHE: dict = {}
_ACTOR_CACHE: dict = {}


def _admin_areas(settings: Settings):
    key = str(settings.geo_dir)
    if key not in _ADMIN_CACHE:
        _ADMIN_CACHE[key] = import_module("etl.geo.admin_areas").load_admin_areas(settings.geo_dir)
    return _ADMIN_CACHE[key]


def _actor_dictionary(settings: Settings):
    key = str(settings.knowledge_dir)
    if key not in _ACTOR_CACHE:
        _ACTOR_CACHE[key] = import_module("etl.actors").load_actors(settings.knowledge_dir)
    return _ACTOR_CACHE[key]


def enrich(table: pa.Table, settings: Settings) -> pa.Table:
    """OCHA admin areas by point-in-polygon (where the point falls in or near Syria) and canonical
    actor names and types from the actor dictionary."""
    if table.num_rows == 0:
        return table
    lat = table.column("latitude").to_numpy(zero_copy_only=False).astype(float)
    lon = table.column("longitude").to_numpy(zero_copy_only=False).astype(float)
    located = _admin_areas(settings).locate(lat, lon)
    for name in ADMIN_COLUMNS:
        found = located.column(name)
        merged = pc.coalesce(pc.cast(found, pa.string()), table.column(name))
        table = table.set_column(table.column_names.index(name), name, merged)
    found_country = pc.if_else(pc.is_valid(located.column("admin1_pcode")), "Syria", table.column("country"))
    table = table.set_column(table.column_names.index("country"), "country", found_country)

    actors = _actor_dictionary(settings)
    for actor_col, inter_col in (("actor1", "inter1"), ("actor2", "inter2")):
        column = table.column(actor_col)
        names = _map_unique(column, lambda values: actors.canonical_names({v for v in values if v}))
        inter_of = _map_unique(names, lambda values: {v: getattr(actors.canonical(v), "inter", None) for v in values if v})
        inters = pc.coalesce(table.column(inter_col), pc.cast(inter_of, pa.string()))
        table = table.set_column(table.column_names.index(actor_col), actor_col, names)
        table = table.set_column(table.column_names.index(inter_col), inter_col, inters)
    return table


def _map_unique(column, mapping_for: Callable[[list], dict]) -> pa.Array:
    """Map a string column through a dict built once from its distinct values (unmapped values kept)."""
    column = pa.chunked_array(column).combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    uniques = pc.unique(column)
    values = uniques.to_pylist()
    mapping = mapping_for(values)
    mapped = pa.array([mapping.get(v, v) if v is not None else None for v in values], pa.string())
    return pc.take(mapped, pc.index_in(column, value_set=uniques))


def canonical_table(table: pa.Table) -> pa.Table:
    """Only the canonical columns, with the store's types."""
    arrays = [pc.cast(table.column(name), ARROW_TYPES[kind]) for name, kind, _ in EVENT_FIELDS]
    return pa.table(arrays, names=list(EVENT_COLUMNS))


def import_dataset(kind: str, path: Path | str, *, db: Path | None = None, settings: Settings | None = None,
                   progress: Progress | None = None, today: dt.date | None = None) -> RunReport:
    """Load one dataset file (ucdp | acled | csv) into the store as one atomic run.

    A UTF-8 CSV is read by DuckDB itself inside the writer's snapshot (etl.sources.csv_direct.direct_csv):
    one pass maps and validates every row into an Arrow table (a spillable temporary table when the file
    is large for the memory available), Python looks up admin areas and
    actors once per distinct value, and one statement enriches and inserts the good rows. Anything
    DuckDB would read differently from the pyarrow reader (Windows-1256, ragged rows, ...) goes the
    pyarrow way (source.read) into the same SQL steps."""
    settings = settings or get_settings()
    db = Path(db or settings.db)
    path = Path(path)
    if kind not in DATASET_SOURCES:
        raise InputError(f"unknown dataset kind {kind!r}; use one of {', '.join(DATASET_SOURCES)}")
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give the dataset file itself")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file (a pipe or a device?); give the dataset file itself")
    say = progress or (lambda _msg: None)
    say(f"reading {path.name}")
    stop = threading.Event()  # set when the run fails or is interrupted: the helper threads stop early
    try:
        with plain_file(path, max_bytes=settings.gzip_max_bytes, max_ratio=settings.gzip_max_ratio) as plain:
            try:
                return _import_file(kind, path, plain, db, settings, today, say, stop)
            except MarsadError as exc:  # name the user's file, never the decompressed temporary copy
                if plain == path:
                    raise
                raise type(exc)(str(exc).replace(str(plain), str(path))) from None
    finally:
        stop.set()


def _import_file(kind: str, path: Path, plain: Path, db: Path, settings: Settings, today: dt.date | None,
                 say: Progress, stop: threading.Event) -> RunReport:
    source = import_module(DATASET_SOURCES[kind])
    # hashing and the byte check of a direct read release the GIL: they run in threads from the start,
    # the byte check at the lowest priority (it takes the moments DuckDB leaves a core idle; the insert
    # runs in a transaction meanwhile and is undone if DuckDB read the file differently)
    with ThreadPoolExecutor(max_workers=1) as pool, ThreadPoolExecutor(max_workers=1, initializer=_lowest_priority) \
            as idle:
        try:
            direct = source.direct(plain)
            sha = pool.submit(file_sha256, path, stop)
            alike = idle.submit(direct.reads_alike, stop) if direct is not None else None
            batch = None if direct is not None else source.read(plain)
            report = RunReport(None, f"import {kind}", str(path))
            with store.writing(db, growth=int(plain.stat().st_size * STORE_GROWTH)) as con:
                def hash_now(check_bytes: bool) -> None:
                    nonlocal alike
                    alike = alike or (idle.submit(direct.reads_alike, stop) if check_bytes else None)

                def start() -> int:  # once, when the file is known to be readable (a fallback keeps the run)
                    if report.run_id is None:
                        report.run_id = run_store.start_run(con, report.command, str(path), sha.result(), __version__)
                    return report.run_id

                loaded = _load(con, report, direct, None, settings, today, say, (hash_now, start),
                               lambda: alike.result()) if direct is not None else None
                if loaded is None:
                    batch = batch or source.read(plain)
                    loaded = _load(con, report, None, batch, settings, today, say, (hash_now, start), None)
                run_store.add_quarantine(con, report.run_id, str(path), loaded)
                if not report.reconciles:
                    raise InputError(
                        f"{path}: counts do not reconcile (read {report.read}, loaded "
                        f"{report.inserted + report.updated + report.unchanged}, "
                        f"quarantined {report.quarantined}); nothing was loaded"
                    )
                report.details["review"] = import_module("etl.review").apply_to_snapshot(con, report.run_id, settings, db)
                report.details["alerts"] = import_module("etl.alerts.run").update_alerts(con, report.run_id, settings)
                run_store.finish_run(con, report.run_id, report.counts())
        except BaseException:
            stop.set()
            raise
    return report


def held_in_memory(path: Path) -> bool:
    """Whether the validated rows of a CSV file of this size may be held in Python memory (about the
    file's size in Arrow) rather than in a temporary table DuckDB can spill to disk: under a quarter of
    the memory available now."""
    try:
        available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return False
    return path.stat().st_size * 1.2 < available / 4


def _lowest_priority() -> None:
    """Make the calling thread the last to get a core (Linux: the nice value is per thread)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):
        pass


def _load(con, report: RunReport, direct, batch, settings: Settings, today: dt.date | None,
          say: Progress, run: tuple[Callable[[bool], None], Callable[[], int]],
          alike: Callable[[], bool] | None) -> list[tuple] | None:
    """Validate, enrich and upsert a DirectCsv file or a SourceBatch in the writer's connection; fill
    the report's counts and return the quarantined rows (record_no, raw_record, reason). None when
    DuckDB cannot read a DirectCsv file as the pyarrow reader would (nothing was written then).
    run = (hash_now, start_run): hash_now(check_bytes) starts checking the bytes of a direct read,
    start_run() records the run (once the file is known to be readable; only once) and gives its id;
    alike() tells whether DuckDB reads the DirectCsv file as pyarrow would (DirectCsv.reads_alike): the
    insert runs in a transaction meanwhile and is rolled back when it does not."""
    params = {**_validation_params(today), **(direct.params if direct is not None else {})}
    if direct is None:
        con.register("source_batch", batch.table)
    sources = f"WITH {direct.ctes()}" if direct is not None else "WITH unchecked AS (SELECT * FROM source_batch)"
    validate = _sql("validate_events")
    # 1. map and validate every row once (the duplicate rule comes after), in input order: without a
    # join in between, a row's number is its position (a direct read has no numbers: numbering while
    # reading would run on one thread). Into an Arrow table (a third cheaper to write and read back),
    # or a temporary table DuckDB can spill to disk when the input is large for this machine's memory.
    first = f"{sources}, batch AS ({_sql('batch_without_duplicates')}) SELECT * FROM ({validate})"
    in_memory = direct is None or held_in_memory(direct.path)
    try:
        if in_memory:
            checked = con.sql(first, params=store.bound_params(first, params)).to_arrow_table()
        else:
            con.execute(f"CREATE OR REPLACE TEMP TABLE _checked_rows AS {first}", store.bound_params(first, params))
    except duckdb.Error:
        if direct is None:
            raise
        return None
    if in_memory:
        rows = checked.num_rows
        if direct is not None:
            checked = checked.set_column(checked.column_names.index("record_no"), "record_no",
                                         pa.array(np.arange(1, rows + 1, dtype=np.int64)))
        con.register("_checked", checked)
    else:
        rows = con.execute("SELECT count(*) FROM _checked_rows").fetchall()[0][0]
        con.execute("CREATE OR REPLACE TEMP VIEW _checked AS "
                    "SELECT * REPLACE (coalesce(record_no, rowid + 1) AS record_no) FROM _checked_rows")
    if direct is not None and rows == 0:
        raise InputError(f"{direct.path}: the file has a header but no data rows")
    numbered = "SELECT record_no, event_id, reason FROM _checked"
    con.execute(f"CREATE OR REPLACE TEMP TABLE duplicates AS WITH unchecked AS ({numbered}) "
                f"SELECT * FROM ({_sql('duplicate_events')})")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _bad AS WITH verdicts AS ({numbered}) {_sql('import_bad_rows')}")
    bad = con.execute("SELECT record_no, reason FROM _bad ORDER BY record_no").fetchall()
    say(f"placing {rows - len(bad):,} events in admin areas")
    hash_now, start_run = run
    hash_now(direct is not None)
    _register_lookups(con, settings)
    # 2. enrich and load the good rows in one statement
    good = "SELECT * FROM _checked WHERE record_no NOT IN (SELECT record_no FROM _bad)" if bad else "SELECT * FROM _checked"
    say(f"writing {rows - len(bad):,} events to the store")
    run_id = start_run()
    con.begin()  # undone when the byte check (running meanwhile) finds DuckDB read the file differently
    counts = event_store.load_events(con, f"WITH checked AS ({good}) {_sql('enrich_events')}", {}, run_id)
    if alike is not None and not alike():
        con.rollback()
        return None
    con.commit()
    numbers = [n for n, _ in bad]
    if direct is not None:
        raw = import_module("etl.sources.csv_direct").direct_raw_records(con, direct, rows, numbers)
        quarantined = []
    else:
        raw = dict(con.execute("SELECT record_no, raw_record FROM source_batch WHERE list_contains($n, record_no)",
                               {"n": numbers}).fetchall()) if numbers else {}
        quarantined = [(q.record_no, q.raw, q.reason) for q in batch.quarantined]
    quarantined += [(n, raw.get(n), reason) for n, reason in bad]
    report.read = rows + (len(batch.quarantined) if batch is not None else 0)
    report.quarantined = len(quarantined)
    report.inserted, report.updated, report.unchanged = counts["inserted"], counts["updated"], counts["unchanged"]
    return quarantined


def _sql(name: str) -> str:
    return store.sql_text(name).strip().rstrip(";")


def _register_lookups(con, settings: Settings) -> None:
    """point_areas, area_names and actor_names for etl/store/sql/enrich_events.sql, one lookup per distinct value."""
    points = con.execute("SELECT DISTINCT latitude, longitude FROM _checked WHERE reason IS NULL "
                         "AND latitude IS NOT NULL AND longitude IS NOT NULL").fetchnumpy()
    lat = np.asarray(points["latitude"], dtype=float)
    lon = np.asarray(points["longitude"], dtype=float)
    areas = _admin_areas(settings)
    index, _ = areas.polygon_index(lat, lon)
    con.register("point_areas", pa.table({"latitude": lat, "longitude": lon, "area": pa.array(index, mask=index < 0)}))
    con.register("area_names", pa.table({"area": pa.array(np.arange(len(areas.polygons)), pa.int64()),
                                         **{name: pa.array(areas.attributes[name], pa.string()) for name in ADMIN_COLUMNS}}))
    names = [r[0] for r in con.execute("SELECT DISTINCT name FROM (SELECT actor1 AS name FROM _checked WHERE reason IS NULL "
                                       "UNION ALL SELECT actor2 FROM _checked WHERE reason IS NULL) "
                                       "WHERE name IS NOT NULL").fetchall()]
    actors = _actor_dictionary(settings)
    canonical = actors.canonical_names(names)
    con.register("actor_names", pa.table({
        "name": pa.array(names, pa.string()),
        "canonical": pa.array([canonical[n] for n in names], pa.string()),
        "inter": pa.array([getattr(actors.canonical(canonical[n]), "inter", None) for n in names], pa.string()),
    }))

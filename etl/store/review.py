"""Review decisions: a small transactional store of its own, reached through SQLAlchemy Core.

SQLite next to the event store by default (nothing to set up), or a PostgreSQL server for a team
(MARSAD_REVIEW_DB=postgresql+psycopg://...). Two tables:

- `review_decisions`: one row per reviewed event — its status (accepted, rejected, merged, pending after a
  restore), the fields an analyst set (JSON), grade, the event it was merged into or split from, the source
  fingerprint the decision was made on, and a `version` that grows with every change (optimistic
  concurrency: a change names the version it was made on and is refused if the row has moved on).
- `review_audit`: append-only — who, when, which event, action, field, before, after, reason. Triggers
  refuse UPDATE and DELETE on it, in both databases.

Reviews never wait on an ETL load: the loads only read this store (at the end of a run, to apply the
decisions to the event snapshot they write).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from etl.errors import MarsadError, StoreError

STATUSES = ("pending", "accepted", "rejected", "merged")
HIDDEN_STATUSES = ("rejected", "merged")

_metadata = sa.MetaData()
decisions_table = sa.Table(
    "review_decisions", _metadata,
    sa.Column("event_id", sa.String(200), primary_key=True),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("edits", sa.Text, nullable=False, default="{}"),
    sa.Column("grade", sa.String(20)),
    sa.Column("merged_into", sa.String(200)),
    sa.Column("split_from", sa.String(200)),
    sa.Column("reason", sa.Text),
    sa.Column("fingerprint", sa.String(64)),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_by", sa.String(200), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
audit_table = sa.Table(
    "review_audit", _metadata,
    sa.Column("audit_id", sa.Integer, sa.Identity(), primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user_name", sa.String(200), nullable=False),
    sa.Column("event_id", sa.String(200), nullable=False, index=True),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("field", sa.String(100)),
    sa.Column("before", sa.Text),
    sa.Column("after", sa.Text),
    sa.Column("reason", sa.Text),
    sa.Column("version", sa.Integer, nullable=False),
)
_APPEND_ONLY = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS review_audit_no_update BEFORE UPDATE ON review_audit "
        "BEGIN SELECT RAISE(ABORT, 'review_audit is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS review_audit_no_delete BEFORE DELETE ON review_audit "
        "BEGIN SELECT RAISE(ABORT, 'review_audit is append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION review_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'review_audit is append-only'; END $$",
        "DROP TRIGGER IF EXISTS review_audit_append_only ON review_audit",
        "CREATE TRIGGER review_audit_append_only BEFORE UPDATE OR DELETE ON review_audit "
        "FOR EACH STATEMENT EXECUTE FUNCTION review_audit_append_only()",
    ],
}


class ConflictError(MarsadError):
    """The event's decision changed since the caller read it (another analyst got there first)."""

    def __init__(self, message: str, current: "Decision | None") -> None:
        super().__init__(message)
        self.current = current


@dataclass(frozen=True)
class Decision:
    """The current decision on one event."""

    event_id: str
    status: str = "pending"
    edits: dict = field(default_factory=dict)
    grade: str | None = None
    merged_into: str | None = None
    split_from: str | None = None
    reason: str | None = None
    fingerprint: str | None = None
    version: int = 0
    updated_by: str | None = None
    updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class Change:
    """One audited change: which field (None for a status change) from what to what."""

    action: str
    field: str | None = None
    before: object = None
    after: object = None


def default_url(event_db: Path) -> str:
    """The SQLite review store next to the event store: data/marsad.duckdb -> data/marsad.reviews.sqlite."""
    event_db = Path(event_db)
    return f"sqlite:///{event_db.with_name(event_db.stem + '.reviews.sqlite')}"


def _sqlite_path(url: str) -> Path | None:
    parsed = sa.engine.make_url(url)
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" and parsed.database else None


def _sqlite_pragmas(dbapi_con, _record) -> None:
    dbapi_con.isolation_level = None  # SQLAlchemy's "begin" event below issues BEGIN IMMEDIATE itself
    cur = dbapi_con.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn) -> None:
    """Writers take SQLite's write lock when they begin (no deadlock upgrading a read lock); readers do not."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("marsad_write") else "BEGIN")


class ReviewStore:
    """The review decisions store at `url` (a SQLAlchemy URL). Nothing is created until the first write,
    so loads can read a store nobody has written to yet."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self.backend = sa.engine.make_url(url).get_backend_name()
        except sa.exc.ArgumentError:
            raise StoreError(f"MARSAD_REVIEW_DB {url!r} is not a database URL "
                             "(sqlite:///path or postgresql+psycopg://user@host/db)") from None
        if self.backend not in ("sqlite", "postgresql"):
            raise StoreError(f"MARSAD_REVIEW_DB: {self.backend} is not supported; use sqlite or postgresql+psycopg")
        self._engine: sa.Engine | None = None
        self._ready = False

    @property
    def engine(self) -> sa.Engine:
        if self._engine is None:
            if self.backend == "sqlite":
                engine = sa.create_engine(self.url, connect_args={"timeout": 60})
                sa.event.listen(engine, "connect", _sqlite_pragmas)
                sa.event.listen(engine, "begin", _sqlite_begin)
            else:
                engine = sa.create_engine(self.url, pool_pre_ping=True)
            self._engine = engine
        return self._engine

    def exists(self) -> bool:
        """Whether the store holds the decision tables yet (no connection is made to a missing SQLite file).
        The first time they are found, columns added by a later Marsad are added to them (all nullable)."""
        if self._ready:
            return True
        path = _sqlite_path(self.url)
        if path is not None and not path.exists():
            return False
        try:
            with self.engine.connect() as con:
                found = sa.inspect(con).has_table("review_decisions")
            if found:
                self._upgrade()
                self._ready = True
            return found
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot reach the review store {self.safe_url}: {_short(exc)}") from None

    def _upgrade(self) -> None:
        with self.engine.connect() as con:
            con.execution_options(marsad_write=True)
            with con.begin():
                inspector = sa.inspect(con)
                missing = [t for t in (decisions_table, audit_table) if not inspector.has_table(t.name)]
                if missing:
                    _metadata.create_all(con, tables=missing)
                    for statement in _APPEND_ONLY[self.backend]:
                        con.exec_driver_sql(statement)
                for table in (decisions_table, audit_table):
                    if table in missing:
                        continue
                    have = {c["name"] for c in inspector.get_columns(table.name)}
                    for column in table.columns:
                        if column.name not in have:
                            kind = column.type.compile(dialect=con.dialect)
                            con.exec_driver_sql(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}')

    @property
    def safe_url(self) -> str:
        return sa.engine.make_url(self.url).render_as_string(hide_password=True)

    def create(self) -> None:
        if self.exists():
            return
        path = _sqlite_path(self.url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self.engine.connect() as con:
                con.execution_options(marsad_write=True)
                with con.begin():
                    _metadata.create_all(con)
                    for statement in _APPEND_ONLY[self.backend]:
                        con.exec_driver_sql(statement)
        except SQLAlchemyError as exc:
            if not self.exists():  # else another process created the tables at the same moment
                raise StoreError(f"cannot open the review store {self.safe_url}: {_short(exc)}") from None
        self._ready = True

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    # ------------------------------------------------------------------ reads

    def decisions(self, event_ids: Iterable[str] | None = None) -> dict[str, Decision]:
        """The current decision of every reviewed event (or of these events)."""
        if not self.exists():
            return {}
        query = sa.select(decisions_table)
        if event_ids is not None:
            query = query.where(decisions_table.c.event_id.in_(sorted(set(event_ids))))
        return {row.event_id: _decision(row) for row in self._read(query)}

    def _read(self, query) -> list:
        try:
            with self.engine.connect() as con:
                return list(con.execute(query))
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the review store {self.safe_url}: {_short(exc)}") from None

    def decision(self, event_id: str) -> Decision:
        return self.decisions([event_id]).get(event_id) or Decision(event_id)

    def log(self, event_id: str | None = None, limit: int | None = None) -> list[dict]:
        """Audit records, oldest first (of one event, or all)."""
        if not self.exists():
            return []
        query = sa.select(audit_table).order_by(audit_table.c.audit_id)
        if event_id is not None:
            query = query.where(audit_table.c.event_id == event_id)
        if limit is not None:
            query = query.order_by(None).order_by(audit_table.c.audit_id.desc()).limit(limit)
        rows = [dict(row._mapping) for row in self._read(query)]
        return sorted(rows, key=lambda r: r["audit_id"])

    def generation(self) -> int:
        """A number that grows with every decision written, whatever the order transactions commit in (the sum
        of the decisions' versions: a write adds a decision at version 1 or raises one's version by 1); 0 before
        the first. Readers key what they cache on it."""
        if not self.exists():
            return 0
        total = sa.select(sa.func.coalesce(sa.func.sum(decisions_table.c.version), 0))
        return int(self._read(total)[0][0])

    def audit_count(self) -> int:
        if not self.exists():
            return 0
        return int(self._read(sa.select(sa.func.count()).select_from(audit_table))[0][0])

    # ------------------------------------------------------------------ writes

    def write_all(self, items: list[tuple[Decision, list[Change], int]], *, user: str,
                  reason: str | None) -> list[Decision]:
        """Store each (new decision, its changes, the version it was made on: 0 = no decision yet) and the
        audit records, all in one transaction, if every stored decision is still at that version; else
        ConflictError naming the event that moved on, and nothing is written."""
        self.create()
        now = dt.datetime.now(dt.timezone.utc)
        stored = []
        event_id = None
        try:
            with self.engine.connect() as con, con.execution_options(marsad_write=True).begin():
                for new, changes, expected in items:
                    event_id = new.event_id
                    row = {**_row(new), "version": expected + 1, "updated_by": user, "updated_at": now}
                    if expected == 0:
                        con.execute(sa.insert(decisions_table).values(**row))
                    else:
                        done = con.execute(sa.update(decisions_table).where(
                            decisions_table.c.event_id == new.event_id,
                            decisions_table.c.version == expected).values(**row))
                        if done.rowcount != 1:
                            raise _Moved()
                    con.execute(sa.insert(audit_table), [
                        {"at": now, "user_name": user, "event_id": new.event_id, "action": c.action,
                         "field": c.field, "before": _encode(c.before), "after": _encode(c.after),
                         "reason": reason, "version": expected + 1} for c in changes])
                    stored.append(_decision_from(row))
        except (_Moved, IntegrityError):
            current = self.decision(event_id)
            raise ConflictError(
                f"event {event_id} changed since you read it: it is now version {current.version} "
                f"({current.status}, by {current.updated_by} at {_when(current.updated_at)}); "
                "review the new version and try again", current) from None
        except SQLAlchemyError as exc:
            raise StoreError(f"the review store {self.safe_url} refused the change: {_short(exc)}") from None
        return stored


class _Moved(Exception):
    pass


def _row(d: Decision) -> dict:
    return {"event_id": d.event_id, "status": d.status, "edits": json.dumps(d.edits, ensure_ascii=False, sort_keys=True),
            "grade": d.grade, "merged_into": d.merged_into, "split_from": d.split_from, "reason": d.reason,
            "fingerprint": d.fingerprint}


def _decision(row) -> Decision:
    return _decision_from(dict(row._mapping))


def _decision_from(values: dict) -> Decision:
    edits = values.get("edits") or "{}"
    return Decision(values["event_id"], values["status"], json.loads(edits) if isinstance(edits, str) else edits,
                    values.get("grade"), values.get("merged_into"), values.get("split_from"), values.get("reason"),
                    values.get("fingerprint"), int(values["version"]), values.get("updated_by"), values.get("updated_at"))


def _encode(value) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=str)


def decode(text: str | None):
    """An audit record's before/after value back in Python."""
    return None if text is None else json.loads(text)


def _when(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else "?"


def _short(exc: Exception) -> str:
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]

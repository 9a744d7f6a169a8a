"""Accounts, sign-in sessions and the access log, in the review store's database (SQLite by default,
PostgreSQL in team mode), reached through SQLAlchemy Core with bound parameters.

Three tables, created when missing (the "users" migration of the review store; it runs on the first write
and never touches the review tables):

- `marsad_users`: one row per account — role, argon2 hash of the password (NULL for an account that signs
  in only through OIDC), disabled flag, failed sign-ins in a row, locked until.
- `marsad_sessions`: one row per signed-in browser session — SHA-256 of its token (the token itself is
  never stored), the user, when it expires.
- `access_log`: append-only (triggers refuse UPDATE and DELETE, in both databases) — sign-ins, failures,
  lockouts, sign-outs, account changes, refused actions and exports, each with the user and when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from etl.errors import StoreError
from etl.store.review import ReviewStore, _short

_metadata = sa.MetaData()
users_table = sa.Table(
    "marsad_users", _metadata,
    sa.Column("user_name", sa.String(200), primary_key=True),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("password_hash", sa.String(300)),
    sa.Column("disabled", sa.Boolean, nullable=False, default=False),
    sa.Column("failures", sa.Integer, nullable=False, default=0),
    sa.Column("locked_until", sa.DateTime(timezone=True)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
sessions_table = sa.Table(
    "marsad_sessions", _metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user_name", sa.String(200), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)
access_table = sa.Table(
    "access_log", _metadata,
    sa.Column("log_id", sa.Integer, sa.Identity(), primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user_name", sa.String(200), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("target", sa.Text),
    sa.Column("detail", sa.Text),
)
_APPEND_ONLY = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON access_log "
        "BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS access_log_no_delete BEFORE DELETE ON access_log "
        "BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'access_log is append-only'; END $$",
        "DROP TRIGGER IF EXISTS access_log_append_only ON access_log",
        "CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()",
    ],
}


@dataclass(frozen=True)
class Account:
    user_name: str
    role: str
    password_hash: str | None
    disabled: bool
    failures: int
    locked_until: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime


class DuplicateUser(StoreError):
    pass


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives naive datetimes back: they were written in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment


def _account(row) -> Account:
    m = dict(row._mapping)
    return Account(m["user_name"], m["role"], m["password_hash"], bool(m["disabled"]), int(m["failures"] or 0),
                   _utc(m["locked_until"]), _utc(m["created_at"]), _utc(m["updated_at"]))


class UserStore:
    """Accounts, sessions and the access log on the database of a review store."""

    def __init__(self, review: ReviewStore) -> None:
        self.review = review
        self._ready = False

    @property
    def engine(self) -> sa.Engine:
        return self.review.engine

    def dispose(self) -> None:
        self.review.dispose()

    def ensure(self) -> None:
        """Create the missing tables (and the access log's append-only triggers) in one transaction."""
        if self._ready:
            return
        self.review.create()
        try:
            with self.engine.connect() as con:
                con.execution_options(marsad_write=True)
                with con.begin():
                    inspector = sa.inspect(con)
                    missing = [t for t in _metadata.sorted_tables if not inspector.has_table(t.name)]
                    if missing:
                        _metadata.create_all(con, tables=missing)
                    if access_table in missing:
                        for statement in _APPEND_ONLY[self.review.backend]:
                            con.exec_driver_sql(statement)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot create the account tables in {self.review.safe_url}: {_short(exc)}") from None
        self._ready = True

    def _run(self, statements, *, write: bool):
        """Run fn(con) in one transaction; database errors become one-line StoreErrors."""
        self.ensure()
        try:
            with self.engine.connect() as con:
                if write:
                    con.execution_options(marsad_write=True)
                with con.begin():
                    return statements(con)
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            raise StoreError(f"the account store {self.review.safe_url} failed: {_short(exc)}") from None

    # ---------------------------------------------------------------- accounts

    def get(self, user_name: str) -> Account | None:
        rows = self._run(lambda con: list(con.execute(
            sa.select(users_table).where(users_table.c.user_name == user_name))), write=False)
        return _account(rows[0]) if rows else None

    def all(self) -> list[Account]:
        rows = self._run(lambda con: list(con.execute(sa.select(users_table).order_by(users_table.c.user_name))),
                         write=False)
        return [_account(r) for r in rows]

    def insert(self, user_name: str, role: str, password_hash: str | None, now: dt.datetime) -> None:
        try:
            self._run(lambda con: con.execute(sa.insert(users_table).values(
                user_name=user_name, role=role, password_hash=password_hash, disabled=False, failures=0,
                locked_until=None, created_at=now, updated_at=now)), write=True)
        except IntegrityError:
            raise DuplicateUser(f"user {user_name!r} already exists (use `marsad users passwd` or `role`)") from None

    def update(self, user_name: str, now: dt.datetime, **values) -> bool:
        """Set these columns of the account; False when there is no such account."""
        done = self._run(lambda con: con.execute(sa.update(users_table).where(
            users_table.c.user_name == user_name).values(**values, updated_at=now)), write=True)
        return done.rowcount == 1

    def count_failure(self, user_name: str, now: dt.datetime, max_failures: int, lock_until: dt.datetime) -> int:
        """One more failed sign-in; at `max_failures` in a row the account is locked until `lock_until`.
        Returns the count (atomic: concurrent failures are all counted)."""

        def statements(con) -> int:
            con.execute(sa.update(users_table).where(users_table.c.user_name == user_name).values(
                failures=users_table.c.failures + 1))
            failures = con.execute(sa.select(users_table.c.failures).where(
                users_table.c.user_name == user_name)).scalar_one()
            if failures >= max_failures:
                con.execute(sa.update(users_table).where(users_table.c.user_name == user_name).values(
                    locked_until=lock_until, failures=0))
            return int(failures)

        return self._run(statements, write=True)

    # ---------------------------------------------------------------- sessions

    def add_session(self, token_hash: str, user_name: str, now: dt.datetime, expires_at: dt.datetime) -> None:
        self._run(lambda con: con.execute(sa.insert(sessions_table).values(
            token_hash=token_hash, user_name=user_name, created_at=now, expires_at=expires_at)), write=True)

    def session(self, token_hash: str) -> tuple[str, dt.datetime] | None:
        rows = self._run(lambda con: list(con.execute(sa.select(
            sessions_table.c.user_name, sessions_table.c.expires_at).where(
            sessions_table.c.token_hash == token_hash))), write=False)
        return (rows[0][0], _utc(rows[0][1])) if rows else None

    def end_session(self, token_hash: str) -> None:
        self._run(lambda con: con.execute(sa.delete(sessions_table).where(
            sessions_table.c.token_hash == token_hash)), write=True)

    def end_sessions_of(self, user_name: str, now: dt.datetime) -> None:
        """Every session of this user, and every expired session of anyone."""
        self._run(lambda con: con.execute(sa.delete(sessions_table).where(sa.or_(
            sessions_table.c.user_name == user_name, sessions_table.c.expires_at < now))), write=True)

    # ---------------------------------------------------------------- access log

    def log(self, now: dt.datetime, user_name: str, action: str, target: str | None = None,
            detail: str | None = None) -> None:
        self._run(lambda con: con.execute(sa.insert(access_table).values(
            at=now, user_name=user_name, action=action, target=target, detail=detail)), write=True)

    def access_log(self, limit: int | None = None) -> list[dict]:
        """Access records, oldest first (the last `limit` of them)."""
        query = sa.select(access_table).order_by(access_table.c.log_id.desc())
        if limit is not None:
            query = query.limit(limit)
        rows = self._run(lambda con: [dict(r._mapping) for r in con.execute(query)], write=False)
        return sorted(rows, key=lambda r: r["log_id"])

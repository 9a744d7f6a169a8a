"""`marsad users ...`: built-in dashboard accounts (MARSAD_AUTH=accounts), kept beside the review decisions
(MARSAD_REVIEW_DB, else the SQLite file next to the event store). etl.auth does the work.

Passwords are asked twice without echo, or read from standard input with --password-stdin (for scripts);
never taken on the command line (it would show in `ps` and the shell history) and never printed.
The acting administrator recorded in the access log is MARSAD_USER, else the OS user.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

users_app = typer.Typer(help="Dashboard accounts: add, passwd, role, disable, enable, list, log.",
                        no_args_is_help=True)
out = Console(highlight=False)

DbOption = typer.Option(None, "--db", help="Event store path (the accounts live in its review store; "
                        "default: MARSAD_DB, or MARSAD_REVIEW_DB when set).")
StdinOption = typer.Option(False, "--password-stdin", help="Read the password from the first line of standard input.")


class Role(str, Enum):
    viewer = "viewer"
    analyst = "analyst"
    admin = "admin"


def _accounts(db: Optional[Path]):
    from etl.auth import Accounts
    from etl.config import get_settings

    return Accounts(get_settings(db=str(db) if db else None))


def _by() -> str:
    from etl.review import current_user

    return current_user()


def _password(from_stdin: bool) -> str:
    from etl.auth import AuthError

    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise AuthError("--password-stdin: standard input is empty")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise AuthError("no terminal to ask the password on: pipe it with --password-stdin")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_app.command("add")
def add_command(name: str = typer.Argument(..., help="User name (for OIDC users: the e-mail the provider gives)."),
                role: Role = typer.Option(Role.viewer, "--role", help="viewer (read, export), analyst (review), "
                                          "admin (accounts, settings)."),
                no_password: bool = typer.Option(False, "--no-password", help="An account that signs in only "
                                                 "through OIDC (MARSAD_AUTH=oidc): it only gives the role."),
                password_stdin: bool = StdinOption, db: Optional[Path] = DbOption) -> None:
    """Create an account."""
    password = None if no_password else _password(password_stdin)
    accounts = _accounts(db)
    try:
        accounts.add(name, role.value, password, by=_by())
    finally:
        accounts.close()
    out.print(escape(f"user {name} added ({role.value})"))


@users_app.command("passwd")
def passwd_command(name: str = typer.Argument(..., help="User name."), password_stdin: bool = StdinOption,
                   db: Optional[Path] = DbOption) -> None:
    """Set a new password (unlocks the account and ends its sessions)."""
    password = _password(password_stdin)
    accounts = _accounts(db)
    try:
        accounts.set_password(name, password, by=_by())
    finally:
        accounts.close()
    out.print(escape(f"password of {name} changed; its sessions ended"))


@users_app.command("role")
def role_command(name: str = typer.Argument(..., help="User name."),
                 role: Role = typer.Argument(..., help="viewer, analyst or admin."),
                 db: Optional[Path] = DbOption) -> None:
    """Change an account's role (takes effect on the user's next page)."""
    accounts = _accounts(db)
    try:
        accounts.set_role(name, role.value, by=_by())
    finally:
        accounts.close()
    out.print(escape(f"{name} is now {role.value}"))


@users_app.command("disable")
def disable_command(name: str = typer.Argument(..., help="User name."), db: Optional[Path] = DbOption) -> None:
    """Disable an account: it cannot sign in and its sessions end (its decisions and records stay)."""
    accounts = _accounts(db)
    try:
        accounts.disable(name, by=_by())
    finally:
        accounts.close()
    out.print(escape(f"{name} disabled; its sessions ended"))


@users_app.command("enable")
def enable_command(name: str = typer.Argument(..., help="User name."), db: Optional[Path] = DbOption) -> None:
    """Enable a disabled or locked account again."""
    accounts = _accounts(db)
    try:
        accounts.enable(name, by=_by())
    finally:
        accounts.close()
    out.print(escape(f"{name} enabled"))


@users_app.command("list")
def list_command(db: Optional[Path] = DbOption) -> None:
    """Every account: role, state, last change (never a password or its hash)."""
    import datetime as dt

    accounts = _accounts(db)
    try:
        rows = accounts.list()
    finally:
        accounts.close()
    now = dt.datetime.now(dt.timezone.utc)
    table = Table(title=f"{len(rows)} account(s)")
    for col in ("user", "role", "state", "sign-in", "changed (UTC)"):
        table.add_column(col, overflow="fold")
    for a in rows:
        state = "disabled" if a.disabled else (f"locked until {a.locked_until:%H:%M}"
                                               if a.locked_until and a.locked_until > now else "active")
        table.add_row(*(escape(v) for v in (a.user_name, a.role, state, "password" if a.password_hash else "OIDC only",
                                           f"{a.updated_at:%Y-%m-%d %H:%M}")))
    out.print(table)


@users_app.command("log")
def log_command(limit: int = typer.Option(50, help="The last N records."), db: Optional[Path] = DbOption) -> None:
    """The access log: sign-ins, refusals, lockouts, account changes and exports, with who and when."""
    accounts = _accounts(db)
    try:
        records = accounts.store.access_log(limit)
    finally:
        accounts.close()
    table = Table(title=f"{len(records)} record(s)")
    for col in ("when (UTC)", "user", "action", "target", "detail"):
        table.add_column(col, overflow="fold")
    for r in records:
        table.add_row(*(escape("" if v is None else str(v)) for v in (
            r["at"].strftime("%Y-%m-%d %H:%M:%S"), r["user_name"], r["action"], r["target"], r["detail"])))
    Console(highlight=False, width=max(out.width, 160)).print(table)

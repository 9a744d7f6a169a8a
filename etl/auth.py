"""Who may do what: built-in accounts (argon2 password hashes, lockout, sessions that expire), roles, and
the access log. The tables live beside the review decisions (etl.store.users on the review store).

Roles, each including the one before: viewer (read, export), analyst (review and edit events), admin
(accounts, sources, settings). The command line acts as the machine's operator; the dashboard acts as the
signed-in user (MARSAD_AUTH=accounts or oidc) or, in single-user mode (MARSAD_AUTH=none), as MARSAD_USER
or the OS user with every right, on this computer only.

Passwords are never logged, stored or shown: only their argon2id hash is kept (argon2-cffi's defaults).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from etl.config import Settings, get_settings
from etl.errors import MarsadError

ROLES = ("viewer", "analyst", "admin")
RANK = {role: n for n, role in enumerate(ROLES)}
MIN_PASSWORD = 10
SIGN_IN_REFUSED = "wrong user name or password, or the account is locked or disabled"


class AuthError(MarsadError):
    """A sign-in, account change or session that is refused."""


class PermissionRefused(MarsadError):
    """The user's role does not allow the action (it was recorded in the access log; nothing changed)."""


@dataclass(frozen=True)
class Identity:
    """Who is signed in: name, role, and for a built-in account the session token and its expiry."""

    user: str
    role: str
    token: str | None = None
    expires_at: dt.datetime | None = None

    def may(self, needed: str) -> bool:
        return allowed(self.role, needed)


def allowed(role: str | None, needed: str) -> bool:
    return role in RANK and RANK[role] >= RANK[needed]


def is_loopback(address: str | None) -> bool:
    """Whether only this computer can reach a server listening on `address`."""
    import ipaddress

    address = (address or "").strip().strip("[]")
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False  # a host name other than localhost, or "" (every interface)


def public_bind_refusal(address: str | None, auth: str) -> str | None:
    """The message refusing to serve the dashboard beyond this computer without sign-in, or None."""
    if auth != "none" or is_loopback(address):
        return None
    return (f"the dashboard would listen on {address or 'every interface'}, reachable from other computers, "
            "with no sign-in (MARSAD_AUTH=none). Set MARSAD_AUTH=accounts (and add users with `marsad users add`) "
            "or MARSAD_AUTH=oidc, or listen on 127.0.0.1.")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_name(name: str) -> str:
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name or len(name) > 200 or any(unicodedata.category(c).startswith("C") for c in name):
        raise AuthError("a user name is 1 to 200 printable characters")
    return name


def check_role(role: str) -> str:
    if role not in RANK:
        raise AuthError(f"role {role!r}: use one of {', '.join(ROLES)}")
    return role


def check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise AuthError(f"a password has at least {MIN_PASSWORD} characters")
    return password


class Accounts:
    """Accounts and sessions on the review store of these settings (MARSAD_REVIEW_DB, else SQLite)."""

    def __init__(self, settings: Settings | None = None, db: Path | None = None) -> None:
        from argon2 import PasswordHasher

        from etl.review import review_url
        from etl.store.review import ReviewStore
        from etl.store.users import UserStore

        self.settings = settings or get_settings()
        self.store = UserStore(ReviewStore(review_url(self.settings, db)))
        self.hasher = PasswordHasher()
        self._dummy = None

    def close(self) -> None:
        self.store.dispose()

    def record(self, user: str, action: str, target: str | None = None, detail: str | None = None) -> None:
        self.store.log(_now(), user, action, target, detail)

    # ---------------------------------------------------------------- account administration

    def add(self, name: str, role: str, password: str | None, by: str) -> None:
        name, role = check_name(name), check_role(role)
        digest = self.hasher.hash(check_password(password)) if password is not None else None
        self.store.insert(name, role, digest, _now())
        self.record(by, "user_add", name, f"role {role}" + ("" if digest else ", no password (OIDC only)"))

    def _change(self, name: str, by: str, action: str, detail: str | None, **values) -> None:
        name = check_name(name)
        if not self.store.update(name, _now(), **values):
            raise AuthError(f"no user {name!r} (see `marsad users list`)")
        self.record(by, action, name, detail)

    def set_password(self, name: str, password: str, by: str) -> None:
        digest = self.hasher.hash(check_password(password))
        self._change(name, by, "user_passwd", None, password_hash=digest, failures=0, locked_until=None)
        self.store.end_sessions_of(check_name(name), _now())

    def set_role(self, name: str, role: str, by: str) -> None:
        self._change(name, by, "user_role", f"role {check_role(role)}", role=role)

    def disable(self, name: str, by: str) -> None:
        self._change(name, by, "user_disable", None, disabled=True)
        self.store.end_sessions_of(check_name(name), _now())

    def enable(self, name: str, by: str) -> None:
        self._change(name, by, "user_enable", None, disabled=False, failures=0, locked_until=None)

    def list(self):
        return self.store.all()

    def role_of(self, name: str) -> str | None:
        """The role of an enabled account (OIDC users are matched by e-mail or name), else None."""
        account = self.store.get(name)
        return account.role if account is not None and not account.disabled else None

    # ---------------------------------------------------------------- sign-in and sessions

    def sign_in(self, name: str, password: str, now: dt.datetime | None = None) -> Identity:
        """A new session for a correct name and password; else AuthError with one message for every cause
        (unknown user, wrong password, locked, disabled), the cause recorded in the access log."""
        from argon2.exceptions import InvalidHashError, VerificationError

        now = now or _now()
        try:
            name = check_name(name)
        except AuthError:
            raise AuthError(SIGN_IN_REFUSED) from None
        account = self.store.get(name)
        if account is None or account.password_hash is None:
            self._burn(password)  # as slow as a real check: the time does not tell which names exist
            self.record(name, "sign_in_refused", None, "unknown user" if account is None else "no password (OIDC)")
            raise AuthError(SIGN_IN_REFUSED)
        if account.disabled:
            self.record(name, "sign_in_refused", None, "disabled")
            raise AuthError(SIGN_IN_REFUSED)
        if account.locked_until is not None and account.locked_until > now:
            self.record(name, "sign_in_refused", None, f"locked until {account.locked_until:%Y-%m-%d %H:%M} UTC")
            raise AuthError(SIGN_IN_REFUSED)
        try:
            self.hasher.verify(account.password_hash, password or "")
        except (VerificationError, InvalidHashError):
            limit = self.settings.auth_max_failures
            until = now + dt.timedelta(minutes=self.settings.auth_lockout_minutes)
            failures = self.store.count_failure(name, now, limit, until)
            locked = failures >= limit
            self.record(name, "sign_in_refused", None, "wrong password" + (
                f"; locked until {until:%Y-%m-%d %H:%M} UTC after {failures} failures" if locked else ""))
            raise AuthError(SIGN_IN_REFUSED) from None
        values = {"failures": 0, "locked_until": None}
        if self.hasher.check_needs_rehash(account.password_hash):
            values["password_hash"] = self.hasher.hash(password)
        self.store.update(name, now, **values)
        token = secrets.token_urlsafe(32)
        expires = now + dt.timedelta(minutes=self.settings.session_minutes)
        self.store.add_session(_token_hash(token), name, now, expires)
        self.record(name, "sign_in", None, f"session until {expires:%Y-%m-%d %H:%M} UTC")
        return Identity(name, account.role, token, expires)

    def _burn(self, password: str) -> None:
        from argon2.exceptions import VerificationError

        if self._dummy is None:
            self._dummy = self.hasher.hash(secrets.token_urlsafe(16))
        try:
            self.hasher.verify(self._dummy, password or "")
        except VerificationError:
            pass

    def session(self, token: str | None, now: dt.datetime | None = None) -> tuple[Identity | None, str | None]:
        """(the identity of a live session, None) or (None, why: "expired" or "ended")."""
        if not token:
            return None, None
        now = now or _now()
        found = self.store.session(_token_hash(token))
        if found is None:
            return None, "ended"
        name, expires = found
        if expires <= now:
            self.store.end_session(_token_hash(token))
            self.record(name, "session_expired", None, None)
            return None, "expired"
        account = self.store.get(name)
        if account is None or account.disabled:
            self.store.end_session(_token_hash(token))
            return None, "ended"
        return Identity(name, account.role, token, expires), None

    def sign_out(self, identity: Identity) -> None:
        if identity.token:
            self.store.end_session(_token_hash(identity.token))
        self.record(identity.user, "sign_out")


def require(identity: Identity, needed: str, action: str, target: str | None, settings: Settings,
            db: Path | None = None) -> None:
    """Refuse (PermissionRefused, recorded in the access log) when the identity's role is below `needed`."""
    if identity.may(needed):
        return
    accounts = Accounts(settings, db)
    try:
        accounts.record(identity.user, "refused", target, f"{action} needs the {needed} role; "
                                                          f"{identity.user} is {identity.role}")
    finally:
        accounts.close()
    raise PermissionRefused(f"{identity.user} ({identity.role}) may not {action}: it needs the {needed} role")

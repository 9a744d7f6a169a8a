"""Who is using the dashboard (MARSAD_AUTH): nobody to sign in (single-user mode, on this computer only), a
built-in account (sign-in form; sessions from etl.auth expire), or an OpenID Connect provider (Streamlit's
st.login with the [auth] section of .streamlit/secrets.toml; the role comes from `marsad users`).

`gate()` runs first on every page run: it returns the Identity, or draws the sign-in page and returns None.
Pages read it with `identity()`. Passwords live only in the form's field for the instant of the check: the
field is cleared in the same callback and the password is never logged or shown.

A built-in account's session survives a reload of the page (a new Streamlit session) until it expires: its token
is kept in the browser in the `marsad_session` cookie (SameSite=Strict, Max-Age = the session's remaining life,
Secure over https), and a new Streamlit session takes it from there only after checking it against the sessions
and accounts tables (etl.auth: unknown, ended by a sign-out, expired or of a disabled account: refused). The
token is random; only its hash is stored server-side.
"""

from __future__ import annotations

import datetime as dt
import re

import streamlit as st

from etl.auth import Accounts, AuthError, Identity, public_bind_refusal
from etl.review import current_user

IDENTITY, TOKEN, FLASH = "marsad-identity", "marsad-session-token", "marsad-signin-flash"
COOKIE, COOKIE_WRITTEN = "marsad_session", "marsad-session-cookie"
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9_-]{20,200}")  # secrets.token_urlsafe: nothing to escape in JS or a cookie


@st.cache_resource(show_spinner=False)
def _accounts(db: str, review_db: str) -> Accounts:
    """One Accounts (one connection pool) per store per server process."""
    from etl.config import get_settings

    return Accounts(get_settings(db=db, review_db=review_db or None))


def accounts_of(settings) -> Accounts:
    return _accounts(str(settings.db), settings.review_db)


def identity() -> Identity:
    """Who this page run acts for (set by gate(); single-user mode: the local user with every right)."""
    found = st.session_state.get(IDENTITY)
    return found if isinstance(found, Identity) else Identity(current_user(), "admin")


def gate(settings, t) -> Identity | None:
    st.session_state.pop(IDENTITY, None)
    if settings.auth == "accounts":
        found = _accounts_gate(settings, t)
    elif settings.auth == "oidc":
        found = _oidc_gate(settings, t)
    else:
        found = _single_user(settings, t)
    if found is not None:
        st.session_state[IDENTITY] = found
    return found


def _single_user(settings, t) -> Identity | None:
    refusal = public_bind_refusal(st.get_option("server.address") or "127.0.0.1", "none")
    if refusal:  # `streamlit run --server.address 0.0.0.0` without sign-in: the CLI refuses it, so does the app
        st.title(t("auth.refused_title"), anchor=False)
        with st.container(key="marsad-public-refused"):
            st.error(t("auth.public_refused"))
        return None
    user = current_user(settings)
    with st.sidebar.container(key="marsad-single-user"):
        st.caption(t("auth.single_user", user=user))
    return Identity(user, "admin")


def _sign_in(accounts: Accounts) -> None:
    """The sign-in form's callback: check, then forget the password whatever the outcome."""
    name = st.session_state.get("signin-user") or ""
    password = st.session_state.get("signin-password") or ""
    st.session_state["signin-password"] = ""
    try:
        found = accounts.sign_in(name, password)
    except AuthError:
        st.session_state[FLASH] = "refused"
        return
    st.session_state[TOKEN] = found.token
    st.session_state.pop(FLASH, None)


def _sign_out(accounts: Accounts, who: Identity) -> None:
    accounts.sign_out(who)
    st.session_state.pop(TOKEN, None)
    st.session_state[FLASH] = "signed_out"


def _cookie_token() -> str | None:
    """The session token the browser sent in the marsad_session cookie (when the page was opened), if any."""
    try:
        token = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 — no browser request behind this run (AppTest, bare mode)
        return None
    return token if isinstance(token, str) and _TOKEN_CHARS.fullmatch(token) else None


def _write_cookie(token: str | None, expires: dt.datetime | None = None) -> None:
    """Set (or, token None, delete) the session cookie in the browser: a script element, drawn once."""
    if token is None:
        value, age = "", 0
    else:
        if not _TOKEN_CHARS.fullmatch(token):
            return
        value = token
        if expires is not None and expires.tzinfo is None:
            expires = expires.replace(tzinfo=dt.timezone.utc)  # stored in UTC (SQLite keeps no zone)
        age = max(0, int((expires - dt.datetime.now(dt.timezone.utc)).total_seconds())) if expires else 0
    secure = "; Secure" if str(getattr(st.context, "url", "") or "").startswith("https:") else ""
    st.html(f"<script>document.cookie = '{COOKIE}={value}; Path=/; Max-Age={age}; SameSite=Strict{secure}';</script>",
            unsafe_allow_javascript=True)


def _accounts_gate(settings, t) -> Identity | None:
    accounts = accounts_of(settings)
    kept = _cookie_token()
    token = st.session_state.get(TOKEN) or kept
    found, why = accounts.session(token)
    if found is not None:
        st.session_state[TOKEN] = found.token
        if st.session_state.get(COOKIE_WRITTEN) != found.token and kept != found.token:
            _write_cookie(found.token, found.expires_at)  # a reload of the page keeps this session
        st.session_state[COOKIE_WRITTEN] = found.token
        with st.sidebar.container(key="marsad-signed-in"):
            st.caption(t("auth.signed_in", user=found.user, role=t(f"auth.role_{found.role}")))
            st.button(t("auth.sign_out"), key="marsad-sign-out", on_click=_sign_out, args=(accounts, found),
                      icon=":material/logout:")
        return found
    st.session_state.pop(TOKEN, None)
    if kept is not None or st.session_state.pop(COOKIE_WRITTEN, None):
        _write_cookie(None)  # signed out, expired or ended: the browser forgets it
    st.title(t("auth.title"), anchor=False)
    flash = st.session_state.pop(FLASH, None) or why
    with st.container(key="marsad-signin-message"):
        if flash == "refused":
            st.error(t("auth.refused"))
        elif flash == "expired":
            st.warning(t("auth.expired"))
        elif flash == "signed_out":
            st.info(t("auth.signed_out"))
    with st.form("marsad-signin", enter_to_submit=True):
        st.text_input(t("auth.user"), key="signin-user", autocomplete="username")
        st.text_input(t("auth.password"), key="signin-password", type="password", autocomplete="current-password")
        st.form_submit_button(t("auth.sign_in"), on_click=_sign_in, args=(accounts,), key="signin-submit",
                              type="primary")
    st.caption(t("auth.accounts_help"))
    return None


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml at all (Streamlit raises its own error type)
        return False


def _oidc_gate(settings, t) -> Identity | None:
    if not _oidc_configured():
        st.title(t("auth.title"), anchor=False)
        with st.container(key="marsad-oidc-missing"):
            st.error(t("auth.oidc_missing"))
        return None
    if not st.user.get("is_logged_in", False):  # (AppTest's st.user has no such key)
        st.title(t("auth.title"), anchor=False)
        st.button(t("auth.oidc_sign_in"), key="marsad-oidc-sign-in", on_click=st.login, type="primary",
                  icon=":material/login:")
        return None
    name = str(st.user.get("email") or st.user.get("preferred_username") or st.user.get("name") or st.user.get("sub"))
    accounts = accounts_of(settings)
    role = accounts.role_of(name) or settings.oidc_default_role
    if st.session_state.get("marsad-oidc-recorded") != name:
        accounts.record(name, "sign_in", None, f"OIDC, role {role}")
        st.session_state["marsad-oidc-recorded"] = name
    with st.sidebar.container(key="marsad-signed-in"):
        st.caption(t("auth.signed_in", user=name, role=t(f"auth.role_{role}")))
        st.button(t("auth.sign_out"), key="marsad-sign-out", on_click=st.logout, icon=":material/logout:")
    return Identity(name, role)


def audited(data, what: str):
    """A download's deferred data callable that first records the export with the signed-in user (the callable
    runs outside the page run, so who and what are taken now)."""
    from etl.config import get_settings

    who, settings = identity(), get_settings()

    def produce():
        try:
            accounts_of(settings).record(who.user, "export", what, f"role {who.role}")
        except Exception as exc:  # noqa: BLE001 — a record that cannot be written must not be silent
            raise AuthError(f"the export could not be recorded: {exc}") from None
        return data()

    return produce


__all__ = ["audited", "gate", "identity"]

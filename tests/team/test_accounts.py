"""Built-in accounts against SQLite and a real PostgreSQL server: sign-in, one answer for every refusal,
lockout, sessions that expire, roles (a viewer's crafted change refused below the UI, recorded, nothing
changed), and passwords never stored or recorded in clear."""

from __future__ import annotations

import datetime as dt

import pytest

from etl.auth import SIGN_IN_REFUSED, Accounts, AuthError, PermissionRefused
from etl.config import get_settings
from etl.review import Reviewer
from tests.review.conftest import pick

PASSWORD = "correct horse battery"
ARRESTS = "اعتقلت 210"
UTC = dt.timezone.utc


@pytest.fixture()
def accounts(article_store, review_db):
    made = Accounts(get_settings(db=str(article_store), review_db=review_db, auth_max_failures=3,
                                 auth_lockout_minutes=15, session_minutes=60))
    made.add("amal", "analyst", PASSWORD, by="admin-test")
    made.add("vera", "viewer", PASSWORD, by="admin-test")
    yield made
    made.close()


def actions(accounts, user=None) -> list[tuple[str, str]]:
    return [(r["user_name"], r["action"]) for r in accounts.store.access_log() if user in (None, r["user_name"])]


def test_sign_in_gives_a_session_and_every_refusal_reads_the_same(accounts):
    who = accounts.sign_in("amal", PASSWORD)
    assert (who.user, who.role) == ("amal", "analyst") and who.token
    assert accounts.session(who.token)[0].user == "amal"
    for name, password in (("amal", "wrong password!"), ("nobody", PASSWORD), ("", "")):
        with pytest.raises(AuthError) as refused:
            accounts.sign_in(name, password)
        assert str(refused.value) == SIGN_IN_REFUSED  # the message does not tell which names exist
    details = [r["detail"] for r in accounts.store.access_log() if r["action"] == "sign_in_refused"]
    assert details[:2] == ["wrong password", "unknown user"]  # the log does tell the administrator


def test_passwords_are_stored_as_argon2id_hashes_and_never_recorded(accounts):
    account = accounts.store.get("amal")
    assert account.password_hash.startswith("$argon2id$") and PASSWORD not in account.password_hash
    accounts.sign_in("amal", PASSWORD)
    with pytest.raises(AuthError):
        accounts.sign_in("amal", "typo " + PASSWORD)
    for record in accounts.store.access_log():
        assert PASSWORD not in " ".join(str(v) for v in record.values())


def test_lockout_after_repeated_failures_then_unlocked_by_time_or_a_new_password(accounts):
    now = dt.datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    for _ in range(3):  # MARSAD_AUTH_MAX_FAILURES=3
        with pytest.raises(AuthError):
            accounts.sign_in("amal", "guess guess guess", now=now)
    with pytest.raises(AuthError):  # locked: even the right password is refused
        accounts.sign_in("amal", PASSWORD, now=now + dt.timedelta(minutes=5))
    assert "locked until 2026-12-03 09:15 UTC" in accounts.store.access_log()[-1]["detail"]
    assert accounts.sign_in("amal", PASSWORD, now=now + dt.timedelta(minutes=16)).user == "amal"
    for _ in range(3):
        with pytest.raises(AuthError):
            accounts.sign_in("vera", "guess guess guess", now=now)
    accounts.set_password("vera", "a brand new password", by="admin-test")  # an administrator unlocks
    assert accounts.sign_in("vera", "a brand new password", now=now).user == "vera"


def test_sessions_expire_and_end_when_the_account_is_disabled(accounts):
    now = dt.datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    who = accounts.sign_in("amal", PASSWORD, now=now)
    assert accounts.session(who.token, now=now + dt.timedelta(minutes=59))[0].user == "amal"
    assert accounts.session(who.token, now=now + dt.timedelta(minutes=61)) == (None, "expired")
    assert accounts.session(who.token, now=now) == (None, "ended")  # an expired session is gone for good
    again = accounts.sign_in("amal", PASSWORD)
    accounts.disable("amal", by="admin-test")
    assert accounts.session(again.token)[0] is None
    with pytest.raises(AuthError):
        accounts.sign_in("amal", PASSWORD)
    assert ("admin-test", "user_disable") in actions(accounts)


def test_a_viewers_crafted_change_is_refused_below_the_ui_recorded_and_changes_nothing(accounts, article_store,
                                                                                     review_db):
    from dashboard.review_reads import reviewer

    viewer = reviewer(str(article_store), review_db, "vera", "viewer")  # what the review page builds for a viewer
    analyst = reviewer(str(article_store), review_db, "amal", "analyst")
    try:
        event_id = pick(analyst.queue(), ARRESTS)
        before = analyst.store.decisions()
        for crafted in (lambda: viewer.accept([event_id]), lambda: viewer.reject(event_id, "not an event"),
                        lambda: viewer.edit(event_id, {"arrests": "1"}, "crafted"),
                        lambda: viewer.merge([event_id, event_id + "x"]), lambda: viewer.restore(event_id)):
            with pytest.raises(PermissionRefused, match="vera \\(viewer\\) may not .* needs the analyst role"):
                crafted()
        assert analyst.store.decisions() == before and analyst.store.audit_count() == 0
        refused = [r for r in accounts.store.access_log() if r["action"] == "refused"]
        assert len(refused) == 5 and {r["user_name"] for r in refused} == {"vera"}
        assert refused[2]["target"] == event_id and "edit events" in refused[2]["detail"]
        analyst.edit(event_id, {"arrests": "200"}, "count in the article")  # the analyst may
        assert analyst.store.decision(event_id).edits["arrests"] == 200
        assert analyst.store.log(event_id)[-1]["user_name"] == "amal"
    finally:
        viewer.close()
        analyst.close()


def test_account_changes_are_checked_and_recorded(accounts):
    with pytest.raises(AuthError, match="at least 10 characters"):
        accounts.add("short", "viewer", "abc", by="admin-test")
    with pytest.raises(AuthError, match="role 'boss'"):
        accounts.set_role("amal", "boss", by="admin-test")
    with pytest.raises(AuthError, match="no user 'nobody'"):
        accounts.set_role("nobody", "admin", by="admin-test")
    with pytest.raises(Exception, match="already exists"):
        accounts.add("amal", "viewer", PASSWORD, by="admin-test")
    accounts.set_role("vera", "analyst", by="admin-test")
    assert accounts.sign_in("vera", PASSWORD).role == "analyst"
    assert actions(accounts, "admin-test") == [("admin-test", a) for a in ("user_add", "user_add", "user_role")]

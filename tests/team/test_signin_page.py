"""The dashboard's sign-in with Streamlit's AppTest, in English and Arabic: the form when MARSAD_AUTH=accounts, a
refusal that keeps every page closed, the password field emptied, an expired session sent back to the form, a
viewer's review page without edit controls, single-user mode saying so, and a public address refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.signin import TOKEN
from etl.auth import Accounts
from etl.config import get_settings

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py")
PASSWORD = "correct horse battery"
TEXT = {"en": {"title": "Sign in to Marsad", "refused": "Wrong user name or password", "overview": "Overview",
               "expired": "Your session has expired", "read_only": "You can read and export",
               "single": "Single-user mode"},
        "ar": {"title": "تسجيل الدخول إلى مرصد", "refused": "اسم المستخدم أو كلمة المرور غير صحيحة",
               "overview": "نظرة عامة", "expired": "انتهت جلستك", "read_only": "يمكنك القراءة والتصدير",
               "single": "وضع المستخدم الواحد"}}


@pytest.fixture()
def team(article_store, tmp_path, monkeypatch):
    """MARSAD_AUTH=accounts over the example-article store, with a viewer and an analyst."""
    monkeypatch.setenv("MARSAD_DB", str(article_store))
    monkeypatch.setenv("MARSAD_REVIEW_DB", "")
    monkeypatch.setenv("MARSAD_AUTH", "accounts")
    accounts = Accounts(get_settings())
    accounts.add("vera", "viewer", PASSWORD, by="test")
    accounts.add("amal", "analyst", PASSWORD, by="test")
    yield accounts
    accounts.close()


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def opened(lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    return ok(at.run())


def sign_in(at: AppTest, user: str, password: str) -> AppTest:
    at.text_input(key="signin-user").input(user)
    at.text_input(key="signin-password").input(password)
    return ok(at.button(key="signin-submit").click().run())


def texts(elements) -> str:
    return " ".join(str(e.value) for e in elements)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_sign_in_form_refuses_a_wrong_password_and_lets_the_right_one_in(team, lang):
    at = opened(lang)
    assert at.title[0].value == TEXT[lang]["title"] and not at.sidebar.caption  # no page, no data before sign-in
    sign_in(at, "vera", "not the password")
    assert at.title[0].value == TEXT[lang]["title"] and TEXT[lang]["refused"] in texts(at.error)
    assert at.session_state["signin-password"] == ""  # the typed password is not kept
    sign_in(at, "vera", PASSWORD)
    assert at.title[0].value == TEXT[lang]["overview"]
    assert "vera" in texts(at.sidebar.caption) and at.session_state["signin-password"] == ""
    assert [r["action"] for r in team.store.access_log()][-2:] == ["sign_in_refused", "sign_in"]


def test_an_expired_session_goes_back_to_the_form(team):
    stale = team.sign_in("amal", PASSWORD, now=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1))
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state[TOKEN] = stale.token
    ok(at.run())
    assert at.title[0].value == TEXT["en"]["title"] and TEXT["en"]["expired"] in texts(at.warning)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_viewer_sees_the_review_queue_without_edit_controls_and_an_analyst_sees_them(team, lang):
    at = sign_in(opened(lang), "vera", PASSWORD)
    ok(at.switch_page("app_pages/review.py").run())
    assert TEXT[lang]["read_only"] in texts(at.info)
    assert at.selectbox(key="review-event").options  # the queue is readable
    keys = {b.key for b in at.button} | {b.key for b in at.get("form_submit_button")}
    assert not {"review-accept", "review-reject", "review-merge", "review-edit-save"} & keys
    analyst = sign_in(opened(lang), "amal", PASSWORD)
    ok(analyst.switch_page("app_pages/review.py").run())
    assert analyst.button(key="review-accept") and TEXT[lang]["read_only"] not in texts(analyst.info)


def test_single_user_mode_says_so_and_refuses_a_public_address(article_store, monkeypatch):
    from streamlit import config

    monkeypatch.setenv("MARSAD_DB", str(article_store))
    monkeypatch.setenv("MARSAD_AUTH", "none")
    at = opened("en")
    assert at.title[0].value == TEXT["en"]["overview"] and TEXT["en"]["single"] in texts(at.sidebar.caption)
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        at = opened("en")
    finally:
        config.set_option("server.address", before)
    assert "MARSAD_AUTH=accounts" in texts(at.error) and at.title[0].value != TEXT["en"]["overview"]


def test_oidc_mode_names_the_missing_secrets_then_offers_the_providers_sign_in(article_store, monkeypatch):
    monkeypatch.setenv("MARSAD_DB", str(article_store))
    monkeypatch.setenv("MARSAD_AUTH", "oidc")
    at = opened("en")
    assert ".streamlit/secrets.toml" in texts(at.error) and not at.sidebar.caption
    at = AppTest.from_file(APP, default_timeout=90)
    at.secrets["auth"] = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "marsad", "client_secret": "s",
                          "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
    ok(at.run())
    assert at.button(key="marsad-oidc-sign-in") and at.title[0].value == TEXT["en"]["title"]
    assert not at.error and "Overview" not in [t.value for t in at.title]

"""The team stack in a real Chromium, through nginx: PostgreSQL (throwaway), two replicas with MARSAD_AUTH=accounts,
nginx with deploy/nginx/marsad.conf. Sign-in works through nginx and the WebSocket upgrade passes; a viewer sees
no edit controls and their export is recorded with their name; an analyst's decision carries theirs; a reload
keeps the session (on either replica) until sign-out, and a signed-out session's cookie opens nothing."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from dashboard.i18n import translator
from deploy.stack import team_stack
from etl.auth import Accounts
from etl.config import get_settings
from etl.review import Reviewer
from tests.browser.conftest import VIEWPORT, assert_no_error, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def stack(article_store_template, tmp_path_factory):
    db = tmp_path_factory.mktemp("team") / "marsad.duckdb"
    shutil.copyfile(article_store_template, db)
    with team_stack(db, replicas=2) as running:
        running.add_user("vera", "viewer", PASSWORD)
        running.add_user("amal", "analyst", PASSWORD)
        yield running


def signed_in(chromium, stack, user: str, lang: str, path: str = ""):
    """A new browser context signed in as `user` through nginx on page `path`; also returns its WebSockets."""
    context = chromium.new_context(viewport=VIEWPORT, accept_downloads=True)
    sockets: list = []
    page = context.new_page()
    page.on("websocket", lambda ws: sockets.append(ws))
    page.goto(f"{stack.url}/{path}?lang={lang}")
    wait_idle(page)
    t = translator(lang)
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(t("auth.title"))
    page.locator(".st-key-signin-user input").fill(user)
    page.locator(".st-key-signin-password input").fill(PASSWORD)
    page.locator(".st-key-signin-submit button").click()
    wait_idle(page)
    expect(page.locator(".st-key-marsad-signed-in")).to_contain_text(user, timeout=60_000)
    return context, page, sockets


def test_sign_in_through_nginx_over_an_upgraded_websocket(chromium, stack):
    t = translator("en")
    context = chromium.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(f"{stack.url}/?lang=en")
        wait_idle(page)
        page.locator(".st-key-signin-user input").fill("amal")
        page.locator(".st-key-signin-password input").fill("not the password")
        page.locator(".st-key-signin-submit button").click()
        wait_idle(page)
        expect(page.locator(".st-key-marsad-signin-message")).to_contain_text(t("auth.refused"))
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0  # no page is reachable
    finally:
        context.close()
    context, page, sockets = signed_in(chromium, stack, "amal", "en", "review")
    try:
        expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(t("page.review"))
        assert_no_error(page, "review through nginx")
        assert any(ws.url.startswith(stack.url.replace("http", "ws")) and "/_stcore/stream" in ws.url
                   for ws in sockets), [ws.url for ws in sockets]
        access = (stack.folder / "nginx-access.log").read_text()
        assert '"GET /_stcore/stream HTTP/1.1" 101' in access  # nginx switched protocols to the replica
        assert "marsad_route" in {c["name"] for c in context.cookies()}  # the sticky route
        page.locator(".st-key-review-accept button").click()  # an analyst's decision carries their name
        expect(page.locator(".st-key-review-flash")).to_contain_text(t("review.saved"), timeout=60_000)
        rev = Reviewer(get_settings(db=str(stack.db), review_db=stack.review_db), user="check")
        try:
            log = rev.log()
        finally:
            rev.close()
        assert log and (log[-1]["user_name"], log[-1]["action"]) == ("amal", "accept")
    finally:
        context.close()


def go(page, path: str) -> None:
    """Open a page from the sidebar (as an analyst does; a reload starts a new Streamlit session)."""
    page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').click()
    wait_idle(page)


def test_viewer_has_no_edit_controls_and_exports_are_recorded_with_the_user(chromium, stack):
    t = translator("en")
    context, page, _ = signed_in(chromium, stack, "vera", "en", "review")
    try:
        expect(page.locator(".st-key-review-read-only")).to_contain_text(t("auth.read_only"), timeout=60_000)
        expect(page.locator(".st-key-review-event")).to_be_visible()
        for key in ("review-accept", "review-reject", "review-merge", "review-edit-save"):
            assert page.locator(f".st-key-{key}").count() == 0, key
        go(page, "events")
        with page.expect_download(timeout=60_000) as download:
            page.locator(".st-key-dl-events-csv button").click()
        name = download.value.suggested_filename
        accounts = Accounts(get_settings(db=str(stack.db), review_db=stack.review_db))
        try:
            exports = [r for r in accounts.store.access_log() if r["action"] == "export"]
        finally:
            accounts.close()
        assert exports and (exports[-1]["user_name"], exports[-1]["target"]) == ("vera", name)
    finally:
        context.close()


def test_a_reload_keeps_the_session_until_sign_out_and_a_signed_out_cookie_opens_nothing(chromium, stack):
    t = translator("en")
    context, page, _ = signed_in(chromium, stack, "amal", "en", "review")
    try:
        kept = next(c for c in context.cookies() if c["name"] == "marsad_session")
        assert not kept["httpOnly"] and kept["sameSite"] == "Strict" and kept["expires"] > 0
        for _ in range(2):  # a reload is a new Streamlit session; the route cookie may even change replica
            page.reload()
            wait_idle(page)
            expect(page.locator(".st-key-marsad-signed-in")).to_contain_text("amal", timeout=60_000)
            expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(t("page.review"))
        page.locator(".st-key-marsad-sign-out button").click()
        wait_idle(page)
        expect(page.locator(".st-key-marsad-signin-message")).to_contain_text(t("auth.signed_out"))
        page.reload()
        wait_idle(page)
        expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(t("auth.title"))
        context.add_cookies([{k: kept[k] for k in ("name", "value", "domain", "path", "expires", "sameSite")}])
        page.reload()  # the signed-out token, put back by hand: refused server-side
        wait_idle(page)
        expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(t("auth.title"))
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    finally:
        context.close()

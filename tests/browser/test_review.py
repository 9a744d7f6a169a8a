"""The review page in a real Chromium, in English and Arabic: accept, edit, reject and merge with the page's own
buttons, each change checked in the review store; analyst text stays text. Each language gets its own
Streamlit server over a fresh copy of the example-article store."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from dashboard.i18n import translator
from etl.config import get_settings
from etl.review import Reviewer
from etl.review_queue import candidates
from tests.browser.conftest import _free_port, assert_no_error, new_context, open_page, wait_idle
from tests.conftest import ROOT
from tests.review.conftest import article_store_template, pick  # noqa: F401  (fixture used below)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]
ARRESTS, HOSTILE = "اعتقلت 210", "<img src=x onerror=alert('reviewed')>"


@pytest.fixture(params=["en", "ar"])
def review_server(request, article_store_template, tmp_path):
    """(language, base URL, store path) of a Streamlit server over a private copy of the article store."""
    db = tmp_path / "marsad.duckdb"
    shutil.copyfile(article_store_template, db)
    port = _free_port()
    log = open(tmp_path / "server.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/streamlit_app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        env={**os.environ, "MARSAD_DB": str(db), "MARSAD_USER": f"browser-{request.param}", "MARSAD_REVIEW_DB": ""},
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, (tmp_path / "server.log").read_text(errors="replace")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                    if resp.read().decode().strip() == "ok":
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "server.log").read_text(errors="replace")
            time.sleep(0.3)
        yield request.param, base, db
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()


def _button(page, key: str):
    return page.locator(f".st-key-{key} button")


def _open_expander(page, inner_key: str) -> None:
    summary = page.locator("details", has=page.locator(f".st-key-{inner_key}")).locator("summary")
    if page.locator(f".st-key-{inner_key}").first.is_hidden():
        summary.click()
        expect(page.locator(f".st-key-{inner_key}").first).to_be_visible()
        page.wait_for_timeout(600)  # let the expander finish opening before its widgets are used


def _label(t, row: dict) -> str:
    return (f"{str(row['event_date'])[:10]} · {t.sub_event_type(row['sub_event_type'])} · {row['location']} · "
            f"{row['event_id'][-6:]}")


def _choose(page, widget_key: str, option: str) -> None:
    """Pick `option` in the selectbox/multiselect with Streamlit key `widget_key` (typing filters the list)."""
    box = page.locator(f".st-key-{widget_key} input[role='combobox']")
    box.click()
    box.fill(option)
    page.get_by_role("option").filter(has_text=option).first.click()
    if box.get_attribute("aria-expanded") == "true":
        page.keyboard.press("Escape")
    wait_idle(page)


def _saved(page, t) -> None:
    expect(page.locator(".st-key-review-flash")).to_contain_text(t("review.saved"), timeout=60_000)
    wait_idle(page)
    assert_no_error(page, "review")


def test_accept_edit_reject_and_merge_in_the_browser(chromium, review_server):
    lang, base, db = review_server
    t = translator(lang)
    rev = Reviewer(get_settings(db=str(db), review_db=""), user="check")
    context = new_context(chromium, [], [])
    page = context.new_page()
    try:
        open_page(page, base, "review", lang)
        expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(t("page.review"))
        first = rev.queue("pending")[0]["event_id"]  # the page opens on the worst event of the queue

        _button(page, "review-accept").click()
        _saved(page, t)
        assert rev.store.decision(first).status == "accepted"

        _open_expander(page, "review-fatalities")
        page.locator(".st-key-review-fatalities input").fill("3")
        page.locator(".st-key-review-edit-reason input").fill(HOSTILE)
        _button(page, "review-edit-save").click()
        _saved(page, t)
        assert rev.store.decision(first).edits.get("fatalities") == 3
        history = page.locator('[data-testid="stDataFrame"]').last
        expect(history).to_be_visible()

        _open_expander(page, "review-reject-detail")
        page.locator(".st-key-review-reject-detail input").fill("reported twice")
        page.locator(".st-key-review-reject-detail input").press("Enter")  # commits the text (a rerun)
        wait_idle(page)
        expect(page.locator(".st-key-review-flash")).to_have_count(0)
        _button(page, "review-reject").click()
        _saved(page, t)
        assert rev.store.decision(first).status == "rejected", (first, rev.store.decisions(), rev.log())
        assert rev.store.decision(first).reason == f"{t('review.reject_not_event')}: reported twice"

        rows = rev.queue()
        arrests = next(r for r in rows if ARRESTS in (r["evidence"] or ""))
        other = candidates(rev, arrests)[0]  # the page offers the events of its type close in time and place
        _choose(page, "review-event", _label(t, arrests))
        _open_expander(page, "review-merge-with")
        _choose(page, "review-merge-with", _label(t, other))
        page.keyboard.press("Escape")
        page.locator('[data-testid="stMain"] h1').first.click()  # leave the picker: its choice is sent
        wait_idle(page)
        _open_expander(page, "review-merge-with")
        expect(page.locator(".st-key-review-merge-with")).to_contain_text(_label(t, other))
        expect(page.locator(".st-key-review-flash")).to_have_count(0)
        _button(page, "review-merge").click()
        _saved(page, t)
        merged = [d for d in rev.store.decisions().values() if d.status == "merged"]
        assert [(d.event_id, d.merged_into) for d in merged] == [(other["event_id"], arrests["event_id"])]
        assert {x["user_name"] for x in rev.log()} == {f"browser-{lang}"}
        assert page.locator("img[src=x]").count() == 0  # the hostile reason was shown as text
    finally:
        context.close()

"""A shared link with out-of-range dates, a very long value or a long list opens a working page in the real
browser: title, caption and footer drawn, no Streamlit exception, and a notice for what was dropped or cut."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_error, caption_text, open_page

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]


def _notice(page) -> str:
    return page.locator(".st-key-marsad-url-notice").inner_text().replace("\u2060", "")


# Sizes stay under 16 KB of request line: beyond it Streamlit's HTTP server (uvicorn/h11) may answer "400 Invalid
# HTTP request received." before the app runs at all; 100,000-character values and 10,000-item lists are tested
# with AppTest (tests/test_dashboard_url_limits.py).
@pytest.mark.parametrize("path,params,notice,caption", [
    ("", {"from": "9999-12-31", "to": "0001-01-01"}, "“from” date “9999-12-31” is not a date between 1 Jan 1900 "
     "and 31 Dec 2099; it was ignored.", "Showing: All events"),
    ("map", {"q": "x" * 10_000}, "The link's search text has 10,000 characters; only the first 200 are used.",
     "Showing: All events, mentioning “" + "x" * 200 + "”"),
    ("events", {"type": ["Battles"] * 999}, "The link gives 999 values for “type”; only the first 200 are used.",
     "Showing: All events, type Battles"),
], ids=["dates-out-of-range", "q-10k-chars", "list-999-items"])
def test_absurd_url_values_open_a_working_page(pages, server, path, params, notice, caption):
    page = open_page(pages("en"), server, path, "en", **params)
    assert_no_error(page, f"/{path} with {list(params)}")
    expect(page.locator('[data-testid="stMain"] h1').first).to_be_visible()
    expect(page.locator(".st-key-marsad-footer")).to_be_visible()  # the page ran to its end
    assert caption_text(page).replace("\u2060", "") == caption
    if notice:
        assert notice in _notice(page)

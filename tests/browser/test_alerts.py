"""The Alerts page in a real Chromium over the bundled store: alerts with their figures and charts, in English
and in Arabic (right to left), and an alert's link opens the Events page filtered to that alert's events."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, assert_no_error, caption_text, full_screenshot, open_page, wait_idle
from tests.browser.test_outside_requests import ACTOR, INVISIBLE, assert_nothing_outside, watched  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

SURGE = {"en": "surge", "ar": "ارتفاع"}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_alerts_page_shows_alerts_with_charts(pages, server, lang):
    page = open_page(pages(lang), server, "alerts", lang)
    assert_no_error(page, f"alerts ({lang})")
    first = page.locator(".st-key-marsad-alert-0")
    expect(first).to_be_visible()
    expect(first).to_contain_text(SURGE[lang])
    expect(first.locator(".js-plotly-plot .bars path").first).to_be_attached()  # the weekly bars are drawn
    assert page.locator('[class*="st-key-marsad-alert-"]').count() >= 10
    direction = page.evaluate("() => getComputedStyle(document.querySelector('.stMain .block-container')).direction")
    assert direction == ("rtl" if lang == "ar" else "ltr")
    full_screenshot(page, SCREENSHOTS / f"alerts_{lang}.png")


def test_an_alerts_link_opens_the_events_it_counts(pages, server, store_count):
    page = open_page(pages("en"), server, "alerts", "en")
    # the newest surge of a district over a 7-day window: its link names the district and the window
    card = page.locator('[class*="st-key-marsad-alert-"]', has_text="in the 7 days to").first
    link = card.get_by_role("link", name="Open these events")
    href = link.get_attribute("href")
    query = parse_qs(urlparse(href).query)
    area, start, end = query["adm2"][0], query["from"][0], query["to"][0]
    with page.context.expect_page() as opened:
        link.click()
    events = opened.value
    try:
        wait_idle(events)
        assert_no_error(events, "events from an alert")
        expect(events.locator('[data-testid="stMain"] h1').first).to_have_text("Events")
        expected = store_count("admin2_pcode = ? AND event_date BETWEEN ? AND ?", [area, start, end])
        assert expected > 0
        shown = events.locator('[data-testid="stCaptionContainer"]', has_text="events ·").first.inner_text()
        assert shown.startswith(f"{expected:,} events"), (shown, expected)
        caption = caption_text(events)
        assert "from" in caption and events.url.split("?")[0].endswith("/events")
    finally:
        events.close()


def test_alert_about_the_hostile_actor_shows_its_markdown_as_text(watched, server):
    """The hostile events (tests/fixtures/injection/markdown_events.csv) are the first of their actor in
    Ar-Raqqa: its first-seen alert names the actor literally, and nothing is fetched from another host."""
    page, requests, dialogs = watched
    open_page(page, server, "alerts", "en", actor=ACTOR)
    assert_no_error(page, "alerts filtered to the hostile actor")
    text = assert_nothing_outside(page, requests, dialogs, "alerts")
    assert f"First seen in Ar-Raqqa: {ACTOR}" in text.translate(INVISIBLE), text[:2000]

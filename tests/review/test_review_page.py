"""The review page with Streamlit's AppTest, in English and Arabic, on a store holding the example article:
the queue, accept, edit (a refused value names the field and saves nothing), reject, merge, the history, a
changed version shown as a conflict, and analyst text never rendered as HTML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl.config import get_settings
from etl.review import Reviewer
from tests.review.conftest import pick

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py")
CURFEW, FOILED, ARRESTS = "فرض حظر تجوال", "أحبطت", "اعتقلت 210"
TEXT = {"en": {"title": "Review", "saved": "Saved.", "refused": "Not saved: a value was refused.",
               "conflict": "Someone else changed this event"},
        "ar": {"title": "المراجعة", "saved": "تم الحفظ.", "refused": "لم يُحفظ: رُفضت إحدى القيم.",
               "conflict": "غيّر شخص آخر هذا الحدث"}}


@pytest.fixture()
def page(article_store, monkeypatch):
    monkeypatch.setenv("MARSAD_DB", str(article_store))
    monkeypatch.setenv("MARSAD_USER", "amal")
    monkeypatch.setenv("MARSAD_REVIEW_DB", "")

    def open_page(lang: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=90)
        at.query_params["lang"] = lang
        at.run()
        at.switch_page("app_pages/review.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return open_page


def reviewer(article_store) -> Reviewer:
    return Reviewer(get_settings(db=str(article_store), review_db=""), user="check")


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_accept_edit_reject_and_merge_from_the_page(page, article_store, lang):
    at = page(lang)
    assert at.title[0].value == TEXT[lang]["title"]
    rev = reviewer(article_store)
    rows = rev.queue()
    e3, e6, arrests = pick(rows, CURFEW), pick(rows, FOILED), pick(rows, ARRESTS)
    ok(at.selectbox(key="review-event").set_value(e3).run())
    ok(at.button(key="review-accept").click().run())
    assert TEXT[lang]["saved"] in [s.value for s in at.success]
    assert rev.store.decision(e3).status == "accepted"

    ok(at.selectbox(key="review-event").set_value(e6).run())
    at.text_input(key="review-fatalities").input("-4")
    at.text_input(key="review-edit-reason").input("wrong count")
    ok(at.button(key="review-edit-save").click().run())
    assert TEXT[lang]["refused"] in [e.value for e in at.error]
    assert any("fatalities: -4 is negative" in x.value for x in at.text)
    assert rev.store.decision(e6).version == 0 and rev.log(e6) == []

    at.date_input(key="review-event_date").set_value(dt.date(2022, 12, 20))
    at.text_input(key="review-fatalities").input("")
    at.text_input(key="review-edit-reason").input("<b>the raid</b> was on the 20th")
    ok(at.button(key="review-edit-save").click().run())
    assert rev.store.decision(e6).edits == {"event_date": "2022-12-20"}
    history = at.dataframe[-1].value  # the history comes last, as a grid (cells are never HTML)
    assert "2022-12-20" in history.to_string() and "<b>the raid</b> was on the 20th" in history.to_string()

    at.text_input(key="review-reject-detail").input("<img src=x onerror=alert(1)>")
    ok(at.button(key="review-reject").click().run())
    assert rev.store.decision(e6).status == "rejected"
    assert "<img src=x onerror=alert(1)>" in rev.store.decision(e6).reason

    ok(at.selectbox(key="review-event").set_value(arrests).run())
    candidates = [r["event_id"] for r in rows if r["event_type"] == "Strategic developments"
                  and r["event_id"] not in (arrests, e6, e3)]
    ok(at.multiselect(key="review-merge-with").set_value(candidates[:1]).run())
    ok(at.button(key="review-merge").click().run())
    assert rev.store.decision(candidates[0]).merged_into == arrests
    assert rev.store.decision(arrests).status == "accepted"
    for block in at.markdown:  # analyst text is never rendered as HTML or Markdown
        assert "onerror" not in block.value and "<b>the raid" not in block.value


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_change_made_meanwhile_is_shown_as_a_conflict(page, article_store, lang):
    at = page(lang)
    rev = reviewer(article_store)
    e3 = pick(rev.queue(), CURFEW)
    ok(at.selectbox(key="review-event").set_value(e3).run())
    rev.edit(e3, {"fatalities": "1"}, "someone else, meanwhile")
    ok(at.button(key="review-accept").click().run())
    assert any(TEXT[lang]["conflict"] in w.value for w in at.warning)
    assert rev.store.decision(e3).updated_by == "check" and rev.store.decision(e3).version == 1



def test_a_decision_made_elsewhere_is_shown_on_the_next_page_run(page, article_store):
    """The page's reads are shared by every session (cached): a decision written by someone else (another
    session, another replica, the command line) is seen the next time the page runs, in the queue and the state."""
    at = page("en")
    rev = reviewer(article_store)
    e3 = pick(rev.queue(), CURFEW)
    ok(at.selectbox(key="review-event").set_value(e3).run())
    pending = next(c.value for c in at.caption if c.value.endswith("can be chosen."))
    assert "Review: Waiting for review · version 0" in [c.value for c in at.caption]
    rev.accept([e3], "someone else, meanwhile")
    ok(at.run())
    captions = [c.value for c in at.caption]
    assert "Review: Accepted · version 1" in captions
    left = next(c for c in captions if c.endswith("can be chosen."))
    assert int(left.split()[0]) == int(pending.split()[0]) - 1  # one fewer waiting

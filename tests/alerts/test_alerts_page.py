"""The Alerts page (AppTest) on the store `make run` builds: alerts with their figures, a chart each and a link
to their events, in English and in Arabic (right to left); the kind switch and the sidebar filters apply."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from dashboard.literal import shown_text
from tests.dashboard_fixtures import open_page

TITLE = {"en": "Alerts", "ar": "التنبيهات"}
SURGE = {"en": "surge", "ar": "ارتفاع"}
EXPECTED = {"en": "expected from the 84 days before", "ar": "متوقعة من الأيام الـ84 السابقة"}
OPEN = {"en": "Open these events", "ar": "افتح هذه الأحداث"}
QUIET = {"en": "Quiet area active again", "ar": "منطقة هادئة عادت إلى النشاط"}


@pytest.fixture()
def env(bundled_store_env, monkeypatch):
    monkeypatch.setenv("MARSAD_LANGUAGE", "en")
    return bundled_store_env


def _texts(at) -> list[str]:
    return [shown_text(m.value.strip("*")) for m in at.markdown]


def _links(at) -> list[str]:
    return [b.proto.url for b in at.get("link_button")]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_alerts_page_shows_alerts_with_figures_chart_and_link(env, lang):
    at = open_page("alerts", lang)
    assert at.title[0].value == TITLE[lang]
    texts = _texts(at)
    assert any(SURGE[lang] in t for t in texts)
    assert any(EXPECTED[lang] in t for t in texts)  # the figures that raised the surge
    links = _links(at)
    charts = at.get("plotly_chart")
    assert len(links) == len(charts) >= 10
    assert [b.proto.label for b in at.get("link_button")][0] == OPEN[lang]
    first = parse_qs(urlparse(links[0]).query)
    assert urlparse(links[0]).path == "./events" and first["lang"] == [lang]
    assert first["adm2"] == ["SY1101"] and first["to"] == ["2023-02-18"]  # the newest: Ar-Raqqa, the 2023 article
    rtl = any("direction: rtl" in h.proto.body for h in at.get("html"))
    assert rtl is (lang == "ar")


def test_kind_switch_and_sidebar_filters_narrow_the_alerts(env):
    at = open_page("alerts", "en")
    at.segmented_control(key="alerts_kind").set_value("reactivated").run()
    titles = [t for t in _texts(at) if t.startswith(QUIET["en"])]
    assert titles and len(titles) == len(_links(at)), _texts(at)[:4]
    at = open_page("alerts", "en", adm2="SY1101", **{"from": "2017-06-01", "to": "2017-10-31"})  # the Raqqa campaign
    links = _links(at)
    assert links, [c.value for c in at.caption] + [i.value for i in at.info]
    assert all(parse_qs(urlparse(u).query).get("adm2") == ["SY1101"] for u in links)
    assert all("2017-06-01" <= parse_qs(urlparse(u).query)["to"][0] <= "2017-10-31" for u in links)

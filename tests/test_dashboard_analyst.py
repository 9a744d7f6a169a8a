"""What analysts expect, in Streamlit's AppTest on the fixture store: a UCDP event shows its own notes (UCDP's
source headline) as its evidence; in Arabic, UCDP's Latin place names read in Arabic where the gazetteer knows
them."""

from __future__ import annotations

import duckdb
import pytest

from tests.dashboard_fixtures import build_fixture_store, open_page

UCDP_EVENT = "ucdp:900000"
HEADLINE = "Clashes between IS and SDF near Arbin; 4 killed (SOHR, 2017-03-02)"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = build_fixture_store(tmp_path_factory.mktemp("analyst") / "marsad.duckdb")
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE events SET notes = ?, location = 'Arbin town', location_ar = NULL WHERE event_id = ?",
                    [HEADLINE, UCDP_EVENT])
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MARSAD_DB", str(path))
        yield str(path)


@pytest.mark.parametrize("lang, said", [("en", "The event as UCDP GED records it"), ("ar", "الحدث كما يسجّله")])
def test_a_ucdp_event_shows_its_own_notes_not_no_evidence(store, lang, said):
    at = open_page("events", lang, event=UCDP_EVENT)
    texts = [x.value for x in at.text]
    assert HEADLINE in texts
    assert any(said in c.value for c in at.caption)
    assert not any("No evidence text recorded" in i.value or "لا يوجد نص دليل" in i.value for i in at.info)


def test_ucdp_place_names_read_in_arabic(store):
    at = open_page("events", "ar", q="Arbin")
    table = at.dataframe(key="events-table").value
    assert "عربين" in set(table["المكان"])
    assert "Arbin town" not in set(table["المكان"])
    detail = open_page("events", "ar", event=UCDP_EVENT)
    assert any("عربين" in x.value for x in detail.text)
    english = open_page("events", "en", q="Arbin").dataframe(key="events-table").value
    assert "Arbin town" in set(english["Place"])


def test_event_tables_show_the_place_early_and_alike_on_every_page(store):
    """The grid opens on its first columns (also in Arabic), so the place comes right after date and type, in
    the same order on Overview, Events and News, in both languages."""
    for lang, place in (("en", "Place"), ("ar", "المكان")):
        orders = []
        for page in ("overview", "events", "news"):
            tables = [d.value for d in open_page(page, lang).dataframe if place in d.value.columns]
            assert tables, f"no event table on {page}"
            orders.append(list(tables[0].columns))
        for columns in orders:
            assert columns.index(place) == 2, columns
        assert orders[0] == orders[1] and orders[2] == orders[0][:len(orders[2])]

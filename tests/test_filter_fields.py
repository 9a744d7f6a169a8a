"""The analyst's further filters (date and location precision, civilian targeting, disorder type, actor type,
associated actors): SQL counts against the rows, the URL both ways, the caption in both languages, and the
sidebar seeded from a shared link (AppTest)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from dashboard.filters import Filters
from tests.dashboard_fixtures import build_fixture_store, open_page

COLS = ("event_id VARCHAR, event_date DATE, event_type VARCHAR, time_precision TINYINT, geo_precision TINYINT, "
        "disorder_type VARCHAR, inter1 VARCHAR, inter2 VARCHAR, assoc_actor_1 VARCHAR, assoc_actor_2 VARCHAR")
ROWS = [
    ("a", dt.date(2017, 1, 1), "Battles", 1, 1, "Political violence", "Rebel group", "State forces", None, None),
    ("b", dt.date(2017, 1, 1), "Explosions/Remote violence", 4, 3, "Political violence", "State forces",
     "Civilians", None, None),
    ("c", dt.date(2017, 1, 1), "Violence against civilians", 2, 2, "Political violence", "Rebel group", None,
     "Asayish; International Coalition", None),
    ("d", dt.date(2017, 1, 1), "Protests", 1, 1, "Demonstrations", "Protesters", None, None, "Teachers (Syria)"),
]


def count(f: Filters) -> int:
    con = duckdb.connect()
    con.execute(f"CREATE TABLE events ({COLS})")
    con.executemany(f"INSERT INTO events VALUES ({', '.join('?' * 10)})", ROWS)
    where, params = f.to_sql()
    return con.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()[0]


@pytest.mark.parametrize("f, ids", [
    (Filters(time_precision=(1,)), "ad"),
    (Filters(time_precision=(2, 4)), "bc"),
    (Filters(geo_precision=(3,)), "b"),
    (Filters(civilians="targeted"), "bc"),
    (Filters(civilians="not_targeted"), "ad"),
    (Filters(disorder_types=("Demonstrations",)), "d"),
    (Filters(actor_types=("State forces",)), "ab"),
    (Filters(actor_types=("Protesters", "Civilians")), "bd"),
    (Filters(assoc_actors=("International Coalition",)), "c"),
    (Filters(assoc_actors=("Teachers (Syria)",)), "d"),
    (Filters(assoc_actors=("Coalition",)), ""),  # a whole name, not a part of one
])
def test_each_filter_keeps_the_right_events(f, ids):
    assert count(f) == len(ids)


def test_url_round_trip_and_bad_values_are_noticed():
    f = Filters(time_precision=(1, 2), geo_precision=(3,), civilians="targeted", disorder_types=("Demonstrations",),
                actor_types=("Civilians",), assoc_actors=("International Coalition",))
    params = f.to_query_params()
    assert params == {"tprec": ["1", "2"], "gprec": ["3"], "civ": "targeted", "disorder": ["Demonstrations"],
                      "inter": ["Civilians"], "assoc": ["International Coalition"]}
    assert Filters.from_query_params(params) == f
    back, notices = Filters.parse_query_params({"tprec": ["9", "1"], "civ": "maybe", "inter": "Aliens"})
    assert back == Filters(time_precision=(1,))
    assert {(n.param, n.kind) for n in notices} == {("tprec", "unknown"), ("civ", "unknown"), ("inter", "unknown")}


def test_caption_in_both_languages():
    f = Filters(time_precision=(1,), civilians="targeted", actor_types=("State forces",),
                disorder_types=("Political violence",), assoc_actors=("Asayish",), geo_precision=(1, 2))
    en = f.caption("en")
    assert ("date precision Exact day" in en and "location precision The place itself or Near it / its district"
            in en and "civilians targeted" in en and "actor type State forces" in en
            and "disorder type Political violence" in en and "with associated actor Asayish" in en)
    ar = f.caption("ar")
    assert "اليوم بعينه" in ar and "المدنيون مستهدفون" in ar and "قوات حكومية" in ar and "عنف سياسي" in ar


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = build_fixture_store(tmp_path_factory.mktemp("fields") / "marsad.duckdb")
    con = duckdb.connect(str(path))
    con.execute("UPDATE events SET time_precision = 4, geo_precision = 3 WHERE event_id IN "
                "(SELECT event_id FROM events ORDER BY event_id LIMIT 7)")
    con.execute("UPDATE events SET inter2 = 'Civilians' WHERE event_type <> 'Violence against civilians' AND "
                "event_id IN (SELECT event_id FROM events ORDER BY event_id DESC LIMIT 5)")
    con.close()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MARSAD_DB", str(path))
        yield str(path)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_shared_link_sets_the_sidebar_and_every_count(store, lang):
    with duckdb.connect(store, read_only=True) as con:
        year_only = con.execute("SELECT count(*) FROM events WHERE time_precision = 4").fetchone()[0]
        civ = con.execute("SELECT count(*) FROM events WHERE inter2 = 'Civilians' OR "
                          "event_type = 'Violence against civilians'").fetchone()[0]
    at = open_page("overview", lang, tprec="4")
    assert at.multiselect(key="flt_tprec").value == [4]
    assert at.metric[0].value == f"{year_only:,}"
    caption = " ".join(c.value for c in at.caption)
    assert ("date precision Year only" if lang == "en" else "دقة التاريخ السنة فقط") in caption
    at = open_page("overview", lang, civ="targeted")
    assert at.selectbox(key="flt_civ").value == "targeted" and at.metric[0].value == f"{civ:,}"
    assert "targeted" in str(at.query_params["civ"])  # kept in the URL

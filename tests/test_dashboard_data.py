"""dashboard.data: every query's result equals counts computed independently with DuckDB on the
fixture store; the reader is read-only and follows a swapped-in snapshot."""

import datetime as dt
import os
import shutil

import duckdb
import pytest

from dashboard import data, data_provenance
from dashboard.filters import Filters
from tests.dashboard_fixtures import build_fixture_store

D = dt.date
RAQQA_2017 = Filters(date_from=D(2017, 1, 1), date_to=D(2017, 12, 31), admin1=["SY11"])
IS = "Islamic State"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return str(build_fixture_store(tmp_path_factory.mktemp("store") / "marsad.duckdb"))


@pytest.fixture(scope="module")
def raw(store):
    """An independent connection for the expected values (same read-only config as the reader)."""
    con = duckdb.connect(store, read_only=True)
    yield lambda sql, *p: con.execute(sql, list(p)).fetchall()
    con.close()


@pytest.fixture()
def con(store):
    with data.reader(store) as cursor:
        yield cursor


def test_headline_matches_store(con, raw):
    got = data.headline(con, RAQQA_2017)
    [(events, fat, arr)] = raw("""SELECT count(*), coalesce(sum(fatalities),0), coalesce(sum(arrests),0) FROM events
                                  WHERE event_date BETWEEN '2017-01-01' AND '2017-12-31' AND admin1_pcode = 'SY11'""")
    [(actors,)] = raw("""SELECT count(DISTINCT a) FROM (SELECT actor1 a FROM events WHERE event_date BETWEEN
        '2017-01-01' AND '2017-12-31' AND admin1_pcode='SY11' UNION ALL SELECT actor2 FROM events WHERE event_date
        BETWEEN '2017-01-01' AND '2017-12-31' AND admin1_pcode='SY11') WHERE a IS NOT NULL""")
    assert got == {"events": events, "fatalities": fat, "arrests": arr, "active_actors": actors}
    assert events > 0


def test_headline_comparison_uses_previous_period_of_equal_length(con, raw):
    got = data.headline_comparison(con, RAQQA_2017)
    assert (got["previous_from"], got["previous_to"]) == (D(2016, 1, 2), D(2016, 12, 31))
    [(prev,)] = raw("""SELECT count(*) FROM events WHERE event_date BETWEEN '2016-01-02' AND '2016-12-31'
                       AND admin1_pcode = 'SY11'""")
    assert got["previous"]["events"] == prev
    assert data.headline_comparison(con, Filters())["previous"] is None  # all dates: nothing to compare


def test_timeline_by_month_and_week(con, raw):
    month = data.timeline(con, RAQQA_2017, "month")
    assert month["events"].sum() == data.headline(con, RAQQA_2017)["events"]
    assert month["fatalities"].sum() == data.headline(con, RAQQA_2017)["fatalities"]
    [(n,)] = raw("""SELECT count(*) FROM events WHERE admin1_pcode='SY11' AND event_type='Battles'
                    AND event_date BETWEEN '2017-03-01' AND '2017-03-31'""")
    march = month[(month["period"] == D(2017, 3, 1)) & (month["event_type"] == "Battles")]
    assert (int(march["events"].iloc[0]) if len(march) else 0) == n
    week = data.timeline(con, RAQQA_2017, "week")
    assert all(p.weekday() == 0 for p in week["period"])  # ISO weeks start on Monday
    with pytest.raises(ValueError):
        data.timeline(con, RAQQA_2017, "year; DROP TABLE events")


def test_top_actors_count_both_sides(con, raw):
    top = data.top_actors(con, Filters(), "events", 50).set_index("actor")
    [(n,)] = raw("SELECT count(*) FROM events WHERE actor1 = ? OR actor2 = ?", IS, IS)
    assert top.loc[IS, "events"] == n
    by_fat = data.top_actors(con, Filters(), "fatalities", 3)
    assert list(by_fat["fatalities"]) == sorted(by_fat["fatalities"], reverse=True)


def test_interaction_matrix_and_activity(con, raw):
    matrix = data.interaction_matrix(con, Filters(), 10)
    [(n,)] = raw("SELECT count(*) FROM events WHERE actor1 = ? AND actor2 = 'Syrian Democratic Forces'", IS)
    row = matrix[(matrix["actor1"] == IS) & (matrix["actor2"] == "Syrian Democratic Forces")]
    assert int(row["events"].iloc[0]) == n
    activity = data.actor_activity(con, Filters(), [IS], "month")
    [(total,)] = raw("SELECT count(*) FROM events WHERE actor1 = ? OR actor2 = ?", IS, IS)
    assert activity["events"].sum() == total and set(activity["actor"]) == {IS}


def test_actor_card(con, raw):
    card = data.actor_card(con, IS)
    [(first, last, n)] = raw("SELECT min(event_date), max(event_date), count(*) FROM events WHERE actor1=? OR actor2=?",
                             IS, IS)
    assert (card["first_seen"], card["last_seen"], card["events"]) == (first, last, n)
    assert card["as_actor1"] + card["as_actor2"] == n
    assert set(card["aliases"]) == {"ISIS", "داعش"}
    assert data.actor_card(con, "Nobody") is None


def test_map_points_are_limited_newest_first(con, raw):
    got = data.map_points(con, Filters(), 25)
    [(total,)] = raw("SELECT count(*) FROM events WHERE latitude IS NOT NULL")
    assert (got["total"], got["truncated"], len(got["points"])) == (total, True, 25)
    assert list(got["points"]["event_date"]) == sorted(got["points"]["event_date"], reverse=True)
    assert not data.map_points(con, Filters(), 10_000)["truncated"]


def test_area_and_grid_counts(con, raw):
    areas = data.area_counts(con, Filters(admin1=["SY11"]), 3).set_index("pcode")
    for pcode, n in raw("SELECT admin3_pcode, count(*) FROM events WHERE admin1_pcode='SY11' GROUP BY 1"):
        assert areas.loc[pcode, "events"] == n
    grid = data.grid_counts(con, Filters(), 0.5)
    assert grid["events"].sum() == raw("SELECT count(*) FROM events WHERE latitude IS NOT NULL")[0][0]
    with pytest.raises(ValueError):
        data.area_counts(con, Filters(), 4)


def test_events_page_sorted_paginated_searchable(con, raw):
    page2 = data.events_page(con, Filters(), "fatalities", True, 2, 10)
    [(total,)] = raw("SELECT count(*) FROM events")
    assert page2["total"] == total and len(page2["rows"]) == 10
    expected = [r[0] for r in raw("""SELECT event_id FROM events ORDER BY fatalities DESC NULLS LAST, event_id
                                     LIMIT 10 OFFSET 10""")]
    assert list(page2["rows"]["event_id"]) == expected
    found = data.events_page(con, Filters(text="checkpoint"), "event_date", True, 1, 50)
    assert list(found["rows"]["event_id"]) == ["art:art-xss:0"]
    bad_sort = data.events_page(con, Filters(), "event_date; DROP TABLE events", True, 1, 5)
    assert len(bad_sort["rows"]) == 5  # unknown sort columns fall back to the date


def test_searching_arabic_ignores_spelling_variants_and_diacritics(con):
    def ids(text):
        return sorted(data.events_page(con, Filters(text=text), "event_date", True, 1, 500)["rows"]["event_id"])

    spelled = ids("الرقة")
    assert spelled, "the Arabic example article names Raqqa"
    assert ids("الرقه") == spelled and ids("الرَّقة") == spelled
    assert ids("الرقة؟") == []


def test_event_detail_with_article_and_sources(con):
    detail = data.event_detail(con, "art:art-ar:1")
    assert detail["event"]["arrests"] == 210
    assert detail["article"]["article_id"] == "art-ar"
    assert set(detail["sources"]["source"]) == {detail["event"]["source"], "Enab Baladi"}
    assert data.event_detail(con, "nope") is None


def test_articles_newest_first_with_their_events(con):
    got = data_provenance.articles(con, Filters(), 10, 0)
    assert list(got["rows"]["article_id"]) == ["art-ar", "art-xss", "art-plain"]
    assert sorted(got["events"][got["events"]["article_id"] == "art-ar"]["event_id"]) == ["art:art-ar:1", "art:art-ar:2"]
    only_civilians = data_provenance.articles(con, Filters(actors=["Civilians"], origins=["article"]), 10, 0)
    assert list(only_civilians["rows"]["article_id"]) == ["art-xss"]
    assert data_provenance.articles(con, Filters(date_to=D(2019, 10, 31)), 10, 0)["total"] == 1


def test_runs_quarantine_origins_options(con, raw):
    assert list(data_provenance.runs(con)["run_id"]) == [2, 1]
    q = data_provenance.quarantine(con)
    assert q["total"] == 2 and "not a valid date" in q["rows"]["reason"].iloc[0]
    origins = data_provenance.origin_counts(con, Filters()).set_index("origin")
    assert origins.loc["article", "events"] == raw("SELECT count(*) FROM events WHERE origin='article'")[0][0]
    opts = data.filter_options(con)
    assert opts["actors"][0] == data.top_actors(con, Filters(), "events", 1)["actor"].iloc[0]
    assert opts["latest"] == raw("SELECT max(event_date) FROM events")[0][0]
    assert set(opts["origins"]) == {"ucdp", "article"}


def test_reader_is_read_only(store):
    with data.reader(store) as cur:
        with pytest.raises(duckdb.Error):
            cur.execute("DELETE FROM events")


def test_reader_follows_a_swapped_snapshot(tmp_path):
    live = build_fixture_store(tmp_path / "live.duckdb", n_events=20)
    with data.reader(live) as cur:
        assert data.headline(cur, Filters())["events"] == 23
    new = tmp_path / "live.duckdb.tmp-1"
    shutil.copy(live, new)
    writer = duckdb.connect(str(new))
    writer.execute("DELETE FROM events WHERE origin = 'article'")
    writer.close()
    os.replace(new, live)  # what the ETL's snapshot swap does
    with data.reader(live) as cur:
        assert data.headline(cur, Filters())["events"] == 20


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(data.StoreUnavailable, match="no store file"):
        with data.reader(tmp_path / "missing.duckdb"):
            pass
    assert not data.CachedStore(tmp_path / "missing.duckdb").exists


def test_event_detail_of_a_dataset_event_in_a_store_with_articles(bundled_store):
    """A UCDP event has no article: its detail shows no article (pandas NaN must not look like an id)."""
    with data.reader(str(bundled_store)) as cursor:
        detail = data.event_detail(cursor, "ucdp:214797")
        assert detail["event"]["notes"] == "14 shells hit Dahya al-Assad an clashes continue around Ter Ma’la"
        assert detail["event"]["article_id"] is None
        assert detail["article"] is None
        arrest_id = cursor.execute("SELECT event_id FROM events WHERE origin = 'article' AND arrests = 210").fetchall()[0][0]
        arrest = data.event_detail(cursor, arrest_id)
    assert "اعتقلت 210" in arrest["article"]["text"]
    assert arrest["event"]["evidence"] in arrest["article"]["text"]


def test_an_article_without_a_title_shows_no_title_rather_than_nan(tmp_path):
    import duckdb

    from etl.schema import EVENT_COLUMNS
    from etl.store.snapshot import migrate

    db = tmp_path / "store.duckdb"
    con = duckdb.connect(str(db))
    migrate(con)
    con.execute("INSERT INTO articles (article_id, url, title, published, source, language, text, n_events, run_id) "
                "VALUES ('a1', NULL, NULL, NULL, NULL, 'ar', 'نص', 1, 1)")
    row = {c: None for c in EVENT_COLUMNS}
    row.update(event_id="art:1", event_date=dt.date(2020, 1, 1), time_precision=3, event_type="Battles",
               sub_event_type="Armed clash", origin="article", article_id="a1", date_estimated=True)
    con.execute(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})",
                [row[c] for c in EVENT_COLUMNS])
    detail = data.event_detail(con, "art:1")
    assert detail["article"]["title"] is None and detail["event"]["date_estimated"] is True

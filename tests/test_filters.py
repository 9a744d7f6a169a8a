"""dashboard.filters: one Filters object -> SQL with bound parameters, URL params, captions, periods."""

import datetime as dt

import duckdb
import pytest

from dashboard.filters import Filters, period_range, preset_range

D = dt.date


def run_count(f: Filters, rows: list[tuple]) -> int:
    con = duckdb.connect()
    con.execute("""CREATE TABLE events (event_id VARCHAR, event_date DATE, event_type VARCHAR, sub_event_type VARCHAR,
                   actor1 VARCHAR, actor2 VARCHAR, admin1 VARCHAR, admin2 VARCHAR, admin1_pcode VARCHAR,
                   admin2_pcode VARCHAR, origin VARCHAR, fatalities INTEGER, notes VARCHAR, evidence VARCHAR,
                   location VARCHAR, location_ar VARCHAR)""")
    con.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    where, params = f.to_sql()
    return con.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()[0]


ROWS = [
    ("e1", D(2017, 3, 1), "Battles", "Armed clash", "Islamic State", "Syrian Democratic Forces", "Ar-Raqqa",
     "Ar-Raqqa", "SY11", "SY1101", "ucdp", 4, "Clashes near Raqqa", None, "Ar-Raqqa", "الرقة"),
    ("e2", D(2017, 6, 1), "Strategic developments", "Arrests", "Syrian Democratic Forces", "Islamic State",
     "Ar-Raqqa", "Tell Abiad", "SY11", "SY1102", "article", None, None, "اعتقلت قسد 210 من عناصر داعش", "Ein Issa", None),
    ("e3", D(2018, 1, 5), "Explosions/Remote violence", "Air/drone strike", "Government of Syria", None, "Aleppo",
     "Al Bab", "SY02", "SY0202", "ucdp", 12, "Air strike on Al Bab", None, "Al Bab", "الباب"),
    ("e4", D(2016, 12, 31), "Battles", "Armed clash", "Hayat Tahrir al-Sham", "Islamic State", "Aleppo", "Afrin",
     "SY02", "SY0203", "ucdp", 0, "; DROP TABLE events; --", None, "Afrin", None),
]


@pytest.mark.parametrize("f, expected", [
    (Filters(), 4),
    (Filters(date_from=D(2017, 1, 1), date_to=D(2017, 12, 31)), 2),
    (Filters(date_from=D(2017, 6, 1)), 2),
    (Filters(date_to=D(2016, 12, 31)), 1),
    (Filters(actors=["Islamic State"]), 3),  # actor1 or actor2
    (Filters(actors=["Government of Syria", "Hayat Tahrir al-Sham"]), 2),
    (Filters(event_types=["Battles"]), 2),
    (Filters(sub_event_types=["Arrests", "Air/drone strike"]), 2),
    (Filters(admin1=["SY11"]), 2),
    (Filters(admin2=["SY1102"]), 1),
    (Filters(origins=["article"]), 1),
    (Filters(min_fatalities=1), 2),  # null fatalities count as 0
    (Filters(min_fatalities=5), 1),
    (Filters(text="al bab"), 1),  # case-insensitive, over notes/places
    (Filters(text="داعش"), 1),  # Arabic evidence
    (Filters(text="الرقه"), 1),  # Arabic spelling variants (dashboard/search.py)
    (Filters(text="a.b"), 0),  # no regex wildcards either
    (Filters(text="'; DROP TABLE events; --"), 0),  # a search string is a parameter, never SQL
    (Filters(text="%"), 0),  # no LIKE wildcards
    (Filters(admin1=["SY11"], actors=["Islamic State"], min_fatalities=1), 1),
])
def test_sql_counts(f, expected):
    assert run_count(f, ROWS) == expected


def test_sql_uses_only_bound_parameters():
    f = Filters(actors=["O'Brien \"x\""], text="x'); DROP TABLE events; --", admin1=["SY11"])
    where, params = f.to_sql()
    assert "O'Brien" not in where and "DROP" not in where and "SY11" not in where
    assert params["f_actors"] == ["O'Brien \"x\""]
    assert Filters().to_sql() == ("TRUE", {})


def test_sql_with_alias_prefixes_columns():
    where, _ = Filters(admin1=["SY11"], min_fatalities=2).to_sql("e")
    assert "e.admin1_pcode" in where and "e.fatalities" in where


def test_lists_are_canonical():
    assert Filters(actors=["b", "a", "a", " "]) == Filters(actors=("a", "b"))
    assert Filters(actors=["b", "a"]).actors == ("a", "b")


FULL = Filters(date_from=D(2017, 1, 1), date_to=D(2017, 12, 31), actors=["Islamic State", "Syrian Democratic Forces"],
               event_types=["Battles"], sub_event_types=["Armed clash"], admin1=["SY11"], admin2=["SY1101"],
               origins=["ucdp", "article"], min_fatalities=3, text="checkpoint")


@pytest.mark.parametrize("f", [Filters(), FULL, Filters(date_from=D(2019, 1, 1)), Filters(text="الرقة")])
def test_query_params_round_trip(f):
    params = f.to_query_params()
    assert Filters.from_query_params(params) == f
    assert all(isinstance(v, (str, list)) for v in params.values())


def test_query_params_shape():
    assert Filters().to_query_params() == {}
    params = FULL.to_query_params()
    assert params["from"] == "2017-01-01" and params["actor"] == ["Islamic State", "Syrian Democratic Forces"]
    assert params["minfat"] == "3"


def test_bad_url_values_are_ignored():
    f = Filters.from_query_params({
        "from": "2017-13-45", "to": "yesterday", "type": ["Battles", "Picnics"], "sub": "Nope",
        "adm1": ["SY11", "'; DROP", "SY1"], "adm2": "XX", "origin": ["ucdp", "evil"], "minfat": "-3",
        "q": "", "unknown": "x",
    })
    assert f == Filters(event_types=["Battles"], admin1=["SY11"], origins=["ucdp"])
    assert Filters.from_query_params({"minfat": "abc"}).min_fatalities == 0
    assert Filters.from_query_params({"minfat": ["2", "x"]}).min_fatalities == 2


def test_swapped_dates_in_url_are_put_in_order():
    f = Filters.from_query_params({"from": "2018-01-01", "to": "2017-01-01"})
    assert (f.date_from, f.date_to) == (D(2017, 1, 1), D(2018, 1, 1))


def test_caption_english_and_arabic():
    f = Filters(date_from=D(2017, 1, 1), date_to=D(2017, 12, 31), actors=["Islamic State"], admin1=["SY11"],
                min_fatalities=1)
    en = f.caption("en", names={"admin1": {"SY11": "Ar-Raqqa"}})
    assert en == "Events from 1 Jan 2017 to 31 Dec 2017, actor Islamic State, in Ar-Raqqa, at least 1 fatality"
    ar = f.caption("ar", names={"admin1": {"SY11": "الرقة"}, "actor": {"Islamic State": "تنظيم الدولة الإسلامية"}})
    assert ar == ("الأحداث من 1 كانون الثاني 2017 إلى 31 كانون الأول 2017، الفاعل تنظيم الدولة الإسلامية، "
                  "في الرقة، قتيل واحد على الأقل")


def test_caption_lists_types_and_plurals():
    f = Filters(event_types=["Battles", "Riots"], min_fatalities=5, origins=["ucdp"])
    assert f.caption("en") == "All events, types Battles or Riots, source UCDP GED, at least 5 fatalities"
    assert f.caption("ar") == "جميع الأحداث، الأنواع معارك أو أعمال شغب، المصدر UCDP GED، 5 قتلى على الأقل"
    assert Filters(date_from=D(2019, 3, 2)).caption("en") == "Events since 2 Mar 2019"


def test_previous_period_has_equal_length():
    f = Filters(date_from=D(2019, 11, 1), date_to=D(2019, 11, 30), actors=["x"])
    prev = f.previous_period()
    assert (prev.date_from, prev.date_to) == (D(2019, 10, 2), D(2019, 10, 31))
    assert prev.actors == ("x",)
    assert Filters(date_from=D(2019, 1, 1)).previous_period() is None


def test_presets_count_back_from_latest_event():
    latest = D(2019, 11, 28)
    assert preset_range("last_7", latest) == (D(2019, 11, 22), latest)
    assert preset_range("last_30", latest) == (D(2019, 10, 30), latest)
    assert preset_range("last_90", latest) == (D(2019, 8, 31), latest)
    assert preset_range("this_year", latest) == (D(2019, 1, 1), latest)
    assert preset_range("all", latest) == (None, None)


@pytest.mark.parametrize("start, gran, expected", [
    (D(2019, 2, 1), "month", (D(2019, 2, 1), D(2019, 2, 28))),
    (D(2019, 12, 1), "month", (D(2019, 12, 1), D(2019, 12, 31))),
    (D(2019, 11, 4), "week", (D(2019, 11, 4), D(2019, 11, 10))),
    (D(2019, 11, 4), "day", (D(2019, 11, 4), D(2019, 11, 4))),
])
def test_period_range(start, gran, expected):
    assert period_range(start, gran) == expected


def test_filters_module_has_no_streamlit_import():
    import dashboard.filters as module

    assert "streamlit" not in open(module.__file__, encoding="utf-8").read()


# ---- URL values out of range or too big (issue 9): dropped or cut, with a notice, never an error -----------------


def test_url_dates_out_of_range_or_malformed_are_dropped_with_a_notice():
    f, notices = Filters.parse_query_params({"from": "9999-12-31", "to": "0001-01-01"})
    assert f == Filters()
    assert [(n.kind, n.param, n.value) for n in notices] == [("bad_date", "from", "9999-12-31"),
                                                             ("bad_date", "to", "0001-01-01")]
    assert notices[0].message("en") == ("The link's “from” date “9999-12-31” is not a date between 1 Jan 1900 and "
                                        "31 Dec 2099; it was ignored.")
    assert "9999-12-31" in notices[0].message("ar") and "تم تجاهله" in notices[0].message("ar")
    f, notices = Filters.parse_query_params({"from": "2017-02-30", "to": "2017-12-31"})
    assert (f.date_from, f.date_to) == (None, D(2017, 12, 31))
    assert [(n.kind, n.value) for n in notices] == [("bad_date", "2017-02-30")]
    # the bounds themselves are fine
    f, notices = Filters.parse_query_params({"from": "1900-01-01", "to": "2099-12-31"})
    assert (f.date_from, f.date_to, notices) == (D(1900, 1, 1), D(2099, 12, 31), [])


def test_url_sizes_are_bounded_with_a_notice():
    huge = "x" * 100_000
    f, notices = Filters.parse_query_params({
        "actor": [f"actor {i}" for i in range(10_000)], "q": huge, "type": huge, "from": huge,
        "minfat": "9" * 5000, "adm1": ["SY11"] * 10_000,
    })
    assert len(f.actors) == 200 and f.text == "x" * 200 and f.event_types == () and f.admin1 == ("SY11",)
    assert f.min_fatalities == 1_000_000 and f.date_from is None
    kinds = {(n.kind, n.param): n for n in notices}
    assert kinds[("too_many", "actor")].n == 10_000 and kinds[("too_many", "adm1")].n == 10_000
    assert kinds[("text_cut", "q")].message("en") == ("The link's search text has 100,000 characters; only the "
                                                      "first 200 are used.")
    assert kinds[("unknown", "type")].n == 1
    assert kinds[("number_clamped", "minfat")].message("en").endswith("is more than 1,000,000; 1,000,000 is used.")
    assert len(kinds[("bad_date", "from")].value) == 40  # the bad value is quoted back cut short
    assert all(len(n.message(lang)) < 300 for n in notices for lang in ("en", "ar"))


def test_previous_period_that_would_start_before_year_one_is_none():
    assert Filters(date_from=D(1, 1, 5), date_to=D(9999, 12, 31)).previous_period() is None
    assert Filters(date_from=D(1900, 1, 1), date_to=D(2099, 12, 31)).previous_period().date_to == D(1899, 12, 31)


def test_estimated_dates_can_be_shown_alone_or_left_out_and_the_choice_lives_in_the_url():
    from etl.schema import EVENT_COLUMNS
    from etl.store.snapshot import migrate

    con = duckdb.connect()
    migrate(con)
    for i, flag in enumerate((True, False, None)):
        row = {c: None for c in EVENT_COLUMNS}
        row.update(event_id=f"e{i}", event_date=dt.date(2020, 1, 1), time_precision=1, event_type="Battles",
                   sub_event_type="Armed clash", origin="article", date_estimated=flag)
        con.execute(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})",
                    [row[c] for c in EVENT_COLUMNS])

    def ids(f: Filters) -> list[str]:
        where, params = f.to_sql()
        return [r[0] for r in con.execute(f"SELECT event_id FROM events WHERE {where} ORDER BY 1", params).fetchall()]

    assert ids(Filters()) == ["e0", "e1", "e2"]
    assert ids(Filters(dates="estimated")) == ["e0"]
    assert ids(Filters(dates="reported")) == ["e1", "e2"]
    f = Filters(dates="estimated")
    assert f.to_query_params() == {"dates": "estimated"} and Filters.from_query_params({"dates": "estimated"}) == f
    parsed, notices = Filters.parse_query_params({"dates": "<b>soon</b>"})
    assert parsed.dates == "all" and [n.kind for n in notices] == ["unknown"]
    assert "estimated dates only" in f.caption("en") and "التقديرية" in f.caption("ar")


def test_events_can_be_limited_to_accepted_ones_or_to_a_minimum_grade():
    from etl.schema import EVENT_COLUMNS
    from etl.store.snapshot import migrate

    con = duckdb.connect()
    migrate(con)
    for event_id, origin in (("ucdp:1", "ucdp"), ("ucdp:2", "ucdp"), ("gdelt:1", "gdelt"), ("art:1", "article"),
                             ("art:2", "article")):
        row = {c: None for c in EVENT_COLUMNS}
        row.update(event_id=event_id, event_date=dt.date(2020, 1, 1), time_precision=1, event_type="Battles",
                   sub_event_type="Armed clash", origin=origin)
        con.execute(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})",
                    [row[c] for c in EVENT_COLUMNS])
    # an analyst accepted art:1 as Confirmed and discounted ucdp:2; the others keep their origin's grade
    con.execute("INSERT INTO event_reviews (event_id, status, grade, version, source_changed) VALUES "
                "('art:1', 'accepted', 'Confirmed', 1, false), ('ucdp:2', 'accepted', 'Discounted', 1, false)")

    def ids(f: Filters) -> list[str]:
        where, params = f.to_sql()
        return [r[0] for r in con.execute(f"SELECT event_id FROM events WHERE {where} ORDER BY 1", params).fetchall()]

    assert ids(Filters()) == ["art:1", "art:2", "gdelt:1", "ucdp:1", "ucdp:2"]
    assert ids(Filters(review="accepted")) == ["art:1", "ucdp:2"]
    assert ids(Filters(review="fair")) == ["art:1", "ucdp:1"]
    assert ids(Filters(review="confirmed")) == ["art:1"]
    f = Filters(review="fair")
    assert Filters.from_query_params(f.to_query_params()) == f and f.to_query_params() == {"review": "fair"}
    assert "graded Fair or Confirmed" in f.caption("en") and "مقبول أو مؤكَّد" in f.caption("ar")

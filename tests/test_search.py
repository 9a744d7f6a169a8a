"""dashboard.search: what an analyst types in the search box finds the text however it is spelled —
Arabic letter variants, diacritics, digits, case, by the extractor's folding rules — and nothing is a
wildcard."""

import duckdb
import pytest

from dashboard.search import text_search_pattern

TEXTS = [
    "اعتقلت قوات سوريا الديمقراطية 210 من عناصر داعش في الرقة",
    "مُسلّحو التنظيم هاجموا حاجزاً قرب إدلب يوم ٢٥ كانون الأول",
    "قتل مصطفى بانفجار في ريف دير الزور",
    "SDF arrested ISIS members near Al Bab",
    "Price: 3.5 (approx) [sic]",
]


def found(query: str) -> list[int]:
    """Indexes of TEXTS the query finds, as DuckDB's regexp_matches sees them."""
    pattern = text_search_pattern(query)
    con = duckdb.connect()
    try:
        rows = con.execute("SELECT i FROM (SELECT unnest(range(len($t))) AS i, unnest($t) AS text) "
                           "WHERE regexp_matches(text, $p) ORDER BY i", {"t": TEXTS, "p": pattern}).fetchall()
        return [r[0] for r in rows]
    finally:
        con.close()


@pytest.mark.parametrize(("query", "expected"), [
    ("الرقه", [0]),            # ة typed as ه
    ("الرقة", [0]),
    ("ادلب", [1]),             # إ typed as ا
    ("إِدلب", [1]),            # a kasra in the query
    ("مسلحو", [1]),            # the text has damma and shadda
    ("حاجزا", [1]),            # tanween in the text
    ("مصطفي", [2]),            # ى typed as ي
    ("مصطفی", [2]),            # typed with the Persian ی: etl.text.normalize's folding rules
    ("۲۱۰", [0]),              # Persian digits
    ("ـالرقة", [0]),           # tatweel ignored
    ("٢١٠", [0]),              # Arabic-Indic digits find Western ones
    ("25 كانون", [1]),         # and the other way round
    ("دير   الزور", [2]),      # blanks
    ("al bab", [3]),           # case
    ("isis", [3]),
    ("3.5", [4]),
    ("3x5", []),               # '.' is not a wildcard
    ("(approx) [sic]", [4]),   # brackets are literal
    (".*", []),
    ("داعش الرقة", []),        # words in that order, not anywhere
])
def test_a_query_finds_the_texts_an_analyst_expects(query, expected):
    assert found(query) == expected


def test_no_text_gives_no_pattern():
    assert text_search_pattern("") == "" and text_search_pattern("   ") == ""

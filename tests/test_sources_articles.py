import datetime as dt
import functools
import http.server
import threading
from pathlib import Path

import pytest

from etl.errors import InputError
from etl.schema import Quarantined, stable_id
from etl.sources.article_web import html_to_text
from etl.sources.articles import Article, read_articles, split_front_matter
from etl.text.dates import find_dates
from etl.text.numbers import find_numbers

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
EXAMPLE = ROOT / "data" / "samples" / "articles" / "raqqa-coalition-2023-02-18.ar.txt"


def _one(path):
    [record] = list(read_articles(path))
    return record


def test_example_article_without_front_matter():
    article = _one(EXAMPLE)
    assert isinstance(article, Article)
    assert article.published == dt.date(2023, 2, 18)
    assert article.source == "Al Arabiya"
    assert article.language == "ar"
    assert article.title == 'التحالف الدولي: "قسد" طهرت الرقة ومحيطها من عناصر داعش'
    assert article.url is None
    assert article.article_id == stable_id("text", article.text, prefix="art:")
    assert article.input_path == str(EXAMPLE)
    assert "اعتقلت 210 من عناصر التنظيم" in article.text


def test_example_article_dates_and_numbers_resolve_against_its_publication_date():
    article = _one(EXAMPLE)
    text = article.text
    dates = {text[m.start:m.end]: m for m in find_dates(text, article.published, article.language)}
    assert (dates["يوم السبت"].date_start, dates["يوم السبت"].time_precision) == (dt.date(2023, 2, 18), 1)
    assert dates["الاثنين"].date_start == dt.date(2023, 2, 13)
    assert (dates["نهاية العام الماضي"].date_start, dates["نهاية العام الماضي"].date_end) == (
        dt.date(2022, 12, 15), dt.date(2022, 12, 31))
    assert (dates["25 كانون الأول/ديسمبر"].date_start, dates["25 كانون الأول/ديسمبر"].time_precision) == (
        dt.date(2022, 12, 25), 1)
    october = dates["أكتوبر/تشرين الأول 2017"]
    assert (october.date_start, october.date_end, october.time_precision) == (
        dt.date(2017, 10, 1), dt.date(2017, 10, 31), 3)
    assert (dates["عام 2017"].date_start, dates["عام 2017"].time_precision) == (dt.date(2017, 1, 1), 4)
    numbers = {text[m.start:m.end]: (m.value, m.vague) for m in find_numbers(text, "ar")}
    assert numbers["210"] == (210, False)
    assert numbers["ستة"] == (6, False)
    assert numbers["اثنين"] == (2, False)
    assert numbers["خمسة آلاف"] == (5000, False)
    assert numbers["المئات"] == (100, True)


def test_text_with_front_matter():
    article = _one(FIXTURES / "front-matter.en.txt")
    assert article.url == "https://example.org/news/raqqa-checkpoint-attack"
    assert article.article_id == stable_id(article.url, prefix="art:")
    assert article.title == "ISIS attack kills six at Raqqa checkpoint"
    assert article.published == dt.date(2023, 2, 18)
    assert (article.source, article.language) == ("Example Wire", "en")
    assert article.text.startswith("Islamic State militants killed six")
    assert "---" not in article.text and "url:" not in article.text


def test_text_without_front_matter_finds_date_publisher_and_title():
    article = _one(FIXTURES / "no-front-matter.ar.txt")
    assert article.published == dt.date(2023, 3, 10)  # Arabic-Indic digits on the last line
    assert article.source == "Sky News Arabia"
    assert article.title == "قسد تعتقل عشرات العناصر من داعش في ريف دير الزور"
    assert article.language == "ar"


def test_windows_1256_text_is_decoded():
    article = _one(FIXTURES / "cp1256.ar.txt")
    assert article.text == "قتل ستة عناصر من قسد في هجوم لداعش على سجن في الرقة يوم الاثنين."
    assert article.published == dt.date(2023, 2, 20)
    assert article.language == "ar"


def test_html_page_main_text_without_boilerplate_or_script():
    article = _one(FIXTURES / "page.html")
    assert article.title == "التحالف: قسد اعتقلت 210 من عناصر داعش في الرقة"
    assert article.published == dt.date(2023, 2, 18)
    assert article.source == "Al Arabiya"
    assert article.language == "ar"
    assert "اعتقلت 210 من عناصر التنظيم" in article.text
    for boilerplate in ("تسجيل الدخول", "الأكثر قراءة", "أسعار الذهب", "جميع الحقوق محفوظة", "pwned"):
        assert boilerplate not in article.text


def test_html_page_in_windows_1256_with_date_in_the_text():
    article = _one(FIXTURES / "page-cp1256.html")
    assert "قتل أربعة عناصر من قوات النظام" in article.text
    assert article.title == "هجوم في دير الزور"
    assert article.published == dt.date(2023, 3, 12)
    assert article.language == "ar"


def test_language_names_in_metadata_become_codes(tmp_path):
    path = tmp_path / "lang.txt"
    path.write_text("language: Arabic\n---\nنص قصير عن هجوم.", encoding="utf-8")
    assert _one(path).language == "ar"


def test_rss_file_one_article_per_entry_html_stripped_and_empty_entry_quarantined():
    records = list(read_articles(FIXTURES / "feed.rss"))
    first, second, empty = records
    assert first.title == "SDF arrests 15 ISIS suspects in Tabqa"
    assert first.url == "https://example.org/news/tabqa-arrests"
    assert first.published == dt.date(2023, 2, 21)
    assert first.source == "Example Wire - Syria"
    assert first.text == "The SDF arrested 15 suspected ISIS members in Tabqa on Monday.\nWeapons were seized."
    assert "<" not in first.text and "alert" not in first.text
    assert second.language == "ar"  # detected per entry, not taken from the channel
    assert second.text.startswith("قتل ثلاثة عناصر من قسد أمس")  # full content preferred to the summary
    assert isinstance(empty, Quarantined)
    assert (empty.record_no, empty.reason) == (3, "feed.rss: feed entry 3 has no text")


def test_atom_file():
    article = _one(FIXTURES / "feed.atom")
    assert article.title == "حظر تجوال في الرقة بعد هجوم"
    assert article.published == dt.date(2023, 1, 26)
    assert article.source == "Enab Baladi"
    assert article.text.startswith("فرض مجلس الرقة المدني حظر تجوال")


def test_jsonl_bad_lines_are_quarantined_with_line_numbers_and_the_rest_load():
    records = list(read_articles(FIXTURES / "articles.jsonl"))
    loaded = [r for r in records if isinstance(r, Article)]
    bad = {r.record_no: r.reason for r in records if isinstance(r, Quarantined)}
    assert [a.title for a in loaded] == ["Curfew in Raqqa", "بدون رابط", "Windows line endings"]
    assert bad[3].startswith("articles.jsonl line 3: not valid JSON")
    assert bad[4] == "articles.jsonl line 4: no text"
    assert bad[6] == "articles.jsonl line 6: published 'soon' is not a date (use YYYY-MM-DD)"
    assert len(records) == 6  # the blank line 5 is not a record
    j2 = loaded[1]
    assert (j2.url, j2.source, j2.language) == (None, "Al Arabiya", "ar")
    assert j2.article_id == stable_id("id", "j2", prefix="art:")
    assert loaded[2].published == dt.date(2023, 2, 18) and loaded[2].text == "Line one.\nLine two."


@pytest.mark.parametrize(
    ("name", "reason"),
    [("empty.txt", "empty.txt: empty file"), ("binary.txt", "binary.txt: binary file (NUL bytes), not text")],
)
def test_empty_and_binary_files_are_quarantined(name, reason):
    record = _one(FIXTURES / name)
    assert isinstance(record, Quarantined)
    assert record.reason == reason


def test_undecodable_bytes_are_quarantined(tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 3)
    record = _one(path)
    assert isinstance(record, Quarantined) and "undecodable" in record.reason


def test_front_matter_only_is_an_empty_article(tmp_path):
    path = tmp_path / "only-meta.txt"
    path.write_text("title: x\npublished: 2023-01-01\n---\n\n", encoding="utf-8")
    record = _one(path)
    assert isinstance(record, Quarantined) and record.reason == "only-meta.txt: empty article (no text)"


def test_split_front_matter_needs_key_value_lines_before_the_rule():
    assert split_front_matter("---\nurl: https://x\n---\nbody") == ({"url": "https://x"}, "body")
    assert split_front_matter("Not: front matter because\nthis line is prose\n---\nbody")[0] is None
    assert split_front_matter("plain text") == (None, "plain text")


def test_directory_reads_every_supported_file_sorted_and_keeps_going(tmp_path):
    records = list(read_articles(FIXTURES))
    assert sum(isinstance(r, Article) for r in records) == 11
    assert sum(isinstance(r, Quarantined) for r in records) == 6
    paths = [Path(r.input_path).name for r in records if isinstance(r, Article)]
    assert paths == sorted(paths)
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / "broken.rss").write_text("this is not xml at all", encoding="utf-8")
    (tmp_path / "a.txt").write_text("قتل ستة عناصر من قسد أمس.", encoding="utf-8")
    records = list(read_articles(tmp_path))
    assert isinstance(records[0], Article) and records[0].language == "ar"
    assert isinstance(records[1], Quarantined) and "not an RSS/Atom feed" in records[1].reason
    assert (records[1].record_no, records[1].raw) == (0, str(tmp_path / "broken.rss"))
    assert len(records) == 2  # notes.md is not an article file


def test_missing_path_unknown_suffix_and_empty_folder_raise_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_articles(tmp_path / "nope.txt")
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match="unsupported article file type '.pdf'"):
        read_articles(tmp_path / "doc.pdf")
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    with pytest.raises(InputError, match="no article files"):
        read_articles(empty)


def test_feed_from_a_local_http_server_allowed_by_name(monkeypatch):
    monkeypatch.setenv("MARSAD_FETCH_ALLOWED_HOSTS", "127.0.0.1")  # loopback is refused by default
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(FIXTURES))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        records = list(read_articles(f"{base}/feed.rss"))
        assert [r.title for r in records if isinstance(r, Article)] == [
            "SDF arrests 15 ISIS suspects in Tabqa", "قتلى بهجوم على حاجز في دير الزور"]
        assert all(r.input_path == f"{base}/feed.rss" for r in records if isinstance(r, Article))
        [page] = list(read_articles(f"{base}/page.html"))  # an HTML page, not a feed
        assert page.source == "Al Arabiya" and "اعتقلت 210" in page.text
        with pytest.raises(InputError, match="cannot be fetched"):
            read_articles(f"{base}/missing.rss")
    finally:
        server.shutdown()
        server.server_close()


def test_html_to_text_keeps_paragraphs_and_drops_markup():
    assert html_to_text("<p>one <b>two</b></p><p>three</p><script>x()</script>") == "one two\nthree"
    assert html_to_text("plain & simple") == "plain & simple"

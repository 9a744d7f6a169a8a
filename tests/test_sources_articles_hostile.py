"""Hostile article inputs (issue 9): a JSONL line nested 100,000 arrays deep is quarantined and the
good lines of the file load; a named pipe is refused at once (never read, so never hung on); an article
longer than the article_max_chars setting is quarantined with the reason."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from etl.errors import InputError
from etl.schema import Quarantined
from etl.sources import events_csv
from etl.sources.articles import Article, read_articles

GOOD = {"url": "https://example.org/a", "title": "Raqqa", "published": "2024-01-02",
        "text": "قتل ثلاثة مدنيين في الرقة أمس."}
DEEP = "[" * 100_000 + "]" * 100_000


def test_a_jsonl_article_nested_100000_deep_is_quarantined_and_the_good_lines_load(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text(json.dumps(GOOD, ensure_ascii=False) + "\n" + DEEP + "\n"
                    + json.dumps({**GOOD, "url": "https://example.org/b"}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    records = list(read_articles(path))
    assert [r.url for r in records if isinstance(r, Article)] == ["https://example.org/a", "https://example.org/b"]
    [bad] = [r for r in records if isinstance(r, Quarantined)]
    assert bad.record_no == 2 and "nested too deeply" in bad.reason


def test_a_canonical_events_jsonl_line_nested_100000_deep_is_quarantined_and_the_rest_load(tmp_path):
    path = tmp_path / "events.jsonl"
    good = {"event_id": "m1", "event_date": "2024-01-02", "sub_event_type": "Armed clash"}
    path.write_text(json.dumps(good) + "\n" + DEEP + "\n" + json.dumps({**good, "event_id": "m2"}) + "\n",
                    encoding="utf-8")
    batch = events_csv.read(path)
    assert batch.table.column("event_id").to_pylist() == ["m1", "m2"]
    [bad] = batch.quarantined
    assert bad.record_no == 2 and "nested too deeply" in bad.reason


def test_a_named_pipe_given_as_an_article_is_refused_without_reading_it(tmp_path):
    pipe = tmp_path / "article.txt"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="not a regular file"):
        list(read_articles(pipe))
    # the command line too: one line, exit 2, and it returns (a read would block for ever)
    done = subprocess.run([sys.executable, "-m", "etl.cli", "etl", "articles", str(pipe),
                           "--db", str(tmp_path / "store.duckdb")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "not a regular file" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "store.duckdb").exists()


def test_a_named_pipe_given_as_a_dataset_is_refused(tmp_path):
    pipe = tmp_path / "acled.csv"
    os.mkfifo(pipe)
    done = subprocess.run([sys.executable, "-m", "etl.cli", "etl", "import", "acled", str(pipe),
                           "--db", str(tmp_path / "store.duckdb")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "not a regular file" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".html"])
def test_an_article_longer_than_the_setting_is_quarantined_with_the_reason(tmp_path, monkeypatch, suffix):
    monkeypatch.setenv("MARSAD_ARTICLE_MAX_CHARS", "5000")
    long_text = "قتل ثلاثة مدنيين في الرقة. " * 400  # 10,800 characters
    path = tmp_path / f"long{suffix}"
    if suffix == ".jsonl":
        path.write_text(json.dumps({**GOOD, "text": long_text}, ensure_ascii=False) + "\n"
                        + json.dumps(GOOD, ensure_ascii=False) + "\n", encoding="utf-8")
    elif suffix == ".html":
        path.write_text(f"<html><body><article><p>{long_text}</p></article></body></html>", encoding="utf-8")
    else:
        path.write_text(long_text, encoding="utf-8")
    records = list(read_articles(path))
    bad = [r for r in records if isinstance(r, Quarantined)]
    assert len(bad) == 1 and "more than the limit of 5,000 (MARSAD_ARTICLE_MAX_CHARS)" in bad[0].reason
    assert [r.url for r in records if isinstance(r, Article)] == (["https://example.org/a"] if suffix == ".jsonl" else [])
    monkeypatch.setenv("MARSAD_ARTICLE_MAX_CHARS", "20000")
    assert all(isinstance(r, Article) for r in read_articles(path))


def test_an_article_file_far_larger_than_the_limit_is_not_even_read(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_ARTICLE_MAX_CHARS", "1000")
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * 4001)
    [bad] = list(read_articles(path))
    assert isinstance(bad, Quarantined) and "4,001 bytes" in bad.reason and "not read" in bad.reason


def test_an_article_whose_extraction_fails_is_quarantined_and_the_others_load(tmp_path):
    """9999-12-31 with "tomorrow" overflowed the date resolver: such an article is quarantined with the
    reason (or, once the resolver copes, loaded), never a traceback that stops the other articles."""
    from etl.store import snapshot as store
    from etl.article_pipeline import load_articles
    from etl.config import get_settings

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a-overflow.txt").write_text("---\npublished: 9999-12-31\n---\nISIS gunmen killed three civilians in "
                                           "Raqqa yesterday. They will attack again tomorrow.\n", encoding="utf-8")
    (folder / "b-good.txt").write_text("---\npublished: 2024-01-02\n---\nISIS gunmen killed three civilians in "
                                       "Raqqa yesterday.\n", encoding="utf-8")
    report = load_articles([folder], settings=get_settings(db=str(tmp_path / "store.duckdb"), progress="no"))
    assert report.read == 2 and report.reconciles
    con = store.read_only(tmp_path / "store.duckdb")
    try:
        reasons = [r[0] for r in con.execute("SELECT reason FROM quarantine WHERE reason NOT LIKE 'event:%'").fetchall()]
        loaded = [r[0] for r in con.execute("SELECT input_path FROM articles").fetchall()]
    finally:
        con.close()
    assert any(path.endswith("b-good.txt") for path in loaded)
    assert report.inserted + report.quarantined == 2
    assert all("events could not be extracted" in reason for reason in reasons)


def test_an_article_that_is_utf8_with_a_windows_1256_tail_is_quarantined_not_garbled(tmp_path):
    text = "قتل ثلاثة مدنيين في الرقة أمس في هجوم لتنظيم داعش، وأصيب آخرون.\n"
    path = tmp_path / "mixed.txt"
    path.write_bytes((text * 1200).encode("utf-8") + (text * 3).encode("cp1256"))
    [record] = list(read_articles(path))
    assert isinstance(record, Quarantined) and "mixed encodings" in record.reason
    whole = tmp_path / "cp1256.txt"
    whole.write_bytes((text * 50).encode("cp1256"))  # Windows-1256 throughout is still read
    [article] = list(read_articles(whole))
    assert isinstance(article, Article) and article.text.startswith("قتل ثلاثة")


def test_an_event_dated_at_the_end_of_the_calendar_does_not_break_a_load_into_a_store_with_articles(tmp_path):
    """The search for stored reports of the same event widens the dates by a year: near 9999-12-31 it
    overflowed (a traceback on the second load into a store that already holds articles)."""
    from etl.article_pipeline import load_articles
    from etl.config import get_settings

    settings = get_settings(db=str(tmp_path / "store.duckdb"), progress="no")
    first = tmp_path / "first.txt"
    first.write_text("---\npublished: 2024-01-02\n---\nISIS gunmen killed three civilians in Raqqa yesterday.\n",
                     encoding="utf-8")
    load_articles([first], settings=settings)
    late = tmp_path / "late.txt"
    late.write_text("---\npublished: 9999-12-31\n---\nISIS gunmen killed three civilians in Raqqa yesterday.\n",
                    encoding="utf-8")
    report = load_articles([late], settings=settings)
    assert report.read == 1 and report.reconciles


def test_canonical_events_jsonl_with_a_windows_1256_tail_keeps_its_arabic_and_quarantines_the_tail(tmp_path):
    path = tmp_path / "events.jsonl"
    good = [json.dumps({"event_id": f"m{i}", "event_date": "2024-01-02", "sub_event_type": "Armed clash",
                        "location": "الرقة"}, ensure_ascii=False) for i in range(1, 2000)]
    tail = json.dumps({"event_id": "m9", "event_date": "2024-01-02", "sub_event_type": "Armed clash",
                       "location": "منبج"}, ensure_ascii=False)
    path.write_bytes("\n".join(good).encode("utf-8") + b"\n" + tail.encode("cp1256") + b"\n")
    batch = events_csv.read(path)
    assert set(batch.table.column("location").to_pylist()) == {"الرقة"}
    assert batch.table.num_rows == 1999 and batch.rows_read == 2000
    [bad] = batch.quarantined
    assert bad.record_no == 2000 and "not UTF-8 like the rest of the file" in bad.reason and "منبج" in bad.raw

"""The issue's end-to-end case, through the command line, against SQLite (the default file next to the event
store) and PostgreSQL: load the example article; edit event 3's date and reject event 6; reload the article
and rebuild the store: both hold and `marsad review log` shows them with user and reason; change the
article's text: the edited event is flagged "source changed since review" and returns to the queue."""

from __future__ import annotations

import gzip
import json

import duckdb
import pytest
from typer.testing import CliRunner

from etl.cli import app
from tests.review.conftest import ROOT, example_article, pick

CURFEW = "فرض حظر تجوال"  # event 3 of the example article
FOILED = "أحبطت"  # event 6


@pytest.fixture(scope="module")
def small_ucdp(tmp_path_factory):
    """The first 40 rows of the bundled UCDP file (rebuild needs one; the full file is not the point here)."""
    source = ROOT / "data" / "samples" / "ucdp_ged_syria_2016-01_2019-11.csv.gz"
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        lines = [next(handle) for _ in range(41)]
    target = tmp_path_factory.mktemp("ucdp") / "ucdp_small.csv.gz"
    with gzip.open(target, "wt", encoding="utf-8") as handle:
        handle.writelines(lines)
    return target


@pytest.fixture(params=["sqlite", "postgresql"])
def env(request, tmp_path, small_ucdp):
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / small_ucdp.name).write_bytes(small_ucdp.read_bytes())
    example_article(samples / "articles")
    values = {"MARSAD_DB": str(tmp_path / "marsad.duckdb"), "MARSAD_SAMPLES_DIR": str(samples),
              "MARSAD_USER": "amal", "MARSAD_PROGRESS": "no", "MARSAD_REVIEW_DB": ""}
    if request.param == "postgresql":
        from tests.review.conftest import fresh_postgres_url
        values["MARSAD_REVIEW_DB"] = fresh_postgres_url(request.getfixturevalue("postgres_server"))
    return values


def marsad(env: dict, *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result.output


def listed(env: dict, *args: str) -> list[dict]:
    return [json.loads(line) for line in marsad(env, "review", "list", "--format", "jsonl", *args).splitlines()]


def snapshot(env: dict, sql: str, params: list) -> list[tuple]:
    con = duckdb.connect(env["MARSAD_DB"], read_only=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def test_decisions_survive_reloads_and_rebuilds_and_a_changed_source_is_flagged(env, tmp_path):
    marsad(env, "etl", "rebuild")
    rows = listed(env, "--status", "pending")
    e3, e6 = pick(rows, CURFEW), pick(rows, FOILED)
    assert [r["event_date"] for r in rows if r["event_id"] == e3] == ["2023-02-13"]

    marsad(env, "review", "edit", e3, "--set", "event_date=2023-02-16", "--reason", "the curfew began on Thursday")
    marsad(env, "review", "reject", e6, "--reason", "not an event: a plan foiled last year")
    marsad(env, "etl", "articles", str(tmp_path / "samples" / "articles"))  # the same article again
    marsad(env, "etl", "rebuild")

    assert snapshot(env, "SELECT event_date::VARCHAR FROM events WHERE event_id = ?", [e3]) == [("2023-02-16",)]
    assert snapshot(env, "SELECT count(*) FROM events WHERE event_id = ?", [e6]) == [(0,)]  # hidden...
    assert snapshot(env, "SELECT count(*) FROM hidden_events WHERE event_id = ?", [e6]) == [(1,)]  # ...not removed
    assert [r["event_id"] for r in listed(env, "--status", "rejected")] == [e6]
    log = [json.loads(line) for line in marsad(env, "review", "log", "--format", "jsonl").splitlines()]
    assert [(x["event_id"], x["field"], x["before"], x["after"], x["user_name"], x["reason"]) for x in log] == [
        (e3, "event_date", "2023-02-13", "2023-02-16", "amal", "the curfew began on Thursday"),
        (e6, "status", "pending", "rejected", "amal", "not an event: a plan foiled last year")]
    table = marsad(env, "review", "log", e3)
    assert "amal" in table and "the curfew began on" in table and e6 not in table
    assert not any(r["source_changed"] for r in listed(env))

    example_article(tmp_path / "samples" / "articles", extra="\nوأفاد مراسلون لاحقاً بأن حظر التجوال رُفع.\n")
    marsad(env, "etl", "articles", str(tmp_path / "samples" / "articles"))
    queue = listed(env, "--status", "pending")
    flagged = [r for r in queue if r["event_id"] == e3]
    assert flagged and flagged[0]["source_changed"] and flagged[0]["status"] == "accepted"
    assert queue[0]["source_changed"]  # worst first: changed sources lead the queue
    assert snapshot(env, "SELECT source_changed FROM event_reviews WHERE event_id = ?", [e3]) == [(True,)]
    assert snapshot(env, "SELECT event_date::VARCHAR FROM events WHERE event_id = ?", [e3]) == [("2023-02-16",)]
    assert "(source changed)" in marsad(env, "review", "list", "--status", "pending")

    marsad(env, "review", "accept", e3, "--reason", "checked against the new text")  # reviewed again
    assert not [r for r in listed(env, "--status", "pending") if r["event_id"] == e3]

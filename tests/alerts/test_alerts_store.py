"""Alerts through the real load path: computed at the end of every import, for the data days not evaluated
yet (loading in two parts gives the alerts of one load), listed by `marsad alerts`, delivered as an Atom feed
and a webhook POST to a server the test starts (a failing webhook never fails a load)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import duckdb
import feedparser
import pytest

from etl.config import get_settings
from etl.pipeline import import_dataset
from tests.alerts.synthetic import DEIR, event, noise, write_csv

ROWS = noise(11, 200, 1.0) + [event(150 + i % 7, fatalities=2) for i in range(28)] + [
    event(160, actor1="Turkish Armed Forces", actor2="Islamic State"), event(170, area=DEIR)]


def _alerts(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT alert_id, day, kind, observed FROM alerts ORDER BY alert_id").fetchall()


def _deliveries(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT target, alerts, status, message FROM alert_deliveries ORDER BY delivered_at").fetchall()


@pytest.fixture(scope="module")
def surge_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("alerts")
    db = folder / "marsad.duckdb"
    import_dataset("csv", write_csv(ROWS, folder / "events.csv"), settings=get_settings(db=str(db), progress="no"))
    return db


def test_a_load_stores_the_alerts_with_their_figures(surge_store):
    with duckdb.connect(str(surge_store), read_only=True) as con:
        surge = con.execute("SELECT day, observed, expected, p_value, series FROM alerts WHERE kind = 'surge' "
                            "AND scope = 'area' AND area_pcode = 'SY1101' AND measure = 'events' AND window_days = 7 "
                            "ORDER BY day LIMIT 1").fetchone()
        kinds = {r[0] for r in con.execute("SELECT DISTINCT kind FROM alerts").fetchall()}
    assert surge is not None and str(surge[0]) >= "2020-05-30" and surge[1] > 2 * surge[2] and surge[3] <= 1e-4
    assert len(surge[4]) == 16
    assert kinds == {"surge", "first_actor", "reactivated"}


def test_loading_in_two_parts_gives_the_alerts_of_one_load_and_a_reload_adds_none(surge_store, tmp_path):
    db = tmp_path / "marsad.duckdb"
    settings = get_settings(db=str(db), progress="no")
    early = [r for r in ROWS if r["event_date"] < event(155)["event_date"]]
    late = [r for r in ROWS if r not in early]
    import_dataset("csv", write_csv(early, tmp_path / "early.csv"), settings=settings)
    first = _alerts(db)
    import_dataset("csv", write_csv(late, tmp_path / "late.csv"), settings=settings)
    assert len(_alerts(db)) > len(first)
    assert _alerts(db) == _alerts(surge_store)
    import_dataset("csv", tmp_path / "late.csv", settings=settings)
    assert _alerts(db) == _alerts(surge_store)


def test_a_late_report_of_days_already_evaluated_raises_their_alert(tmp_path):
    db = tmp_path / "marsad.duckdb"
    settings = get_settings(db=str(db), progress="no")
    usual = noise(11, 200, 1.0)
    import_dataset("csv", write_csv(usual, tmp_path / "usual.csv"), settings=settings)
    assert not [a for a in _alerts(db) if a[2] == "surge" and "2020-05-29" <= str(a[1]) <= "2020-06-10"]
    late = [event(150 + i % 7, fatalities=2) for i in range(28)]  # the week's clashes, reported a month later
    import_dataset("csv", write_csv(late, tmp_path / "late.csv", prefix="late"), settings=settings)
    surges = [a for a in _alerts(db) if a[2] == "surge" and "2020-05-29" <= str(a[1]) <= "2020-06-10"]
    assert surges


def _marsad(*args: str, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl.cli", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "MARSAD_DB": str(db)})


def test_cli_lists_alerts_as_text_and_jsonl_since_a_date(surge_store):
    text = _marsad("alerts", db=surge_store)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert any("events surge, Ar-Raqqa (SY1101)" in line and "expected" in line for line in lines)
    assert any("first seen: Military Forces of Turkey in Ar-Raqqa (SY1101)" in line for line in lines)  # canonical name
    assert lines == sorted(lines, reverse=True, key=lambda line: line[:10])  # newest data day first
    jsonl = _marsad("alerts", "--format", "jsonl", "--since", "2020-06-05", db=surge_store)
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert records and all(r["day"] >= "2020-06-05" for r in records)
    assert len(records) < len(lines)
    reactivated = [r for r in records if r["kind"] == "reactivated"]
    assert reactivated == [] or reactivated[0]["area_pcode"] == "SY0901"
    surge = _marsad("alerts", "--format", "jsonl", db=surge_store).stdout.splitlines()
    fields = json.loads(surge[-1])
    assert {"observed", "expected", "p_value", "baseline", "window_days", "series", "period_start"} <= set(fields)


def test_cli_refuses_a_bad_date_in_one_line(surge_store):
    bad = _marsad("alerts", "--since", "last week", db=surge_store)
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "not a date" in bad.stderr and "Traceback" not in bad.stderr


class _Receiver(BaseHTTPRequestHandler):
    bodies: list = []

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        type(self).bodies.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_webhook_gets_the_new_alerts_and_the_atom_feed_lists_them(tmp_path):
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        db, feed = tmp_path / "marsad.duckdb", tmp_path / "alerts.atom"
        settings = get_settings(db=str(db), progress="no", alert_atom_path=str(feed),
                                alert_webhook_url=f"http://127.0.0.1:{server.server_port}/hook")
        import_dataset("csv", write_csv(ROWS, tmp_path / "events.csv"), settings=settings)
    finally:
        server.shutdown()
        server.server_close()
    stored = {a[0] for a in _alerts(db)}
    posted = [a["alert_id"] for body in _Receiver.bodies for a in body["alerts"]]
    assert set(posted) == stored and len(posted) == len(stored)
    assert all("observed" in a and "day" in a for a in _Receiver.bodies[0]["alerts"])
    parsed = feedparser.parse(feed.read_bytes())
    assert not parsed.bozo and len(parsed.entries) == len(stored)
    assert any("events surge, Ar-Raqqa (SY1101)" in e.title for e in parsed.entries)
    assert [d[0] for d in _deliveries(db)] == ["atom", "webhook"] and {d[2] for d in _deliveries(db)} == {"ok"}


def test_a_failing_or_hanging_webhook_never_fails_a_load_and_is_recorded(tmp_path):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens here: connection refused
    hanging = socket.socket()
    hanging.bind(("127.0.0.1", 0))
    hanging.listen(1)  # accepts the connection, never answers
    try:
        for url in (f"http://127.0.0.1:{port}/hook", f"http://127.0.0.1:{hanging.getsockname()[1]}/hook"):
            db = tmp_path / f"{len(list(tmp_path.iterdir()))}.duckdb"
            settings = get_settings(db=str(db), progress="no", alert_webhook_url=url, alert_webhook_timeout="0.5")
            report = import_dataset("csv", write_csv(ROWS, tmp_path / "events.csv"), settings=settings)
            assert report.inserted == len(ROWS) and _alerts(db)
            [(target, n, status, message)] = _deliveries(db)
            assert (target, status) == ("webhook", "error") and n == len(_alerts(db)) and message
    finally:
        hanging.close()

"""Bad input on the command line: one clear line naming the field, exit code 2, no traceback, nothing written."""

from __future__ import annotations

import json
import sys

import pytest

from etl.cli import run
from tests.review.conftest import pick


def marsad(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["marsad", *args])
    with pytest.raises(SystemExit) as done:
        run()
    captured = capsys.readouterr()
    return done.value.code, captured.out, captured.err


def test_bad_edits_and_unknown_events_are_one_line_errors(article_store, monkeypatch, capsys):
    for name, value in {"MARSAD_DB": str(article_store), "MARSAD_USER": "amal", "MARSAD_REVIEW_DB": ""}.items():
        monkeypatch.setenv(name, value)
    _, listing, _ = marsad(monkeypatch, capsys, "review", "list", "--format", "jsonl")
    e3 = pick([json.loads(line) for line in listing.splitlines()], "فرض حظر تجوال")
    cases = [
        (["review", "edit", e3, "--set", "fatalities=-2", "--reason", "x"], "fatalities: -2 is negative"),
        (["review", "edit", e3, "--set", "colour=red", "--reason", "x"], "colour: not a field an analyst can edit"),
        (["review", "edit", e3, "--set", "latitude=51.5", "--reason", "x"], "latitude: 51.5 is outside the region"),
        (["review", "edit", e3, "--set", "notes=x", "--reason", " "], "--reason: say why the event is edited"),
        (["review", "reject", "art:0000", "--reason", "x"], "no event art:0000 in the store"),
        (["review", "merge", e3], "merge: give two or more different event ids"),
        (["review", "list", "--status", "lost"], "Invalid value for '--status'"),
    ]
    for args, message in cases:
        code, _, err = marsad(monkeypatch, capsys, *args)
        assert code == 2, (args, err)
        assert message in " ".join(err.split()) and "Traceback" not in err, (args, err)
    assert marsad(monkeypatch, capsys, "review", "log", "--format", "jsonl")[1] == ""
    monkeypatch.setenv("MARSAD_REVIEW_DB", "postgresql+psycopg://nobody@127.0.0.1:1/reviews")
    code, _, err = marsad(monkeypatch, capsys, "review", "accept", e3)
    assert code == 2 and "cannot reach the review store postgresql+psycopg://nobody@127.0.0.1:1/reviews" in err
    assert "Traceback" not in err
    assert not (article_store.parent / "marsad.reviews.sqlite").exists()  # nothing was written anywhere

"""`marsad users` and `marsad dashboard --address` as a user runs them: one-line errors, exit 2, no password on
screen, and no public bind without sign-in."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT



def marsad(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    code = "from etl.launch import run; run()"
    return subprocess.run([sys.executable, "-c", code, *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env={**os.environ, "MARSAD_REVIEW_DB": "", "MARSAD_AUTH": "none", **env})


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "192.0.2.10", "marsad.example.org"])
def test_dashboard_refuses_a_public_address_without_sign_in(address, tmp_path):
    done = marsad("dashboard", "--address", address, "--db", str(tmp_path / "m.duckdb"))
    assert done.returncode == 2
    assert "MARSAD_AUTH=accounts" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) <= 3  # one message (wrapped), no traceback


def test_users_commands_keep_passwords_off_screen_and_errors_on_one_line(tmp_path):
    db = str(tmp_path / "m.duckdb")
    secret = "a long enough secret"
    added = marsad("users", "add", "amal", "--role", "analyst", "--password-stdin", "--db", db, stdin=secret + "\n",
                   MARSAD_USER="root-admin")
    assert added.returncode == 0, added.stderr
    listed = marsad("users", "list", "--db", db)
    assert "amal" in listed.stdout and "analyst" in listed.stdout and "active" in listed.stdout
    log = marsad("users", "log", "--db", db)
    assert "root-admin" in log.stdout and "user_add" in log.stdout
    for done in (added, listed, log):
        assert secret not in done.stdout + done.stderr and "$argon2" not in done.stdout
    short = marsad("users", "passwd", "amal", "--password-stdin", "--db", db, stdin="short\n")
    no_tty = marsad("users", "add", "omar", "--db", db)
    unknown = marsad("users", "role", "nobody", "admin", "--db", db)
    for done, message in ((short, "at least 10 characters"), (no_tty, "--password-stdin"), (unknown, "no user 'nobody'")):
        assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr

"""Ctrl-C or `kill` as soon as a command can take it (etl/launch.py sets the handlers before the command line
imports its libraries): exit 130 /
143 with the one line, no traceback, the store untouched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

MARSAD = Path(sys.executable).with_name("marsad")


def _handlers_installed(pid: int) -> bool:
    """SIGINT and SIGTERM are caught by the process (Linux: the SigCgt mask in /proc/PID/status)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), 16)
    return all(caught & (1 << (sig - 1)) for sig in (signal.SIGINT, signal.SIGTERM))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc to see the handlers")
@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interruption_while_the_command_starts_is_quiet(tmp_path, sig, code):
    db = tmp_path / "store.duckdb"
    proc = subprocess.Popen([str(MARSAD), "etl", "import", "acled", str(tmp_path / "missing.csv"), "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, MARSAD_PROGRESS="no"))
    deadline = time.monotonic() + 30
    while not _handlers_installed(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    assert proc.poll() is None, "the command ended before it could be interrupted"
    proc.send_signal(sig)  # at once: the command line's libraries are most likely still being imported
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code, stderr
    assert "Traceback" not in stderr and stderr.strip() == "Interrupted: the store is unchanged.", stderr
    assert not db.exists()


_LATE_SIGNAL = """
import atexit, os, signal, sys, time
from etl.cli import run
def _late():  # Python is shutting down after the command returned: a Ctrl-C / kill comes now
    os.kill(os.getpid(), signal.{sig})
    time.sleep(0.2)
    print("still here", flush=True)
atexit.register(_late)
sys.argv = ["marsad", "etl", "import", "acled", {csv!r}, "--db", {db!r}]
run()
"""


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_an_interruption_after_the_command_finished_changes_nothing(tmp_path, sig):
    """A signal that comes once the run is stored (while Python shuts down) is ignored: exit 0 with the
    report, not a death by signal with no message, nor an 'interrupted' line about a run that completed."""
    csv = tmp_path / "acled.csv"
    csv.write_text("event_id_cnty,event_date,year,event_type,sub_event_type,actor1,actor2,country,admin1,"
                   "location,latitude,longitude,fatalities,notes,source\n"
                   "SYR1,2024-03-05,2024,Battles,Armed clash,ISIS,SDF,Syria,Ar-Raqqa,Raqqa,35.95,39.01,2,"
                   "Clash near Raqqa,SOHR\n", encoding="utf-8")
    db = tmp_path / "store.duckdb"
    done = subprocess.run([sys.executable, "-c", _LATE_SIGNAL.format(sig=sig, csv=str(csv), db=str(db))],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ, MARSAD_PROGRESS="no"))
    assert done.returncode == 0, (done.returncode, done.stderr)
    assert "still here" in done.stdout and "read 1 = inserted 1" in done.stdout, done.stdout
    assert "Traceback" not in done.stderr and "Interrupted" not in done.stderr, done.stderr

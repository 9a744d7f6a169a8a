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

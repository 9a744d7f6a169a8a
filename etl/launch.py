"""The `marsad` console script: interruptions are quiet from the very first instant.

The command line (etl.cli) imports Typer, Rich and, for most commands, DuckDB and Arrow: a Ctrl-C or a `kill`
during those first fractions of a second used to get Python's default handling (a KeyboardInterrupt
traceback). Here the handlers are set before anything is imported; nothing has touched the store yet, so
the line says so. etl.cli.run then installs its own handlers, which clean up a run in progress.
"""

from __future__ import annotations

import signal
import sys


def _early(signum, _frame):
    sys.stderr.write("Interrupted: the store is unchanged.\n")
    sys.stderr.flush()
    raise SystemExit(128 + signum)


def run() -> None:
    signal.signal(signal.SIGINT, _early)
    signal.signal(signal.SIGTERM, _early)
    from etl.cli import run as cli_run

    cli_run()

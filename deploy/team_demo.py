"""`make team-demo`: the team deployment on one machine, until Ctrl-C.

A throwaway PostgreSQL cluster in a temporary folder (review decisions and accounts), the ETL's event snapshot
(`marsad etl rebuild` if there is none yet), two dashboard replicas with sign-in (MARSAD_AUTH=accounts), and
nginx on a free port in front of them (deploy/nginx/marsad.conf). Prints the address and the test users.

    python deploy/team_demo.py [--replicas N]
"""

from __future__ import annotations

import argparse
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deploy.stack import StackError, team_stack  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    args = parser.parse_args()
    from etl.config import get_settings

    db = Path(get_settings().db)
    if not db.exists():
        print(f"no event snapshot at {db}: building it (marsad etl rebuild)...", flush=True)
        subprocess.run([sys.executable, "-c", "from etl.launch import run; run()", "etl", "rebuild"], cwd=ROOT,
                       check=True)
    users = [("analyst", "analyst", secrets.token_urlsafe(12)), ("viewer", "viewer", secrets.token_urlsafe(12))]
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    try:
        with team_stack(db, replicas=args.replicas) as stack:
            for name, role, password in users:
                stack.add_user(name, role, password)
            print(f"\nMarsad team demo: {stack.url}  (nginx -> {len(stack.replicas)} replicas: "
                  f"{', '.join(stack.replicas)})")
            print(f"review decisions and accounts: {stack.review_db}")
            print(f"event snapshot (read-only for the replicas): {db}")
            for name, role, password in users:
                print(f"  test user {name!r} ({role}), password: {password}")
            print("Ctrl-C stops everything and deletes the throwaway cluster.", flush=True)
            while not stopping:
                time.sleep(1)
    except KeyboardInterrupt:
        pass
    except StackError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    print("stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

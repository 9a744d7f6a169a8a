"""Team load benchmark: N analysts, each a Playwright browser context in one headless Chromium, against the team
stack (deploy/stack.py: throwaway PostgreSQL, 1 or 2 dashboard replicas with sign-in, nginx in front).

The crowd works as a team does, not as a synchronised burst: analysts arrive at random moments spread over the
first RAMP_S seconds (seeded), and each waits a random THINK_S think time (2-5 s, seeded) before every action
after the first, as a person reads the page. Every analyst: opens the address (sign-in form), signs in, changes
two filters (minimum fatalities, then a search text), opens the map, opens the timeline and exports its chart as
PNG; one in five is an analyst who then opens the review page and accepts the event shown (the others are
viewers). A step's "page time" runs from the click or key press to the end of the script run it started (the
app's own running state, watched in the page), or to the end of the download for the export; think time is not
in it. Reported: p50 / p95 / max of page times, errors (a step that failed or showed an error), edits lost (an
accept the page said was saved that is missing from the PostgreSQL audit trail; must be 0), and the CPU each
part used during the crowd: replicas (with their chart-export Chromium), nginx, PostgreSQL, and the browsers
playing the analysts, which run on the same cores.

Store: N_EVENTS generated ACLED-format events (benchmarks/generate_acled.py) loaded with `marsad etl import acled`
plus the bundled example article; `--store PATH` reuses a store built before (same recipe). Writes its section
of BENCHMARKS.md.

    python benchmarks/bench_team.py [N_EVENTS] [ANALYSTS,...] [REPLICAS,...] [--store PATH] [--runs AxR,...]
    # default 1000000 1,20,50 1,2 (every crowd with every replica count); --runs 1x1,20x1,20x2: these only
    # (consecutive crowds with the same replica count share one stack, in the order given)
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from benchmarks_report import replace_section  # noqa: E402

PASSWORD = "bench password 2026"
STEP_TIMEOUT_S = 120
CROWD_TIMEOUT_S = 360  # an analyst still walking this long after the crowd began is stopped, counted as an error
RAMP_S = 30            # arrivals spread uniformly over this many seconds
THINK_S = (2.0, 5.0)   # think time before each action after the first, uniform
SEED = 2026
# Counts the app's finished script runs (the stApp element's state going back to "notRunning"), from page start.
WATCH_RUNS_JS = """(() => {
  window.__marsadRuns = 0;
  let last = null;
  new MutationObserver(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app ? app.getAttribute('data-test-script-state') : null;
    if (state === 'notRunning' && last !== null && last !== 'notRunning') window.__marsadRuns += 1;
    if (state !== null) last = state;
  }).observe(document, {subtree: true, childList: true, attributes: true,
                        attributeFilter: ['data-test-script-state']});
})();"""
RUN_DONE_JS = """(before) => {
  const app = document.querySelector('[data-testid="stApp"]');
  return window.__marsadRuns > before && app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-testid="stSkeleton"]');
}"""


def build_store(folder: Path, n: int) -> tuple[Path, float]:
    start, csv, db = time.perf_counter(), folder / "acled.csv", folder / "marsad.duckdb"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_acled.py"), str(csv), str(n)], check=True,
                   stdout=subprocess.DEVNULL)
    env = {**os.environ, "MARSAD_PROGRESS": "no", "MARSAD_DB": str(db),
           "MARSAD_REVIEW_DB": f"sqlite:///{folder / 'unused.sqlite'}"}
    for args in (("import", "acled", str(csv)), ("articles", str(ROOT / "data" / "samples" / "articles"))):
        subprocess.run([sys.executable, "-c", "from etl.launch import run; run()", "etl", *args], cwd=ROOT, check=True,
                       env=env, stdout=subprocess.DEVNULL)
    csv.unlink()
    return db, time.perf_counter() - start


async def step(page, record: dict, name: str, action, expect_run: bool = True) -> None:
    """Run `action` and wait for the script run it starts to end (or, expect_run=False, for the action alone)."""
    before = await page.evaluate("() => window.__marsadRuns || 0") if expect_run else 0
    t0 = time.perf_counter()
    cpu0 = (tree_cpu(record["pids"].values()), browser_cpu(record["pids"])) if record.get("pids") else None
    try:
        await action()
        if expect_run:
            await page.wait_for_function(RUN_DONE_JS, arg=before, timeout=STEP_TIMEOUT_S * 1000, polling=50)
        elapsed = time.perf_counter() - t0
        if cpu0 is not None:  # a lone analyst: the server and browser CPU this step cost
            record["step_cpu"][name] = (tree_cpu(record["pids"].values()) - cpu0[0], browser_cpu(record["pids"]) - cpu0[1])
        shown_errors = await page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count()
        if shown_errors:
            raise RuntimeError("the page shows an error")
        record["times"].setdefault(name, []).append(elapsed)
    except Exception as exc:  # noqa: BLE001 — every failure is counted and reported
        record["errors"].append(f"{name}: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
        raise


async def analyst(browser, url: str, name: str, editor: bool, record: dict, think: random.Random | None = None,
                  arrive_s: float = 0.0) -> None:
    """One analyst's walk; `think` (seeded) draws the pause before each action after the first."""
    await asyncio.sleep(arrive_s)
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    await context.add_init_script(WATCH_RUNS_JS)
    page = await context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_S * 1000)

    async def sign_in():
        await page.locator(".st-key-signin-user input").fill(name)
        await page.locator(".st-key-signin-password input").fill(PASSWORD)
        await page.locator(".st-key-signin-submit button").click()

    async def fill(key: str, value: str):
        box = page.locator(f".st-key-{key} input")
        await box.fill(value)
        await box.press("Enter")

    async def nav(path: str):
        await page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').click()

    async def export():
        async with page.expect_download(timeout=STEP_TIMEOUT_S * 1000) as download:
            await page.locator('[class*="st-key-exports-timeline"] button').first.click()
        await (await download.value).path()

    async def accept():
        await page.locator(".st-key-review-accept button").click()
        flash = page.locator(".st-key-review-flash")
        await flash.wait_for(timeout=STEP_TIMEOUT_S * 1000)
        text = await flash.inner_text()
        if "Saved" in text:
            record["saved"] += 1
        else:
            record["conflicts"] += 1

    async def then(name: str, action, expect_run: bool = True):
        if think is not None:
            await asyncio.sleep(think.uniform(*THINK_S))
        await step(page, record, name, action, expect_run)

    async def open_page():
        await page.goto(url)
        await page.locator(".st-key-signin-user input").wait_for()

    try:
        await step(page, record, "open", open_page, expect_run=False)
        await then("sign in", sign_in)
        await then("filter: fatalities", lambda: fill("flt_minfat", "2"))
        await then("filter: text", lambda: fill("flt_text", "Raqqa"))
        await then("map", lambda: nav("map"))
        await then("timeline", lambda: nav("timeline"))
        await then("export PNG", export, expect_run=False)
        if editor:
            await then("review", lambda: nav("review"))
            await then("accept", accept)
    except Exception:  # noqa: BLE001 — already recorded; the analyst stops there
        pass
    finally:
        await context.close()


async def bounded(coroutine, record: dict, name: str) -> None:
    try:
        await asyncio.wait_for(coroutine, CROWD_TIMEOUT_S)
    except asyncio.TimeoutError:
        record["errors"].append(f"{name}: not done after {CROWD_TIMEOUT_S} s")


async def crowd(url: str, users: list[tuple[str, bool]], warm: list[str], pids: dict) -> dict:
    from playwright.async_api import async_playwright

    from tests.conftest import CHROMIUM_ARGS

    record = {"times": {}, "errors": [], "saved": 0, "conflicts": 0, "step_cpu": {},
              "pids": pids if len(users) == 1 else None}
    arrivals = random.Random(SEED)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        warm_up = {"times": {}, "errors": [], "saved": 0, "conflicts": 0}
        for replica in warm:  # one walk-through per replica first, as a running deployment would be warm
            await analyst(browser, replica, "warmup", False, warm_up)
        start, cpu0 = time.perf_counter(), cpu_by_part(pids)
        ramp = RAMP_S if len(users) > 1 else 0.0
        await asyncio.gather(*(bounded(analyst(browser, url, name, editor, record, random.Random(f"{SEED}-{name}"),
                                               arrivals.uniform(0, ramp)), record, name)
                               for name, editor in users))
        record["wall"] = time.perf_counter() - start
        record["cpu"] = {k: v - cpu0.get(k, 0.0) for k, v in cpu_by_part(pids).items()}
        await browser.close()
    return record


def audited_accepts(stack) -> int:
    from etl.config import get_settings
    from etl.review import Reviewer

    rev = Reviewer(get_settings(db=str(stack.db), review_db=stack.review_db), user="bench")
    try:
        return sum(1 for r in rev.log() if r["action"] == "accept" and r["user_name"].startswith("analyst"))
    finally:
        rev.close()


def _processes() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds of the process and of its children it has waited for)."""
    tick, out = os.sysconf("SC_CLK_TCK"), {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        out[int(proc.name)] = (int(fields[1]), sum(int(x) for x in fields[11:15]) / tick)
    return out


def tree_cpu(roots, exclude=(), procs: dict | None = None) -> float:
    """CPU seconds (user + system) of these processes and all their descendants, living or reaped."""
    procs = procs if procs is not None else _processes()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in procs.items():
        children.setdefault(ppid, []).append(pid)
    total, todo, skip = 0.0, list(roots), set(exclude)
    while todo:
        pid = todo.pop()
        if pid in skip or pid not in procs:
            continue
        total += procs[pid][1]
        todo += children.get(pid, [])
    return total


def browser_cpu(pids: dict, procs: dict | None = None) -> float:
    """CPU seconds of what this benchmark started other than the stack: Playwright's driver and the Chromium
    playing the analysts."""
    procs = procs if procs is not None else _processes()
    mine = [pid for pid, (ppid, _) in procs.items() if ppid == os.getpid()]
    return tree_cpu(mine, exclude=set(pids.values()), procs=procs)


def cpu_by_part(pids: dict) -> dict[str, float]:
    procs = _processes()
    return {**{name: tree_cpu([pid], procs=procs) for name, pid in pids.items()},
            "browsers": browser_cpu(pids, procs)}


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def run_stack(db: Path, replicas: int, sizes: list[int], done) -> None:
    """One stack with `replicas` replicas; the crowds of these sizes one after the other on it (warmed once, by
    one walk through every replica before the first crowd). `done(record)` after each crowd."""
    from deploy.stack import team_stack
    from etl.auth import Accounts
    from etl.config import get_settings

    users = [(f"{'analyst' if n % 5 == 0 else 'viewer'}{n:02d}", n % 5 == 0) for n in range(max(sizes))]
    with team_stack(db, replicas=replicas) as stack:
        accounts = Accounts(get_settings(db=str(db), review_db=stack.review_db))
        try:
            for name, editor in [*users, ("warmup", False)]:
                accounts.add(name, "analyst" if editor else "viewer", PASSWORD, by="bench")
        finally:
            accounts.close()
        warm = stack.replicas
        for analysts in sizes:
            load, audited = os.getloadavg()[0], audited_accepts(stack)
            record = asyncio.run(crowd(stack.url, users[:analysts], warm, stack.pids))
            warm = []
            record["audited"] = audited_accepts(stack) - audited
            times = [t for values in record["times"].values() for t in values]
            record.update(replicas=replicas, analysts=analysts, load=load, all=times,
                          lost=max(0, record["saved"] - record["audited"]))
            done(record)


def row(r: dict) -> str:
    t = r["all"]
    if not t:
        return f"| {r['replicas']} | {r['analysts']} | 0 | — | — | — | {len(r['errors'])} | — | — | — | — | — |"
    slow = max(r["times"], key=lambda k: statistics.median(r["times"][k])) if r["times"] else "—"
    return (f"| {r['replicas']} | {r['analysts']} | {len(t)} | {statistics.median(t):.1f} s | {pct(t, 0.95):.1f} s | "
            f"{max(t):.1f} s | {len(r['errors'])} | {r['saved']} saved, {r['conflicts']} conflicts | "
            f"{r['lost']} | {slow} ({statistics.median(r['times'][slow]):.1f} s) | {r['wall']:.0f} s | {r['load']:.1f} |")


def cpu_row(r: dict) -> str:
    """CPU seconds per part during the crowd, and the share of the machine's capacity (cores x wall) each took."""
    cpu, cap = r.get("cpu", {}), (os.cpu_count() or 1) * r["wall"]
    replicas = sum(v for k, v in cpu.items() if k.startswith("replica"))
    parts = [("replicas", replicas), ("nginx", cpu.get("nginx", 0.0)), ("PostgreSQL", cpu.get("postgresql", 0.0)),
             ("browsers", cpu.get("browsers", 0.0))]
    used = sum(v for _, v in parts)
    return (f"| {r['replicas']} | {r['analysts']} | {r['wall']:.0f} s | "
            + " | ".join(f"{v:.0f} s ({100 * v / cap:.0f}%)" for _, v in parts) + f" | {100 * used / cap:.0f}% |")


def write(results: list, n: int, built: float) -> None:
    lone = [r for r in results if r.get("step_cpu")]
    lines = [
        "## Team deployment under load (`benchmarks/bench_team.py`)",
        "",
        f"Run {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on the 2-core machine; the browsers playing the "
        "analysts run on the same two cores as the replicas, nginx and PostgreSQL (their CPU is given apart below).",
        "",
        f"Store: {n:,} generated ACLED-format events plus the example article, loaded with `marsad etl import` "
        f"({'built in %.0f s' % built if built else 'built before the run with the same recipe'}). Stack: "
        "`deploy/stack.py` (the `make team-demo` stack): throwaway PostgreSQL, N replicas with MARSAD_AUTH=accounts, "
        "nginx with `deploy/nginx/marsad.conf`.",
        "",
        f"What the crowd does: each analyst is a Playwright context (1400x1000) in one headless Chromium. Analysts "
        f"arrive at random moments spread uniformly over the first {RAMP_S} s (seed {SEED}); each opens the address, "
        f"then before every further action waits a think time drawn uniformly between {THINK_S[0]:.0f} and "
        f"{THINK_S[1]:.0f} s (seeded per analyst): sign in, minimum fatalities 2, search text \"Raqqa\", the map, "
        "the timeline, a PNG export of its chart; one in five is an analyst who then opens Review and accepts the "
        "event shown (the others are viewers). Page time: from the click or key press to the end of the script run "
        "it started (the app's running state, watched in the page), or to the end of the download for the export; "
        "think time is not in it. Before the first crowd on a stack, one analyst walks through every replica once "
        "(warm caches), untimed; consecutive crowds with the same replica count then run one after the other on "
        "that stack.",
        "",
        "| replicas | analysts | page loads | p50 | p95 | max | errors | review accepts | edits lost | slowest step "
        "(median) | wall | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
        *(row(r) for r in results),
        "",
        "Per step, median page time (s): " + "; ".join(
            f"{r['replicas']} replica(s) × {r['analysts']}: " + ", ".join(
                f"{k} {statistics.median(v):.1f}" for k, v in r["times"].items()) for r in results if r["times"]) + ".",
        "",
        "CPU used during each crowd, in CPU-seconds and as a share of the machine (2 cores × wall); replicas include "
        "their chart-export Chromium, browsers are the Chromium playing the analysts:",
        "",
        "| replicas | analysts | wall | replicas | nginx | PostgreSQL | browsers | machine busy |",
        "|---|---|---|---|---|---|---|---|",
        *(cpu_row(r) for r in results if r.get("cpu")),
        "",
        "CPU-seconds per step for a lone analyst, server (replicas + nginx + PostgreSQL) / browser: " + "; ".join(
            f"{r['replicas']} replica(s): " + ", ".join(f"{k} {v[0]:.2f} / {v[1]:.2f}" for k, v in r["step_cpu"].items())
            for r in lone) + ".",
        "",
        "Target (issue 13): p95 < 3 s with 20 analysts and 0 errors; edits lost must be 0. Concurrent analysts "
        "accepting the same worst-first event get a conflict message (counted above), never a silent overwrite.",
    ]
    errors = [e for r in results for e in r["errors"]]
    if errors:
        lines += ["", "First errors: " + "; ".join(sorted(set(errors))[:5])]
    replace_section("bench_team", "\n".join(lines))


def _option(name: str) -> str | None:
    """--name VALUE or --name=VALUE, removed from sys.argv."""
    for i, arg in enumerate(sys.argv):
        if arg == f"--{name}" and i + 1 < len(sys.argv):
            value = sys.argv[i + 1]
            del sys.argv[i:i + 2]
            return value
        if arg.startswith(f"--{name}="):
            del sys.argv[i]
            return arg.split("=", 1)[1]
    return None


def main() -> None:
    store, runs = _option("store"), _option("runs")
    args = sys.argv[1:]
    n = int(args[0]) if args else 1_000_000
    crowds = [int(x) for x in (args[1] if len(args) > 1 else "1,20,50").split(",")]
    replica_counts = [int(x) for x in (args[2] if len(args) > 2 else "1,2").split(",")]
    plan = ([tuple(int(x) for x in r.split("x")) for r in runs.split(",")] if runs
            else [(a, r) for r in replica_counts for a in crowds])
    stacks: list[tuple[int, list[int]]] = []  # consecutive crowds with the same replica count share a stack
    for analysts, replicas in plan:
        if stacks and stacks[-1][0] == replicas:
            stacks[-1][1].append(analysts)
        else:
            stacks.append((replicas, [analysts]))
    results = []

    def done(r: dict) -> None:
        results.append(r)
        print(row(r), flush=True)
        print(cpu_row(r), flush=True)
        for e in r["errors"][:5]:
            print("   ", e, flush=True)
        write(results, n, built)  # after each crowd: a run stopped later keeps what it measured

    with tempfile.TemporaryDirectory(prefix="marsad-bench-team-") as tmp:
        if store:
            db, built = Path(store).resolve(), 0.0
            if not db.exists():
                sys.exit(f"--store {store}: no such file")
        else:
            db, built = build_store(Path(tmp), n)
            print(f"store: {n:,} events in {built:.0f} s", flush=True)
        for replicas, sizes in stacks:
            run_stack(db, replicas, sizes, done)


if __name__ == "__main__":
    main()

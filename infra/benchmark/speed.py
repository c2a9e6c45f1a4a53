"""The pyramid's speed, before and after a change, in turns, with pact-python's own example beside.

    python3 infra/benchmark/speed.py --before <ref> [--runs 3] [--peer PACT_PYTHON_CHECKOUT]
        [--lock FILE] [--out docs]

Each round runs the whole default `nox` (lint, unit, integration, contracts, e2e; or only the
`--sessions` named) once in each tree, in turns (ABBA, so a drift in load falls on both alike),
after one warm-up run each: *after* is this working tree, *before* `git archive <ref>` in a
folder of its own (with this .env). From each run: its wall and CPU seconds (user + system of every
process it started, containers excluded), each session's wall (nox's timestamps), the tests each
layer collected (the JUnit XML: a layer must not lose tests), and, from the contract suites' report
logs and verification results, each provider verification's time and fixed cost (its time less the
time Pact reports for its interactions) and the consumer tests' times. With `--peer`, a checkout of
pact-python, its `examples/http/requests_and_fastapi` runs once per round in the contract
environment of users, timed the same way. Writes <out>/speed.json and rewrites the generated blocks
(docs/benchmarks.md's "speed", rendered by speed_page.py; `nox -s lint` checks it). Standard library
only: run it with the system's python3, with nox and the Docker engine there. `--lock FILE`: each
`nox` run holds an exclusive flock on FILE (e2e brings up the compose project that other checkouts
share).
"""

import argparse
import fcntl
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path

from machine import machine

ROOT = Path(__file__).resolve().parents[2]
# nox --add-timestamp: "nox > [2026-12-04 23:36:29,987] Running session lint", "... Session
# lint was successful in 2 seconds."
STAMPED = re.compile(
    r"\[(?P<at>[\d-]+ [\d:,]+)\] "
    r"(?:Running session (?P<start>\S+)|Session (?P<end>\S+) was successful)"
)
# pact's durations: "236ms", "1s 20ms", "850us"
DURATION = re.compile(r"(\d+)(ms|us|µs|ns|s|m)\b")
UNITS = {"m": 60.0, "s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "ns": 1e-9}
PEER = "examples/http/requests_and_fastapi"
# The member whose contract suite runs alone beside the peer: consumer of HTTP and messages,
# provider of both.
ALONE = "orders"
# Loaded into the peer's pytest: keeps what its Verifier reports, as our `verify` fixture does.
PEER_PLUGIN = """
import json, os
import pact
_verify = pact.Verifier.verify
def verify(self, *args, **kwargs):
    try:
        return _verify(self, *args, **kwargs)
    finally:
        with open(os.environ["SPEED_PEER_RESULTS"], "w") as out:
            json.dump(self.results, out)
pact.Verifier.verify = verify
"""


def before_tree(ref: str, work: Path) -> Path:
    """`ref` as a tree of its own (with this checkout's .env), made once and kept for reruns."""
    sha = subprocess.run(
        ["git", "rev-parse", "--short", ref], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    tree = work / f"before-{sha}"
    if not (tree / "noxfile.py").exists():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    if (ROOT / ".env").exists():
        (tree / ".env").write_text((ROOT / ".env").read_text())
    return tree


def run_nox(tree: Path, sessions: list[str], lock: Path | None) -> dict:
    """One `nox` in `tree` (the default sessions, or `sessions`): whether it passed, its wall,
    CPU and each session's wall."""
    log = tree / ".reports" / "speed-nox.log"
    log.parent.mkdir(exist_ok=True)
    with lock.open("a") if lock else nullcontext() as held:
        if held:
            fcntl.flock(held, fcntl.LOCK_EX)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        with log.open("w") as output:
            command = ["nox", "--add-timestamp", *(["-s", *sessions] if sessions else [])]
            done = subprocess.run(command, cwd=tree, stdout=output, stderr=output)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    failed = log.with_suffix(".failed.log")
    if done.returncode:
        log.replace(failed)
    return {
        "passed": not done.returncode,
        "wall": wall,
        "cpu": cpu,
        "sessions": session_walls(failed.read_text() if done.returncode else log.read_text()),
    }


def measured_nox(tree: Path, sessions: list[str], lock: Path | None) -> dict:
    """`run_nox`, run once more if it failed (a timing test of a loaded machine may); a run that
    fails twice ends the benchmark. The retry is recorded: a failed run's time is not kept."""
    figures = run_nox(tree, sessions, lock)
    if not figures["passed"]:
        say(f"nox failed in {tree} (its log: .reports/speed-nox.failed.log); once more")
        figures = run_nox(tree, sessions, lock) | {"retried": True}
    if not figures["passed"]:
        sys.exit(f"nox failed twice in {tree}; see {tree / '.reports' / 'speed-nox.failed.log'}")
    return figures


def session_walls(log: str) -> dict[str, float]:
    """Each session's seconds, from nox's timestamped "Running session" and "successful" lines."""
    starts, walls = {}, {}
    for found in STAMPED.finditer(log):
        at = datetime.strptime(found["at"], "%Y-%m-%d %H:%M:%S,%f").timestamp()
        if found["start"]:
            starts[found["start"]] = at
        elif found["end"] in starts:
            walls[found["end"]] = at - starts[found["end"]]
    return walls


def collected(tree: Path, since: float) -> dict[str, int]:
    """Tests per layer in the JUnit XML the run wrote (unit, integration, contracts, e2e).

    Only reports written since the run started: `.reports` also holds what other sessions (and
    a member's own session) wrote earlier, which the run did not collect.
    """
    counts: dict[str, int] = {}
    for report in (tree / ".reports" / "junit").glob("*.xml"):
        if report.stat().st_mtime < since:
            continue
        layer = report.stem.split("-")[0]
        tests = re.findall(r'<testsuite [^>]*\btests="(\d+)"', report.read_text())
        counts[layer] = counts.get(layer, 0) + sum(map(int, tests))
    return counts


def seconds(duration: str) -> float:
    return sum(float(n) * UNITS[unit] for n, unit in DURATION.findall(duration))


def pact_seconds(results: dict) -> float:
    """What Pact reports its interactions took, in all."""
    return sum(seconds(r.get("duration", "")) for r in results.get("interactionResults", []))


def test_times(reportlog: Path) -> list[tuple[str, float, float]]:
    """(node id, call seconds, all phases' seconds) of each test of a report log, in run order."""
    phases: dict[str, dict[str, float]] = {}
    for line in filter(str.strip, reportlog.read_text().splitlines()):
        entry = json.loads(line)
        if entry.get("$report_type") == "TestReport":
            phases.setdefault(entry["nodeid"], {})[entry["when"]] = entry["duration"]
    return [(node, p.get("call", 0.0), sum(p.values())) for node, p in phases.items()]


def contract_figures(durations: Path, verifications: Path, prefix: str = "contracts-") -> dict:
    """Per verification (its call) time and fixed cost; consumer tests' times, first of each."""
    verify, fixed, consumers, firsts, interactions = [], [], [], [], 0
    for log in sorted(durations.glob(f"{prefix}*.jsonl")):
        member = log.stem.removeprefix(prefix)
        tests = test_times(log)
        calls = [call for node, call, _ in tests if "honour" in node]
        results = [
            json.loads(path.read_text())
            for path in verifications.glob("*.json")
            if path.stem == member or path.stem.startswith(f"{member}-")
        ]
        if calls:
            verify += calls
            spent = sum(map(pact_seconds, results))
            interactions += sum(len(r.get("interactionResults", [])) for r in results)
            fixed.append((sum(calls) - spent) / len(calls))
        mine = [whole for node, _, whole in tests if "_consumer.py::" in node]
        consumers += mine
        firsts += mine[:1]
    return {
        "interactions": interactions,
        "verify": verify,
        "fixed": fixed,
        "consumer": consumers,
        "consumer_first": firsts,
    }


def run_peer(checkout: Path, work: Path) -> dict:
    """pact-python's own FastAPI example, consumer then provider, in users' contract env."""
    python = ROOT / ".nox" / "contracts-users" / "bin" / "python"
    work.mkdir(parents=True, exist_ok=True)
    (work / "speed_peer_plugin.py").write_text(PEER_PLUGIN)
    results, log = work / "peer-results.json", work / "peer.jsonl"
    env = {
        **os.environ,
        "PYTHONPATH": str(work),
        "PACT_DO_NOT_TRACK": "true",
        "SPEED_PEER_RESULTS": str(results),
    }
    command = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p"]
    command += ["speed_peer_plugin", f"--report-log={log}", "."]
    subprocess.run(command, cwd=checkout / PEER, env=env, capture_output=True, check=True)
    tests = test_times(log)
    calls = [call for node, call, _ in tests if "test_provider" in node]
    verified = json.loads(results.read_text())
    spent = pact_seconds(verified)
    consumers = [whole for node, _, whole in tests if "test_consumer" in node]
    return {
        "interactions": len(verified.get("interactionResults", [])),
        "verify": calls,
        "fixed": [(sum(calls) - spent) / len(calls)],
        "consumer": consumers,
        "consumer_first": consumers[:1],
    }


def run_alone(tree: Path, member: str, work: Path) -> dict:
    """`member`'s contract suite alone, as the peer runs: one process on an idle pipeline,
    Postgres already up (TEST_POSTGRES_URL), pacts and results in folders of its own."""
    scratch = work / f"alone-{tree.name}"
    shutil.rmtree(scratch, ignore_errors=True)
    (scratch / "pacts").mkdir(parents=True)
    for pact in (tree / "contracts").glob("*.json"):
        shutil.copy2(pact, scratch / "pacts")
    log = scratch / f"contracts-{member}.jsonl"
    env = {
        **os.environ,
        "PACT_DIR": str(scratch / "pacts"),
        "PACT_REPORT_DIR": str(scratch / "results"),
        "PACT_DO_NOT_TRACK": "true",
    }
    python = tree / ".nox" / f"contracts-{member}" / "bin" / "python"
    command = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/contract"]
    command.append(f"--report-log={log}")
    folder = tree / "services" / member
    subprocess.run(command, cwd=folder, env=env, capture_output=True, check=True)
    return contract_figures(scratch, scratch / "results")


def measure(
    trees: dict[str, Path], sessions: list[str], runs: int, lock: Path | None, peer: Path | None
) -> dict:
    work = Path(tempfile.gettempdir()) / "pyramid-speed"
    load = [os.getloadavg()]
    for name, tree in trees.items():
        say(f"warm-up: nox in {name}")
        run_nox(tree, sessions, lock)  # what it costs is not kept, whether it passes or not
    rounds: list[dict] = []
    for number in range(runs):
        for name in trees if number % 2 == 0 else reversed(trees):
            started = time.time()
            figures = measured_nox(trees[name], sessions, lock)
            reports = trees[name] / ".reports"
            tests = collected(trees[name], since=started)
            figures |= {"tree": name, "round": number + 1, "tests": tests}
            figures |= contract_figures(reports / "durations", reports / "contracts")
            rounds.append(figures)
            alone = run_alone(trees[name], ALONE, work)
            rounds.append({"tree": f"{name} alone", "round": number + 1, **alone})
            say(f"round {number + 1}, {name}: {figures['wall']:.1f} s, CPU {figures['cpu']:.1f} s")
        if peer:
            rounds.append({"tree": "peer", "round": number + 1, **run_peer(peer, work)})
        load.append(os.getloadavg())
    return {"rounds": rounds, "load": load}


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="the git ref to compare with")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peer", type=Path, help="a checkout of pact-python (its examples)")
    parser.add_argument("--lock", type=Path, help="a file to flock around each nox run")
    parser.add_argument("--sessions", nargs="+", default=[], help="instead of the default run")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    started = datetime.now(UTC)
    load_at_start = os.getloadavg()[0]
    work = Path(tempfile.gettempdir()) / "pyramid-speed"
    trees = {"before": before_tree(args.before, work), "after": ROOT}
    head = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    command = f"python3 infra/benchmark/speed.py --before {args.before} --runs {args.runs}"
    command += f" --sessions {' '.join(args.sessions)}" if args.sessions else ""
    results = {
        "command": command,
        "sessions": args.sessions,
        "before": args.before,
        "after": head,
        "runs": args.runs,
        "started": f"{started:%Y-%m-%d %H:%M} UTC",
        **measure(trees, args.sessions, args.runs, args.lock, args.peer),
    }
    results["minutes"] = round((datetime.now(UTC) - started).total_seconds() / 60, 1)
    results["machine"] = machine(load_at_start)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "speed.json").write_text(json.dumps(results, indent=1) + "\n")
    # The generated block, from the results just written (evidence: standard library only).
    sys.path.insert(0, str(ROOT / "infra" / "evidence" / "src"))
    from evidence.generated.check import write

    for changed in write(ROOT):
        say(f"rewritten: {changed}")


if __name__ == "__main__":
    main(sys.argv[1:])

"""can-i-deploy's budget: one service's question with nothing kept, then asked again.

In turns, `--runs` rounds of: `nox -s contracts` (warm: the reference, the contracts at HEAD),
`nox -s can-i-deploy -- orders HEAD --to production` with its store removed first (no worktree,
environment, pact or verdict kept; uv's own package cache stays warm, as on any machine that
has synced once), then the same question again (everything kept). Each figure is a median, and
each round's ratio to the reference of the same round goes beside it, so that the load of a
shared machine falls on both; so do the CPU seconds, which the load moves far less.

    python3 infra/benchmark/can_i_deploy.py [--runs 3] [--service orders] [--ref HEAD]

Standard library only, with nox on the PATH; Markdown for docs/benchmarks.md on standard
output, progress on standard error, each run's output in .reports/can-i-deploy-*.log.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from machine import machine

ROOT = Path(__file__).resolve().parents[2]
STORE = ROOT / ".nox" / "can-i-deploy"  # testkit.deploy.cli.store_of


def cpu() -> float:
    """User + system seconds of every process this one has waited for (containers excluded)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(name: str, *nox: str) -> tuple[float, float]:
    """Wall and CPU seconds of one nox command; its output in .reports/can-i-deploy-<name>.log."""
    log = ROOT / ".reports" / f"can-i-deploy-{name}.log"
    log.parent.mkdir(exist_ok=True)
    started, cpu_before = time.monotonic(), cpu()
    with log.open("w") as out:
        done = subprocess.run(["nox", *nox], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    # can-i-deploy answers no with 1: an answer, timed like a yes; anything else is a failure.
    if done.returncode not in (0, 1) or (done.returncode and "can-i-deploy" not in nox):
        raise SystemExit(f"{name}: nox exited {done.returncode}; see {log}")
    seconds, cpu_seconds = time.monotonic() - started, cpu() - cpu_before
    print(f"{name}: {seconds:.1f} s, {cpu_seconds:.1f} s of CPU", file=sys.stderr)
    return seconds, cpu_seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--service", default="orders")
    parser.add_argument("--ref", default="HEAD")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    question = ["-s", "can-i-deploy", "--", args.service, args.ref, "--to", "production"]
    timed("warm-up", "-s", "contracts")
    rounds = []
    for _ in range(args.runs):
        contracts = timed("contracts", "-s", "contracts")
        shutil.rmtree(STORE, ignore_errors=True)
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, check=True)
        uncached = timed("uncached", *question)
        cached = timed("cached", *question)
        rounds.append((contracts, uncached, cached))
    print(f"`{' '.join(question[3:])}`, {args.runs} rounds in turns:\n")
    print("| command | budget s | wall s, each round | median wall s | / contracts | CPU s |")
    print("|---|---:|---|---:|---:|---:|")
    names = ("`nox -s contracts` (warm, the reference)", "`nox -s can-i-deploy`, nothing kept")
    names += ("`nox -s can-i-deploy`, asked again",)
    for index, (name, budget) in enumerate(zip(names, ("", "60", "2"), strict=True)):
        walls = [r[index][0] for r in rounds]
        ratio = statistics.median(r[index][0] / r[0][0] for r in rounds)
        cpu_seconds = statistics.median(r[index][1] for r in rounds)
        each = ", ".join(f"{wall:.1f}" for wall in walls)
        median = f"{statistics.median(walls):.1f}"
        print(f"| {name} | {budget} | {each} | **{median}** | {ratio:.2f} | {cpu_seconds:.1f} |")
    print()
    print("\n".join(machine(load)))


if __name__ == "__main__":
    main()

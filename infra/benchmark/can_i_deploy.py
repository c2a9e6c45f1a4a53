"""can-i-deploy's budget: one service's question with nothing kept, then asked again.

In turns, `--runs` rounds of: `nox -s contracts` (warm: the reference, the contracts at HEAD),
`nox -s can-i-deploy -- orders <HEAD's commit> --to production` with its store removed first
(no worktree, environment, pact or verdict kept; uv's own package cache stays warm, as on any
machine that has synced once), then the same question again (everything kept). With
`--against REF`, each round also asks the same question, nothing kept, with the can-i-deploy of
REF (its tree in a worktree of its own): a before/after in turns. Each figure is a median, and
each round's ratio to the reference of the same round goes beside it, so that the load of a
shared machine falls on both; so do the CPU seconds, which the load moves far less.

    python3 infra/benchmark/can_i_deploy.py [--runs 3] [--service orders] [--against REF]

Writes docs/can-i-deploy.json and its generated block in docs/benchmarks.md
(can_i_deploy_page.py); progress on standard error, each run's output in
.reports/can-i-deploy-*.log. Standard library only, with nox on the PATH.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "docs" / "can-i-deploy.json"
PAGE = ROOT / "docs" / "benchmarks.md"
BLOCK = "can-i-deploy"


def cpu() -> float:
    """User + system seconds of every process this one has waited for (containers excluded)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(name: str, tree: Path, *nox: str) -> dict:
    """Wall and CPU seconds of one nox command in `tree`; its output in .reports/."""
    log = ROOT / ".reports" / f"can-i-deploy-{name}.log"
    log.parent.mkdir(exist_ok=True)
    started, cpu_before = time.monotonic(), cpu()
    with log.open("w") as out:
        done = subprocess.run(["nox", *nox], cwd=tree, stdout=out, stderr=subprocess.STDOUT)
    # can-i-deploy answers no with 1: an answer, timed like a yes; anything else is a failure.
    if done.returncode not in (0, 1) or (done.returncode and "can-i-deploy" not in nox):
        raise SystemExit(f"{name}: nox exited {done.returncode}; see {log}")
    seconds, cpu_seconds = time.monotonic() - started, cpu() - cpu_before
    print(f"{name}: {seconds:.1f} s, {cpu_seconds:.1f} s of CPU", file=sys.stderr)
    return {"wall": round(seconds, 2), "cpu": round(cpu_seconds, 2), "log": log.read_text()}


def uncached(name: str, tree: Path, question: list[str]) -> dict:
    """The question in `tree` with its store (testkit.deploy.cli.store_of) removed first."""
    shutil.rmtree(tree / ".nox" / "can-i-deploy", ignore_errors=True)
    subprocess.run(["git", "worktree", "prune"], cwd=tree, check=True)
    return timed(name, tree, *question)


def answer(log: str) -> list[str]:
    """What can-i-deploy printed: from its first line to its verdict."""
    lines = log.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("can-i-deploy "))
    last = next(i for i, line in enumerate(lines) if line.startswith("Computer says"))
    return lines[first : last + 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--service", default="orders")
    parser.add_argument("--ref", default="HEAD")
    parser.add_argument("--against", help="a commit whose can-i-deploy to time in turns")
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT / "infra" / "benchmark"), str(ROOT / "infra" / "evidence" / "src")]
    from can_i_deploy_page import render
    from evidence.generated import blocks
    from machine import machine

    load = os.getloadavg()[0]
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", args.ref], capture_output=True, text=True)
    question = ["-s", "can-i-deploy", "--", args.service, commit.stdout.strip()]
    question += ["--to", "production"]
    with tempfile.TemporaryDirectory() as scratch:
        before = Path(scratch) / "before"
        if args.against:
            subprocess.run([*git, "worktree", "add", "--detach", str(before), args.against])
            shutil.copy2(ROOT / "deployments" / "production.json", before / "deployments")
        try:
            timed("warm-up", ROOT, "-s", "contracts")
            rounds = []
            for _ in range(args.runs):
                turn = {"contracts": timed("contracts", ROOT, "-s", "contracts")}
                if args.against:
                    turn["before"] = uncached("before", before, question)
                turn["uncached"] = uncached("uncached", ROOT, question)
                turn["cached"] = timed("cached", ROOT, *question)
                rounds.append(turn)
        finally:
            if args.against:
                subprocess.run([*git, "worktree", "remove", "--force", str(before)])
    data = {
        "question": f"{args.service} {args.ref} --to production",
        "against": args.against,
        "rounds": [{k: {"wall": v["wall"], "cpu": v["cpu"]} for k, v in r.items()} for r in rounds],
        "answer": answer(rounds[-1]["uncached"]["log"]),
        "machine": machine(load),
    }
    RESULTS.write_text(json.dumps(data, indent=1) + "\n")
    PAGE.write_text(blocks.update(PAGE.read_text(), BLOCK, render(data)))
    print(f"wrote {RESULTS.relative_to(ROOT)} and its block in {PAGE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

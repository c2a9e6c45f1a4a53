"""The speed budgets, before and after a change, measured in turns on the same machine.

On a shared 2-core machine the load changes from minute to minute, so a "before" measured an
hour before the "after" says little. This runs both trees in turns, warm, and reports each
budget's medians with the after/before ratio of each round (ABBA order, so that a drift in load
falls on both alike), and the CPU seconds the commands used, which the load changes far less.

    python3 infra/benchmark/budgets.py snapshot /tmp/speed/after          # the working tree
    python3 infra/benchmark/budgets.py snapshot /tmp/speed/before --head FILE ... --put FILE=COPY
    python3 infra/benchmark/budgets.py measure before=/tmp/speed/before after=/tmp/speed/after

Standard library only, run with the system's python3 and nox on the PATH. A snapshot is a copy of
the working tree (not .nox nor .reports) with a git repository of its own, one commit, then one
change in one service on top of it (what `nox -s affected -- HEAD` is measured on). Markdown on
standard output; progress on standard error; each run's output in <tree>/.reports/budget-*.log.
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
# name -> (nox arguments, budget in seconds)
TARGETS = {
    "contracts": (["-s", "contracts"], 12),
    "integration": (["-s", "integration"], 40),
    "nox": ([], 120),
    "affected": (["-s", "affected", "--", "HEAD"], 45),
}
CHANGE = "services/payments/src/payments/domain.py"
IGNORED = shutil.ignore_patterns(".nox", ".reports", "__pycache__", ".git", ".venv", "*.pyc")


def git(tree: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=tree, capture_output=True, text=True, check=True)
    return done.stdout


def snapshot(destination: Path, head: list[str], put: list[str]) -> None:
    """Copy the working tree; `head` files as last committed, `put` ones as FILE=COPY says."""
    shutil.rmtree(destination, ignore_errors=True)
    shutil.copytree(ROOT, destination, ignore=IGNORED, symlinks=True)
    shutil.copy2(ROOT / ".env", destination / ".env")
    for path in head:
        listed = git(ROOT, "ls-tree", "--name-only", "HEAD", path).strip()
        if listed:
            (destination / path).write_text(git(ROOT, "show", f"HEAD:{path}"))
        else:
            (destination / path).unlink(missing_ok=True)
    for pair in put:
        path, _, copy = pair.partition("=")
        shutil.copy2(copy, destination / path)
    git(destination, "init", "-q")
    git(destination, "add", "-A")
    git(
        destination,
        "-c",
        "user.name=bench",
        "-c",
        "user.email=bench@localhost",
        "commit",
        "-qm",
        "s",
    )
    with (destination / CHANGE).open("a") as changed:
        changed.write("\n\n# benchmark: a change in one service\n")  # as ruff formats it


def run_once(tree: Path, target: str) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of every child) of one `nox` run in `tree`."""
    arguments, _ = TARGETS[target]
    log = tree / ".reports" / f"budget-{target}.log"
    log.parent.mkdir(exist_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with log.open("w") as output:
        done = subprocess.run(["nox", *arguments], cwd=tree, stdout=output, stderr=output)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        sys.exit(f"nox {' '.join(arguments)} failed in {tree}; see {log}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(trees: dict[str, Path], targets: list[str], runs: int) -> None:
    load_at_start = os.getloadavg()[0]
    names = list(trees)
    rows = []
    for target in targets:
        for name in names:  # warm-up: environments, bytecode, images
            print(f"{target}: warm-up in {name}", file=sys.stderr, flush=True)
            run_once(trees[name], target)
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
        for round_ in range(runs):
            for name in names if round_ % 2 == 0 else reversed(names):  # ABBA
                samples[name].append(run_once(trees[name], target))
                wall, cpu = samples[name][-1]
                print(
                    f"{target} {name} {round_ + 1}: {wall:.1f} s, cpu {cpu:.1f} s",
                    file=sys.stderr,
                    flush=True,
                )
        rows.append(row(target, names, samples))
    first, last = names[0], names[-1]
    print(
        f"| budget | limit | {first} wall s | {last} wall s | {last}/{first} "
        f"| {first} CPU s | {last} CPU s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    print(
        f"\nMedians of {runs} warm runs each (min-max), in turns; the ratio is the median of "
        "the rounds' ratios.\n\nMachine:\n",
        *machine(load_at_start),
        sep="\n",
    )


def row(target: str, names: list[str], samples: dict[str, list[tuple[float, float]]]) -> str:
    first, last = names[0], names[-1]
    walls = {name: [wall for wall, _ in samples[name]] for name in names}
    cpus = {name: [cpu for _, cpu in samples[name]] for name in names}
    ratio = statistics.median(a / b for a, b in zip(walls[last], walls[first], strict=True))

    def spread(values: list[float]) -> str:
        return f"{statistics.median(values):.1f} ({min(values):.1f}-{max(values):.1f})"

    arguments, limit = TARGETS[target]
    cells = [f"`{' '.join(['nox', *arguments])}`", f"{limit}"]
    cells += [spread(walls[first]), spread(walls[last]), f"{ratio:.2f}"]
    cells += [f"{statistics.median(cpus[name]):.1f}" for name in (first, last)]
    return "| " + " | ".join(cells) + " |"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    copy = commands.add_parser("snapshot", help="copy the working tree to measure it")
    copy.add_argument("destination", type=Path)
    copy.add_argument("--head", nargs="*", default=[], help="files as last committed")
    copy.add_argument("--put", nargs="*", default=[], help="FILE=COPY: a file from elsewhere")
    bench = commands.add_parser("measure", help="run the budgets in turns")
    bench.add_argument("trees", nargs="+", help="NAME=PATH, the reference first")
    bench.add_argument("--runs", type=int, default=3)
    bench.add_argument("--targets", nargs="+", default=list(TARGETS), choices=list(TARGETS))
    args = parser.parse_args(argv)
    if args.command == "snapshot":
        snapshot(args.destination, args.head, args.put)
    else:
        trees = dict(pair.split("=", 1) for pair in args.trees)
        measure({name: Path(path) for name, path in trees.items()}, args.targets, args.runs)


if __name__ == "__main__":
    main(sys.argv[1:])

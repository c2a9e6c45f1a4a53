"""`nox -s load -- --against REV`: the CPU an order costs, this tree and another, in turns.

Both stacks come up side by side (projects `<project>-a` for this tree's HEAD and
`<project>-b` for REV, each exported with `git archive`; REV may be a directory instead), each
warmed up unrecorded; then `--turns` times, A then B, each runs the same locust steps as
`nox -s load` (run.py's run_step: a user and product of the step's own, `--rates`,
`--seconds`). The stack not being measured idles beside the other (a few % of one core), the
same for both. Per run and container: CPU per order, the container's cgroup CPU seconds over
the step divided by the 201s locust counted. Writes `--out`/load-cpu.json and the `load-cpu`
block of load.md (cpu_page.py).
"""

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from cpu_page import render
from evidence.generated import blocks
from machine import machine
from probes import Shop, engine
from report import progress
from run import WARM_UP_SECONDS, locust_step, run_step
from stack import OVERRIDE, TOKEN, Stack

BLOCK = "load-cpu"


def describe(tree: Path, rev: str) -> str:
    """`<short hash> <subject>` of a revision of `tree`'s repository."""
    done = subprocess.run(
        ["git", "-C", str(tree), "log", "-1", "--format=%h %s", rev],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()[:90]


def export(tree: Path, rev: str, target: Path) -> tuple[Path, str]:
    """A tree to measure, and its label: a directory as it is, or a revision of `tree` exported
    (what is committed, whatever is being edited meanwhile)."""
    if Path(rev).is_dir():
        return Path(rev).resolve(), rev
    target.mkdir()
    archive = subprocess.Popen(["git", "-C", str(tree), "archive", rev], stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(target)], stdin=archive.stdout, check=True)
    if archive.wait():
        sys.exit(f"git archive {rev} failed")
    if (tree / ".env").exists():  # the image names compose reads, as this tree has them
        shutil.copy(tree / ".env", target / ".env")
    return target, describe(tree, rev)


def cpu_seconds(step: dict) -> dict[str, float]:
    """Each container's CPU seconds over the step (run_step gives shares of its elapsed time)."""
    return {name: share * step["elapsed"] for name, share in step["cpu"].items()}


def main(args) -> None:
    load = os.getloadavg()[0]
    tree = Path(args.tree).resolve()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        override = scratch / "ports.override.yml"
        override.write_text(OVERRIDE)
        exported = {
            "A": export(tree, "HEAD", scratch / "a"),
            "B": export(tree, args.against, scratch / "b"),
        }
        trees = {
            label: (Stack(path, f"{args.project}-{label.lower()}", override), name)
            for label, (path, name) in exported.items()
        }
        runs = []
        try:
            urls = {}
            for label, (stack, name) in trees.items():
                progress(f"{label}: building and starting {name}")
                stack.up()
                urls[label] = stack.urls()
            for label in trees:
                shop = Shop(urls[label], TOKEN)  # unrecorded: pools opened, caches filled
                locust_step(urls[label]["orders"], shop, args.rates[0], WARM_UP_SECONDS, scratch)
            for turn in range(args.turns):
                for label, (stack, _) in trees.items():
                    for rate in args.rates:
                        progress(f"turn {turn + 1}, {label}:")
                        step = run_step(stack, urls[label], rate, args, scratch)
                        runs.append({"tree": label, "turn": turn + 1, **step})
        finally:
            for stack, _ in trees.values():
                stack.down()
    options = ["--against", args.against, "--turns", str(args.turns)]
    options += ["--rates", *map(str, args.rates), "--seconds", str(args.seconds)]
    details = [
        f"- Steps: {args.seconds} s each; compose projects `{args.project}-a` and "
        f"`{args.project}-b`",
        f"- Docker server: {engine('/version').get('Version')}",
    ]
    data = {
        "command": "nox -s load -- " + shlex.join(options),
        "trees": {label: name for label, (_, name) in trees.items()},
        "note": args.note,
        "machine": machine(load, details),
        "runs": [{**run, "cpu_seconds": cpu_seconds(run)} for run in runs],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "load-cpu.json").write_text(json.dumps(data, indent=1) + "\n")
    page = args.out / "load.md"
    text = page.read_text() if page.exists() else ""
    if BLOCK not in blocks.found(text):
        text += "\n" + blocks.wrap(BLOCK, "", "· nox -s load -- --against REV") + "\n"
    page.write_text(blocks.update(text, BLOCK, render(data)))
    progress(f"wrote {args.out / 'load-cpu.json'} and the {BLOCK} block of {page}")

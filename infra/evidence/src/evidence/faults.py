"""`python -m evidence.faults`: which layer catches which bug, how fast, strictly judged.

The faults are the patches in infra/faults/ (`evidence.fault_patches`). Each is applied alone to
a throw-away copy of the working tree (`evidence.fault_sandbox`), run through the layers
(`--all-layers`: every layer; else the layers of its reach, `evidence.fault_reach`), each up to
its first failure, which the judge must uphold (`evidence.fault_judge`), and reverted. Every
layer first runs on the clean tree (the baseline). The results go to docs/fault-matrix.json and
the report made from them to docs/fault-matrix.md and .svg; the run fails when a fault's owner
missed it, its run was broken, or every layer missed it.

    --all-layers           every fault through every layer (the committed matrix)
    --only ID ...          these faults (no docs written)
    --shard I/N            the I-th of N slices of the faults: a partial results file
    --layers L ...         with --shard, only these layers (the parts of one fault merge)
    --merge FILE ...       the shards' results as the one report
    --check                CI: each fault still applies, and its owning test (from the last
                           full run) fails with it and passes without (`evidence.fault_check`)
    --relink               the committed results' links looked up again in this tree, by node
                           id (tests move as files are edited; the verdicts stay the run's)
    --stack-lock PATH      hold this lock around the compose stacks (e2e), a few at a time
    --stack-batch N        stacks per hold of that lock (4)
"""

import argparse
import json
import os
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evidence.fault_check import check
from evidence.fault_links import relink
from evidence.fault_matrix import COLUMNS, FaultResult, failed
from evidence.fault_patches import Fault, load
from evidence.fault_picture import picture
from evidence.fault_reach import members
from evidence.fault_report import disagreements, render
from evidence.fault_results import ALL_LAYERS, REACH, document, merge, results
from evidence.fault_run import Run
from evidence.fault_servers import machine_facts

MATRIX, PICTURE = Path("docs/fault-matrix.md"), Path("docs/fault-matrix.svg")
RESULTS = Path("docs/fault-matrix.json")  # committed: the report is made from it
SHARDS = Path(".reports/faults")  # a shard's partial results: shard-<i>-of-<n>.json


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m evidence.faults",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--check", action="store_true", help="CI: each owning test still bites")
    parser.add_argument("--only", nargs="+", metavar="ID", help="run these faults (no docs)")
    parser.add_argument("--all-layers", action="store_true", help="every fault, every layer")
    parser.add_argument("--shard", metavar="I/N", help="run the I-th of N slices of the faults")
    parser.add_argument(
        "--layers", nargs="+", choices=COLUMNS, help="with --shard: run these layers only"
    )
    parser.add_argument("--merge", nargs="+", type=Path, metavar="FILE", help="join shards")
    parser.add_argument("--relink", action="store_true", help="re-find the report's tests")
    parser.add_argument("--stack-lock", type=Path, help="a lock held around the compose stacks")
    parser.add_argument("--stack-batch", type=int, default=4, help="stacks per hold of the lock")
    parser.add_argument("--nox", default="nox", help="how to run nox, e.g. 'python -m nox'")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository's root")
    parser.add_argument("--timeout", type=float, default=600, help="seconds a layer may take")
    return parser.parse_args(argv)


def shard(faults: Sequence[Fault], spec: str) -> list[Fault]:
    """The I-th of N slices (`I/N`, 1-based): every N-th fault from the I-th, in file order."""
    index, _, count = spec.partition("/")
    i, n = int(index), int(count)
    if not 1 <= i <= n:
        raise ValueError(f"--shard {spec}: I must be between 1 and N")
    return list(faults[i - 1 :: n])


def main(argv: list[str]) -> int:
    args = arguments(argv)
    root = args.root.resolve()
    faults = load(root / "infra" / "faults")
    started = time.monotonic()
    if args.check:
        problems = check(root, faults, members(root), root / RESULTS)
        print("\n".join(problems) or f"{len(faults)} faults apply, and their owning tests bite")
        print(f"checked in {time.monotonic() - started:.1f} s")
        return 1 if problems else 0
    if args.relink:
        data = json.loads((root / RESULTS).read_text())
        if problems := relink(data, root):
            print("\n".join(problems), file=sys.stderr)
            return 1
        write(root, data)
        return 0
    if args.merge:
        parts = [json.loads(path.read_text()) for path in args.merge]
        merged = merge(parts, [fault.id for fault in faults])
        write(root, merged)
        return 1 if failed(results(merged)) else 0
    chosen = [f for f in faults if not args.only or f.id in args.only]
    if unknown := set(args.only or ()) - {f.id for f in faults}:
        print(f"no such fault: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    if args.layers and not args.shard:
        print("--layers makes a part of a run: give --shard too", file=sys.stderr)
        return 2
    if args.shard:
        chosen = shard(chosen, args.shard)
    load_at_start = os.getloadavg()[0]
    run = Run(
        root,
        shlex.split(args.nox),
        args.timeout,
        all_layers=args.all_layers,
        layers=tuple(args.layers or COLUMNS),
        stack_lock=args.stack_lock,
        stack_batch=args.stack_batch,
    )
    found, columns = run.all(chosen)
    wall = time.monotonic() - started
    print_results(found, wall)
    details = [f"- Faults: {len(found)}; the whole run took {wall / 60:.1f} min"]
    data = document(
        found,
        mode=ALL_LAYERS if args.all_layers else REACH,
        columns=columns,
        baseline=run.baseline,
        facts=machine_facts(root, load_at_start, details),
        shard=f"{args.shard} ({', '.join(args.layers)})" if args.layers else args.shard,
    )
    if args.shard:
        layers = f".{'-'.join(args.layers)}" if args.layers else ""
        part = root / SHARDS / f"shard-{args.shard.replace('/', '-of-')}{layers}.json"
        part.parent.mkdir(parents=True, exist_ok=True)
        part.write_text(json.dumps(data, indent=1) + "\n")
        print(f"wrote {part.relative_to(root)}: merge the shards with --merge")
    elif not args.only:
        write(root, data)
    return 1 if failed(found) else 0


def print_results(found: list[FaultResult], wall: float) -> None:
    for result in found:
        catches = sorted(result.caught_by())
        print(
            f"{result.verdict:13} {result.fault.id} (owner {result.fault.owner}; caught by "
            f"{', '.join(catches) or 'nothing'})"
        )
    print(f"{len(found)} faults in {wall / 60:.1f} min; {len(failed(found))} failed")


def write(root: Path, data: dict[str, Any]) -> None:
    """The results, the report made from them and its picture; how the verdicts moved.

    The report is made from the file's text, as a check that makes it again offline would.
    """
    text = json.dumps(data, indent=1) + "\n"
    data = json.loads(text)
    fresh = render(data)
    committed = root / MATRIX
    if committed.exists() and (differences := disagreements(committed.read_text(), fresh)):
        print("the verdicts differ from the committed matrix:", *differences, sep="\n")
    elif committed.exists():
        print(f"the verdicts agree with the committed {MATRIX}")
    committed.parent.mkdir(exist_ok=True)
    (root / RESULTS).write_text(text)
    committed.write_text(fresh)
    title = "Which layer catches which fault"
    (root / PICTURE).write_text(picture(results(data), data["columns"], title=title))
    print(f"wrote {RESULTS}, {MATRIX} and {PICTURE}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

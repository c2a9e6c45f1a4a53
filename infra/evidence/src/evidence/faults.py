"""`python -m evidence.faults [--check] [--only ID ...]`: which layer catches which bug, how fast.

The faults are the patches in infra/faults/ (`evidence.fault_patches`). Without --check, each is
applied alone to a throw-away copy of the working tree (`evidence.fault_sandbox`), run through
the nox sessions of its reach (`evidence.fault_reach`), each layer up to its first failure
(which must be the fault's: `evidence.fault_layers`), and reverted. The matrix goes to
docs/fault-matrix.md and .svg; the run fails when a fault's owner missed it or every layer did.
--check (`evidence.fault_check`) only proves, in seconds, that every patch still applies and
changes what it names.
"""

import argparse
import json
import os
import shlex
import sys
import time
from dataclasses import asdict
from pathlib import Path

from evidence.fault_check import check
from evidence.fault_matrix import FaultResult, failed
from evidence.fault_patches import load
from evidence.fault_picture import picture
from evidence.fault_reach import members
from evidence.fault_report import disagreements, document
from evidence.fault_run import Run
from evidence.fault_servers import machine_facts

MATRIX, PICTURE = Path("docs/fault-matrix.md"), Path("docs/fault-matrix.svg")
# The same results, for other tools (the strategy's figures): not committed, like every report.
RESULTS = Path(".reports/fault-matrix.json")


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m evidence.faults", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only check that every patch applies")
    parser.add_argument(
        "--only", nargs="+", metavar="ID", help="run these faults (no docs written)"
    )
    parser.add_argument("--baseline", action="store_true", help="first prove every session green")
    parser.add_argument("--nox", default="nox", help="how to run nox, e.g. 'python -m nox'")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository's root")
    parser.add_argument("--timeout", type=float, default=600, help="seconds a layer may take")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = arguments(argv)
    root = args.root.resolve()
    faults = load(root / "infra" / "faults")
    started = time.monotonic()
    if args.check:
        problems = check(root, faults, members(root), root / MATRIX)
        print("\n".join(problems) or f"{len(faults)} faults apply and change what they name")
        print(f"checked in {time.monotonic() - started:.1f} s")
        return 1 if problems else 0
    chosen = [f for f in faults if not args.only or f.id in args.only]
    if unknown := set(args.only or ()) - {f.id for f in faults}:
        print(f"no such fault: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    nox = shlex.split(args.nox)
    load_at_start = os.getloadavg()[0]
    run = Run(root, nox, timeout=args.timeout)
    results = run.all(chosen, baseline=args.baseline)
    wall = time.monotonic() - started
    print_results(results, wall)
    if not args.only:
        baseline = (
            "every session these faults run first passed without any fault (`-- --baseline`)"
            if args.baseline
            else "not run this time (`-- --baseline` first runs every session without a fault)"
        )
        details = [
            f"- Faults: {len(results)}; the whole run took {wall / 60:.1f} min",
            f"- Baseline: {baseline}",
        ]
        write(root, results, machine_facts(root, load_at_start, details))
    return 1 if failed(results) else 0


def print_results(results: list[FaultResult], wall: float) -> None:
    for result in results:
        catches = [layer for layer, run in result.runs.items() if run.outcome == "caught"]
        print(
            f"{result.verdict:13} {result.fault.id} (owner {result.fault.owner}; caught by "
            f"{', '.join(catches) or 'nothing'})"
        )
    print(f"{len(results)} faults in {wall / 60:.1f} min; {len(failed(results))} failed")


def write(root: Path, results: list[FaultResult], facts: list[str]) -> None:
    """The matrix and its picture; says where the verdicts differ from the committed matrix."""
    fresh = document(results, run_facts=facts)
    committed = root / MATRIX
    if committed.exists() and (differences := disagreements(committed.read_text(), fresh)):
        print("the verdicts differ from the committed matrix:", *differences, sep="\n")
    elif committed.exists():
        print(f"the verdicts agree with the committed {MATRIX}")
    committed.parent.mkdir(exist_ok=True)
    committed.write_text(fresh)
    (root / PICTURE).write_text(picture(results, title="Which layer catches which fault"))
    (root / RESULTS).parent.mkdir(parents=True, exist_ok=True)
    (root / RESULTS).write_text(json.dumps([as_json(result) for result in results], indent=1))
    print(f"wrote {MATRIX}, {PICTURE} and {RESULTS}")


def as_json(result: FaultResult) -> dict:
    fault = result.fault
    return {
        "id": fault.id,
        "class": fault.kind,
        "owner": fault.owner,
        "reach": list(fault.reach),
        "verdict": result.verdict,
        "layers": {layer: asdict(run) for layer, run in result.runs.items()},
    }


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

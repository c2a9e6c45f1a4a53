"""Benchmark of the test layers: wall time of each nox layer, and what its tests cost one by one.

Warm means the images and the nox environments exist; a first, unmeasured run of each layer makes
sure of that. Run from the repository root with nox on the PATH:

    python3 infra/benchmark/suites.py [--runs 3] [--layers unit integration contracts e2e]

It prints Markdown for docs/benchmarks.md (progress goes to standard error): per layer the median,
minimum and maximum wall time of `nox -s <layer>`, then, from the JUnit XML of the last run, the
tests and the seconds per member and the median test, with the tests that wait on the broker
(tagged by the test kit) apart from the others; last, the machine (machine.py, shared with
infrastructure.py).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from machine import machine

ROOT = Path(__file__).resolve().parents[2]
JUNIT = ROOT / ".reports" / "junit"


@dataclass(frozen=True)
class TestCase:
    member: str
    seconds: float
    uses_broker: bool


def run_layer(layer: str) -> float:
    """Wall seconds of one `nox -s <layer>`; its output goes to .reports/benchmark-<layer>.log."""
    log = ROOT / ".reports" / f"benchmark-{layer}.log"
    log.parent.mkdir(exist_ok=True)
    started = time.perf_counter()
    with log.open("w") as output:
        done = subprocess.run(
            ["nox", "-s", layer], cwd=ROOT, stdout=output, stderr=output, check=False
        )
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"nox -s {layer} failed; see {log}")
    return elapsed


def test_cases(layer: str) -> list[TestCase]:
    """The test cases the layer's last run wrote to .reports/junit/<layer>-<member>.xml."""
    cases = []
    for report in sorted(JUNIT.glob(f"{layer}-*.xml")):
        member = report.stem.removeprefix(f"{layer}-")
        for case in ET.parse(report).iter("testcase"):  # noqa: S314 (our own pytest's output)
            properties = {p.get("name"): p.get("value") for p in case.iter("property")}
            cases.append(TestCase(member, float(case.get("time", 0)), "uses_broker" in properties))
    return cases


def milliseconds(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.1f}" if values else "-"


def layer_rows(layer: str, walls: list[float]) -> list[str]:
    cases = test_cases(layer)
    own = [c.seconds for c in cases if not c.uses_broker]
    broker = [c.seconds for c in cases if c.uses_broker]
    return [
        f"| **{layer}** | {len(cases)} | {statistics.median(walls):.1f} "
        f"({min(walls):.1f}-{max(walls):.1f}) | {sum(c.seconds for c in cases):.1f} "
        f"| {milliseconds(own)} | {milliseconds(broker)} |",
        *(
            f"| {layer}: {member} | {len(mine)} | | {sum(c.seconds for c in mine):.2f} "
            f"| {milliseconds([c.seconds for c in mine if not c.uses_broker])} "
            f"| {milliseconds([c.seconds for c in mine if c.uses_broker])} |"
            for member in sorted({c.member for c in cases})
            for mine in [[c for c in cases if c.member == member]]
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--layers", nargs="+", default=["unit", "integration", "contracts", "e2e"])
    args = parser.parse_args()
    load_at_start = os.getloadavg()[0]
    rows = []
    for layer in args.layers:
        print(f"{layer}: warm-up run", file=sys.stderr)
        run_layer(layer)
        walls = []
        for run in range(args.runs):
            walls.append(run_layer(layer))
            print(f"{layer}: run {run + 1}: {walls[-1]:.1f} s", file=sys.stderr)
        rows += layer_rows(layer, walls)
    print(f"Wall times are medians (min-max) of {args.runs} warm runs.\n")
    columns = ("tests", "wall s", "sum of tests s", "median test ms", "median broker-bound test ms")
    print(f"| layer / member | {' | '.join(columns)} |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))
    print("\nMachine:\n", *machine(load_at_start), sep="\n")


if __name__ == "__main__":
    main()

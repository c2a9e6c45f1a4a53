"""docs/benchmarks.md's `fuzz` block from docs/fuzz.json: each service's fuzz suite, as it ran.

Standard library only. `nox -s fuzz` runs this last: it reads each suite's JUnit XML
(.reports/junit/fuzz-<member>.xml), writes docs/fuzz.json with the session's wall time and
the machine, and renders the block with `render`, which `nox -s lint` runs again on the
committed file (evidence.generated) and fails if the page differs.

    python3 infra/benchmark/fuzz_page.py --command "nox -s fuzz" --load-at-start L --wall S \
        users catalog orders payments notifications
"""

import argparse
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def suite(junit: Path) -> dict:
    """One member's suite: its tests, how many failed, and pytest's own time for them."""
    root = ET.parse(junit).getroot()  # noqa: S314 (our own pytest's output)
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    count = {
        key: sum(int(s.get(key, 0)) for s in suites) for key in ("tests", "failures", "errors")
    }
    return {
        "member": junit.stem.removeprefix("fuzz-"),
        **count,
        "seconds": sum(float(s.get("time", 0)) for s in suites),
    }


def render(data: dict) -> str:
    """The command, one row per suite, the wall time of the whole session, the machine."""
    rows = [
        f"| {s['member']} | {s['tests']} | {s['failures'] + s['errors']} | {s['seconds']:.1f} |"
        for s in data["results"]
    ]
    return "\n".join(
        [
            f"Written by `{data['command']}` from its results, [fuzz.json](fuzz.json):"
            f" {len(data['results'])} suites side by side, **{data['wall_seconds']:.1f} s** of"
            " wall time for the session.",
            "",
            "| suite | tests | failed | pytest's time, s |",
            "|---|---:|---:|---:|",
            *rows,
            "",
            "Machine:",
            "",
            *data["machine"],
            "",
        ]
    )


def main(argv: list[str]) -> None:
    from machine import machine
    from publish import publish

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--command", required=True, help="the command that ran the suites")
    parser.add_argument("--load-at-start", type=float, required=True, help="1-min load average")
    parser.add_argument("--wall", type=float, required=True, help="the session's seconds")
    parser.add_argument("members", nargs="+", help="the suites that ran (their JUnit XML)")
    args = parser.parse_args(argv)
    reports = [ROOT / ".reports" / "junit" / f"fuzz-{member}.xml" for member in args.members]
    data = {
        "command": args.command,
        "wall_seconds": round(args.wall, 2),
        "machine": machine(args.load_at_start),
        "results": [suite(report) for report in reports],
    }
    print(f"wrote {publish('fuzz', data)} and its block")


if __name__ == "__main__":
    main(sys.argv[1:])

"""A benchmark's results into docs/: its results file, then its generated block rendered from it.

Standard library only. The block is rendered by `python -m evidence.generated --write NAME`, the
renderer `nox -s lint` checks with, so what a run writes is what the check expects.

    python3 infra/benchmark/publish.py NAME RESULTS.json --command "nox -s NAME" --load-at-start L

The command line form wraps a run's own results (a file it kept in .reports/) with the command
that made them and the machine it ran on: what `nox -s resilience` and `nox -s fuzz` do last.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def publish(name: str, data: object, root: Path = ROOT) -> Path:
    """Write docs/NAME.json and rewrite the block NAME (in whichever page holds it) from it."""
    results = root / "docs" / f"{name}.json"
    results.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    evidence = str(root / "infra" / "evidence" / "src")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, (evidence, os.environ.get("PYTHONPATH")))),
    }
    subprocess.run(
        [sys.executable, "-m", "evidence.generated", "--write", name], cwd=root, env=env, check=True
    )
    return results


def main(argv: list[str]) -> None:
    from machine import machine

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name", help="the generated block (evidence.generated's registry)")
    parser.add_argument("results", type=Path, help="the run's results, JSON")
    parser.add_argument("--command", required=True, help="the command that made them")
    parser.add_argument("--load-at-start", type=float, required=True, help="1-min load average")
    parser.add_argument("--detail", action="append", default=[], help="a machine line more")
    args = parser.parse_args(argv)
    data = {
        "command": args.command,
        "machine": machine(args.load_at_start, [f"- {detail}" for detail in args.detail]),
        "results": json.loads(args.results.read_text()),
    }
    print(f"wrote {publish(args.name, data)} and its block")


if __name__ == "__main__":
    main(sys.argv[1:])

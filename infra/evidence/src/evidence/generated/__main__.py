"""`python -m evidence.generated [--write]`, from the repository's root (`nox -s lint` runs it).

Fails when a generated block of README.md or docs/ (or a file a generator writes) is not what
its generator writes from the committed results; `--write` rewrites them all from the results,
`--write NAME ...` only the named blocks (what a session runs after writing its results file).
"""

import argparse
import sys
from pathlib import Path

from evidence.generated.check import check, write
from evidence.generated.registry import GENERATORS


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m evidence.generated", description=__doc__)
    parser.add_argument(
        "--write",
        nargs="*",
        metavar="NAME",
        help="rewrite the named blocks (every block when none is named) from their results",
    )
    args, root = parser.parse_args(argv), Path.cwd()
    if args.write is not None:
        known = {generator.name for generator in GENERATORS}
        if unknown := set(args.write) - known:
            parser.error(f"no generator named {', '.join(sorted(unknown))}: {sorted(known)}")
        chosen = [g for g in GENERATORS if g.name in args.write or not args.write]
        for changed in write(root, chosen):
            print(f"rewritten: {changed}")
        return 0
    problems = check(root)
    for problem in problems:
        print(f"generated: {problem}", file=sys.stderr)
    if not problems:
        print("generated: every block and file is what its generator writes from its results")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`python -m evidence.generated [--write]`, from the repository's root (`nox -s lint` runs it).

Fails when a generated block of README.md or docs/ (or a file a generator writes) is not what
its generator writes from the committed results; `--write` rewrites them all from the results.
"""

import argparse
import sys
from pathlib import Path

from evidence.generated.check import check, write


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m evidence.generated", description=__doc__)
    parser.add_argument("--write", action="store_true", help="rewrite every block from results")
    args, root = parser.parse_args(argv), Path.cwd()
    if args.write:
        for changed in write(root):
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

"""`python -m evidence.coverage [--nox COMMAND] [--out DIR]`, from the repository's root.

Runs `nox -s unit`, `nox -s integration` and `nox -s contracts` with coverage on (see
`evidence.coverage.measure`), combines their data, writes the HTML report into
.reports/coverage/html, and docs/coverage.json with the generated block of docs/coverage.md
rendered from it (`--out` for another folder); with `--diff-against REF`, diff-cover's report of
the lines changed since REF (.reports/coverage/diff-cover.md). Fails when a layer's session failed.
"""

import argparse
import json
import os
import shlex
import shutil
import sys
from datetime import date
from pathlib import Path

from evidence.coverage import lines, measure
from evidence.coverage.report import render
from evidence.generated import blocks
from evidence.pyramid.running import shell_environment

BLOCK = "coverage"
PAGE = """# Coverage per layer

Which lines of each service module and of the chassis the unit, integration and contract suites
reach: each layer alone, all of them together (the union), and what only one layer reaches.

"""


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nox -s coverage --", description=__doc__.splitlines()[0])
    parser.add_argument("--nox", default="nox", help="how to call nox (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=Path("docs"), help="where the page goes")
    parser.add_argument(
        "--diff-against",
        metavar="REF",
        help="also report the coverage of the lines changed since REF",
    )
    return parser.parse_args(argv)


def read(path: Path) -> dict:
    return json.loads(path.read_text())


def write(out: Path, data: dict) -> None:
    """coverage.json, then the page's block rendered from what was written."""
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=1) + "\n"
    (out / "coverage.json").write_text(text)
    page = out / "coverage.md"
    body = render(json.loads(text))
    if page.exists():
        page.write_text(blocks.update(page.read_text(), BLOCK, body))
    else:
        page.write_text(PAGE + blocks.wrap(BLOCK, body, "· nox -s coverage") + "\n")
    print(f"written: {out / 'coverage.json'} and {page}")


def main(argv: list[str]) -> int:
    args, root = arguments(argv), Path.cwd()
    reports = root / ".reports" / "coverage"
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir(parents=True)
    inside = sys.prefix != sys.base_prefix
    env = shell_environment(os.environ, Path(sys.prefix)) if inside else dict(os.environ)
    nox = shlex.split(args.nox)
    outcomes = {
        layer: measure.run_layer(root, nox, layer, env, reports) for layer in measure.LAYERS
    }
    tools = Path(sys.prefix) / "bin"
    measure.combine(root, reports, str(tools / "coverage"))
    if args.diff_against:
        diff = measure.diff_cover(root, reports, args.diff_against, str(tools / "diff-cover"))
        print(f"the changed lines' coverage: {diff}")
    by_layer = {layer: read(reports / f"{layer}.json") for layer in measure.LAYERS}
    modules = lines.modules(read(reports / "coverage.json"), by_layer)
    command = "nox -s coverage" + (f" -- --out {args.out}" if args.out != Path("docs") else "")
    sessions = [
        f"`nox -s {layer}` {'passed' if ok else 'FAILED'}" for layer, ok in outcomes.items()
    ]
    data = {
        "command": command,
        "date": f"{date.today():%Y-%m-%d}",
        "sessions": sessions,
        "modules": [module.as_data() for module in modules],
    }
    write(args.out, data)
    print(f"HTML report: {reports / 'html' / 'index.html'}")
    failed = [layer for layer, ok in outcomes.items() if not ok]
    for layer in failed:
        print(f"coverage: nox -s {layer} failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

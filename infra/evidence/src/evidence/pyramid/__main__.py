"""`python -m evidence.pyramid [--run] [--nox COMMAND] [--out DIR]`, from the repository's root.

Reads .reports/junit/<layer>-<member>.xml and .reports/durations/<layer>-<member>.jsonl and prints
the pyramid; writes pyramid.json, and pyramid.md and pyramid.svg rendered from it, into --out
(default .reports; `--out docs` for the committed copy). `--run` first
runs `nox -s <layer>` for every layer, timing each. Fails when no test ran at all, when a layer
that ran holds no test, or when a test or a session failed (the report is written all the same).
"""

import argparse
import importlib.util
import json
import os
import shlex
import sys
from datetime import date
from pathlib import Path

from evidence.generated import blocks
from evidence.pyramid import junit, report, reportlog, results, running
from evidence.pyramid.layers import Layer
from evidence.pyramid.render import IMAGE, render
from evidence.pyramid.results import Run

PAGE = "pyramid"  # the generated block that is the whole of pyramid.md


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nox -s pyramid --", description=__doc__.splitlines()[0])
    parser.add_argument("--run", action="store_true", help="run every layer's nox session first")
    parser.add_argument("--nox", default="nox", help="how to call nox (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=Path(".reports"), help="where the files go")
    return parser.parse_args(argv)


def machine(root: Path, load_at_start: float, details: list[str]) -> list[str]:
    """The machine as infra/benchmark/machine.py describes it, so docs/ names it one way."""
    path = root / "infra" / "benchmark" / "machine.py"
    spec = importlib.util.spec_from_file_location("machine", path)
    if not path.exists() or spec is None or spec.loader is None:
        return details
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.machine(load_at_start, details)


def run_layers(root: Path, nox: str) -> None:
    """Every layer's session, timed; run from a shell's environment, not this one's."""
    inside = sys.prefix != sys.base_prefix
    env = running.shell_environment(os.environ, Path(sys.prefix)) if inside else dict(os.environ)
    sessions = running.run(root, shlex.split(nox), junit.LAYERS, env)
    running.save(root / ".reports", sessions)


def layer(name: str, suites: list[junit.Suite], session: running.Session | None) -> Layer:
    """The layer's suites, with its session's wall time if that session wrote them all."""
    failed = session is not None and not session.passed and not suites
    timed = running.timed(session, suites)
    wall, cpu = (timed.seconds, timed.cpu) if timed else (None, None)
    return Layer(name, tuple(suites), wall, cpu, session_failed=failed)


def problems(layers: list[Layer], sessions: list[running.Session]) -> list[str]:
    found = [
        f"{layer.name}: ran, but holds no test" for layer in layers if layer.ran and not layer.tests
    ]
    failing = [layer for layer in layers if layer.failed]
    found += [f"{layer.name}: {layer.failed} tests failed or erred" for layer in failing]
    return found + [f"nox -s {session.layer} failed" for session in sessions if not session.passed]


def provenance(layers: list[Layer], sessions: dict[str, running.Session]) -> list[str]:
    """When the JUnit files were written, and which of them a timed session did not write."""
    stamps = sorted(suite.started for layer in layers for suite in layer.suites if suite.started)
    lines = [f"- JUnit written: {stamps[0]:%Y-%m-%d %H:%M} to {stamps[-1]:%H:%M} UTC"]
    strangers = [
        f"{layer.name}-{suite.member}"
        for layer in layers
        if layer.name in sessions
        for suite in running.strangers(sessions[layer.name], layer.suites)
    ]
    if strangers:
        # Another run wrote them into the shared folder: that layer's wall time is left out.
        lines.append(f"- Not written by the timed sessions: {', '.join(strangers)}")
    if loads := [f"{s.layer} {s.load:.1f}" for s in sessions.values() if s.load is not None]:
        lines.append(f"- Load average (1 min) as each timed session ended: {', '.join(loads)}")
    return lines


def measured(root: Path, sessions: dict[str, running.Session]) -> list[Layer]:
    """Every layer's suites from its JUnit files, each test's times from its report log."""
    reports = root / ".reports"
    try:
        suites = {
            name: [
                reportlog.with_durations(suite, reports / "durations")
                for suite in junit.read(reports / "junit", name)
            ]
            for name in junit.LAYERS
        }
    except junit.ReportError as error:
        sys.exit(f"pyramid: {error}")
    return [layer(name, found, sessions.get(name)) for name, found in suites.items()]


def write(out: Path, run: Run) -> None:
    """pyramid.json, then the page and the picture rendered from what was written."""
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results.dump(run), indent=1) + "\n"
    (out / "pyramid.json").write_text(text)
    page, image = render(json.loads(text))
    (out / "pyramid.md").write_text(blocks.whole(PAGE, page))
    (out / IMAGE).write_text(image)
    print(f"\nwritten: {out / 'pyramid.json'}, {out / 'pyramid.md'} and {out / IMAGE}")


def main(argv: list[str]) -> int:
    args, root, load_at_start = arguments(argv), Path.cwd(), os.getloadavg()[0]
    if args.run:
        run_layers(root, args.nox)
    sessions = running.load(root / ".reports")
    layers = measured(root, sessions)
    if not any(layer.tests for layer in layers):
        sys.exit("pyramid: no tests at all in .reports/junit; run the layers first (-- --run)")
    print(report.terminal(layers))
    details = provenance(layers, sessions)
    print("\n" + "\n".join(details))
    # What the reader would type: the noxfile's own --nox is no part of it.
    options = ["--run"] * args.run + ["--out", str(args.out)] * (args.out != Path(".reports"))
    command = " ".join(["nox -s pyramid", *(["--", *options] if options else [])])
    about = machine(root, load_at_start, details)
    write(args.out, Run(layers, command, f"{date.today():%Y-%m-%d}", about))
    # Only this run's sessions fail it: an earlier run's record describes its own report.
    found = problems(layers, list(sessions.values()) if args.run else [])
    for problem in found:
        print(f"pyramid: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

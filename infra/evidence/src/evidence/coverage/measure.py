"""Run each layer with coverage on, then combine the data and write the JSON and HTML reports.

Each pytest process gets pytest-cov through PYTEST_ADDOPTS (the sessions pass it on) and this
layer's configuration: the static context is the layer's name, and the data file lies in the
process's own environment (${VIRTUAL_ENV}), because the suites of a layer run side by side and
pytest-cov combines every data file it finds beside its own when it finishes.
"""

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

LAYERS = ("unit", "integration", "contracts")
MEASURED = ("users", "catalog", "orders", "payments", "notifications", "chassis")
DATA = ".coverage-layer"  # the data file's name in each environment, suffixed per process


def configuration(layer: str) -> str:
    """A coverage.py configuration for one layer's runs."""
    return "\n".join(
        [
            "[run]",
            "source_pkgs =",  # one per line: coverage.py splits a multi-string option by lines
            *(f"    {package}" for package in MEASURED),
            f"context = {layer}",
            f"data_file = ${{VIRTUAL_ENV}}/{DATA}",
            # A suite imports its own member alone: the others' packages are not imported there.
            "disable_warnings = module-not-imported, no-data-collected",
            "",
        ]
    )


def environment(base: Mapping[str, str], rcfile: Path) -> dict[str, str]:
    """The layer session's environment: pytest-cov on, reporting nothing, appending its data."""
    options = f"--cov --cov-config={rcfile} --cov-report= --cov-append"
    addopts = " ".join(filter(None, (base.get("PYTEST_ADDOPTS", ""), options)))
    return {**base, "PYTEST_ADDOPTS": addopts}


def gather(environments: Path, into: Path, layer: str) -> list[Path]:
    """Move the layer's data files out of the environments, each named after its environment."""
    into.mkdir(parents=True, exist_ok=True)
    moved = []
    for found in sorted(environments.glob(f"*/{DATA}*")):
        target = into / f".coverage.{layer}.{found.parent.name}{found.name.removeprefix(DATA)}"
        found.rename(target)
        moved.append(target)
    return moved


def run_layer(
    root: Path, nox: Sequence[str], layer: str, env: Mapping[str, str], reports: Path
) -> bool:
    """`nox -s <layer>` with coverage on; whether it passed. Its data goes to `reports`/data."""
    rcfile = reports / f"{layer}.coveragerc"
    rcfile.write_text(configuration(layer))
    gather(root / ".nox", reports / "stale", layer)  # an interrupted run's leftovers
    done = subprocess.run(  # noqa: S603 (our own nox)
        [*nox, "-s", layer], cwd=root, env=environment(env, rcfile), check=False
    )
    gather(root / ".nox", reports / "data", layer)
    return done.returncode == 0


def combine(root: Path, reports: Path, coverage: str = "coverage") -> Path:
    """Combine every layer's data; write the HTML report, the JSON reports the page is made from
    (all layers, and each alone: <layer>.json) and the XML diff-cover reads; their folder."""
    rcfile = reports / "report.coveragerc"
    rcfile.write_text(
        "[run]\n"
        f"data_file = {reports / '.coverage'}\n"
        "[html]\nshow_contexts = true\n"
        f"directory = {reports / 'html'}\n"
        ""
    )
    env = {**os.environ, "COVERAGE_RCFILE": str(rcfile)}
    data = sorted(map(str, (reports / "data").glob(".coverage.*")))
    for command in (
        [coverage, "combine", "--keep", *data],
        [coverage, "html"],
        [coverage, "json", "-o", str(reports / "coverage.json")],
        # Per layer, coverage.py's own reading of the lines run under its context: a traced
        # line is mapped to its statement (a decorator, a continuation line), as in any report.
        *(
            [coverage, "json", f"--contexts=^{layer}$", "-o", str(reports / f"{layer}.json")]
            for layer in LAYERS
        ),
        [coverage, "xml", "-o", str(reports / "coverage.xml")],  # Cobertura, for diff-cover
    ):
        subprocess.run(command, cwd=root, env=env, check=True)  # noqa: S603
    return reports


def diff_cover(root: Path, reports: Path, base: str, tool: str = "diff-cover") -> Path:
    """The coverage of the lines changed since `base` (diff-cover), as Markdown; it reports,
    it does not judge: a pull request's reviewers read it beside the per-layer page."""
    out = reports / "diff-cover.md"
    command = [tool, str(reports / "coverage.xml"), f"--compare-branch={base}"]
    subprocess.run([*command, f"--format=markdown:{out}"], cwd=root, check=True)  # noqa: S603
    return out

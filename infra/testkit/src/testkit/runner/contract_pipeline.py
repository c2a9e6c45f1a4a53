"""`python -m testkit contracts [--update]`: consumers write pacts, providers verify, drift fails.

1. The consumers (members with tests/contract/test_*_consumer.py) write their pacts, gathered
   into $PACT_DIR, emptied first (default .reports/pacts).
2. The providers (members with tests/contract/test_provider.py) verify the pacts, saving the
   verifier's results in $PACT_REPORT_DIR (default .reports/contracts). Every provider runs
   even when one fails: the matrix shows them all.
3. `contract_check` prints the matrix and fails on an interaction not verified, or on a fresh
   pact that differs from contracts/ (`--update` copies it in instead).

Steps 1 and 2 run at once, one process per member: the providers verify the committed pacts,
and step 3 fails unless the consumers wrote exactly those, byte for byte, so a run that passes
has verified what the consumers wrote. Only `--update` (the committed pacts are about to change)
runs the consumers first and the providers on their fresh pacts, as two waves of processes.

Each member runs in an environment of its own synced from uv.lock with its `contract` group, so
an import leaked from another member fails. A run is mostly Python importing FastAPI, SQLAlchemy
and Pact, CPU-bound: one process per member, not per role, and no wave waiting for another.
"""

import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

from testkit.pact.contracts import report_directory
from testkit.runner.contract_check import check
from testkit.runner.contract_runs import Pipeline, failed, plan
from testkit.workspace import members, workspace_root


def fresh_folders(root: Path, environ: Mapping[str, str]) -> tuple[Path, Path]:
    """$PACT_DIR and $PACT_REPORT_DIR (or their defaults), emptied; never contracts/ itself."""
    pacts = Path(environ.get("PACT_DIR") or root / ".reports" / "pacts").resolve()
    reports = report_directory(root, environ).resolve()
    committed = (root / "contracts").resolve()
    if committed in (pacts, reports):
        raise ValueError(f"{committed} holds the committed pacts: it is never emptied for a run")
    for folder in (pacts, reports):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    return pacts, reports


def run(root: Path, environments: Path, environ: Mapping[str, str], *, update: bool) -> int:
    """The whole pipeline (module docstring); 0 when every step passed."""
    consumers, providers = plan(members(root))
    pacts, reports = fresh_folders(root, environ)
    for stale in (root / ".reports" / "junit").glob("contracts-*.xml"):
        stale.unlink()  # a member's runs are named by what ran together: only this run's count
    pipeline = Pipeline(root, environments, pacts, reports, environ)
    # Each environment synced once, before its runs: a consumer and a provider may share it.
    found = {run.member.name: run.member for run in [*consumers, *providers]}
    syncs = [pipeline.sync(member) for member in found.values()]
    if broken := failed(pipeline.side_by_side(syncs, quiet=True)):
        print(f"could not sync: {', '.join(broken)}")
        return 1
    together = pipeline.in_turn if update else pipeline.at_once
    outcomes = together(consumers, providers)
    passed = check(pacts, reports, root / "contracts", update_committed=update)
    if broken := failed(outcomes):
        print(f"failed: {', '.join(broken)}")
    return 0 if passed and not broken else 1


def main(argv: list[str], root: Path | None = None, environ: Mapping[str, str] = os.environ) -> int:
    """The command line: the workspace is the one `root` or the working directory is in."""
    unknown = [arg for arg in argv if arg != "--update"]
    if unknown:
        print(f"usage: python -m testkit contracts [--update] (not {unknown})", file=sys.stderr)
        return 2
    root = workspace_root(root or Path.cwd())
    # Next to nox's own environments (.nox/contracts-<member>): every run reuses them.
    return run(root, root / ".nox", dict(environ), update="--update" in argv)

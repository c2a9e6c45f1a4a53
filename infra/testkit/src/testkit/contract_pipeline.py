"""`python -m testkit contracts [--update]`: consumers write pacts, providers verify, drift fails.

1. The consumers (members with tests/contract/test_*_consumer.py) run side by side, writing their
   pacts into $PACT_DIR, emptied first (default .reports/pacts).
2. The providers (members with tests/contract/test_provider.py) verify those fresh pacts, side by
   side too, saving the verifier's results in $PACT_REPORT_DIR (default .reports/contracts).
   Every provider runs even when one fails: the matrix shows them all.
3. `contract_check` prints the matrix and fails on an interaction not verified, or on a fresh
   pact that differs from contracts/ (`--update` copies it in instead).

Each member runs in an environment of its own synced from uv.lock with its `contract` group, so
an import leaked from another member fails. Each run is mostly Python importing FastAPI,
SQLAlchemy and Pact, CPU-bound: on two cores, side by side takes about half the time.
"""

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from testkit.contract_check import check
from testkit.contracts import report_directory
from testkit.workspace import Member, members, workspace_root


@dataclass(frozen=True)
class Run:
    """One pytest process: a member's consumer tests, or its provider verification."""

    member: Member
    tests: tuple[Path, ...]
    provider: bool = False

    @property
    def label(self) -> str:
        """What names its JUnit file, e.g. ``orders`` or ``orders-provider``."""
        return f"{self.member.name}-provider" if self.provider else self.member.name

    def __str__(self) -> str:
        role = "provider verification" if self.provider else "consumer tests"
        return f"{role} of {self.member.name}"


def plan(found: Sequence[Member]) -> tuple[list[Run], list[Run]]:
    """The consumer runs and the provider runs, from the test files the members hold."""
    consumers = [Run(m, tuple(m.consumer_tests)) for m in found if m.consumer_tests]
    providers = [Run(m, (m.provider_test,), provider=True) for m in found if m.provider_test]
    return consumers, providers


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


@dataclass(frozen=True)
class Pipeline:
    root: Path
    environments: Path  # one per member: <environments>/contracts-<member>
    env: dict[str, str]  # what every command gets: PACT_DIR and PACT_REPORT_DIR among it

    def environment(self, run: Run) -> Path:
        """The member's environment, shared by its consumer and provider runs."""
        return self.environments / f"contracts-{run.member.name}"

    def commands(self, run: Run) -> list[list[str]]:
        """Sync the member's environment from uv.lock, then pytest on the run's tests."""
        location = self.environment(run)
        sync = ["uv", "sync", "--locked", "--no-default-groups", "--package", run.member.name]
        junit = self.root / ".reports" / "junit" / f"contracts-{run.label}.xml"
        folder = run.member.folder
        # Paths, not a working directory: the runs share this process's.
        pytest = [
            f"{location}/bin/pytest",
            *("-c", str(folder / "pyproject.toml"), "--rootdir", str(folder)),
            *map(str, run.tests),
            f"--junitxml={junit}",
        ]
        return [[*sync, "--group", "contract"], pytest]

    def execute(self, run: Run, output: threading.Lock) -> bool:
        """Run it with its output kept, shown only if it fails; True when it passed."""
        location = str(self.environment(run))
        env = {**self.env, "UV_PROJECT_ENVIRONMENT": location, "VIRTUAL_ENV": location}
        started, log = time.monotonic(), ""
        for command in self.commands(run):
            done = subprocess.run(command, cwd=self.root, env=env, capture_output=True, text=True)  # noqa: S603
            log += f"$ {' '.join(command)}\n{done.stdout}{done.stderr}"
            if done.returncode:
                break
        verdict = "failed" if done.returncode else "passed"
        with output:
            if done.returncode:
                print(log, flush=True)
            print(f"{run}: {verdict} in {time.monotonic() - started:.1f} s", flush=True)
        return not done.returncode

    def side_by_side(self, runs: list[Run]) -> list[str]:
        """Run them all at once; the members whose run failed."""
        output = threading.Lock()
        with ThreadPoolExecutor(max_workers=max(len(runs), 1)) as pool:
            passed = list(pool.map(lambda run: self.execute(run, output), runs))
        return [run.member.name for run, ok in zip(runs, passed, strict=True) if not ok]


def run(root: Path, environments: Path, environ: dict[str, str], *, update: bool) -> int:
    """The whole pipeline (module docstring); 0 when every step passed."""
    consumers, providers = plan(members(root))
    pacts, reports = fresh_folders(root, environ)
    env = {**environ, "PACT_DIR": str(pacts), "PACT_REPORT_DIR": str(reports)}
    pipeline = Pipeline(root, environments, env)
    if failed := pipeline.side_by_side(consumers):
        print(f"consumer tests failed: {', '.join(failed)}")
        return 1
    failed = pipeline.side_by_side(providers)
    passed = check(pacts, reports, root / "contracts", update_committed=update)
    if failed:
        print(f"provider verification failed: {', '.join(failed)}")
    return 0 if passed and not failed else 1


def main(argv: list[str]) -> int:
    unknown = [arg for arg in argv if arg != "--update"]
    if unknown:
        print(f"usage: python -m testkit contracts [--update] (not {unknown})", file=sys.stderr)
        return 2
    root = workspace_root(Path.cwd())
    # Next to nox's own environments (.nox/contracts-<member>): every run reuses them.
    return run(root, root / ".nox", dict(os.environ), update="--update" in argv)

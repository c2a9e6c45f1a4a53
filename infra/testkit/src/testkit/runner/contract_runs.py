"""How the contract pipeline runs the members' tests: which processes, and on which pacts.

See `testkit.runner.contract_pipeline` for the steps and why the providers may verify the committed
pacts while the consumers write theirs.
"""

import json
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from testkit.runner.side_by_side import Job, Outcome, side_by_side, uv_sync
from testkit.servers.shared_servers import SERVERS_FILE
from testkit.workspace import Member


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


@dataclass(frozen=True)
class Pipeline:
    root: Path
    environments: Path  # one per member: <environments>/contracts-<member>
    pacts: Path  # the fresh pacts, what the consumers wrote
    reports: Path  # where the providers save their results
    environ: Mapping[str, str]  # what every command gets

    def environment(self, member: Member) -> Path:
        """The member's environment, shared by its consumer and provider runs."""
        return self.environments / f"contracts-{member.name}"

    def side_by_side(self, jobs: list[Job], *, quiet: bool = False) -> list[Outcome]:
        return side_by_side(jobs, self.environ, quiet=quiet)

    def sync(self, member: Member) -> Job:
        """Sync the member's environment from uv.lock, with its `contract` group."""
        command = uv_sync(member.name, "contract")
        return Job(f"sync of {member.name}", self.environment(member), self.root, (command,))

    def job(self, runs: Sequence[Run], pact_dir: Path, label: str) -> Job:
        """One pytest process on the runs' tests (one member's), with `pact_dir` as $PACT_DIR."""
        member = runs[0].member
        junit = self.root / ".reports" / "junit" / f"contracts-{label}.xml"
        durations = self.root / ".reports" / "durations" / f"contracts-{label}.jsonl"
        pytest = (
            str(self.environment(member) / "bin" / "pytest"),
            *("-c", str(member.folder / "pyproject.toml"), "--rootdir", str(member.folder)),
            f"--report-log={durations}",  # each test's times to the microsecond (the pyramid)
            *(str(test) for run in runs for test in run.tests),
            f"--junitxml={junit}",
        )
        # Postgres may still be starting: testkit.servers.late_servers
        if SERVERS_FILE in self.environ:
            pytest += ("-p", "testkit.servers.late_servers")
        env = {"PACT_DIR": str(pact_dir), "PACT_REPORT_DIR": str(self.reports)}
        name = " and ".join(map(str, runs))
        return Job(name, self.environment(member), self.root, (pytest,), env, junit)

    def in_turn(self, consumers: list[Run], providers: list[Run]) -> list[Outcome]:
        """The consumers side by side, then the providers on the pacts they wrote (`--update`)."""
        outcomes = self.side_by_side([self.job([run], self.pacts, run.label) for run in consumers])
        if failed(outcomes):
            return outcomes
        jobs = [self.job([run], self.pacts, run.label) for run in providers]
        return outcomes + self.side_by_side(jobs)

    def at_once(self, consumers: list[Run], providers: list[Run]) -> list[Outcome]:
        """One process per member, all at once; each in a folder of pacts of its own.

        The folder starts with the committed pacts, except those the member writes itself as a
        consumer (so none of its own can survive unwritten): its provider verifies them, its
        consumers add theirs. Then what the consumers wrote is gathered into the fresh pacts.
        """
        by_member: dict[str, list[Run]] = {}
        for run in [*consumers, *providers]:
            by_member.setdefault(run.member.name, []).append(run)
        folders = {name: self.pacts / "by-member" / name for name in by_member}
        for name, folder in folders.items():
            folder.mkdir(parents=True)
            for pact in (self.root / "contracts").glob("*.json"):
                if json.loads(pact.read_bytes())["consumer"]["name"] != name:
                    shutil.copy2(pact, folder)
        copied = {p: p.stat().st_mtime_ns for f in folders.values() for p in f.glob("*.json")}
        jobs = [self.job(runs, folders[name], name) for name, runs in by_member.items()]
        outcomes = self.side_by_side(jobs)
        for folder in folders.values():
            for pact in folder.glob("*.json"):
                if copied.get(pact) != pact.stat().st_mtime_ns:  # written by this run
                    shutil.copy2(pact, self.pacts / pact.name)
        return outcomes


def failed(outcomes: Sequence[Outcome]) -> list[str]:
    """The names of the jobs that failed."""
    return [outcome.job.name for outcome in outcomes if not outcome.passed]

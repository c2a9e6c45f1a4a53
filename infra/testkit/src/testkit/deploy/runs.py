"""A member's own contract tests at a commit: its consumer tests write its pacts, its provider
test verifies pacts written at other commits.

Each run is a job of the contract pipeline's kind (`testkit.runner.side_by_side`): `uv sync
--locked` of the member with its `contract` group from the commit's own uv.lock, into an environment
kept for that commit and member, then pytest on the member's tests in the commit's worktree, with
$PACT_DIR (and $PACT_REPORT_DIR) where can-i-deploy reads them. Nothing is verified here that the
member's own tests do not verify, in the way they verify it at that commit.
"""

import shutil
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from testkit.deploy.matrix import Pact, Version
from testkit.deploy.states import IN_RUNS, STATES_PLUGIN
from testkit.runner.side_by_side import Job, Outcome, uv_sync
from testkit.workspace import Member, members


@dataclass(frozen=True)
class Store:
    """Where can-i-deploy keeps what it made, for every later question: by commit."""

    folder: Path

    @property
    def trees(self) -> Path:
        return self.folder / "trees"

    @property
    def verdicts(self) -> Path:
        return self.folder / "verdicts"

    def environment(self, version: Version) -> Path:
        return self.folder / "environments" / version.commit / version.member

    def pacts(self, version: Version) -> Path:
        """The pacts `version`'s consumer tests wrote, once they passed."""
        return self.folder / "pacts" / version.commit / version.member

    def scratch(self) -> Path:
        """A folder of its own for one run's pacts and reports."""
        folder = self.folder / "runs" / uuid.uuid4().hex
        folder.mkdir(parents=True)
        return folder


def member_at(tree: Path, name: str) -> Member | None:
    """The workspace member `name` in the checkout `tree`, if it has one."""
    return next((member for member in members(tree) if member.name == name), None)


def owner(provider: str, names: set[str]) -> str | None:
    """The member that serves a pacticipant: itself, or `<member>-events` for its events."""
    for name in (provider, provider.removesuffix("-events")):
        if name in names:
            return name
    return None


def job(
    store: Store,
    tree: Path,
    version: Version,
    tests: list[Path],
    env: dict[str, str],
    plugins: tuple[str, ...] = (),
) -> Job:
    """Sync the member's environment at its commit, then run `tests` with `env` (and `plugins`)."""
    member = member_at(tree, version.member)
    assert member is not None, f"{version} is not a member"
    environment = store.environment(version)
    pytest = (
        str(environment / "bin" / "pytest"),
        *("-c", str(member.folder / "pyproject.toml"), "--rootdir", str(member.folder)),
        *("-p", "no:cacheprovider"),  # nothing written into the worktree
        *(option for plugin in plugins for option in ("-p", plugin)),
        *map(str, tests),
    )
    return Job(str(version), environment, tree, (uv_sync(member.name, "contract"), pytest), env)


def consumer_job(store: Store, tree: Path, version: Version) -> tuple[Job, Path] | None:
    """The run of the member's consumer tests and where it writes; None if it has none."""
    member = member_at(tree, version.member)
    if member is None or not member.consumer_tests:
        return None
    written = store.scratch() / "pacts"
    env = {"PACT_DIR": str(written)}
    return job(store, tree, version, member.consumer_tests, env), written


def keep_pacts(store: Store, version: Version, written: Path | None) -> list[Pact]:
    """Keep what a consumer run wrote (nothing, for a member with no consumer tests)."""
    kept = store.pacts(version)
    kept.mkdir(parents=True, exist_ok=True)
    for path in sorted(written.glob("*.json")) if written else []:
        shutil.copy2(path, kept / path.name)
    (kept / ".complete").touch()  # the consumer run passed: these are all its pacts
    return kept_pacts(store, version) or []


def kept_pacts(store: Store, version: Version) -> list[Pact] | None:
    """The pacts kept for `version`, or None if its consumer tests have not passed yet."""
    kept = store.pacts(version)
    if not (kept / ".complete").exists():
        return None
    return [Pact.read(path) for path in sorted(kept.glob("*.json"))]


@dataclass(frozen=True)
class ProviderRun:
    """Where a provider run reports: the verifier's results, and the state changes that failed."""

    reports: Path  # $PACT_REPORT_DIR: <provider>.json, the verifier's results
    states: Path  # $CAN_I_DEPLOY_STATES: one JSON line per failed state change


def provider_job(
    store: Store, tree: Path, version: Version, pacts: list[Pact]
) -> tuple[Job, ProviderRun] | None:
    """The run of the member's provider test on `pacts`, and its reports; None if it has none."""
    member = member_at(tree, version.member)
    if member is None or member.provider_test is None:
        return None
    scratch = store.scratch()
    (scratch / "pacts").mkdir()
    for pact in pacts:
        shutil.copy2(pact.path, scratch / "pacts" / pact.path.name)
    run = ProviderRun(scratch / "reports", scratch / "states.jsonl")
    env = {
        "PACT_DIR": str(scratch / "pacts"),
        "PACT_REPORT_DIR": str(run.reports),
        "CAN_I_DEPLOY_STATES": str(run.states),
        "PYTHONPATH": str(IN_RUNS),  # the plugin, and nothing the commit itself would import
    }
    tests = [member.provider_test]
    return job(store, tree, version, tests, env, plugins=(STATES_PLUGIN,)), run


def failure(outcome: Outcome, scratch: Path) -> str:
    """One line for a run that failed: pytest's first error, else its last line; and its log.

    The whole output is kept in the run's scratch folder rather than printed: a provider test
    of a pacticipant with no pact to verify fails too, and would bury the matrix.
    """
    log = scratch / "output.log"
    log.write_text(outcome.log)
    lines = [line.strip() for line in outcome.log.splitlines() if line.strip()]
    # A provider test of a pacticipant given no pacts fails ("no pacts for ..."): not the cause.
    errors = [
        line.removeprefix("E").strip()
        for line in lines
        if line.startswith("E ") and "no pacts for" not in line
    ]
    return f"{(errors or lines[-1:] or ['no output'])[0]} (output: {log})"


def environ_for_runs(environ: Mapping[str, str]) -> dict[str, str]:
    """What every run gets: the caller's environment, Pact kept from phoning home."""
    return {**environ, "PACT_DO_NOT_TRACK": "true"}

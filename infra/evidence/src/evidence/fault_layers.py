"""Running one layer's nox sessions in the copy, timed, up to the first failure, strictly judged.

Unit, mocked and integration sessions get `-x` (pytest stops at its first failure) and nox stops
at the first session that fails; the contract layer is the one `contracts` session (the kit's
pipeline of every pact), run with `--update` so that the providers verify what the consumers
just wrote. Each run's output goes to a log file; the failing tests, and the phase each failed
in, are read from the JUnit XML every session writes into the copy's .reports/junit/.

Each failing test is judged (`evidence.fault_judge`): one that crashed a fake or failed in a
fixture, or that `confirm` (run alone, with the fault and without) does not uphold, is set
aside with its reason and deselected, and the layer runs again, so that a real catch behind it
still counts. A tool's failure, pytest exiting otherwise than "some tests failed", or only
set-aside failures make the layer *broken*.
"""

import re
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from evidence.fault_judge import Doubles, disqualified, status_problem
from evidence.fault_junit import COLLECTION, Case, read
from evidence.fault_links import resolve
from evidence.fault_matrix import BROKEN, CAUGHT, MISSED, LayerRun, TestRef
from evidence.fault_outcomes import FAILED_SESSION, PACT_DRIFT, execute, ran_sessions

# Whether a failure, run alone, is the fault's: "" when it is, else why not.
Confirm = Callable[[Case, TestRef], str]
ATTEMPTS = 3  # runs of a layer, each without the failures set aside by the ones before
COMMAND_FAILED = re.compile(r"^nox > Command (\S+).* failed with exit code (\d+)", re.MULTILINE)


def tool_problem(output: str) -> str:
    """A command of the sessions that failed otherwise than "pytest ran and tests failed"."""
    for program, code in COMMAND_FAILED.findall(output):
        if Path(program).name != "pytest":
            return f"`{program}` failed with exit code {code}"
        if problem := status_problem(int(code), 0):
            return problem
    return ""


def written_since(reports: Path, since: float) -> list[Case]:
    """The failing cases of the JUnit files written since `since` (a time.time()), in order."""
    written = [p for p in reports.glob("*.xml") if p.stat().st_mtime >= since]
    return [
        case
        for path in sorted(written, key=lambda p: p.stat().st_mtime)
        for case in read(path)
        if case.phase
    ]


def member_of(report: str) -> str:
    """The member a JUnit report is of: unit-orders, contracts-users-provider -> orders, users."""
    return report.split("-", 1)[1].removesuffix("-provider")


class NoxLayer:
    """Runs sessions of the copy's noxfile with the given nox (`python -m nox`)."""

    def __init__(
        self,
        copy: Path,
        nox: Sequence[str],
        env: Mapping[str, str],
        logs: Path,
        folders: Mapping[str, str],
    ) -> None:
        self.copy, self.nox, self.env, self.logs = copy, list(nox), env, logs
        self.folders = folders  # member -> its folder in the copy, for a test run alone
        self._doubles: dict[str, Doubles] = {}

    def run(
        self,
        label: str,
        sessions: Sequence[str],
        *,
        timeout: float,
        confirm: Confirm | None,
        options: Sequence[str] = ("-x",),
        deselects: bool = True,
    ) -> LayerRun:
        """The layer's outcome; `confirm` None only runs it (the baseline: green or broken)."""
        reports, log = self.copy / ".reports" / "junit", self.logs / f"{label}.log"
        set_aside: list[str] = []
        deselected: list[str] = []
        seconds, ran = 0.0, ()
        for _ in range(ATTEMPTS if deselects else 1):
            started = time.time()
            command = [*self.nox, "--nocolor", "--stop-on-first-error", "--sessions", *sessions]
            posargs = [*options, *(a for nodeid in deselected for a in ("--deselect", nodeid))]
            if posargs:
                command += ["--", *posargs]
            status, output, seconds = execute(
                command, cwd=self.copy, env=self.env, log=log, timeout=timeout
            )
            ran = ran_sessions(output, sessions)
            aside = tuple(set_aside)
            if status is None:
                return LayerRun(BROKEN, seconds, ran, reason=f"stopped after {timeout:.0f} s")
            failing = written_since(reports, started)
            if status == 0 and not failing:
                if set_aside:
                    reason = f"only failures that do not count: {set_aside[0]}"
                    return LayerRun(BROKEN, seconds, ran, set_aside=aside, reason=reason)
                return LayerRun(MISSED, seconds, ran)
            if problem := tool_problem(output) or collection_error(failing):
                return LayerRun(BROKEN, seconds, ran, set_aside=aside, reason=problem)
            if not failing:
                return LayerRun(BROKEN, seconds, ran, reason=failed_before_tests(output, log))
            if confirm is None:
                first = failing[0]
                return LayerRun(BROKEN, seconds, ran, first.where, first.message, reason="red")
            for case in failing:
                ref = self.reference(case)
                reason = disqualified(case, self.doubles(case)) or confirm(case, ref)
                if not reason:
                    return LayerRun(
                        CAUGHT, seconds, ran, case.where, case.message, tuple(set_aside), "", ref
                    )
                set_aside.append(f"{case.where}: {reason}")
                deselected.append(ref.nodeid)
        reason = f"only failures that do not count: {set_aside[0]}" if set_aside else "no verdict"
        return LayerRun(BROKEN, seconds, ran, set_aside=tuple(set_aside), reason=reason)

    def doubles(self, case: Case) -> Doubles:
        member = member_of(case.report)
        if member not in self._doubles:
            self._doubles[member] = Doubles(self.copy / self.folders[member])
        return self._doubles[member]

    def reference(self, case: Case) -> TestRef:
        """The failing test's node id, environment and where a reader finds it."""
        member = member_of(case.report)
        folder = self.folders[member]
        layer = case.report.split("-", 1)[0]
        env = f"contracts-{member}" if layer == "contracts" else case.report
        provider = case.report.endswith("-provider")
        return resolve(self.copy, env, folder, nodeid(self.copy / folder, case), provider=provider)


def nodeid(folder: Path, case: Case) -> str:
    """A case's pytest node id, relative to its member's folder."""
    parts = case.classname.split(".")
    for split in range(len(parts), 0, -1):
        module = "/".join(parts[:split]) + ".py"
        if (folder / module).is_file():
            return "::".join([module, *parts[split:], case.name])
    return "::".join(["/".join(parts) + ".py", case.name])


def collection_error(failing: Sequence[Case]) -> str:
    errors = [case for case in failing if case.phase == COLLECTION]
    return f"collection error in {errors[0].name}: {errors[0].message}" if errors else ""


def failed_before_tests(output: str, log: Path) -> str:
    """Why a layer failed with no failing test: the pacts' drift, or the session that failed."""
    if drift := PACT_DRIFT.search(output):
        return f"the fresh pacts differ from contracts/ ({drift[1]}), and no test failed"
    session = FAILED_SESSION.search(output)
    return f"{session[1] if session else 'nox'} failed before any test (see {log.name})"

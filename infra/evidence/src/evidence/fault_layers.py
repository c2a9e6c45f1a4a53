"""Running one layer's nox sessions in the copy, timed, up to the first failure.

Unit and integration sessions get `-x` (pytest stops at its first failure) and nox stops at the
first session that fails; the contract layer is the one `contracts` session (the kit's pipeline
of every pact). Each run's output goes to a log file; what failed first is read from the JUnit
XML that every session writes into the copy's .reports/junit/.

A failure is the fault's only if it is: the failing test is run again alone, with the fault and
without it (`Confirm`). A test that fails without the fault too (a timing test on a busy
machine, say) is set aside with `--deselect` and the layer runs again.
"""

import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from evidence.fault_matrix import BROKEN, CAUGHT, HUNG, MISSED, LayerRun
from evidence.fault_outcomes import Failure, evidence, execute, ran_sessions

# Whether a failure is the fault's: True, False (it fails without the fault too), or None
# when the test cannot be run alone.
Confirm = Callable[[Failure], bool | None]
ATTEMPTS = 3  # runs of a layer, each without the tests found failing without the fault


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

    def run(
        self, label: str, sessions: Sequence[str], *, timeout: float, confirm: Confirm | None
    ) -> LayerRun:
        """The layer's outcome; `confirm` None runs it once, as it is (the contract pipeline)."""
        reports, log = self.copy / ".reports" / "junit", self.logs / f"{label}.log"
        set_aside: list[Failure] = []
        for _ in range(ATTEMPTS):
            started = time.time()
            command = [*self.nox, "--nocolor", "--stop-on-first-error", "--sessions", *sessions]
            if confirm is not None:
                deselect = [arg for f in set_aside for arg in ("--deselect", self.nodeid(f))]
                command += ["--", "-x", *deselect]
            status, output, seconds = execute(
                command, cwd=self.copy, env=self.env, log=log, timeout=timeout
            )
            ran, flaky = ran_sessions(output, sessions), tuple(f.where for f in set_aside)
            if status is None:
                return LayerRun(HUNG, seconds, ran, f"stopped after {timeout:.0f} s", flaky=flaky)
            if status == 0:
                return LayerRun(MISSED, seconds, ran, flaky=flaky)
            failure = evidence(output, reports, started, log)
            if confirm is None or not failure.classname or confirm(failure) is not False:
                return LayerRun(CAUGHT, seconds, ran, failure.where, failure.message, flaky)
            set_aside.append(failure)
        return LayerRun(
            BROKEN, seconds, ran, f"{ATTEMPTS} runs failed without the fault", flaky=flaky
        )

    def nodeid(self, failure: Failure) -> str:
        """The failing test's pytest node id, relative to its member's folder."""
        folder = self.copy / self.folders[failure.report.split("-", 1)[1]]
        parts = failure.classname.split(".")
        for split in range(len(parts), 0, -1):
            module = "/".join(parts[:split]) + ".py"
            if (folder / module).is_file():
                return "::".join([module, *parts[split:], failure.name])
        raise LookupError(f"no test file for {failure.classname}")

    def alone(self, failure: Failure) -> int | None:
        """Run the failing test alone in its session's environment; its exit status."""
        member = failure.report.split("-", 1)[1]
        pytest = self.copy / ".nox" / failure.report / "bin" / "pytest"
        try:
            nodeid = self.nodeid(failure)
        except (LookupError, KeyError):
            return None
        command = [str(pytest), nodeid, "-q", "-p", "no:cacheprovider"]
        status, _, _ = execute(
            command,
            cwd=self.copy / self.folders[member],
            env=self.env,
            log=self.logs / "alone.log",
            timeout=300,
        )
        return status

"""Several test runs at once, each in a member's own environment, output shown when one fails.

A run is mostly a Python process starting and importing (FastAPI, SQLAlchemy, Pact) and waiting
on servers, so on two cores the members' suites side by side take far less wall time than one
after the other. Each run's output is kept and printed whole if it fails, never interleaved.

Standard library only: nox's own process runs this (`testkit.nox_support`), and so does the
contract pipeline.
"""

import os
import subprocess
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path


def uv_sync(package: str | tuple[str, ...] | None, *groups: str) -> tuple[str, ...]:
    """Sync an environment to uv.lock exactly: `package` (or several, or the workspace root)
    and `groups` (each package's group of that name)."""
    command = ["uv", "sync", "--locked", "--no-default-groups"]
    packages = (package,) if isinstance(package, str) else package or ()
    command += [option for name in packages for option in ("--package", name)]
    command += [] if packages else ["--no-install-project"]
    for group in groups:
        command += ["--group", group]
    return tuple(command)


@dataclass(frozen=True)
class Job:
    """One run: its commands in turn, in `environment`, from `folder`; it stops at a failure."""

    name: str  # what the log calls it, e.g. "integration(orders)"
    environment: Path  # the virtual environment its commands use (uv's and pytest's)
    folder: Path
    commands: tuple[tuple[str, ...], ...]
    env: Mapping[str, str] = field(default_factory=dict)  # its own variables, e.g. PACT_DIR
    junit: Path | None = None  # the JUnit XML its pytest writes

    def expected_seconds(self) -> float:
        """The test time its last JUnit XML recorded (0 if none): to start the long ones first."""
        try:
            suites = ET.parse(self.junit).iter("testsuite")  # noqa: S314 (our own pytest's output)
            return sum(float(suite.get("time", 0)) for suite in suites)
        except (OSError, TypeError, ET.ParseError):
            return 0.0


@dataclass(frozen=True)
class Outcome:
    job: Job
    passed: bool
    steps: tuple[float, ...]  # seconds of each command that ran
    log: str

    @property
    def seconds(self) -> float:
        return sum(self.steps)

    @property
    def summary(self) -> str:
        """e.g. ``integration(orders): passed in 6.1 s (uv 0.2 s, pytest 5.9 s: 53 passed ...)``."""
        # The commands that ran, by program: a job stops at the first that fails.
        ran = zip(self.job.commands, self.steps, strict=False)
        steps = ", ".join(f"{Path(command[0]).name} {seconds:.1f} s" for command, seconds in ran)
        last = next((line for line in reversed(self.log.splitlines()) if line.strip()), "")
        said = f": {last.strip(' =')}" if not last.startswith("$ ") else ""
        verdict = "passed" if self.passed else "FAILED"
        return f"{self.job.name}: {verdict} in {self.seconds:.1f} s ({steps}{said})"


def run(job: Job, environ: Mapping[str, str]) -> Outcome:
    """Run the job's commands in turn, its output kept; stop at the first that fails."""
    location = str(job.environment)
    # Both, or uv warns that the caller's VIRTUAL_ENV is not the environment it syncs.
    env = {**environ, **job.env, "UV_PROJECT_ENVIRONMENT": location, "VIRTUAL_ENV": location}
    steps, log, passed = [], "", True
    for command in job.commands:
        started = time.monotonic()
        done = subprocess.run(  # noqa: S603
            command, cwd=job.folder, env=env, capture_output=True, text=True, check=False
        )
        steps.append(time.monotonic() - started)
        log += f"$ {' '.join(command)}\n{done.stdout}{done.stderr}"
        if done.returncode:
            passed = False
            break
    return Outcome(job, passed, tuple(steps), log)


def side_by_side(
    jobs: Sequence[Job],
    environ: Mapping[str, str] = os.environ,
    *,
    workers: int | None = None,
    say: Callable[[str], None] = print,
    quiet: bool = False,
) -> list[Outcome]:
    """Run the jobs side by side, longest first; their outcomes in `jobs`' order.

    At most `workers` at once, by default all of them: a run that waits on a server (a broker's
    round trip, a client's timeout) leaves the cores to the others. Measured with 3 at a time
    on two cores, the integration layer took half as long again (docs/benchmarks.md).

    As each one ends, `say` gets its summary line (unless `quiet`), preceded by its whole output
    if it failed; a failure is said even when `quiet`.
    """
    lock = threading.Lock()

    def one(job: Job) -> Outcome:
        outcome = run(job, environ)
        with lock:
            if not outcome.passed:
                say(f"{outcome.log}\n{outcome.summary}")
            elif not quiet:
                say(outcome.summary)
        return outcome

    # Longest first, so that a slow suite does not start last and keep the others waiting.
    ordered = sorted(jobs, key=Job.expected_seconds, reverse=True)
    with ThreadPoolExecutor(max_workers=workers or max(len(jobs), 1)) as pool:
        outcomes = dict(zip(map(id, ordered), pool.map(one, ordered), strict=True))
    return [outcomes[id(job)] for job in jobs]

"""What a run of tests did: its exit status and output, and its first failure from JUnit XML."""

import os
import re
import signal
import subprocess
import time
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

FAILED_SESSION = re.compile(r"^nox > Session (\S+) (?:failed|aborted)", re.MULTILINE)
MESSAGE = 160  # characters of a failure message kept
PACT_DRIFT = re.compile(r"pacts differ from those in \S+: (.+?)\.\n")


@dataclass(frozen=True)
class Failure:
    where: str  # `<report>: <module>::<test>`, or what failed when no test did
    message: str  # the first line of what it said
    report: str = ""  # the JUnit file's name, e.g. "integration-orders" (its session's env too)
    classname: str = ""  # as JUnit has it: tests.integration.test_api[.TestClass]
    name: str = ""  # the test function, with its parameters: test_x[users-down]


def execute(
    command: Sequence[str], *, cwd: Path, env: Mapping[str, str], log: Path, timeout: float
) -> tuple[int | None, str, float]:
    """Exit status (None when stopped at `timeout`), output and seconds of a command.

    It runs in a process group of its own, so that stopping it stops what it started too.
    """
    started = time.monotonic()
    with subprocess.Popen(  # noqa: S603 (nox, docker and pytest, with our own arguments)
        command,
        cwd=cwd,
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            output, _ = process.communicate(timeout=timeout)
            status: int | None = process.returncode
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGTERM)
            output, _ = process.communicate()
            status = None
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a") as file:
        file.write(f"$ {' '.join(command)}\n{output}\n")
    return status, output, time.monotonic() - started


def first_failure(reports: Path, since: float) -> Failure | None:
    """The first failing test in the JUnit files written since `since` (a time.time())."""
    written = [p for p in reports.glob("*.xml") if p.stat().st_mtime >= since]
    for path in sorted(written, key=lambda p: p.stat().st_mtime):
        try:
            cases = ET.parse(path).getroot().iter("testcase")  # noqa: S314 (our own reports)
        except ET.ParseError:
            continue
        for case in cases:
            failure = case.find("failure")
            failure = failure if failure is not None else case.find("error")
            if failure is not None:
                classname, name = case.get("classname", ""), case.get("name", "")
                where = f"{path.stem}: {classname.rsplit('.', 1)[-1]}::{name}"
                return Failure(where, said(failure.get("message")), path.stem, classname, name)
    return None


def said(message: str | None) -> str:
    """A failure message's first line, without the exception's name, short enough for a table."""
    line = (message or "").strip().partition("\n")[0].removeprefix("AssertionError: ")
    return line if len(line) <= MESSAGE else line[: MESSAGE - 3] + "..."


def evidence(output: str, reports: Path, since: float, log: Path) -> Failure:
    """Why a layer failed: its first failing test, else the pacts' drift, else see the log."""
    if found := first_failure(reports, since):
        return found
    if drift := PACT_DRIFT.search(output):
        return Failure("contract_check", f"the fresh pacts differ from contracts/: {drift[1]}")
    session = FAILED_SESSION.search(output)
    where = session[1] if session else "nox"
    return Failure(where, f"failed before any test (see {log.name})")


def ran_sessions(output: str, sessions: Sequence[str]) -> tuple[str, ...]:
    """The sessions nox started, in order (it stops at the first that fails)."""
    started = re.findall(r"^nox > Running session (\S+)", output, re.MULTILINE)
    return tuple(session for session in started if session in sessions)

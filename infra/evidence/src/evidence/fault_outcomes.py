"""Running a command of a layer: its exit status, output and seconds; the sessions nox ran."""

import os
import re
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

FAILED_SESSION = re.compile(r"^nox > Session (\S+) (?:failed|aborted)", re.MULTILINE)
PACT_DRIFT = re.compile(r"pacts differ from those in \S+: (.+?)\.\n")


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


def ran_sessions(output: str, sessions: Sequence[str]) -> tuple[str, ...]:
    """The sessions nox started, in order (it stops at the first that fails)."""
    started = re.findall(r"^nox > Running session (\S+)", output, re.MULTILINE)
    return tuple(session for session in started if session in sessions)

"""`--run`: each layer's nox session, timed, and the timings kept beside the JUnit files.

A layer's wall time is only reported with JUnit files that session wrote: the record says when
each session ran, and a suite that started outside that window belongs to another run.
"""

import json
import os
import resource
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from evidence.pyramid.junit import Suite

RECORD = "pyramid-sessions.json"  # in .reports, next to junit/
SLACK = timedelta(seconds=1)  # JUnit stamps and the clock read here are not taken at one instant


@dataclass(frozen=True)
class Session:
    """One timed `nox -s <layer>`: wall and CPU seconds, and the machine's load as it ended."""

    layer: str
    seconds: float
    started: datetime
    finished: datetime
    passed: bool
    cpu: float | None = None  # of its own processes (nox, uv, pytest), not servers or containers
    load: float | None = None  # the 1-minute load average: the work its wall time shared cores with


def run(
    root: Path,
    nox: Sequence[str],
    layers: Sequence[str],
    env: Mapping[str, str],
    execute: Callable[..., subprocess.CompletedProcess] = subprocess.run,
) -> list[Session]:
    """Every layer in turn, even after one fails: the report shows them all, then fails."""
    sessions = []
    for layer in layers:
        # Files from an earlier run would otherwise pass for this run's (a member since removed).
        for old in (root / ".reports" / "junit").glob(f"{layer}-*.xml"):
            old.unlink()
        for old in (root / ".reports" / "durations").glob(f"{layer}-*.jsonl"):
            old.unlink()
        started, clock, cpu = datetime.now(UTC), time.perf_counter(), _children_cpu()
        done = execute([*nox, "-s", layer], cwd=root, env=dict(env), check=False)
        seconds, cpu = time.perf_counter() - clock, _children_cpu() - cpu
        finished, passed = datetime.now(UTC), not done.returncode
        sessions.append(Session(layer, seconds, started, finished, passed, cpu, os.getloadavg()[0]))
    return sessions


def _children_cpu() -> float:
    """User + system seconds of every finished child process and the children they waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def save(reports: Path, sessions: Sequence[Session]) -> None:
    reports.mkdir(parents=True, exist_ok=True)
    rows = [
        {**asdict(s), "started": s.started.isoformat(), "finished": s.finished.isoformat()}
        for s in sessions
    ]
    (reports / RECORD).write_text(json.dumps(rows, indent=2) + "\n")


def load(reports: Path) -> dict[str, Session]:
    """The last `--run`'s sessions by layer; none if there was no such run."""
    path = reports / RECORD
    if not path.exists():
        return {}
    rows = json.loads(path.read_text())
    return {
        row["layer"]: Session(
            row["layer"],
            float(row["seconds"]),
            datetime.fromisoformat(row["started"]),
            datetime.fromisoformat(row["finished"]),
            bool(row["passed"]),
            row.get("cpu"),
            row.get("load"),
        )
        for row in rows
    }


def strangers(session: Session, suites: Sequence[Suite]) -> list[Suite]:
    """The suites this session did not write: they started outside it (another run's files)."""
    return [
        suite
        for suite in suites
        if suite.started is None or not session.started - SLACK <= suite.started <= session.finished
    ]


def timed(session: Session | None, suites: Sequence[Suite]) -> Session | None:
    """The session, if it wrote every one of these suites: its times are theirs."""
    if session is None or not suites or strangers(session, suites):
        return None
    return session


def shell_environment(environ: Mapping[str, str], prefix: Path) -> dict[str, str]:
    """`environ` without this environment (`prefix`) in it: the layers run as from a shell.

    Inside `nox -s pyramid`, its own environment comes first on the PATH and is VIRTUAL_ENV; the
    layers' sessions make their own, and would otherwise find this one's tools before theirs.
    """
    env = {key: value for key, value in environ.items() if key != "VIRTUAL_ENV"}
    paths = env.get("PATH", "").split(":")
    env["PATH"] = ":".join(path for path in paths if Path(path) != prefix / "bin")
    return env

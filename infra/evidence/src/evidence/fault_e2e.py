"""The e2e layer for a fault: the copy's system under compose, then the journeys, then down.

The noxfile's e2e session brings up the compose project `pyramid` on the fixed ports 8001-8005;
a fault's run must not clash with it (or with another fault run). So this layer runs the same
steps itself, with a project name of its own and an override file that publishes each service
on a free port, which the journeys are given as E2E_<SERVICE>_URL. The journeys' environment is
the copy's own e2e session's, made with `nox -s e2e --install-only`.
"""

import json
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from evidence.fault_matrix import CAUGHT, HUNG, MISSED, LayerRun
from evidence.fault_outcomes import Failure, execute, first_failure


def port_override(config: dict) -> str:
    """Compose YAML that publishes every published container port on a free host port."""
    lines = ["services:"]
    for name, service in sorted(config["services"].items()):
        ports = [
            f'"{p.get("host_ip", "127.0.0.1")}::{p["target"]}"' for p in service.get("ports") or []
        ]
        if ports:
            lines += [f"  {name}:", f"    ports: !override [{', '.join(ports)}]"]
    return "\n".join(lines) + "\n"


class E2ELayer:
    def __init__(
        self, copy: Path, nox: Sequence[str], env: Mapping[str, str], logs: Path, project: str
    ) -> None:
        self.copy, self.nox, self.env, self.logs = copy, list(nox), dict(env), logs
        self.project = project  # never the compose file's own `pyramid`
        self.compose = ["docker", "compose", "--ansi", "never", "--project-name", project]

    def run(self, label: str, *, timeout: float) -> LayerRun:
        log, reports = self.logs / f"{label}.log", self.copy / ".reports" / "junit"
        env = {**self.env, "COMPOSE_PROJECT_NAME": self.project}
        started, since = time.monotonic(), time.time()

        def step(*command: str, limit: float = timeout) -> tuple[int | None, str]:
            status, output, _ = execute(command, cwd=self.copy, env=env, log=log, timeout=limit)
            return status, output

        status, output = step(
            *self.compose, "--file", "docker-compose.yml", "config", "--format", "json"
        )
        if status != 0:
            return LayerRun(
                CAUGHT, time.monotonic() - started, ("e2e",), "compose", "rejects the file"
            )
        override = self.logs / f"{self.project}.override.yml"
        override.write_text(port_override(json.loads(output)))
        compose = [*self.compose, "--file", "docker-compose.yml", "--file", str(override)]
        try:
            status, output = step(*compose, "up", "--build", "--wait", "--wait-timeout", "300")
            if status is None:
                return LayerRun(HUNG, time.monotonic() - started, ("e2e",), "compose up hung")
            if status != 0:
                said = up_failure(output).replace(f"{self.project}-", "")
                return LayerRun(CAUGHT, time.monotonic() - started, ("e2e",), "compose up", said)
            urls = {f"E2E_{name.upper()}_URL": url for name, url in self.urls(compose, env).items()}
            pytest = [str(self.copy / ".nox" / "e2e" / "bin" / "pytest"), "tests", "-x"]
            junit = f"--junitxml={reports / 'e2e-journeys.xml'}"
            status, _, _ = execute(
                [*pytest, junit, "-p", "no:cacheprovider"],
                cwd=self.copy / "e2e",
                env={**env, **urls},
                log=log,
                timeout=timeout,
            )
            seconds = time.monotonic() - started
            if status is None:
                return LayerRun(HUNG, seconds, ("e2e",), f"stopped after {timeout:.0f} s")
            if status == 0:
                return LayerRun(MISSED, seconds, ("e2e",))
            found = first_failure(reports, since) or Failure("e2e", "the journeys failed")
            return LayerRun(CAUGHT, seconds, ("e2e",), found.where, found.message)
        finally:
            step(*compose, "logs", "--no-color", "--timestamps", limit=120)
            step(*compose, "down", "--volumes", "--remove-orphans", limit=300)

    def prepare(self, timeout: float) -> None:
        """Make (or bring up to date) the journeys' environment: the e2e session's installs."""
        command = [*self.nox, "--nocolor", "--install-only", "--sessions", "e2e"]
        status, _, _ = execute(
            command, cwd=self.copy, env=self.env, log=self.logs / "e2e-env.log", timeout=timeout
        )
        if status != 0:
            raise RuntimeError(
                f"could not make the e2e environment (see {self.logs / 'e2e-env.log'})"
            )

    def urls(self, compose: Sequence[str], env: Mapping[str, str]) -> dict[str, str]:
        """Service -> its base URL on the host, for each service that publishes a port."""
        names = subprocess.run(  # noqa: S603
            [*compose, "config", "--services"],
            cwd=self.copy,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        found = {}
        for name in names:
            port = subprocess.run(  # noqa: S603
                [*compose, "port", name, "8000"],
                cwd=self.copy,
                env=env,
                capture_output=True,
                text=True,
            )
            if port.returncode == 0 and port.stdout.strip():
                found[name] = f"http://{port.stdout.strip()}"
        return found


def up_failure(output: str) -> str:
    """The line of `compose up` output that says what went wrong, e.g. a container that exited."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    telling = [line for line in lines if any(w in line for w in ("exited", "unhealthy", "rror"))]
    return (telling or lines or ["failed"])[-1]

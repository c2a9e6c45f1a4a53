"""The e2e layer for a fault: the copy's system under compose, then the journeys, then down.

The noxfile's e2e session brings up the compose project `pyramid` on the fixed ports 8001-8005;
a fault's run must not clash with it (or with another fault run). So this layer runs the same
steps itself, with a project name of its own and an override file that publishes each service
on a free port, which the journeys are given as E2E_<SERVICE>_URL. The journeys' environment is
the copy's own e2e session's, made with `nox -s e2e --install-only`.

Judged as strictly as the other layers (`evidence.fault_judge`): the baseline runs the journeys
on the clean tree's stack first; a fault's failing journey counts when it failed in its body,
failed again alone on the fault's stack, and passed on the clean one. A stack that cannot be
made is broken. The caller holds the machine's stack lock, if any (`evidence.fault_stacks`).
"""

import json
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from evidence.fault_judge import Doubles, Rerun, confirmation, disqualified, status_problem
from evidence.fault_junit import read
from evidence.fault_layers import nodeid
from evidence.fault_links import resolve
from evidence.fault_matrix import BROKEN, CAUGHT, MISSED, LayerRun
from evidence.fault_outcomes import execute

NOWHERE = "http://127.0.0.1:9"  # the discard port: a connection there is refused


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
        self,
        copy: Path,
        nox: Sequence[str],
        env: Mapping[str, str],
        logs: Path,
        project: str,
    ) -> None:
        self.copy, self.nox, self.env, self.logs = copy, list(nox), dict(env), logs
        self.project = project  # never the compose file's own `pyramid`
        self.compose = ["docker", "compose", "--ansi", "never", "--project-name", project]
        self.passed_clean: set[tuple[str, str]] = set()  # the journeys green on the clean tree
        self.doubles = Doubles(copy / "e2e")

    def run(self, label: str, *, timeout: float, baseline: bool = False) -> LayerRun:
        """The journeys on the copy's stack. The baseline records which passed on the clean tree.

        A stack that cannot be made (compose rejects the file, a build fails, a container cannot
        be created) is broken; a stack made whose containers then exit or stay unhealthy is the
        system's own behaviour under the fault, and the journeys judge it.
        """
        log, reports = self.logs / f"{label}.log", self.copy / ".reports" / "junit"
        env = {**self.env, "COMPOSE_PROJECT_NAME": self.project}
        started = time.monotonic()

        def step(*command: str, limit: float = timeout) -> tuple[int | None, str]:
            status, output, _ = execute(command, cwd=self.copy, env=env, log=log, timeout=limit)
            return status, output

        def broken(reason: str) -> LayerRun:
            return LayerRun(BROKEN, time.monotonic() - started, ("e2e",), reason=reason)

        status, output = step(
            *self.compose, "--file", "docker-compose.yml", "config", "--format", "json"
        )
        if status != 0:
            return broken(f"compose rejects the file: {up_failure(output)}")
        override = self.logs / f"{self.project}.override.yml"
        override.write_text(port_override(json.loads(output)))
        compose = [*self.compose, "--file", "docker-compose.yml", "--file", str(override)]
        try:
            status, output = step(*compose, "build")
            if status != 0:
                return broken(f"the images could not be built: {up_failure(output)}")
            status, output = step(*compose, "up", "--wait", "--wait-timeout", "300")
            if status is None:
                return broken("compose up hung")
            if status != 0 and not any(w in output for w in ("exited", "unhealthy")):
                said = up_failure(output).replace(f"{self.project}-", "")
                return broken(f"compose up: {said}")
            return self.journeys(compose, env, log, reports, started, timeout, baseline)
        finally:
            step(*compose, "logs", "--no-color", "--timestamps", limit=120)
            step(*compose, "down", "--volumes", "--remove-orphans", limit=300)

    def journeys(
        self,
        compose: Sequence[str],
        env: Mapping[str, str],
        log: Path,
        reports: Path,
        started: float,
        timeout: float,
        baseline: bool,
    ) -> LayerRun:
        """Run the journeys on the stack that is up, judge their first failure, confirm it alone."""
        urls = {f"E2E_{name.upper()}_URL": url for name, url in self.urls(compose, env).items()}
        junit = reports / "e2e-journeys.xml"
        pytest = [str(self.copy / ".nox" / "e2e" / "bin" / "pytest"), "-p", "no:cacheprovider"]
        env = {**env, **urls}
        status, _, _ = execute(
            [*pytest, "tests", "-x", f"--junitxml={junit}"],
            cwd=self.copy / "e2e",
            env=env,
            log=log,
            timeout=timeout,
        )
        seconds = time.monotonic() - started
        found = read(junit) if status is not None else []
        if problem := status_problem(status, timeout):
            return LayerRun(BROKEN, seconds, ("e2e",), reason=problem)
        failing = [case for case in found if case.phase]
        if baseline:
            self.passed_clean = {(c.classname, c.name) for c in found if not c.phase}
        if status == 0 and not failing:
            return LayerRun(MISSED, seconds, ("e2e",))
        if not failing:
            return LayerRun(BROKEN, seconds, ("e2e",), reason="the journeys failed, no test did")
        case = failing[0]
        if baseline:
            return LayerRun(BROKEN, seconds, ("e2e",), case.where, case.message, reason="red")
        reason = disqualified(case, self.doubles)
        if not reason:
            rerun = self.copy / ".reports" / "e2e-alone.xml"
            rerun.unlink(missing_ok=True)
            node = nodeid(self.copy / "e2e", case)
            again, _, _ = execute(
                [*pytest, node, f"--junitxml={rerun}"],
                cwd=self.copy / "e2e",
                env=env,
                log=log,
                timeout=timeout,
            )
            alone = next((c for c in read(rerun) if c.name == case.name), None)
            clean = 0 if (case.classname, case.name) in self.passed_clean else 1
            reason = confirmation(Rerun(again, alone), Rerun(clean), self.doubles, timeout)
        if reason:
            aside = (f"{case.where}: {reason}",)
            return LayerRun(BROKEN, seconds, ("e2e",), set_aside=aside, reason=reason)
        ref = resolve(self.copy, "e2e", "e2e", nodeid(self.copy / "e2e", case))
        return LayerRun(CAUGHT, seconds, ("e2e",), case.where, case.message, test=ref)

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
            # A service whose container is not up gets an address nothing answers, never the
            # journeys' default (the compose file's fixed port, perhaps another stack's).
            published = port.returncode == 0 and port.stdout.strip()
            found[name] = f"http://{port.stdout.strip()}" if published else NOWHERE
        return found


def up_failure(output: str) -> str:
    """The line of `compose up` output that says what went wrong, e.g. a container that exited."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    telling = [line for line in lines if any(w in line for w in ("exited", "unhealthy", "rror"))]
    return (telling or lines or ["failed"])[-1]

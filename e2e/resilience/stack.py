"""The compose stack of the resilience scenarios: a project of its own, on free host ports.

`nox -s e2e` runs the project `pyramid` on ports 8001-8005; this one is `pyramid-resilience`
(RESILIENCE_PROJECT) and publishes each service on a free port chosen when the stack comes up
(fixed for its life: a port Docker picks would change when a scenario restarts a container), so
both can run at once. Catalog's holds expire within seconds here, so
the stock a failed placing took is given back while a scenario waits, not after 5 minutes.
The services that a scenario runs twice (`--scale`) get a range of two ports instead, of which
Docker gives a container either, whenever it starts: `follow` points the clients at the port of
the moment. The relays give up on a blocked broker
after 2 s, so that an alarm of a few seconds outlasts their timeout.
"""

import json
import os
import socket
import subprocess
from collections.abc import Sequence
from pathlib import Path

from system import SERVICES, System

ROOT = Path(__file__).resolve().parents[2]
# Short, but far above what orders takes from reserve to commit (milliseconds): an order whose
# order.placed comes later still gets its stock back (docs/events.md, "Stock holds").
HOLD_SECONDS = 8
# Run as two replicas by a scenario: a range of two host ports each.
SCALED = ("payments", "notifications")
PUBLISHERS = ("orders", "payments")  # the services with an outbox relay
PUBLISH_BLOCKED_SECONDS = 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_ports(count: int) -> str:
    """`count` consecutive free host ports, as a port or a range (`P-Q`) for compose."""
    while True:
        first = free_port()
        try:
            for port in range(first + 1, first + count):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        return str(first) if count == 1 else f"{first}-{first + count - 1}"


def override() -> str:
    """Compose YAML: every service on free host ports, catalog's holds short, relays quick."""
    lines = ["services:"]
    for name in SERVICES:
        ports = free_ports(2 if name in SCALED else 1)
        lines += [f"  {name}:", f'    ports: !override ["127.0.0.1:{ports}:8000"]']
        environment = {}
        if name == "catalog":
            environment = {"CATALOG_HOLD_SECONDS": HOLD_SECONDS, "CATALOG_EXPIRY_POLL_SECONDS": 1}
        if name in PUBLISHERS:
            timeout = f"{name.upper()}_PUBLISH_BLOCKED_TIMEOUT_SECONDS"
            environment = {timeout: PUBLISH_BLOCKED_SECONDS}
        if environment:
            lines += ["    environment:", *(f'      {k}: "{v}"' for k, v in environment.items())]
    return "\n".join(lines) + "\n"


class Stack:
    """`docker compose` on the repository's file and the override, under the project's name."""

    def __init__(self, project: str, override_file: Path) -> None:
        self.project = project
        self.command = [
            "docker", "compose", "--ansi", "never", "--project-name", project,
            "--file", str(ROOT / "docker-compose.yml"), "--file", str(override_file),
        ]  # fmt: skip

    @classmethod
    def from_environment(cls, workdir: Path) -> "Stack":
        project = os.environ.get("RESILIENCE_PROJECT", "pyramid-resilience")
        if project == "pyramid":
            raise ValueError("the resilience stack must not be e2e's project `pyramid`")
        override_file = workdir / f"{project}.override.yml"
        override_file.write_text(override())
        return cls(project, override_file)

    def run(self, *args: str, timeout: float = 120, check: bool = True) -> str:
        done = subprocess.run(  # noqa: S603 (docker compose with fixed arguments)
            [*self.command, *args], capture_output=True, text=True, timeout=timeout, check=False
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"docker compose {' '.join(args)} failed:\n{done.stderr}")
        return done.stdout

    def up(self) -> None:
        self.run("up", "--build", "--wait", "--wait-timeout", "300", timeout=600)

    def down(self) -> None:
        self.run("down", "--volumes", "--remove-orphans", timeout=300, check=False)

    def urls(self, services: Sequence[str] = tuple(SERVICES)) -> dict[str, str]:
        """Each service's base URL on the host (its first replica's)."""
        return {name: f"http://{self.run('port', name, '8000').strip()}" for name in services}

    def follow(self, system: System) -> None:
        """Point the clients of the services on a range of ports at their first replica's."""
        for name, url in self.urls(SCALED).items():
            getattr(system, name).base_url = url

    def container(self, service: str) -> str:
        return self.run("ps", "--all", "--quiet", service).strip()

    def replicas(self, service: str) -> list[str]:
        """The service's containers' names, first replica first."""
        names = self.run("ps", "--all", "--format", "{{.Name}}", service).split()
        return sorted(names, key=lambda name: int(name.rsplit("-", 1)[1]))

    def scale(self, replicas: dict[str, int]) -> None:
        """Run this many of each service (`up --scale`), the others' containers left as they are."""
        scales = [f"--scale={name}={n}" for name, n in replicas.items()]
        self.run(
            "up", "--wait", "--wait-timeout", "120", "--no-recreate", *scales, *replicas,
            timeout=180,
        )  # fmt: skip

    def rabbitmqctl(self, *args: str) -> str:
        return self.run("exec", "-T", "broker", "rabbitmqctl", "--quiet", *args)

    def logs(self, service: str, since: str) -> str:
        return self.run("logs", "--no-color", "--since", since, service)

    def docker(self, *args: str) -> None:
        subprocess.run(["docker", *args], capture_output=True, timeout=60, check=True)  # noqa: S603,S607

    def queues(self, column: str = "messages") -> dict[str, int]:
        """A figure of every queue, as the broker counts it: ready + unacked messages by default,
        or e.g. `consumers`."""
        out = self.rabbitmqctl("list_queues", "--formatter", "json", "name", column)
        return {queue["name"]: int(queue[column]) for queue in json.loads(out)}

    def wait_healthy(self, services: Sequence[str]) -> None:
        self.run("up", "--wait", "--wait-timeout", "120", *services, timeout=180)

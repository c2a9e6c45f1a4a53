"""The compose stack of the resilience scenarios: a project of its own, on free host ports.

`nox -s e2e` runs the project `pyramid` on ports 8001-8005; this one is `pyramid-resilience`
(RESILIENCE_PROJECT) and publishes each service on a free port chosen when the stack comes up
(fixed for its life: a port Docker picks would change when a scenario restarts a container), so
both can run at once. Catalog's holds expire within seconds here, so
the stock a failed placing took is given back while a scenario waits, not after 5 minutes.
"""

import json
import os
import socket
import subprocess
from collections.abc import Sequence
from pathlib import Path

from system import SERVICES

ROOT = Path(__file__).resolve().parents[2]
# Short, but far above what orders takes from reserve to commit (milliseconds): an order whose
# order.placed comes later still gets its stock back (docs/events.md, "Stock holds").
HOLD_SECONDS = 8


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def override() -> str:
    """Compose YAML: every service on a free host port, catalog's holds short."""
    lines = ["services:"]
    for name in SERVICES:
        lines += [f"  {name}:", f'    ports: !override ["127.0.0.1:{free_port()}:8000"]']
        if name == "catalog":
            lines += [
                "    environment:",
                f'      CATALOG_HOLD_SECONDS: "{HOLD_SECONDS}"',
                '      CATALOG_EXPIRY_POLL_SECONDS: "1"',
            ]
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

    def urls(self) -> dict[str, str]:
        return {name: f"http://{self.run('port', name, '8000').strip()}" for name in SERVICES}

    def container(self, service: str) -> str:
        return self.run("ps", "--all", "--quiet", service).strip()

    def docker(self, *args: str) -> None:
        subprocess.run(["docker", *args], capture_output=True, timeout=60, check=True)  # noqa: S603,S607

    def queues(self) -> dict[str, int]:
        """Every queue's ready + unacked messages, as the broker counts them."""
        out = self.run(
            "exec", "-T", "broker", "rabbitmqctl", "--quiet", "list_queues",
            "--formatter", "json", "name", "messages",
        )  # fmt: skip
        return {queue["name"]: int(queue["messages"]) for queue in json.loads(out)}

    def wait_healthy(self, services: Sequence[str]) -> None:
        self.run("up", "--wait", "--wait-timeout", "120", *services, timeout=180)

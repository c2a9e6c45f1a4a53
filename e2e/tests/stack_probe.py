"""A hostile tester's review of a running compose stack, re-runnable by anyone: exit 1 on a finding.

    python e2e/tests/stack_probe.py      # or: nox -s probe (against the stack that runs)

From inside each service's container (container_probe.py, through `docker compose exec`): the
broker attacks (a routing key the service does not own, forged into the events exchange by every
route it might build), each database login of its environment (DDL, superuser, the server's
other databases), a schema owner's login in its environment or files, the broker's Erlang
distribution ports. From outside: every container's logs, searched for every secret that
docker-compose.yml and infra/compose define (passwords, tokens). The e2e suite judges the same
outcomes test by test (test_least_privilege.py). Standard library only: it needs no environment.
The project is the compose file's, or COMPOSE_PROJECT_NAME's.
"""

import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
COMPOSE = ["docker", "compose", "--ansi", "never", "--file", str(ROOT / "docker-compose.yml")]
SERVICES = ["users", "catalog", "orders", "payments", "notifications"]
BROKER_DEFINITIONS = ROOT / "infra" / "compose" / "rabbitmq" / "definitions.json"
# Names of environment variables whose values are secrets, besides the passwords in URLs.
SECRET_NAMES = ("PASSWORD", "PASS", "TOKEN", "SECRET")


def compose(*args: str, input_text: str | None = None, timeout: float = 120) -> str:
    done = subprocess.run(  # noqa: S603 (docker compose with fixed arguments)
        [*COMPOSE, *args],
        input=input_text,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"docker compose {' '.join(args[:3])} failed:\n{done.stderr}")
    return done.stdout


def probe_container(service: str) -> dict:
    """container_probe.py's outcomes, from the service's running container."""
    script = (HERE / "container_probe.py").read_text()
    return json.loads(compose("exec", "-T", service, "python", "-", service, input_text=script))


def refusals(outcomes: dict) -> list[str]:
    """What a service's container was allowed that it must not be: one line each."""
    service, found = outcomes["service"], []
    for variable, login in outcomes["databases"].items():
        where = f"{service}: {variable} ({login['user']})"
        for right in ("superuser", "createdb", "createrole"):
            if login[right]:
                found.append(f"{where} is {right}")
        found += [f"{where} may {ddl}" for ddl, got in login["ddl"].items() if got == "allowed"]
        found += [
            f"{where} may connect to {database}"
            for database, got in login["other_databases"].items()
            if got == "allowed"
        ]
    found += [f"{service}: a schema owner's login in {t}" for t in outcomes["schema_owner_traces"]]
    found += [
        f"{service}: the broker's port {port} is reachable"
        for port, state in outcomes["distribution_ports"].items()
        if state == "open"
    ]
    found += [
        f"{service}: the broker allowed: {attempt} ({got})"
        for attempt, got in outcomes["broker"].items()
        if got.startswith("allowed")
    ]
    return found


def secrets() -> dict[str, str]:
    """Every secret compose and infra/compose define -> where it is defined."""
    config = json.loads(compose("config", "--format", "json"))
    found: dict[str, str] = {}
    for service, definition in config["services"].items():
        for name, value in (definition.get("environment") or {}).items():
            where = f"{service}: {name}"
            for secret in secrets_in(name, value or ""):
                found.setdefault(secret, where)
    for user in json.loads(BROKER_DEFINITIONS.read_text())["users"]:
        found.setdefault(user["password"], f"{BROKER_DEFINITIONS.name}: {user['name']}")
    return found


def secrets_in(name: str, value: str) -> Iterable[str]:
    """The secrets one environment variable holds: a URL's password, tokens, a password."""
    if "://" in value:
        password = urlsplit(value).password
        if password:
            yield unquote(password)
    elif name.endswith("API_TOKENS"):
        yield from json.loads(value)  # token -> scopes: the tokens
    elif any(part in name.split("_") for part in SECRET_NAMES):
        yield value


def logged_secrets(known: dict[str, str]) -> list[str]:
    """Each secret that some container's log holds (every container, stopped ones too)."""
    found = []
    for service in compose("config", "--services").split():
        log = compose("logs", "--no-color", "--no-log-prefix", service, timeout=60)
        found += [
            f"{service}'s log holds the secret of {where}"
            for secret, where in known.items()
            if secret in log
        ]
    return found


def main() -> int:
    findings = []
    for service in SERVICES:
        outcomes = probe_container(service)
        broker_attempts = len(outcomes["broker"])
        logins = ", ".join(login["user"] for login in outcomes["databases"].values())
        print(f"{service}: logins [{logins}], {broker_attempts} broker attempts")
        findings += refusals(outcomes)
    known = secrets()
    print(f"logs: searched for {len(known)} secrets")
    findings += logged_secrets(known)
    for finding in findings:
        print(f"FINDING {finding}")
    print(f"{len(findings)} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())

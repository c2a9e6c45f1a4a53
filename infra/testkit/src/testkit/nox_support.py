"""What the noxfile's sessions share: members, environments, .env, and one set of servers.

Standard library and nox only: the noxfile imports it from the kit's source folder, since nox's
own environment holds nox and nothing else.
"""

import atexit
import os
import subprocess
from pathlib import Path

import nox

INFRASTRUCTURE = ("TEST_POSTGRES_URL", "TEST_RABBITMQ_URL")
# What `python -m testkit serve` printed, kept for every later session of this nox run.
_served: dict[str, str] = {}


def dotenv(root: Path) -> dict[str, str]:
    """The repository's .env (image names written by infra/images/build.sh), as compose reads it.

    Like compose, a variable already set in the environment wins over the file.
    """
    path = root / ".env"
    if not path.exists():
        return {}
    pairs = (
        line.split("=", 1)
        for line in path.read_text().splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    )
    return {key.strip(): value.strip() for key, value in pairs if key.strip() not in os.environ}


def prepare(session: nox.Session, root: Path) -> None:
    """Every test session's environment variables: .env's, and Pact kept from phoning home."""
    session.env.update(dotenv(root))
    session.env["PACT_DO_NOT_TRACK"] = "true"


def sync(session: nox.Session, package: str | None, *groups: str) -> None:
    """Install `package` (or only `groups`, for the workspace root) exactly as locked."""
    args = ["uv", "sync", "--locked", "--no-default-groups"]
    args += ["--package", package] if package else ["--no-install-project"]
    for group in groups:
        args += ["--group", group]
    session.run_install(*args, env={"UV_PROJECT_ENVIRONMENT": session.virtualenv.location})


def junit(root: Path, layer: str, member: str) -> str:
    """Where pytest writes a run's results: the benchmarks and the pyramid report read them."""
    return f"--junitxml={root / '.reports' / 'junit' / f'{layer}-{member}.xml'}"


def shared_infrastructure(session: nox.Session, root: Path) -> dict[str, str]:
    """TEST_POSTGRES_URL / TEST_RABBITMQ_URL shared by every session of this nox run.

    URLs already in the environment are used as they are. Otherwise `python -m testkit serve`
    starts the containers once, and they are removed when nox exits: RabbitMQ alone takes about
    6 s to start, which one pytest run per service would pay again and again.
    """
    if all(os.environ.get(name) for name in INFRASTRUCTURE):
        return {}
    if not _served:
        command = ["uv", "run", "--locked", "--no-default-groups", "--package", "testkit"]
        server = subprocess.Popen(  # noqa: S603
            [*command, "python", "-m", "testkit", "serve"],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={
                **os.environ,
                **{k: v for k, v in session.env.items() if v is not None},
                # Both, or uv warns that the session's VIRTUAL_ENV is not the one it syncs.
                "UV_PROJECT_ENVIRONMENT": str(root / ".nox" / "_infrastructure"),
                "VIRTUAL_ENV": str(root / ".nox" / "_infrastructure"),
            },
        )
        atexit.register(_stop, server)
        assert server.stdout is not None
        for line in server.stdout:
            if line.strip() == "READY":
                break
            name, _, value = line.strip().partition("=")
            _served[name] = value
        else:
            session.error("could not provide Postgres and RabbitMQ (message above)")
        session.log("infrastructure for this run: " + ", ".join(_served))
    return _served


def _stop(server: subprocess.Popen[str]) -> None:
    """At nox's exit: closing its standard input tells `testkit serve` to remove its servers."""
    if server.stdin:
        server.stdin.close()
    server.wait(timeout=60)

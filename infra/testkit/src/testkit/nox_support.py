"""What the noxfile's sessions share: environments, .env, one set of servers, suites side by side.

Standard library and nox only: the noxfile imports it from the kit's source folder, since nox's
own environment holds nox and nothing else.
"""

import atexit
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

import nox

from testkit.e2e_images import build_early
from testkit.side_by_side import Job, side_by_side, uv_sync

# The servers `python -m testkit serve` can provide, and the variables that name them.
INFRASTRUCTURE = {"postgres": "TEST_POSTGRES_URL", "rabbitmq": "TEST_RABBITMQ_URL"}
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
    # uv installs no bytecode, and with PYTHONDONTWRITEBYTECODE (set on the build machines) every
    # test process compiled FastAPI, SQLAlchemy and Pact from source again: about 3 s of CPU
    # each, most of a suite's wall time. The sessions' own environments may keep their .pyc.
    session.env["PYTHONDONTWRITEBYTECODE"] = None
    # If this run goes on to e2e, its images build while this session and the next ones test.
    build_early(session, root, environment_of(session))


def sync(session: nox.Session, package: str | None, *groups: str) -> None:
    """Install `package` (or only `groups`, for the workspace root) exactly as locked."""
    location = session.virtualenv.location
    session.run_install(*uv_sync(package, *groups), env={"UV_PROJECT_ENVIRONMENT": location})


def junit(root: Path, layer: str, member: str) -> str:
    """Where pytest writes a run's results: the benchmarks and the pyramid report read them."""
    return f"--junitxml={root / '.reports' / 'junit' / f'{layer}-{member}.xml'}"


def suites_side_by_side(
    session: nox.Session, root: Path, layer: str, members: Mapping[str, Path], *groups: str
) -> None:
    """Every member's `tests/<layer>` at once, each in its own session's environment.

    The same environment, sync and pytest command as the member's own session (`<layer>(<member>)`,
    .nox/<layer>-<member>), so an import leaked from another member still fails. Output is shown
    for the members that fail; the session fails if any did, after all of them ran.
    """
    jobs = []
    for member, folder in members.items():
        environment = root / ".nox" / f"{layer}-{member}"
        report = root / ".reports" / "junit" / f"{layer}-{member}.xml"
        pytest = (str(environment / "bin" / "pytest"), f"tests/{layer}", f"--junitxml={report}")
        commands = (uv_sync(member, *groups), (*pytest, *session.posargs))
        jobs.append(Job(f"{layer}({member})", environment, folder, commands, junit=report))
    session.log(f"{len(jobs)} {layer} suites side by side: {', '.join(members)}")
    outcomes = side_by_side(jobs, environment_of(session))
    if failed := [outcome.job.name for outcome in outcomes if not outcome.passed]:
        session.error(f"failed: {', '.join(failed)} (their output is above)")


def contracts(session: nox.Session, root: Path) -> None:
    """The contract pipeline (`python -m testkit contracts`), in nox's own process.

    It needs the standard library alone and runs the members' tests in their own environments,
    so it needs no environment of its own: no sync, no interpreter to start.
    """
    from testkit.contract_pipeline import main

    if main(session.posargs, root, environment_of(session)):
        session.error("contracts failed (see above)")


def environment_of(session: nox.Session) -> dict[str, str]:
    """What a command of the session gets: nox's environment and the session's changes to it."""
    env = {**os.environ, **session.env}
    return {name: value for name, value in env.items() if value is not None}


def shared_infrastructure(
    session: nox.Session, root: Path, servers: tuple[str, ...] = ("postgres", "rabbitmq")
) -> dict[str, str]:
    """TEST_POSTGRES_URL / TEST_RABBITMQ_URL, for the `servers` named, shared by the whole run.

    URLs already in the environment are used as they are. Otherwise `python -m testkit serve`
    starts the containers once, and they are removed when nox exits: RabbitMQ alone takes about
    6 s to start, which one pytest run per service would pay again and again, and which a run
    that needs Postgres alone (the contracts) does not pay at all.
    """
    wanted = [name for name in servers if not os.environ.get(INFRASTRUCTURE[name])]
    if missing := [name for name in wanted if INFRASTRUCTURE[name] not in _served]:
        command = ["uv", "run", "--locked", "--no-default-groups", "--package", "testkit"]
        location = str(root / ".nox" / "_infrastructure")
        server = subprocess.Popen(  # noqa: S603
            [*command, "python", "-m", "testkit", "serve", *missing],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            # Both, or uv warns that the session's VIRTUAL_ENV is not the one it syncs.
            env={
                **environment_of(session),
                "UV_PROJECT_ENVIRONMENT": location,
                "VIRTUAL_ENV": location,
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
            session.error(f"could not provide {' and '.join(missing)} (message above)")
        session.log(f"for this run: {', '.join(missing)} ({', '.join(_served)})")
    return {INFRASTRUCTURE[name]: _served[INFRASTRUCTURE[name]] for name in wanted}


def _stop(server: subprocess.Popen[str]) -> None:
    """At nox's exit: closing its standard input tells `testkit serve` to remove its servers."""
    if server.stdin:
        server.stdin.close()
    server.wait(timeout=60)

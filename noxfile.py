"""The test pyramid, one nox session per layer; `nox -l` lists them, `nox` runs them all.

Every session gets its own environment synced from uv.lock with only the member under test and
its test dependencies, so an import leaked from another service fails there.
"""

import atexit
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv"
nox.options.error_on_external_run = True
# Environments are kept between runs; every session still syncs its own to uv.lock exactly
# (`uv sync --locked`), which takes a fraction of a second when nothing changed.
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "unit", "integration", "contracts", "e2e"]

ROOT = Path(__file__).parent
# Workspace members with a pytest suite: name -> folder.
MEMBERS = {
    "chassis": "libs/chassis",
    "testkit": "infra/testkit",
    **{
        name: f"services/{name}"
        for name in ("users", "catalog", "orders", "payments", "notifications")
    },
}

_served: dict[str, str] = {}


def dotenv() -> dict[str, str]:
    """The repository's .env (image names written by infra/images/build.sh), as compose reads it.

    Like compose, a variable already set in the environment wins over the file.
    """
    path = ROOT / ".env"
    if not path.exists():
        return {}
    pairs = (
        line.split("=", 1)
        for line in path.read_text().splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    )
    return {key.strip(): value.strip() for key, value in pairs if key.strip() not in os.environ}


def sync(session: nox.Session, package: str | None, *groups: str) -> None:
    """Install `package` (or only `groups`, for the workspace root) exactly as locked."""
    args = ["uv", "sync", "--locked", "--no-default-groups"]
    args += ["--package", package] if package else ["--no-install-project"]
    for group in groups:
        args += ["--group", group]
    session.run_install(*args, env={"UV_PROJECT_ENVIRONMENT": session.virtualenv.location})


def shared_infrastructure(session: nox.Session) -> dict[str, str]:
    """TEST_POSTGRES_URL / TEST_RABBITMQ_URL shared by every session of this nox run.

    URLs already in the environment are used as they are. Otherwise `python -m testkit serve`
    starts the containers once, and they are removed when nox exits: RabbitMQ alone takes about
    6 s to start, which one pytest run per service would pay again and again.
    """
    wanted = ("TEST_POSTGRES_URL", "TEST_RABBITMQ_URL")
    if all(os.environ.get(name) for name in wanted):
        return {}
    if not _served:
        server = subprocess.Popen(
            [
                "uv",
                "run",
                "--locked",
                "--no-default-groups",
                "--package",
                "testkit",
                "python",
                "-m",
                "testkit",
                "serve",
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={
                **os.environ,
                **{k: v for k, v in session.env.items() if v is not None},
                "UV_PROJECT_ENVIRONMENT": str(ROOT / ".nox" / "_infrastructure"),
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
    if server.stdin:
        server.stdin.close()
    server.wait(timeout=60)


def junit(layer: str, member: str) -> str:
    """Where pytest writes a run's results: the benchmarks and the pyramid report read them."""
    return f"--junitxml={ROOT / '.reports' / 'junit' / f'{layer}-{member}.xml'}"


def prepare(session: nox.Session) -> None:
    session.env.update(dotenv())
    session.env["PACT_DO_NOT_TRACK"] = "true"


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff lint and format check over the whole repository; uv.lock in step with pyprojects."""
    session.run("uv", "lock", "--check", external=True)
    sync(session, None, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
@nox.parametrize("member", list(MEMBERS), ids=list(MEMBERS))
def unit(session: nox.Session, member: str) -> None:
    """Unit: one member's pure logic, no I/O."""
    prepare(session)
    sync(session, member, "test")
    session.chdir(ROOT / MEMBERS[member])
    session.run("pytest", "tests/unit", junit("unit", member), *session.posargs)


@nox.session
@nox.parametrize("member", list(MEMBERS), ids=list(MEMBERS))
def integration(session: nox.Session, member: str) -> None:
    """Integration: one member against a real Postgres and a real RabbitMQ."""
    prepare(session)
    sync(session, member, "test")
    session.env.update(shared_infrastructure(session))
    session.chdir(ROOT / MEMBERS[member])
    session.run("pytest", "tests/integration", junit("integration", member), *session.posargs)


@nox.session
def e2e(session: nox.Session) -> None:
    """E2E: the whole system under docker compose, built from this tree, and a few journeys."""
    prepare(session)
    sync(session, "e2e", "test")
    compose = ("docker", "compose", "--ansi", "never", "--file", str(ROOT / "docker-compose.yml"))
    session.chdir(ROOT / "e2e")
    try:
        # --wait: every container's health check is green before the first journey starts.
        session.run(*compose, "up", "--build", "--wait", "--wait-timeout", "300", external=True)
        session.run("pytest", "tests", junit("e2e", "journeys"), *session.posargs)
    except nox.command.CommandFailed:
        log = ROOT / ".reports" / "e2e-compose.log"
        log.parent.mkdir(exist_ok=True)
        logs = session.run(
            *compose, "logs", "--no-color", "--timestamps", external=True, silent=True
        )
        log.write_text(logs or "")
        session.warn(f"e2e failed: the containers' logs are in {log}")
        raise
    finally:
        # Always, pass or fail: no container, network or database volume outlives the session.
        session.run(*compose, "down", "--volumes", "--remove-orphans", external=True)


# Who writes pacts (consumers) and who verifies them (providers); contracts/README.md has the map.
CONSUMERS = ("catalog", "notifications", "orders", "payments")
PROVIDERS = ("users", "catalog", "orders", "payments")
PROVIDER_TEST = "tests/contract/test_provider.py"


def contract_pytest(session: nox.Session, member: str, tests: str, *args: str) -> tuple[str, ...]:
    """pytest on the member's `tests`, in an environment of its own synced from uv.lock."""
    location = str(ROOT / ".nox" / f"contracts-{member}")
    session.run_install(
        *("uv", "sync", "--locked", "--no-default-groups", "--package", member),
        *("--group", "contract"),
        env={"UV_PROJECT_ENVIRONMENT": location, "VIRTUAL_ENV": location},
    )
    folder = ROOT / MEMBERS[member]
    # Paths, not chdir: the runs share this process's working directory.
    options = ("-c", str(folder / "pyproject.toml"), "--rootdir", str(folder))
    return (f"{location}/bin/pytest", *options, str(folder / tests), *args)


def run_at_once(session: nox.Session, runs: dict[str, tuple[str, ...]]) -> list[str]:
    """Run the commands side by side, output shown only on failure; the members that failed.

    Each run is mostly Python importing FastAPI, SQLAlchemy and Pact: CPU-bound, so on two
    cores side by side takes about half the time of one after the other.
    """

    def run(member: str) -> str | None:
        try:
            session.run(*runs[member], external=True, silent=True)
        except nox.command.CommandFailed:
            return member
        return None

    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        return [member for member in pool.map(run, runs) if member]


@nox.session
def contracts(session: nox.Session) -> None:
    """Contracts: consumers write pacts, providers verify them on real databases, drift fails."""
    prepare(session)
    session.env.update(shared_infrastructure(session))
    pacts = Path(session.create_tmp()).resolve() / "pacts"
    reports = ROOT / ".reports" / "contracts"
    for folder in (pacts, reports):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    # Consumers write here, providers verify what is here; check.py compares it with contracts/.
    session.env["PACT_DIR"] = str(pacts)
    consumers = {
        member: contract_pytest(
            session,
            member,
            "tests/contract",
            f"--ignore={ROOT / MEMBERS[member] / PROVIDER_TEST}",
            junit("contracts", member),
        )
        for member in CONSUMERS
    }
    if failed := run_at_once(session, consumers):
        session.error(f"consumer tests failed: {', '.join(failed)}")
    providers = {
        member: contract_pytest(
            session, member, PROVIDER_TEST, junit("contracts", f"{member}-provider")
        )
        for member in PROVIDERS
    }
    # Every provider runs even if one fails: the matrix below shows them all.
    failed = run_at_once(session, providers)
    try:
        session.run("python", "contracts/check.py", str(pacts), str(reports), *session.posargs)
    finally:
        if failed:
            session.error(f"provider verification failed: {', '.join(failed)}")

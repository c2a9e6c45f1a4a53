"""The test pyramid, one nox session per layer; `nox -l` lists them, `nox` runs them all.

Every session gets its own environment synced from uv.lock with only the member under test and
its test dependencies, so an import leaked from another service fails there.
"""

import atexit
import os
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv"
nox.options.error_on_external_run = True
nox.options.sessions = ["lint", "unit", "integration", "contracts", "e2e"]

ROOT = Path(__file__).parent
# Workspace members with a pytest suite: name -> folder.
MEMBERS = {
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


def contract_pytest(session: nox.Session, member: str) -> str:
    """pytest in an environment of the member's own, synced from uv.lock with its contract group."""
    location = ROOT / ".nox" / f"contracts-{member}"
    session.run_install(
        *("uv", "sync", "--locked", "--no-default-groups", "--package", member),
        *("--group", "contract"),
        env={"UV_PROJECT_ENVIRONMENT": str(location)},
    )
    return str(location / "bin" / "pytest")


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
    provider_test = "tests/contract/test_provider.py"
    for member in CONSUMERS:
        pytest = contract_pytest(session, member)
        session.chdir(ROOT / MEMBERS[member])
        args = ("tests/contract", f"--ignore={provider_test}", junit("contracts", member))
        session.run(pytest, *args, external=True)
    failed = []
    for member in PROVIDERS:
        pytest = contract_pytest(session, member)
        session.chdir(ROOT / MEMBERS[member])
        # Every provider runs even if one fails: the matrix below shows them all.
        try:
            session.run(
                pytest, provider_test, junit("contracts", f"{member}-provider"), external=True
            )
        except nox.command.CommandFailed:
            failed.append(member)
    session.chdir(ROOT)
    try:
        session.run("python", "contracts/check.py", str(pacts), str(reports), *session.posargs)
    finally:
        if failed:
            session.error(f"provider verification failed: {', '.join(failed)}")

"""The test pyramid, one nox session per layer; `nox -l` lists them, `nox` runs them all.

Every session gets its own environment synced from uv.lock with only the member under test and
its test dependencies, so an import leaked from another service fails there. The sessions are
declared here; how they sync, find their servers and run the contract pipeline is the test kit's.
"""

import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
# The helpers live in the test kit, but nox's own environment holds nox alone: these modules
# need only the standard library and nox, so they are imported from the kit's source folder.
sys.path.insert(0, str(ROOT / "infra" / "testkit" / "src"))
from testkit import nox_support as kit  # noqa: E402
from testkit.workspace import members_with  # noqa: E402

nox.options.default_venv_backend = "uv"
nox.options.error_on_external_run = True
# Environments are kept between runs; every session still syncs its own to uv.lock exactly
# (`uv sync --locked`), which takes a fraction of a second when nothing changed.
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "unit", "integration", "contracts", "e2e"]

# The workspace members with a folder for the layer (libs/chassis/tests/unit, ...): found, not
# listed, so a new member's suites run without an edit here.
UNIT = members_with(ROOT, "tests/unit")
INTEGRATION = members_with(ROOT, "tests/integration")


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff lint and format check over the whole repository; uv.lock in step with pyprojects."""
    session.run("uv", "lock", "--check", external=True)
    kit.sync(session, None, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
@nox.parametrize("member", list(UNIT), ids=list(UNIT))
def unit(session: nox.Session, member: str) -> None:
    """Unit: one member's pure logic, no I/O."""
    kit.prepare(session, ROOT)
    kit.sync(session, member, "test")
    session.chdir(UNIT[member])
    session.run("pytest", "tests/unit", kit.junit(ROOT, "unit", member), *session.posargs)


@nox.session
@nox.parametrize("member", list(INTEGRATION), ids=list(INTEGRATION))
def integration(session: nox.Session, member: str) -> None:
    """Integration: one member against a real Postgres and a real RabbitMQ."""
    kit.prepare(session, ROOT)
    kit.sync(session, member, "test")
    session.env.update(kit.shared_infrastructure(session, ROOT))
    session.chdir(INTEGRATION[member])
    session.run(
        "pytest", "tests/integration", kit.junit(ROOT, "integration", member), *session.posargs
    )


@nox.session
def e2e(session: nox.Session) -> None:
    """E2E: the whole system under docker compose, built from this tree, and a few journeys."""
    kit.prepare(session, ROOT)
    kit.sync(session, "e2e", "test")
    compose = ("docker", "compose", "--ansi", "never", "--file", str(ROOT / "docker-compose.yml"))
    session.chdir(ROOT / "e2e")
    try:
        # --wait: every container's health check is green before the first journey starts.
        session.run(*compose, "up", "--build", "--wait", "--wait-timeout", "300", external=True)
        session.run("pytest", "tests", kit.junit(ROOT, "e2e", "journeys"), *session.posargs)
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


@nox.session
def contracts(session: nox.Session) -> None:
    """Contracts: consumers write pacts, providers verify them on real databases, drift fails."""
    kit.prepare(session, ROOT)
    kit.sync(session, "testkit")
    session.env.update(kit.shared_infrastructure(session, ROOT))
    # The kit's pipeline: consumers and providers are found from their test files; each member
    # runs in an environment of its own (.nox/contracts-<member>). `-- --update` is passed on.
    session.chdir(ROOT)
    session.run("python", "-m", "testkit", "contracts", *session.posargs)

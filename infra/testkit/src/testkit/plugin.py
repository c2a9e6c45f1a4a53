"""pytest plugin: a real Postgres and RabbitMQ, started once per run, and a migrated database.

Infrastructure: `postgres` and `rabbitmq` (session). A service's database, in the chain of the
house style: `database` (migrated, session) -> `session_factory` (rolled back per test) ->
`session`; `committing_session_factory` (session) for work other threads must see, such as a
provider app served in a thread. A service's tests/conftest.py names only its migrations:

    @pytest.fixture(scope="session")
    def migrate() -> Upgrade:
        return upgrade

Broker tests: `topology` (an exchange and queue prefix of the test's own, deleted afterwards; the
service's conftest names the event types its consumer takes in `consumed_event_types`) and
`channel` (a producer's channel with publisher confirms).

Pact's fixtures (`pact_dir`, `pact_output`, `verify`) are in `testkit.pact.fixtures`, the fuzz
suites' (`api_schema`, `--examples`) in `testkit.fuzzing.fixtures`.

pytest loads this module by itself (the pytest11 entry point in the kit's pyproject.toml), so
its fixtures need no import: every one, with what it starts and costs, is listed in
infra/testkit/README.md, which a unit test holds to `pytest --fixtures`.
"""

from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack
from typing import TYPE_CHECKING, TypeVar

import pytest

# Imported inside the fixtures: this module is loaded in every test process, unit runs included.
if TYPE_CHECKING:
    from collections.abc import Iterable

    from pika.adapters.blocking_connection import BlockingChannel
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from testkit.servers.broker import TestTopology
    from testkit.servers.databases import Upgrade
    from testkit.servers.postgres import PostgresServer
    from testkit.servers.rabbitmq import RabbitMQBroker

# Plugins of their own, so that this one stays about databases and brokers.
pytest_plugins = ["testkit.pact.fixtures", "testkit.fuzzing.fixtures"]

T = TypeVar("T")


def _enter_or_exit(stack: ExitStack, provider: AbstractContextManager[T]) -> T:
    """Enter the provider; without infrastructure, stop the run with the provider's message."""
    from testkit.servers.infrastructure import MissingInfrastructure

    try:
        return stack.enter_context(provider)
    except MissingInfrastructure as missing:
        pytest.exit(str(missing), returncode=pytest.ExitCode.USAGE_ERROR)


def _refuse_without_network(request: pytest.FixtureRequest, server: str) -> None:
    """No real server in a run without network (`--disable-socket`, the unit sessions).

    pytest-socket guards Python's sockets only: libpq opens its own, so a unit test handed
    Postgres by an environment URL would get through; and Docker is reached on a Unix socket.
    """
    if request.config.getoption("--disable-socket", default=False):
        pytest.fail(
            f"a test without network (the unit layer) asked for a real {server}: "
            "it belongs in tests/integration",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def postgres(request: pytest.FixtureRequest) -> Iterator["PostgresServer"]:
    """A real Postgres server for the whole run (where from: testkit.servers.infrastructure)."""
    from testkit.servers.infrastructure import provide_postgres

    _refuse_without_network(request, "Postgres")
    with ExitStack() as stack:
        yield _enter_or_exit(stack, provide_postgres())


@pytest.fixture(scope="session")
def rabbitmq(request: pytest.FixtureRequest) -> Iterator["RabbitMQBroker"]:
    """A real RabbitMQ broker for the whole run (where from: testkit.servers.infrastructure)."""
    from testkit.servers.infrastructure import provide_rabbitmq

    _refuse_without_network(request, "RabbitMQ")
    with ExitStack() as stack:
        yield _enter_or_exit(stack, provide_rabbitmq())


@pytest.fixture(scope="session")
def database(
    postgres: "PostgresServer", migrate: "Upgrade", request: pytest.FixtureRequest
) -> Iterator["Engine"]:
    """The service's database for this run, built by its migrations (its conftest's `migrate`)."""
    from testkit.servers.databases import migrated_database

    with migrated_database(postgres, request.config.rootpath.name, migrate) as engine:
        yield engine


@pytest.fixture
def session_factory(database: "Engine") -> Iterator["sessionmaker[Session]"]:
    """Sessions whose work, commits included, is rolled back after the test."""
    from testkit.servers.isolation import rollback_session_factory

    with rollback_session_factory(database, expire_on_commit=False) as factory:
        yield factory


@pytest.fixture
def session(session_factory: "sessionmaker[Session]") -> Iterator["Session"]:
    """A session on the same connection as the app's, to arrange and inspect rows."""
    with session_factory() as session:
        yield session


@pytest.fixture(scope="session")
def committing_session_factory(database: "Engine") -> "sessionmaker[Session]":
    """Real commits, seen by other threads (consumers, relays, a provider under uvicorn).

    Session-scoped, since a sessionmaker holds no state: a provider app served once per run can
    use it. Tests that use it keep apart through unique data, not rollback.
    """
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(database, expire_on_commit=False)


@pytest.fixture
def topology(
    rabbitmq: "RabbitMQBroker",
    consumed_event_types: "Iterable[str]",
    request: pytest.FixtureRequest,
) -> Iterator["TestTopology"]:
    """An exchange and queue prefix no other test uses; its queues are deleted after the test."""
    from testkit.servers.broker import temporary_topology

    with temporary_topology(
        rabbitmq, event_types=consumed_event_types, prefix=request.config.rootpath.name
    ) as topology:
        yield topology


@pytest.fixture
def channel(rabbitmq: "RabbitMQBroker") -> Iterator["BlockingChannel"]:
    """A producer's channel, with publisher confirms: an unroutable publish raises."""
    from testkit.servers.broker import confirmed_channel

    with confirmed_channel(rabbitmq) as channel:
        yield channel


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tag, in the JUnit report, the tests that wait on the broker.

    Their time is mostly the broker's round trips, so the benchmarks report them apart from the
    tests whose speed is the code's own (docs/benchmarks.md).
    """
    for item in items:
        if "rabbitmq" in getattr(item, "fixturenames", ()):
            item.user_properties.append(("uses_broker", "true"))

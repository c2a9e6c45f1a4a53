"""pytest plugin: session-scoped `postgres` and `rabbitmq` fixtures, started once per test run."""

from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack
from typing import TYPE_CHECKING, TypeVar

import pytest

# Imported inside the fixtures: this module is loaded in every test process, unit runs included.
if TYPE_CHECKING:
    from testkit.postgres import PostgresServer
    from testkit.rabbitmq import RabbitMQBroker

T = TypeVar("T")


def _enter_or_exit(stack: ExitStack, provider: AbstractContextManager[T]) -> T:
    """Enter the provider; without infrastructure, stop the run with the provider's message."""
    from testkit.infrastructure import MissingInfrastructure

    try:
        return stack.enter_context(provider)
    except MissingInfrastructure as missing:
        pytest.exit(str(missing), returncode=pytest.ExitCode.USAGE_ERROR)


@pytest.fixture(scope="session")
def postgres() -> Iterator["PostgresServer"]:
    """A real Postgres server for the whole run (see testkit.infrastructure for where from)."""
    from testkit.infrastructure import provide_postgres

    with ExitStack() as stack:
        yield _enter_or_exit(stack, provide_postgres())


@pytest.fixture(scope="session")
def rabbitmq() -> Iterator["RabbitMQBroker"]:
    """A real RabbitMQ broker for the whole run (see testkit.infrastructure for where from)."""
    from testkit.infrastructure import provide_rabbitmq

    with ExitStack() as stack:
        yield _enter_or_exit(stack, provide_rabbitmq())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tag, in the JUnit report, the tests that wait on the broker.

    Their time is mostly the broker's round trips, so the benchmarks report them apart from the
    tests whose speed is the code's own (docs/benchmarks.md).
    """
    for item in items:
        if "rabbitmq" in getattr(item, "fixturenames", ()):
            item.user_properties.append(("uses_broker", "true"))

"""The kit's database chain (`database` -> `session_factory` -> `session`) -> client; users; broker.

Consumer tests need commits that the consumer's thread can see: they use the kit's
`committing_session_factory` on the same database, with unique ids instead of rollback. Broker
tests declare an exchange and queue prefix of their own (`topology`), deleted afterwards.
"""

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from fastapi.testclient import TestClient
from notifications.app import create_app
from notifications.handlers import make_handlers
from notifications.models import inbox
from notifications.settings import Settings
from notifications.users_client import HttpUsersClient, UsersClient
from sqlalchemy.orm import Session, sessionmaker
from users_stub import USERS_TIMEOUT, UsersStub

from chassis.messaging.consumer import Consumer
from testkit.servers.broker import TestTopology, running
from testkit.servers.rabbitmq import RabbitMQBroker

EVENT_TYPES = ("order.confirmed", "order.cancelled")
USERS_TOKEN = "notifications-to-users"  # noqa: S105  (a test value, not a secret)


@pytest.fixture
def client(settings: Settings, session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    """The real app over HTTP (in process), as a caller allowed to read notifications."""
    app = create_app(settings=settings, session_factory=session_factory)
    with TestClient(app, headers={"Authorization": "Bearer reader-token"}) as client:
        yield client


@pytest.fixture(scope="session")
def users_service() -> Iterator[UsersStub]:
    """A users service up for the whole run; tests tell their users apart by unique ids."""
    stub = UsersStub(token=USERS_TOKEN)
    stub.up()
    yield stub
    stub.close()


@pytest.fixture
def users_stub(users_service: UsersStub) -> Iterator[UsersStub]:
    """The shared users service, its failure mode reset after the test."""
    yield users_service
    users_service.failure_status = None


@pytest.fixture
def stopped_users_stub() -> Iterator[UsersStub]:
    """A users service of the test's own, down (refusing connections) until `up()`."""
    stub = UsersStub(token=USERS_TOKEN)
    yield stub
    stub.close()


@pytest.fixture
def client_for() -> Iterator[Callable[..., HttpUsersClient]]:
    """Make real users clients (the test token and timeout unless told), closed after the test."""
    clients: list[HttpUsersClient] = []

    def make(
        base_url: str, token: str = USERS_TOKEN, timeout: float = USERS_TIMEOUT
    ) -> HttpUsersClient:
        clients.append(HttpUsersClient(base_url=base_url, token=token, timeout_seconds=timeout))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


@pytest.fixture(scope="session")
def users_client(users_service: UsersStub) -> Iterator[HttpUsersClient]:
    """One real client of the shared users service: making one costs about 20 ms (TLS setup)."""
    client = HttpUsersClient(
        base_url=users_service.url, token=USERS_TOKEN, timeout_seconds=USERS_TIMEOUT
    )
    yield client
    client.close()


@pytest.fixture
def consumed_event_types() -> list[str]:
    """The queues the kit's `topology` makes (and deletes) for each test."""
    return EVENT_TYPES


StartConsumer = Callable[..., Consumer]


@pytest.fixture
def start_consumer(
    rabbitmq: RabbitMQBroker,
    committing_session_factory: sessionmaker[Session],
    users_client: HttpUsersClient,
    topology: TestTopology,
) -> Iterator[StartConsumer]:
    """Start the chassis' consumer with this service's handlers and inbox; stopped at the end.

    It consumes the test's topology; its users client is the real one unless a test says.
    """
    with ExitStack() as stack:

        def start(users: UsersClient = users_client) -> Consumer:
            consumer = Consumer(
                rabbitmq.url,
                committing_session_factory,
                make_handlers(users=users),
                inbox=inbox,
                exchange=topology.exchange,
                queue_prefix=topology.queue_prefix,
                backoff_seconds=0.02,
                max_backoff_seconds=0.1,
            )
            return stack.enter_context(running(consumer))

        yield start

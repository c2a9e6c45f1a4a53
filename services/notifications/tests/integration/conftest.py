"""postgres (test kit) -> database (migrated) -> session_factory (rolled back) -> client.

Consumer tests need commits that the consumer's thread can see: they use `committing_factory`
on the same database, with unique ids instead of rollback. Broker tests declare an exchange and
queue prefix of their own (`names`) and delete them afterwards.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from notifications.app import create_app
from notifications.consumer import Consumer
from notifications.handlers import make_handlers
from notifications.migrate import upgrade
from notifications.settings import Settings
from notifications.topology import dead_letter_name, queue_name
from notifications.users_client import HttpUsersClient, UsersClient
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker
from users_stub import UsersStub

from testkit import PostgresServer, RabbitMQBroker, rollback_session_factory, unique_name
from testkit.polling import eventually

EVENT_TYPES = ("order.confirmed", "order.cancelled")
USERS_TOKEN = "notifications-to-users"  # noqa: S105  (a test value, not a secret)
USERS_TIMEOUT = 0.3


@pytest.fixture(scope="session")
def database(postgres: PostgresServer) -> Iterator[Engine]:
    """A database of this run's own, built by `alembic upgrade head`, never by create_all."""
    with postgres.temporary_database("notifications") as url:
        upgrade(url)
        engine = create_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture
def session_factory(database: Engine) -> Iterator[sessionmaker[Session]]:
    with rollback_session_factory(database, expire_on_commit=False) as factory:
        yield factory


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session on the same connection as the app's, to arrange and inspect rows."""
    with session_factory() as session:
        yield session


@pytest.fixture
def client(settings: Settings, session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    """The real app over HTTP (in process), as a caller allowed to read notifications."""
    app = create_app(settings=settings, session_factory=session_factory)
    with TestClient(app, headers={"Authorization": "Bearer reader-token"}) as client:
        yield client


@pytest.fixture
def committing_factory(database: Engine) -> sessionmaker[Session]:
    """Real commits, seen by other threads: for tests of the consumer."""
    return sessionmaker(database, expire_on_commit=False)


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
    """Make real users clients (the test token unless told otherwise), closed after the test."""
    clients: list[HttpUsersClient] = []

    def make(base_url: str, token: str = USERS_TOKEN) -> HttpUsersClient:
        clients.append(
            HttpUsersClient(base_url=base_url, token=token, timeout_seconds=USERS_TIMEOUT)
        )
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


@dataclass(frozen=True)
class Names:
    exchange: str
    queue_prefix: str

    def queue(self, event_type: str) -> str:
        return queue_name(self.queue_prefix, event_type)

    @property
    def dead_letters(self) -> str:
        return dead_letter_name(self.queue_prefix)


@pytest.fixture
def names(rabbitmq: RabbitMQBroker) -> Iterator[Names]:
    """An exchange and queue prefix no other test uses; deleted after the test."""
    names = Names(exchange=unique_name("events"), queue_prefix=unique_name("notifications"))
    yield names
    with rabbitmq.connect() as connection:
        channel = connection.channel()
        for queue in [*map(names.queue, EVENT_TYPES), names.dead_letters]:
            channel.queue_delete(queue)
        channel.exchange_delete(names.dead_letters)
        channel.exchange_delete(names.exchange)


@pytest.fixture
def channel(rabbitmq: RabbitMQBroker) -> Iterator[BlockingChannel]:
    """A producer's channel, with publisher confirms."""
    with rabbitmq.connect() as connection:
        channel = connection.channel()
        channel.confirm_delivery()
        yield channel


StartConsumer = Callable[..., Consumer]


@pytest.fixture
def start_consumer(
    rabbitmq: RabbitMQBroker,
    committing_factory: sessionmaker[Session],
    users_client: HttpUsersClient,
    names: Names,
) -> Iterator[StartConsumer]:
    """Start a consumer on the test's names (real users client by default); stopped at the end."""
    started: list[Consumer] = []

    def start(
        consumer_class: type[Consumer] = Consumer, users: UsersClient = users_client
    ) -> Consumer:
        consumer = consumer_class(
            rabbitmq.url,
            committing_factory,
            make_handlers(users=users),
            exchange=names.exchange,
            queue_prefix=names.queue_prefix,
            backoff_seconds=0.02,
            max_backoff_seconds=0.1,
        )
        consumer.start()
        started.append(consumer)
        eventually(lambda: consumer.is_connected, what="consumer connected")
        return consumer

    yield start
    for consumer in started:
        consumer.stop()

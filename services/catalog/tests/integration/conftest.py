"""postgres (test kit) -> database (migrated) -> session_factory (rolled back) -> client.

Tests that need commits seen by other threads (the consumer's, concurrent requests) use
`committing_factory` on a database of their own, with unique SKUs and order ids, not rollback.
Broker tests declare an exchange and queue prefix of their own (`names`), deleted afterwards.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from catalog.app import create_app
from catalog.consumer import Consumer
from catalog.handlers import Handler, make_handlers
from catalog.migrate import upgrade
from catalog.settings import Settings
from catalog.topology import dead_letter_name, queue_name
from fastapi.testclient import TestClient
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from testkit import PostgresServer, RabbitMQBroker, rollback_session_factory, unique_name
from testkit.polling import eventually

EVENT_TYPES = ("order.cancelled",)


@pytest.fixture(scope="session")
def database(postgres: PostgresServer) -> Iterator[Engine]:
    """A database of this run's own, built by `alembic upgrade head`, never by create_all."""
    with postgres.temporary_database("catalog") as url:
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
    """A session on the same connection as the app's, to look at what a request wrote."""
    with session_factory() as session:
        yield session


@pytest.fixture
def client(settings: Settings, session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    """The real app over HTTP (in process), as a caller with every catalog scope."""
    app = create_app(settings=settings, session_factory=session_factory)
    with TestClient(app, headers={"Authorization": "Bearer admin-token"}) as client:
        yield client


@pytest.fixture(scope="session")
def committed_database(postgres: PostgresServer) -> Iterator[Engine]:
    """A second migrated database, for the tests whose commits must be real.

    Kept apart so that what they leave behind never shows in the rolled-back tests' counts.
    """
    with postgres.temporary_database("catalog_committed") as url:
        upgrade(url)
        engine = create_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture
def committing_factory(committed_database: Engine) -> sessionmaker[Session]:
    """Real commits, seen by other threads: for tests of concurrency and of the consumer."""
    return sessionmaker(committed_database, expire_on_commit=False)


@pytest.fixture
def committing_client(
    settings: Settings, committing_factory: sessionmaker[Session]
) -> Iterator[TestClient]:
    """The app on committing sessions: what it writes, other threads and connections see."""
    app = create_app(settings=settings, session_factory=committing_factory)
    with TestClient(app, headers={"Authorization": "Bearer admin-token"}) as client:
        yield client


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
    names = Names(exchange=unique_name("events"), queue_prefix=unique_name("catalog"))
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
    rabbitmq: RabbitMQBroker, committing_factory: sessionmaker[Session], names: Names
) -> Iterator[StartConsumer]:
    """Start a consumer on the test's names (the real handlers by default); stopped at the end."""
    started: list[Consumer] = []

    def start(
        consumer_class: type[Consumer] = Consumer, handlers: dict[str, Handler] | None = None
    ) -> Consumer:
        consumer = consumer_class(
            rabbitmq.url,
            committing_factory,
            make_handlers() if handlers is None else handlers,
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

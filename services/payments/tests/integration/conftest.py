"""postgres (test kit) -> database (migrated) -> session_factory (rolled back) -> client.

Consumer tests need commits that the consumer's thread can see: they use `committing_factory`
on the same database, with unique ids instead of rollback. The outbox relay reads every
unpublished row, so its tests get a database of their own (`relay_database`) that no consumer
test commits to. Broker tests declare an exchange and queue prefix of their own (`names`).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from payments.app import create_app
from payments.consumer import Consumer
from payments.handlers import make_handlers
from payments.migrate import upgrade
from payments.settings import Settings
from payments.topology import dead_letter_name, queue_name
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from testkit import PostgresServer, RabbitMQBroker, rollback_session_factory, unique_name
from testkit.polling import eventually

EVENT_TYPES = ("order.placed",)


def migrated_engine(postgres: PostgresServer, prefix: str) -> Iterator[Engine]:
    """A database of this run's own, built by `alembic upgrade head`, never by create_all."""
    with postgres.temporary_database(prefix) as url:
        upgrade(url)
        engine = create_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture(scope="session")
def database(postgres: PostgresServer) -> Iterator[Engine]:
    yield from migrated_engine(postgres, "payments")


@pytest.fixture(scope="session")
def relay_database(postgres: PostgresServer) -> Iterator[Engine]:
    yield from migrated_engine(postgres, "payments_relay")


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
def relay_session_factory(relay_database: Engine) -> Iterator[sessionmaker[Session]]:
    with rollback_session_factory(relay_database, expire_on_commit=False) as factory:
        yield factory


@pytest.fixture
def client(settings: Settings, session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    """The real app over HTTP (in process), as a caller allowed to read payments."""
    app = create_app(
        settings=settings, session_factory=session_factory, broker_connected=lambda: True
    )
    with TestClient(app, headers={"Authorization": "Bearer reader-token"}) as client:
        yield client


@pytest.fixture
def committing_factory(database: Engine) -> sessionmaker[Session]:
    """Real commits, seen by other threads: for tests of the consumer."""
    return sessionmaker(database, expire_on_commit=False)


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
    names = Names(exchange=unique_name("events"), queue_prefix=unique_name("payments"))
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
    settings: Settings,
    names: Names,
) -> Iterator[StartConsumer]:
    """Start a consumer on the test's names and the real database; stopped at the end."""
    started: list[Consumer] = []

    def start(
        consumer_class: type[Consumer] = Consumer,
        session_factory: sessionmaker[Session] = committing_factory,
    ) -> Consumer:
        consumer = consumer_class(
            rabbitmq.url,
            session_factory,
            make_handlers(limit_cents=settings.limit_cents),
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

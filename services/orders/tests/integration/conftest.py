"""postgres (test kit) -> database (migrated) -> session_factory (rolled back) -> client.

Consumer tests need commits that another thread sees; they get a database of their own
(`consumer_database`), so that their committed rows never show up in the rolled-back tests.
"""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from orders.app import create_app
from orders.migrate import upgrade
from orders.settings import Settings
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from testkit import PostgresServer, RabbitMQBroker, rollback_session_factory, unique_name


@pytest.fixture(scope="session")
def database(postgres: PostgresServer) -> Iterator[Engine]:
    """A database of this run's own, built by `alembic upgrade head`, never by create_all."""
    with postgres.temporary_database("orders") as url:
        upgrade(url)
        engine = create_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture(scope="session")
def consumer_database(postgres: PostgresServer) -> Iterator[Engine]:
    """A second migrated database, for tests whose commits are real (unique ids keep them apart)."""
    with postgres.temporary_database("orders_consumer") as url:
        upgrade(url)
        engine = create_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture
def committing_session_factory(consumer_database: Engine) -> sessionmaker[Session]:
    return sessionmaker(consumer_database, expire_on_commit=False)


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
def client(settings: Settings, session_factory, users, catalog) -> Iterator[TestClient]:
    """The real app over HTTP (in process) with fake users and catalog, as an orders writer."""
    app = create_app(
        settings=settings,
        session_factory=session_factory,
        users=users,
        catalog=catalog,
        broker_connected=lambda: True,
    )
    with TestClient(app, headers={"Authorization": "Bearer writer-token"}) as client:
        yield client


@pytest.fixture
def exchange(rabbitmq: RabbitMQBroker) -> Iterator[str]:
    """An events exchange of this test's own on the shared broker, deleted afterwards."""
    name = unique_name("orders-test-events")
    yield name
    with rabbitmq.connect() as connection:
        connection.channel().exchange_delete(name)


@pytest.fixture
def queue_prefix(rabbitmq: RabbitMQBroker) -> Iterator[str]:
    """A queue prefix of this test's own; its queues and dead letters are deleted afterwards."""
    prefix = unique_name("orders-test")
    yield prefix
    with rabbitmq.connect() as connection:
        channel = connection.channel()
        for suffix in ("payment.succeeded", "payment.failed", "dead-letter"):
            channel.queue_delete(f"{prefix}.{suffix}")
        channel.exchange_delete(f"{prefix}.dead-letter")

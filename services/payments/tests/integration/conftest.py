"""The test kit's database chain (`database` -> `session_factory` -> `session`) -> client.

Consumer tests need commits that the consumer's thread can see: they use the kit's
`committing_session_factory` on the same database, with unique ids instead of rollback. Broker
tests declare an exchange and queue prefix of their own (`topology`).
"""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from payments.app import create_app
from payments.events import ORDER_PLACED
from payments.main import create_consumer
from payments.settings import Settings
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy.orm import Session, sessionmaker

from chassis.messaging.consumer import Consumer
from testkit import RabbitMQBroker
from testkit.broker import TestTopology, confirmed_channel, temporary_topology
from testkit.polling import eventually


@pytest.fixture
def client(settings: Settings, session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    """The real app over HTTP (in process), as a caller allowed to read payments."""
    app = create_app(settings=settings, session_factory=session_factory)
    with TestClient(app, headers={"Authorization": "Bearer reader-token"}) as client:
        yield client


@pytest.fixture
def topology(rabbitmq: RabbitMQBroker) -> Iterator[TestTopology]:
    """An exchange and queue prefix no other test uses; deleted after the test."""
    with temporary_topology(rabbitmq, event_types=[ORDER_PLACED], prefix="payments") as topology:
        yield topology


@pytest.fixture
def channel(rabbitmq: RabbitMQBroker) -> Iterator[BlockingChannel]:
    """A producer's channel, with publisher confirms."""
    with confirmed_channel(rabbitmq) as channel:
        yield channel


@pytest.fixture
def consumer(
    settings: Settings,
    rabbitmq: RabbitMQBroker,
    committing_session_factory: sessionmaker[Session],
    topology: TestTopology,
) -> Iterator[Consumer]:
    """The consumer main.py runs, on the test's broker, database and topology; stopped after."""
    names = {"events_exchange": topology.exchange, "queue_prefix": topology.queue_prefix}
    on_test_broker = settings.model_copy(update={"broker_url": rabbitmq.url, **names})
    consumer = create_consumer(on_test_broker, committing_session_factory)
    consumer.start()
    try:
        eventually(lambda: consumer.is_connected, what="consumer connected")
        yield consumer
    finally:
        consumer.stop()

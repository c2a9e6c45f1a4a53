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
from sqlalchemy.orm import Session, sessionmaker

from chassis.messaging.consumer import Consumer
from testkit.servers.broker import TestTopology, running
from testkit.servers.rabbitmq import RabbitMQBroker


@pytest.fixture
def client(settings: Settings, session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    """The real app over HTTP (in process), as a caller allowed to read payments."""
    app = create_app(settings=settings, session_factory=session_factory)
    with TestClient(app, headers={"Authorization": "Bearer reader-token"}) as client:
        yield client


@pytest.fixture
def consumed_event_types() -> list[str]:
    """The queues the kit's `topology` makes (and deletes) for each test."""
    return [ORDER_PLACED]


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
    with running(create_consumer(on_test_broker, committing_session_factory)) as consumer:
        yield consumer

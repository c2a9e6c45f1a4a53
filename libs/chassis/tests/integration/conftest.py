"""The chassis on the real Postgres and RabbitMQ: a database of its tables, a broker, a consumer.

The chassis owns no database, so its tests make one from the tables it defines: the outbox,
the inbox, and an `effects` table the test handler writes to, one row each time it applies an
event (a second row for one event is the double application the inbox exists to prevent).

A fixture a test asks for that no conftest.py defines (`postgres`, `rabbitmq`, `channel`...) is the
test kit's: pytest loads its plugin by itself (an entry point); infra/testkit/README.md#fixtures
lists each one with what it starts and costs, and `pytest --fixtures` prints its file and line.
"""

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack

import pytest
from effects import EVENT, Effects, Tables, chassis_tables
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.schema import CreateSchema, DropSchema

from chassis.messaging.consumer import Consumer
from chassis.messaging.envelope import Envelope, serialize
from chassis.messaging.publisher import RabbitPublisher
from testkit.data import unique_name
from testkit.servers.broker import (
    TestTopology,
    observe,
    publish,
    running,
)
from testkit.servers.containers import FastRabbitMqContainer, stop
from testkit.servers.databases import Upgrade
from testkit.servers.images import image
from testkit.servers.infrastructure import docker_answers
from testkit.servers.rabbitmq import RabbitMQBroker


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests on a broker of their own (the memory alarm's, `own_broker`) run last, so that
    its start, seconds of CPU in its container, overlaps the other tests (own_broker_starting)."""
    items.sort(key=lambda item: "own_broker" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session", autouse=True)
def own_broker_starting(
    request: pytest.FixtureRequest,
) -> Iterator[Future[FastRabbitMqContainer] | None]:
    """The memory-alarm tests' RabbitMQ, started in the background when the session starts,
    if any of them will run and a Docker engine answers (None otherwise); removed at its end."""
    wanted = any("own_broker" in item.fixturenames for item in request.session.items)
    if not wanted or not docker_answers():
        yield None
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        starting = pool.submit(FastRabbitMqContainer(image("RABBITMQ_IMAGE")).start)
        try:
            yield starting
        finally:
            if starting.exception() is None:
                stop(starting.result())


@pytest.fixture(scope="session")
def tables() -> Tables:
    return chassis_tables()


@pytest.fixture(scope="session")
def migrate(tables: Tables) -> Upgrade:
    """Builds the plugin's `database` from the chassis' tables.

    create_all, never used for a service's schema, is right HERE: the chassis has no migrations
    of its own, and each service's `alembic check` proves that its migrations build exactly these
    definitions (`Outbox(Base.metadata)`, `Inbox(Base.metadata)`).
    """

    def create_tables(url: URL) -> None:
        engine = create_engine(url)
        try:
            tables.metadata.create_all(engine)
        finally:
            engine.dispose()

    return create_tables


@pytest.fixture
def effects(tables: Tables) -> Effects:
    return Effects(tables.effects)


@pytest.fixture
def consumed_event_types() -> list[str]:
    """The queues the kit's `topology` makes (and deletes) for each test."""
    return [EVENT]


@pytest.fixture
def send(channel: BlockingChannel, topology: TestTopology) -> Callable[[Envelope], None]:
    """Publish an event to the test's exchange as a producer does, its id as message_id."""

    def send_event(envelope: Envelope) -> None:
        publish(channel, topology.exchange, envelope.type, serialize(envelope), str(envelope.id))

    return send_event


@pytest.fixture
def start_consumer(
    rabbitmq: RabbitMQBroker,
    committing_session_factory: sessionmaker[Session],
    tables: Tables,
    topology: TestTopology,
    effects: Effects,
) -> Iterator[Callable[..., Consumer]]:
    """Start a consumer (of the given class) of the test's queue, connected; stopped after.

    Back-offs of 0.02 s keep the retries of these tests fast.
    """
    with ExitStack() as stack:

        def start(consumer_class: type[Consumer] = Consumer, **options: float) -> Consumer:
            consumer = consumer_class(
                rabbitmq.url,
                committing_session_factory,
                {EVENT: effects},
                inbox=tables.inbox,
                exchange=topology.exchange,
                queue_prefix=topology.queue_prefix,
                **{"backoff_seconds": 0.02, **options},
            )
            return stack.enter_context(running(consumer))

        yield start


@pytest.fixture
def outbox_factory(database: Engine, tables: Tables) -> Iterator[sessionmaker[Session]]:
    """Committing sessions on tables of the test's own: a relay publishes every row it finds.

    A schema per test, in the run's database: a database per test costs ten times as much.
    """
    schema = unique_name("outbox").replace("-", "_")
    engine = create_engine(database.url, connect_args={"options": f"-c search_path={schema}"})
    with engine.begin() as connection:
        connection.execute(CreateSchema(schema))
        tables.metadata.create_all(connection)
    try:
        yield sessionmaker(engine, expire_on_commit=False)
    finally:
        with engine.begin() as connection:
            connection.execute(DropSchema(schema, cascade=True))
        engine.dispose()


@pytest.fixture
def publisher(rabbitmq: RabbitMQBroker, topology: TestTopology) -> Iterator[RabbitPublisher]:
    publisher = RabbitPublisher(broker_url=rabbitmq.url, exchange=topology.exchange)
    yield publisher
    publisher.close()


@pytest.fixture
def observed(channel: BlockingChannel, topology: TestTopology) -> str:
    """A queue of the test's own, bound to the event type on the test's exchange."""
    return observe(channel, topology.exchange, EVENT)

"""Payment events from the real queues, through the chassis' consumer, move orders for real.

The consumer's loop (acks, dead letters, requeues, redeliveries) is the chassis' and tested
there; these tests hold orders' handlers to the real broker and database: each payment event
type, taken from its own queue, changes the order and stores the next event in the outbox.
Their commits must be seen from the consumer's thread, so they commit for real and keep apart
through unique ids.
"""

import uuid
from collections.abc import Iterator

import pytest
from orders.domain import OrderStatus
from orders.events import PAYMENT_FAILED, PAYMENT_SUCCEEDED
from orders.handlers import HANDLERS
from orders.models import Order, inbox, outbox
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy import select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session, sessionmaker

from chassis.messaging.consumer import Consumer
from chassis.messaging.envelope import Envelope, new_envelope, serialize
from testkit.polling import eventually

# Renamed: pytest would take a `Test...` class in a test module for tests to collect.
from testkit.servers.broker import TestTopology as Topology
from testkit.servers.broker import get_message, publish, running
from testkit.servers.rabbitmq import RabbitMQBroker


@pytest.fixture
def consumed_event_types() -> list[str]:
    """The queues the kit's `topology` makes (and deletes) for each test."""
    return list(HANDLERS)


@pytest.fixture
def consumer(
    rabbitmq: RabbitMQBroker,
    committing_session_factory: sessionmaker[Session],
    topology: Topology,
) -> Iterator[Consumer]:
    """Orders' handlers on the chassis' consumer, as main.py wires them, on this test's queues."""
    consumer = Consumer(
        rabbitmq.url,
        committing_session_factory,
        HANDLERS,
        inbox=inbox,
        exchange=topology.exchange,
        queue_prefix=topology.queue_prefix,
        backoff_seconds=0.05,
    )
    with running(consumer):
        yield consumer


@pytest.fixture
def send(channel: BlockingChannel, topology: Topology):
    """Publish an event as payments does: routing key = type, persistent, mandatory."""

    def publish_event(envelope: Envelope) -> None:
        publish(channel, topology.exchange, envelope.type, serialize(envelope), str(envelope.id))

    return publish_event


@pytest.fixture
def stored_order(committing_session_factory: sessionmaker[Session]):
    """Store an order (committed) with the given status and return its id."""

    def store(status: OrderStatus = OrderStatus.PENDING) -> uuid.UUID:
        order = Order(id=uuid.uuid4(), user_id=uuid.uuid4(), status=status, total_cents=1500)
        with committing_session_factory() as session, session.begin():
            session.add(order)
        return order.id

    return store


def payment_succeeded(order_id: uuid.UUID) -> Envelope:
    data = {"payment_id": str(uuid.uuid4()), "order_id": str(order_id), "amount_cents": 1500}
    return new_envelope(PAYMENT_SUCCEEDED, data)


def payment_failed(order_id: uuid.UUID) -> Envelope:
    data = {
        "payment_id": str(uuid.uuid4()),
        "order_id": str(order_id),
        "amount_cents": 1500,
        "reason": "card declined",
    }
    return new_envelope(PAYMENT_FAILED, data)


def status_of(factory: sessionmaker[Session], order_id: uuid.UUID) -> str:
    with factory() as session:
        return session.get(Order, order_id).status


def events_about(factory: sessionmaker[Session], order_id: uuid.UUID) -> list[Row]:
    table = outbox.table
    with factory() as session:
        return list(
            session.execute(
                select(table).where(table.c.payload["data"]["order_id"].astext == str(order_id))
            )
        )


def test_payment_succeeded_from_its_queue_confirms_the_order_and_stores_order_confirmed(
    consumer, send, stored_order, committing_session_factory
):
    factory, order_id = committing_session_factory, stored_order()

    send(payment_succeeded(order_id))

    eventually(lambda: status_of(factory, order_id) == OrderStatus.CONFIRMED)
    [event] = events_about(factory, order_id)
    assert event.type == "order.confirmed"
    assert event.payload["data"]["total_cents"] == 1500
    assert event.published_at is None


def test_payment_failed_from_its_queue_cancels_the_order_and_stores_order_cancelled(
    consumer, send, stored_order, committing_session_factory
):
    factory, order_id = committing_session_factory, stored_order()

    send(payment_failed(order_id))

    eventually(lambda: status_of(factory, order_id) == OrderStatus.CANCELLED)
    [event] = events_about(factory, order_id)
    assert (event.type, event.payload["data"]["reason"]) == ("order.cancelled", "card declined")


def test_a_failed_payment_for_a_confirmed_order_is_acked_without_effect_not_dead_lettered(
    consumer, send, stored_order, committing_session_factory, channel, topology
):
    factory = committing_session_factory
    order_id, sentinel = stored_order(OrderStatus.CONFIRMED), stored_order()

    send(payment_failed(order_id))
    send(payment_failed(sentinel))  # one queue, one consumer: handled after the first

    eventually(lambda: status_of(factory, sentinel) == OrderStatus.CANCELLED)
    assert status_of(factory, order_id) == OrderStatus.CONFIRMED
    assert events_about(factory, order_id) == []
    assert get_message(channel, topology.dead_letters) is None

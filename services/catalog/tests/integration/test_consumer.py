"""order.cancelled from the real queue, through the chassis' consumer, gives the stock back.

The consumer's own rules (dead letters, requeues, redelivery applied once) are the chassis'
to test; here, the catalog's handler wired to its queue. Products and reservations are
committed (the consumer's thread must see them) and told apart by unique SKUs and order ids.
"""

import uuid
from collections.abc import Iterator

import pytest
from catalog.events import ORDER_CANCELLED
from catalog.main import create_consumer
from catalog.models import Product, Reservation, inbox
from catalog.settings import Settings
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from chassis.messaging.consumer import Consumer
from chassis.messaging.envelope import Envelope, new_envelope, serialize
from testkit import RabbitMQBroker, random_sku
from testkit.broker import get_message, publish, running
from testkit.polling import eventually


@pytest.fixture
def consumer(
    settings: Settings,
    rabbitmq: RabbitMQBroker,
    committing_session_factory: sessionmaker[Session],
    topology,
) -> Iterator[Consumer]:
    """The consumer main.py runs, on the test's broker, database and topology."""
    names = {"events_exchange": topology.exchange, "queue_prefix": topology.queue_prefix}
    on_test_broker = settings.model_copy(update={"broker_url": rabbitmq.url, **names})
    with running(create_consumer(on_test_broker, committing_session_factory)) as consumer:
        yield consumer


@pytest.fixture
def reserved_order(committing_client):
    """Make a product of 10 units and an order holding 4 of them: (sku, order_id)."""

    def make() -> tuple[str, uuid.UUID]:
        sku, order_id = random_sku(), uuid.uuid4()
        product = {"sku": sku, "name": "Lamp", "price_cents": 4200, "stock": 10}
        assert committing_client.post("/products", json=product).status_code == 201
        lines = [{"sku": sku, "quantity": 4}]
        response = committing_client.post(
            "/reservations", json={"order_id": str(order_id), "lines": lines}
        )
        assert response.status_code == 201
        return sku, order_id

    return make


def order_cancelled(order_id: uuid.UUID) -> Envelope:
    data = {"order_id": str(order_id), "user_id": str(uuid.uuid4()), "reason": "payment failed"}
    return new_envelope(ORDER_CANCELLED, data)


def send(channel, topology, envelope: Envelope) -> None:
    publish(channel, topology.exchange, ORDER_CANCELLED, serialize(envelope), str(envelope.id))


def stock_of(sessions: sessionmaker[Session], sku: str) -> int:
    with sessions() as session:
        return session.get(Product, sku).stock


def wait_for_release(sessions: sessionmaker[Session], order_id: uuid.UUID) -> None:
    def released() -> bool:
        with sessions() as session:
            return session.get(Reservation, order_id).status == "released"

    eventually(released, what=f"release of {order_id}")


def times_processed(sessions: sessionmaker[Session], envelope: Envelope) -> int:
    with sessions() as session:
        return session.scalar(
            select(func.count()).select_from(inbox.table).where(inbox.table.c.id == envelope.id)
        )


def test_an_order_cancelled_on_the_exchange_gives_the_reserved_stock_back(
    consumer, reserved_order, channel, topology, committing_session_factory
):
    sku, order_id = reserved_order()

    send(channel, topology, order_cancelled(order_id))

    wait_for_release(committing_session_factory, order_id)
    assert stock_of(committing_session_factory, sku) == 10


def test_an_order_that_reserved_nothing_is_acked_without_effect_and_not_dead_lettered(
    consumer, reserved_order, channel, topology, committing_session_factory
):
    _, later_order = reserved_order()
    never_reserved = order_cancelled(uuid.uuid4())

    send(channel, topology, never_reserved)
    send(channel, topology, order_cancelled(later_order))

    # One queue, one consumer: once the later message is applied, the first has been handled.
    wait_for_release(committing_session_factory, later_order)
    assert times_processed(committing_session_factory, never_reserved) == 1
    assert get_message(channel, topology.dead_letters) is None

"""order.placed, order.confirmed and order.cancelled from the real queues, through the consumer.

order.placed keeps the order's hold (the expiry worker, running, passes it by); order.confirmed
sells it; order.cancelled gives the stock back, but never a sold one's (it is dead-lettered).
The consumer's own rules (dead letters, requeues, redelivery applied once) are the chassis' to
test; here, the catalog's handlers wired to their queues. Products
and reservations are committed (the consumer's thread must see them) and told apart by unique
SKUs and order ids.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from catalog.events import ORDER_CANCELLED, ORDER_CONFIRMED, ORDER_PLACED
from catalog.main import create_consumer, create_expiry
from catalog.models import Product, Reservation, inbox
from catalog.settings import Settings
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from chassis.messaging.consumer import Consumer
from chassis.messaging.envelope import Envelope, new_envelope, serialize
from chassis.messaging.topology import POISON_REASON
from testkit.data import random_sku
from testkit.polling import eventually
from testkit.servers.broker import get_message, publish, running
from testkit.servers.rabbitmq import RabbitMQBroker


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


@contextmanager
def running_worker(worker):
    """A worker that needs no broker, started for the block and stopped after, pass or fail."""
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()


def order_cancelled(order_id: uuid.UUID) -> Envelope:
    data = {"order_id": str(order_id), "user_id": str(uuid.uuid4()), "reason": "payment failed"}
    return new_envelope(ORDER_CANCELLED, data)


def order_placed(order_id: uuid.UUID, sku: str) -> Envelope:
    line = {"sku": sku, "quantity": 4, "unit_price_cents": 4200}
    data = {"order_id": str(order_id), "user_id": str(uuid.uuid4()), "total_cents": 16800}
    return new_envelope(ORDER_PLACED, {**data, "lines": [line]})


def order_confirmed(order_id: uuid.UUID) -> Envelope:
    data = {"order_id": str(order_id), "user_id": str(uuid.uuid4()), "total_cents": 16800}
    return new_envelope(ORDER_CONFIRMED, data)


def send(channel, topology, envelope: Envelope) -> None:
    publish(channel, topology.exchange, envelope.type, serialize(envelope), str(envelope.id))


def stock_of(sessions: sessionmaker[Session], sku: str) -> int:
    with sessions() as session:
        return session.get(Product, sku).stock


def wait_for(sessions: sessionmaker[Session], order_id: uuid.UUID, status: str) -> Reservation:
    def reached() -> Reservation | None:
        with sessions() as session:
            reservation = session.get(Reservation, order_id)
            return reservation if reservation.status == status else None

    return eventually(reached, what=f"{status} {order_id}")


def wait_for_release(sessions: sessionmaker[Session], order_id: uuid.UUID) -> None:
    wait_for(sessions, order_id, "released")


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


def test_an_order_that_reserved_nothing_is_acked_as_a_tombstone_and_not_dead_lettered(
    consumer, reserved_order, channel, topology, committing_session_factory
):
    _, later_order = reserved_order()
    nothing_reserved = uuid.uuid4()
    never_reserved = order_cancelled(nothing_reserved)

    send(channel, topology, never_reserved)
    send(channel, topology, order_cancelled(later_order))

    # One queue, one consumer: once the later message is applied, the first has been handled.
    wait_for_release(committing_session_factory, later_order)
    assert times_processed(committing_session_factory, never_reserved) == 1
    assert get_message(channel, topology.dead_letters) is None
    # Released for good: the reserve of a cancelled order, arriving late, takes nothing.
    wait_for_release(committing_session_factory, nothing_reserved)


def test_an_order_placed_on_the_exchange_keeps_its_hold_while_unconfirmed_ones_expire(
    consumer, reserved_order, channel, topology, settings, committing_session_factory
):
    sessions = committing_session_factory
    (placed_sku, placed), (lost_sku, lost) = reserved_order(), reserved_order()
    send(channel, topology, order_placed(placed, placed_sku))
    confirmed_at = wait_for(sessions, placed, "confirmed").confirmed_at

    # Holds of a tenth of a second, looked at every hundredth: `placed` is far older than that.
    quick = settings.model_copy(update={"hold_seconds": 0.1, "expiry_poll_seconds": 0.01})
    with running_worker(create_expiry(quick, sessions)):
        wait_for(sessions, lost, "expired")  # the expiry ran, and `placed` was overdue too

    kept = wait_for(sessions, placed, "confirmed")
    assert (kept.confirmed_at, kept.released_at) == (confirmed_at, None)
    assert (stock_of(sessions, placed_sku), stock_of(sessions, lost_sku)) == (6, 10)


def test_a_placed_order_whose_payment_failed_gets_its_stock_back_on_order_cancelled(
    consumer, reserved_order, channel, topology, committing_session_factory
):
    sku, order_id = reserved_order()
    send(channel, topology, order_placed(order_id, sku))
    wait_for(committing_session_factory, order_id, "confirmed")

    send(channel, topology, order_cancelled(order_id))

    wait_for_release(committing_session_factory, order_id)
    assert stock_of(committing_session_factory, sku) == 10


def test_a_paid_orders_cancellation_gives_nothing_back_and_is_dead_lettered_with_its_reason(
    consumer, reserved_order, channel, topology, committing_session_factory
):
    sessions = committing_session_factory
    sku, order_id = reserved_order()
    send(channel, topology, order_placed(order_id, sku))
    send(channel, topology, order_confirmed(order_id))
    wait_for(sessions, order_id, "sold")
    forged = order_cancelled(order_id)

    send(channel, topology, forged)

    properties, _ = eventually(
        lambda: get_message(channel, topology.dead_letters), what="a dead letter"
    )
    assert properties.message_id == str(forged.id)
    assert properties.headers[POISON_REASON] == (
        f"order {order_id} is paid: its stock is sold and is never given back"
    )
    assert wait_for(sessions, order_id, "sold").released_at is None
    assert stock_of(sessions, sku) == 6
    assert times_processed(sessions, forged) == 0

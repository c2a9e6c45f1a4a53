"""The consumer on the real broker and database: order.cancelled gives the stock back, once.

Each test has an exchange and queues of its own; products and reservations are committed (the
consumer's thread must see them) and told apart by unique SKUs and order ids.
"""

import uuid
from collections import Counter
from contextlib import suppress

import pika.exceptions
import pytest
from catalog.consumer import Consumer
from catalog.events import ORDER_CANCELLED, new_envelope, serialize
from catalog.handlers import make_handlers
from catalog.models import ProcessedMessage, Product, Reservation
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from testkit import random_sku
from testkit.broker import get_message, publish
from testkit.polling import eventually


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


def order_cancelled(order_id: uuid.UUID):
    data = {"order_id": str(order_id), "user_id": str(uuid.uuid4()), "reason": "payment failed"}
    return new_envelope(ORDER_CANCELLED, data)


def send(channel, names, envelope) -> None:
    publish(channel, names.exchange, ORDER_CANCELLED, serialize(envelope), str(envelope.id))


def stock_of(committing_factory, sku: str) -> int:
    with committing_factory() as session:
        return session.get(Product, sku).stock


def status_of(committing_factory, order_id: uuid.UUID) -> str:
    with committing_factory() as session:
        return session.get(Reservation, order_id).status


def times_processed(committing_factory, envelope) -> int:
    with committing_factory() as session:
        return session.scalar(select(func.count()).where(ProcessedMessage.id == envelope.id))


def wait_for_release(committing_factory, order_id: uuid.UUID) -> None:
    eventually(
        lambda: status_of(committing_factory, order_id) == "released",
        what=f"release of {order_id}",
    )


def counting_handlers(calls: Counter, fail_first_with: BaseException | None = None):
    """The real handlers, counting calls per envelope id; optionally failing the first call."""
    [(event_type, release)] = make_handlers().items()

    def handler(session, envelope):
        calls[envelope.id] += 1
        if fail_first_with is not None and sum(calls.values()) == 1:
            raise fail_first_with
        release(session, envelope)

    return {event_type: handler}


def test_an_order_cancelled_on_the_exchange_gives_the_reserved_stock_back(
    start_consumer, reserved_order, channel, names, committing_factory
):
    sku, order_id = reserved_order()
    start_consumer()

    send(channel, names, order_cancelled(order_id))

    wait_for_release(committing_factory, order_id)
    assert stock_of(committing_factory, sku) == 10


def test_the_same_message_delivered_twice_is_applied_once(
    start_consumer, reserved_order, channel, names, committing_factory
):
    (sku, order_id), (_, later_order) = reserved_order(), reserved_order()
    calls = Counter()
    start_consumer(handlers=counting_handlers(calls))
    envelope, later = order_cancelled(order_id), order_cancelled(later_order)

    for message in (envelope, envelope, later):
        send(channel, names, message)

    # One queue, one consumer: once the later message is applied, both copies have been seen.
    wait_for_release(committing_factory, later_order)
    assert calls[envelope.id] == 1
    assert stock_of(committing_factory, sku) == 10
    assert times_processed(committing_factory, envelope) == 1


class ProcessKilled(BaseException):
    """The process dies mid-delivery: like SystemExit, no `except Exception` stops it."""


class DiesOnce(Consumer):
    """A consumer whose thread ends for good when its process is 'killed'; pika's socket closes."""

    def _run(self) -> None:
        with suppress(ProcessKilled):
            super()._run()


def test_a_message_whose_consumer_died_before_the_ack_is_applied_on_redelivery(
    start_consumer, reserved_order, channel, names, committing_factory
):
    sku, order_id = reserved_order()
    calls = Counter()
    handlers = counting_handlers(calls, fail_first_with=ProcessKilled())
    dead = start_consumer(DiesOnce, handlers=handlers)
    envelope = order_cancelled(order_id)

    send(channel, names, envelope)
    eventually(lambda: calls[envelope.id] == 1, what="the first delivery")
    dead._thread.join(5)
    assert status_of(committing_factory, order_id) == "reserved"  # rolled back with the process
    start_consumer(handlers=handlers)  # the service restarts

    wait_for_release(committing_factory, order_id)
    assert calls[envelope.id] == 2
    assert stock_of(committing_factory, sku) == 10
    assert get_message(channel, names.dead_letters) is None


class LosesTheConnectionBeforeTheFirstAck(Consumer):
    """A consumer whose connection is lost after the first commit, before its ack."""

    ack_attempts = 0

    def _ack(self, channel, delivery_tag):
        self.ack_attempts += 1
        if self.ack_attempts == 1:
            raise pika.exceptions.StreamLostError("connection lost between commit and ack")
        super()._ack(channel, delivery_tag)


def test_a_message_redelivered_after_its_commit_but_before_its_ack_is_applied_once(
    start_consumer, reserved_order, channel, names, committing_factory
):
    sku, order_id = reserved_order()
    calls = Counter()
    consumer = start_consumer(LosesTheConnectionBeforeTheFirstAck, counting_handlers(calls))
    envelope = order_cancelled(order_id)

    send(channel, names, envelope)

    # The broker gives the unacked message back; the reconnected consumer sees it again.
    eventually(lambda: consumer.ack_attempts >= 2, what="the redelivery acked")
    assert calls[envelope.id] == 1
    assert stock_of(committing_factory, sku) == 10
    assert times_processed(committing_factory, envelope) == 1


def test_a_database_failure_requeues_the_message_and_it_is_applied_later(
    start_consumer, reserved_order, channel, names, committing_factory
):
    sku, order_id = reserved_order()
    calls = Counter()
    down = OperationalError("SELECT 1", {}, Exception("the database went away"))
    start_consumer(handlers=counting_handlers(calls, fail_first_with=down))
    envelope = order_cancelled(order_id)

    send(channel, names, envelope)

    wait_for_release(committing_factory, order_id)
    assert calls[envelope.id] == 2
    assert stock_of(committing_factory, sku) == 10
    assert get_message(channel, names.dead_letters) is None


def test_an_order_that_reserved_nothing_is_acked_without_effect_and_not_dead_lettered(
    start_consumer, reserved_order, channel, names, committing_factory
):
    _, later_order = reserved_order()
    start_consumer()
    never_reserved = order_cancelled(uuid.uuid4())

    send(channel, names, never_reserved)
    send(channel, names, order_cancelled(later_order))

    wait_for_release(committing_factory, later_order)
    assert times_processed(committing_factory, never_reserved) == 1
    assert get_message(channel, names.dead_letters) is None


POISON = {
    "not JSON": (b'{"id": ', "not an event envelope"),
    "no order_id": (serialize(new_envelope(ORDER_CANCELLED, {"reason": "x"})), "order_id"),
    "order_id not a uuid": (
        serialize(new_envelope(ORDER_CANCELLED, {"order_id": "42"})),
        "order_id",
    ),
}


@pytest.mark.parametrize("case", list(POISON), ids=list(POISON))
def test_a_poison_message_is_dead_lettered_with_its_reason_and_the_next_one_is_applied(
    case, start_consumer, reserved_order, channel, names, committing_factory
):
    sku, order_id = reserved_order()
    start_consumer()
    poison, reason = POISON[case]

    publish(channel, names.exchange, ORDER_CANCELLED, poison)
    send(channel, names, order_cancelled(order_id))

    properties, body = eventually(
        lambda: get_message(channel, names.dead_letters), what="a dead letter"
    )
    assert body == poison
    assert reason in properties.headers["x-poison-reason"]
    wait_for_release(committing_factory, order_id)
    assert stock_of(committing_factory, sku) == 10
    assert get_message(channel, names.queue(ORDER_CANCELLED)) is None


def consumers_of(channel, queue: str) -> int:
    return channel.queue_declare(queue, passive=True).method.consumer_count


def test_stop_closes_the_consumers_connection_and_it_reports_itself_disconnected(
    start_consumer, channel, names
):
    consumer = start_consumer()
    assert consumers_of(channel, names.queue(ORDER_CANCELLED)) == 1

    consumer.stop()

    assert not consumer.is_connected
    assert consumers_of(channel, names.queue(ORDER_CANCELLED)) == 0

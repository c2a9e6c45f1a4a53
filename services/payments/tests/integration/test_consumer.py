"""The consumer on the real broker and database: charged once, redelivery, poison, outages.

Each test has an exchange and queues of its own; rows are committed (the consumer's thread
must see them) and told apart by unique order ids.
"""

import logging
import uuid

import pika.exceptions
import pytest
from payments.consumer import Consumer
from payments.db import create_session_factory
from payments.events import new_envelope, serialize
from payments.models import Payment, ProcessedMessage
from payments.outbox import OutboxMessage
from sqlalchemy import func, select

from testkit.broker import get_message, publish
from testkit.polling import eventually

UNREACHABLE_DATABASE = "postgresql+psycopg://nobody@127.0.0.1:1/none"


def order_placed(order_id=None, total_cents=4200):
    data = {
        "order_id": str(order_id or uuid.uuid4()),
        "user_id": str(uuid.uuid4()),
        "total_cents": total_cents,
        "lines": [{"sku": "SKU-1", "quantity": 1, "unit_price_cents": total_cents}],
    }
    return new_envelope("order.placed", data)


def payments_of(committing_factory, envelope):
    with committing_factory() as session:
        order_id = uuid.UUID(envelope.data["order_id"])
        return session.scalars(select(Payment).where(Payment.order_id == order_id)).all()


def events_about(committing_factory, envelope):
    with committing_factory() as session:
        about_order = OutboxMessage.payload["data"]["order_id"].astext == envelope.data["order_id"]
        return session.scalars(select(OutboxMessage).where(about_order)).all()


def times_processed(committing_factory, envelope):
    with committing_factory() as session:
        return session.scalar(select(func.count()).where(ProcessedMessage.id == envelope.id))


def wait_for_payment(committing_factory, envelope):
    return eventually(
        lambda: payments_of(committing_factory, envelope), what=f"payment of {envelope.id}"
    )


def send(channel, names, body):
    publish(channel, names.exchange, "order.placed", body)


def test_an_order_placed_produces_one_payment_and_one_outbox_row(
    start_consumer, channel, names, committing_factory
):
    start_consumer()
    envelope = order_placed()

    send(channel, names, serialize(envelope))

    [payment] = wait_for_payment(committing_factory, envelope)
    [event] = events_about(committing_factory, envelope)
    assert payment.status == "succeeded"
    assert event.type == "payment.succeeded"
    assert event.payload["data"]["payment_id"] == str(payment.id)
    assert times_processed(committing_factory, envelope) == 1


def test_the_same_message_twice_produces_one_payment(
    start_consumer, channel, names, committing_factory
):
    start_consumer()
    envelope, later = order_placed(), order_placed()

    for message in (envelope, envelope, later):
        send(channel, names, serialize(message))

    # One queue, one consumer: once the later message is applied, both copies have been seen.
    wait_for_payment(committing_factory, later)
    assert len(payments_of(committing_factory, envelope)) == 1
    assert len(events_about(committing_factory, envelope)) == 1
    assert times_processed(committing_factory, envelope) == 1


def test_a_second_order_placed_for_the_same_order_is_acked_and_charges_nothing(
    start_consumer, channel, names, committing_factory
):
    start_consumer()
    first = order_placed()
    second, later = order_placed(first.data["order_id"], total_cents=1), order_placed()

    for message in (first, second, later):
        send(channel, names, serialize(message))

    wait_for_payment(committing_factory, later)
    assert [p.amount_cents for p in payments_of(committing_factory, first)] == [4200]
    assert len(events_about(committing_factory, first)) == 1
    assert times_processed(committing_factory, second) == 1
    assert get_message(channel, names.dead_letters) is None


class DiesBeforeTheFirstAck(Consumer):
    """A consumer whose connection is lost after the first commit, before its ack."""

    ack_attempts = 0

    def _ack(self, channel, delivery_tag):
        self.ack_attempts += 1
        if self.ack_attempts == 1:
            raise pika.exceptions.StreamLostError("connection lost between commit and ack")
        super()._ack(channel, delivery_tag)


def test_a_message_redelivered_after_the_consumer_died_before_the_ack_is_applied_once(
    start_consumer, channel, names, committing_factory
):
    consumer = start_consumer(DiesBeforeTheFirstAck)
    envelope = order_placed()

    send(channel, names, serialize(envelope))

    # The broker gives the unacked message back; the reconnected consumer sees it again.
    eventually(lambda: consumer.ack_attempts >= 2, what="the redelivery acked")
    assert len(payments_of(committing_factory, envelope)) == 1
    assert len(events_about(committing_factory, envelope)) == 1
    assert times_processed(committing_factory, envelope) == 1
    assert get_message(channel, names.queue("order.placed")) is None


def without(data, field):
    return {key: value for key, value in data.items() if key != field}


POISON = {
    "not JSON": (b'{"id": ', "not an event envelope"),
    "missing field": (
        serialize(new_envelope("order.placed", without(order_placed().data, "total_cents"))),
        "total_cents",
    ),
    "negative total": (serialize(order_placed(total_cents=-5)), "total_cents"),
}


@pytest.mark.parametrize("case", list(POISON), ids=list(POISON))
def test_a_poison_message_is_dead_lettered_with_its_reason_and_the_consumer_carries_on(
    case, start_consumer, channel, names, committing_factory
):
    start_consumer()
    poison, reason = POISON[case]
    good = order_placed()

    send(channel, names, poison)
    send(channel, names, serialize(good))

    properties, body = eventually(
        lambda: get_message(channel, names.dead_letters), what="a dead letter"
    )
    assert body == poison
    assert reason in properties.headers["x-poison-reason"]
    wait_for_payment(committing_factory, good)
    assert get_message(channel, names.queue("order.placed")) is None


def test_with_the_database_down_the_message_is_requeued_then_applied_by_a_healthy_consumer(
    start_consumer, channel, names, committing_factory, caplog
):
    caplog.set_level(logging.WARNING, logger="payments")
    broken = start_consumer(session_factory=create_session_factory(UNREACHABLE_DATABASE))
    envelope = order_placed()

    send(channel, names, serialize(envelope))
    eventually(
        lambda: sum("requeueing" in record.getMessage() for record in caplog.records) >= 2,
        what="two requeues",
    )
    broken.stop()
    assert get_message(channel, names.dead_letters) is None
    start_consumer()

    [payment] = wait_for_payment(committing_factory, envelope)
    assert payment.amount_cents == 4200
    assert times_processed(committing_factory, envelope) == 1


def test_stop_ends_the_consumer_and_it_reports_itself_disconnected(start_consumer):
    consumer = start_consumer()

    consumer.stop()

    assert not consumer.is_connected
    assert consumer._thread is None

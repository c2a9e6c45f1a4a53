"""order.placed from the real queue, through the chassis' consumer, charges the order once.

Each test has an exchange and queues of its own; rows are committed (the consumer's thread
must see them) and told apart by unique order ids.
"""

import uuid

import pytest
from payments.models import Payment, inbox, outbox
from sqlalchemy import func, select

from chassis.messaging.envelope import new_envelope, serialize
from testkit.polling import eventually
from testkit.servers.broker import get_message, publish

# Every test here needs the consumer running, though none touches it.
pytestmark = pytest.mark.usefixtures("consumer")


def order_placed(order_id=None, total_cents=4200):
    data = {
        "order_id": str(order_id or uuid.uuid4()),
        "user_id": str(uuid.uuid4()),
        "total_cents": total_cents,
        "lines": [{"sku": "SKU-1", "quantity": 1, "unit_price_cents": total_cents}],
    }
    return new_envelope("order.placed", data)


def payments_of(sessions, envelope):
    with sessions() as session:
        order_id = uuid.UUID(envelope.data["order_id"])
        return session.scalars(select(Payment).where(Payment.order_id == order_id)).all()


def events_about(sessions, envelope):
    with sessions() as session:
        about_order = outbox.table.c.payload["data"]["order_id"].astext == envelope.data["order_id"]
        return session.execute(select(outbox.table).where(about_order)).all()


def times_processed(sessions, envelope):
    with sessions() as session:
        return session.scalar(
            select(func.count()).select_from(inbox.table).where(inbox.table.c.id == envelope.id)
        )


def wait_for_payment(sessions, envelope):
    return eventually(lambda: payments_of(sessions, envelope), what=f"payment of {envelope.id}")


def send(channel, topology, envelope):
    publish(channel, topology.exchange, "order.placed", serialize(envelope))


def test_an_order_placed_produces_one_payment_and_one_outbox_row(
    channel, topology, committing_session_factory
):
    envelope = order_placed()

    send(channel, topology, envelope)

    [payment] = wait_for_payment(committing_session_factory, envelope)
    [event] = events_about(committing_session_factory, envelope)
    assert payment.status == "succeeded"
    assert event.type == "payment.succeeded"
    assert event.payload["data"]["payment_id"] == str(payment.id)
    assert times_processed(committing_session_factory, envelope) == 1


def test_a_second_order_placed_for_the_same_order_is_acked_and_charges_nothing(
    channel, topology, committing_session_factory
):
    first = order_placed()
    second, later = order_placed(first.data["order_id"], total_cents=1), order_placed()

    for message in (first, second, later):
        send(channel, topology, message)

    # One queue, one consumer: once the later message is applied, the second has been seen.
    wait_for_payment(committing_session_factory, later)
    assert [p.amount_cents for p in payments_of(committing_session_factory, first)] == [4200]
    assert len(events_about(committing_session_factory, first)) == 1
    assert times_processed(committing_session_factory, second) == 1
    assert get_message(channel, topology.dead_letters) is None

"""The order.placed handler on Postgres: the payment and its event in one transaction, once."""

import uuid

import pytest
from payments.handlers import make_handlers
from payments.models import Payment, inbox, outbox
from sqlalchemy import select

from chassis.messaging.envelope import new_envelope

LIMIT_CENTS = 100_000
handlers = make_handlers(limit_cents=LIMIT_CENTS)


def order_placed(order_id: uuid.UUID, total_cents: int = 4200):
    data = {"order_id": str(order_id), "user_id": str(uuid.uuid4()), "total_cents": total_cents}
    return new_envelope("order.placed", {**data, "lines": []})


def payments_of(session, order_id):
    return session.scalars(select(Payment).where(Payment.order_id == order_id)).all()


def events_about(session, order_id):
    about_order = outbox.table.c.payload["data"]["order_id"].astext == str(order_id)
    return session.execute(select(outbox.table).where(about_order)).all()


def was_processed(session, envelope) -> bool:
    return (
        session.scalar(select(inbox.table.c.id).where(inbox.table.c.id == envelope.id)) is not None
    )


def test_an_order_placed_stores_one_payment_and_one_payment_succeeded(session_factory, session):
    order_id = uuid.uuid4()

    assert inbox.apply_once(session_factory, handlers["order.placed"], order_placed(order_id))

    [payment] = payments_of(session, order_id)
    [event] = events_about(session, order_id)
    assert (payment.status, payment.amount_cents) == ("succeeded", 4200)
    assert event.type == "payment.succeeded"
    assert event.payload["data"]["payment_id"] == str(payment.id)
    assert event.published_at is None


def test_a_declined_order_stores_a_failed_payment_and_payment_failed(session_factory, session):
    order_id = uuid.uuid4()

    inbox.apply_once(
        session_factory, handlers["order.placed"], order_placed(order_id, LIMIT_CENTS + 1)
    )

    [payment] = payments_of(session, order_id)
    [event] = events_about(session, order_id)
    assert payment.reason == event.payload["data"]["reason"]
    assert payment.decline_code == "limit_exceeded"
    assert event.type == "payment.failed"


def test_a_second_order_placed_for_the_same_order_is_not_charged_again(session_factory, session):
    order_id = uuid.uuid4()
    first, second = order_placed(order_id), order_placed(order_id, total_cents=1)

    applied = [
        inbox.apply_once(session_factory, handlers["order.placed"], e) for e in (first, second)
    ]

    # Both messages are new (recorded as processed); only the first one charges.
    assert applied == [True, True]
    assert [p.amount_cents for p in payments_of(session, order_id)] == [4200]
    assert len(events_about(session, order_id)) == 1


def test_a_failure_after_the_payment_leaves_no_half_written_record(session_factory, session):
    order_id = uuid.uuid4()
    envelope = order_placed(order_id)

    def charge_then_fail(session, envelope):
        handlers["order.placed"](session, envelope)  # its INSERTs have reached the database
        raise RuntimeError("crash between the payment and the commit")

    with pytest.raises(RuntimeError):
        inbox.apply_once(session_factory, charge_then_fail, envelope)

    assert payments_of(session, order_id) == []
    assert events_about(session, order_id) == []
    assert not was_processed(session, envelope)

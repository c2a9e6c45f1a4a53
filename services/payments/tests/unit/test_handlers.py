"""The order.placed handler with a fake session: payment rows, outbox events, repeats, poison."""

import uuid

import pytest
from fake_session import FakeSession
from payments.handlers import make_handlers

from chassis.messaging.envelope import PoisonMessage, new_envelope

LIMIT_CENTS = 100_000
charge = make_handlers(limit_cents=LIMIT_CENTS)["order.placed"]


def order_placed(total_cents: int = 4200, order_id: uuid.UUID | None = None):
    return new_envelope(
        "order.placed",
        {
            "order_id": str(order_id or uuid.uuid4()),
            "user_id": str(uuid.uuid4()),
            "total_cents": total_cents,
            "lines": [{"sku": "SKU-1", "quantity": 1, "unit_price_cents": total_cents}],
        },
    )


def stored_payment(session: FakeSession, envelope) -> dict:
    return session.rows["payments"][uuid.UUID(envelope.data["order_id"])]


def outbox_rows(session: FakeSession) -> list[dict]:
    return list(session.rows.get("outbox", {}).values())


def test_an_order_within_the_limit_is_charged_and_payment_succeeded_goes_to_the_outbox():
    session, envelope = FakeSession(), order_placed(total_cents=4200)

    charge(session, envelope)

    payment = stored_payment(session, envelope)
    assert (payment["status"], payment["reason"], payment["decline_code"]) == (
        "succeeded",
        None,
        None,
    )
    assert payment["amount_cents"] == 4200
    assert str(payment["user_id"]) == envelope.data["user_id"]
    [event] = outbox_rows(session)
    assert event["type"] == "payment.succeeded"
    assert event["payload"]["data"] == {
        "payment_id": str(payment["id"]),
        "order_id": envelope.data["order_id"],
        "amount_cents": 4200,
    }
    assert event["id"] == uuid.UUID(event["payload"]["id"])


def test_an_order_above_the_limit_is_declined_and_payment_failed_carries_the_reason():
    session, envelope = FakeSession(), order_placed(total_cents=LIMIT_CENTS + 1)

    charge(session, envelope)

    payment = stored_payment(session, envelope)
    assert payment["status"] == "failed"
    assert payment["reason"] == "amount exceeds the limit of 100000 cents"
    assert payment["decline_code"] == "limit_exceeded"
    [event] = outbox_rows(session)
    assert event["type"] == "payment.failed"
    assert event["payload"]["data"]["reason"] == "amount exceeds the limit of 100000 cents"
    assert event["payload"]["data"]["amount_cents"] == LIMIT_CENTS + 1


def test_a_second_order_placed_for_a_charged_order_charges_nothing_and_publishes_nothing():
    session, order_id = FakeSession(), uuid.uuid4()
    charge(session, order_placed(order_id=order_id))

    charge(session, order_placed(order_id=order_id, total_cents=1))

    assert len(session.rows["payments"]) == 1
    assert stored_payment(session, order_placed(order_id=order_id))["amount_cents"] == 4200
    assert len(outbox_rows(session)) == 1


def test_an_order_placed_without_a_total_is_poison_and_writes_nothing():
    session, envelope = FakeSession(), order_placed()
    del envelope.data["total_cents"]

    with pytest.raises(PoisonMessage, match="total_cents"):
        charge(session, envelope)

    assert session.rows == {}

"""Payments' event payloads: what it reads of an order.placed and what its outcomes carry."""

import uuid
from datetime import UTC, datetime

import pytest
from payments.events import OrderPlaced, PaymentFailed

from chassis.messaging.envelope import Envelope, PoisonMessage, new_envelope, read_payload


def order_placed_data(**overrides):
    data = {
        "order_id": str(uuid.uuid4()),
        "user_id": str(uuid.uuid4()),
        "total_cents": 2500,
        "lines": [{"sku": "SKU-1", "quantity": 2, "unit_price_cents": 1250}],
    }
    return {**data, **overrides}


def test_a_payload_model_is_dumped_as_json_values():
    payment_id, order_id = uuid.uuid4(), uuid.uuid4()
    failed = PaymentFailed(payment_id=payment_id, order_id=order_id, amount_cents=7, reason="no")

    envelope = new_envelope("payment.failed", failed)

    assert envelope.data == {
        "payment_id": str(payment_id),
        "order_id": str(order_id),
        "amount_cents": 7,
        "reason": "no",
    }


def test_a_payload_missing_a_field_is_poison_naming_the_field():
    data = order_placed_data()
    del data["total_cents"]
    envelope = Envelope(
        id=uuid.uuid4(), type="order.placed", occurred_at=datetime.now(UTC), data=data
    )

    with pytest.raises(PoisonMessage, match="total_cents"):
        read_payload(envelope, OrderPlaced)


def test_a_negative_total_is_poison():
    envelope = new_envelope("order.placed", order_placed_data(total_cents=-1))

    with pytest.raises(PoisonMessage, match="total_cents"):
        read_payload(envelope, OrderPlaced)


@pytest.mark.parametrize(
    "overrides",
    [
        {"total_cents": True},
        {"total_cents": "2500"},
        {"lines": [{"sku": "SKU-1", "quantity": "2", "unit_price_cents": 1250}]},
        {"lines": [{"sku": "SKU-1", "quantity": 2, "unit_price_cents": True}]},
    ],
    ids=["total true", "total a string", "quantity a string", "price true"],
)
def test_an_amount_or_quantity_that_is_not_an_integer_is_poison(overrides):
    envelope = new_envelope("order.placed", order_placed_data(**overrides))

    with pytest.raises(PoisonMessage, match="valid integer"):
        read_payload(envelope, OrderPlaced)


def test_fields_the_producer_adds_are_ignored():
    envelope = new_envelope("order.placed", order_placed_data(coupon="SPRING"))

    assert read_payload(envelope, OrderPlaced).total_cents == 2500

"""The envelope serializer and parser, and reading payloads: poison is named, not crashed on."""

import json
import uuid
from datetime import UTC, datetime

import pytest
from payments.events import (
    Envelope,
    OrderPlaced,
    PaymentFailed,
    PoisonMessage,
    new_envelope,
    parse,
    read_payload,
    serialize,
)


def order_placed_data(**overrides):
    data = {
        "order_id": str(uuid.uuid4()),
        "user_id": str(uuid.uuid4()),
        "total_cents": 2500,
        "lines": [{"sku": "SKU-1", "quantity": 2, "unit_price_cents": 1250}],
    }
    return {**data, **overrides}


def test_an_envelope_survives_serialize_then_parse():
    envelope = new_envelope("order.placed", order_placed_data())

    assert parse(serialize(envelope)) == envelope


def test_the_serialized_envelope_has_exactly_the_documented_fields():
    envelope = new_envelope("payment.succeeded", {"amount_cents": 1})

    document = json.loads(serialize(envelope))

    assert set(document) == {"id", "type", "occurred_at", "data"}
    assert document["id"] == str(envelope.id)
    assert document["occurred_at"].endswith("Z")


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


@pytest.mark.parametrize(
    "body",
    [
        b'{"id": ',
        b"[]",
        b'{"type": "order.placed", "occurred_at": "2026-01-01T00:00:00Z", "data": {}}',
        json.dumps(
            {"id": str(uuid.uuid4()), "type": "x", "occurred_at": "2026-01-01T00:00:00", "data": {}}
        ).encode(),
    ],
    ids=["not JSON", "not an object", "no id", "naive timestamp"],
)
def test_a_body_that_is_not_an_envelope_is_poison(body):
    with pytest.raises(PoisonMessage, match="not an event envelope"):
        parse(body)


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


def test_fields_the_producer_adds_are_ignored():
    envelope = new_envelope("order.placed", order_placed_data(coupon="SPRING"))

    assert read_payload(envelope, OrderPlaced).total_cents == 2500

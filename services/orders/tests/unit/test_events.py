"""The envelope serializer and parser: round trips, and poison for what can't be read."""

import json
import uuid

import pytest
from orders.events import (
    ORDER_PLACED,
    PaymentFailed,
    PoisonMessage,
    new_envelope,
    parse,
    read_payload,
    serialize,
)


def test_an_envelope_survives_serialize_then_parse():
    envelope = new_envelope(ORDER_PLACED, {"order_id": str(uuid.uuid4()), "total_cents": 100})

    assert parse(serialize(envelope)) == envelope


def test_the_serialized_envelope_has_exactly_the_documented_fields():
    document = json.loads(serialize(new_envelope(ORDER_PLACED, {"total_cents": 1})))

    assert set(document) == {"id", "type", "occurred_at", "data"}
    assert document["occurred_at"].endswith("Z") or document["occurred_at"].endswith("+00:00")


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"type": "payment.failed", "occurred_at": "2026-01-01T00:00:00Z", "data": {}}',
        b'{"id": "x", "type": "t", "occurred_at": "2026-01-01T00:00:00Z", "data": {}}',
        b'{"id": "6f1c2a9e-0c1b-4e43-9d51-2b7f6f0f5a10", "type": "t", "data": {}}',
    ],
)
def test_a_body_that_is_not_an_envelope_is_poison(body):
    with pytest.raises(PoisonMessage):
        parse(body)


def test_a_payload_missing_a_field_is_poison_naming_it():
    envelope = new_envelope(
        "payment.failed", {"payment_id": str(uuid.uuid4()), "order_id": str(uuid.uuid4())}
    )

    with pytest.raises(PoisonMessage, match="amount_cents"):
        read_payload(envelope, PaymentFailed)


def test_fields_a_consumer_does_not_read_are_ignored():
    data = {
        "payment_id": str(uuid.uuid4()),
        "order_id": str(uuid.uuid4()),
        "amount_cents": 5,
        "reason": "card declined",
        "card_brand": "visa",
    }

    assert read_payload(new_envelope("payment.failed", data), PaymentFailed).reason == (
        "card declined"
    )

"""The envelope serializer and parser, and reading order.cancelled: accepted or poison."""

import json
import uuid

import pytest
from catalog.events import (
    ORDER_CANCELLED,
    Envelope,
    OrderCancelled,
    PoisonMessage,
    new_envelope,
    parse,
    read_payload,
    serialize,
)


def test_an_envelope_survives_serialize_then_parse():
    envelope = new_envelope(ORDER_CANCELLED, {"order_id": str(uuid.uuid4())})

    assert parse(serialize(envelope)) == envelope


def test_the_serialized_envelope_has_exactly_the_documented_fields():
    envelope = new_envelope(ORDER_CANCELLED, {"order_id": str(uuid.uuid4())})

    document = json.loads(serialize(envelope))

    assert set(document) == {"id", "type", "occurred_at", "data"}
    assert document["id"] == str(envelope.id)
    assert document["type"] == "order.cancelled"
    assert document["occurred_at"].endswith("Z")


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"id": "not-a-uuid", "type": "order.cancelled", '
        b'"occurred_at": "2026-11-25T19:31:46Z", "data": {}}',
        b'{"id": "6f1c2a9e-0c1b-4e43-9d51-2b7f6f0f5a10", "type": "order.cancelled", "data": {}}',
    ],
)
def test_a_body_that_is_not_an_envelope_is_poison(body):
    with pytest.raises(PoisonMessage, match="not an event envelope"):
        parse(body)


def test_an_occurred_at_without_a_time_zone_is_poison():
    body = json.dumps(
        {"id": str(uuid.uuid4()), "type": "t", "occurred_at": "2026-11-25T19:31:46", "data": {}}
    ).encode()

    with pytest.raises(PoisonMessage, match="occurred_at"):
        parse(body)


def test_the_documented_cancellation_is_read_and_extra_fields_ignored():
    order_id = uuid.uuid4()
    data = {"order_id": str(order_id), "user_id": str(uuid.uuid4()), "reason": "x", "new": 1}

    event = read_payload(new_envelope(ORDER_CANCELLED, data), OrderCancelled)

    assert event.order_id == order_id


@pytest.mark.parametrize("data", [{}, {"order_id": "42"}, {"order_id": None}])
def test_a_cancellation_without_a_valid_order_id_is_poison_naming_it(data):
    with pytest.raises(PoisonMessage, match="order_id"):
        read_payload(new_envelope(ORDER_CANCELLED, data), OrderCancelled)


def test_envelopes_are_immutable():
    envelope = new_envelope(ORDER_CANCELLED, {})

    with pytest.raises(ValueError, match="frozen"):
        envelope.type = "order.placed"  # type: ignore[misc]
    assert isinstance(envelope, Envelope)

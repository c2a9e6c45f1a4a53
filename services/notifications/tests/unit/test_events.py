"""The envelope serializer and parser, and reading a payload: what is accepted, what is poison."""

import json
import uuid

import pytest
from notifications.events import (
    Envelope,
    OrderCancelled,
    OrderConfirmed,
    PoisonMessage,
    new_envelope,
    parse,
    read_payload,
    serialize,
)


def confirmed_data(**overrides):
    return {
        "order_id": str(uuid.uuid4()),
        "user_id": str(uuid.uuid4()),
        "total_cents": 1250,
        **overrides,
    }


def test_an_envelope_survives_serialize_then_parse():
    envelope = new_envelope("order.confirmed", confirmed_data())

    assert parse(serialize(envelope)) == envelope


def test_the_serialized_envelope_has_exactly_the_documented_fields():
    envelope = new_envelope("order.confirmed", {"order_id": uuid.uuid4()})

    document = json.loads(serialize(envelope))

    assert set(document) == {"id", "type", "occurred_at", "data"}
    assert document["id"] == str(envelope.id)
    assert document["occurred_at"].endswith("Z")
    assert document["data"]["order_id"] == str(envelope.data["order_id"])


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"id": "not-a-uuid", "type": "order.confirmed", '
        b'"occurred_at": "2026-11-25T19:31:46Z", "data": {}}',
        b'{"id": "6f1c2a9e-0c1b-4e43-9d51-2b7f6f0f5a10", "type": "order.confirmed", "data": {}}',
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


def test_a_payload_missing_a_field_is_poison_naming_the_field():
    data = confirmed_data()
    del data["total_cents"]

    with pytest.raises(PoisonMessage, match="total_cents"):
        read_payload(new_envelope("order.confirmed", data), OrderConfirmed)


def test_fields_a_producer_adds_are_ignored():
    data = confirmed_data(currency="EUR", lines=[])

    event = read_payload(new_envelope("order.confirmed", data), OrderConfirmed)

    assert event.total_cents == 1250


@pytest.mark.parametrize("total_cents", [-1, "a lot", None])
def test_a_total_that_is_not_a_count_of_cents_is_poison(total_cents):
    envelope = new_envelope("order.confirmed", confirmed_data(total_cents=total_cents))

    with pytest.raises(PoisonMessage, match="total_cents"):
        read_payload(envelope, OrderConfirmed)


def test_a_cancellation_needs_a_reason():
    data = {"order_id": str(uuid.uuid4()), "user_id": str(uuid.uuid4()), "reason": ""}

    with pytest.raises(PoisonMessage, match="reason"):
        read_payload(new_envelope("order.cancelled", data), OrderCancelled)


def test_envelopes_are_immutable():
    envelope = new_envelope("order.confirmed", {})

    with pytest.raises(ValueError, match="frozen"):
        envelope.type = "order.cancelled"  # type: ignore[misc]
    assert isinstance(envelope, Envelope)

"""The payloads this service reads from orders' events: what is accepted, what is poison."""

import uuid

import pytest
from notifications.events import OrderCancelled, OrderConfirmed

from chassis.messaging.envelope import PoisonMessage, new_envelope, read_payload


def confirmed_data(**overrides):
    return {
        "order_id": str(uuid.uuid4()),
        "user_id": str(uuid.uuid4()),
        "total_cents": 1250,
        **overrides,
    }


def test_a_payload_missing_a_field_is_poison_naming_the_field():
    data = confirmed_data()
    del data["total_cents"]

    with pytest.raises(PoisonMessage, match="total_cents"):
        read_payload(new_envelope("order.confirmed", data), OrderConfirmed)


def test_fields_a_producer_adds_are_ignored():
    data = confirmed_data(currency="EUR", lines=[])

    event = read_payload(new_envelope("order.confirmed", data), OrderConfirmed)

    assert event.total_cents == 1250


@pytest.mark.parametrize("total_cents", [-1, "a lot", None, True, "1250"])
def test_a_total_that_is_not_a_count_of_cents_is_poison(total_cents):
    envelope = new_envelope("order.confirmed", confirmed_data(total_cents=total_cents))

    with pytest.raises(PoisonMessage, match="total_cents"):
        read_payload(envelope, OrderConfirmed)


def test_a_cancellation_needs_a_reason():
    data = {"order_id": str(uuid.uuid4()), "user_id": str(uuid.uuid4()), "reason": ""}

    with pytest.raises(PoisonMessage, match="reason"):
        read_payload(new_envelope("order.cancelled", data), OrderCancelled)

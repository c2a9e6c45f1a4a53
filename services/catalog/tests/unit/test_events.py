"""Reading order.placed and order.cancelled: the fields the catalog uses, or poison."""

import uuid

import pytest
from catalog.events import ORDER_CANCELLED, ORDER_PLACED, OrderCancelled, OrderPlaced

from chassis.messaging.envelope import PoisonMessage, new_envelope, read_payload


def test_the_documented_cancellation_is_read_and_extra_fields_ignored():
    order_id = uuid.uuid4()
    data = {"order_id": str(order_id), "user_id": str(uuid.uuid4()), "reason": "x", "new": 1}

    event = read_payload(new_envelope(ORDER_CANCELLED, data), OrderCancelled)

    assert event.order_id == order_id


@pytest.mark.parametrize("data", [{}, {"order_id": "42"}, {"order_id": None}])
def test_a_cancellation_without_a_valid_order_id_is_poison_naming_it(data):
    with pytest.raises(PoisonMessage, match="order_id"):
        read_payload(new_envelope(ORDER_CANCELLED, data), OrderCancelled)


def test_a_placed_order_is_read_by_its_id_alone_whatever_else_it_carries():
    order_id = uuid.uuid4()
    data = {"order_id": str(order_id), "user_id": str(uuid.uuid4()), "total_cents": 1, "lines": []}

    event = read_payload(new_envelope(ORDER_PLACED, data), OrderPlaced)

    assert event.order_id == order_id

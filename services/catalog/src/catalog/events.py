"""The events this service consumes: their type names and payloads (the envelope: chassis)."""

import uuid

from pydantic import BaseModel

ORDER_PLACED = "order.placed"
ORDER_CONFIRMED = "order.confirmed"
ORDER_CANCELLED = "order.cancelled"


class OrderPlaced(BaseModel):
    """`order.placed` as the catalog reads it: the order exists, so its hold is kept.

    The catalog needs only `order_id`: the stock it holds for the order is its own record (the
    reservation's lines), not the event's `lines`; the other fields are for payments.
    """

    order_id: uuid.UUID


class OrderConfirmed(BaseModel):
    """`order.confirmed` as the catalog reads it: the order is paid, so its stock is sold.

    The producer also sends `user_id` and `total_cents`, for notifications.
    """

    order_id: uuid.UUID


class OrderCancelled(BaseModel):
    """`order.cancelled` as the catalog reads it.

    The producer also sends `user_id` and `reason`; the catalog needs neither, so it does not
    insist on them (a consumer reads only the fields it uses, and ignores the others).
    """

    order_id: uuid.UUID

"""The events this service consumes: their type names and payloads (the envelope: chassis)."""

import uuid

from pydantic import BaseModel

ORDER_CANCELLED = "order.cancelled"


class OrderCancelled(BaseModel):
    """`order.cancelled` as the catalog reads it.

    The producer also sends `user_id` and `reason`; the catalog needs neither, so it does not
    insist on them (a consumer reads only the fields it uses, and ignores the others).
    """

    order_id: uuid.UUID

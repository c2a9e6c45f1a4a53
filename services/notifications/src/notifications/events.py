"""The events this service consumes: their type names and the payload fields it reads.

The envelope around them is the chassis' (`chassis.messaging.envelope`), as docs/events.md says.
"""

import uuid

from pydantic import BaseModel, Field

ORDER_CONFIRMED = "order.confirmed"
ORDER_CANCELLED = "order.cancelled"


class EventRecipient(BaseModel):
    """Where the e-mail goes, as orders kept it when the order was placed (events 1.1)."""

    email: str = Field(min_length=1)
    name: str


class OrderConfirmed(BaseModel):
    """`order.confirmed`: fields the producer adds beyond these are ignored."""

    order_id: uuid.UUID
    user_id: uuid.UUID
    # Strict, as in the HTTP APIs: true or "500" is a poison message, not 1 or 500 cents.
    total_cents: int = Field(ge=0, strict=True)
    # Absent from the events of orders placed before 1.1: then the users service is asked.
    recipient: EventRecipient | None = None


class OrderCancelled(BaseModel):
    """`order.cancelled`: fields the producer adds beyond these are ignored."""

    order_id: uuid.UUID
    user_id: uuid.UUID
    reason: str = Field(min_length=1)
    recipient: EventRecipient | None = None

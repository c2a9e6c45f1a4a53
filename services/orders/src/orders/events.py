"""The events this service publishes and consumes: their type names and payloads.

The envelope around them is the chassis' (chassis.messaging.envelope, docs/events.md).
"""

import uuid

from pydantic import BaseModel, Field

ORDER_PLACED = "order.placed"
ORDER_CONFIRMED = "order.confirmed"
ORDER_CANCELLED = "order.cancelled"
PAYMENT_SUCCEEDED = "payment.succeeded"
PAYMENT_FAILED = "payment.failed"


class PlacedLine(BaseModel):
    sku: str
    quantity: int
    unit_price_cents: int


class OrderPlaced(BaseModel):
    order_id: uuid.UUID
    user_id: uuid.UUID
    total_cents: int
    lines: list[PlacedLine]


class OrderConfirmed(BaseModel):
    order_id: uuid.UUID
    user_id: uuid.UUID
    total_cents: int


class OrderCancelled(BaseModel):
    order_id: uuid.UUID
    user_id: uuid.UUID
    reason: str


class PaymentSucceeded(BaseModel):
    """`payment.succeeded`: fields the producer adds beyond these are ignored."""

    payment_id: uuid.UUID
    order_id: uuid.UUID
    amount_cents: int


class PaymentFailed(BaseModel):
    """`payment.failed`: fields the producer adds beyond these are ignored."""

    payment_id: uuid.UUID
    order_id: uuid.UUID
    amount_cents: int
    reason: str = Field(min_length=1)

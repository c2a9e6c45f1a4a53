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

# Amounts and quantities are strict, as in the HTTP APIs: true or "500" is a poison message,
# not 1 or 500 cents.


class PlacedLine(BaseModel):
    sku: str
    quantity: int = Field(strict=True)
    unit_price_cents: int = Field(strict=True)


class OrderPlaced(BaseModel):
    order_id: uuid.UUID
    user_id: uuid.UUID
    total_cents: int = Field(strict=True)
    lines: list[PlacedLine]


class Recipient(BaseModel):
    """Where the order's e-mails go: the user as users knew them when the order was placed."""

    email: str
    name: str


class OrderConfirmed(BaseModel):
    order_id: uuid.UUID
    user_id: uuid.UUID
    total_cents: int = Field(strict=True)
    recipient: Recipient | None = None  # None for an order placed before it was kept


class OrderCancelled(BaseModel):
    order_id: uuid.UUID
    user_id: uuid.UUID
    reason: str
    recipient: Recipient | None = None


class PaymentSucceeded(BaseModel):
    """`payment.succeeded`: fields the producer adds beyond these are ignored."""

    payment_id: uuid.UUID
    order_id: uuid.UUID
    amount_cents: int = Field(strict=True)


class PaymentFailed(BaseModel):
    """`payment.failed`: fields the producer adds beyond these are ignored."""

    payment_id: uuid.UUID
    order_id: uuid.UUID
    amount_cents: int = Field(strict=True)
    reason: str = Field(min_length=1)

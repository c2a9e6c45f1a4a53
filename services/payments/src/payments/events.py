"""The events payments consumes and publishes: their type names and payloads (docs/events.md).

The envelope around them is the chassis' (`chassis.messaging.envelope`).
"""

import uuid

from pydantic import BaseModel, Field

ORDER_PLACED = "order.placed"
PAYMENT_SUCCEEDED = "payment.succeeded"
PAYMENT_FAILED = "payment.failed"

# Amounts are stored as BIGINT: anything larger could never be applied.
MAX_CENTS = 2**63 - 1

# Amounts and quantities are strict, as in the HTTP APIs: true or "500" is a poison message,
# not 1 or 500 cents.


class PlacedLine(BaseModel):
    sku: str
    quantity: int = Field(strict=True)
    unit_price_cents: int = Field(strict=True)


class OrderPlaced(BaseModel):
    """`order.placed`: fields the producer adds beyond these are ignored."""

    order_id: uuid.UUID
    user_id: uuid.UUID
    total_cents: int = Field(ge=0, le=MAX_CENTS, strict=True)
    lines: list[PlacedLine]


class PaymentSucceeded(BaseModel):
    payment_id: uuid.UUID
    order_id: uuid.UUID
    amount_cents: int = Field(strict=True)


class PaymentFailed(PaymentSucceeded):
    reason: str

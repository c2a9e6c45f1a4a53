"""What the API returns."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from payments.domain import PaymentStatus


class PaymentPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    order_id: uuid.UUID
    user_id: uuid.UUID
    amount_cents: int
    status: PaymentStatus
    reason: str | None = Field(description="Why the payment failed; null when it succeeded.")
    created_at: datetime


class PaymentList(BaseModel):
    # A list, though an order has at most one payment: room for refunds and retries later.
    items: list[PaymentPublic]

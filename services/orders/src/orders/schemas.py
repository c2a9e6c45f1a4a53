"""What the API accepts and returns."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from orders.domain import OrderStatus

MAX_LINES = 50
# The catalog's own rule for a SKU: one it could never hold is bad input here too, and nothing
# is trimmed (" A" is not "A", whatever kind of space surrounds it).
Sku = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]


class OrderLineCreate(BaseModel):
    sku: Sku
    # strict: true or "2" is bad input, not a quantity of 1 or 2.
    quantity: int = Field(ge=1, le=1000, strict=True)


def distinct_skus(lines: list[OrderLineCreate]) -> list[OrderLineCreate]:
    skus = [line.sku for line in lines]
    if len(set(skus)) != len(skus):
        raise ValueError("each SKU may appear on one line only")
    return lines


class OrderCreate(BaseModel):
    user_id: uuid.UUID
    lines: Annotated[
        list[OrderLineCreate],
        Field(min_length=1, max_length=MAX_LINES),
        AfterValidator(distinct_skus),
    ]


class OrderLinePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    sku: str
    quantity: int
    unit_price_cents: int


class OrderPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    user_id: uuid.UUID
    status: OrderStatus
    total_cents: int
    lines: list[OrderLinePublic]
    created_at: datetime
    updated_at: datetime


class OrderPage(BaseModel):
    items: list[OrderPublic]
    total: int = Field(description="How many orders match, in all.")
    limit: int
    offset: int

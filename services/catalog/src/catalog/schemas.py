"""What the API accepts and returns."""

import re
import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

# Postgres `integer`: a larger number is bad input (a 400), not a database error (a 500).
MAX_INTEGER = 2_147_483_647
MAX_RESERVATION_LINES = 50

SKU_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
Sku = Annotated[str, StringConstraints(pattern=SKU_PATTERN.pattern)]
# Postgres text cannot hold a NUL character: refused here rather than failing in the database.
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[^\x00]*$"),
]


# Amounts are strict: true or "500" is bad input, not a price of 1 or 500 cents.
class ProductCreate(BaseModel):
    sku: Sku
    name: Name
    price_cents: int = Field(gt=0, le=MAX_INTEGER, strict=True)
    stock: int = Field(ge=0, le=MAX_INTEGER, strict=True, description="Units available to reserve.")


class ProductPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    sku: str
    name: str
    price_cents: int
    stock: int = Field(description="Units available now (not counting those reserved).")


class ProductPage(BaseModel):
    items: list[ProductPublic]
    total: int = Field(description="How many products there are in all.")
    limit: int
    offset: int


class ReservationLineCreate(BaseModel):
    sku: Sku
    quantity: int = Field(ge=1, le=MAX_INTEGER, strict=True)


def distinct_skus(lines: list[ReservationLineCreate]) -> list[ReservationLineCreate]:
    skus = [line.sku for line in lines]
    if len(set(skus)) != len(skus):
        raise ValueError("each SKU may appear on one line only")
    return lines


class ReservationCreate(BaseModel):
    order_id: uuid.UUID
    lines: Annotated[
        list[ReservationLineCreate],
        Field(min_length=1, max_length=MAX_RESERVATION_LINES),
        AfterValidator(distinct_skus),
    ]


class ReservationLinePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    sku: str
    quantity: int
    unit_price_cents: int = Field(
        description="The product's price in cents when its stock was reserved: what orders "
        "prices the line at, so that pricing and reserving are one request."
    )


class ReservationPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    order_id: uuid.UUID
    status: Literal["reserved", "confirmed", "released", "expired"] = Field(
        description="reserved: held until order.placed confirms it or it expires; confirmed: "
        "kept for a placed order; released: given back (or never taken); expired: given back "
        "unconfirmed."
    )
    lines: list[ReservationLinePublic]

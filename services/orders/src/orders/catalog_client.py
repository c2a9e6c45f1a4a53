"""The catalog service as orders needs it: stock reserved for an order, at the lines' prices.

One request prices and reserves (`POST /reservations` answers each line's unit price): an order
used to read each product first, a request and a transaction more per order for the same price.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import httpx
from pydantic import BaseModel

from chassis.downstream import DownstreamUnavailable, read, send, unexpected


@dataclass(frozen=True)
class ReservationLine:
    sku: str
    quantity: int


class OutOfStock(Exception):
    """The catalog cannot reserve the quantities asked for (its 409)."""


class UnknownProducts(Exception):
    """The catalog sells no product of some lines (its 400); nothing was reserved.

    `fields`: (field, message) of each, as the catalog names them: `lines[i].sku` of the lines
    in the order they were sent.
    """

    def __init__(self, fields: Sequence[tuple[str, str]]) -> None:
        super().__init__("; ".join(message for _, message in fields))
        self.fields = list(fields)


class ReservationKept(Exception):
    """The catalog keeps the order's stock: it has seen the order placed (its 409 to a release)."""


class CatalogClient(Protocol):
    def reserve(self, order_id: uuid.UUID, lines: Sequence[ReservationLine]) -> dict[str, int]:
        """Reserve stock for the order (a repeat is harmless): each SKU's unit price in cents.

        OutOfStock when a line is short; UnknownProducts when the catalog sells no such SKU.
        """
        ...

    def release(self, order_id: uuid.UUID) -> None:
        """Give back what was reserved for the order; nothing reserved is fine too.

        ReservationKept when the catalog has seen the order placed: then it exists after all.
        """
        ...


class ReservedLineDocument(BaseModel):
    sku: str
    unit_price_cents: int


class ReservationDocument(BaseModel):
    """The fields read from `POST /reservations`' answer; the others are ignored."""

    lines: list[ReservedLineDocument]


class FieldErrorDocument(BaseModel):
    field: str
    message: str


class ProblemDocument(BaseModel):
    """The fields read from a 400's problem document: which field is wrong, and why."""

    errors: list[FieldErrorDocument]


class HttpCatalogClient:
    """CatalogClient over HTTP (an httpx.Client with base URL, bearer token and timeout)."""

    def __init__(self, http: httpx.Client) -> None:
        self._http = http

    def reserve(self, order_id: uuid.UUID, lines: Sequence[ReservationLine]) -> dict[str, int]:
        body = {
            "order_id": str(order_id),
            "lines": [{"sku": line.sku, "quantity": line.quantity} for line in lines],
        }
        response = send(self._http, "POST", "/reservations", service="catalog", json=body)
        if response.status_code == 409:
            raise OutOfStock(f"the catalog cannot reserve the stock of order {order_id}")
        if response.status_code == 400:
            problem = read(response, ProblemDocument, service="catalog")
            raise UnknownProducts([(error.field, error.message) for error in problem.errors])
        if response.status_code not in (200, 201):
            raise unexpected(response, service="catalog")
        reserved = read(response, ReservationDocument, service="catalog")
        prices = {line.sku: line.unit_price_cents for line in reserved.lines}
        if set(prices) != {line.sku for line in lines}:
            # Not the reservation asked for (a released order's answers no lines): no price.
            raise DownstreamUnavailable(
                f"the catalog answered other lines than order {order_id}'s", service="catalog"
            )
        return prices

    def release(self, order_id: uuid.UUID) -> None:
        response = send(self._http, "DELETE", f"/reservations/{order_id}", service="catalog")
        if response.status_code == 409:
            raise ReservationKept(f"the catalog keeps the stock of placed order {order_id}")
        if response.status_code not in (204, 404):
            raise unexpected(response, service="catalog")

    def close(self) -> None:
        self._http.close()

"""The catalog service as orders needs it: prices, and stock reserved for an order."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote

import httpx
from pydantic import BaseModel

from chassis.downstream import read, send, unexpected


@dataclass(frozen=True)
class ProductRef:
    sku: str
    name: str
    price_cents: int


@dataclass(frozen=True)
class ReservationLine:
    sku: str
    quantity: int


class OutOfStock(Exception):
    """The catalog cannot reserve the quantities asked for (its 409)."""


class ReservationKept(Exception):
    """The catalog keeps the order's stock: it has seen the order placed (its 409 to a release)."""


class CatalogClient(Protocol):
    def get_product(self, sku: str) -> ProductRef | None:
        """The product, None when the catalog does not know the SKU."""
        ...

    def reserve(self, order_id: uuid.UUID, lines: Sequence[ReservationLine]) -> None:
        """Reserve stock for the order (a repeat is harmless); OutOfStock when it is short."""
        ...

    def release(self, order_id: uuid.UUID) -> None:
        """Give back what was reserved for the order; nothing reserved is fine too.

        ReservationKept when the catalog has seen the order placed: then it exists after all.
        """
        ...


class ProductDocument(BaseModel):
    """The fields read from `GET /products/{sku}`; the others are ignored."""

    sku: str
    name: str
    price_cents: int


class HttpCatalogClient:
    """CatalogClient over HTTP (an httpx.Client with base URL, bearer token and timeout)."""

    def __init__(self, http: httpx.Client) -> None:
        self._http = http

    def get_product(self, sku: str) -> ProductRef | None:
        # Every character escaped, dots too, so that a SKU can't walk out of /products/.
        path = "/products/" + quote(sku, safe="").replace(".", "%2E")
        response = send(self._http, "GET", path, service="catalog")
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise unexpected(response, service="catalog")
        product = read(response, ProductDocument, service="catalog")
        return ProductRef(sku=product.sku, name=product.name, price_cents=product.price_cents)

    def reserve(self, order_id: uuid.UUID, lines: Sequence[ReservationLine]) -> None:
        body = {
            "order_id": str(order_id),
            "lines": [{"sku": line.sku, "quantity": line.quantity} for line in lines],
        }
        response = send(self._http, "POST", "/reservations", service="catalog", json=body)
        if response.status_code == 409:
            raise OutOfStock(f"the catalog cannot reserve the stock of order {order_id}")
        if response.status_code not in (200, 201):
            raise unexpected(response, service="catalog")

    def release(self, order_id: uuid.UUID) -> None:
        response = send(self._http, "DELETE", f"/reservations/{order_id}", service="catalog")
        if response.status_code == 409:
            raise ReservationKept(f"the catalog keeps the stock of placed order {order_id}")
        if response.status_code not in (204, 404):
            raise unexpected(response, service="catalog")

    def close(self) -> None:
        self._http.close()

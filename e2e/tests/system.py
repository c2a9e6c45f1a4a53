"""The system as its clients see it: five public HTTP APIs, reached with one bearer token."""

import os
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

# The compose file's published ports and demo token; any other deployment sets the variables.
DEMO_TOKEN = "demo-admin-token"  # noqa: S105  (compose's demo token, not a secret)
SERVICES = {
    "users": "http://127.0.0.1:8001",
    "catalog": "http://127.0.0.1:8002",
    "orders": "http://127.0.0.1:8003",
    "payments": "http://127.0.0.1:8004",
    "notifications": "http://127.0.0.1:8005",
}


def base_url(service: str) -> str:
    """E2E_<SERVICE>_URL, else the compose default."""
    return os.environ.get(f"E2E_{service.upper()}_URL", SERVICES[service])


def not_ready() -> list[str]:
    """The /health/ready URLs of the services that do not answer 200 (empty when all do)."""
    found = []
    for name in SERVICES:
        url = f"{base_url(name)}/health/ready"
        try:
            if httpx.get(url, timeout=5.0).status_code != 200:
                found.append(url)
        except httpx.HTTPError:
            found.append(url)
    return found


def random_email() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}@example.com"


def random_sku() -> str:
    return f"E2E-{uuid.uuid4().hex[:12].upper()}"


@dataclass
class System:
    """One client per service, and the few calls the journeys make, asserting each succeeds."""

    users: httpx.Client
    catalog: httpx.Client
    orders: httpx.Client
    payments: httpx.Client
    notifications: httpx.Client

    @classmethod
    def from_environment(cls) -> "System":
        token = os.environ.get("E2E_TOKEN", DEMO_TOKEN)
        return cls.at({name: base_url(name) for name in SERVICES}, token)

    @classmethod
    def at(cls, base_urls: Mapping[str, str], token: str) -> "System":
        """One client per service at its base URL, each sending `token`."""
        return cls(
            **{
                name: httpx.Client(
                    base_url=base_urls[name],
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=10.0,
                )
                for name in SERVICES
            }
        )

    @classmethod
    @contextmanager
    def all_at(cls, base_url: str) -> Iterator["System"]:
        """Every service at one base URL (a Pact mock server), with the demo token; closed after."""
        system = cls.at(dict.fromkeys(SERVICES, base_url), DEMO_TOKEN)
        try:
            yield system
        finally:
            system.close()

    def close(self) -> None:
        for name in SERVICES:
            getattr(self, name).close()

    def create_user(self) -> dict[str, Any]:
        response = self.users.post("/users", json={"email": random_email(), "name": "E2E Shopper"})
        assert response.status_code == 201, response.text
        return response.json()

    def create_product(self, *, price_cents: int, stock: int) -> dict[str, Any]:
        product = {"sku": random_sku(), "name": "E2E widget", "price_cents": price_cents}
        response = self.catalog.post("/products", json={**product, "stock": stock})
        assert response.status_code == 201, response.text
        return response.json()

    def place_order(self, user_id: str, sku: str, quantity: int) -> httpx.Response:
        """POST /orders with one line; the response as it came, for the test to judge."""
        line = {"sku": sku, "quantity": quantity}
        return self.orders.post("/orders", json={"user_id": user_id, "lines": [line]})

    def order(self, order_id: str) -> dict[str, Any]:
        response = self.orders.get(f"/orders/{order_id}")
        assert response.status_code == 200, response.text
        return response.json()

    def orders_of(self, user_id: str) -> list[dict[str, Any]]:
        response = self.orders.get("/orders", params={"user_id": user_id})
        assert response.status_code == 200, response.text
        return response.json()["items"]

    def stock(self, sku: str) -> int:
        response = self.catalog.get(f"/products/{sku}")
        assert response.status_code == 200, response.text
        return response.json()["stock"]

    def payments_for(self, order_id: str) -> list[dict[str, Any]]:
        response = self.payments.get("/payments", params={"order_id": order_id})
        assert response.status_code == 200, response.text
        return response.json()["items"]

    def notifications_of(self, user_id: str) -> list[dict[str, Any]]:
        response = self.notifications.get("/notifications", params={"user_id": user_id})
        assert response.status_code == 200, response.text
        return response.json()["items"]

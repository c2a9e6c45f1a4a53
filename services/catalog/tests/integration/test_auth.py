"""Each route demands its scope: 401 without a token, 403 without the scope, through with it.

How a token is checked (the problem document, WWW-Authenticate) is the chassis'; which scope
each catalog route asks for is the catalog's wiring, tested here.
"""

import uuid
from typing import Any, NamedTuple

import pytest

from testkit.checks.api import problem_of
from testkit.data import random_sku


class Route(NamedTuple):
    method: str
    path: str
    body: dict[str, Any] | None
    scope: str  # the scope the route demands, which its 403 names
    lacking: str  # a token without the route's scope
    granted: str  # a token with it
    status: int  # the route's answer once the token is accepted


PRODUCT = {"sku": random_sku(), "name": "A", "price_cents": 1, "stock": 1}
ROUTES = {
    "create a product": Route(
        "POST", "/products", PRODUCT, "catalog:write", "reader-token", "writer-token", 201
    ),
    "read a product": Route(
        "GET",
        f"/products/{random_sku()}",
        None,
        "catalog:read",
        "stranger-token",
        "reader-token",
        404,
    ),
    "list products": Route(
        "GET", "/products", None, "catalog:read", "stranger-token", "reader-token", 200
    ),
    "reserve": Route(
        "POST",
        "/reservations",
        {"order_id": str(uuid.uuid4()), "lines": []},
        "catalog:reserve",
        "writer-token",
        "orders-token",
        400,
    ),
    "release": Route(
        "DELETE",
        f"/reservations/{uuid.uuid4()}",
        None,
        "catalog:reserve",
        "writer-token",
        "orders-token",
        204,
    ),
}
every_route = pytest.mark.parametrize("route", list(ROUTES.values()), ids=list(ROUTES))


def call(client, route: Route, token: str | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.request(route.method, route.path, json=route.body, headers=headers)


@every_route
def test_every_route_without_a_token_is_401(client, route):
    client.headers.pop("Authorization")

    assert call(client, route).status_code == 401


@every_route
def test_every_route_with_a_token_lacking_its_scope_is_a_403_problem_naming_it(client, route):
    refused = call(client, route, route.lacking)

    assert route.scope in problem_of(refused, 403)["detail"]


@every_route
def test_every_route_lets_a_token_with_its_scope_through(client, route):
    assert call(client, route, route.granted).status_code == route.status


def test_the_orders_token_may_read_and_reserve(client):
    sku = random_sku()
    client.post("/products", json={"sku": sku, "name": "A", "price_cents": 1, "stock": 1})
    orders = {"Authorization": "Bearer orders-token"}

    read = client.get(f"/products/{sku}", headers=orders)
    reserved = client.post(
        "/reservations",
        json={"order_id": str(uuid.uuid4()), "lines": [{"sku": sku, "quantity": 1}]},
        headers=orders,
    )

    assert (read.status_code, reserved.status_code) == (200, 201)

"""The bearer-token check in front of every route: 401 without a valid token, 403 without scope."""

import uuid

import pytest

from testkit import random_sku


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer unknown-token"}, {"Authorization": "Basic abc"}]
)
def test_without_a_valid_token_the_answer_is_401(client, headers):
    client.headers.pop("Authorization")

    response = client.get("/products", headers=headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("token", "method", "path", "body"),
    [
        ("stranger-token", "GET", "/products", None),
        (
            "reader-token",
            "POST",
            "/products",
            {"sku": "A", "name": "A", "price_cents": 1, "stock": 1},
        ),
        ("writer-token", "POST", "/reservations", {"order_id": str(uuid.uuid4()), "lines": []}),
        ("writer-token", "DELETE", f"/reservations/{uuid.uuid4()}", None),
    ],
    ids=["stranger reads", "reader writes", "writer reserves", "writer releases"],
)
def test_a_token_without_the_scope_is_403(client, token, method, path, body):
    response = client.request(method, path, json=body, headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 403


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


def test_health_needs_no_token(client):
    client.headers.pop("Authorization")

    assert client.get("/health/live").status_code == 200
    assert client.get("/health/ready").status_code == 200

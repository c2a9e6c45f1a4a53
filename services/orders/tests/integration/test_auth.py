"""Each orders route demands its own scope: 401 without a token, 403 with one lacking the scope."""

import uuid

import pytest

# (method, path, a token that is known but lacks the route's scope, one that holds it)
ROUTES = [
    ("POST", "/orders", "reader-token", "writer-token"),
    ("GET", f"/orders/{uuid.uuid4()}", "stranger-token", "reader-token"),
    ("GET", "/orders", "stranger-token", "reader-token"),
]


@pytest.mark.parametrize(
    ("method", "path", "lacking", "holding"), ROUTES, ids=["place", "get", "list"]
)
def test_each_route_is_401_without_a_token_and_403_without_its_scope(
    client, users, catalog, method, path, lacking, holding
):
    client.headers.pop("Authorization")
    body = {"user_id": str(users.add()), "lines": [{"sku": catalog.add("A", 1), "quantity": 1}]}

    def call(token: str | None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return client.request(
            method, path, json=body if method == "POST" else None, headers=headers
        )

    assert call(None).status_code == 401
    assert call(lacking).status_code == 403
    assert catalog.reserved == {}  # refused before the order was even looked at
    assert call(holding).status_code not in (401, 403)

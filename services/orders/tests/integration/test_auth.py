"""Each orders route demands its own scope: 401 without a token, 403 with one lacking the scope."""

import uuid

import pytest

from testkit.checks.api import problem_of

# (method, path, its scope, a token that is known but lacks it, one that holds it)
ROUTES = [
    ("POST", "/orders", "orders:write", "reader-token", "writer-token"),
    ("GET", f"/orders/{uuid.uuid4()}", "orders:read", "stranger-token", "reader-token"),
    ("GET", "/orders", "orders:read", "stranger-token", "reader-token"),
]


@pytest.mark.parametrize(
    ("method", "path", "scope", "lacking", "holding"), ROUTES, ids=["place", "get", "list"]
)
def test_each_route_is_401_without_a_token_and_a_403_problem_naming_its_scope_without_it(
    client, users, catalog, method, path, scope, lacking, holding
):
    client.headers.pop("Authorization")
    body = {"user_id": str(users.add()), "lines": [{"sku": catalog.add("A", 1), "quantity": 1}]}

    def call(token: str | None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return client.request(
            method, path, json=body if method == "POST" else None, headers=headers
        )

    assert call(None).status_code == 401
    refused = call(lacking)
    assert scope in problem_of(refused, 403)["detail"]
    assert catalog.reserved == {}  # refused before the order was even looked at
    assert call(holding).status_code not in (401, 403)

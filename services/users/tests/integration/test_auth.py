"""Each users route demands its own scope: 401 without a token, 403 with one lacking the scope."""

import uuid

import pytest

from testkit import random_email

# (method, path, body, a token that is known but lacks the route's scope, one that holds it)
ROUTES = [
    ("POST", "/users", {"name": "R"}, "reader-token", "writer-token"),
    ("GET", f"/users/{uuid.uuid4()}", None, "stranger-token", "reader-token"),
    ("GET", "/users", None, "stranger-token", "reader-token"),
]


def call(client, method, path, body, token):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    payload = {**body, "email": random_email()} if body is not None else None
    return client.request(method, path, json=payload, headers=headers)


@pytest.mark.parametrize(
    ("method", "path", "body", "lacking", "holding"), ROUTES, ids=["create", "get", "list"]
)
def test_each_route_is_401_without_a_token_and_403_without_its_scope(
    client, method, path, body, lacking, holding
):
    client.headers.pop("Authorization")

    assert call(client, method, path, body, None).status_code == 401
    assert call(client, method, path, body, lacking).status_code == 403
    assert call(client, method, path, body, holding).status_code not in (401, 403)

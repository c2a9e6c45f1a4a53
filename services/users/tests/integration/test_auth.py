"""Each users route demands its own scope: 401 without a token, 403 with one lacking the scope."""

import uuid

import pytest

from testkit.checks.api import problem_of
from testkit.data import random_email

# (method, path, body, its scope, a token that is known but lacks it, one that holds it)
ROUTES = [
    ("POST", "/users", {"name": "R"}, "users:write", "reader-token", "writer-token"),
    ("GET", f"/users/{uuid.uuid4()}", None, "users:read", "stranger-token", "reader-token"),
    ("GET", "/users", None, "users:read", "stranger-token", "reader-token"),
]


def call(client, method, path, body, token):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    payload = {**body, "email": random_email()} if body is not None else None
    return client.request(method, path, json=payload, headers=headers)


@pytest.mark.parametrize(
    ("method", "path", "body", "scope", "lacking", "holding"), ROUTES, ids=["create", "get", "list"]
)
def test_each_route_is_401_without_a_token_and_a_403_problem_naming_its_scope_without_it(
    client, method, path, body, scope, lacking, holding
):
    client.headers.pop("Authorization")

    assert call(client, method, path, body, None).status_code == 401
    refused = call(client, method, path, body, lacking)
    assert scope in problem_of(refused, 403)["detail"]
    assert call(client, method, path, body, holding).status_code not in (401, 403)

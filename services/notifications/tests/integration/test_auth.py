"""Each route demands its scope: 401 without a valid token, 403 with a token lacking the scope."""

import uuid

import pytest

from testkit.checks.api import problem_of

# Every route of the service and the scope it needs (the 401/403 mechanics are the chassis').
ROUTES = [("GET", "/notifications", {"user_id": str(uuid.UUID(int=1))}, "notifications:read")]


@pytest.mark.parametrize(("method", "path", "params", "scope"), ROUTES)
@pytest.mark.parametrize(("token", "status"), [(None, 401), ("stranger-token", 403)])
def test_a_route_refuses_a_caller_without_its_scope(
    client, method, path, params, scope, token, status
):
    client.headers.pop("Authorization")
    headers = {"Authorization": f"Bearer {token}"} if token else {}

    response = client.request(method, path, params=params, headers=headers)

    problem = problem_of(response, status)
    if status == 403:
        assert scope in problem["detail"]

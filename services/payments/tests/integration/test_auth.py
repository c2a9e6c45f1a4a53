"""Each payments route demands its scope: 401 without a valid token, 403 without the scope.

How a token is checked is the chassis' (chassis.auth); which scope each route asks for is this
service's wiring, one row per route.
"""

import pytest

from chassis.errors import PROBLEM_JSON

# (method, path, the scope it demands); fixed ids keep the test ids the same from run to run.
ROUTES = [("GET", "/payments?order_id=7a1c6f3e-2b4d-4e5f-8a9b-0c1d2e3f4a5b", "payments:read")]


@pytest.mark.parametrize(("method", "path", "scope"), ROUTES)
def test_without_a_token_each_route_is_401(client, method, path, scope):
    client.headers.pop("Authorization")

    response = client.request(method, path)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(("method", "path", "scope"), ROUTES)
def test_a_token_without_the_routes_scope_is_a_403_problem_naming_it(client, method, path, scope):
    response = client.request(method, path, headers={"Authorization": "Bearer stranger-token"})

    assert (response.status_code, response.headers["content-type"]) == (403, PROBLEM_JSON)
    assert response.json()["status"] == 403
    assert scope in response.json()["detail"]

"""The checks every service's HTTP API must pass, written once; a service's test subclasses them.

    class TestFrameworkErrors(FrameworkErrorChecks, BodyChecks, PageChecks):
        path, allow = "/users", "GET, POST"
        guarded = "GET /users"
        body_route = "POST /users"
        paged = "/users"

The chassis' own suites prove how the errors are made; these prove the service's app is made
with them. They use the service's `client` fixture (its real app, with a token that may call
`guarded` and `body_route`) and its `settings` (the body limit). The classes are not named
Test*, so pytest collects their tests only in the service's subclass.
"""

from typing import Any, ClassVar
from urllib.parse import parse_qsl

from fastapi.testclient import TestClient

from chassis.errors import PROBLEM_JSON
from chassis.openapi import PROBLEM_SCHEMA, is_error
from chassis.pagination import MAX_LIMIT, MAX_OFFSET
from chassis.settings import ServiceSettings

MALFORMED = b'{"oops": '


def misdeclared_errors(document: dict[str, Any]) -> list[str]:
    """The error responses of an OpenAPI document not declared as problem+json ProblemDetails."""
    return [
        f"{method.upper()} {path} {status}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for status, response in operation["responses"].items()
        if is_error(status)
        and response.get("content") != {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}}
    ]


def without_retry_after(document: dict[str, Any]) -> list[str]:
    """The operations of an OpenAPI document whose 503 does not declare its Retry-After header."""
    return [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if "Retry-After" not in operation["responses"].get("503", {}).get("headers", {})
    ]


def problem_of(response: Any, status: int) -> dict[str, Any]:
    """The problem document of `response`, checked: status, problem+json, a 503's Retry-After."""
    assert (response.status_code, response.headers["content-type"]) == (status, PROBLEM_JSON)
    problem: dict[str, Any] = response.json()
    assert problem["status"] == status
    if status == 503:
        assert response.headers.get("Retry-After", "").isdigit(), "a 503 says when to try again"
    return problem


def split(route: str) -> tuple[str, str]:
    method, url = route.split(" ", 1)
    return method, url


class FrameworkErrorChecks:
    """Unknown routes, wrong methods, big bodies, missing tokens: problems, before any reading."""

    path: ClassVar[str]  # a path of the service
    allow: ClassVar[str]  # every method the path supports, e.g. "GET, POST"
    guarded: ClassVar[str]  # a route behind a scope the client's token holds, e.g. "GET /users"

    def test_an_unknown_route_is_a_404_problem(self, client: TestClient) -> None:
        problem_of(client.get("/no-such-route"), 404)

    def test_a_method_the_path_lacks_is_a_405_problem_allowing_every_one_it_has(
        self, client: TestClient
    ) -> None:
        response = client.request("OPTIONS", self.path)

        problem_of(response, 405)
        assert response.headers["Allow"] == self.allow

    def test_a_body_over_the_limit_is_a_413_problem(
        self, client: TestClient, settings: ServiceSettings
    ) -> None:
        method, url = split(self.guarded)
        body = b"x" * (settings.max_body_bytes + 1)

        problem_of(client.request(method, url, content=body), 413)

    def test_without_a_token_an_oversized_malformed_body_is_a_401_problem(
        self, client: TestClient, settings: ServiceSettings
    ) -> None:
        client.headers.pop("Authorization")
        method, url = split(self.guarded)
        body = MALFORMED * (settings.max_body_bytes // len(MALFORMED) + 1)
        headers = {"Content-Type": "application/json"}

        response = client.request(method, url, content=body, headers=headers)

        problem_of(response, 401)
        assert response.headers["WWW-Authenticate"] == "Bearer"

    def test_every_error_in_the_openapi_document_is_a_problem(self, client: TestClient) -> None:
        assert misdeclared_errors(client.get("/openapi.json").json()) == []

    def test_every_operation_documents_its_503_with_retry_after(self, client: TestClient) -> None:
        assert without_retry_after(client.get("/openapi.json").json()) == []


class BodyChecks:
    """A route that reads a body: malformed JSON is a 400 problem, found before the route runs."""

    body_route: ClassVar[str]  # e.g. "POST /users"

    def test_malformed_json_is_a_400_problem_naming_the_body(self, client: TestClient) -> None:
        method, url = split(self.body_route)
        headers = {"Content-Type": "application/json"}

        problem = problem_of(client.request(method, url, content=MALFORMED, headers=headers), 400)

        assert [error["field"] for error in problem["errors"]] == ["body"]

    def test_without_a_token_malformed_json_is_a_401_problem(self, client: TestClient) -> None:
        client.headers.pop("Authorization")
        method, url = split(self.body_route)
        headers = {"Content-Type": "application/json"}

        problem_of(client.request(method, url, content=MALFORMED, headers=headers), 401)


class PageChecks:
    """A list route's limit and offset out of bounds: a 400 problem naming them, not a 500."""

    paged: ClassVar[str]  # a list route's URL, its required query included
    parameters: ClassVar[tuple[str, ...]] = ("limit", "offset")

    def test_a_page_out_of_bounds_is_a_400_problem_naming_the_parameter(
        self, client: TestClient
    ) -> None:
        path, _, query = self.paged.partition("?")
        out_of_bounds = {"limit": [0, MAX_LIMIT + 1, 2**63], "offset": [-1, MAX_OFFSET + 1, 2**63]}
        for parameter in self.parameters:
            for value in out_of_bounds[parameter]:
                params = {**dict(parse_qsl(query)), parameter: str(value)}
                response = client.get(path, params=params)

                problem = problem_of(response, 400)
                assert [error["field"] for error in problem["errors"]] == [parameter], value

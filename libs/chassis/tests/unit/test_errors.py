"""Every failure answered as problem+json: raised Problems, routing errors, outages, our bugs."""

import logging

import pytest
from fakes import FakeSessionFactory
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from chassis.app import create_service_app
from chassis.downstream import DownstreamUnavailable
from chassis.errors import (
    PROBLEM_JSON,
    RETRY_AFTER_SECONDS,
    BadRequest,
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    ServiceUnavailable,
    Unauthorized,
)

PROBLEMS = {
    "bad-request": (BadRequest, 400, "Bad Request"),
    "unauthorized": (Unauthorized, 401, "Unauthorized"),
    "forbidden": (Forbidden, 403, "Forbidden"),
    "not-found": (NotFound, 404, "Not Found"),
    "conflict": (Conflict, 409, "Conflict"),
    "unavailable": (ServiceUnavailable, 503, "Service Unavailable"),
}
DATABASE_ERRORS = {
    "down": OperationalError("SELECT 1", {}, Exception("connection refused")),
    "pool-exhausted": PoolTimeout("QueuePool limit reached, connection timed out"),
}


def failing_router() -> APIRouter:
    router = APIRouter()

    @router.get("/problems/{kind}")
    def raise_problem(kind: str) -> None:
        problem_class = PROBLEMS[kind][0]
        raise problem_class(f"a {kind} problem", [FieldError(field="sku", message="taken")])

    @router.get("/database/{failure}")
    def fail_on_the_database(failure: str) -> None:
        raise DATABASE_ERRORS[failure]

    @router.get("/downstream")
    def call_a_service_that_is_down() -> None:
        raise DownstreamUnavailable(
            "the catalog service did not answer: ConnectError('[Errno 111] at 10.0.0.7')",
            service="catalog",
        )

    @router.get("/bug")
    def fail_with_a_bug() -> None:
        raise KeyError("a secret of the implementation")

    # One path, three routes: what a 405 on /orders allows is all of their methods.
    @router.post("/orders")
    def place() -> None:
        return None

    @router.get("/orders")
    def list_orders() -> None:
        return None

    @router.delete("/orders")
    def forget_orders() -> None:
        return None

    @router.get("/orders/{order_id}")
    def read(order_id: str) -> None:
        return None

    return router


@pytest.fixture
def client() -> TestClient:
    app = create_service_app(
        title="test",
        session_factory=FakeSessionFactory(),
        api_tokens={},
        routers=[failing_router()],
    )
    return TestClient(app, raise_server_exceptions=False)


def problem_of(response) -> dict:
    assert response.headers["content-type"] == PROBLEM_JSON
    document = response.json()
    assert document["status"] == response.status_code
    return document


@pytest.mark.parametrize("kind", list(PROBLEMS))
def test_a_raised_problem_is_answered_with_its_status_title_detail_and_field_errors(client, kind):
    _, status, title = PROBLEMS[kind]

    response = client.get(f"/problems/{kind}")

    assert response.status_code == status
    assert problem_of(response) == {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": f"a {kind} problem",
        "errors": [{"field": "sku", "message": "taken"}],
    }


def test_only_an_unauthorized_problem_asks_for_a_bearer_token(client):
    assert client.get("/problems/unauthorized").headers["WWW-Authenticate"] == "Bearer"
    assert "WWW-Authenticate" not in client.get("/problems/forbidden").headers


@pytest.mark.parametrize(
    ("method", "url", "status", "title"),
    [("GET", "/nowhere", 404, "Not Found"), ("PUT", "/orders", 405, "Method Not Allowed")],
)
def test_routing_errors_keep_their_status_in_the_problem_format(client, method, url, status, title):
    response = client.request(method, url)

    assert response.status_code == status
    assert problem_of(response)["title"] == title
    assert "errors" not in response.json()  # no field to name


@pytest.mark.parametrize("url", ["/orders/", "/orders/42/"])
def test_a_trailing_slash_is_a_404_problem_never_a_redirect_built_from_the_host_header(client, url):
    # A redirect to "http://{Host}/orders" would send a client wherever the request's Host
    # header says (a forged Host, a cache poisoned with it), before any token is checked.
    response = client.get(url, headers={"Host": "evil.example"}, follow_redirects=False)

    assert response.status_code == 404
    assert problem_of(response)["title"] == "Not Found"
    assert "location" not in response.headers
    assert "evil.example" not in response.text


@pytest.mark.parametrize("method", ["PUT", "PATCH", "OPTIONS", "HEAD"])
def test_a_405_allows_every_method_of_the_path_not_just_one_routes(client, method):
    assert client.request(method, "/orders").headers["Allow"] == "DELETE, GET, POST"


def test_a_405_on_a_path_with_a_parameter_allows_the_methods_of_that_path_only(client):
    assert client.post("/orders/42").headers["Allow"] == "GET"


def test_a_405_on_the_frameworks_own_routes_allows_their_methods_too(client):
    response = client.post("/openapi.json")

    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"


def test_a_downstream_service_down_is_a_503_naming_it_and_its_error_goes_to_the_log_only(
    client, caplog
):
    with caplog.at_level(logging.WARNING, logger="chassis.errors"):
        response = client.get("/downstream")

    assert response.status_code == 503
    assert problem_of(response)["detail"] == (
        "the catalog service is not available; try again later"
    )
    assert "10.0.0.7" not in response.text
    assert "GET /downstream: the catalog service did not answer" in caplog.text
    assert "10.0.0.7" in caplog.text


def test_a_bug_is_a_500_problem_that_tells_nothing_of_it(client):
    response = client.get("/bug")

    assert response.status_code == 500
    assert problem_of(response) == {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
    }


@pytest.mark.parametrize("failure", list(DATABASE_ERRORS))
def test_a_database_that_is_down_or_busy_is_a_503_problem_not_a_500(client, failure):
    response = client.get(f"/database/{failure}")

    assert response.status_code == 503
    assert problem_of(response)["detail"] == "the database is not available; try again later"


@pytest.mark.parametrize(
    "url", ["/problems/unavailable", "/downstream", "/database/down", "/database/pool-exhausted"]
)
def test_every_503_says_when_to_try_again(client, url):
    response = client.get(url)

    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)


@pytest.mark.parametrize("url", ["/problems/conflict", "/problems/not-found", "/bug", "/nowhere"])
def test_no_other_answer_asks_to_be_tried_again(client, url):
    assert "Retry-After" not in client.get(url).headers

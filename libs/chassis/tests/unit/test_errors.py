"""Every failure answered as problem+json: raised Problems, routing errors, a database down."""

import pytest
from fakes import FakeSessionFactory
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from chassis.app import create_service_app
from chassis.errors import (
    PROBLEM_JSON,
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

    @router.post("/orders")
    def place() -> None:
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
    return TestClient(app)


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


def test_a_405_still_says_which_methods_are_allowed(client):
    assert client.put("/orders").headers["Allow"] == "POST"


@pytest.mark.parametrize("failure", list(DATABASE_ERRORS))
def test_a_database_that_is_down_or_busy_is_a_503_problem_not_a_500(client, failure):
    response = client.get(f"/database/{failure}")

    assert response.status_code == 503
    assert problem_of(response)["detail"] == "the database is not available; try again later"

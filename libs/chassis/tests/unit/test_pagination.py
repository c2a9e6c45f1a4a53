"""A page's bounds: out of them is a 400 naming the parameter, and never reaches the database."""

import pytest
from fakes import FakeSessionFactory
from fastapi import APIRouter
from fastapi.testclient import TestClient

from chassis.app import create_service_app
from chassis.errors import PROBLEM_JSON
from chassis.pagination import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, Limit, Offset


@pytest.fixture
def client() -> TestClient:
    router = APIRouter()

    @router.get("/things")
    def things(limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> list[int]:
        return [limit, offset]

    app = create_service_app(
        title="test", session_factory=FakeSessionFactory(), api_tokens={}, routers=[router]
    )
    return TestClient(app)


@pytest.mark.parametrize(
    ("params", "page"),
    [
        ({}, [DEFAULT_LIMIT, 0]),
        ({"limit": 1}, [1, 0]),
        ({"limit": MAX_LIMIT}, [MAX_LIMIT, 0]),
        ({"offset": MAX_OFFSET}, [DEFAULT_LIMIT, MAX_OFFSET]),
    ],
)
def test_a_page_within_bounds_is_served(client, params, page):
    assert client.get("/things", params=params).json() == page


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("limit", 0),
        ("limit", MAX_LIMIT + 1),
        ("limit", 2**63),
        ("offset", -1),
        ("offset", MAX_OFFSET + 1),
        ("offset", 2**63),
        ("offset", "ten"),
    ],
)
def test_a_page_out_of_bounds_is_a_400_problem_naming_the_parameter(client, parameter, value):
    response = client.get("/things", params={parameter: value})

    assert (response.status_code, response.headers["content-type"]) == (400, PROBLEM_JSON)
    assert [error["field"] for error in response.json()["errors"]] == [parameter]

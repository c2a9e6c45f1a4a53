"""Bad input of any kind is a 400 problem whose `errors` name each field: never FastAPI's 422."""

import uuid
from typing import Annotated

import pytest
from fakes import FakeSessionFactory
from fastapi import APIRouter, Query
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from chassis.app import create_service_app
from chassis.errors import PROBLEM_JSON, field_name

JSON = {"Content-Type": "application/json"}


class Line(BaseModel):
    sku: str
    quantity: int = Field(gt=0)


class Order(BaseModel):
    user_id: uuid.UUID
    lines: list[Line]


@pytest.fixture
def client() -> TestClient:
    router = APIRouter()

    @router.post("/orders")
    def place(order: Order) -> str:
        return str(order.user_id)

    @router.get("/orders/{order_id}")
    def read(order_id: uuid.UUID, limit: Annotated[int, Query(le=100)] = 10) -> int:
        return limit

    app = create_service_app(
        title="test", session_factory=FakeSessionFactory(), api_tokens={}, routers=[router]
    )
    return TestClient(app)


@pytest.mark.parametrize(
    ("method", "url", "options", "fields"),
    [
        ("POST", "/orders", {"json": {"lines": []}}, ["user_id"]),
        (
            "POST",
            "/orders",
            {"json": {"user_id": str(uuid.uuid4()), "lines": [{"sku": "A"}]}},
            ["lines[0].quantity"],
        ),
        ("GET", f"/orders/{uuid.uuid4()}", {"params": {"limit": 101}}, ["limit"]),
        ("GET", "/orders/42", {}, ["order_id"]),
        ("POST", "/orders", {"content": b'{"user_id": ', "headers": JSON}, ["body"]),
    ],
    ids=["missing field", "nested field", "query parameter", "path parameter", "malformed JSON"],
)
def test_invalid_input_is_a_400_problem_naming_each_field(client, method, url, options, fields):
    response = client.request(method, url, **options)

    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM_JSON
    problem = response.json()
    assert (problem["status"], problem["detail"]) == (400, "the request is not valid")
    assert [error["field"] for error in problem["errors"]] == fields


def test_malformed_json_says_where_the_json_breaks(client):
    response = client.post("/orders", content=b'{"user_id": ', headers=JSON)

    assert response.json()["errors"] == [
        {"field": "body", "message": "JSON decode error at character 12"}
    ]


@pytest.mark.parametrize(
    ("location", "name"),
    [
        (("body", "email"), "email"),
        (("body", "lines", 0, "sku"), "lines[0].sku"),
        (("body", 0, "sku"), "[0].sku"),
        (("query", "limit"), "limit"),
        (("path", "user_id"), "user_id"),
        (("body",), "body"),
        ((), "body"),
    ],
)
def test_a_validation_location_becomes_a_field_name(location, name):
    assert field_name(location) == name

"""Bearer tokens with scopes: 401 without a known token, 403 without the scope, else through."""

import pytest
from fakes import FakeSessionFactory
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient

from chassis.app import create_service_app
from chassis.auth import bearer_token, require_scope, scopes_of, scopes_required
from chassis.errors import PROBLEM_JSON, Unauthorized

TOKENS = {
    "reader-token": frozenset({"things:read"}),
    "stranger-token": frozenset({"other:read"}),
}


@pytest.fixture
def client() -> TestClient:
    router = APIRouter(dependencies=[Depends(require_scope("things:read"))])

    @router.get("/things")
    def things() -> list[str]:
        return ["a thing"]

    app = create_service_app(
        title="test", session_factory=FakeSessionFactory(), api_tokens=TOKENS, routers=[router]
    )
    return TestClient(app)


def test_a_known_token_grants_its_scopes():
    assert scopes_of("reader-token", TOKENS) == {"things:read"}


@pytest.mark.parametrize("token", [None, "", "unknown-token"])
def test_a_missing_or_unknown_token_is_unauthorized(token):
    with pytest.raises(Unauthorized):
        scopes_of(token, TOKENS)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer unknown-token"}, {"Authorization": "Basic cmVhZGVyLXRva2Vu"}],
    ids=["no header", "unknown token", "not a bearer token"],
)
def test_without_a_valid_bearer_token_the_answer_is_a_401_problem_asking_for_one(client, headers):
    response = client.get("/things", headers=headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.headers["content-type"] == PROBLEM_JSON


def test_a_token_without_the_scope_is_a_403_problem_naming_the_scope(client):
    response = client.get("/things", headers={"Authorization": "Bearer stranger-token"})

    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM_JSON
    assert "things:read" in response.json()["detail"]


def test_a_token_with_the_scope_gets_through(client):
    response = client.get("/things", headers={"Authorization": "Bearer reader-token"})

    assert (response.status_code, response.json()) == (200, ["a thing"])


def test_health_needs_no_token(client):
    assert client.get("/health/live").status_code == 200
    assert client.get("/health/ready").status_code == 200


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer t-1", "t-1"),
        ("bearer t-1", "t-1"),
        ("Bearer ", None),
        ("Basic t-1", None),
        ("t-1", None),
        (None, None),
    ],
)
def test_only_a_bearer_header_carries_a_token(header, token):
    assert bearer_token(header) == token


def test_a_route_requires_its_routers_scope_and_its_own():
    router = APIRouter(dependencies=[Depends(require_scope("things:read"))])

    @router.delete("/things/{name}", dependencies=[Depends(require_scope("things:write"))])
    def forget(name: str) -> None:
        return None

    [route] = router.routes

    assert scopes_required(route.dependant) == {"things:read", "things:write"}


def test_a_guarded_route_in_an_app_without_the_gate_fails_closed():
    router = APIRouter()

    @router.get("/things", dependencies=[Depends(require_scope("things:read"))])
    def things() -> list[str]:
        return ["a thing"]

    app = FastAPI()  # not create_service_app: nothing checks the token
    app.include_router(router)

    with pytest.raises(RuntimeError, match="no gate checked the scope things:read"):
        TestClient(app).get("/things", headers={"Authorization": "Bearer reader-token"})

"""The real users and catalog clients over a real HTTP hop: tokens, answers, and outages -> 503."""

import json
import time
import uuid

import pytest
from fastapi.testclient import TestClient
from orders.app import create_app
from orders.catalog_client import HttpCatalogClient
from orders.models import Order
from orders.users_client import HttpUsersClient
from sqlalchemy import select
from stubs import StubService, hanging, serving, url_of_nothing

from chassis.downstream import bearer_client
from testkit import random_sku

TIMEOUT = 0.5
# The bound tells the configured timeout from httpx's default (5 s) and from no timeout at all;
# the rest of the request (the other service's answer, the app) took up to 0.63 s on a 2-core
# machine under a load of 14, so 0.5 s of slack failed there while the timeout was right.
SLACK = 1.5
PRICE = 725


def users_answering(known: set[str]) -> StubService:
    def respond(method: str, path: str, body: bytes) -> tuple[int, object]:
        user_id = path.removeprefix("/users/")
        if method == "GET" and user_id in known:
            document = {"id": user_id, "email": "a@example.com", "name": "A", "created_at": "x"}
            return 200, document
        return 404, {"status": 404}

    return StubService(respond)


def catalog_answering(stock: int = 10) -> StubService:
    def respond(method: str, path: str, body: bytes) -> tuple[int, object]:
        if method == "GET" and path.startswith("/products/"):
            sku = path.removeprefix("/products/")
            return 200, {"sku": sku, "name": "Widget", "price_cents": PRICE, "stock": stock}
        if method == "POST" and path == "/reservations":
            short = any(line["quantity"] > stock for line in json.loads(body)["lines"])
            return (409, {"status": 409}) if short else (201, {"order_id": "x"})
        if method == "DELETE" and path.startswith("/reservations/"):
            return 204, None
        return 404, {"status": 404}

    return StubService(respond)


@pytest.fixture
def app_with_clients(settings, session_factory):
    """A TestClient factory: the app with real HTTP clients on the given base URLs."""

    def make(users_url: str, catalog_url: str) -> TestClient:
        def http(url: str, token: str):
            return bearer_client(base_url=url, token=token, timeout_seconds=TIMEOUT)

        app = create_app(
            settings=settings,
            session_factory=session_factory,
            users=HttpUsersClient(http(users_url, settings.users_token)),
            catalog=HttpCatalogClient(http(catalog_url, settings.catalog_token)),
        )
        return TestClient(app, headers={"Authorization": "Bearer writer-token"})

    return make


def place(client: TestClient, user_id: str, quantity: int = 1):
    lines = [{"sku": random_sku(), "quantity": quantity}]
    started = time.monotonic()
    response = client.post("/orders", json={"user_id": user_id, "lines": lines})
    return response, time.monotonic() - started


def stored_for(session, user_id: str) -> list[Order]:
    return list(session.scalars(select(Order).where(Order.user_id == uuid.UUID(user_id))))


def test_an_order_goes_through_real_clients_which_send_their_bearer_tokens(
    app_with_clients, session, settings
):
    user_id = str(uuid.uuid4())
    with serving(users_answering({user_id})) as users, serving(catalog_answering()) as catalog:
        response, _ = place(app_with_clients(users.url, catalog.url), user_id, quantity=2)

    assert response.status_code == 201
    assert response.json()["total_cents"] == 2 * PRICE
    assert {r[2]["Authorization"] for r in users.requests} == {f"Bearer {settings.users_token}"}
    assert {r[2]["Authorization"] for r in catalog.requests} == {f"Bearer {settings.catalog_token}"}
    assert [(method, path) for method, path, _ in catalog.requests][-1] == ("POST", "/reservations")
    assert len(stored_for(session, user_id)) == 1


def test_a_user_the_users_service_does_not_know_is_a_400(app_with_clients, session):
    with serving(users_answering(set())) as users, serving(catalog_answering()) as catalog:
        response, _ = place(app_with_clients(users.url, catalog.url), str(uuid.uuid4()))

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "user_id"


def test_a_409_from_the_catalog_is_a_409_and_nothing_is_stored(app_with_clients, session):
    user_id = str(uuid.uuid4())
    with serving(users_answering({user_id})) as users, serving(catalog_answering(1)) as catalog:
        response, _ = place(app_with_clients(users.url, catalog.url), user_id, quantity=5)

    assert response.status_code == 409
    assert stored_for(session, user_id) == []


def test_a_sku_is_escaped_in_the_product_path(settings):
    stub = catalog_answering()
    with serving(stub) as catalog:
        client = HttpCatalogClient(
            bearer_client(base_url=catalog.url, token=settings.catalog_token, timeout_seconds=1)
        )
        client.get_product("../users/x?y")

    assert stub.requests[0][1] == "/products/%2E%2E%2Fusers%2Fx%3Fy"


def test_a_catalog_answering_500_is_a_503(app_with_clients, session):
    user_id = str(uuid.uuid4())
    broken = StubService(lambda method, path, body: (500, {"status": 500}))
    with serving(users_answering({user_id})) as users, serving(broken) as catalog:
        response, _ = place(app_with_clients(users.url, catalog.url), user_id)

    assert response.status_code == 503
    assert stored_for(session, user_id) == []


@pytest.mark.parametrize("outage", ["down", "hanging"])
@pytest.mark.parametrize("service", ["users", "catalog"])
def test_a_service_down_or_hanging_is_a_503_within_the_timeout_and_nothing_is_stored(
    app_with_clients, session, service, outage
):
    user_id = str(uuid.uuid4())
    with (
        serving(users_answering({user_id})) as users,
        serving(catalog_answering()) as catalog,
        hanging() as hanging_url,
    ):
        broken_url = url_of_nothing() if outage == "down" else hanging_url
        urls = {"users": users.url, "catalog": catalog.url, service: broken_url}
        response, elapsed = place(app_with_clients(urls["users"], urls["catalog"]), user_id)

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert service in response.json()["detail"]
    assert elapsed < TIMEOUT + SLACK
    if outage == "hanging":
        assert elapsed >= TIMEOUT  # it really waited for the answer that never came
    assert stored_for(session, user_id) == []

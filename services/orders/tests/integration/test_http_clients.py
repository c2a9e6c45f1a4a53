"""The real users and catalog clients over a real HTTP hop: tokens, answers, and outages -> 503."""

import json
import time
import uuid

import pytest
from fastapi.testclient import TestClient
from orders.models import Order
from sqlalchemy import select
from stubs import HANG, StubService, serving, url_of_nothing

from testkit.data import random_sku
from testkit.servers.refusals import refusing
from testkit.stand_ins.hanging import silent_server

TIMEOUT = 0.5
# The bound tells the configured timeout from httpx's default (5 s) and from no timeout at all;
# the rest of the request (the other service's answer, the app) took up to 0.63 s on a 2-core
# machine under a load of 14, so 0.5 s of slack failed there while the timeout was right.
SLACK = 1.5
# A client whose first call hangs has nothing to wait for but the hang: its timeout can be short,
# and the test waits milliseconds. Calls that must be answered first keep TIMEOUT.
FIRST_CALL_TIMEOUT = 0.05
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
        if method == "POST" and path == "/reservations":
            lines = json.loads(body)["lines"]
            if any(line["quantity"] > stock for line in lines):
                return 409, {"status": 409}
            priced = [{**line, "unit_price_cents": PRICE} for line in lines]
            return 201, {"order_id": "x", "status": "reserved", "lines": priced}
        if method == "DELETE" and path.startswith("/reservations/"):
            return 204, None
        return 404, {"status": 404}

    return StubService(respond)


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
        response, _ = place(
            app_with_clients(users.url, catalog.url, timeout_seconds=TIMEOUT), user_id, quantity=2
        )

    assert response.status_code == 201
    assert response.json()["total_cents"] == 2 * PRICE
    assert {r[2]["Authorization"] for r in users.requests} == {f"Bearer {settings.users_token}"}
    assert {r[2]["Authorization"] for r in catalog.requests} == {f"Bearer {settings.catalog_token}"}
    assert [(method, path) for method, path, _ in catalog.requests][-1] == ("POST", "/reservations")
    assert len(stored_for(session, user_id)) == 1


def test_a_user_the_users_service_does_not_know_is_a_400(app_with_clients, session):
    with serving(users_answering(set())) as users, serving(catalog_answering()) as catalog:
        response, _ = place(
            app_with_clients(users.url, catalog.url, timeout_seconds=TIMEOUT), str(uuid.uuid4())
        )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "user_id"


def test_a_409_from_the_catalog_is_a_409_and_nothing_is_stored(app_with_clients, session):
    user_id = str(uuid.uuid4())
    with serving(users_answering({user_id})) as users, serving(catalog_answering(1)) as catalog:
        response, _ = place(
            app_with_clients(users.url, catalog.url, timeout_seconds=TIMEOUT), user_id, quantity=5
        )

    assert response.status_code == 409
    assert stored_for(session, user_id) == []


def test_a_reservation_answering_other_lines_is_a_503_and_released(app_with_clients, session):
    """No price for a line (a released order's reservation answers none): nothing is stored."""
    user_id = str(uuid.uuid4())

    def respond(method: str, path: str, body: bytes) -> tuple[int, object]:
        if method == "POST":
            return 200, {"order_id": "x", "status": "released", "lines": []}
        return 204, None

    stub = StubService(respond)
    with serving(users_answering({user_id})) as users, serving(stub) as catalog:
        response, _ = place(
            app_with_clients(users.url, catalog.url, timeout_seconds=TIMEOUT), user_id
        )

    assert response.status_code == 503
    assert [method for method, _, _ in stub.requests] == ["POST", "DELETE"]
    assert stored_for(session, user_id) == []


# A 401 or 403 is a token to fix on this side, never the customer's doing: a 503 like an outage
# (the pacts pin the catalog's refusals, tests/contract/test_catalog_consumer.py).
@pytest.mark.parametrize("status", [500, 401, 403])
def test_a_catalog_answering_500_or_refusing_the_token_is_a_503(app_with_clients, session, status):
    user_id = str(uuid.uuid4())
    broken = StubService(lambda method, path, body: (status, {"status": status}))
    with serving(users_answering({user_id})) as users, serving(broken) as catalog:
        response, _ = place(
            app_with_clients(users.url, catalog.url, timeout_seconds=TIMEOUT), user_id
        )

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
        silent_server() as hanging_url,
    ):
        broken_url = url_of_nothing() if outage == "down" else hanging_url
        urls = {"users": users.url, "catalog": catalog.url, service: broken_url}
        # Users is called first: the catalog's first call comes after users has answered.
        timeouts = {"users": TIMEOUT, "catalog": TIMEOUT, service: FIRST_CALL_TIMEOUT}
        client = app_with_clients(
            urls["users"],
            urls["catalog"],
            timeout_seconds=timeouts["users"],
            catalog_timeout_seconds=timeouts["catalog"],
        )
        response, elapsed = place(client, user_id)

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert service in response.json()["detail"]
    assert elapsed < FIRST_CALL_TIMEOUT + SLACK
    if outage == "hanging":
        assert elapsed >= FIRST_CALL_TIMEOUT  # it really waited for the answer that never came
    assert stored_for(session, user_id) == []


def catalog_hanging_at(method: str, path: str) -> StubService:
    """The catalog answering every call but those of `method` on paths starting with `path`."""
    answering = catalog_answering()

    def respond(asked: str, asked_path: str, body: bytes) -> tuple[int, object] | str:
        if asked == method and asked_path.startswith(path):
            return HANG
        return answering.respond(asked, asked_path, body)

    return StubService(respond)


def problem_within_the_timeout(response, elapsed: float, timeout: float = TIMEOUT) -> None:
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert timeout <= elapsed < timeout + SLACK


@pytest.mark.parametrize(
    ("method", "path", "catalog_timeout"),
    [("POST", "/reservations", TIMEOUT)],
    ids=["reservation"],
)
def test_a_catalog_hanging_at_a_later_call_is_a_503_within_the_timeout_and_nothing_is_stored(
    app_with_clients, session, method, path, catalog_timeout
):
    user_id = str(uuid.uuid4())
    catalog_stub = catalog_hanging_at(method, path)
    with serving(users_answering({user_id})) as users, serving(catalog_stub) as catalog:
        client = app_with_clients(
            users.url, catalog.url, timeout_seconds=TIMEOUT, catalog_timeout_seconds=catalog_timeout
        )
        response, elapsed = place(client, user_id)

    problem_within_the_timeout(response, elapsed, catalog_timeout)
    assert "catalog" in response.json()["detail"]
    # The earlier calls were answered: the request got as far as the call that hung.
    assert any(m == method and p.startswith(path) for m, p, _ in catalog.requests)
    assert users.requests
    assert stored_for(session, user_id) == []


def test_a_catalog_hanging_at_the_release_after_a_failed_commit_is_a_503_within_the_timeout(
    app_with_clients, committing_session_factory, database
):
    user_id = str(uuid.uuid4())
    catalog_stub = catalog_hanging_at("DELETE", "/reservations/")
    with (
        serving(users_answering({user_id})) as users,
        serving(catalog_stub) as catalog,
        # The database refuses the order: the reservation made for it must be given back.
        refusing(database, table="orders", when=f"NEW.user_id = '{user_id}'"),
    ):
        client = app_with_clients(
            users.url, catalog.url, timeout_seconds=TIMEOUT, sessions=committing_session_factory
        )
        response, elapsed = place(client, user_id)

    problem_within_the_timeout(response, elapsed)
    assert [m for m, p, _ in catalog.requests if p.startswith("/reservations")] == [
        "POST",
        "DELETE",
    ]
    with committing_session_factory() as session:
        assert stored_for(session, user_id) == []

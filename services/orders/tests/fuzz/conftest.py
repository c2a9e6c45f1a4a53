"""The orders app as the fuzzer meets it: the kit's migrated database and real HTTP clients.

Its users and catalog services are either up, stand-ins that know every user and product and
reserve anything, so that a valid order goes all the way to the database; or down, refusing
connections, so that every order that reaches them must be the documented 503 naming one.
"""

import json
import socket
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest
from fastapi import FastAPI
from orders.app import create_app
from orders.catalog_client import HttpCatalogClient
from orders.settings import Settings
from orders.users_client import HttpUsersClient
from sqlalchemy.orm import Session, sessionmaker

from chassis.downstream import bearer_client
from testkit.stand_ins.json_http import JsonHandler, serving

PRICE_CENTS = 1_999
DOWNSTREAM = frozenset({"users", "catalog"})


class EverythingExists(JsonHandler):
    """Users and catalog at one address: every user and product exists, every reserve succeeds."""

    def do_GET(self) -> None:
        user = {"id": self.path.removeprefix("/users/"), "email": "a@example.com", "name": "A"}
        return self.send_json(200, user)

    def do_POST(self) -> None:
        body = json.loads(self.read_body())
        lines = [{**line, "unit_price_cents": PRICE_CENTS} for line in body["lines"]]
        self.send_json(201, {"order_id": body["order_id"], "status": "reserved", "lines": lines})

    def do_DELETE(self) -> None:
        self.send_json(204, None)


@pytest.fixture(params=[True, False], ids=["services up", "services down"])
def services_up(request: pytest.FixtureRequest) -> bool:
    return request.param


@pytest.fixture
def downstream_url(services_up: bool) -> Iterator[str]:
    """Where the app finds users and catalog: stand-ins that answer, or a port nobody listens on."""
    if services_up:
        with serving(ThreadingHTTPServer(("127.0.0.1", 0), EverythingExists)) as url:
            yield url
        return
    with socket.socket() as probe:  # bound, never listening: connections are refused at once
        probe.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.fixture
def unavailable_services(services_up: bool) -> frozenset[str]:
    """The services whose 503 is the documented answer: both, while they are down."""
    return frozenset() if services_up else DOWNSTREAM


@pytest.fixture
def app(
    settings: Settings, session_factory: sessionmaker[Session], downstream_url: str
) -> Iterator[FastAPI]:
    """The real app, with the real users and catalog clients, on a real database."""

    def http(token: str):
        return bearer_client(base_url=downstream_url, token=token, timeout_seconds=2.0)

    users = HttpUsersClient(http(settings.users_token))
    catalog = HttpCatalogClient(http(settings.catalog_token))
    yield create_app(
        settings=settings, session_factory=session_factory, users=users, catalog=catalog
    )
    users.close()
    catalog.close()


@pytest.fixture
def api_token() -> str:
    """Every orders scope: orders:read, orders:write (a 403 fails the run)."""
    return "writer-token"

"""A reserve whose answer is lost is released: real clients, a real HTTP hop, the real database.

The catalog stand-in takes the stock first, as the catalog commits before it answers, and only
then fails: it answers late (after orders' timeout), answers 500, or drops the connection. Each
time orders cannot know whether stock is held for the order, so it must release it; the stand-in
keeps what it holds, and the test checks that it holds nothing once orders has answered.
"""

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import ThreadingHTTPServer

import pytest
from orders.models import Order
from sqlalchemy import select

from testkit.data import random_sku
from testkit.stand_ins import json_http

TIMEOUT = 0.3


class CatalogThatLosesItsAnswer(json_http.JsonHandler):
    """A reserve takes the stock, then fails as `server.failure` says."""

    server: "Catalog"

    def do_GET(self) -> None:  # the users service too: any user exists
        user = {"id": self.path.removeprefix("/users/"), "email": "a@example.com", "name": "A"}
        self.send_json(200, user)

    def do_POST(self) -> None:
        body = json.loads(self.read_body())
        order_id = body["order_id"]
        self.server.reserved.append(order_id)
        self.server.held.add(order_id)  # committed: from here on the stock is taken
        if self.server.failure == "late":
            self.server.gone.wait(5)  # until orders has answered its caller, long after its timeout
            lines = [{**line, "unit_price_cents": 100} for line in body["lines"]]
            self.send_json(201, {"order_id": order_id, "status": "reserved", "lines": lines})
        elif self.server.failure == "500":
            self.send_json(500, {"status": 500})
        else:  # "dropped": the connection closes without a word
            self.close_connection = True

    def do_DELETE(self) -> None:
        self.server.held.discard(self.path.removeprefix("/reservations/"))
        self.server.released.append(self.path.removeprefix("/reservations/"))
        self.send_json(204, None)

    def handle(self) -> None:
        # The late answer goes to a connection orders has closed already, as in production.
        with suppress(OSError):
            super().handle()


class Catalog(ThreadingHTTPServer):
    def __init__(self, failure: str) -> None:
        super().__init__(("127.0.0.1", 0), CatalogThatLosesItsAnswer)
        self.failure = failure
        self.reserved: list[str] = []
        self.held: set[str] = set()
        self.released: list[str] = []
        self.gone = threading.Event()


@contextmanager
def catalog_failing(failure: str) -> Iterator[tuple[Catalog, str]]:
    catalog = Catalog(failure)
    with json_http.serving(catalog) as url:
        try:
            yield catalog, url
        finally:
            catalog.gone.set()


@pytest.mark.parametrize("failure", ["late", "500", "dropped"])
def test_a_reserve_that_may_have_gone_through_is_released_and_the_order_is_a_503(
    app_with_clients, session, failure
):
    user_id = uuid.uuid4()
    with catalog_failing(failure) as (catalog, url):
        body = {"user_id": str(user_id), "lines": [{"sku": random_sku(), "quantity": 2}]}
        # Both services on the stand-in at `url`.
        orders = app_with_clients(url, url, timeout_seconds=TIMEOUT)
        response = orders.post("/orders", json=body)

        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert len(catalog.reserved) == 1
        assert catalog.released == catalog.reserved  # the very order whose answer was lost
        assert catalog.held == set()
    assert list(session.scalars(select(Order).where(Order.user_id == user_id))) == []

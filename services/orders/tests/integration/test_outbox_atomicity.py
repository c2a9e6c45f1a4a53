"""An order and its order.placed are stored together or not at all, on the real database.

The database itself fails on the way (a trigger the test plants for its own user,
`testkit.servers.refusals`): at the outbox's INSERT, at the order's INSERT, or at COMMIT, after both
rows were written (a deferred constraint trigger). The app commits for real
(`committing_session_factory`): an event committed apart from its order, on a connection of its
own, only shows after a real commit.
"""

import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from orders.app import create_app
from orders.models import Order, outbox
from sqlalchemy import select

from testkit.data import random_sku
from testkit.servers.refusals import refusing

BY_USER = "NEW.user_id = '{user_id}'"
# Where the database fails, as `refusing`'s arguments; {user_id} is the test's user.
FAILURES = {
    "at the outbox insert": {
        "table": "outbox",
        "when": "NEW.payload->'data'->>'user_id' = '{user_id}'",
    },
    "at the order insert": {"table": "orders", "when": BY_USER},
    "at the commit": {"table": "orders", "when": BY_USER, "at_commit": True},
}


@pytest.fixture
def committing_client(settings, committing_session_factory, users, catalog) -> Iterator[TestClient]:
    """The app on real commits, with fake users and catalog (which records releases)."""
    app = create_app(
        settings=settings, session_factory=committing_session_factory, users=users, catalog=catalog
    )
    with TestClient(app, headers={"Authorization": "Bearer writer-token"}) as client:
        yield client


def stored(sessions, user_id: uuid.UUID) -> tuple[list[uuid.UUID], list[str]]:
    """The ids of the user's orders, and the types of the events about them, as committed."""
    with sessions() as session:
        orders = session.scalars(select(Order.id).where(Order.user_id == user_id)).all()
        about_user = outbox.table.c.payload["data"]["user_id"].astext == str(user_id)
        events = session.scalars(select(outbox.table.c.type).where(about_user)).all()
    return list(orders), list(events)


def place(client: TestClient, user_id: uuid.UUID, sku: str):
    return client.post(
        "/orders", json={"user_id": str(user_id), "lines": [{"sku": sku, "quantity": 1}]}
    )


def test_without_a_failure_the_order_and_its_event_are_both_committed(
    committing_client, committing_session_factory, users, catalog
):
    user_id = users.add()

    response = place(committing_client, user_id, catalog.add(random_sku(), 300))

    assert response.status_code == 201
    assert stored(committing_session_factory, user_id) == (
        [uuid.UUID(response.json()["id"])],
        ["order.placed"],
    )


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failure_between_the_order_and_its_event_keeps_neither_and_releases_the_stock(
    committing_client, committing_session_factory, database, users, catalog, failure
):
    user_id, sku = users.add(), catalog.add(random_sku(), 300)
    where = FAILURES[failure]

    with refusing(database, **{**where, "when": where["when"].format(user_id=user_id)}) as refusal:
        response = place(committing_client, user_id, sku)
        refused = refusal.count()

    assert refused == 1  # the database failed where this test says
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert stored(committing_session_factory, user_id) == ([], [])
    [reserved] = catalog.reserved
    assert catalog.released == [reserved]

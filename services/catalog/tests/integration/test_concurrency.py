"""Concurrent reservations on committed data: real Postgres row locks decide, nothing oversells.

A test connection holds the product rows locked while both requests start, and lets go only
once Postgres shows both waiting on it: the two transactions really do overlap.
"""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from catalog.models import Product, Reservation
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from testkit import random_sku
from testkit.polling import eventually


@pytest.fixture
def add_product(committing_client):
    def add(stock: int) -> str:
        sku = random_sku()
        data = {"sku": sku, "name": "Kettle", "price_cents": 2500, "stock": stock}
        assert committing_client.post("/products", json=data).status_code == 201
        return sku

    return add


def waiting_on_locks(database) -> int:
    with database.connect() as connection:
        return connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        )


def reserve_while_locked(database, app, skus, bodies) -> list[int]:
    """Send every body at once while the rows of `skus` are locked; their status codes."""
    with database.connect() as holder, ThreadPoolExecutor(len(bodies)) as pool:
        holder.execute(select(Product).where(Product.sku.in_(skus)).with_for_update()).all()

        def post(body):
            with TestClient(app, headers={"Authorization": "Bearer orders-token"}) as client:
                return client.post("/reservations", json=body).status_code

        futures = [pool.submit(post, body) for body in bodies]
        eventually(lambda: waiting_on_locks(database) == len(bodies), what="both requests waiting")
        holder.rollback()
        return [future.result(timeout=10) for future in futures]


def test_two_orders_for_the_last_unit_at_once_exactly_one_wins(
    database, committing_client, committing_session_factory, add_product
):
    sku = add_product(stock=1)
    orders = [uuid.uuid4(), uuid.uuid4()]
    bodies = [{"order_id": str(o), "lines": [{"sku": sku, "quantity": 1}]} for o in orders]

    statuses = reserve_while_locked(database, committing_client.app, [sku], bodies)

    assert sorted(statuses) == [201, 409]
    with committing_session_factory() as session:
        assert session.get(Product, sku).stock == 0
        reserved = session.scalars(
            select(Reservation.order_id).where(Reservation.order_id.in_(orders))
        ).all()
    assert reserved == [orders[statuses.index(201)]]


def test_orders_naming_the_same_products_in_opposite_orders_do_not_deadlock(
    database, committing_client, committing_session_factory, add_product
):
    first, second = add_product(stock=10), add_product(stock=10)
    bodies = [
        {
            "order_id": str(uuid.uuid4()),
            "lines": [{"sku": a, "quantity": 1}, {"sku": b, "quantity": 2}],
        }
        for a, b in ((first, second), (second, first))
    ]

    statuses = reserve_while_locked(database, committing_client.app, [first, second], bodies)

    # A deadlock would make Postgres abort one of them: a 503 here.
    assert statuses == [201, 201]
    with committing_session_factory() as session:
        assert session.get(Product, first).stock == session.get(Product, second).stock == 7

"""Concurrent reservations on committed data: real Postgres row locks decide, nothing oversells.

A test connection holds the product rows locked while both requests start, and lets go only
once Postgres shows both waiting on it: the two transactions really do overlap. Likewise for a
release racing a reserve of the same order: one transaction is left open until Postgres shows
the other waiting on it.
"""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from catalog.models import Product, Reservation, ReservationLine, ReservationStatus
from catalog.reservations import release_reservation
from catalog.service import lock_products
from fastapi.testclient import TestClient
from locks import waiting_on_locks
from sqlalchemy import select
from sqlalchemy.orm import Session

from testkit.data import random_sku
from testkit.polling import eventually


@pytest.fixture
def add_product(committing_client):
    def add(stock: int) -> str:
        sku = random_sku()
        data = {"sku": sku, "name": "Kettle", "price_cents": 2500, "stock": stock}
        assert committing_client.post("/products", json=data).status_code == 201
        return sku

    return add


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


def send(app, method: str, path: str, **kwargs):
    """A request from a thread of its own, as orders (a client per thread)."""
    with TestClient(app, headers={"Authorization": "Bearer orders-token"}) as client:
        return client.request(method, path, **kwargs)


def a_reserve_in_flight(session: Session, sku: str, order_id: uuid.UUID) -> None:
    """What `reserve` has done just before its commit: the stock taken, its row written."""
    lock_products(session, [sku])[sku].stock -= 2
    line = ReservationLine(sku=sku, quantity=2, unit_price_cents=100)
    session.add(Reservation(order_id=order_id, status=ReservationStatus.RESERVED, lines=[line]))
    session.flush()


def test_a_release_racing_the_reserve_it_gave_up_on_waits_for_it_then_gives_its_stock_back(
    database, committing_client, committing_session_factory, add_product
):
    sku, order_id = add_product(stock=5), uuid.uuid4()
    with committing_session_factory() as reserving, ThreadPoolExecutor(1) as pool:
        a_reserve_in_flight(reserving, sku, order_id)
        release = pool.submit(send, committing_client.app, "DELETE", f"/reservations/{order_id}")
        eventually(lambda: waiting_on_locks(database) == 1, what="the release waiting")
        reserving.commit()

        assert release.result(timeout=10).status_code == 204
    with committing_session_factory() as session:
        assert session.get(Reservation, order_id).status == "released"
        assert session.get(Product, sku).stock == 5


def test_a_reserve_racing_the_release_of_its_order_takes_nothing(
    database, committing_client, committing_session_factory, add_product
):
    sku, order_id = add_product(stock=5), uuid.uuid4()
    body = {"order_id": str(order_id), "lines": [{"sku": sku, "quantity": 2}]}
    with committing_session_factory() as releasing, ThreadPoolExecutor(1) as pool:
        with releasing.begin():
            release_reservation(releasing, order_id=order_id)  # a tombstone, not yet committed
            reserve = pool.submit(send, committing_client.app, "POST", "/reservations", json=body)
            eventually(lambda: waiting_on_locks(database) == 1, what="the reserve waiting")

        response = reserve.result(timeout=10)
    assert response.status_code == 200
    assert response.json()["status"] == "released"
    with committing_session_factory() as session:
        assert session.get(Product, sku).stock == 5

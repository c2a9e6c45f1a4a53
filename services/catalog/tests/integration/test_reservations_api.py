"""Reservations over HTTP and Postgres: all or nothing, idempotent, released once."""

import uuid

import pytest
from catalog import holds
from catalog.models import Product, Reservation, ReservationLine
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from testkit.data import random_sku


@pytest.fixture
def add_product(client):
    def add(stock: int, price_cents: int = 500) -> str:
        sku = random_sku()
        data = {"sku": sku, "name": "Mug", "price_cents": price_cents, "stock": stock}
        assert client.post("/products", json=data).status_code == 201
        return sku

    return add


def stock_of(client, sku: str) -> int:
    return client.get(f"/products/{sku}").json()["stock"]


def reservation(order_id=None, **quantities: int) -> dict:
    return {
        "order_id": str(order_id or uuid.uuid4()),
        "lines": [{"sku": sku, "quantity": quantity} for sku, quantity in quantities.items()],
    }


def test_a_reservation_takes_the_stock_of_every_line_at_its_price(client, add_product):
    mug, cup = add_product(stock=5, price_cents=700), add_product(stock=3, price_cents=250)
    body = reservation(**{mug: 2, cup: 3})

    response = client.post("/reservations", json=body)

    assert response.status_code == 201
    prices = {mug: 700, cup: 250}
    assert response.json() == {
        **body,
        "status": "reserved",
        "lines": [
            {**line, "unit_price_cents": prices[line["sku"]]}
            for line in sorted(body["lines"], key=lambda line: line["sku"])
        ],
    }
    assert (stock_of(client, mug), stock_of(client, cup)) == (3, 0)


def test_a_repeated_reservation_answers_the_price_it_was_reserved_at(client, add_product, session):
    mug = add_product(stock=5, price_cents=700)
    body = reservation(**{mug: 1})
    assert client.post("/reservations", json=body).status_code == 201
    session.get(Product, mug).price_cents = 900
    session.flush()

    again = client.post("/reservations", json=body)

    assert again.status_code == 200
    assert [line["unit_price_cents"] for line in again.json()["lines"]] == [700]


def test_one_short_line_is_a_409_naming_it_and_changes_nothing(client, add_product, session):
    mug, cup = add_product(stock=5), add_product(stock=1)
    body = reservation(**{mug: 2, cup: 4})

    response = client.post("/reservations", json=body)

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert (problem["status"], problem["title"]) == (409, "Conflict")
    assert cup in problem["detail"]
    assert mug not in problem["detail"]
    assert [error["field"] for error in problem["errors"]] == ["lines[1].quantity"]
    assert (stock_of(client, mug), stock_of(client, cup)) == (5, 1)
    assert session.get(Reservation, uuid.UUID(body["order_id"])) is None
    order_lines = select(func.count()).where(ReservationLine.order_id == body["order_id"])
    assert session.scalar(order_lines) == 0


def test_an_unknown_sku_is_a_400_naming_its_line_and_changes_nothing(client, add_product, session):
    mug = add_product(stock=5)
    body = reservation(**{mug: 1, random_sku(): 1})

    response = client.post("/reservations", json=body)

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["lines[1].sku"]
    assert stock_of(client, mug) == 5
    assert session.get(Reservation, uuid.UUID(body["order_id"])) is None


def test_the_same_order_again_is_a_200_with_the_reservation_and_takes_nothing_more(
    client, add_product
):
    mug = add_product(stock=5)
    body = reservation(**{mug: 2})
    first = client.post("/reservations", json=body)

    again = client.post("/reservations", json=body)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert stock_of(client, mug) == 3


@pytest.mark.parametrize(
    ("lines", "field"),
    [
        ([], "lines"),
        ([{"sku": "A", "quantity": 1}] * 2, "lines"),
        ([{"sku": f"S{n}", "quantity": 1} for n in range(51)], "lines"),
        ([{"sku": "A", "quantity": 0}], "lines[0].quantity"),
        ([{"sku": "no/slash", "quantity": 1}], "lines[0].sku"),
        ([{"quantity": 1}], "lines[0].sku"),
    ],
    ids=["no lines", "a sku twice", "51 lines", "zero quantity", "bad sku", "missing sku"],
)
def test_invalid_lines_are_a_400_naming_the_field(client, lines, field):
    response = client.post("/reservations", json={"order_id": str(uuid.uuid4()), "lines": lines})

    assert response.status_code == 400
    assert field in [error["field"] for error in response.json()["errors"]]


def test_a_malformed_order_id_is_a_400(client):
    response = client.post("/reservations", json={"order_id": "42", "lines": []})

    assert response.status_code == 400
    assert "order_id" in [error["field"] for error in response.json()["errors"]]


def test_releasing_gives_the_stock_back_once_however_often_it_is_asked(
    client, add_product, session
):
    mug = add_product(stock=5)
    body = reservation(**{mug: 2})
    client.post("/reservations", json=body)

    first = client.delete(f"/reservations/{body['order_id']}")
    again = client.delete(f"/reservations/{body['order_id']}")

    assert (first.status_code, again.status_code) == (204, 204)
    assert stock_of(client, mug) == 5
    assert session.get(Reservation, uuid.UUID(body["order_id"])).status == "released"


@pytest.mark.parametrize(
    ("event", "status", "detail"),
    [
        (holds.confirm_hold, "confirmed", "was placed: only its cancellation"),
        (holds.sell_hold, "sold", "is paid: its stock is sold"),
    ],
    ids=["placed", "paid"],
)
def test_releasing_a_placed_or_paid_order_is_a_409_that_gives_nothing_back(
    client, add_product, session, event, status, detail
):
    mug = add_product(stock=5)
    body = reservation(**{mug: 2})
    client.post("/reservations", json=body)
    order_id = uuid.UUID(body["order_id"])
    event(session, order_id=order_id)
    session.commit()

    response = client.delete(f"/reservations/{order_id}")

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert detail in response.json()["detail"]
    assert stock_of(client, mug) == 3
    session.expire_all()
    assert session.get(Reservation, order_id).status == status


def test_reserving_a_released_order_again_takes_nothing(client, add_product):
    mug = add_product(stock=5)
    body = reservation(**{mug: 2})
    client.post("/reservations", json=body)
    client.delete(f"/reservations/{body['order_id']}")

    response = client.post("/reservations", json=body)

    assert response.status_code == 200
    assert response.json()["status"] == "released"
    assert stock_of(client, mug) == 5


def test_releasing_an_order_never_reserved_is_a_204_that_leaves_a_tombstone(client, session):
    order_id = uuid.uuid4()

    response = client.delete(f"/reservations/{order_id}")

    assert response.status_code == 204
    tombstone = session.get(Reservation, order_id)
    assert (tombstone.status, tombstone.lines) == ("released", [])
    assert tombstone.released_at is not None  # dated like any release


def test_a_reserve_arriving_after_its_orders_release_takes_nothing(client, add_product):
    # orders gave up on its reserve (a timeout) and released; the reserve then reaches the catalog.
    mug = add_product(stock=5)
    body = reservation(**{mug: 2})
    client.delete(f"/reservations/{body['order_id']}")

    late = client.post("/reservations", json=body)

    assert late.status_code == 200
    assert (late.json()["status"], late.json()["lines"]) == ("released", [])
    assert stock_of(client, mug) == 5


def test_releasing_a_malformed_order_id_is_a_400(client):
    response = client.delete("/reservations/not-a-uuid")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "order_id"


def test_the_stock_column_never_goes_below_zero(session):
    # The check constraint is the last line of defence should a code path forget to check.
    sku = random_sku()
    session.add(Product(sku=sku, name="Mug", price_cents=1, stock=0))
    session.commit()

    session.get(Product, sku).stock = -1
    with pytest.raises(IntegrityError, match="stock_not_negative"):
        session.commit()


def test_the_status_column_takes_only_the_known_statuses(session):
    session.add(Reservation(order_id=uuid.uuid4(), status="kept"))

    with pytest.raises(IntegrityError, match="status_is_known"):
        session.commit()
